def is_divisor(n):
    x = 1
    while True:
        divisible = False
        if n % x == 0:
            divisible = True
        x = yield divisible

d = is_divisor(${n})
print(next(d))           # this would return True
for x in ${xs}:
    print(d.send(x))     # returns whether x divides n
