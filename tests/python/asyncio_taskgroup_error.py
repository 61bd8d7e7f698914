import asyncio

async def work(n):
    try:
        await asyncio.sleep(n / 10)
        print("work", n, "done")
    except asyncio.CancelledError:
        print("work", n, "cancelled")
        raise

async def crash(n):
    await asyncio.sleep(n / 10)
    raise ValueError(f"crash {n}")

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work(1))
            tg.create_task(crash(2))
            tg.create_task(work(5))
    except ExceptionGroup as eg:
        print("group:", eg)
        print("sub-exceptions:", eg.exceptions)
    print("after")

asyncio.run(main())
