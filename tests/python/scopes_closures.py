x = "global"
def show():
    print(x)
def shadow():
    x = "local"
    print(x)
show(); shadow(); show()
def counter_factory():
    counts = {}
    def count(word):
        counts[word] = counts.get(word, 0) + 1
        return counts[word]
    return count
c = counter_factory()
print(c("a"), c("a"), c("b"))
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
def outer():
    a = 1
    def middle():
        b = 2
        def inner():
            nonlocal a
            a += b
            return a
        return inner
    return middle()
f = outer()
print(f(), f())
total = 0
def add(n):
    global total
    total += n
for i in range(5):
    add(i)
print(total)
def broken():
    print(y)
    y = 1
try:
    broken()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
try:
    print(never_defined)
except NameError as e:
    print("NameError:", e)
class K:
    attr = 5
    doubled = [attr * 2 for _ in range(1)]
    def method(self):
        return attr if False else K.attr
print(K.attr, K().method())
