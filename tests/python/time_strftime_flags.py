# glibc's strftime flags, field widths and modifiers, which tutorials on Linux use
# (datetime.now().strftime('%-I:%M %p')): time.strftime and datetime's strftime share them.
import time
from datetime import date, datetime

t = time.struct_time((2024, 3, 5, 7, 8, 9, 1, 65, 0))
for f in ['%-d', '%-m', '%-I', '%-H', '%-M', '%-S', '%-j', '%-y', '%_d', '%_H', '%0e', '%-e', '%^a', '%^A',
          '%^B', '%^b', '%^p', '%#p', '%#a', '%#Z', '%^Z', '%10A', '%5d', '%_5d', '%-5d', '%3e', '%Ey', '%Od',
          '%-Q', '%^x', '%-%', '%5%', '%-C', '%-U', '%-Y', '%_Y', '%08Y', '%-s', '%-', '%_']:
    print(repr(f), repr(time.strftime(f, t)))

d = datetime(2024, 3, 5, 17, 8, 9, 25)
print(d.strftime('%-d/%-m/%Y %-I:%M %p, %A the %-dth, %f'))
print(d.strftime('%^A %_I o\'clock %#p'), f"{d:%-H:%M}")
print(date(2024, 12, 25).strftime('%B %-d, %Y (%a)'))
