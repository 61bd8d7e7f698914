def averager():
    total, count = 0.0, 0
    average = None
    while True:
        try:
            value = yield average
        except ValueError:
            print("reset requested")
            total, count, average = 0.0, 0, None
            continue
        total += value
        count += 1
        average = total / count
avg = averager()
print(next(avg), avg.send(10), avg.send(20), avg.send(30))
print(avg.throw(ValueError), avg.send(5))
avg.close()
try:
    avg.send(1)
except StopIteration:
    print("closed generator raises StopIteration")
def cleanup():
    try:
        yield "working"
    except GeneratorExit:
        print("got GeneratorExit")
        raise
    finally:
        print("finally on close")
g = cleanup()
print(next(g))
g.close()
print(g.gi_running if hasattr(g, "gi_running") else None)
def ignore_exit():
    while True:
        try:
            yield
        except GeneratorExit:
            print("ignoring exit")
bad = ignore_exit()
next(bad)
try:
    bad.close()
except RuntimeError as e:
    print("RuntimeError:", e)
def raises_stop():
    yield 1
    raise StopIteration("oops")
try:
    list(raises_stop())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))
def fresh():
    yield 1
try:
    fresh().send("x")
except TypeError as e:
    print("TypeError:", e)
def inner():
    try:
        yield 1
        yield 2
    except KeyError:
        yield "inner caught"
    return "inner done"
def outer():
    result = yield from inner()
    yield f"outer got {result}"
o = outer()
print(next(o), o.throw(KeyError), next(o), next(o, "exhausted"))
