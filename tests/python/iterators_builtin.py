it = iter([10, 20, 30])
print(next(it), next(it), next(it), next(it, "end"))
e = enumerate("xyz", 1)
print(next(e), list(e))
z = zip("ab", [1, 2, 3])
print(list(z), list(z))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as err:
    print("ValueError:", err)
m = map(lambda x: x * 10, range(3))
print(list(m), list(m))
r = reversed([1, 2, 3])
print(next(r), list(r))
counter = iter(range(5))
print([x for x in counter if x % 2], list(counter))
calls = [0]
def tick():
    calls[0] += 1
    return calls[0]
print(list(iter(tick, 4)))
class Fib:
    def __init__(self, limit):
        self.limit = limit
    def __iter__(self):
        a, b = 0, 1
        while a < self.limit:
            yield a
            a, b = b, a + b
f = Fib(30)
print(list(f), list(f), 13 in f, sum(f))
print(list(range(3)) == [0, 1, 2], range(5)[::-1], list(range(5)[::-2]), len(range(0, 100, 7)))
