import asyncio

async def gen():
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")

async def failing():
    yield 1
    await asyncio.sleep(0.1)
    raise KeyError("k")

async def main():
    g = gen()
    async for v in g:
        print(v)
        break
    print("after break")
    print(g)
    async for v in failing():
        print(v)

asyncio.run(main())
print("end")
