# OSError's errno, strerror and filename, the subclass an errno names; open() finds no file; add_note() and notes in tracebacks.
e = FileNotFoundError(2, "No such file or directory", "x.txt")
print(e, repr(e), e.errno, e.strerror, e.filename, e.args)
e = OSError(2, "No such file")
print(e, type(e))
try:
    open("database.sqlite")
except OSError as e:
    print(type(e).__name__, e, e.errno, e.filename, e.args)
e = OSError("plain")
print(e, e.errno, e.args, OSError(), OSError(1, 2, 3, 4, 5, 6))
print(type(OSError(111, 'refused')).__name__, ConnectionRefusedError(111, 'Connection refused'))
class MyErr(OSError):
    pass
print(repr(MyErr(2, 'x', 'f')), MyErr(2, 'x', 'f'))
try:
    raise TypeError('bad type')
except Exception as e:
    e.add_note('Add some information')
    e.add_note('Add some more information')
    print(e.__notes__)
    try:
        e.add_note(3)
    except TypeError as t:
        print(t)
def f():
    e = ValueError("v")
    e.add_note("note one\nline two")
    raise e
f()
