import asyncio

async def work():
    print("work runs")

loop = asyncio.new_event_loop()
loop.close()
coro = work()
try:
    loop.run_until_complete(coro)
except RuntimeError as e:
    print("RuntimeError:", e)
# The coroutine never ran: close it, or CPython warns when it is collected
# (the runtime has no coroutine objects to collect, so it never warns so).
coro.close()
loop.close()
print("closing twice is fine")
