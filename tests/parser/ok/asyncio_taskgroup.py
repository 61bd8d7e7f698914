import asyncio


async def fetch(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"{name} done after {delay:.1f}s"


async def main() -> None:
    async with asyncio.TaskGroup() as tg:
        first = tg.create_task(fetch("first", 0.2))
        second = tg.create_task(fetch("second", 0.1), name="second")
    print(first.result(), second.result(), sep="\n")

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch("ok", 0.1))
            tg.create_task(asyncio.sleep(1 / 0))
    except ExceptionGroup as eg:
        for exc in eg.exceptions:
            print("caught", repr(exc))


asyncio.run(main())
