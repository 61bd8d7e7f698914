# collections.defaultdict: default_factory, __missing__, its repr, copy, and the errors.
from collections import defaultdict

d = defaultdict(list)
d["a"].append(1)
d["b"]
print(d)
print(d.default_factory, type(d).__name__, isinstance(d, dict), len(d), "a" in d, "z" in d)
words = ["apple", "avocado", "banana", "blueberry", "cherry"]
by_letter = defaultdict(list)
for w in words:
    by_letter[w[0]].append(w)
print(by_letter)
print(dict(by_letter))
counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(counts, sorted(counts.items()))
print(defaultdict(), defaultdict(None, {}))
nested = defaultdict(lambda: defaultdict(int))
nested["x"]["y"] += 2
print(nested["x"]["y"], dict(nested["x"]))
s = defaultdict(set, {"k": {1}})
s["k"].add(2)
s["j"].add(3)
print(s)
c = d.copy()
c["z"].append(9)
print(type(c).__name__, c.default_factory, c, d)
print(d.get("missing"), "missing" in d, d.get("a"))
d.default_factory = None
try:
    d["nope"]
except KeyError as e:
    print("KeyError", e)
kw = defaultdict(str, x="1", y="2")
print(kw, kw["w"] == "", list(kw))
print(d == {"a": [1], "b": []}, defaultdict(int, a=1) == defaultdict(list, a=1))
try:
    defaultdict(5)
except TypeError as e:
    print("TypeError", e)
print(d.pop("a"), d.setdefault("q", 7), d)
# | gives a defaultdict with the same default_factory, on either side; |= keeps it.
m = defaultdict(int, a=1)
print(m | {"b": 2}, {"z": 0} | m, type(m | {}).__name__)
m |= {"c": 3}
print(m, m["q"])
