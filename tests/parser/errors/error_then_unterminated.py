if x
s = "abc
