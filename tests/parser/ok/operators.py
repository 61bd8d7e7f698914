a, b, c = 1, 2, 3
print(a + b * c - a / b // c % a ** b)
print(-a ** 2, (-a) ** 2, a ** -b, a ** b ** c, ~a + -b - +c)
print(a << b >> c, a & b | c ^ a, a | b & c, a ^ b | c & a)
print(a < b < c, a == b != c, a <= b >= c, a is b, a is not b, a in [b], a not in [c])
print(not a == b, not a and b or c, a or b and c, (a or b) and c, not not a)
print(a if b else c if a else b, (lambda: a)() if a else None)
print(m @ n if False else None, [1] * 3 + [2], "%s-%d" % ("x", 1))
print(a.real.imag, (1).bit_length(), 1 .real, 1.0.is_integer(), "abc".upper().lower())
print(await_ := 1, print_ := 2)
x = a if b else c
x = a or b or c
x = a and b and c
x = a < b and b < c or not c
