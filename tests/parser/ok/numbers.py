ints = [0, 1, 42, 1_000_000, 0x_FF, 0XAB, 0o777, 0O17, 0b1010, 0B1_0, 00, 0_0]
big = [10 ** 100, 123456789012345678901234567890, 0xFFFFFFFFFFFFFFFFFFFF, 9223372036854775807, 9223372036854775808]
floats = [0.0, 1.5, .5, 5., 1e10, 1E-5, 1.5e+300, 1e16, 1e15, 123.456e7, 1_000.000_1, 3.14159265358979, 1e999]
small = [1e-4, 1e-5, 0.1, 0.2, 0.30000000000000004, 2.5e-7, 100.0, 1e22, 1e-310]
complexes = [1j, 2.5J, 0j, 1e3j, 1_0j, 3 + 4j, -1j, 1.5e300j]
negative = [-1, -1.5, +2, ~3, - -4]
print(ints, big, floats, small, complexes, negative)
print(1if True else 2, [0x1for x in []], 1or 2, 0o7and 1, 1.5e3if 0 else 1.0jif 1 else 0)
