def no_args():
    pass


def positional(a, b, c=3, d=4):
    return a + b + c + d


def posonly(a, b, /, c, d=1, *, e, f=2, **rest):
    return a, b, c, d, e, f, rest


def posonly_defaults(a=1, b=2, /, c=3):
    return a, b, c


def only_slash(a, /):
    return a


def star_args(*args, key=None, **kwargs):
    return args, key, kwargs


def bare_star(*, a, b=2, c):
    return a + b + c


def annotated(x: int, y: "str" = "y", *args: float, z: list[int] = [], **kw: dict) -> tuple[int, ...]:
    return (x,)


def star_annotation(*args: *tuple[int, ...]):
    return args


def trailing_comma(
    a,
    b=1,
    *c,
    d,
    **e,
):
    return locals()


print(positional(1, 2), posonly(1, 2, 3, e=5), star_args(1, 2, key=3, x=4))
print(posonly_defaults(), only_slash(1), bare_star(a=1, c=3), annotated(1))
print(positional(*[1, 2], **{"c": 0}), star_args(*(1,), *[2], k=1, **{"j": 2}, l=3))
f = lambda: 0
g = lambda x, y=2, /, z=3, *args, w, **kw: (x, y, z, args, w, kw)
h = lambda *, k: k
i = lambda *a, **k: (a, k)
print(f(), g(1, w=0), h(k=1), i(1, b=2))
