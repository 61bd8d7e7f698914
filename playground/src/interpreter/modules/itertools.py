# CPython's Modules/itertoolsmodule.c in Python: one class per tool, each consuming its input
# exactly when the C version does, with its argument errors. Compiled only when imported.

_MISSING = object()


def _index(x):
    if isinstance(x, int):
        return int(x)
    raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer")


def _exactly(name, args, kw, low, high=None):
    # The positional-only tools: "starmap expected 2 arguments, got 1".
    if kw:
        raise TypeError(f'{name}() takes no keyword arguments')
    high = low if high is None else high
    n = len(args)
    if low <= n <= high:
        return
    s = '' if (low if n < low else high) == 1 else 's'
    if low == high:
        raise TypeError(f'{name} expected {low} argument{s}, got {n}')
    if n < low:
        raise TypeError(f'{name} expected at least {low} argument{s}, got {n}')
    raise TypeError(f'{name} expected at most {high} argument{s}, got {n}')


def _bind(name, args, kw, names, required):
    # Argument Clinic's binding: "count() takes at most 2 arguments (3 given)",
    # "repeat() missing required argument 'object' (pos 1)".
    if len(args) > len(names):
        raise TypeError(f'{name}() takes at most {len(names)} arguments ({len(args)} given)')
    values = list(args) + [_MISSING] * (len(names) - len(args))
    for key in kw:
        if key not in names:
            raise TypeError(f"'{key}' is an invalid keyword argument for {name}()")
        i = names.index(key)
        if i < len(args):
            raise TypeError(f"argument for {name}() given by name ('{key}') and position ({i + 1})")
        values[i] = kw[key]
    for i in range(required):
        if values[i] is _MISSING:
            raise TypeError(f"{name}() missing required argument '{names[i]}' (pos {i + 1})")
    return values


class count:
    def __init__(self, *args, **kw):
        start, step = _bind('count', args, kw, ('start', 'step'), 0)
        start = 0 if start is _MISSING else start
        step = 1 if step is _MISSING else step
        for x in (start, step):
            if not isinstance(x, (int, float)):
                raise TypeError('a number is required')
        if type(step) is int and step == 1 and isinstance(start, int):
            start = int(start)
        self._n = start
        self._step = step

    def __iter__(self):
        return self

    def __next__(self):
        n = self._n
        self._n = n + self._step
        return n

    def __repr__(self):
        if type(self._step) is int and self._step == 1:
            return f'count({self._n!r})'
        return f'count({self._n!r}, {self._step!r})'


class cycle:
    def __init__(self, *args, **kw):
        _exactly('cycle', args, kw, 1)
        self._it = iter(args[0])
        self._saved = []
        self._index = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self._it is not None:
            for item in self._it:
                self._saved.append(item)
                return item
            self._it = None
        if not self._saved:
            raise StopIteration
        item = self._saved[self._index]
        self._index = (self._index + 1) % len(self._saved)
        return item


class repeat:
    def __init__(self, *args, **kw):
        self._object, times = _bind('repeat', args, kw, ('object', 'times'), 1)
        self._times = -1 if times is _MISSING else max(_index(times), 0)

    def __iter__(self):
        return self

    def __next__(self):
        if self._times == 0:
            raise StopIteration
        if self._times > 0:
            self._times -= 1
        return self._object

    def __repr__(self):
        if self._times < 0:
            return f'repeat({self._object!r})'
        return f'repeat({self._object!r}, {self._times})'


class accumulate:
    def __init__(self, *args, **kw):
        if len(args) > 2:
            raise TypeError(f'accumulate() takes at most 2 positional arguments ({len(args)} given)')
        iterable, func, initial = _bind('accumulate', args, kw, ('iterable', 'func', 'initial'), 1)
        self._it = iter(iterable)
        self._func = None if func is _MISSING else func
        self._initial = None if initial is _MISSING else initial
        self._total = _MISSING

    def __iter__(self):
        return self

    def __next__(self):
        if self._initial is not None:
            self._total = self._initial
            self._initial = None
            return self._total
        value = next(self._it)
        if self._total is _MISSING:
            self._total = value
        elif self._func is None:
            self._total = self._total + value
        else:
            self._total = self._func(self._total, value)
        return self._total


class chain:
    def __init__(self, *iterables, **kw):
        if kw:
            raise TypeError('chain() takes no keyword arguments')
        self._source = iter(iterables)
        self._active = None

    @classmethod
    def from_iterable(cls, *args):
        if len(args) != 1:
            raise TypeError(f'chain.from_iterable() takes exactly one argument ({len(args)} given)')
        self = cls()
        self._source = iter(args[0])
        return self

    def __iter__(self):
        return self

    def __next__(self):
        while self._source is not None:
            if self._active is None:
                try:
                    iterable = next(self._source)
                    self._active = iter(iterable)
                except BaseException:
                    self._source = None
                    raise
            try:
                return next(self._active)
            except StopIteration:
                self._active = None
        raise StopIteration


