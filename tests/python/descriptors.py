# The descriptor protocol for classes written in Python: __get__ (on instances and on the class),
# __set__ (a data descriptor wins over the instance's own attribute), and a non-data descriptor
# that the instance's attribute hides; a class made by type(name, bases, ns) with a staticmethod __new__.
class Upper:
    def __get__(self, instance, owner=None):
        if instance is None:
            return "on the class " + owner.__name__
        return instance._name.upper()

    def __set__(self, instance, value):
        if not isinstance(value, str):
            raise TypeError("name must be a string")
        instance._name = value


class Person:
    name = Upper()

    def __init__(self, name):
        self.name = name


p = Person("ada")
print(p.name, Person.name, p._name, vars(p))
p.name = "grace"
print(p.name)
try:
    p.name = 5
except TypeError as e:
    print("TypeError", e)
p.__dict__["name"] = "hidden"
print(p.name)


class Constant:
    def __init__(self, value):
        self.value = value

    def __get__(self, instance, owner=None):
        return self.value


class Config:
    level = Constant(3)


c = Config()
print(c.level, Config.level)
c.level = 7
print(c.level, Config.level)


class ReadOnly:
    def __init__(self, index):
        self.index = index

    def __get__(self, instance, owner=None):
        return self if instance is None else instance[self.index]

    def __set__(self, instance, value):
        raise AttributeError("can't set attribute")


def make(cls, a, b):
    return tuple.__new__(cls, (a, b))


Pair = type("Pair", (tuple,), {"__new__": staticmethod(make), "first": ReadOnly(0), "second": ReadOnly(1)})
q = Pair(1, 2)
print(q, q.first, q.second, type(q).__name__, isinstance(Pair.first, ReadOnly))
try:
    q.first = 9
except AttributeError as e:
    print("AttributeError", e)


class Shown(dict):
    def __repr__(self):
        return "Shown(" + dict.__repr__(self) + ")"


s = Shown(a=1)
print(s, str(s), repr(s), f"{s}", [s])
