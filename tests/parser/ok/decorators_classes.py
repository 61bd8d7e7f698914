import functools


def trace(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print(f"calling {func.__name__}")
        return func(*args, **kwargs)
    return wrapper


def repeat(times=2):
    def decorate(func):
        return func
    return decorate


@trace
@repeat(times=3)
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class Base:
    count: int = 0

    def __init__(self, name):
        self.name = name
        Base.count += 1

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class Meta(type):
    pass


@dataclass_like
class Point(Base, metaclass=Meta, extra=1):
    """A point."""

    x: float
    y: float = 0.0

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    @norm.setter
    def norm(self, value):
        raise AttributeError("read-only")

    @staticmethod
    def origin():
        return Point("origin")

    @classmethod
    def named(cls, name):
        return cls(name)

    async def save(self):
        return self


class Empty: ...


class Child(Point,):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


@(lambda cls: cls)
class Decorated:
    pass


@x[0].y
def weird():
    pass
