compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
print({k: f(6, 3) for k, f in ops.items()})
pairs = [(1, "one"), (3, "three"), (2, "two")]
print(sorted(pairs, key=lambda p: p[1]), list(map(lambda p: p[0] ** 2, pairs)))
print(list(filter(lambda s: len(s) > 3, ["a", "abcd", "xyz", "hello"])))
def apply_n(f, n):
    def run(x):
        for _ in range(n):
            x = f(x)
        return x
    return run
print(apply_n(dbl, 10)(1), apply_n(lambda s: s + "!", 3)("hi"))
adders = [lambda x, n=n: x + n for n in range(3)]
print([a(10) for a in adders])
print((lambda: "no args")(), (lambda *a, **k: (a, k))(1, b=2), (lambda x=1: x)())
from functools import reduce
print(reduce(lambda acc, x: acc + [acc[-1] + x], [1, 2, 3, 4], [0]))
