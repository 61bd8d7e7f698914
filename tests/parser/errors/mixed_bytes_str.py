data = b"a" "b"
