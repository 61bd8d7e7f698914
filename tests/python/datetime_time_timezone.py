# time (the class), timezone and aware datetimes.
from datetime import datetime, time, timedelta, timezone, tzinfo, UTC

t = time(14, 5, 7, 250)
print(t, repr(t), t.hour, t.minute, t.second, t.microsecond, t.tzinfo)
print(t.isoformat(), t.isoformat('minutes'), t.isoformat(timespec='milliseconds'), f"{t:%H.%M}")
print(time(), repr(time()), repr(time(1, 2)), repr(time(1, 2, 3)), time(23, 59, 59, 999999))
print(time(12) < time(13), time(12) == time(12, 0), bool(time()), t.replace(hour=1))
print(time.fromisoformat('04:23:01.000384'), time.fromisoformat('04:23'), time.min, time.max, time.resolution)
print(t.strftime('%I:%M:%S %p'))

utc = timezone.utc
print(utc, repr(utc), UTC is utc, utc.utcoffset(None), utc.tzname(None), utc.dst(None))
cet = timezone(timedelta(hours=1))
ist = timezone(timedelta(hours=5, minutes=30), 'IST')
west = timezone(-timedelta(hours=3, minutes=15))
print(cet, repr(cet), ist, repr(ist), west, repr(west))
print(cet.utcoffset(None), ist.tzname(None), west.tzname(None), timezone(timedelta(0)) == utc)

a = datetime(2024, 6, 1, 12, 0, tzinfo=utc)
print(a, repr(a), a.isoformat(), a.tzinfo, a.utcoffset(), a.tzname(), a.dst())
b = datetime(2024, 6, 1, 14, 30, tzinfo=ist)
print(b, repr(b), b.isoformat(timespec='minutes'), b.strftime('%H:%M %Z %z'))
print(b - a, a - b, a == datetime(2024, 6, 1, 13, 0, tzinfo=cet), a < b)
print(a.astimezone(ist), b.astimezone(utc), a.astimezone(west))
print(a.timestamp(), datetime.fromtimestamp(a.timestamp(), cet))
print(a.replace(tzinfo=None), a.replace(tzinfo=None) == datetime(2024, 6, 1, 12))
print(a == datetime(2024, 6, 1, 12), a != datetime(2024, 6, 1, 12))
print(time(1, 2, tzinfo=cet), repr(time(1, 2, tzinfo=cet)), time(1, 2, tzinfo=cet).utcoffset())
print(a.timetz(), a.time(), a.date(), a + timedelta(hours=13))
print(datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=2, seconds=5))))
print(datetime(2024, 1, 1, tzinfo=timezone(timedelta(microseconds=-7))).isoformat())

class Fixed(tzinfo):
    def utcoffset(self, dt):
        return timedelta(hours=-5)

    def tzname(self, dt):
        return 'EST'

    def dst(self, dt):
        return timedelta(0)

e = datetime(2024, 12, 25, 8, 0, tzinfo=Fixed())
print(e, e.tzname(), e.utcoffset(), e.astimezone(utc), e.strftime('%Z'))
