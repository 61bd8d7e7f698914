path = "C:\x4y"
