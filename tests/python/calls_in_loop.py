# Python-to-Python calls made and returned inside the evaluation loop: what the fast
# path (exact positional arguments, no cells, not a generator) must keep.
def add(a, b):
    return a + b


def total(n):
    s = 0
    for i in range(n):
        s = add(s, i)
    return s


print(total(1000))


# Locals beyond the parameters start unbound.
def later(x):
    if x:
        y = 1
    return y


print(later(1))
try:
    later(0)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)


# Defaults that are not used, and ones that are (the general path).
def with_default(a, b=10):
    return a * b


print(with_default(2, 3), with_default(2))


# Methods through LOAD_METHOD, and a function stored on an instance (no self).
class Counter:
    def __init__(self, start):
        self.n = start

    def bump(self, by):
        self.n = self.n + by
        return self.n


c = Counter(5)
print(c.bump(2), c.bump(3))
c.f = add
print(c.f(1, 2))


# Returning from inside a for loop and from inside try/finally.
def first_even(items):
    for x in items:
        if x % 2 == 0:
            return x
    return None


def guarded(x):
    try:
        return x * 2
    finally:
        print("finally", x)


print(first_even([1, 3, 4, 5]), first_even([1]))
print(guarded(21))


# Wrong argument counts are still the general path's TypeErrors.
try:
    add(1)
except TypeError as e:
    print("TypeError:", e)
try:
    add(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)


# RecursionError at the limit, and the stack is usable afterwards.
def down(n):
    return down(n + 1)


try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


print(depth(500))


# A call as an argument of a call, and a lambda.
print(add(add(1, 2), add(3, 4)))
sq = lambda v: v * v
print(sq(add(2, 3)))


# A call that raises inside a function called in a loop: the exception reaches the
# caller's handler with the loop's state intact.
def maybe_fail(i):
    if i == 3:
        raise ValueError(f"bad {i}")
    return i


seen = []
for i in range(5):
    try:
        seen.append(maybe_fail(i))
    except ValueError as e:
        seen.append(str(e))
print(seen)


# Tracebacks: each frame's line (uncaught: the program ends here).
def inner(x):
    return 1 // x


def middle(x):
    y = x
    return inner(y)


def outer(x):
    return middle(x) + 1


outer(0)
