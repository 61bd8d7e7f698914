import asyncio

async def sleep_then_append(n, out):
    await asyncio.sleep(n / 100)
    out.append(n)

async def sleep_sort(values):
    out = []
    await asyncio.gather(*(sleep_then_append(v, out) for v in values))
    return out

print(asyncio.run(sleep_sort([5, 3, 9, 1, 7, 3, 0, 8])))
