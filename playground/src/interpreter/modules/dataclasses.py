# CPython 3.11's Lib/dataclasses.py, small: CPython writes each __init__ as source and exec()s
# it; here one generic __init__ binds the arguments with CPython's TypeError messages.


class FrozenInstanceError(AttributeError):
    pass


class _MISSING_TYPE:
    def __repr__(self):
        return 'MISSING'


MISSING = _MISSING_TYPE()


class _KW_ONLY_TYPE:
    pass


KW_ONLY = _KW_ONLY_TYPE()


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only

    def __repr__(self):
        return (f'Field(name={self.name!r},type={self.type!r},default={self.default!r},'
                f'default_factory={self.default_factory!r},init={self.init!r},repr={self.repr!r},'
                f'hash={self.hash!r},compare={self.compare!r},metadata={self.metadata!r},'
                f'kw_only={self.kw_only!r},_field_type=_FIELD)')


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True,
          metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(annotation):
    if isinstance(annotation, str):
        return annotation.startswith(('ClassVar', 'typing.ClassVar'))
    form = getattr(annotation, '_form', annotation)
    return type(form).__name__ == '_SpecialForm' and form._name == 'ClassVar'


def _names(names):
    # "'a'", "'a' and 'b'", "'a', 'b', and 'c'", as CPython's missing-argument messages.
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f'{quoted[0]} and {quoted[1]}'
    return ', '.join(quoted[:-1]) + ', and ' + quoted[-1]


def _bind(qualname, positional, keyword, args, kwargs):
    # The arguments of the generated __init__ (positional: the fields before KW_ONLY), bound in
    # the order CPython's initialize_locals checks them.
    values = dict(zip([f.name for f in positional], args))
    names = [f.name for f in positional + keyword]
    for key in kwargs:
        if key not in names:
            raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument '{key}'")
        if key in values:
            raise TypeError(f"{qualname}.__init__() got multiple values for argument '{key}'")
        values[key] = kwargs[key]
    if len(args) > len(positional):
        most = len(positional) + 1
        least = most - len([f for f in positional if _has_default(f)])
        takes = f'{most}' if least == most else f'from {least} to {most}'
        s = '' if most == 1 else 's'
        given = len(args) + 1
        raise TypeError(f"{qualname}.__init__() takes {takes} positional argument{s} but {given} "
                        f"{'was' if given == 1 else 'were'} given")
    for fields, kind in ((positional, 'positional'), (keyword, 'keyword-only')):
        missing = [f.name for f in fields if f.name not in values and not _has_default(f)]
        if missing:
            s = '' if len(missing) == 1 else 's'
            raise TypeError(f'{qualname}.__init__() missing {len(missing)} required {kind} argument{s}: '
                            f'{_names(missing)}')
    return values


def _has_default(f):
    return f.default is not MISSING or f.default_factory is not MISSING


def _init(self, *args, **kwargs):
    cls = type(self)
    positional, keyword = cls.__dataclass_init_params__
    values = _bind(cls.__qualname__, positional, keyword, args, kwargs)
    for f in cls.__dataclass_fields__.values():
        if f.name in values:
            value = values[f.name]
        elif f.default_factory is not MISSING:
            value = f.default_factory()
        elif f.init:
            value = f.default
        else:
            continue
        object.__setattr__(self, f.name, value)
    if hasattr(self, '__post_init__'):
        self.__post_init__()


def _repr(self):
    fields = [f for f in self.__dataclass_fields__.values() if f.repr]
    return type(self).__qualname__ + '(' + ', '.join([f'{f.name}={getattr(self, f.name)!r}' for f in fields]) + ')'


def _compared(self):
    return tuple([getattr(self, f.name) for f in self.__dataclass_fields__.values() if f.compare])


def _comparison(op):
    def compare(self, other):
        if other.__class__ is self.__class__:
            return op(_compared(self), _compared(other))
        return NotImplemented
    return compare


def _hash(self):
    return hash(tuple([getattr(self, f.name) for f in self.__dataclass_fields__.values()
                       if (f.compare if f.hash is None else f.hash)]))


def _frozen_setattr(self, name, value):
    if type(self) is self.__dataclass_frozen_class__ or name in self.__dataclass_fields__:
        raise FrozenInstanceError(f'cannot assign to field {name!r}')
    object.__setattr__(self, name, value)


