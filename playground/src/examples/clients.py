import asyncio

HOST, PORT = '127.0.0.1', ${port}
CLIENTS = ${clients}    # clients talking to the server at once
MESSAGES = ${messages}  # messages each client sends
THINK = ${think}        # seconds a client thinks between its messages
SLOW = ${slow}          # this client dawdles before sending (0: none does)
DAWDLE = 2              # seconds it dawdles


async def client(number):
    # The clients start one after another.
    await asyncio.sleep((number - 1) * THINK / CLIENTS)
    for i in range(1, MESSAGES + 1):
        reader, writer = await asyncio.open_connection(HOST, PORT)
        if number == SLOW:
            await asyncio.sleep(DAWDLE)
        message = f'message {i} from client {number}'
        print(f'client {number} sends {message!r}')
        writer.write(message.encode())
        await writer.drain()
        reply = await reader.read(1024)
        print(f'client {number} got {reply.decode()!r} back')
        writer.close()
        await writer.wait_closed()
        if i < MESSAGES:
            await asyncio.sleep(THINK)


async def main():
    await asyncio.gather(*(client(n) for n in range(1, CLIENTS + 1)))


asyncio.run(main())
