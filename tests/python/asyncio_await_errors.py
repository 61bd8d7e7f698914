import asyncio

async def coro():
    return 1

async def main():
    c = coro()
    print(await c)
    try:
        await c
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        await 5
    except TypeError as e:
        print("TypeError:", e)
    try:
        await [1, 2]
    except TypeError as e:
        print("TypeError:", e)
    class Awaitable:
        def __await__(self):
            yield
            return "custom await"
    print(await Awaitable())
    try:
        asyncio.create_task(42)
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(main())
