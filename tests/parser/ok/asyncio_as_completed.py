import asyncio
import time


async def work(n):
    await asyncio.sleep(n / 10)
    return n


async def main():
    start = time.perf_counter()
    for coro in asyncio.as_completed([work(n) for n in (3, 1, 2)]):
        result = await coro
        print(f"{result} after {time.perf_counter() - start:.2f}s")

    tasks = {asyncio.create_task(work(n)): n for n in range(4)}
    while tasks:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for t in done:
            print("finished", tasks.pop(t), t.result())

    results = await asyncio.gather(work(1), asyncio.sleep(0, result="x"), return_exceptions=True)
    print(*results, sep=", ")


asyncio.run(main())
