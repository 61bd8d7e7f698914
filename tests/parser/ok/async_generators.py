import asyncio


async def ticker(delay, to):
    """Yield numbers from 0 to `to` every `delay` seconds."""
    for i in range(to):
        yield i
        await asyncio.sleep(delay)


class AsyncRange:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i - 1


class Resource:
    async def __aenter__(self):
        print("acquire")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print("release", exc_type)
        return False


async def main():
    async for i in ticker(0.01, 3):
        print(i)
    else:
        print("ticker done")
    squares = [i * i async for i in AsyncRange(5) if i]
    evens = {i async for i in AsyncRange(6) if i % 2 == 0}
    pairs = {i: await asyncio.sleep(0, result=i) async for i in AsyncRange(3)}
    lazy = (i async for i in AsyncRange(2))
    print(squares, evens, pairs, [x async for x in lazy])
    async with Resource() as r, Resource():
        print(type(r).__name__)


asyncio.run(main())
