import asyncio


class Greeter:
    def hello(self, who):
        print("hello", who)


def boom(x):
    return 1 / x


async def main():
    loop = asyncio.get_running_loop()

    def cb(x, y=2):
        print("cb", x, y)

    print(loop.call_soon(cb, 1))
    print(loop.call_soon(print, "a", 1))
    print(loop.call_soon(Greeter().hello, "you"))
    print(loop.call_soon(lambda: None))
    h = loop.call_soon(cb, 3)
    h.cancel()
    print(h, h.cancelled())
    t = loop.call_later(0.5, cb, 4)
    print(type(t).__name__, round(t.when() - loop.time(), 3))
    loop.call_soon(boom, 0)
    await asyncio.sleep(0.1)

asyncio.run(main())
