# Private names (__x) are mangled in classes (_C__x), as CPython's compiler does.
class Account:
    __count = 0
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.__balance = balance
        Account.__count += 1
    def deposit(self, amount):
        self.__balance += amount
        return self.__balance
    def __secret(self):
        return "s"
    def reveal(self):
        return self.__secret() + str(self.__balance)
    @classmethod
    def count(cls):
        return cls.__count
a = Account("Ann", 10)
print(a.deposit(5), a.reveal(), Account.count(), sorted(vars(a)), a._Account__balance)
try:
    print(a.__balance)
except AttributeError as e:
    print(e)
class Sub(Account):
    def peek(self):
        return self.__balance
try:
    Sub("B").peek()
except AttributeError as e:
    print(e)
class _Hidden:
    def __init__(self):
        self.__x = 1
        __local = 5
        print(__local, [__y for __y in range(2)], {k: 1 for k in ['__z']})
print(vars(_Hidden()))
def outer():
    __a = 1
    class C:
        def m(self):
            return __a
    return C
try:
    outer()().m()
except NameError as e:
    print(e)
class K:
    def f(self, __p, *, __q=2):
        return __p, __q
    __ann: int = 3
print(K().f(1), K.__annotations__, K.f.__kwdefaults__ if hasattr(K.f, '__kwdefaults__') else None)
