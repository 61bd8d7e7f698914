def is_divisor(n):
    while True:
        x = yield
        yield n % x == 0

d = is_divisor(${n})
for x in ${xs}:
    print(next(d))       # returns None: d now waits at x = yield
    print(d.send(x))     # returns whether x divides n
