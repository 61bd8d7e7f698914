import asyncio

def hello(name):
    print("hello", name, round(asyncio.get_event_loop().time() - START, 1))

async def main():
    global START
    loop = asyncio.get_running_loop()
    START = loop.time()
    loop.call_soon(hello, "soon")
    loop.call_later(0.5, hello, "later")
    h = loop.call_later(0.2, hello, "never")
    h.cancel()
    print(h.cancelled())
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print("done callback:", f.result()))
    loop.call_later(0.3, fut.set_result, 42)
    print("awaited", await fut)
    await asyncio.sleep(1)

asyncio.run(main())
