import asyncio

async def gen():
    try:
        for i in range(10):
            try:
                yield i
            except ValueError as e:
                print("gen caught", e)
                yield -1
            await asyncio.sleep(0.1)
    finally:
        print("gen finally")

class Counter:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await asyncio.sleep(0.01)
        return self.i

async def main():
    g = gen()
    print(await g.__anext__())
    print(await g.athrow(ValueError("boom")))
    print(await g.__anext__())
    print(await g.aclose())
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("closed")
    async for c in Counter(3):
        print("counter", c)
    try:
        async for c in 5:
            pass
    except TypeError as e:
        print(e)
    try:
        for c in gen():
            pass
    except TypeError as e:
        print(e)
    async def bad():
        yield 1
        raise ValueError("inside")
    try:
        async for v in bad():
            print("v", v)
    except ValueError as e:
        print("propagated", e)
    g2 = gen()
    print(g2)
    results = await asyncio.gather(consume("a"), consume("b"))
    print(results)

async def numbers(tag):
    for i in range(3):
        await asyncio.sleep(0.1)
        print(tag, "produces", i)
        yield i

async def consume(tag):
    total = 0
    async for n in numbers(tag):
        total += n
    return total

asyncio.run(main())
