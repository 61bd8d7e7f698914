def f():
    try:
        return "from try"
    finally:
        return "from finally"
print(f())
def g():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            if i < 2:
                continue
            break
    return "loop ended"
print(g())
def h():
    try:
        try:
            raise KeyError("first")
        finally:
            print("inner finally")
    except KeyError as e:
        print("outer caught", repr(e))
    else:
        print("no else")
    finally:
        print("outer finally")
h()
def nested():
    try:
        1 / 0
    except ZeroDivisionError:
        try:
            raise TypeError("in handler")
        except TypeError as t:
            print("handled inner", t)
        print("still handling zero division")
nested()
try:
    try:
        raise ValueError("original")
    finally:
        print("cleanup while raising")
except ValueError as e:
    print("after cleanup", e)
