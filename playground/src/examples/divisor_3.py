def is_divisor(n):
    cnt = -1
    x = 1
    while True:
        divisible = False
        if n % x == 0:
            cnt += 1
            divisible = True
        x = yield (divisible, cnt)

d = is_divisor(${n})
print(next(d))           # the slide says "this would return True"; it returns (True, 0)
for x in ${xs}:
    print(d.send(x))     # returns (divisible, how many divisors so far)
