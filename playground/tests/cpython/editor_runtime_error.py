def last(values, n):
    return values[n]

print(last([1, 2], 1))
print(last([1, 2], 5))
