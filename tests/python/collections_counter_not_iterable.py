# Counter of something that is not iterable: CPython's TypeError, uncaught, its library frames left out.
from collections import Counter

print(Counter("ab"))
c = Counter(5)
