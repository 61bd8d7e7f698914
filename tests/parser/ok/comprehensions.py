matrix = [[i * j for j in range(4)] for i in range(4)]
flat = [x for row in matrix for x in row if x if x % 2 == 0]
squares = {x: x ** 2 for x in range(10) if x > 3}
unique = {c.lower() for c in "Hello World" if c.isalpha()}
gen = (a + b for a, b in zip(range(3), range(3, 6)))
nested = [[y for y in range(x)] for x in range(5)]
tuples = [(i, j) for i in range(3) for j in range(i)]
starred = [*range(3), *"ab"]
with_walrus = [y for x in range(10) if (y := x * 2) > 5]
conditional = [x if x > 0 else -x for x in (-1, 2, -3)]
dict_of_lists = {k: [v for v in vs] for k, *vs in [("a", 1, 2), ("b", 3)]}
print(sum(x for x in range(10)), max((len(w) for w in "a bb ccc".split()), default=0))
print(sorted(unique), list(gen), flat, squares, nested, tuples, starred, with_walrus)
print({**squares, 100: 1}, [*matrix[0]], {*unique, "z"}, conditional, dict_of_lists)
