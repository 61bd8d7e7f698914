x = 10
if x > 5:
    print("big")
elif x > 2:
    print("medium")
elif x:
    pass
else:
    print("small")

while x > 0:
    x -= 1
    if x == 5:
        continue
    if x == 2:
        break
else:
    print("no break")

for i in range(3):
    for j in range(3):
        if i == j:
            break
    else:
        continue
    print(i, j)
else:
    print("done")

for i, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(i, a, b)

for [a, *rest] in [[1, 2, 3]]:
    print(a, rest)

if x: print("one-liner"); print("two")
while False: pass
for _ in (): pass
else: pass

if (n := len("hello")) > 3:
    print(n)

result = "yes" if x else "no" if x is None else "maybe"
print(not x, x and not x or x, -x, +x, ~x, x ** -1)
