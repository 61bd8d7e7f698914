def reader(name):
    print("open", name)
    try:
        while True:
            yield name
    finally:
        print("close", name)

r = reader("a.txt")
print(next(r))
r = reader("b.txt")
print(next(r))
del r
print("after del")
def take(n, gen):
    for i, x in enumerate(gen):
        if i == n:
            return
        yield x
print(list(take(2, reader("c.txt"))))
