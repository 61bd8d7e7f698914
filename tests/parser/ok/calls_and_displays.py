print()
print(1, 2, sep="")
print(*[1, 2], *(3,), sep="-", **{"end": "\n"}, flush=False)
f(a)(b)(c)
f(x for x in range(3))
f((x for x in range(3)), 1)
f(*args, **kwargs)
f(a, *args, b=1, *more, c=2, **kw)
f(key=value, **kw1, **kw2)
f(y := 5)
f(a, b,)
obj.method(1).other[2](3).attr
empty_list, empty_dict, empty_tuple, empty_set = [], {}, (), set()
one_tuple = (1,)
nested = {"a": [1, (2, 3), {4, 5}], "b": {"c": None}, **{"d": True}, "e": ...}
unpacked = [*range(2), *[3]], {*"ab", "c"}, (*"de",), {**{}, "f": False}
ellipsis = ...
print(..., Ellipsis, None, True, False)
