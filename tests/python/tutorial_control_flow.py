# The Python tutorial, section 4 (More Control Flow Tools), its examples in order.
x = 42
if x < 0:
    x = 0
    print('Negative changed to zero')
elif x == 0:
    print('Zero')
elif x == 1:
    print('Single')
else:
    print('More')
words = ['cat', 'window', 'defenestrate']
for w in words:
    print(w, len(w))
users = {'Hans': 'active', 'Éléonore': 'inactive', '景太郎': 'active'}
for user, status in users.copy().items():
    if status == 'inactive':
        del users[user]
print(users)
active_users = {}
for user, status in users.items():
    if status == 'active':
        active_users[user] = status
print(active_users)
for i in range(5):
    print(i)
print(list(range(5, 10)), list(range(0, 10, 3)), list(range(-10, -100, -30)))
a = ['Mary', 'had', 'a', 'little', 'lamb']
for i in range(len(a)):
    print(i, a[i])
print(range(10))
print(sum(range(4)))
for n in range(2, 10):
    for x in range(2, n):
        if n % x == 0:
            print(n, 'equals', x, '*', n//x)
            break
    else:
        print(n, 'is a prime number')
for num in range(2, 10):
    if num % 2 == 0:
        print("Found an even number", num)
        continue
    print("Found an odd number", num)
def fib(n):
    """Print a Fibonacci series up to n."""
    a, b = 0, 1
    while a < n:
        print(a, end=' ')
        a, b = b, a+b
    print()
fib(2000)
print(fib)
f = fib
f(100)
print(fib(0))
def fib2(n):
    result = []
    a, b = 0, 1
    while a < n:
        result.append(a)
        a, b = b, a+b
    return result
f100 = fib2(100)
print(f100)
def ask_ok(prompt, retries=4, reminder='Please try again!'):
    return prompt, retries, reminder
print(ask_ok('Do you really want to quit?'))
print(ask_ok('OK to overwrite the file?', 2))
i = 5
def f(arg=i):
    print(arg)
i = 6
f()
def f(a, L=[]):
    L.append(a)
    return L
print(f(1))
print(f(2))
print(f(3))
def f(a, L=None):
    if L is None:
        L = []
    L.append(a)
    return L
print(f(1), f(2))
def parrot(voltage, state='a stiff', action='voom', type='Norwegian Blue'):
    print("-- This parrot wouldn't", action, end=' ')
    print("if you put", voltage, "volts through it.")
    print("-- Lovely plumage, the", type)
    print("-- It's", state, "!")
parrot(1000)
parrot(voltage=1000)
parrot(voltage=1000000, action='VOOOOOM')
parrot(action='VOOOOOM', voltage=1000000)
parrot('a million', 'bereft of life', 'jump')
parrot('a thousand', state='pushing up the daisies')
for call in ["parrot()", "parrot(voltage=5.0, 'dead')", "parrot(110, voltage=220)", "parrot(actor='John Cleese')"]:
    pass
try:
    parrot()
except TypeError as e:
    print(e)
try:
    parrot(110, voltage=220)
except TypeError as e:
    print(e)
try:
    parrot(actor='John Cleese')
except TypeError as e:
    print(e)
def cheeseshop(kind, *arguments, **keywords):
    print("-- Do you have any", kind, "?")
    print("-- I'm sorry, we're all out of", kind)
    for arg in arguments:
        print(arg)
    print("-" * 40)
    for kw in keywords:
        print(kw, ":", keywords[kw])
cheeseshop("Limburger", "It's very runny, sir.",
           "It's really very, VERY runny, sir.",
           shopkeeper="Michael Palin",
           client="John Cleese",
           sketch="Cheese Shop Sketch")
def standard_arg(arg):
    print(arg)
def pos_only_arg(arg, /):
    print(arg)
def kwd_only_arg(*, arg):
    print(arg)
def combined_example(pos_only, /, standard, *, kwd_only):
    print(pos_only, standard, kwd_only)
standard_arg(2)
standard_arg(arg=2)
pos_only_arg(1)
try:
    pos_only_arg(arg=1)
except TypeError as e:
    print(e)
try:
    kwd_only_arg(3)
except TypeError as e:
    print(e)
kwd_only_arg(arg=3)
try:
    combined_example(1, 2, 3)
except TypeError as e:
    print(e)
combined_example(1, 2, kwd_only=3)
combined_example(1, standard=2, kwd_only=3)
try:
    combined_example(pos_only=1, standard=2, kwd_only=3)
except TypeError as e:
    print(e)
def foo(name, /, **kwds):
    return 'name' in kwds
print(foo(1, **{'name': 2}))
def write_multiple_items(file, separator, *args):
    print(separator.join(args))
write_multiple_items(None, '/', 'a', 'b')
def concat(*args, sep="/"):
    return sep.join(args)
print(concat("earth", "mars", "venus"), concat("earth", "mars", "venus", sep="."))
print(list(range(3, 6)))
args = [3, 6]
print(list(range(*args)))
d = {"voltage": "four million", "state": "bleedin' demised", "action": "VOOM"}
parrot(**d)
def make_incrementor(n):
    return lambda x: x + n
f = make_incrementor(42)
print(f(0), f(1))
pairs = [(1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')]
pairs.sort(key=lambda pair: pair[1])
print(pairs)
def my_function():
    """Do nothing, but document it.

    No, really, it doesn't do anything.
    """
    pass
print(my_function.__doc__)
def f(ham: str, eggs: str = 'eggs') -> str:
    print("Annotations:", f.__annotations__)
    print("Arguments:", ham, eggs)
    return ham + ' and ' + eggs
print(f('spam'))
