names = ["a", "b"]
for c in names:
    print(c names)
