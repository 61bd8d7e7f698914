d = {"b": 2, "a": 1}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, 2 in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
d.update({"a": 10, "d": 4}); print(d)
print(d.pop("b"), d.setdefault("e", 5), d.setdefault("a", 99), d)
del d["c"]; print(d, d.popitem(), d)
for k, v in d.items():
    print(k, v)
print({k: v * 2 for k, v in d.items()}, dict(x=1, y=2), dict([("p", 1)]), dict.fromkeys("ab", 0))
print(sorted({3: "c", 1: "a"}.items()), {1: "a"} == {1: "a"}, {**d, "z": 26})
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
s = {3, 1, 2}
s.add(4); s.discard(10); s.remove(1)
print(s, len(s), 2 in s, {1, 2} | {2, 3}, {1, 2} & {2, 3}, {1, 2} - {2, 3}, {1, 2} ^ {2, 3})
print(set(), set([5, 5, 6]), frozenset([1, 2]), {1, 2} <= {1, 2, 3}, {x % 3 for x in range(10)})
print(sorted({"pear", "apple"}), set("aab") == {"a", "b"}, {1, 2, 3}.issubset({1, 2, 3, 4}))
print({10, 20, 30, 5, 100, 1000})
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e, repr(e))
