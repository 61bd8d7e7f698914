# collections.Counter: counting from an iterable, a mapping or keywords; missing keys give 0;
# most_common with ties in insertion order, update, subtract, elements, total, the operators, repr.
from collections import Counter

c = Counter("hello")
print(c)
print(c["l"], c["z"], "z" in c, len(c))
print(c.most_common(), c.most_common(1), c.most_common(0))
words = "the quick brown fox jumps over the lazy dog the end".split()
wc = Counter(words)
print(wc.most_common(3))
print(Counter(), Counter({"a": 3, "b": 1}), Counter(a=2, b=4), Counter(cats=4, dogs=8))
print(Counter("abracadabra").most_common(3))
c.update("lol")
print(c)
c.update({"h": 5})
c.update(e=10)
print(c)
c.subtract("ll")
c.subtract({"o": 5})
print(c)
print(c.total(), sum(c.values()))
print(sorted(Counter("aabbbc").elements()), list(Counter(a=2, b=0, c=-1, d=1).elements()))
a = Counter(a=3, b=1)
b = Counter(a=1, b=2)
print(a + b, a - b, a & b, a | b)
n = Counter(a=2, b=-4, c=0)
print(+n, -n)
del a["zz"]
del a["a"]
print(a, a.copy(), type(a.copy()).__name__)
print(Counter("aab") == Counter("aba"), Counter(a=1) == {"a": 1}, isinstance(c, dict))
inventory = Counter()
inventory["apples"] += 3
inventory["pears"] -= 1
print(inventory, dict(inventory))
print(Counter([1, 2, 2, 3, 3, 3]).most_common(2))
print(Counter("mississippi").most_common())
cc = Counter(x=1)
cc += Counter(x=2, y=-1)
print(cc)
cc -= Counter(x=1)
print(cc)
print(Counter({"a": 1}) + Counter(), Counter())
try:
    Counter.fromkeys("ab")
except NotImplementedError as e:
    print("NotImplementedError", e)
try:
    Counter(a=1) + {"a": 1}
except TypeError as e:
    print("TypeError", e)
try:
    Counter("a", "b")
except TypeError as e:
    print("TypeError", e)
print(Counter("banana").items(), list(Counter("banana").keys()))
x = Counter(a=3, b=1)
y = x
x += Counter(b=-5)
print(x, y is x)
x |= Counter(a=5, c=1)
print(x)
x &= Counter(a=2, c=4)
print(x, x is y)
x -= Counter(a=2)
print(x, len(x))
# Comparisons between Counters count a missing element as zero (3.10+); with a dict, dict's ==.
print(Counter(a=1) == Counter(a=1, b=0), Counter(a=1) != Counter(a=1, b=0), Counter(a=1) == {"a": 1, "b": 0})
print(Counter("ab") <= Counter("abc"), Counter("ab") < Counter("ab"), Counter("abc") >= Counter("ab"), Counter("abc") > Counter("abc"))
try:
    Counter("a") < {"a": 2}
except TypeError as e:
    print("TypeError", e)
