# locals() and vars() without arguments, in a module, a function and a class body.
year=1
table = {k: str(v) for k, v in vars().items() if k in ("year",)}
print(table)
def f(a, b=2):
    c = a + b
    def g():
        return c
    print(locals())
    return g
f(1)
class K:
    x = 1
    print(sorted(vars()))
print(sorted(k for k in locals() if not k.startswith('__')))
