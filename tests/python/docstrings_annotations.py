# Docstrings (__doc__) and annotations (__annotations__) of modules, classes and functions; functools.wraps.
"""Module doc."""
x: int = 5
y: str
print(__doc__, __annotations__)
class P:
    """A point."""
    x: int = 0
    y: "float"
    def m(self, a: int, *args: str, b: bool = True, **kw: dict) -> None:
        "m doc"
print(P.__doc__, P.__annotations__, P.m.__doc__, P.m.__annotations__, P().m.__doc__)
class Q:
    pass
print(Q.__doc__)
def f(): pass
print(f.__doc__, f.__annotations__, f.__name__)
import functools
def deco(fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        """wrapper doc"""
        return fn(*a, **k)
    return wrapper
@deco
def g(n: int) -> int:
    """g doc"""
    return n
print(g.__name__, g.__doc__, g.__annotations__, g(3), g.__wrapped__.__name__)
def h():
    v: int = 3
    return v
print(h())
