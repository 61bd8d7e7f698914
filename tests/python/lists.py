a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5); a.insert(0, 0); a.extend([7, 8])
print(a, len(a), a.count(1), a.index(4))
a.remove(1); print(a.pop(), a.pop(0), a)
a.sort(); print(a)
a.sort(reverse=True); print(a)
a.reverse(); print(a)
print(sorted(["bb", "a", "ccc"], key=len), sorted([3, 1, 2], key=lambda x: -x))
b = a.copy(); b[0] = 100; print(a[0], b[0])
print(a[2:5], a[:-2], a[::3], a[5:2:-1])
a[1:3] = ["x", "y", "z"]; print(a)
del a[0]; del a[-2:]; print(a)
print([1, 2] + [3], [0] * 4, [[0] * 2] * 2, [1, [2, 3]] == [1, [2, 3]], [1, 2] < [1, 3])
m = [[1, 2], [3, 4]]
print([row[1] for row in m], [x for row in m for x in row], list(zip(*m)))
print(list(range(5)), list(range(10, 0, -3)), list(enumerate("ab", start=1)))
print(any([0, 0, 1]), all([1, 2, 0]), list(map(str, [1, 2])), list(filter(None, [0, 1, 2])))
nums = [5, 3, 8]
nums += [1]
print(nums, min(nums), max(nums, key=lambda n: -n), sum(nums))
print(list(reversed([1, 2, 3])), [i * i for i in range(6) if i % 2 == 0])
x, *rest = [1, 2, 3, 4]
*init, last = "abc"
p, (q, r) = 1, (2, 3)
print(x, rest, init, last, p, q, r)
a = b = [1]
b.append(2)
print(a, a is b, [1] is [1], [] == [])
