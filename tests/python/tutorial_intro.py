# The Python tutorial, section 3 (An Informal Introduction), its examples in order.
print(2 + 2)
print(50 - 5*6)
print((50 - 5*6) / 4)
print(8 / 5)
print(17 / 3, 17 // 3, 17 % 3, 5 * 3 + 2)
print(5 ** 2, 2 ** 7)
width = 20
height = 5 * 9
print(width * height)
print(4 * 3.75 - 1)
tax = 12.5 / 100
price = 100.50
print(price * tax)
print(round(price * tax, 2))
print('spam eggs', 'doesn\'t', "doesn't", '"Yes," they said.', "\"Yes,\" they said.", '"Isn\'t," they said.')
s = 'First line.\nSecond line.'
print(s)
print(repr(s))
print('C:\some\name')
print(r'C:\some\name')
print("""\
Usage: thingy [OPTIONS]
     -h                        Display this usage message
     -H hostname               Hostname to connect to
""")
print(3 * 'un' + 'ium')
print('Py' 'thon')
text = ('Put several strings within parentheses '
        'to have them joined together.')
print(text)
word = 'Python'
print(word[0], word[5], word[-1], word[-2], word[-6])
print(word[0:2], word[2:5], word[:2] + word[2:], word[:4] + word[4:])
print(word[:2], word[4:], word[-2:])
try:
    word[42]
except IndexError as e:
    print('IndexError:', e)
print(word[4:42], word[42:])
try:
    word[0] = 'J'
except TypeError as e:
    print('TypeError:', e)
print('J' + word[1:], word[:2] + 'py')
s = 'supercalifragilisticexpialidocious'
print(len(s))
squares = [1, 4, 9, 16, 25]
print(squares, squares[0], squares[-1], squares[-3:], squares[:])
print(squares + [36, 49, 64, 81, 100])
cubes = [1, 8, 27, 65, 125]
cubes[3] = 64
cubes.append(216)
cubes.append(7 ** 3)
print(cubes)
letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
letters[2:5] = ['C', 'D', 'E']
print(letters)
letters[2:5] = []
print(letters)
letters[:] = []
print(letters, len(letters))
a = ['a', 'b', 'c']
n = [1, 2, 3]
x = [a, n]
print(x, x[0], x[0][1])
a, b = 0, 1
while a < 10:
    print(a)
    a, b = b, a+b
i = 256*256
print('The value of i is', i)
a, b = 0, 1
while a < 1000:
    print(a, end=',')
    a, b = b, a+b
print()
