# itertools as generator lectures and Real Python's asyncio tutorial use it: every tool, how
# much of its input each consumes, its repr, and the errors of the common mistakes.
import itertools as it
from itertools import count, islice, chain, cycle, takewhile, accumulate, groupby, zip_longest


def noisy(n):
    for i in range(n):
        print(f"  noisy yields {i}")
        yield i


# Real Python: "for _ in it.repeat(None, n)"
for _ in it.repeat(None, 3):
    print("tick")
print(list(it.repeat("x", 2)), list(it.repeat(1, 0)), list(it.repeat(1, -4)))
r = it.repeat(1, 3)
next(r)
print(repr(r), repr(it.repeat("a")), type(r).__name__, type(r))

c = count()
print(next(c), next(c), next(c), repr(c))
print(list(islice(count(10, 5), 4)), list(islice(count(0.5, 0.25), 3)))
print(repr(count(5)), repr(count(0, 2)), repr(count(1.5)), repr(count(0, 1.0)), repr(count(step=-1)))
c = count(2**70, -3)
print(next(c), repr(c))

print(list(islice("ABCDEFG", 2)), list(islice("ABCDEFG", 2, 4)), list(islice("ABCDEFG", 2, None)))
print(list(islice("ABCDEFG", 0, None, 2)), list(islice(range(10), 1, 8, 3)), list(islice([], 3)))
print("islice(noisy(5), 1, 3) takes exactly what it needs:")
s = islice(noisy(5), 1, 3)
print(next(s))
print(next(s))
print(next(s, "stop"))
print(next(s, "still stopped"))
g = noisy(4)
print(list(islice(g, 2)), "then", next(g))
print(list(islice(g, 0)), "then", next(g, "end"))

print(list(chain("ab", [1, 2], (), range(2))), list(chain()), list(chain.from_iterable(["xy", "z"])))
ch = chain([1], 5)
print(next(ch))
try:
    next(ch)
except TypeError as e:
    print("TypeError:", e)
print(list(islice(cycle("abc"), 7)), list(cycle([])))
cy = cycle(noisy(2))
print([next(cy) for _ in range(5)])

