import asyncio

HOST, PORT = '127.0.0.1', 50007  # the echo server
CLIENTS = ${clients}    # clients talking to the server at once
MESSAGES = ${messages}  # messages each client sends
THINK = ${think}        # seconds a client thinks between its messages


async def client(number):
    # The clients start one after another.
    await asyncio.sleep((number - 1) * THINK / CLIENTS)
    reader, writer = await asyncio.open_connection(HOST, PORT)
    for i in range(1, MESSAGES + 1):
        message = f'message {i} from client {number}'
        print(f'client {number} sends {message!r}')
        writer.write(message.encode())
        await writer.drain()
        reply = await reader.read(1024)
        print(f'client {number} got {reply.decode()!r} back')
        if i < MESSAGES:
            await asyncio.sleep(THINK)
    writer.close()
    await writer.wait_closed()


async def main():
    await asyncio.gather(*(client(n) for n in range(1, CLIENTS + 1)))


asyncio.run(main())
