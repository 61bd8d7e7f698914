n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz steps", steps)
a, b = 0, 1
fibs = []
while len(fibs) < 15:
    fibs.append(a)
    a, b = b, a + b
print(fibs)
i = 10
while i:
    i -= 3
    if i < 0:
        print("went negative", i)
        break
else:
    print("not reached")
data = [3, 8, 2, 9]
while data and data[-1] > 5:
    print("pop", data.pop())
print(data)
count = 0
while (count := count + 1) < 4:
    print("walrus loop", count)
total = 0
for x in range(100):
    if x % 2:
        continue
    if x > 10:
        break
    total += x
print(total)
