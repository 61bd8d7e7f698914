import asyncio

START = None

def now():
    return round(asyncio.get_running_loop().time() - START, 1)

async def worker(name, delay):
    print(f"{name} starts at {now()}")
    await asyncio.sleep(delay)
    print(f"{name} done at {now()}")
    return name.upper()

async def main():
    global START
    START = asyncio.get_running_loop().time()
    t1 = asyncio.create_task(worker("a", 2))
    t2 = asyncio.create_task(worker("b", 1))
    print("tasks created", t1.done())
    r1 = await t1
    r2 = await t2
    print(r1, r2, t1.done(), t1.result())
    results = await asyncio.gather(worker("c", 0.5), worker("d", 0.1))
    print(results)
    print(await asyncio.sleep(0.1, result="slept"))
    return "main result"

print(asyncio.run(main()))
