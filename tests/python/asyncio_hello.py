import asyncio

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)

async def main():
    loop = asyncio.get_running_loop()
    started = loop.time()
    print("started")
    await say_after(1, "hello")
    await say_after(2, "world")
    print(f"finished after {loop.time() - started:.0f} s")
    task1 = asyncio.create_task(say_after(1, "hello"))
    task2 = asyncio.create_task(say_after(2, "world"))
    started = loop.time()
    await task1
    await task2
    print(f"with tasks: {loop.time() - started:.0f} s")

asyncio.run(main())
