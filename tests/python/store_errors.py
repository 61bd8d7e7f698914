# Failed stores in a traceback: the caret line is under the target of the assignment.
t = (1, 2)
try:
    t[0] = 5
except TypeError as e:
    print(e)
class P:
    @property
    def x(self):
        return 1
p = P()
values = {"k": t}
values["k"][1] = 3
