import queue
import socket
from select import select

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.setblocking(0)
server.bind(('localhost', 56789))
server.listen(10)
print('listening on port 56789')

inputs = [server]    # we want to accept (read) from this socket
outputs = []         # nothing we want to write to so far
message_queues = {}  # the data to send back to each client

while True:
    readables, writables, w_errors = select(inputs, outputs, inputs, 60)

    for soc in readables:

        if soc is server:  # server socket is readable, someone is connecting
            client_socket, address = soc.accept()
            client_socket.setblocking(0)  # also set to non-blocking
            inputs.append(client_socket)  # a socket that we want to read from
            message_queues[client_socket] = queue.Queue()
            print('connection from', address[0])

        else:
            # It is a client socket, let's read from it
            data = soc.recv(1024)
            if data:
                # Handle the data: queue it to be sent back
                print('received', data)
                message_queues[soc].put(data)
                if soc not in outputs:
                    outputs.append(soc)
            else:
                # Empty string, client has disconnected
                # Close this socket, remove it from all lists
                print('closing a connection')
                if soc in outputs:
                    outputs.remove(soc)
                inputs.remove(soc)
                soc.close()
                del message_queues[soc]

    for soc in writables:
        # This should be a client socket
        if soc not in outputs:
            continue  # closed above
        try:
            next_msg = message_queues[soc].get_nowait()
        except queue.Empty:
            outputs.remove(soc)  # nothing left to send: stop checking it
        else:
            print('sending', next_msg)
            soc.send(next_msg)

    for soc in w_errors:
        # Socket has error
        # We should close the socket and remove it from all lists
        print('exception condition on a connection')
        inputs.remove(soc)
        if soc in outputs:
            outputs.remove(soc)
        soc.close()
        del message_queues[soc]
