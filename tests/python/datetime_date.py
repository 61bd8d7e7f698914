# date: construction, ISO format, strftime, calendar arithmetic and comparisons.
import datetime
from datetime import date, timedelta

d = date(2024, 2, 29)
print(d, repr(d), d.year, d.month, d.day)
print(d.isoformat(), str(d), f"{d}", f"{d:%d/%m/%Y}", format(d, ''))
print(d.weekday(), d.isoweekday(), d.isocalendar(), tuple(d.isocalendar()))
print(d.isocalendar().week, d.isocalendar().year, d.isocalendar().weekday)
print(d.toordinal(), date.fromordinal(d.toordinal()), date.fromordinal(1))
print(d.replace(year=2025, day=28), d.replace(month=3))
print(d.ctime())
print(d.strftime('%A %d %B %Y, day %j, week %U %W %V, %a %b %y %%'))
print(d.strftime('%H:%M:%S'))
print(d.timetuple())
print(d + timedelta(days=1), d - timedelta(days=60), timedelta(weeks=1) + d)
print(d + timedelta(hours=47))
print(date(2025, 1, 1) - d, repr(date(2025, 1, 1) - d))
print(d - date(2024, 2, 29))
print(date.fromisoformat('2021-12-04'), date.fromisoformat('20211204'), date.fromisoformat('2021-W01-1'))
print(date.fromisocalendar(2020, 53, 7))
print(date.min, date.max, date.resolution, repr(date.min))
print(datetime.MINYEAR, datetime.MAXYEAR)
print(d == date(2024, 2, 29), d != date(2024, 3, 1), d < date(2024, 3, 1), d >= date(2025, 1, 1))
print(d == '2024-02-29', hash(d) == hash(date(2024, 2, 29)))
print(sorted([date(2024, 1, 2), date(2023, 12, 31), date(2024, 1, 1)]))
print(max(date(2000, 1, 1), date(1999, 12, 31)))
print({date(2024, 1, 1): 'new year'}[date(2024, 1, 1)])
print(date(1, 1, 1).weekday(), date(9999, 12, 31).toordinal())
print(type(d), type(d).__name__, type(d).__module__, type(d).__qualname__)
print(isinstance(d, date), date.__name__)

class Birthday(date):
    pass

b = Birthday(2000, 5, 17)
print(b, repr(b), type(b + timedelta(1)).__name__)
