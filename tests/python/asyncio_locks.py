import asyncio

async def critical(lock, name):
    async with lock:
        print(name, "in")
        await asyncio.sleep(0.1)
        print(name, "out")

async def waiter(event, name):
    print(name, "waiting")
    await event.wait()
    print(name, "woke up")

async def limited(sem, n):
    async with sem:
        print("start", n)
        await asyncio.sleep(0.1)
        print("end", n)

async def main():
    lock = asyncio.Lock()
    print(lock, lock.locked())
    await asyncio.gather(critical(lock, "A"), critical(lock, "B"))
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(event, f"w{i}")) for i in range(2)]
    await asyncio.sleep(0.1)
    print(event)
    event.set()
    await asyncio.gather(*tasks)
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(limited(sem, i) for i in range(4)))
    cond = asyncio.Condition()
    async def consumer():
        async with cond:
            await cond.wait()
            print("condition notified")
    t = asyncio.create_task(consumer())
    await asyncio.sleep(0)
    async with cond:
        cond.notify()
    await t

asyncio.run(main())
