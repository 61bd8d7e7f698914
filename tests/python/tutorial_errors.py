# The Python tutorial, section 8 (Errors and Exceptions), ending with an uncaught exception of the program's own class.
while True:
    try:
        x = int("abc")
        break
    except ValueError:
        print("Oops!  That was no valid number.  Try again...")
        break
class B(Exception):
    pass
class C(B):
    pass
class D(C):
    pass
for cls in [B, C, D]:
    try:
        raise cls()
    except D:
        print("D")
    except C:
        print("C")
    except B:
        print("B")
for cls in [B, C, D]:
    try:
        raise cls()
    except B:
        print("B")
    except C:
        print("C")
    except D:
        print("D")
try:
    raise Exception('spam', 'eggs')
except Exception as inst:
    print(type(inst))
    print(inst.args)
    print(inst)
    x, y = inst.args
    print('x =', x)
    print('y =', y)
def this_fails():
    x = 1/0
try:
    this_fails()
except ZeroDivisionError as err:
    print('Handling run-time error:', err)
try:
    raise NameError('HiThere')
except NameError:
    print('An exception flew by!')
try:
    raise ValueError
except ValueError as e:
    print(repr(e), str(e) == '')
try:
    try:
        open("database.sqlite")
    except OSError:
        raise RuntimeError("unable to handle error")
except Exception as e:
    print(type(e).__name__, e, type(e.__context__).__name__)
def func():
    raise ConnectionError
try:
    try:
        func()
    except ConnectionError as exc:
        raise RuntimeError('Failed to open database') from exc
except RuntimeError as e:
    print(e, repr(e.__cause__), e.__suppress_context__)
try:
    try:
        open('database.sqlite')
    except OSError:
        raise RuntimeError from None
except RuntimeError as e:
    print(repr(e), e.__cause__, e.__suppress_context__)
def divide(x, y):
    try:
        result = x / y
    except ZeroDivisionError:
        print("division by zero!")
    else:
        print("result is", result)
    finally:
        print("executing finally clause")
divide(2, 1)
divide(2, 0)
try:
    divide("2", "1")
except TypeError as e:
    print('TypeError:', e)
def bool_return():
    try:
        return True
    finally:
        return False
print(bool_return())
class MyError(Exception):
    def __init__(self, value):
        self.value = value
    def __str__(self):
        return repr(self.value)
try:
    raise MyError(2*2)
except MyError as e:
    print('My exception occurred, value:', e.value, e)
excs = [OSError('error 1'), SystemError('error 2')]
eg = ExceptionGroup('there were problems', excs)
print(repr(eg), eg.exceptions, len(eg.exceptions))
try:
    raise TypeError('bad type')
except Exception as e:
    e.add_note('Add some information')
    e.add_note('Add some more information')
    print(e.__notes__)
raise MyError('final')
