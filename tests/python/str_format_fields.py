# str.format: fields with attribute and index lookups, text with dots around fields, and the
# errors CPython raises for broken templates.
class Point:
    x = 5
    y = [1, 2]

p = Point()
print("Wait for 1/{:d} seconds...".format(7))
print("{}...{}".format(1, 2), "{0.x}.{0.y[1]}".format(p), "{a.x!r:>4}.".format(a=p))
print("{}{{.}}".format(3), "{0[1]} {0[0]}".format("ab"), "{:{}}.".format(4, 3))
print("{0.x:>{1}}|".format(p, 4), "{:.2f}...".format(1 / 3), "x.{:d}.y".format(-12))
for template in ["a.{", "x.}", "{0.}", "{.x}", "{[}", "{0[}", "a.b{!r}", "{!}", "{0[2]}", "{1}.", "{z}."]:
    try:
        print(repr(template), "->", repr(template.format("ab")))
    except Exception as e:
        print(repr(template), "->", type(e).__name__, e)
