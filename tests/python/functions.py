def greet(name, greeting="Hello", *, punct="!"):
    return f"{greeting}, {name}{punct}"
print(greet("Ann"), greet("Bo", "Hi"), greet("Cy", punct="?"), greet(greeting="Yo", name="Di"))
def total(*args, **kwargs):
    return sum(args) + sum(kwargs.values())
print(total(1, 2, 3, a=4), total(), total(*[1, 2], **{"b": 3}))
def make_counter():
    count = 0
    def counter():
        nonlocal count
        count += 1
        return count
    return counter
c1, c2 = make_counter(), make_counter()
print(c1(), c1(), c2())
square = lambda x: x * x
print(square(5), (lambda *a: len(a))(1, 2, 3), list(map(lambda p: p[0], [(1, 2), (3, 4)])))
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(20), fact(30))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
g = fib()
print([next(g) for _ in range(10)])
G = 10
def read_global():
    return G
def write_global():
    global G
    G = 20
write_global()
print(read_global())
def deco(f):
    def wrapper(*a):
        print("calling", f.__name__)
        return f(*a)
    return wrapper
@deco
def add(a, b):
    return a + b
print(add(2, 3), add.__name__)
def defaults(x, items=[]):
    items.append(x)
    return items
print(defaults(1), defaults(2))
print(greet.__name__, square.__name__, fact.__qualname__, make_counter()().__class__)
def outer():
    def inner():
        return "inner"
    return inner
print(outer().__qualname__)
