# The slide is a session at Python's prompt: this script prints each line
# the prompt shows (">>> " and what it echoes), and makes the same calls.

print(">>> l = iter(${values})")
l = iter(${values})
print(">>> l")
print(repr(l))
for call in range(${calls}):
    print(">>> next(l)")
    print(repr(next(l)))
