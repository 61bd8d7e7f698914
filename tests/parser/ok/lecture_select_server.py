import socket
from select import select

# Create a TCP/IP socket
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setblocking(0)
server.bind(('localhost', 56789))
server.listen(10)

inputs = [server]    # we want to accept (read) from this socket
outputs = []          # nothing we want to write to so far

while True:
    readables, writables, w_errors = select(inputs, outputs, [], 60)
    # 60 is timeout in seconds, empty lists will be returned upon timeout

    for soc in readables:

        if soc is server: # server socket is readable, someone is connecting
            client_socket, address = soc.accept()
            client_socket.setblocking(0) # also set to non-blocking
            inputs.append(client_socket) # a socket that we want to read from

        else:
            # It is a client socket, let's read from it
            data = soc.recv(1024)
            if data:
                # Handle the data
                outputs.append(soc)
            else:
                # Empty string, client has disconnected
                # Close this socket, remove it from all lists
                inputs.remove(soc)
                soc.close()

    for soc in writables:
        # This should be a client socket
        # Send something to it if you want to
        soc.send("Hello from Server")

    for soc in w_errors:
        # Socket has error
        # We should close the socket and remove it from all lists
        ...
