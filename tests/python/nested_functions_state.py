def make_bank():
    accounts = {}
    def open_account(name, amount=0):
        accounts[name] = amount
    def deposit(name, amount):
        if name not in accounts:
            raise KeyError(name)
        accounts[name] += amount
        return accounts[name]
    def report():
        return ", ".join(f"{k}={v}" for k, v in sorted(accounts.items()))
    return open_account, deposit, report
open_account, deposit, report = make_bank()
open_account("ann", 10)
open_account("bob")
print(deposit("ann", 5), deposit("bob", 7), report())
try:
    deposit("cy", 1)
except KeyError as e:
    print("no account", e)
def counter():
    count = 0
    def step(by=1):
        nonlocal count
        count += by
        return count
    def peek():
        return count
    return step, peek
step, peek = counter()
step(); step(5)
print(peek())
def make_multipliers():
    return [lambda x, i=i: x * i for i in range(1, 4)]
print([m(10) for m in make_multipliers()])
