import asyncio

async def sleeper(n):
    try:
        await asyncio.sleep(n)
        return n
    except asyncio.CancelledError:
        print("sleeper", n, "cancelled")
        raise

async def main():
    g = asyncio.gather(sleeper(1), sleeper(2))
    await asyncio.sleep(0.5)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", g.cancelled())
    outer = asyncio.create_task(asyncio.wait_for(sleeper(10), timeout=5))
    await asyncio.sleep(1)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("wait_for cancelled with its task")

asyncio.run(main())
