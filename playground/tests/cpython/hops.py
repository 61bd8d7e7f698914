import asyncio

async def ticker(n):
    for i in range(n):
        print(f"tick {i}")
        await asyncio.sleep(0)

async def sleeper():
    print("sleeper sleeps 0")
    await asyncio.sleep(0)
    print("sleeper back")

async def child(name, d):
    print(f"{name} starts")
    await asyncio.sleep(d)
    print(f"{name} ends")
    return name

async def awaiting_task():
    t = asyncio.ensure_future(child("c", 0))
    print("created c")
    r = await t
    print(f"awaited {r}")

async def gathering():
    rs = await asyncio.gather(child("a", 0), child("b", 0))
    print(f"gathered {rs}")

async def waiting():
    ts = [asyncio.ensure_future(child("w1", 0)), asyncio.ensure_future(child("w2", 0))]
    done, pending = await asyncio.wait(ts)
    print(f"waited {len(done)} {len(pending)}")

async def main(which):
    tk = asyncio.ensure_future(ticker(9))
    await which()
    await tk

for which in [sleeper, awaiting_task, gathering, waiting]:
    print(f"== {which.__name__}")
    asyncio.run(main(which))
