import asyncio

async def job():
    print("job ran")

async def main():
    job()
    print("after calling job without await")
    await asyncio.sleep(0)
    c = job()
    del c
    print("done")

asyncio.run(main())
