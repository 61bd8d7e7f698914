import asyncio

async def worker(name, queue, results):
    while True:
        job = await queue.get()
        await asyncio.sleep(job / 10)
        results.append((name, job))
        print(f"{name} finished job {job}")
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    for job in [3, 1, 4, 1, 5, 8, 2, 7]:
        queue.put_nowait(job)
    results = []
    workers = [asyncio.create_task(worker(f"w{i}", queue, results)) for i in range(3)]
    await queue.join()
    for w in workers:
        w.cancel()
    outcome = await asyncio.gather(*workers, return_exceptions=True)
    print([type(o).__name__ for o in outcome])
    print(len(results), sorted(j for _, j in results))
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        await pq.put(item)
    print([await pq.get() for _ in range(3)])
    lq = asyncio.LifoQueue()
    for i in range(3):
        lq.put_nowait(i)
    print([lq.get_nowait() for _ in range(3)])
    full = asyncio.Queue(maxsize=1)
    full.put_nowait("x")
    try:
        full.put_nowait("y")
    except asyncio.QueueFull:
        print("QueueFull", full.full(), full.qsize(), full)

asyncio.run(main())
