# dataclasses as tutorials use them: generated __init__ (with CPython's argument errors),
# __repr__, __eq__, order=True, frozen=True, field(default_factory=...), and the helpers.
from dataclasses import dataclass, field, fields, asdict, astuple, replace, is_dataclass, FrozenInstanceError
from typing import ClassVar, List


@dataclass
class Point:
    x: int
    y: int = 0


p = Point(1, 2)
print(p, Point(3), Point(x=4, y=5), Point(y=1, x=2))
print(p == Point(1, 2), p == Point(2, 1), p != Point(1, 2), p == (1, 2))
print(Point.__init__ is not None, Point.y, Point.__match_args__, is_dataclass(p), is_dataclass(Point), is_dataclass(1))
print([f.name for f in fields(p)], [f.type for f in fields(Point)], fields(Point)[1].default)
print(asdict(p), astuple(p), replace(p, y=10), p)
try:
    hash(p)
except TypeError as e:
    print("TypeError:", e)


@dataclass
class Inventory:
    name: str
    unit_price: float
    quantity_on_hand: int = 0
    tags: list = field(default_factory=list)
    secret: str = field(default="s", repr=False)
    total: ClassVar[int] = 0

    def total_cost(self) -> float:
        return self.unit_price * self.quantity_on_hand


a = Inventory("widget", 3.0, 10)
b = Inventory("gadget", 1.5)
a.tags.append("new")
print(a, b, a.total_cost(), b.tags, Inventory.total, a.secret)
print(asdict(a))


@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    label: str = field(default="", compare=False)


vs = [Version(1, 2), Version(0, 9, "beta"), Version(1, 0), Version(1, 2, "rc")]
print(sorted(vs), Version(1, 2) < Version(1, 3), Version(2) >= Version(1, 9), Version(1, 2, "a") == Version(1, 2, "b"))
try:
    Version(1) < (1, 0)
except TypeError as e:
    print("TypeError:", e)


@dataclass(frozen=True)
class Frozen:
    a: int
    b: str = "x"


f = Frozen(1)
print(f, hash(f) == hash(Frozen(1, "x")), {f, Frozen(1)} == {Frozen(1)})
for action in (lambda: setattr(f, "a", 2), lambda: setattr(f, "c", 3), lambda: delattr(f, "b")):
    try:
        action()
    except FrozenInstanceError as e:
        print(type(e).__name__, e, isinstance(e, AttributeError))


@dataclass
class Base:
    id: int
    name: str = "base"


@dataclass
class Child(Base):
    extra: float = 1.0

    def __post_init__(self):
        self.doubled = self.extra * 2


c = Child(7, "kid", 2.5)
print(c, c.doubled, Child(1), [f.name for f in fields(Child)])


@dataclass
class WithRepr:
    v: int

    def __repr__(self):
        return "custom"


print(WithRepr(1), WithRepr(1) == WithRepr(1))


@dataclass(eq=False)
class NoEq:
    v: int


print(NoEq(1) == NoEq(1), hash(NoEq(1)) != 0)


@dataclass
class Empty:
    pass


print(Empty(), Empty() == Empty())

calls = [
    ("Point()", lambda: Point()),
    ("Point(1, 2, 3)", lambda: Point(1, 2, 3)),
    ("Point(1, z=2)", lambda: Point(1, z=2)),
    ("Point(1, x=2)", lambda: Point(1, x=2)),
    ("Inventory()", lambda: Inventory()),
    ("Inventory('a')", lambda: Inventory("a")),
    ("Frozen(1, 2, 3)", lambda: Frozen(1, 2, 3)),
    ("Empty(1)", lambda: Empty(1)),
    ("Version(1, 2, 'a', 4)", lambda: Version(1, 2, "a", 4)),
    ("Child()", lambda: Child()),
    ("fields(1)", lambda: fields(1)),
    ("asdict(Point)", lambda: asdict(Point)),
    ("field(default=1, default_factory=list)", lambda: field(default=1, default_factory=list)),
]
for text, call in calls:
    try:
        print(text, "->", call())
    except Exception as e:
        print(text, "->", type(e).__name__, e)

try:
    @dataclass
    class Bad:
        items: list = []
except ValueError as e:
    print("ValueError:", e)
try:
    @dataclass
    class Order:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)
try:
    @dataclass(order=True, eq=False)
    class Odd:
        a: int
except ValueError as e:
    print("ValueError:", e)


# What frozen=True rests on: a class's own __delattr__, and object.__delattr__.
class Guarded:
    def __delattr__(self, name):
        print("deleting", name)
        object.__delattr__(self, name)


g = Guarded()
g.x = 1
del g.x
print(hasattr(g, "x"))
try:
    del g.y
except AttributeError as e:
    print("AttributeError:", e)
