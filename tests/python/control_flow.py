for i in range(10):
    if i == 2:
        continue
    if i == 6:
        break
    print(i, end=" ")
else:
    print("no break")
print()
for i in range(3):
    pass
else:
    print("loop finished", i)
n = 0
while n < 5:
    n += 1
    if n == 10:
        break
else:
    print("while else", n)
x = 7
if x < 5:
    print("small")
elif x < 10:
    print("medium")
else:
    print("large")
print("yes" if x > 5 else "no", x and 0, 0 or "default", not x, None or [] or "last")
for i, ch in enumerate("abc"):
    for j in range(2):
        if j == 1:
            break
        print(i, ch, j)
result = []
for a, b in [(1, 2), (3, 4)]:
    result.append(a * b)
print(result)
if (m := len(result)) > 1:
    print("walrus", m)
i = 0
while True:
    i += 1
    if i > 3:
        break
print(i)
