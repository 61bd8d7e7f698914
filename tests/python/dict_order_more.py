d = {}
for word in "the quick brown fox jumps over the lazy dog".split():
    d[word] = d.get(word, 0) + 1
print(d)
del d["quick"]
d["quick"] = 99
print(list(d), d.pop("fox"), d.pop("nope", "default"))
inventory = {"apples": 3, "pears": 0, "plums": 7}
in_stock = {k: v for k, v in inventory.items() if v}
print(in_stock, sorted(inventory, key=inventory.get), max(inventory, key=inventory.get))
merged = {**inventory, **{"pears": 5, "kiwis": 1}}
merged |= {"apples": 1}
print(merged, sorted(merged.keys() - {"kiwis"}), list(merged.values()))
grid = {(x, y): x * y for x in range(3) for y in range(3)}
print(grid[(2, 2)], len(grid), (1, 2) in grid, list(grid)[:4])
nested = {"a": {"b": {"c": 1}}}
nested["a"]["b"]["d"] = 2
print(nested, nested["a"]["b"].get("c"))
keys = list(d.keys())
for k in keys:
    if len(k) > 3:
        del d[k]
print(d)
try:
    for k in d:
        d["new"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
print(dict(zip(range(3), "abc")), dict.fromkeys(["x", "y"]), {1: "a", True: "b", 1.0: "c"})
