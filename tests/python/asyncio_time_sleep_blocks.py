import asyncio
import time

async def ticker(name):
    for i in range(3):
        print(name, i)
        await asyncio.sleep(0.5)

async def blocker():
    print("blocking the loop for 1 second")
    time.sleep(1)
    print("unblocked: the ticker missed its turns")

async def main():
    start = time.monotonic()
    await asyncio.gather(ticker("t"), blocker())
    print("took at least 1.5 s:", time.monotonic() - start >= 1.5)

asyncio.run(main())
t0 = time.perf_counter()
time.sleep(0.25)
print("slept at least 0.25 s:", time.perf_counter() - t0 >= 0.25)
