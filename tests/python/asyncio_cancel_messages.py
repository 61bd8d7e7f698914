import asyncio

async def w():
    await asyncio.sleep(10)

async def q(queue):
    await queue.get()

async def main():
    t = asyncio.create_task(w())
    await asyncio.sleep(0)
    t.cancel()
    print(await asyncio.gather(t, return_exceptions=True))
    t = asyncio.create_task(w())
    t.cancel()
    print(await asyncio.gather(t, return_exceptions=True))
    queue = asyncio.Queue()
    t = asyncio.create_task(q(queue))
    await asyncio.sleep(0)
    t.cancel()
    print(await asyncio.gather(t, return_exceptions=True))
    t = asyncio.create_task(q(queue))
    await asyncio.sleep(0)
    t.cancel("bye")
    print(await asyncio.gather(t, return_exceptions=True))
    t = asyncio.create_task(q(queue))
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError as e:
        print(repr(e))
    f = asyncio.get_running_loop().create_future()
    f.cancel()
    try:
        f.result()
    except asyncio.CancelledError as e:
        print(repr(e))
    try:
        await f
    except asyncio.CancelledError as e:
        print(repr(e))
    ev = asyncio.Event()
    t = asyncio.create_task(ev.wait())
    await asyncio.sleep(0)
    t.cancel()
    print(await asyncio.gather(t, return_exceptions=True))

asyncio.run(main())


async def messages():
    async def m():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError as e:
            print("inside", e.args)
            raise
    t = asyncio.create_task(m())
    await asyncio.sleep(0)
    t.cancel(msg="stop it")
    try:
        await t
    except asyncio.CancelledError as e:
        print("outer", repr(e), e.args)
    t = asyncio.create_task(m())
    t.cancel("before it started")
    try:
        await t
    except asyncio.CancelledError as e:
        print("never started", repr(e))
    t = asyncio.create_task(m())
    await asyncio.sleep(0)
    t.cancel("first")
    t.cancel()
    print(await asyncio.gather(t, return_exceptions=True))
    f = asyncio.get_running_loop().create_future()
    f.cancel("plain")
    print(await asyncio.gather(f, return_exceptions=True))
    try:
        f.result()
    except asyncio.CancelledError as e:
        print("result", repr(e))
    g = asyncio.gather(asyncio.sleep(5), asyncio.sleep(5))
    await asyncio.sleep(0)
    g.cancel("all of them")
    try:
        await g
    except asyncio.CancelledError as e:
        print("gather", repr(e))
    try:
        t.cancel(1, msg=2)
    except TypeError as e:
        print(e)
    try:
        t.cancel(1, 2)
    except TypeError as e:
        print(e)

asyncio.run(messages())
