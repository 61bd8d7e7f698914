data = b""
if data:
    # Handle the data
else:
    pass
