def my_range(n):
    i = 0
    while i < n:
        yield i
        i += 1
g = my_range(3)
print(g.__class__.__name__, next(g), next(g), next(g), next(g, "done"))
try:
    next(g)
except StopIteration:
    print("StopIteration")
def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received}"
e = echo()
print(e.send(None), e.send(1), e.send("two"))
e.close()
def with_return():
    yield 1
    return "result"
w = with_return()
next(w)
try:
    next(w)
except StopIteration as s:
    print("returned", s.value)
def delegate():
    r = yield from with_return()
    print("delegate got", r)
    yield from [10, 20]
print(list(delegate()))
def catcher():
    while True:
        try:
            yield
        except ValueError as e:
            print("caught inside:", e)
c = catcher(); next(c)
c.throw(ValueError("boom"))
c.throw(ValueError("again"))
def closer():
    try:
        yield 1
    finally:
        print("generator closed")
cl = closer(); next(cl); cl.close()
print(sum(x * x for x in range(10)), list(x for x in "abc"), max(len(w) for w in ["a", "bbb"]))
squares = (n * n for n in range(4))
print(next(squares), list(squares), list(squares))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(2))))
import inspect
def gen2():
    yield 1
gg = gen2()
print(inspect.getgeneratorstate(gg)); next(gg)
print(inspect.getgeneratorstate(gg)); next(gg, None)
print(inspect.getgeneratorstate(gg))
print(type(my_range(1)), repr(iter([1]))[:15], repr(iter((1,)))[:16], iter(range(3)).__class__.__name__)
