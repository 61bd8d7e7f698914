# collections.OrderedDict: move_to_end, popitem, its repr, order-sensitive equality between
# OrderedDicts, and equality with a dict regardless of order.
from collections import OrderedDict

od = OrderedDict()
print(od, repr(od))
od["a"] = 1
od["b"] = 2
od["c"] = 3
print(od, list(od), list(od.items()), len(od))
od.move_to_end("a")
print(od)
od.move_to_end("c", last=False)
print(od)
print(od.popitem(), od)
print(od.popitem(last=False), od)
o1 = OrderedDict([("x", 1), ("y", 2)])
o2 = OrderedDict([("y", 2), ("x", 1)])
print(o1 == o2, o1 == {"y": 2, "x": 1}, {"y": 2, "x": 1} == o1, dict(o1) == dict(o2), o1 != o2)
print(OrderedDict(a=1, b=2), OrderedDict({"k": "v"}), OrderedDict.fromkeys("ab"), OrderedDict.fromkeys("ab", 0))
c = o1.copy()
c["z"] = 0
print(type(c).__name__, c, o1)
cache = OrderedDict()
for key in ["a", "b", "c", "a", "d"]:
    if key in cache:
        cache.move_to_end(key)
    cache[key] = True
    if len(cache) > 3:
        cache.popitem(last=False)
print(list(cache))
print(isinstance(od, dict), o1["x"], o1.get("q"), list(reversed(o1)))
del o1["x"]
print(o1, o1.pop("y"), o1)
try:
    OrderedDict().popitem()
except KeyError as e:
    print("KeyError", e)
try:
    od.move_to_end("nope")
except KeyError as e:
    print("KeyError", e)
try:
    o1["nope"]
except KeyError as e:
    print("KeyError", e)
o3 = OrderedDict([("n", [1, 2])])
print(o3, str(o3))
o3.update(m=3)
o3.setdefault("p", 4)
print(o3, list(o3.keys()), list(o3.values()))
# Its views print as odict_keys, odict_values and odict_items, and follow the OrderedDict.
v = OrderedDict(b=2, a=1)
keys, items = v.keys(), v.items()
print(keys, v.values(), items, len(keys), "a" in keys, ("a", 1) in items, list(reversed(keys)))
v.move_to_end("b")
v["c"] = 3
print(keys, items, keys == {"a", "b", "c"}, keys & {"a", "z"}, list(v.values()))
for k in v.keys():
    print(k, v[k])
# | gives an OrderedDict, on either side; |= keeps it.
w = OrderedDict(a=1)
print(w | {"b": 2}, {"z": 0} | w)
w |= {"c": 3}
print(w, type(w).__name__)