class compress:
    def __init__(self, *args, **kw):
        data, selectors = _bind('compress', args, kw, ('data', 'selectors'), 2)
        self._data = iter(data)
        self._selectors = iter(selectors)

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            datum = next(self._data)
            if next(self._selectors):
                return datum


class dropwhile:
    def __init__(self, *args, **kw):
        _exactly('dropwhile', args, kw, 2)
        self._predicate = args[0]
        self._it = iter(args[1])
        self._dropping = True

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            item = next(self._it)
            if not self._dropping or not self._predicate(item):
                self._dropping = False
                return item


class takewhile:
    def __init__(self, *args, **kw):
        _exactly('takewhile', args, kw, 2)
        self._predicate = args[0]
        self._it = iter(args[1])
        self._stopped = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._stopped:
            raise StopIteration
        item = next(self._it)
        if self._predicate(item):
            return item
        self._stopped = True
        raise StopIteration


class filterfalse:
    def __init__(self, *args, **kw):
        _exactly('filterfalse', args, kw, 2)
        self._predicate = bool if args[0] is None else args[0]
        self._it = iter(args[1])

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            item = next(self._it)
            if not self._predicate(item):
                return item


class groupby:
    def __init__(self, *args, **kw):
        iterable, key = _bind('groupby', args, kw, ('iterable', 'key'), 1)
        self._it = iter(iterable)
        self._keyfunc = None if key is _MISSING else key
        self._tgtkey = self._currkey = self._currvalue = _MISSING
        self._grouper = None

    def _step(self):
        value = next(self._it)
        self._currkey = value if self._keyfunc is None else self._keyfunc(value)
        self._currvalue = value

    def __iter__(self):
        return self

    def __next__(self):
        self._grouper = None
        # Skip what is left of the current group.
        while self._currkey is _MISSING or (self._tgtkey is not _MISSING and self._tgtkey == self._currkey):
            self._step()
        self._tgtkey = self._currkey
        self._grouper = _grouper(self, self._tgtkey)
        return (self._currkey, self._grouper)


class _grouper:
    def __init__(self, parent, tgtkey):
        self._parent = parent
        self._tgtkey = tgtkey

    def __iter__(self):
        return self

    def __next__(self):
        parent = self._parent
        if parent._grouper is not self:
            raise StopIteration
        if parent._currvalue is _MISSING:
            parent._step()
        if not self._tgtkey == parent._currkey:
            raise StopIteration
        value = parent._currvalue
        parent._currvalue = parent._currkey = _MISSING
        return value


class islice:
    def __init__(self, *args, **kw):
        _exactly('islice', args, kw, 2, 4)
        start, stop, step = 0, None, 1
        stop_error = 'Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.'
        if len(args) == 2:
            stop = args[1]
        else:
            start, stop = args[1], args[2]
            step = args[3] if len(args) == 4 else 1
        if stop is not None and (not isinstance(stop, int) or stop < 0):
            raise ValueError(stop_error)
        if start is None:
            start = 0
        elif not isinstance(start, int) or start < 0:
            raise ValueError('Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.')
        if step is None:
            step = 1
        elif not isinstance(step, int) or step < 1:
            raise ValueError('Step for islice() must be a positive integer or None.')
        self._it = iter(args[0])
        self._next = int(start)
        self._stop = None if stop is None else int(stop)
        self._step = int(step)
        self._count = 0

    def __iter__(self):
        return self

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        try:
            while self._count < self._next:
                next(it)
                self._count += 1
            if self._stop is not None and self._count >= self._stop:
                raise StopIteration
            item = next(it)
        except StopIteration:
            self._it = None
            raise
        self._count += 1
        self._next += self._step
        if self._stop is not None and self._next > self._stop:
            self._next = self._stop
        return item


class pairwise:
    def __init__(self, *args, **kw):
        _exactly('pairwise', args, kw, 1)
        self._it = iter(args[0])
        self._old = _MISSING

    def __iter__(self):
        return self

    def __next__(self):
        if self._it is None:
            raise StopIteration
        try:
            if self._old is _MISSING:
                self._old = next(self._it)
            new = next(self._it)
        except StopIteration:
            self._it = None
            raise
        old, self._old = self._old, new
        return (old, new)


class starmap:
    def __init__(self, *args, **kw):
        _exactly('starmap', args, kw, 2)
        self._func = args[0]
        self._it = iter(args[1])

    def __iter__(self):
        return self

    def __next__(self):
        return self._func(*tuple(next(self._it)))


class _tee:
    # Every copy of one tee walks the same linked list of [value, next link]; the last link is
    # [None, None] until some copy needs its value.
    def __init__(self, it, link):
        self._it = it
        self._link = link

    def __iter__(self):
        return self

    def __next__(self):
        link = self._link
        if link[1] is None:
            link[0] = next(self._it)
            link[1] = [None, None]
        self._link = link[1]
        return link[0]

    def __copy__(self):
        return _tee(self._it, self._link)


