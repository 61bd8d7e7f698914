# A property without a setter, assigned at module level: the caret line is under the target.
class P:
    @property
    def x(self):
        return 1
p = P()
print(p.x)
p.x = 2
