import asyncio

async def worker(name, delay):
    for i in range(2):
        await asyncio.sleep(delay)
        print(name, i)
    return name

async def main():
    results = await asyncio.gather(worker("a", 0.2), worker("b", 0.3))
    print(results)

asyncio.run(main())
