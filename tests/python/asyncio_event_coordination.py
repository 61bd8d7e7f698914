import asyncio

async def waiter(name, event):
    print(f"{name} waits")
    await event.wait()
    print(f"{name} proceeds")

async def setter(event):
    await asyncio.sleep(1)
    print("setting the event")
    event.set()

async def main():
    event = asyncio.Event()
    print(event.is_set(), event)
    await asyncio.gather(waiter("a", event), waiter("b", event), setter(event))
    print(event.is_set())
    await waiter("c", event)
    event.clear()
    print(event.is_set())
    lock = asyncio.Lock()
    order = []
    async def use(n):
        async with lock:
            order.append(n)
            await asyncio.sleep(0.1)
    await asyncio.gather(*(use(n) for n in range(4)))
    print(order, lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
