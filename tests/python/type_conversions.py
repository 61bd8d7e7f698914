print(int("10"), int("0x1f", 16), int("0b101", 0), int("  7  "), int(-7.9), int(True), int("1_000"))
print(float("3.25"), float(" -1e3 "), float("inf") > 10 ** 300, float(2 ** 60), float("nan") != float("nan"))
print(str(42), str(3.0), str(True), str(None), str([1, "a"]), str((1,)), str({"k": None}))
print(bool(0), bool(1), bool(""), bool(" "), bool([]), bool({}), bool(set()), bool(0.0))
print(list("abc"), list((1, 2)), list({"a": 1}), list(range(3)), tuple([1, 2]), set("aab") == {"a", "b"})
print(dict([("a", 1), ("b", 2)]), dict(a=1), list(map(int, "123")), [float(x) for x in ["1", "2.5"]])
for bad in ["abc", "1.5", "", "0x10"]:
    try:
        print(int(bad))
    except ValueError as e:
        print("ValueError:", e)
try:
    float("one")
except ValueError as e:
    print("ValueError:", e)
print(chr(ord("a") + 1), ord("z") - ord("a"), str(10).zfill(4), repr(str(1)), int(str(5) * 3))
