class Resource:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.name == "swallow"
with Resource("a") as r:
    print("inside", r.name)
with Resource("swallow"):
    raise ValueError("hidden")
print("after swallow")
try:
    with Resource("b"), Resource("c"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))
def uses_with():
    with Resource("in function"):
        return "returned"
print(uses_with())
for i in range(3):
    with Resource(f"loop{i}"):
        if i == 1:
            continue
        if i == 2:
            break
        print("body", i)
