values = f {1, 2
