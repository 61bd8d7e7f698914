import asyncio

async def compute(x, y):
    print("Compute %s + %s ..." % (x, y))
    await asyncio.sleep(1.0)
    return x + y

async def print_sum(x, y):
    result = await compute(x, y)
    print("%s + %s = %s" % (x, y, result))

loop = asyncio.get_event_loop()
print(loop.is_running(), loop.is_closed())
start = loop.time()
loop.run_until_complete(print_sum(1, 2))
print(round(loop.time() - start, 1))
loop.close()
print(loop.is_closed())
try:
    loop.run_until_complete(print_sum(3, 4))
except RuntimeError as e:
    print("RuntimeError:", e)
