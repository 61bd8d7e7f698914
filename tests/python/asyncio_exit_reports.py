import asyncio

async def forever():
    await asyncio.sleep(100)

async def fail():
    raise RuntimeError("nobody awaits me")

async def unused():
    pass

async def main():
    asyncio.ensure_future(forever())
    asyncio.ensure_future(fail())
    await asyncio.sleep(0.1)
    print("main ends")

loop = asyncio.get_event_loop()
loop.run_until_complete(main())
coro = unused()
print("end of program")
