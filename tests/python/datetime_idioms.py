# datetime as tutorials use it: formatting, sorting, sets and dicts, aware comparisons.
from datetime import datetime, timedelta, date, time, timezone
import datetime as dtm
td = timedelta(seconds=75.25)
print(f"{td!s:>12}|", f"{str(td):<10}|")
try:
    print(f"{td:>10}")
except TypeError as e:
    print(e)
d = datetime(2024, 1, 1, 9, 30)
print(f"{d:%H:%M}", f"{d!r}", "{:%Y}".format(d), "%s" % d, "%r" % (d,))
print(d.isoformat(timespec='auto'), d.strftime(''), date(2024, 1, 1).strftime('%H %M %S %f'))
print(time(9, 30).strftime('%H:%M %p %Y'))
events = {d: 'start', d + timedelta(hours=1): 'end'}
for k in sorted(events):
    print(k.time(), events[k])
print(timedelta(hours=1) in [timedelta(minutes=60)], d in {d})
print(d.replace(tzinfo=timezone.utc) > datetime(2024, 1, 1, 10, tzinfo=timezone(timedelta(hours=2))))
print(max(timedelta(1), timedelta(2)), -timedelta(1) < timedelta(0))
print(timedelta(hours=2.5) * 2, timedelta(1) / 3, round(timedelta(seconds=10).total_seconds() / 3, 2))
print(dtm.timezone.utc, dtm.UTC, type(dtm.timezone.utc).__name__)
print(dtm.MINYEAR, dtm.date.today().year >= 1970)
x = date(2024, 5, 1)
print(x.__class__.__name__, isinstance(x, dtm.date), dir(x)[-3:])
print(datetime.fromisoformat('2024-05-01T10:00:00+00:00') == datetime(2024, 5, 1, 10, tzinfo=timezone.utc))
print(datetime(2024, 1, 31) + timedelta(days=30), (date(2024, 3, 1) - date(2024, 2, 1)).days)
