import asyncio

async def slow(name):
    try:
        print(name, "working")
        await asyncio.sleep(10)
        print(name, "never here")
    except asyncio.CancelledError:
        print(name, "cancelled, cleaning up")
        raise
    finally:
        print(name, "finally")

async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn ignores cancel")
    return "survived"

async def main():
    t = asyncio.create_task(slow("t1"))
    await asyncio.sleep(1)
    print("cancel returns", t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("main saw CancelledError", t.cancelled(), t.done())
    print("cancel again:", t.cancel())
    s = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    s.cancel()
    print(await s, s.cancelled())
    u = asyncio.create_task(slow("never started"))
    u.cancel()
    try:
        await u
    except asyncio.CancelledError:
        print("cancelled before starting", u.cancelled())
    try:
        t.result()
    except asyncio.CancelledError:
        print("result() raises CancelledError")

asyncio.run(main())
