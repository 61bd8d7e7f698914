# gather() of more awaitables than it wraps in one call: the same awaitable twice is one
# child across parts, a bad argument late in the list raises after the earlier tasks were
# made (they still run), and return_exceptions works the same.
import asyncio

async def work(i):
    await asyncio.sleep(0)
    return i * 2

async def fail(i):
    raise ValueError(i)

async def main():
    coros = [work(i) for i in range(3000)]
    same = work(-1)
    res = await asyncio.gather(*coros, same, same, asyncio.sleep(0, 'x'))
    print(len(res), res[:3], res[-4:], sum(res[:3000]))
    try:
        await asyncio.gather(*[asyncio.sleep(0) for _ in range(1500)], 5)
    except TypeError as e:
        print("TypeError:", e)
    r = await asyncio.gather(*[asyncio.sleep(0, i) for i in range(2000)], fail(7), return_exceptions=True)
    print(r[1999], repr(r[2000]))
    try:
        await asyncio.gather(*[work(i) for i in range(1100)], fail(8))
    except ValueError as e:
        print("ValueError", e)
    print(len(asyncio.all_tasks()))

asyncio.run(main())
