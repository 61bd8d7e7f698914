import asyncio

async def slow():
    await asyncio.sleep(5)
    return "slow"

async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        async with asyncio.timeout(1):
            await slow()
    except TimeoutError:
        print("timeout after", round(loop.time() - start, 1))
    async with asyncio.timeout(10) as cm:
        r = await slow()
    print(r, cm.expired())
    try:
        print(await asyncio.wait_for(slow(), 2))
    except asyncio.TimeoutError:
        print("wait_for timed out after", round(loop.time() - start, 1))
    print(await asyncio.wait_for(slow(), None))

asyncio.run(main())
