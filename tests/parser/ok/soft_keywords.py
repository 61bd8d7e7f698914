match = 1
case = 2
_ = 3
match(case)
print(match, case, _)
match.x = 4
match[0] = 5
def match(x): return x
type = "not a keyword in 3.11"
print(type)
