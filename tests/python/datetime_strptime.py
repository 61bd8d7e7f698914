# datetime.strptime: the directives tutorials parse with, and its errors.
from datetime import datetime


def parse(text, fmt):
    try:
        print(repr(text), fmt, '->', repr(datetime.strptime(text, fmt)))
    except Exception as e:
        print(repr(text), fmt, '->', type(e).__name__ + ':', e)


parse('2024-03-15 14:30:05', '%Y-%m-%d %H:%M:%S')
parse('15/03/24', '%d/%m/%y')
parse('15/03/69', '%d/%m/%y')
parse('14:30', '%H:%M')
parse('2024-03-15T14:30:05.123', '%Y-%m-%dT%H:%M:%S.%f')
parse('March 5, 2024', '%B %d, %Y')
parse('mar 5 2024', '%b %d %Y')
parse('Friday, 15 Mar 2024', '%A, %d %b %Y')
parse('Fri Mar 15 14:30:05 2024', '%a %b %d %H:%M:%S %Y')
parse('02:15 PM', '%I:%M %p')
parse('12:00 am', '%I:%M %p')
parse('2024 075', '%Y %j')
parse('2024-03-15 14:30:05 +0530', '%Y-%m-%d %H:%M:%S %z')
parse('2024-03-15 14:30:05 -08:00', '%Y-%m-%d %H:%M:%S %z')
parse('2024-03-15 14:30:05 Z', '%Y-%m-%d %H:%M:%S %z')
parse('2024-03-15 UTC', '%Y-%m-%d %Z')
parse('20240315', '%Y%m%d')
parse('2024-3-5', '%Y-%m-%d')
parse('  2024-03-15', '%Y-%m-%d')
parse('2024-03-15   14', '%Y-%m-%d %H')
parse('100%', '%d%%')
parse('2024-13-01', '%Y-%m-%d')
parse('2024-02-30', '%Y-%m-%d')
parse('2024-03-15 extra', '%Y-%m-%d')
parse('2024/03/15', '%Y-%m-%d')
parse('15:61', '%H:%M')
parse('2024', '%Y %Q')
parse('2024', '%Y %')
parse(20240315, '%Y%m%d')
