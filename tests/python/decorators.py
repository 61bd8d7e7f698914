def trace(label):
    def decorator(func):
        def wrapper(*args, **kwargs):
            print(f"[{label}] {func.__name__}{args}")
            result = func(*args, **kwargs)
            print(f"[{label}] -> {result}")
            return result
        return wrapper
    return decorator

def twice(func):
    def wrapper(*args):
        return func(*func(*args) if isinstance(func(*args), tuple) else args)
    return wrapper

@trace("outer")
@trace("inner")
def add(a, b=1):
    return a + b

print(add(2, 3))
print(add(5))

def memo(func):
    cache = {}
    def wrapper(n):
        if n not in cache:
            cache[n] = func(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper

@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print(fib(80), len(fib.cache))

class Registry:
    handlers = {}
    @classmethod
    def register(cls, name):
        def deco(f):
            cls.handlers[name] = f
            return f
        return deco

@Registry.register("hello")
def hello():
    return "hi!"

print(Registry.handlers["hello"](), list(Registry.handlers))
