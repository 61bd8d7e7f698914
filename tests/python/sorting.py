people = [("alice", 30), ("bob", 25), ("carol", 30), ("dave", 25), ("eve", 35)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))
nums = [5, 2, 9, 1, 5, 6]
nums.sort()
print(nums, sorted(nums, reverse=True), sorted(set(nums)), sorted("hello world"))
print(sorted([[3, 1], [1, 2], [1, 1]]), sorted([(2, "b"), (2, "a"), (1, "z")]), max(people, key=lambda p: p[1]))
print(sorted({"b": 1, "a": 2}), sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]))
big = list(range(100, 0, -1))
print(sorted(big)[:5], sorted(big, key=lambda x: x % 10)[:12])
