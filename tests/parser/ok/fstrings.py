name = "world"
width = 10
precision = 3
value = 3.14159
items = [1, 2, 3]
print(f"hello {name}")
print(f"{name!r} {name!s} {name!a}")
print(f"{value:.2f} {value:{width}.{precision}} {value:>{width}}")
print(f"{name=} {value = :.1f} {items[0]=!s} {width=:>5}")
print(f"{'nested ' + name} {items[1:]} {len(items)} {{literal braces}} {{{name}}}")
print(f"{ {'a': 1}['a'] } {(lambda x: x * 2)(3)} {value if value else 0}")
print(f"multi" f"ple {name}" "plain" f"{width}")
print("plain" f"{name}" "tail")
print(F"upper {name}", rf"raw \d {name}", fr"{name}\n", Rf"{name}", fR"x")
print(f"""triple
{name}
  {value:.1f}
""")
print(f'{name:{"^"}{width}}', f"{3.5:%}", f"{12345:,}", f"{x!r:^10}" if (x := "y") else "")
print(f"", f"{''}", f"{name}" f"", u"u-string" f"{name}")
print(f"{'a' 'b'}", f"{1:{2}}", f"{1!r:{'>'}}", f"{ name }")
print(f"{a == b} {a != b} {a >= b} {a <= b} {a < b} {a > b}" if (a := 1) and (b := 2) else "")
print(f"{'{'}", f"{'}'}", f"{[1, 2][0]}", f"{ {1, 2} }", f"{dict(a=1)}")
print(f"\x41\t{name}\u00e9", f"\\{name}")
