# time's calendar part, written in Python as CPython's C library computes it: dates from the
# run's virtual clock, which starts at 0 (1970-01-01 00:00:00). The playground has no time
# zone: local time is UTC, as on a machine with TZ=UTC.

timezone = 0
altzone = 0
daylight = 0
tzname = ('UTC', 'UTC')

_FIELDS = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday', 'tm_isdst')
_DAYS = ('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday')
_MONTHS = ('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
           'October', 'November', 'December')


class struct_time:
    def __init__(self, values, zone='UTC'):
        values = tuple(values)
        if len(values) != 9:
            raise TypeError('time.struct_time() takes a 9-sequence (%d-sequence given)' % len(values))
        self._values = values
        (self.tm_year, self.tm_mon, self.tm_mday, self.tm_hour, self.tm_min, self.tm_sec, self.tm_wday,
         self.tm_yday, self.tm_isdst) = values
        self.tm_zone = zone
        self.tm_gmtoff = 0

    def __getitem__(self, index):
        return self._values[index]

    def __len__(self):
        return 9

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        if isinstance(other, struct_time):
            other = other._values
        return self._values == other

    def __hash__(self):
        return hash(self._values)

    def __repr__(self):
        return 'time.struct_time(%s)' % ', '.join('%s=%r' % (f, v) for f, v in zip(_FIELDS, self._values))


def _days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _seconds(secs, name):
    if secs is None:
        return int(time())
    if isinstance(secs, float):
        if secs != secs:
            raise ValueError('Invalid value NaN (not a number)')
        if secs in (float('inf'), float('-inf')):
            raise OverflowError('timestamp out of range for platform time_t')
        return int(secs // 1)
    if isinstance(secs, int):
        return secs
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(secs).__name__)


def _struct(secs, zone):
    days, rest = divmod(secs, 86400)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    year = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year += month <= 2
    if not -2 ** 31 + 1900 <= year <= 2 ** 31 - 1 + 1900:
        raise OverflowError('timestamp out of range for platform time_t')
    yday = days - _days_from_civil(year, 1, 1) + 1
    wday = (days + 3) % 7
    return struct_time((year, month, day, hour, minute, second, wday, yday, 0), zone)


def gmtime(secs=None):
    return _struct(_seconds(secs, 'gmtime'), 'GMT')


def localtime(secs=None):
    return _struct(_seconds(secs, 'localtime'), 'UTC')


def _tuple(t, name):
    if t is None:
        return localtime()
    if isinstance(t, struct_time):
        return t
    if not isinstance(t, tuple):
        raise TypeError('Tuple or struct_time argument required')
    if len(t) != 9:
        raise TypeError('%s(): illegal time tuple argument' % name)
    return struct_time(t)


def mktime(t):
    t = _tuple(t, 'mktime')
    return float(_days_from_civil(t[0], t[1], t[2]) * 86400 + t[3] * 3600 + t[4] * 60 + t[5])


def _week(t, first):
    # %U (weeks start on Sunday, first=6) and %W (on Monday, first=0).
    return (t[7] + 6 - (t[6] - first) % 7) // 7


def _iso(t):
    year = t[0]
    wday = t[6]
    week = (t[7] - (wday + 1) + 10) // 7
    if week < 1:
        year -= 1
        days = 366 if _is_leap(year) else 365
        week = (t[7] + days - (wday + 1) + 10) // 7
    elif week > 52:
        days = 366 if _is_leap(year) else 365
        if t[7] - (wday + 1) + 4 > days:
            year += 1
            week = 1
    return year, week


