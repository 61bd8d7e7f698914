"""A task whose exception nobody retrieves: CPython logs it, with its
traceback, when the task is garbage-collected at exit."""
import asyncio

async def boom():
    raise ValueError('x')

t = asyncio.ensure_future(boom())
loop = asyncio.get_event_loop()
loop.run_until_complete(asyncio.sleep(0.1))
loop.close()
print("slept")
