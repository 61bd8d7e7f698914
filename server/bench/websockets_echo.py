"""The echo server a Python user would write with `websockets` (15.x): the
reference `cargo xtask bench` measures the project's server against.

    python websockets_echo.py    # prints "listening on 127.0.0.1:PORT"

Defaults everywhere except the address (a free loopback port); one asyncio
event loop on one thread, as the project's server runs on one thread.
"""

import asyncio
import resource

from websockets.asyncio.server import serve


async def echo(websocket):
    async for message in websocket:
        await websocket.send(message)


async def main():
    async with serve(echo, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening on 127.0.0.1:{port}", flush=True)
        await asyncio.get_running_loop().create_future()


# Thousands of idle connections need more descriptors than the usual soft limit.
_, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
asyncio.run(main())