print(list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(it.dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(it.filterfalse(lambda x: x % 2, range(10))), list(it.filterfalse(None, [0, 1, "", "a", None])))
print(list(it.compress("ABCDEF", [1, 0, 1, 0, 1, 1])), list(it.compress("ABC", [1, 1, 1, 1, 1])))
tw = takewhile(lambda x: x < 2, noisy(5))
print(list(tw), list(tw))

print(list(accumulate([1, 2, 3, 4, 5])), list(accumulate([3, 4, 6, 2, 1, 9, 0, 7, 5, 8], max)))
print(list(accumulate([1, 2, 3], lambda a, b: a * b)), list(accumulate([1, 2, 3], initial=100)), list(accumulate([])))
print(list(accumulate([], initial=7)), list(accumulate(["a", "b", "c"])))

for key, group in groupby("AAAABBBCCDAABBB"):
    print(key, list(group))
print([(k, len(list(g))) for k, g in groupby([1, 3, 5, 2, 4, 7], key=lambda x: x % 2)])
groups = [(k, g) for k, g in groupby("aabbc")]
print([(k, list(g)) for k, g in groups])
gb = groupby(noisy(4), key=lambda x: x // 2)
k, g = next(gb)
print("key", k, next(g))
k, g2 = next(gb)
print("key", k, list(g), list(g2))
print(type(gb).__name__, type(g2).__name__)

print(list(zip_longest("ABCD", "xy", fillvalue="-")), list(zip_longest([1], [], [2, 3])), list(zip_longest()))
zl = zip_longest("a", "bc")
print(list(zl), list(zl))
print(list(it.pairwise("ABCDE")), list(it.pairwise("A")), list(it.starmap(pow, [(2, 5), (3, 2), [10, 3]])))

print(list(it.product("AB", "xy")), list(it.product(range(2), repeat=3))[:4], list(it.product()))
print(list(it.product("ab", [])), len(list(it.product("abc", repeat=2))))
print(list(it.permutations("ABC", 2)), list(it.permutations(range(3))))
print(list(it.permutations("AB", 3)), list(it.permutations([], 0)), list(it.permutations("AB", None)))
print(list(it.combinations("ABCD", 2)), list(it.combinations(range(4), 3)), list(it.combinations("AB", 3)))
print(list(it.combinations_with_replacement("ABC", 2)), list(it.combinations_with_replacement("", 0)))
print(list(it.combinations_with_replacement("", 2)), list(it.combinations("ABC", 0)))

a, b = it.tee(noisy(3))
print(next(a), next(a), next(b), list(a), list(b))
x, y, z = it.tee("ab", 3)
print(list(x), list(y), list(z), it.tee("ab", 0), type(x).__name__)
p, q = it.tee(x)
print(list(p), list(q))
e1, e2 = it.tee([1, 2, 3])
f1, f2 = it.tee(e1)
print(next(f1), list(f2), list(e1), list(e2))

print(iter(count()) is not None, type(chain.from_iterable([])).__name__, type(it.product()).__name__)
print(sum(1 for _ in islice(count(), 1000)), list(islice(zip(count(1), "abc"), 5)))

cases = [
    ("count('a')", lambda: count("a")),
    ("count(1, 2, 3)", lambda: count(1, 2, 3)),
    ("count(x=1)", lambda: count(x=1)),
    ("count(1, start=2)", lambda: count(1, start=2)),
    ("islice(range(3))", lambda: islice(range(3))),
    ("islice(range(3), -1)", lambda: islice(range(3), -1)),
    ("islice(range(3), 'a')", lambda: islice(range(3), "a")),
    ("islice(range(3), -2, 3)", lambda: islice(range(3), -2, 3)),
    ("islice(range(3), 1, 2, 0)", lambda: islice(range(3), 1, 2, 0)),
    ("islice(5, 2)", lambda: islice(5, 2)),
    ("islice([1], stop=2)", lambda: islice([1], stop=2)),
    ("repeat()", lambda: it.repeat()),
    ("repeat(1, 'a')", lambda: it.repeat(1, "a")),
    ("repeat(1, 2, 3)", lambda: it.repeat(1, 2, 3)),
    ("chain(x=1)", lambda: chain(x=1)),
    ("chain.from_iterable()", lambda: chain.from_iterable()),
    ("cycle(5)", lambda: cycle(5)),
    ("cycle()", lambda: cycle()),
    ("permutations([1], -1)", lambda: it.permutations([1], -1)),
    ("permutations([1], 'a')", lambda: it.permutations([1], "a")),
    ("permutations()", lambda: it.permutations()),
    ("combinations([1])", lambda: it.combinations([1])),
    ("combinations([1], -1)", lambda: it.combinations([1], -1)),
    ("combinations([1], 1.5)", lambda: it.combinations([1], 1.5)),
    ("combinations_with_replacement('ab', -1)", lambda: it.combinations_with_replacement("ab", -1)),
    ("product([1], repeat=-1)", lambda: it.product([1], repeat=-1)),
    ("product([1], foo=1)", lambda: it.product([1], foo=1)),
    ("product(5)", lambda: it.product(5)),
    ("zip_longest([1], foo=1)", lambda: zip_longest([1], foo=1)),
    ("zip_longest(5)", lambda: zip_longest(5)),
    ("tee([1], -1)", lambda: it.tee([1], -1)),
    ("tee()", lambda: it.tee()),
    ("tee([1], n=2)", lambda: it.tee([1], n=2)),
    ("tee(5)", lambda: it.tee(5)),
    ("accumulate()", lambda: accumulate()),
    ("accumulate([1], foo=2)", lambda: accumulate([1], foo=2)),
    ("accumulate([1], None, None)", lambda: accumulate([1], None, None)),
    ("list(accumulate([1, 'a']))", lambda: list(accumulate([1, "a"]))),
    ("groupby()", lambda: groupby()),
    ("starmap(pow)", lambda: it.starmap(pow)),
    ("list(starmap(pow, [1]))", lambda: list(it.starmap(pow, [1]))),
    ("takewhile(bool)", lambda: takewhile(bool)),
    ("dropwhile()", lambda: it.dropwhile()),
    ("filterfalse(None)", lambda: it.filterfalse(None)),
    ("compress([1])", lambda: it.compress([1])),
    ("pairwise()", lambda: it.pairwise()),
    ("pairwise(1)", lambda: it.pairwise(1)),
]
for text, make in cases:
    try:
        print(text, "->", make())
    except Exception as e:
        print(text, "->", type(e).__name__, e)
