import asyncio

async def ticker(n):
    for i in range(n):
        print(f"tick {i}")
        await asyncio.sleep(0)

async def child(name, d, fail=False):
    print(f"{name} starts")
    await asyncio.sleep(d)
    if fail:
        raise ValueError(name)
    print(f"{name} ends")
    return name

async def gather_fails():
    try:
        await asyncio.gather(child("a", 0.2), child("b", 0.1, fail=True), child("c", 0.3))
    except ValueError as e:
        print(f"caught {e!r}")
    await asyncio.sleep(0.5)

async def gather_return_exceptions():
    rs = await asyncio.gather(child("a", 0.2), child("b", 0.1, fail=True), return_exceptions=True)
    print(f"results {rs!r}")

async def wait_for_timeout():
    t = asyncio.ensure_future(child("slow", 1.0))
    try:
        await asyncio.wait_for(t, 0.5)
    except asyncio.TimeoutError:
        print(f"timed out; cancelled={t.cancelled()}")

async def wait_for_in_time():
    r = await asyncio.wait_for(child("quick", 0.1), 0.5)
    print(f"got {r}")

async def cancel_sleeping():
    t = asyncio.ensure_future(child("victim", 1.0))
    await asyncio.sleep(0.1)
    print(f"cancel -> {t.cancel()}")
    try:
        await t
    except asyncio.CancelledError:
        print("victim cancelled")

async def cancel_before_start():
    t = asyncio.ensure_future(child("never", 1.0))
    print(f"cancel -> {t.cancel()}")
    try:
        await t
    except asyncio.CancelledError:
        print(f"never started; cancelled={t.cancelled()}")

async def first_completed():
    ts = [asyncio.ensure_future(child(n, d)) for n, d in [("x", 0.3), ("y", 0.1), ("z", 0.2)]]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print(f"done {[t.result() for t in done]} pending {len(pending)}")
    for t in pending:
        t.cancel()
    await asyncio.sleep(0)

async def equal_timers():
    await asyncio.gather(child("p", 0.5), child("q", 0.5), child("r", 0.5))

async def main(which):
    tk = asyncio.ensure_future(ticker(6))
    await which()
    await tk

for which in [gather_fails, gather_return_exceptions, wait_for_timeout, wait_for_in_time, cancel_sleeping, cancel_before_start, first_completed, equal_timers]:
    print(f"== {which.__name__}")
    asyncio.run(main(which))
