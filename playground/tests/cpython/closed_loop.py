import asyncio

async def work():
    print("work runs")

loop = asyncio.new_event_loop()
loop.close()
try:
    loop.run_until_complete(work())
except RuntimeError as e:
    print("RuntimeError:", e)
loop.close()
print("closing twice is fine")
