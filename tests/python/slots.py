# __slots__: when every class of the MRO declares it, an instance gets only the names listed;
# a subclass without __slots__ has a __dict__ again, and '__dict__' in the slots allows any name.
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
p.x = 10
print(p.x, p.y)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError", e)


class Named(Point):
    __slots__ = "name"


n = Named(1, 2)
n.name = "n"
print(n.name, n.x)
try:
    n.other = 1
except AttributeError as e:
    print("AttributeError", e)


class Free(Point):
    pass


f = Free(3, 4)
f.anything = 5
print(f.anything, f.x)


class Open:
    __slots__ = ("a", "__dict__")


o = Open()
o.a = 1
o.b = 2
print(o.a, o.b)


class Empty:
    __slots__ = ()


try:
    Empty().x = 1
except AttributeError as e:
    print("AttributeError", e)
