# A namedtuple called without one of its fields: CPython's TypeError, uncaught.
from collections import namedtuple

Card = namedtuple("Card", "rank suit")
print(Card("Q", "hearts"))
card = Card("Q")
