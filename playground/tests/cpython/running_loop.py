import asyncio

async def inner():
    print("inner runs")

async def main():
    loop = asyncio.get_event_loop()
    try:
        loop.close()
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro = inner()
    try:
        loop.run_until_complete(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    await coro
    fut = loop.create_future()
    fut.set_result(1)
    try:
        fut.set_result(2)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    print(fut.result())

loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
