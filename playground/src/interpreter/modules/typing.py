# The names of CPython 3.11's typing module that annotations use, small: subscripting one gives
# an alias that prints as CPython's does (typing.List[int], typing.Optional[str]) and, called,
# calls its origin. No checks beyond that: annotations are not enforced at run time in CPython
# either.

TYPE_CHECKING = False


class _SpecialForm:
    def __init__(self, name, origin=None, nparams=-1):
        self._name = name
        self.__origin__ = origin
        self._nparams = nparams

    def __repr__(self):
        return 'typing.' + self._name

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        if self._name == 'Optional':
            return Union[params[0], None]
        if self._name == 'Union':
            args = []
            for p in params:
                for x in (p.__args__ if isinstance(p, _Alias) and p._form is Union else (p,)):
                    if x is None:
                        x = type(None)
                    if x not in args:
                        args.append(x)
            if len(args) == 1:
                return args[0]
            params = tuple(args)
        elif self._nparams >= 0 and len(params) != self._nparams:
            raise TypeError('Too ' + ('many' if len(params) > self._nparams else 'few')
                            + ' arguments for typing.' + self._name)
        return _Alias(self, params)

    def __call__(self, *args, **kwargs):
        if self.__origin__ is None:
            raise TypeError('Cannot instantiate typing.' + self._name)
        return self.__origin__(*args, **kwargs)

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class _Alias:
    def __init__(self, form, args):
        self._form = form
        self.__origin__ = form.__origin__
        self.__args__ = args

    def __repr__(self):
        if self._form is Union:
            if len(self.__args__) == 2 and type(None) in self.__args__:
                other = [a for a in self.__args__ if a is not type(None)][0]
                return 'typing.Optional[' + _type_repr(other) + ']'
        args = ', '.join([_type_repr(a) for a in self.__args__])
        return 'typing.' + self._form._name + '[' + args + ']'

    def __call__(self, *args, **kwargs):
        return self._form(*args, **kwargs)

    def __eq__(self, other):
        if not isinstance(other, _Alias):
            return NotImplemented
        return self._form is other._form and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self._form._name, self.__args__))

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


Any = _SpecialForm('Any')
Union = _SpecialForm('Union')
Optional = _SpecialForm('Optional')
Literal = _SpecialForm('Literal')
Final = _SpecialForm('Final')
ClassVar = _SpecialForm('ClassVar')
NoReturn = _SpecialForm('NoReturn')
Callable = _SpecialForm('Callable')
List = _SpecialForm('List', list, 1)
Dict = _SpecialForm('Dict', dict, 2)
Set = _SpecialForm('Set', set, 1)
FrozenSet = _SpecialForm('FrozenSet', frozenset, 1)
Tuple = _SpecialForm('Tuple', tuple)
Type = _SpecialForm('Type', type, 1)
Iterable = _SpecialForm('Iterable')
Iterator = _SpecialForm('Iterator')
Generator = _SpecialForm('Generator')
Sequence = _SpecialForm('Sequence')
Mapping = _SpecialForm('Mapping')
MutableMapping = _SpecialForm('MutableMapping')
MutableSequence = _SpecialForm('MutableSequence')
Awaitable = _SpecialForm('Awaitable')
Coroutine = _SpecialForm('Coroutine')
AsyncIterator = _SpecialForm('AsyncIterator')
AsyncIterable = _SpecialForm('AsyncIterable')
AsyncGenerator = _SpecialForm('AsyncGenerator')
Hashable = _SpecialForm('Hashable')
Sized = _SpecialForm('Sized')


class TypeVar:
    __module__ = 'typing'

    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound

    def __repr__(self):
        return '~' + self.__name__

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class Generic:
    __module__ = 'typing'

    def __class_getitem__(cls, params):
        if cls is Generic or cls is Protocol:
            return cls
        return _GenericAlias(cls, params)


class Protocol(Generic):
    __module__ = 'typing'


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def get_type_hints(obj):
    return dict(getattr(obj, '__annotations__', {}))
