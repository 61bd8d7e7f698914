def compute(values):
    totl = 0
    for v in values:
        totl += v
    return total
numbers = [1, 2, 3]
print(compute(numbres))
