def my_range_1(n):
    nums = []
    i = 0
    while i < n:
        nums.append(i)
        i += 1
    return nums

def my_range_2(n):
    i = 0
    while i < n:
        yield i
        i += 1

n = ${n}

nums = my_range_1(n)    # the whole list, before the first number
print(len(nums), "numbers in a list:", nums[:3], "...")

nums = my_range_2(n)

print(nums)
# Prints something like <generator object my_range_2 at 0x7f4f480c4410>

print(next(nums))    # returns 0
print(next(nums))    # returns 1
