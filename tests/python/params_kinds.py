def pos_only(a, b, /, c, *, d):
    return a, b, c, d
print(pos_only(1, 2, 3, d=4), pos_only(1, 2, c=3, d=4))
try:
    pos_only(1, b=2, c=3, d=4)
except TypeError as e:
    print(e)
try:
    pos_only(1, 2, 3, 4)
except TypeError as e:
    print(e)
def star(*args, sep="-", **opts):
    return sep.join(map(str, args)), sorted(opts)
print(star(1, 2, 3), star(sep="+"), star(1, x=1, y=2))
def forward(*a, **k):
    return star(*a, **k)
print(forward(4, 5, sep="/", z=0))
args = (1, 2)
kwargs = {"c": 3, "d": 4}
print(pos_only(*args, **kwargs))
def defaults(a, b=[], c={}):
    b.append(a)
    c[a] = len(b)
    return b, c
print(defaults(1), defaults(2))
print((lambda x, /, y=2, *r, z, **kw: (x, y, r, z, kw))(1, 2, 3, z=4, w=5))
try:
    star(**{1: 2})
except TypeError as e:
    print(e)
