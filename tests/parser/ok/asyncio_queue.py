import asyncio
import random


async def producer(queue: asyncio.Queue, n: int) -> None:
    for i in range(n):
        item = (i, random.random())
        await queue.put(item)
        print(f"produced {item[0]}")
    await queue.put(None)  # the sentinel: no more items


async def consumer(queue: asyncio.Queue, name: str) -> int:
    handled = 0
    while (item := await queue.get()) is not None:
        number, value = item
        await asyncio.sleep(value / 10)
        print(f"{name} consumed {number}: {value=:.3f}")
        handled += 1
        queue.task_done()
    queue.task_done()
    return handled


async def main():
    queue = asyncio.Queue(maxsize=3)
    results = await asyncio.gather(producer(queue, 10), consumer(queue, "c1"))
    await queue.join()
    print("handled", results[1], "items")


if __name__ == "__main__":
    asyncio.run(main())
