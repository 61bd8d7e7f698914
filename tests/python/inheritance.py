class A:
    def who(self):
        return "A"
    def hello(self):
        return "hello from " + self.who()
class B(A):
    def who(self):
        return "B"
class C(A):
    def who(self):
        return "C" + super().who()
class D(B, C):
    def who(self):
        return "D" + super().who()
print(D().hello(), [k.__name__ for k in D.__mro__], D.mro()[1].__name__)
print(isinstance(D(), C), issubclass(D, (int, A)), issubclass(bool, int), isinstance(True, int))
class Base:
    def __init__(self, x):
        self.x = x
        print("Base init", x)
class Child(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
        print("Child init", y)
c = Child(1, 2)
print(c.x, c.y, vars(c))
class NoInit(Base):
    pass
n = NoInit(7)
print(n.x)
try:
    Base()
except TypeError as e:
    print("TypeError:", e)
class Shape:
    def area(self):
        raise NotImplementedError("subclasses implement area")
class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
for shape in [Square(3), Shape()]:
    try:
        print(shape.area())
    except NotImplementedError as e:
        print("NotImplementedError:", e)
print(type(3), type("s"), type([]), type(None), type(print), type(Square), type(Square(1).area))
