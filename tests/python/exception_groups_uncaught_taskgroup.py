import asyncio

def f():
    try:
        raise KeyError("inner")
    except KeyError as e:
        raise ValueError("outer") from e

excs = [ValueError(i) for i in range(17)]
try:
    raise ExceptionGroup("many", excs)
except ExceptionGroup as eg:
    print(type(eg).__name__, len(eg.exceptions))

async def boom():
    f()

async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(boom())
        tg.create_task(asyncio.sleep(0.1))
        async def nested():
            async with asyncio.TaskGroup() as tg2:
                tg2.create_task(boom())
                tg2.create_task(boom())
        tg.create_task(nested())

asyncio.run(main())
