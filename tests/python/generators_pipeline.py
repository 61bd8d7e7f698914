def read_lines():
    for line in ["alpha 1", "beta 22", "gamma 333", "delta 4"]:
        print("read", line)
        yield line

def parse(lines):
    for line in lines:
        name, number = line.split()
        yield name, int(number)

def big_only(records, minimum):
    for name, n in records:
        if n >= minimum:
            yield name

pipeline = big_only(parse(read_lines()), 10)
print(type(pipeline).__name__)
for name in pipeline:
    print("->", name)

def accumulate():
    total = 0
    while True:
        value = yield total
        if value is None:
            return total
        total += value

acc = accumulate()
next(acc)
for v in [5, 10, 20]:
    print("running total", acc.send(v))
try:
    acc.send(None)
except StopIteration as stop:
    print("final", stop.value)

def tree(n, depth=0):
    if n <= 0:
        return
    yield "  " * depth + str(n)
    yield from tree(n - 1, depth + 1)
    yield from tree(n - 2, depth + 1)
print("\n".join(tree(4)))
gen = (x * x for x in range(3))
print(list(gen), list(gen), sum(x for x in range(101)), list(zip(range(3), (c for c in "xyz"))))
