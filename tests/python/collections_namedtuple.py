# collections.namedtuple: fields from a string or a list, defaults, rename, _fields, _asdict,
# _replace, _make, repr, indexing, unpacking, equality with tuples, hashing, immutability, errors.
from collections import namedtuple

Point = namedtuple("Point", "x y")
p = Point(1, 2)
print(p, p.x, p.y, p[0], p[-1], p[:1], len(p))
x, y = p
print(x, y, p == (1, 2), (1, 2) == p, p != Point(2, 1), hash(p) == hash((1, 2)), isinstance(p, tuple))
print(Point._fields, Point.__name__, type(p).__name__, Point(x=3, y=4), Point(5, y=6))
print(p._asdict(), p._replace(x=10), Point._make([7, 8]), p)
Color = namedtuple("Color", "red, green, blue")
print(Color(255, 0, 0), Color._fields)
Emp = namedtuple("Emp", ["name", "age", "role"], defaults=["staff"])
e = Emp("Ann", 30)
print(e, Emp._field_defaults, Emp("Bob", 40, "boss"))
R = namedtuple("R", ["a", "def", "a", "_x"], rename=True)
print(R._fields, R(1, 2, 3, 4))
print(sorted([Point(2, 1), Point(1, 5), Point(1, 2)]), max(Point(1, 9), Point(2, 0)))
print({p: "origin"}[Point(1, 2)], p + (3,), p * 2, p.count(1), p.index(2), list(p), tuple(p))
print(repr(Point(x="a", y=[1])), str(Point(0.5, None)))
print(Point.x.__doc__ if hasattr(Point.x, "__doc__") else "")
for name, value in zip(p._fields, p):
    print(name, value)
try:
    p.x = 5
except AttributeError as e:
    print("AttributeError", e)
try:
    Point(1)
except TypeError as e:
    print("TypeError", e)
try:
    Point(1, 2, 3)
except TypeError as e:
    print("TypeError", e)
try:
    Point(1, 2, z=3)
except TypeError as e:
    print("TypeError", e)
try:
    Point(1, x=2)
except TypeError as e:
    print("TypeError", e)
try:
    Point()
except TypeError as e:
    print("TypeError", e)
try:
    Emp()
except TypeError as e:
    print("TypeError", e)
try:
    p._replace(z=1)
except ValueError as e:
    print("ValueError", e)
try:
    Point._make([1])
except TypeError as e:
    print("TypeError", e)
try:
    namedtuple("Bad", "x _y")
except ValueError as e:
    print("ValueError", e)
try:
    namedtuple("Bad", "x x")
except ValueError as e:
    print("ValueError", e)
try:
    namedtuple("Bad", "x class")
except ValueError as e:
    print("ValueError", e)
try:
    namedtuple("Bad", "x 1y")
except ValueError as e:
    print("ValueError", e)
class Point3(namedtuple("Point3", "x y z")):
    def norm1(self):
        return abs(self.x) + abs(self.y) + abs(self.z)
q = Point3(1, -2, 3)
print(q, q.norm1(), q._replace(z=0))
# A namedtuple's class has __slots__ = (): no other attribute can be set; a subclass without
# __slots__ has a __dict__.
try:
    p.z = 1
except AttributeError as e:
    print("AttributeError", e)
q.extra = "ok"
print(q.extra, P3 if False else Point._make(iter([3, 4])), list(map(Point._make, [(1, 2), (3, 4)])))
