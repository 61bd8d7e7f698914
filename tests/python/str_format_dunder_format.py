# str.format calls a class's own __format__ with each field's spec, as format() and f-strings do:
# '{:%H:%M}'.format(datetime) is strftime; what __format__ raises comes out unchanged.
from datetime import datetime

class Loud:
    def __format__(self, spec):
        if spec == 'boom':
            raise ValueError('no boom')
        return '<' + spec + '>'

d = datetime(2024, 3, 5, 17, 8, 9)
print('{:%H:%M} on {:%A}'.format(d, d), '{0:%Y}-{0:%m} {x:%d}'.format(d, x=d), '{!r:>45}'.format(d))
print('{} {:abc} {k:xyz}'.format(Loud(), Loud(), k=Loud()), '{}'.format(d))
try:
    '{:boom}'.format(Loud())
except ValueError as e:
    print('ValueError', e)
print(format(d, '%j'), '{:%H}{}'.format(d, 5))
'{:boom}'.format(Loud())
