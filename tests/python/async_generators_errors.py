import asyncio

async def agen():
    yield 1


async def main():
    try:
        await agen()
    except TypeError as e:
        print(e)
    try:
        aiter(5)
    except TypeError as e:
        print(e)
    try:
        anext([])
    except TypeError as e:
        print(e)
    g = agen()
    try:
        await g.asend(5)
    except TypeError as e:
        print(e)
    print(await g.asend(None))
    print(await anext(g, "fallback"))
    print(repr(aiter(g)) == repr(g))

asyncio.run(main())
