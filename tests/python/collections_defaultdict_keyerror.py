# A defaultdict without a default_factory raises KeyError for a missing key, uncaught here.
from collections import defaultdict

d = defaultdict(None, {"a": 1})
print(d["a"])
print(d["b"])
