import asyncio

async def forever():
    await asyncio.sleep(100)

async def main():
    asyncio.ensure_future(forever())
    await asyncio.sleep(0.1)

loop = asyncio.get_event_loop()
loop.run_until_complete(main())
loop.close()
print("closed")
