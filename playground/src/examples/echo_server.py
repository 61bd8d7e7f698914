import socket

server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server_socket.bind(('localhost', 50001))
server_socket.listen(10)
print('listening on port 50001')

while True:
    (client_socket, address) = server_socket.accept()
    print('connection from', address[0])
    data = client_socket.recv(1024)
    print('echoing', data)
    client_socket.sendall(data)
    client_socket.close()
