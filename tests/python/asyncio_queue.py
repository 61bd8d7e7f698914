import asyncio

async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i)
        await asyncio.sleep(0.1)
    await q.put(None)

async def consumer(q):
    while True:
        item = await q.get()
        if item is None:
            q.task_done()
            break
        print("got", item)
        q.task_done()

async def main():
    q = asyncio.Queue(maxsize=2)
    print(q)
    await asyncio.gather(producer(q, 4), consumer(q))
    await q.join()
    print("empty:", q.empty(), q.qsize())
    q2 = asyncio.Queue()
    q2.put_nowait(1)
    print(q2.get_nowait())
    try:
        q2.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")

asyncio.run(main())
