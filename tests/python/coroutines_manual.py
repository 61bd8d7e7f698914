async def add(a, b):
    return a + b
async def main():
    x = await add(1, 2)
    y = await add(x, 10)
    return x, y
coro = main()
print(type(coro).__name__, coro.__name__, coro.__qualname__)
try:
    coro.send(None)
except StopIteration as e:
    print("result:", e.value)
c2 = add(3, 4)
try:
    c2.send(None)
except StopIteration as e:
    print(e.value)
c3 = add(1, 1)
c3.close()
print(repr(c3).startswith("<coroutine object add at 0x"))