def strftime(format, t=None):
    if not isinstance(format, str):
        raise TypeError('strftime() argument 1 must be str, not %s' % type(format).__name__)
    t = _tuple(t, 'strftime')
    if not 1 <= t[1] <= 12:
        raise ValueError('month out of range')
    out = []
    i = 0
    n = len(format)
    while i < n:
        c = format[i]
        if c != '%' or i + 1 == n:
            out.append(c)
            i += 1
            continue
        # glibc's flags (_ - 0 ^ #), field width and E/O modifiers: '%-d' is '5', '%_H' ' 7'.
        start = i
        i += 1
        flags = ''
        while i < n and format[i] in '_-0^#':
            flags += format[i]
            i += 1
        width = 0
        while i < n and format[i] in '0123456789':
            width = width * 10 + int(format[i])
            i += 1
        while i < n and format[i] in 'EO':
            i += 1
        if i == n:
            out.append(format[start:])
            break
        code = format[i]
        i += 1
        if start + 2 == i:
            out.append(_code(code, t))
        elif code not in _CODES:
            out.append(format[start:i])
        else:
            out.append(_flagged(_code(code, t), code, flags, width))
    return ''.join(out)


_CODES = 'aAbBcCdDeFgGhHIjmMnpRsStTuUVwWxXyYzZ%'


def _flagged(text, code, flags, width):
    if code in 'CdeGgHIjmMsSuUVwWyY':
        digits = text.lstrip(' 0') or '0'
        if '-' in flags:
            return digits.rjust(width)
        pad = ' ' if code == 'e' else '0'
        if '_' in flags:
            pad = ' '
        elif '0' in flags:
            pad = '0'
        return digits.rjust(max(width, len(text)), pad)
    if '^' in flags:
        text = text.upper()
    elif '#' in flags:
        text = text.lower() if code in 'pZ' else text.upper() if code in 'aAbBh' else text
    return text.rjust(width)


def _code(code, t):
    year, mon, mday, hour, minute, sec, wday, yday = t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]
    if code == 'a':
        return _DAYS[wday][:3]
    if code == 'A':
        return _DAYS[wday]
    if code in 'bh':
        return _MONTHS[mon - 1][:3]
    if code == 'B':
        return _MONTHS[mon - 1]
    if code == 'c':
        return '%s %s %2d %02d:%02d:%02d %d' % (_DAYS[wday][:3], _MONTHS[mon - 1][:3], mday, hour, minute, sec, year)
    if code == 'C':
        return '%02d' % (year // 100)
    if code == 'd':
        return '%02d' % mday
    if code == 'D' or code == 'x':
        return '%02d/%02d/%02d' % (mon, mday, year % 100)
    if code == 'e':
        return '%2d' % mday
    if code == 'F':
        return '%d-%02d-%02d' % (year, mon, mday)
    if code == 'G':
        return str(_iso(t)[0])
    if code == 'g':
        return '%02d' % (_iso(t)[0] % 100)
    if code == 'H':
        return '%02d' % hour
    if code == 'I':
        return '%02d' % ((hour + 11) % 12 + 1)
    if code == 'j':
        return '%03d' % yday
    if code == 'm':
        return '%02d' % mon
    if code == 'M':
        return '%02d' % minute
    if code == 'n':
        return '\n'
    if code == 'p':
        return 'AM' if hour < 12 else 'PM'
    if code == 'R':
        return '%02d:%02d' % (hour, minute)
    if code == 's':
        return str(int(mktime(t)))
    if code == 'S':
        return '%02d' % sec
    if code == 't':
        return '\t'
    if code == 'T' or code == 'X':
        return '%02d:%02d:%02d' % (hour, minute, sec)
    if code == 'u':
        return str(wday + 1)
    if code == 'U':
        return '%02d' % _week(t, 6)
    if code == 'V':
        return '%02d' % _iso(t)[1]
    if code == 'w':
        return str((wday + 1) % 7)
    if code == 'W':
        return '%02d' % _week(t, 0)
    if code == 'y':
        return '%02d' % (year % 100)
    if code == 'Y':
        return str(year)
    if code == 'z':
        return '+0000'
    if code == 'Z':
        return t.tm_zone if isinstance(t, struct_time) else 'UTC'
    if code == '%':
        return '%'
    return '%' + code


def asctime(t=None):
    t = _tuple(t, 'asctime')
    return _code('c', t)


def ctime(secs=None):
    return asctime(localtime(secs))
