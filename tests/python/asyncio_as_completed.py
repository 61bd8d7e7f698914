import asyncio

async def job(n):
    await asyncio.sleep(n)
    return n

async def main():
    tasks = [asyncio.create_task(job(n)) for n in (3, 1, 2)]
    for next_done in asyncio.as_completed(tasks):
        print("finished", await next_done)
    inner = asyncio.create_task(job(1))
    shielded = asyncio.shield(inner)
    shielded.cancel()
    await asyncio.sleep(1.5)
    print("inner survived:", inner.result(), shielded.cancelled())

asyncio.run(main())
