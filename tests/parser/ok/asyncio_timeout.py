import asyncio


async def slow(seconds):
    try:
        await asyncio.sleep(seconds)
        return seconds
    except asyncio.CancelledError:
        print(f"slow({seconds}) cancelled")
        raise
    finally:
        print("cleanup")


async def main():
    try:
        await asyncio.wait_for(slow(10), timeout=0.1)
    except asyncio.TimeoutError:
        print("wait_for timed out")

    try:
        async with asyncio.timeout(0.1):
            await slow(10)
    except TimeoutError as exc:
        print("timeout():", type(exc).__name__)

    task = asyncio.create_task(slow(5))
    await asyncio.sleep(0)
    task.cancel()
    done, pending = await asyncio.wait({task}, timeout=1)
    print(len(done), len(pending), task.cancelled())

    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.05, fut.set_result, "late")
    handle = loop.call_soon(print, "soon")
    print(await fut, handle.cancelled())


asyncio.run(main(), debug=False)
