"""run_until_complete re-raises what the task raised; the program ends with
the traceback and exit status 1."""
import asyncio

async def failing_child(name, d):
    print(f"{name} starts")
    await asyncio.sleep(d)
    raise ValueError(name)

loop = asyncio.get_event_loop()
loop.run_until_complete(failing_child("f", 0.1))
print("not reached")