def tee(*args, **kw):
    if kw:
        raise TypeError('itertools.tee() takes no keyword arguments')
    _exactly('tee', args, {}, 1, 2)
    n = _index(args[1]) if len(args) == 2 else 2
    if n < 0:
        raise ValueError('n must be >= 0')
    if n == 0:
        return ()
    first = args[0]
    if type(first) is not _tee:
        first = _tee(iter(first), [None, None])
    return (first,) + tuple(first.__copy__() for _ in range(n - 1))


class zip_longest:
    def __init__(self, *iterables, fillvalue=None, **kw):
        if kw:
            raise TypeError('zip_longest() got an unexpected keyword argument')
        self._its = [iter(x) for x in iterables]
        self._active = len(self._its)
        self._fillvalue = fillvalue

    def __iter__(self):
        return self

    def __next__(self):
        if not self._its or not self._active:
            raise StopIteration
        result = []
        for i, it in enumerate(self._its):
            if it is None:
                result.append(self._fillvalue)
                continue
            try:
                result.append(next(it))
            except StopIteration:
                self._active -= 1
                if not self._active:
                    raise
                self._its[i] = None
                result.append(self._fillvalue)
            except BaseException:
                self._active = 0
                raise
        return tuple(result)


class _combinatoric:
    # The tools that read all their input first and then yield tuples in lexicographic order
    # (the "roughly equivalent" code of the itertools documentation), one tuple per next().
    def __iter__(self):
        return self

    def __next__(self):
        return next(self._results)


def _r(r):
    if not isinstance(r, int):
        raise TypeError(f"'{type(r).__name__}' object cannot be interpreted as an integer")
    if r < 0:
        raise ValueError('r must be non-negative')
    return int(r)


class product(_combinatoric):
    def __init__(self, *iterables, **kw):
        repeat = 1
        for key in kw:
            if key != 'repeat':
                raise TypeError(f"'{key}' is an invalid keyword argument for product()")
            repeat = _index(kw[key])
            if repeat < 0:
                raise ValueError('repeat argument cannot be negative')
        pools = [tuple(pool) for pool in iterables] * repeat
        self._results = self._run(pools)

    def _run(self, pools):
        result = [[]]
        for pool in pools:
            result = [x + [y] for x in result for y in pool]
        for prod in result:
            yield tuple(prod)


class permutations(_combinatoric):
    def __init__(self, *args, **kw):
        iterable, r = _bind('permutations', args, kw, ('iterable', 'r'), 1)
        pool = tuple(iterable)
        if r is _MISSING or r is None:
            r = len(pool)
        elif not isinstance(r, int):
            raise TypeError('Expected int as r')
        elif r < 0:
            raise ValueError('r must be non-negative')
        self._results = self._run(pool, int(r))

    def _run(self, pool, r):
        n = len(pool)
        if r > n:
            return
        indices = list(range(n))
        cycles = list(range(n, n - r, -1))
        yield tuple(pool[i] for i in indices[:r])
        while n:
            for i in reversed(range(r)):
                cycles[i] -= 1
                if cycles[i] == 0:
                    indices[i:] = indices[i + 1:] + indices[i:i + 1]
                    cycles[i] = n - i
                else:
                    j = cycles[i]
                    indices[i], indices[-j] = indices[-j], indices[i]
                    yield tuple(pool[i] for i in indices[:r])
                    break
            else:
                return


class combinations(_combinatoric):
    def __init__(self, *args, **kw):
        iterable, r = _bind('combinations', args, kw, ('iterable', 'r'), 2)
        pool = tuple(iterable)
        self._results = self._run(pool, _r(r))

    def _run(self, pool, r):
        n = len(pool)
        if r > n:
            return
        indices = list(range(r))
        yield tuple(pool[i] for i in indices)
        while True:
            for i in reversed(range(r)):
                if indices[i] != i + n - r:
                    break
            else:
                return
            indices[i] += 1
            for j in range(i + 1, r):
                indices[j] = indices[j - 1] + 1
            yield tuple(pool[i] for i in indices)


class combinations_with_replacement(_combinatoric):
    def __init__(self, *args, **kw):
        iterable, r = _bind('combinations_with_replacement', args, kw, ('iterable', 'r'), 2)
        pool = tuple(iterable)
        self._results = self._run(pool, _r(r))

    def _run(self, pool, r):
        n = len(pool)
        if not n and r:
            return
        indices = [0] * r
        yield tuple(pool[i] for i in indices)
        while True:
            for i in reversed(range(r)):
                if indices[i] != n - 1:
                    break
            else:
                return
            indices[i:] = [indices[i] + 1] * (r - i)
            yield tuple(pool[i] for i in indices)
