class Vector:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __repr__(self):
        return f"Vector{tuple(self.xs)}"
    def __add__(self, other):
        return Vector(*[a + b for a, b in zip(self.xs, other.xs)])
    def __mul__(self, k):
        return Vector(*[a * k for a in self.xs])
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vector(*[-a for a in self.xs])
    def __abs__(self):
        return sum(a * a for a in self.xs) ** 0.5
    def __eq__(self, other):
        return self.xs == other.xs
    def __bool__(self):
        return any(self.xs)
    def __len__(self):
        return len(self.xs)
    def __contains__(self, x):
        return x in self.xs
    def __call__(self, i):
        return self.xs[i]
    def __iadd__(self, other):
        self.xs = [a + b for a, b in zip(self.xs, other.xs)]
        return self
v = Vector(3, 4)
w = v
v += Vector(1, 1)
print(v + Vector(1, 1), v * 2, 2 * v, -v, abs(Vector(3, 4)), v == Vector(4, 5), w is v)
print(bool(Vector(0, 0)), bool(v), len(v), 4 in v, 9 in v, v(1))
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10
print(list(Seq()), 20 in Seq())
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(3)), [x * 2 for x in Countdown(2)])
class Temp:
    def __init__(self, c):
        self.c = c
    def __lt__(self, other):
        return self.c < other.c
    def __repr__(self):
        return f"{self.c}C"
print(sorted([Temp(30), Temp(10), Temp(20)]), min(Temp(5), Temp(3)), Temp(1) > Temp(0))
class Money:
    def __init__(self, v):
        self.v = v
    def __str__(self):
        return f"${self.v:.2f}"
    def __format__(self, spec):
        return f"<{self.v:{spec}}>"
m = Money(3.5)
print(m, str(m), f"{m}", f"{m:>8.1f}", "%s" % m, [str(m)])
