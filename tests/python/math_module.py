import math
print(math.sqrt(16), math.sqrt(2), math.floor(3.7), math.ceil(3.2), math.floor(-3.5), math.trunc(-3.7))
print(math.pi, math.e, math.inf, math.isnan(math.nan), math.isinf(-math.inf), math.fabs(-2))
print(math.gcd(12, 18), math.gcd(0, 5), math.factorial(10), math.factorial(25))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1, 1.1), math.hypot(3, 4), math.log2(1024), math.log10(1000))
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    math.factorial(-1)
except ValueError as e:
    print("ValueError:", e)
