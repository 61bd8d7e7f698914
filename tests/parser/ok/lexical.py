# A comment at the top.

# Blank lines and comments do not matter.
x = (1 +   # a comment inside brackets
     2 -
         3)  # continuation lines may be indented anyhow
y = [
    1, 2,
    3,
]
z = {
  'a': 1,
        'b': 2}
total = 1 + \
        2 + \
    3
if x and \
   y:
    pass
def f(a,
      b):
    return a + \
        b
    # a comment at another indentation
        # and another

  # even here
s = 'a'; t = "b"; u = 3;
if x: pass
class C: x = 1; y = 2
while False: break
\
w = 4
très = "unicode identifier"
ñame = très
Δ = 0.5
变量 = "chinese"
print(x, y, z, total, f(1, 2), s, t, u, très, ñame, Δ, 变量)
