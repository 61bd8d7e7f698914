def get_odds(n):
    """Return odd numbers up to n"""
    i = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        yield i

def get_every_two_odds(odds):
    i = 0
    for o in odds:
        if i % 2 == 0:
            yield o
        i += 1

nums = get_every_two_odds(get_odds(${n}))
for call in range(${calls}):
    print(next(nums))    # returns 1, then 5, then 9, ...
