from functools import partial, reduce
from collections import deque
def power(base, exp):
    return base ** exp
square = partial(power, exp=2)
cube = partial(power, exp=3)
print(square(5), cube(2), partial(power, 2)(10), reduce(lambda a, b: a * b, [1, 2, 3, 4]), reduce(lambda a, b: a + b, [], 0))
d = deque([1, 2, 3])
d.append(4); d.appendleft(0)
print(d, len(d), d[0], d[-1], 3 in d)
print(d.pop(), d.popleft(), d)
d.rotate(1); print(d)
d.extend([7, 8]); d.extendleft([-1]); print(d, list(d))
bounded = deque(maxlen=3)
for i in range(5):
    bounded.append(i)
print(bounded, bounded.maxlen if hasattr(bounded, "maxlen") else 3)
try:
    deque().pop()
except IndexError as e:
    print("IndexError:", e)
