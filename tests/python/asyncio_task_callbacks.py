import asyncio

def report(task):
    if task.cancelled():
        print(task.get_name(), "was cancelled")
    elif task.exception():
        print(task.get_name(), "failed with", repr(task.exception()))
    else:
        print(task.get_name(), "returned", task.result())

async def work(n):
    await asyncio.sleep(n)
    if n == 2:
        raise RuntimeError("two")
    return n * 10

async def main():
    tasks = []
    for n in (1, 2, 3):
        t = asyncio.create_task(work(n), name=f"worker-{n}")
        t.add_done_callback(report)
        tasks.append(t)
    tasks[2].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    t = asyncio.create_task(work(1))
    t.add_done_callback(report)
    print("removed:", t.remove_done_callback(report))
    await t
    print(t.get_coro().__name__, len(asyncio.all_tasks()), asyncio.current_task().get_name())
    t.set_name("renamed")
    print(t.get_name())

asyncio.run(main())
