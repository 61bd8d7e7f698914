import asyncio

async def download(sem, n, active):
    async with sem:
        active.append(n)
        print(f"start {n}, running {len(active)}")
        await asyncio.sleep(1)
        active.remove(n)
        print(f"end {n}")
    return n

async def main():
    sem = asyncio.Semaphore(2)
    active = []
    results = await asyncio.gather(*(download(sem, n, active) for n in range(5)))
    print(results, sem)
    bounded = asyncio.BoundedSemaphore(1)
    await bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError as e:
        print("ValueError:", e)

asyncio.run(main())
