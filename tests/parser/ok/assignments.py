a = 1
b = c = d = 2
e, f = 1, 2
(g, h) = [i, j] = 3, 4
k, *l = range(5)
*m, n = "abc"
[o, (p, q)] = 1, (2, 3)
r, = [1]
s = t, u = 5, 6
obj.attr = 1
obj.a.b.c = 2
obj[0] = 3
obj[1:2] = []
obj[::2] = [0]
obj[1, 2] = 4
obj.f().g[0].h = 5
(x) = 1
((y)) = 2
(obj.attr2) = 3
x, y = y, x
a += 1; b -= 1; c *= 2; d /= 2; e //= 2; f %= 3; g **= 2; h @= m
i &= 1; j |= 2; k ^= 3; l <<= 1; n >>= 1
obj.count += 1
obj[0] += 1
var: int
ann: list[int] = []
obj.typed: str = "x"
obj[0]: int = 1
(paren): int = 2
value: "forward" = None
tup: tuple = 1, 2
yielded = None
del a
del b, c
del obj.attr, obj[0], obj[1:2]
del (d, e), [f, g]
del (h)