def _frozen_delattr(self, name):
    if type(self) is self.__dataclass_frozen_class__ or name in self.__dataclass_fields__:
        raise FrozenInstanceError(f'cannot delete field {name!r}')
    object.__delattr__(self, name)


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only):
    fields = {}
    for base in cls.__mro__[-1:0:-1]:
        for f in getattr(base, '__dataclass_fields__', {}).values():
            fields[f.name] = f
    kw_only_from_here = kw_only
    for name, annotation in cls.__dict__.get('__annotations__', {}).items():
        if annotation is KW_ONLY or annotation == 'KW_ONLY':
            kw_only_from_here = True
            continue
        if _is_classvar(annotation):
            continue
        default = cls.__dict__.get(name, MISSING)
        f = default if isinstance(default, Field) else field(default=default)
        f.name = name
        f.type = annotation
        if f.kw_only is MISSING:
            f.kw_only = kw_only_from_here
        if isinstance(f.default, (list, dict, set)) or f.default.__class__.__hash__ is None:
            raise ValueError(f'mutable default {type(f.default)} for field {name} is not allowed: '
                             'use default_factory')
        if isinstance(default, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        fields[name] = f
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in fields:
            raise TypeError(f'{name!r} is a field but has no type annotation')
    cls.__dataclass_fields__ = fields
    init_fields = [f for f in fields.values() if f.init]
    positional = [f for f in init_fields if not f.kw_only]
    keyword = [f for f in init_fields if f.kw_only]
    if init:
        seen_default = False
        for f in positional:
            if _has_default(f):
                seen_default = True
            elif seen_default:
                raise TypeError(f'non-default argument {f.name!r} follows default argument')
        cls.__dataclass_init_params__ = (positional, keyword)
        _set_new_attribute(cls, '__init__', _init)
    if repr:
        _set_new_attribute(cls, '__repr__', _repr)
    if eq:
        _set_new_attribute(cls, '__eq__', _comparison(lambda a, b: a == b))
    if order:
        if not eq:
            raise ValueError('eq must be true if order is true')
        for name, op in (('__lt__', lambda a, b: a < b), ('__le__', lambda a, b: a <= b),
                         ('__gt__', lambda a, b: a > b), ('__ge__', lambda a, b: a >= b)):
            if not _set_new_attribute(cls, name, _comparison(op)):
                raise TypeError(f'Cannot overwrite attribute {name} in class {cls.__name__}. '
                                'Consider using functools.total_ordering')
    if frozen:
        cls.__dataclass_frozen_class__ = cls
        for name, f in (('__setattr__', _frozen_setattr), ('__delattr__', _frozen_delattr)):
            if not _set_new_attribute(cls, name, f):
                raise TypeError(f'Cannot overwrite attribute {name} in class {cls.__name__}')
    has_hash = '__hash__' in cls.__dict__ and cls.__dict__['__hash__'] is not None
    if unsafe_hash:
        if has_hash:
            raise TypeError(f'Cannot overwrite attribute __hash__ in class {cls.__name__}')
        cls.__hash__ = _hash
    elif eq and frozen:
        if not has_hash:
            cls.__hash__ = _hash
    elif eq and not has_hash:
        cls.__hash__ = None
    cls.__match_args__ = tuple([f.name for f in positional])
    return cls


def _set_new_attribute(cls, name, value):
    if name in cls.__dict__:
        return False
    setattr(cls, name, value)
    return True


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False,
              match_args=True, kw_only=False, slots=False, weakref_slot=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only)
    if cls is None:
        return wrap
    return wrap(cls)


def fields(class_or_instance):
    try:
        fields = class_or_instance.__dataclass_fields__
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple(fields.values())


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, '__dataclass_fields__')


def _copy(obj, make):
    if is_dataclass(obj) and not isinstance(obj, type):
        return make(type(obj), [(f.name, _copy(getattr(obj, f.name), make)) for f in fields(obj)])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_copy(v, make) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_copy(k, make), _copy(v, make)) for k, v in obj.items())
    return obj


def asdict(obj):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('asdict() should be called on dataclass instances')
    return _copy(obj, lambda cls, items: dict(items))


def astuple(obj):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('astuple() should be called on dataclass instances')
    return _copy(obj, lambda cls, items: tuple([v for _, v in items]))


def replace(obj, /, **changes):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('replace() should be called on dataclass instances')
    for f in fields(obj):
        if not f.init:
            if f.name in changes:
                raise ValueError(f'field {f.name} is declared with init=False, it cannot be specified with replace()')
            continue
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
