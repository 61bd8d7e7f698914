//! Interned names: every identifier the compiler meets (variables, attributes, keyword
//! arguments) becomes a [`Sym`], a `u32`, so that attribute lookups, keyword matching and class
//! dictionaries compare integers instead of strings.
//!
//! Names live for the whole process (`&'static str`): the same identifiers come back run after
//! run, so the table only grows by the distinct names a person ever types, a few kilobytes. In
//! exchange, a class or coroutine name can be handed to the runtime, whose task and exception
//! records take `&'static str`.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

/// An interned identifier.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

impl std::fmt::Debug for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.as_str())
    }
}

impl std::fmt::Display for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

struct Interner {
    ids: HashMap<&'static str, Sym>,
    names: Vec<&'static str>,
}

thread_local! {
    static NAMES: RefCell<Interner> = RefCell::new(Interner::with_well_known());
}

impl Interner {
    fn with_well_known() -> Interner {
        let mut interner = Interner { ids: HashMap::default(), names: Vec::new() };
        for name in WELL_KNOWN {
            interner.intern_static(name);
        }
        interner
    }

    fn intern_static(&mut self, name: &'static str) -> Sym {
        if let Some(&sym) = self.ids.get(name) {
            return sym;
        }
        let sym = Sym(self.names.len() as u32);
        self.names.push(name);
        self.ids.insert(name, sym);
        sym
    }
}

impl Sym {
    /// The symbol of `name`, interning it on first sight.
    pub fn new(name: &str) -> Sym {
        NAMES.with(|n| {
            let mut n = n.borrow_mut();
            if let Some(&sym) = n.ids.get(name) {
                return sym;
            }
            let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
            n.intern_static(leaked)
        })
    }

    pub fn as_str(self) -> &'static str {
        NAMES.with(|n| n.borrow().names.get(self.0 as usize).copied().unwrap_or("<unknown name>"))
    }

    /// A dunder name such as `__init__`.
    pub fn is_dunder(self) -> bool {
        let s = self.as_str();
        s.len() > 4 && s.starts_with("__") && s.ends_with("__")
    }
}

/// `name` as a `&'static str`, interned (for the runtime's task and exception names).
pub fn intern_static(name: &str) -> &'static str {
    Sym::new(name).as_str()
}

macro_rules! well_known {
    ($($id:ident = $name:literal,)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u32)]
        enum WellKnown { $($id,)* }
        const WELL_KNOWN: &[&str] = &[$($name,)*];
        /// The names the interpreter itself looks up, interned first so that they are constants.
        #[allow(non_upper_case_globals)]
        pub mod sym {
            use super::{Sym, WellKnown};
            $(pub const $id: Sym = Sym(WellKnown::$id as u32);)*
        }
    };
}

