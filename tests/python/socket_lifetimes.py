# A socket object nobody refers to any more is closed (its peer reads end-of-file), and a few
# more of CPython's errors.
import select
import socket


def attempt(what, f):
    try:
        print(what, '->', repr(f()))
    except Exception as e:
        print(what, '->', type(e).__name__ + ':', e)


server = socket.socket()
server.bind(('127.0.0.1', 0))
server.listen()
client = socket.create_connection(server.getsockname())
conn, _ = server.accept()
conn.sendall(b'last words')
del conn
print('after del:', client.recv(100), client.recv(100))

for i in range(3):
    c = socket.create_connection(server.getsockname())
    accepted, _ = server.accept()
    accepted.sendall(f'bye {i}'.encode())
    # Rebinding `accepted` on the next round drops (and closes) this one.
    print(i, c.recv(100))
print('the last one is still open:', select.select([c], [], [], 0)[0] == [])

attempt('send on an unconnected socket', lambda: socket.socket().send(b'x'))
attempt('select with a NaN timeout', lambda: select.select([], [], [], float('nan')))
attempt('select of too many', lambda: select.select([server] * 1025, [], [], 0))
server.close()
