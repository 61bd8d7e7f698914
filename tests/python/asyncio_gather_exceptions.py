import asyncio

async def ok(n):
    await asyncio.sleep(n / 10)
    return n

async def fail(n):
    await asyncio.sleep(n / 10)
    raise RuntimeError(f"fail {n}")

async def main():
    print(await asyncio.gather(ok(3), ok(1), ok(2)))
    print(await asyncio.gather(ok(1), fail(2), ok(3), return_exceptions=True))
    try:
        await asyncio.gather(ok(1), fail(2))
    except RuntimeError as e:
        print("gather raised", e)
    print(await asyncio.gather())

asyncio.run(main())
