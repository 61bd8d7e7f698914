def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("caught:", e)
def countdown(n):
    if n == 0:
        return 0
    return 1 + countdown(n - 1)
print(countdown(900))
down(0)
