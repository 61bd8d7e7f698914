print(sep="", "a")
