import asyncio

async def ok(n):
    await asyncio.sleep(n)
    return n

async def bad(n):
    await asyncio.sleep(n)
    raise ValueError(f"bad {n}")

async def main():
    tasks = [asyncio.create_task(ok(3)), asyncio.create_task(bad(1)), asyncio.create_task(ok(2))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending))
    for t in done:
        print("done:", repr(t.exception()))
    for t in pending:
        t.cancel()
    await asyncio.wait(pending)
    print([t.cancelled() for t in tasks])
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("ValueError:", e)
    try:
        await asyncio.wait([ok(1)])
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(main())
