# Subclasses of dict, list and tuple: what the class leaves out is the built-in's (len, in, [], repr,
# ==, <, +, hash, the methods), what it defines wins, and a dict subclass's __missing__ answers missing keys.
class MyDict(dict):
    def describe(self):
        return f"{len(self)} keys: {list(self)}"
d = MyDict(a=1)
d["b"] = 2
print(d, len(d), "a" in d, d["a"], d.get("z", 0), d.describe(), isinstance(d, dict), type(d).__name__)
print(list(d.items()), d == {"a": 1, "b": 2}, {"a": 1, "b": 2} == d, dict(d), {**d}, bool(MyDict()))
del d["a"]
print(d, d.pop("b"), d, d.copy(), type(d.copy()))
try:
    hash(d)
except TypeError as e:
    print(e)
class Default(dict):
    def __missing__(self, key):
        print("missing", key)
        return key * 2
dd = Default(x=1)
print(dd["x"], dd["ab"], dd.get("q"), "ab" in dd, dd)
class Upper(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k.upper(), v)
    def __getitem__(self, k):
        return super().__getitem__(k.upper())
u = Upper()
u["a"] = 1
print(u, u["a"], u.setdefault("b", 3), u)
class Init(dict):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.extra = "e"
i = Init([("k", 1)], z=2)
print(i, i.extra)
class Stack(list):
    def push(self, x):
        self.append(x)
s = Stack([1, 2])
s.push(3)
print(s, s[0], s[-1], s[1:], len(s), s + [4], sorted(s, reverse=True), s == [1, 2, 3], isinstance(s, list))
class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    def swap(self):
        return Pair(self[1], self[0])
p = Pair(1, 2)
x, y = p
print(p, x, y, p.swap(), p == (1, 2), p < (1, 3), hash(p) == hash((1, 2)), len(p), p + (3,), p.count(1), p.index(2), type(p))
class T(tuple):
    pass
t = T([1, 2])
print(t, T(), t[::-1], {t: 1}, tuple.__new__(T, "ab"))
try:
    class Bad(dict, list):
        pass
except TypeError as e:
    print(e)
# In-place operators of the built-in base keep the instance (list.__iadd__, dict.__ior__).
s2 = Stack([1])
alias = s2
s2 += [2, 3]
s2 *= 2
print(s2, type(s2).__name__, alias is s2)
m2 = MyDict(a=1)
m2 |= {"b": 2}
print(m2, type(m2).__name__, m2.describe(), list(reversed(m2)), list(reversed(Stack([1, 2]))))
# The built-in's __setitem__ and __delitem__, called from a subclass that defines its own.
class Logged(dict):
    def __delitem__(self, key):
        print("del", key)
        dict.__delitem__(self, key)
lg = Logged(a=1, b=2)
del lg["a"]
print(lg)
class Checked(list):
    def __setitem__(self, i, v):
        list.__setitem__(self, i, v * 10)
    def __delitem__(self, i):
        super().__delitem__(i)
ck = Checked([1, 2, 3])
ck[0] = 5
del ck[1]
print(ck)
