import asyncio

print("start"
asyncio.run(asyncio.sleep(1))
