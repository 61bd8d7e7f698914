class AppError(Exception):
    pass
class DetailedError(AppError):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        raise DetailedError("detail", 42)
    if n == 2:
        return 1 / 0
    if n == 3:
        return [][1]
    if n == 4:
        return {}["k"]
    if n == 5:
        return undefined_name
    if n == 6:
        return int("abc")
    if n == 7:
        return None.attr
    if n == 8:
        return "a" + 1
    return n
for n in range(10):
    try:
        print("ok", risky(n))
    except AppError as e:
        print("app error:", type(e).__name__, e, e.code, e.args)
    except (ZeroDivisionError, LookupError) as e:
        print("lookup/zero:", type(e).__name__, e)
    except Exception as e:
        print("other:", type(e).__name__, e)
    else:
        print("no error for", n)
    finally:
        print("finally", n)
def f():
    try:
        return "try"
    finally:
        print("cleanup runs before return")
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("finally in loop", i)
g()
try:
    try:
        raise KeyError("inner")
    except KeyError:
        raise RuntimeError("outer")
except RuntimeError as e:
    print(repr(e), repr(e.__context__), e.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise ValueError("converted") from z
except ValueError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
try:
    raise
except RuntimeError as e:
    print("bare raise:", e)
def reraiser():
    try:
        raise TypeError("again")
    except TypeError:
        print("handling")
        raise
try:
    reraiser()
except TypeError as e:
    print("re-raised", e)
print(repr(ValueError()), repr(ValueError("a", 1)), str(ValueError("a", 1)), str(KeyError("k")))
assert 1 + 1 == 2
try:
    assert 1 > 2, "math is broken"
except AssertionError as e:
    print("assert:", e)
e = None
try:
    raise ValueError("x")
except ValueError as e:
    pass
print("e deleted:", "e" in dir())
