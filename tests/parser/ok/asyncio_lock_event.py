import asyncio

counter = 0
lock = asyncio.Lock()


async def increment(times):
    global counter
    for _ in range(times):
        async with lock:
            value = counter
            await asyncio.sleep(0)
            counter = value + 1


async def waiter(event: asyncio.Event, name):
    print(name, "waiting")
    await event.wait()
    print(name, "woke up")


async def main():
    await asyncio.gather(*(increment(100) for _ in range(5)))
    assert counter == 500, f"lost updates: {counter}"

    event = asyncio.Event()
    waiters = [asyncio.create_task(waiter(event, f"w{i}")) for i in range(3)]
    await asyncio.sleep(0.1)
    event.set()
    await asyncio.wait(waiters, return_when=asyncio.ALL_COMPLETED)

    sem = asyncio.Semaphore(2)
    async def limited(i):
        async with sem:
            await asyncio.sleep(0.01)
            return i * i
    print(sorted(await asyncio.gather(*map(limited, range(6)))))


asyncio.run(main())
