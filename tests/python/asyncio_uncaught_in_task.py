import asyncio

async def level2():
    await asyncio.sleep(0.1)
    raise KeyError("deep")

async def level1():
    return await level2()

async def main():
    task = asyncio.create_task(level1())
    await asyncio.sleep(0.5)
    print("task done:", task.done())
    await task

asyncio.run(main())
