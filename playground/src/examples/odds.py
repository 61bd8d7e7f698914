def get_odds(n):
    """Return odd numbers up to n"""
    i = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        yield i

o = get_odds(${n})
for call in range(${calls}):
    print(next(o))    # returns 1, then 3, ...
