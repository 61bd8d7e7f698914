x = 10
if x > 5:
    print("big")
elif x > 2:
    print("medium")
elif x:
    pass
else:
    print("small")

while x > 0:
    x -= 1
    if x == 5:
        continue
    if x == 2:
        break
else:
    print("no break")

for i in range(3):
    for j in range(3):
        if i == j:
            break
    else:
        continue
    print(i, j)
else:
    print("done")

for i, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(i, a, b)

for [a, *rest] in [[1, 2, 3]]:
    print(a, rest)

if x: print("one-liner"); print("two")
while False: pass
for _ in (): pass
else: pass

if (n := len("hello")) > 3:
    print(n)

result = "yes" if x else "no" if x is None else "maybe"
print(not x, x and not x or x, -x, +x, ~x, x ** -1)
class AppError(Exception):
    pass


def risky(n):
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        raise AppError
    if n == 1:
        raise AppError("one") from None
    return n


for n in (-1, 0, 1, 2):
    try:
        risky(n)
    except ValueError as exc:
        print("value", exc)
    except (AppError, TypeError) as exc:
        print("app", repr(exc))
    except Exception:
        print("other")
        raise
    else:
        print("fine")
    finally:
        print("finally")

try:
    pass
finally:
    print("cleanup")

try:
    {}["missing"]
except KeyError as e:
    try:
        raise RuntimeError("wrapped") from e
    except RuntimeError:
        pass
except:
    raise

try:
    import nonexistent
except ImportError:
    nonexistent = None
else:
    pass

assert n == 2
assert isinstance(n, int), f"unexpected {n!r}"
counter = 0


def increment():
    global counter
    counter += 1


def outer():
    x = 1
    y = 2

    def inner():
        nonlocal x, y
        x += 1
        y = x * 2
        return x, y

    def deeper():
        def deepest():
            nonlocal x
            x = 10
        deepest()
        return x

    return inner(), deeper()


class Config:
    debug = False

    def toggle(self):
        global counter
        Config.debug = not self.debug
        counter = 0


def make_counter():
    count = 0

    def step():
        nonlocal count
        count += 1
        return count

    return step


increment()
print(outer(), counter, make_counter()())
matrix = [[i * j for j in range(4)] for i in range(4)]
flat = [x for row in matrix for x in row if x if x % 2 == 0]
squares = {x: x ** 2 for x in range(10) if x > 3}
unique = {c.lower() for c in "Hello World" if c.isalpha()}
gen = (a + b for a, b in zip(range(3), range(3, 6)))
nested = [[y for y in range(x)] for x in range(5)]
tuples = [(i, j) for i in range(3) for j in range(i)]
starred = [*range(3), *"ab"]
with_walrus = [y for x in range(10) if (y := x * 2) > 5]
conditional = [x if x > 0 else -x for x in (-1, 2, -3)]
dict_of_lists = {k: [v for v in vs] for k, *vs in [("a", 1, 2), ("b", 3)]}
print(sum(x for x in range(10)), max((len(w) for w in "a bb ccc".split()), default=0))
print(sorted(unique), list(gen), flat, squares, nested, tuples, starred, with_walrus)
print({**squares, 100: 1}, [*matrix[0]], {*unique, "z"}, conditional, dict_of_lists)
import asyncio


async def ticker(delay, to):
    """Yield numbers from 0 to `to` every `delay` seconds."""
    for i in range(to):
        yield i
        await asyncio.sleep(delay)


class AsyncRange:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i - 1


class Resource:
    async def __aenter__(self):
        print("acquire")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print("release", exc_type)
        return False


async def main():
    async for i in ticker(0.01, 3):
        print(i)
    else:
        print("ticker done")
    squares = [i * i async for i in AsyncRange(5) if i]
    evens = {i async for i in AsyncRange(6) if i % 2 == 0}
    pairs = {i: await asyncio.sleep(0, result=i) async for i in AsyncRange(3)}
    lazy = (i async for i in AsyncRange(2))
    print(squares, evens, pairs, [x async for x in lazy])
    async with Resource() as r, Resource():
        print(type(r).__name__)


