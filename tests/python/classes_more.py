class Counter:
    total = 0
    def __init__(self):
        self.count = 0
    def increment(self):
        self.count += 1
        Counter.total += 1
        return self
a, b = Counter(), Counter()
a.increment().increment()
b.increment()
print(a.count, b.count, Counter.total, a.total)
a.total = 100
print(a.total, b.total, Counter.total)
class Stack:
    def __init__(self):
        self._items = []
    def push(self, x):
        self._items.append(x)
    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()
    def __len__(self):
        return len(self._items)
    def __bool__(self):
        return bool(self._items)
    def __repr__(self):
        return f"Stack({self._items})"
s = Stack()
s.push(1); s.push(2)
print(s, len(s), bool(s), s.pop(), s)
s.pop()
print(bool(s), "empty" if not s else "full")
try:
    s.pop()
except IndexError as e:
    print(e)
class Node:
    def __init__(self, value, children=None):
        self.value = value
        self.children = children or []
    def __iter__(self):
        yield self.value
        for c in self.children:
            yield from c
tree = Node(1, [Node(2, [Node(4)]), Node(3)])
print(list(tree), sum(tree), max(tree))
class Meta:
    pass
print(Meta, Meta(), Meta.__name__, Meta.__qualname__, Meta.__module__)
def method_outside(self):
    return "attached"
Meta.attached = method_outside
print(Meta().attached())
obj = Meta()
obj.dynamic = 5
del obj.dynamic
print(hasattr(obj, "dynamic"))
