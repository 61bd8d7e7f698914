def gen():
    x = yield
    y = yield x
    z = yield x, y
    w = yield from range(3)
    v = (yield)
    yield
    return x


async def coro(aw):
    a = await aw
    b = await aw.attr
    c = await aw()
    d = [await x for x in aw]
    e = await aw ** 2
    f = -await aw
    g = await (await aw)
    await aw[0]
    return await aw


async def agen():
    yield 1
    yield await coro(None)
    return


lam = lambda: (yield)
