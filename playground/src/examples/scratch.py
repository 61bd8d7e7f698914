import asyncio

async def greet(name, delay):
    await asyncio.sleep(delay)
    print(f"Hello, {name}! (after {delay} s)")

async def main():
    await asyncio.gather(greet("world", 1), greet("asyncio", 0.5))

asyncio.run(main())
