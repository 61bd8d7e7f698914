name = "x"
msg = q"hello"
