import contextlib


@contextlib.contextmanager
def managed(name):
    print("enter", name)
    try:
        yield name.upper()
    finally:
        print("exit", name)


with managed("a"):
    pass

with managed("a") as a, managed("b") as b:
    print(a, b)

with (managed("c") as c, managed("d") as d):
    print(c, d)

with (
    managed("e") as e,
    managed("f"),
):
    print(e)

with (managed("g")) as g:
    print(g)

with managed("h") as (h1, h2):
    pass

with managed("i") as obj.attr, managed("j") as items[0]:
    pass

with open(__file__) as source, contextlib.suppress(ValueError):
    first = source.readline()
