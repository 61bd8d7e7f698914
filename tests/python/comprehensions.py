print([i * j for i in range(1, 4) for j in range(1, 4) if i != j])
print({w: len(w) for w in ["a", "bb", "ccc"]}, sorted({c for c in "hello"}), [[j for j in range(i)] for i in range(4)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([x if x % 2 else -x for x in range(6)], [(x, y) for x in "ab" for y in (1, 2)])
x = "outer"
print([x for x in range(3)], x)
print(sum(1 for _ in range(10) if _ % 3 == 0), any(c.isupper() for c in "abC"), all(n > 0 for n in [1, 2]))
nested = {k: {v: v * 2 for v in range(k)} for k in range(3)}
print(nested)
print([(lambda y: y * 2)(z) for z in range(3)], [f"{n:02d}" for n in range(3)])
print([y := 5, y ** 2], [last := i for i in range(4)], last)
