# socket and select in one program: a listening socket, a client connecting to it, bytes
# both ways, end-of-file, and the errors CPython raises (no port numbers are printed: the
# kernel picks them).
import select
import socket


def attempt(what, f):
    try:
        print(what, '->', repr(f()))
    except Exception as e:
        print(what, '->', type(e).__name__ + ':', e, getattr(e, 'errno', None))


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('localhost', 0))
server.listen(5)
host, port = server.getsockname()
print('listening on', host, type(port).__name__, server.getblocking(), server.gettimeout())
server.setblocking(False)
attempt('accept with nobody there', server.accept)
print('select on an idle server', select.select([server], [], [], 0))

client = socket.create_connection(('localhost', port))
print('connected', client.getpeername() == server.getsockname(), client.gettimeout())
r, w, x = select.select([server], [client], [server, client], 0)
print('select', r == [server], w == [client], x)
conn, address = server.accept()
print('accepted from', address[0], address == client.getsockname(), conn.getblocking())
conn.setblocking(False)
attempt('recv before anything was sent', lambda: conn.recv(1024))
print('sendall', client.sendall(b'hello, server'))
print('readable now', select.select([conn], [], [], 0)[0] == [conn])
print('recv', conn.recv(5), conn.recv(1024))
print('send', conn.send(b'HELLO'))
print('client got', client.recv(1024))
client.shutdown(socket.SHUT_WR)
print('after shutdown', conn.recv(1024), conn.recv(1024))
conn.close()
print('closed', conn.fileno(), repr(conn))
attempt('recv on a closed socket', lambda: conn.recv(1))
attempt('select of a closed socket', lambda: select.select([conn], [], [], 0))
print('end of file', client.recv(1024))
client.close()

with socket.socket() as s:
    print('fresh', s.getsockname())
    attempt('getpeername', s.getpeername)
    attempt('recv unconnected', lambda: s.recv(1))
    attempt('accept unlistened', s.accept)
    attempt('bind a used port', lambda: s.bind(('localhost', port)))
    attempt('bind an address elsewhere', lambda: s.bind(('10.1.2.3', 80)))
    attempt('bind a string', lambda: s.bind('localhost'))
    attempt('bind a triple', lambda: s.bind(('localhost',)))
    attempt('bind a big port', lambda: s.bind(('localhost', 70000)))
print('with closed it', s.fileno())

refused = socket.socket()
attempt('connect where nobody listens', lambda: refused.connect(('localhost', 1)))
refused.close()
attempt('create_connection refused', lambda: socket.create_connection(('127.0.0.1', 1)))

late = socket.socket()
late.setblocking(False)
attempt('non-blocking connect', lambda: late.connect(('localhost', port)))
print('writable when connected', select.select([], [late], [], 0)[1] == [late])
print('connect_ex once connected', late.connect_ex(('localhost', port)))
print('SO_ERROR', late.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
other, _ = server.accept()
other.close()
attempt('recv from a closed peer', lambda: late.recv(10))
late.close()

timed = socket.create_connection(('localhost', port), timeout=0.25)
print('timeout', timed.gettimeout())
attempt('recv times out', lambda: timed.recv(1))
timed.close()
server.close()
attempt('select with a bad timeout', lambda: select.select([], [], [], -1))
attempt('select of a float', lambda: select.select([1.5], [], []))
print('select of nothing', select.select([], [], [], 0))
print(socket.gethostbyname('localhost'), socket.AF_INET, socket.SOCK_STREAM, socket.error is OSError)
