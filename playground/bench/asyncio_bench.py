"""CPython's side of `cargo xtask bench`: the same workloads as
playground/src/bin/bench.rs, on the real asyncio. Prints one line per
workload: `<name> <cpu seconds> <units>`, and `<name>-memory <bytes> <tasks>`."""
import asyncio
import random
import sys
import time
import tracemalloc


async def switcher(n):
    for _ in range(n):
        await asyncio.sleep(0)


async def switches(tasks, n):
    await asyncio.gather(*(switcher(n) for _ in range(tasks)))


async def noop():
    pass


async def gather_noops(n):
    await asyncio.gather(*(noop() for _ in range(n)))


async def sleep_random(n, seed, measure=None):
    rng = random.Random(seed)
    tasks = [asyncio.ensure_future(asyncio.sleep(rng.random())) for _ in range(n)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    if measure:
        measure()
    await asyncio.gather(*tasks)


def timed(name, units, coro):
    loop = asyncio.new_event_loop()
    start = time.process_time()
    loop.run_until_complete(coro)
    cpu = time.process_time() - start
    loop.close()
    print(f"{name} {cpu:.6f} {units}", flush=True)


def main():
    tasks, switches_each, gathered, sleepers = (int(a) for a in sys.argv[1:5])
    timed("switch", tasks * switches_each, switches(tasks, switches_each))
    timed("gather", gathered, gather_noops(gathered))
    timed("sleep-random", sleepers, sleep_random(sleepers, 1))

    # Memory of the pending tasks, apart from the timing runs (tracemalloc
    # slows everything down).
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    held = []
    loop = asyncio.new_event_loop()
    loop.run_until_complete(
        sleep_random(sleepers, 1, lambda: held.append(tracemalloc.get_traced_memory()[0] - base))
    )
    loop.close()
    print(f"pending-memory {held[0]} {sleepers}", flush=True)


main()
