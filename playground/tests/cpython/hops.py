"""Scheduling scenarios, each run by asyncio.run on CPython's own event loop.

Every line a scenario prints starts with the number of the loop iteration
(one call of BaseEventLoop._run_once) that printed it, so the transcript shows
how many iterations each hop takes. The loop below only counts; the scheduling
is CPython's, untouched. Deadlines differ by at least 20 ms unless a scenario
is about equal deadlines, so the real clock cannot change the order.
"""
import asyncio


class CountingLoop(asyncio.SelectorEventLoop):
    iteration = 0

    def _run_once(self):
        self.iteration += 1
        super()._run_once()


class CountingPolicy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return CountingLoop()


def say(text):
    print(f"[{asyncio.get_running_loop().iteration}] {text}")


async def child(name, d, fail=False):
    say(f"{name} starts")
    await asyncio.sleep(d)
    if fail:
        raise ValueError(name)
    say(f"{name} ends")
    return name


async def sleep_zero():
    say("sleeps 0")
    await asyncio.sleep(0)
    say("back")


async def sleep_timer():
    say("sleeps 0.1")
    await asyncio.sleep(0.1)
    say("back")


async def ticker(n, period):
    for i in range(n):
        say(f"tick {i}")
        await asyncio.sleep(period)


async def staggered():
    tk = asyncio.ensure_future(ticker(8, 0.05))
    ts = [asyncio.ensure_future(child(n, d)) for n, d in [("a", 0.325), ("b", 0.125), ("c", 0.225)]]
    await asyncio.wait(ts)
    say("all woke")
    await tk


async def await_task():
    t = asyncio.ensure_future(child("c", 0))
    say("created c")
    r = await t
    say(f"awaited {r}")


async def await_done_task():
    t = asyncio.ensure_future(child("c", 0.1))
    await asyncio.sleep(0.2)
    say(f"c done: {t.done()}")
    say(f"awaited {await t}")


async def two_waiters():
    t = asyncio.ensure_future(child("c", 0.1))

    async def waiter(name):
        say(f"{name} awaits c")
        await t
        say(f"{name} woke")

    await asyncio.gather(waiter("w1"), waiter("w2"))


async def gather_hops():
    rs = await asyncio.gather(child("a", 0), child("b", 0))
    say(f"gathered {rs}")


async def gather_reverse():
    rs = await asyncio.gather(child("a", 0.3), child("b", 0.2), child("c", 0.1))
    say(f"gathered {rs}")


async def wait_hops():
    ts = [asyncio.ensure_future(child("w1", 0)), asyncio.ensure_future(child("w2", 0))]
    done, pending = await asyncio.wait(ts)
    say(f"waited {len(done)} {len(pending)}")


async def wait_timeout():
    ts = [asyncio.ensure_future(child(n, d)) for n, d in [("x", 0.1), ("y", 0.3)]]
    done, pending = await asyncio.wait(ts, timeout=0.2)
    say(f"done {len(done)} pending {len(pending)}")
    await asyncio.wait(pending)
    say("all done")


async def first_completed():
    ts = [asyncio.ensure_future(child(n, d)) for n, d in [("x", 0.3), ("y", 0.1), ("z", 0.2)]]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    say(f"done {[t.result() for t in done]} pending {len(pending)}")
    for t in ts:
        t.cancel()
    await asyncio.wait(pending)
    say(f"cancelled {[t.cancelled() for t in ts]}")


async def equal_timers():
    await asyncio.gather(child("p", 0.5), child("q", 0.5), child("r", 0.5))
    say("all ended")


async def gather_fails():
    try:
        await asyncio.gather(child("a", 0.2), child("b", 0.1, fail=True), child("c", 0.3))
    except ValueError as e:
        say(f"caught {e!r}")
    await asyncio.sleep(0.5)
    say("slept")


async def gather_return_exceptions():
    rs = await asyncio.gather(child("a", 0.2), child("b", 0.1, fail=True), return_exceptions=True)
    say(f"results {rs!r}")


async def gather_cancelled():
    g = asyncio.gather(child("a", 0.2), child("b", 0.3))
    await asyncio.sleep(0.1)
    say(f"cancel -> {g.cancel()}")
    try:
        await g
    except asyncio.CancelledError:
        say("gather cancelled")


async def wait_for_timeout():
    t = asyncio.ensure_future(child("slow", 1.0))
    try:
        await asyncio.wait_for(t, 0.5)
    except asyncio.TimeoutError:
        say(f"timed out; cancelled={t.cancelled()}")
    await asyncio.sleep(1.0)
    say("slept past slow's end")


async def wait_for_in_time():
    r = await asyncio.wait_for(child("quick", 0.1), 0.5)
    say(f"got {r}")


async def cancel_sleeping():
    t = asyncio.ensure_future(child("victim", 1.0))
    await asyncio.sleep(0.1)
    say(f"cancel -> {t.cancel()}")
    try:
        await t
    except asyncio.CancelledError:
        say("victim cancelled")


async def cancel_before_start():
    t = asyncio.ensure_future(child("never", 1.0))
    say(f"cancel -> {t.cancel()}")
    try:
        await t
    except asyncio.CancelledError:
        say(f"never started; cancelled={t.cancelled()}")


async def call_soon_order():
    loop = asyncio.get_running_loop()

    def first():
        say("first")
        loop.call_soon(say, "queued by first")

    loop.call_soon(first)
    loop.call_soon(say, "second")
    await asyncio.sleep(0)
    say("main back")
    await asyncio.sleep(0)
    say("main again")


async def cancelled_timer():
    loop = asyncio.get_running_loop()
    h = loop.call_later(0.1, say, "cancelled timer ran")
    loop.call_later(0.2, say, "timer ran")
    h.cancel()
    await asyncio.sleep(0.3)
    say("slept")


asyncio.set_event_loop_policy(CountingPolicy())
for scenario in [
    sleep_zero, sleep_timer, staggered, await_task, await_done_task, two_waiters,
    gather_hops, gather_reverse, wait_hops, wait_timeout, first_completed, equal_timers,
    gather_fails, gather_return_exceptions, gather_cancelled,
    wait_for_timeout, wait_for_in_time, cancel_sleeping, cancel_before_start,
    call_soon_order, cancelled_timer,
]:
    print(f"== {scenario.__name__}")
    asyncio.run(scenario())
