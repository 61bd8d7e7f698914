# Assigning to a namedtuple's field is CPython's uncaught AttributeError, with its traceback.
from collections import namedtuple

Point = namedtuple("Point", ["x", "y"])
p = Point(1, 2)
print(p)
p.x = 5
