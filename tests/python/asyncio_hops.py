import asyncio

async def ping(n):
    for i in range(n):
        print("ping", i)
        await asyncio.sleep(0)

async def pong(n):
    for i in range(n):
        print("pong", i)
        await asyncio.sleep(0)

async def child():
    print("child runs")
    return "child result"

async def main():
    t = asyncio.create_task(child())
    print("task created, not started")
    await asyncio.sleep(0)
    print("after one hop, child done:", t.done())
    await asyncio.gather(ping(3), pong(3))
    loop = asyncio.get_running_loop()
    order = []
    loop.call_soon(order.append, "soon 1")
    loop.call_soon(order.append, "soon 2")
    loop.call_later(0, order.append, "later 0")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(order)

asyncio.run(main())
