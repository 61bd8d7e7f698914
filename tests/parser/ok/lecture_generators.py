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

nums = my_range_2(100)

print(nums)
# Prints something like <generator object my_range_2 at 0x7f4f480c4410>

next(nums)    # returns 0
next(nums)    # returns 1

def get_odds(n):  
    """Return odd numbers up to n"""  
    i = 0  
    while i < n:  
        i += 1  
        if i % 2 == 0:  
            continue  
        yield i  
  
o = get_odds(100)  
next(o) # returns 1  
next(o) # returns 3  

def get_every_two_odds(odds):  
    i = 0  
    for o in odds:  
        if i % 2 == 0:  
            yield o  
        i += 1  
  
nums = get_every_two_odds(get_odds(100))  
next(nums) # returns 1  
next(nums) # returns 5  
next(nums) # returns 9
