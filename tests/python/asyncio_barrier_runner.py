import asyncio

async def main():
    barrier = asyncio.Barrier(3)
    print(barrier, barrier.parties, barrier.n_waiting, barrier.broken)

    async def worker(i):
        try:
            async with barrier as pos:
                print("worker", i, "passed at", pos)
        except asyncio.BrokenBarrierError as e:
            print("worker", i, "broken:", repr(e))

    tasks = [asyncio.create_task(worker(i)) for i in range(2)]
    await asyncio.sleep(0.1)
    print(barrier)
    await barrier.reset()
    await asyncio.gather(*tasks)
    print(barrier)
    tasks = [asyncio.create_task(worker(i)) for i in range(5)]
    await asyncio.sleep(0.1)
    print(barrier)
    await barrier.abort()
    await asyncio.gather(*tasks)
    print(barrier, barrier.broken)
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        print("late:", e, isinstance(e, RuntimeError))
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print(e)

asyncio.run(main())

async def twice():
    return "twice"

with asyncio.Runner() as runner:
    print(runner.run(twice()))
    print(runner.run(twice()), runner.get_loop().is_running())
    loop = runner.get_loop()
print(loop.is_closed())
try:
    runner.run(twice())
except RuntimeError as e:
    print(e)
r = asyncio.Runner()
try:
    r.run(5)
except ValueError as e:
    print(e)
r.close()