asyncio.run(main())
import asyncio
import random


async def producer(queue: asyncio.Queue, n: int) -> None:
    for i in range(n):
        item = (i, random.random())
        await queue.put(item)
        print(f"produced {item[0]}")
    await queue.put(None)  # the sentinel: no more items


async def consumer(queue: asyncio.Queue, name: str) -> int:
    handled = 0
    while (item := await queue.get()) is not None:
        number, value = item
        await asyncio.sleep(value / 10)
        print(f"{name} consumed {number}: {value=:.3f}")
        handled += 1
        queue.task_done()
    queue.task_done()
    return handled


async def main():
    queue = asyncio.Queue(maxsize=3)
    results = await asyncio.gather(producer(queue, 10), consumer(queue, "c1"))
    await queue.join()
    print("handled", results[1], "items")


if __name__ == "__main__":
    asyncio.run(main())
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
def no_args():
    pass


def positional(a, b, c=3, d=4):
    return a + b + c + d


def posonly(a, b, /, c, d=1, *, e, f=2, **rest):
    return a, b, c, d, e, f, rest


def posonly_defaults(a=1, b=2, /, c=3):
    return a, b, c


def only_slash(a, /):
    return a


def star_args(*args, key=None, **kwargs):
    return args, key, kwargs


def bare_star(*, a, b=2, c):
    return a + b + c


def annotated(x: int, y: "str" = "y", *args: float, z: list[int] = [], **kw: dict) -> tuple[int, ...]:
    return (x,)


def star_annotation(*args: *tuple[int, ...]):
    return args


def trailing_comma(
    a,
    b=1,
    *c,
    d,
    **e,
):
    return locals()


print(positional(1, 2), posonly(1, 2, 3, e=5), star_args(1, 2, key=3, x=4))
print(posonly_defaults(), only_slash(1), bare_star(a=1, c=3), annotated(1))
print(positional(*[1, 2], **{"c": 0}), star_args(*(1,), *[2], k=1, **{"j": 2}, l=3))
f = lambda: 0
g = lambda x, y=2, /, z=3, *args, w, **kw: (x, y, z, args, w, kw)
h = lambda *, k: k
i = lambda *a, **k: (a, k)
print(f(), g(1, w=0), h(k=1), i(1, b=2))
import contextlib


@contextlib.contextmanager
def managed(name):
    print("enter", name)
    try:
        yield name.upper()
    finally:
        print("exit", name)


with managed("a"):
    pass

with managed("a") as a, managed("b") as b:
    print(a, b)

with (managed("c") as c, managed("d") as d):
    print(c, d)

with (
    managed("e") as e,
    managed("f"),
):
    print(e)

with (managed("g")) as g:
    print(g)

with managed("h") as (h1, h2):
    pass

with managed("i") as obj.attr, managed("j") as items[0]:
    pass

with open(__file__) as source, contextlib.suppress(ValueError):
    first = source.readline()
import asyncio

counter = 0
lock = asyncio.Lock()


async def increment(times):
    global counter
    for _ in range(times):
        async with lock:
            value = counter
            await asyncio.sleep(0)
            counter = value + 1


async def waiter(event: asyncio.Event, name):
    print(name, "waiting")
    await event.wait()
    print(name, "woke up")


async def main():
    await asyncio.gather(*(increment(100) for _ in range(5)))
    assert counter == 500, f"lost updates: {counter}"

    event = asyncio.Event()
    waiters = [asyncio.create_task(waiter(event, f"w{i}")) for i in range(3)]
    await asyncio.sleep(0.1)
    event.set()
    await asyncio.wait(waiters, return_when=asyncio.ALL_COMPLETED)

    sem = asyncio.Semaphore(2)
    async def limited(i):
        async with sem:
            await asyncio.sleep(0.01)
            return i * i
    print(sorted(await asyncio.gather(*map(limited, range(6)))))


asyncio.run(main())
