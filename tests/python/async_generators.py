import asyncio

async def ticker(delay, to):
    """Yield numbers from 0 to *to* every *delay* seconds."""
    for i in range(to):
        yield i
        await asyncio.sleep(delay)

async def mygen(u: int = 10):
    """Yield powers of 2."""
    i = 0
    while i < u:
        yield 2 ** i
        i += 1
        await asyncio.sleep(0.1)

async def main():
    async for i in ticker(0.5, 4):
        print(i)
    g = [i async for i in mygen()]
    f = [j async for j in mygen() if not (j // 3 % 5)]
    print(g, f)
    print({k: v async for k, v in pairs()})
    agen = ticker(0.1, 3)
    print(type(agen).__name__, agen.__aiter__() is agen)
    print(await agen.__anext__(), await anext(agen), await agen.asend(None))
    try:
        await agen.__anext__()
    except StopAsyncIteration as e:
        print("done", repr(e))
    try:
        await anext(agen)
    except StopAsyncIteration:
        print("still done")
    print(await anext(ticker(0, 0), "default"))
    async for x in ticker(0.1, 10):
        if x == 2:
            break
        print("x", x)
    else:
        print("no break")
    async for x in ticker(0.1, 2):
        pass
    else:
        print("else runs", x)

async def pairs():
    for k in "abc":
        await asyncio.sleep(0)
        yield k, ord(k)

asyncio.run(main())