well_known! {
    __init__ = "__init__",
    __new__ = "__new__",
    __repr__ = "__repr__",
    __str__ = "__str__",
    __eq__ = "__eq__",
    __ne__ = "__ne__",
    __lt__ = "__lt__",
    __le__ = "__le__",
    __gt__ = "__gt__",
    __ge__ = "__ge__",
    __hash__ = "__hash__",
    __len__ = "__len__",
    __bool__ = "__bool__",
    __iter__ = "__iter__",
    __next__ = "__next__",
    __getitem__ = "__getitem__",
    __setitem__ = "__setitem__",
    __delitem__ = "__delitem__",
    __contains__ = "__contains__",
    __call__ = "__call__",
    __enter__ = "__enter__",
    __exit__ = "__exit__",
    __aenter__ = "__aenter__",
    __aexit__ = "__aexit__",
    __await__ = "__await__",
    __aiter__ = "__aiter__",
    __anext__ = "__anext__",
    __getattr__ = "__getattr__",
    __getattribute__ = "__getattribute__",
    __setattr__ = "__setattr__",
    __delattr__ = "__delattr__",
    __add__ = "__add__",
    __sub__ = "__sub__",
    __mul__ = "__mul__",
    __truediv__ = "__truediv__",
    __floordiv__ = "__floordiv__",
    __mod__ = "__mod__",
    __pow__ = "__pow__",
    __matmul__ = "__matmul__",
    __lshift__ = "__lshift__",
    __rshift__ = "__rshift__",
    __and__ = "__and__",
    __or__ = "__or__",
    __xor__ = "__xor__",
    __radd__ = "__radd__",
    __rsub__ = "__rsub__",
    __rmul__ = "__rmul__",
    __rtruediv__ = "__rtruediv__",
    __rfloordiv__ = "__rfloordiv__",
    __rmod__ = "__rmod__",
    __rpow__ = "__rpow__",
    __rmatmul__ = "__rmatmul__",
    __rlshift__ = "__rlshift__",
    __rrshift__ = "__rrshift__",
    __rand__ = "__rand__",
    __ror__ = "__ror__",
    __rxor__ = "__rxor__",
    __iadd__ = "__iadd__",
    __isub__ = "__isub__",
    __imul__ = "__imul__",
    __itruediv__ = "__itruediv__",
    __ifloordiv__ = "__ifloordiv__",
    __imod__ = "__imod__",
    __ipow__ = "__ipow__",
    __imatmul__ = "__imatmul__",
    __ilshift__ = "__ilshift__",
    __irshift__ = "__irshift__",
    __iand__ = "__iand__",
    __ior__ = "__ior__",
    __ixor__ = "__ixor__",
    __neg__ = "__neg__",
    __pos__ = "__pos__",
    __invert__ = "__invert__",
    __abs__ = "__abs__",
    __int__ = "__int__",
    __float__ = "__float__",
    __index__ = "__index__",
    __format__ = "__format__",
    __name__ = "__name__",
    __qualname__ = "__qualname__",
    __module__ = "__module__",
    __doc__ = "__doc__",
    __dict__ = "__dict__",
    __class__ = "__class__",
    __bases__ = "__bases__",
    __mro__ = "__mro__",
    __main__ = "__main__",
    __builtins__ = "__builtins__",
    __file__ = "__file__",
    __traceback__ = "__traceback__",
    __cause__ = "__cause__",
    __context__ = "__context__",
    __suppress_context__ = "__suppress_context__",
    __set_name__ = "__set_name__",
    __init_subclass__ = "__init_subclass__",
    __del__ = "__del__",
    __get__ = "__get__",
    __set__ = "__set__",
    __slots__ = "__slots__",
    __code__ = "__code__",
    __defaults__ = "__defaults__",
    __wrapped__ = "__wrapped__",
    __self__ = "__self__",
    __func__ = "__func__",
    __annotations__ = "__annotations__",
    args = "args",
    value = "value",
    self_ = "self",
    cls = "cls",
    key = "key",
    reverse = "reverse",
    default = "default",
    start = "start",
    sep = "sep",
    end = "end",
    file = "file",
    flush = "flush",
    name = "name",
    send = "send",
    throw = "throw",
    close = "close",
    result = "result",
    exception = "exception",
    cancel = "cancel",
    cancelled = "cancelled",
    done = "done",
    super_ = "super",
    print = "print",
    object = "object",
    code = "code",
    stdout = "stdout",
    stderr = "stderr",
    write = "write",
    timeout = "timeout",
    return_when = "return_when",
    return_exceptions = "return_exceptions",
    context = "context",
    msg = "msg",
    loop_ = "loop",
    count = "count",
    maxsize = "maxsize",
    errno = "errno",
    strerror = "strerror",
    lineno = "lineno",
    filename = "filename",
    offset = "offset",
    text = "text",
    keywords = "keywords",
    func = "func",
    iterable = "iterable",
    maxlen = "maxlen",
    strict = "strict",
    initial = "initial",
    x = "x",
    base = "base",
    ndigits = "ndigits",
    step = "step",
    stop = "stop",
    real = "real",
    imag = "imag",
    numerator = "numerator",
    denominator = "denominator",
    dummy = "_",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_names_are_constants_and_interning_is_stable() {
        assert_eq!(Sym::new("__init__"), sym::__init__);
        assert_eq!(sym::__repr__.as_str(), "__repr__");
        let a = Sym::new("compute_square");
        assert_eq!(Sym::new("compute_square"), a);
        assert_eq!(a.as_str(), "compute_square");
        assert!(sym::__init__.is_dunder() && !a.is_dunder());
    }
}
