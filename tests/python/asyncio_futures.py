import asyncio

async def setter(fut, delay, value):
    await asyncio.sleep(delay)
    fut.set_result(value)

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print(fut.done(), fut.cancelled())
    try:
        fut.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    fut.add_done_callback(lambda f: print("callback 1", f.result()))
    fut.add_done_callback(lambda f: print("callback 2"))
    asyncio.create_task(setter(fut, 0.5, "value"))
    print("awaiting")
    print("got", await fut)
    try:
        fut.set_result("again")
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    f2 = loop.create_future()
    f2.set_exception(KeyError("k"))
    try:
        await f2
    except KeyError as e:
        print("awaited exception", repr(e), repr(f2.exception()))
    f3 = loop.create_future()
    f3.cancel()
    print(f3.cancelled(), f3)
    same = asyncio.ensure_future(fut)
    print(same is fut)
    await asyncio.sleep(0)

asyncio.run(main())
