values = [0.1, 0.2 + 0.1, 1 / 3, 2 / 3, 1e22, 1e-7, 123456789012345678.0, 1.5, -2.0, 100.0, 1e16, 9999999999999998.0,
          float("inf"), -float("inf"), 3.14159e-10, 2 ** 0.5, 10 ** -3, 5e-324, 1.7976931348623157e308]
for v in values:
    print(v, repr(v), str(v), f"{v:g}", f"{v:.3e}" if v == v else "nan")
print(7 ** 77, -(3 ** 50), 2 ** 62 + 2 ** 62, (2 ** 63) // 3, (-2 ** 70) % 7, int("9" * 30) + 1)
print(10 ** 30 == 1e30, 2 ** 53 + 1 == 2.0 ** 53 + 1, 0.5 == 1 / 2, int(1e20), int(-0.9))
print(round(0.125, 2), round(0.375, 2), round(2.5), round(-2.5), round(1e20), round(12345, -2), round(1.05, 1))
print(5 // 2.0, 5.5 % 2, -5.5 % 2, 2 ** -2, (-8) ** (1 / 3) if False else 0, 0 ** 0, 0.0 ** 0)
print(f"{1234.5678:,.2f}", f"{0.000123:.2e}", f"{42:+d}", f"{-42:>+8}", f"{3.0:.0f}", f"{2.5:.0f}", f"{1e100:.3g}")
print(format(1 / 7, ".15f"), format(255, "08b"), format(255, "o"), format(255, "X"), format(3, "05.1f"))
print(True + 1.5, False * 10, -True, int(True) == 1, True == 1.0, hash(True) == hash(1))
