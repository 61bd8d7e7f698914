import asyncio

async def fake_io_operation(): # simulate some long I/O operations
    print("Perform I/O now...")
    await asyncio.sleep(1)
    print("I/O completed")

async def compute_square(x):
    print("Compute square of %d" % x)
    await fake_io_operation()
    return x*x

loop = asyncio.get_event_loop()
coros = [compute_square(i) for i in range(5)]
all_futures = asyncio.gather(*coros)

loop = asyncio.get_event_loop()
results = loop.run_until_complete(all_futures)
loop.close()

print(results)
