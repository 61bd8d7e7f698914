class Animal:
    kind = "animal"
    count = 0
    def __init__(self, name):
        self.name = name
        Animal.count += 1
    def speak(self):
        return f"{self.name} makes a sound"
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
    def __str__(self):
        return self.name
class Dog(Animal):
    kind = "dog"
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return super().speak() + " (woof)"
d = Dog("Rex", "lab")
a = Animal("Cat")
print(d.speak(), a.speak(), d, repr(d), [d, a], Animal.count)
print(d.kind, a.kind, Dog.kind, isinstance(d, Animal), isinstance(a, Dog), issubclass(Dog, Animal))
print(type(d).__name__, type(d) is Dog, Dog.__mro__, Dog.__bases__)
print(hasattr(d, "breed"), getattr(d, "age", 0), d.__dict__)
setattr(d, "age", 3); print(d.age)
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    @property
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    @staticmethod
    def origin():
        return Point(0, 0)
    @classmethod
    def unit(cls):
        return cls(1, 1)
p, q = Point(1, 2), Point(3, 4)
print(p + q, p == Point(1, 2), p != q, p < q, sorted([q, p]), len(p), p[1], list(p), p.norm2)
print(Point.origin(), Point.unit(), {p, Point(1, 2)}, max(p, q))
class Empty:
    pass
e = Empty()
print(e.__class__.__name__, str(e).startswith("<__main__.Empty object at 0x"), bool(e))
class Account:
    def __init__(self):
        self._balance = 0
    @property
    def balance(self):
        return self._balance
    @balance.setter
    def balance(self, v):
        if v < 0:
            raise ValueError("negative")
        self._balance = v
acc = Account(); acc.balance = 50; print(acc.balance)
try:
    acc.balance = -1
except ValueError as e:
    print("refused:", e)
