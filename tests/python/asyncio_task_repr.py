import asyncio

async def worker(n):
    await asyncio.sleep(n)
    return n * 10

async def boom():
    raise ValueError("boom")

async def main():
    t = asyncio.create_task(worker(5))
    t2 = asyncio.ensure_future(boom())
    t3 = asyncio.create_task(worker(0), name="custom")
    print(t)
    await asyncio.sleep(0)
    print(t)
    print(t2)
    await asyncio.sleep(0)
    print(t3, t3.get_name(), t.get_name())
    f = asyncio.get_running_loop().create_future()
    print(f, f.done())
    f.set_result(3)
    print(f, f.result())
    print(asyncio.current_task())
    print(asyncio.get_running_loop())
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled:", t.cancelled(), t)
    try:
        await t2
    except ValueError as e:
        print("t2 raised", repr(e))

asyncio.run(main())
