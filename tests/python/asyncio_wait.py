import asyncio

async def job(n):
    await asyncio.sleep(n)
    print("job", n, "done")
    return n

async def main():
    tasks = [asyncio.create_task(job(n)) for n in (3, 1, 2)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(len(done), len(pending), [t.result() for t in done])
    done, pending = await asyncio.wait(pending, timeout=0.5)
    print(len(done), len(pending))
    done, pending = await asyncio.wait(pending)
    print(sorted(t.result() for t in done), pending)
    start = asyncio.get_running_loop().time()
    try:
        await asyncio.wait_for(job(10), timeout=1)
    except asyncio.TimeoutError:
        print("timed out after", round(asyncio.get_running_loop().time() - start, 1))
    print(await asyncio.wait_for(job(0.5), timeout=1))

asyncio.run(main())
