def f(a, b, c=3, *, d, e=5):
    return a, b, c, d, e
tests = [
    lambda: f(1, 2, d=4),
    lambda: f(1),
    lambda: f(1, 2),
    lambda: f(1, 2, 3, 4, d=1),
    lambda: f(1, 2, d=4, z=9),
    lambda: f(1, 2, a=1, d=4),
    lambda: f(),
    lambda: len(1, 2),
    lambda: len(5),
    lambda: int("x"),
    lambda: int([1]),
    lambda: "x".join([1, 2]),
    lambda: [].pop(),
    lambda: {}.popitem(),
    lambda: (1, 2).index(3),
    lambda: [1].remove(2),
    lambda: "abc"[10],
    lambda: [1, 2][3],
    lambda: {"a": 1}["b"],
    lambda: 1 / 0,
    lambda: 1 // 0,
    lambda: 1 % 0,
    lambda: 1.0 / 0,
    lambda: 2.0 ** 10000,
    lambda: float("abc"),
    lambda: [1, 2] + (3,),
    lambda: "a" * "b",
    lambda: 1 < "a",
    lambda: -"x",
    lambda: sum(["a", "b"]),
    lambda: max([]),
    lambda: min(),
    lambda: abs("x"),
    lambda: chr(-1),
    lambda: ord("ab"),
    lambda: hash([]),
    lambda: {[]: 1},
    lambda: iter(5),
    lambda: next([]),
    lambda: sorted([1, "a"]),
    lambda: range(1.5),
    lambda: [1, 2, 3][1:2:0],
    lambda: "%d" % "x",
    lambda: "{}{}".format(1),
    lambda: round("x"),
    lambda: divmod(1, 0),
]
for i, t in enumerate(tests):
    try:
        print(i, "->", t())
    except Exception as e:
        print(i, type(e).__name__ + ":", e)
a, b = 1, 2
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    a, b, c = (1, 2)
except ValueError as e:
    print(e)
try:
    a, b = 5
except TypeError as e:
    print(e)
try:
    x, *y, z = [1]
except ValueError as e:
    print(e)
