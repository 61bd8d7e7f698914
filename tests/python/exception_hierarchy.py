checks = [ZeroDivisionError, KeyError, IndexError, ValueError, TypeError, StopIteration, TimeoutError, RecursionError,
          ModuleNotFoundError, UnboundLocalError, NotImplementedError, AttributeError]
for exc in checks:
    bases = [b.__name__ for b in exc.__mro__[1:]]
    print(exc.__name__, "->", " -> ".join(bases))
print(issubclass(KeyError, LookupError), issubclass(KeyboardInterrupt, Exception), issubclass(GeneratorExit, BaseException))
try:
    raise IndexError("idx")
except LookupError as e:
    print("caught as LookupError:", type(e).__name__, e)
try:
    raise KeyboardInterrupt
except Exception:
    print("not here")
except BaseException as e:
    print("BaseException caught", type(e).__name__)
class MyBase(Exception):
    pass
class MyChild(MyBase, ValueError):
    pass
try:
    raise MyChild("both")
except ValueError as e:
    print("caught as ValueError", [c.__name__ for c in type(e).__mro__])
e = ValueError("x", 2)
print(e.args, str(e), repr(e), repr(Exception()), str(Exception("")), repr(KeyError("k")))
