# A `for` loop, `yield from` and the built-ins that consume a generator resume its frame in
# the evaluation loop itself: what they must keep exactly as CPython does.
import inspect


def numbers(n):
    for i in range(n):
        sent = yield i
        if sent is not None:
            print("numbers got", sent)
    return "numbers done"


def delegate():
    result = yield from numbers(3)
    print("yield from returned", result)
    last = yield from [10, 20]
    return last


for v in delegate():
    print("for got", v)

it = delegate()
print(next(it), it.send("a"), it.send("b"))
try:
    it.throw(ValueError("thrown into the delegate"))
except ValueError as e:
    print("came back out:", e, inspect.getgeneratorstate(it))


def running():
    yield me.gi_running
    yield next(me)


me = running()
try:
    for v in me:
        print("gi_running inside:", v)
except ValueError as e:
    print("ValueError:", e)


def stops():
    yield 1
    raise StopIteration("inside")


try:
    print(list(stops()))
except RuntimeError as e:
    print("RuntimeError:", e, repr(e.__cause__))


def endless(n):
    yield n
    yield from endless(n + 1)


try:
    for v in endless(0):
        pass
except RecursionError as e:
    print("RecursionError:", e, v > 900)


def cleanup():
    try:
        yield 1
        yield 2
    finally:
        print("finally runs")


for v in cleanup():
    print("took", v)
    break
c = cleanup()
for v in c:
    print("took", v)
    break
c.close()
print(inspect.getgeneratorstate(c))


def catches():
    while True:
        try:
            yield
        except KeyError:
            print("caught KeyError")


def outer():
    yield from catches()


o = outer()
next(o)
o.throw(KeyError)
for i, v in enumerate(x * 2 for x in range(3)):
    print(i, v)
    if i == 1:
        print(o.throw(KeyError))

print(sum(x * 2 for x in (y + 1 for y in range(1000)) if x % 3))
print(sum(x for x in range(10) if x % 2), any(x > 2 for x in range(4)), all(x < 2 for x in range(4)))
print(sorted(x for x in (3, 1, 2)), tuple(y for y in (x for x in range(3))))
g = (x for x in range(3))
print(next(g), list(g), list(g))
print(-7 % 3, 7 % -3, -7 // 2, 7 // -2, -9223372036854775808 // -1, -9223372036854775808 % -1, 6 & 3, 5 | 3, 5 ^ 3, -5 & 3)


def fails():
    yield 1
    1 / 0


def through():
    yield from fails()


def total():
    return sum(through())


total()
