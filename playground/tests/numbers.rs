//! The interpreter's value library against CPython 3.11: every case of `tests/numbers/*.cases`
//! is evaluated here and compared with the line CPython printed for it in the matching `.txt`
//! (written by `python3 tests/numbers/record.py`, whose header documents the case format).
//! Every mismatch is printed before the test fails.

use std::path::{Path, PathBuf};

use playground::interpreter::format::{self, FormatArg, PrintfArgs};
use playground::interpreter::int::Int;
use playground::interpreter::number::{self, BinaryOp, Number};
use playground::interpreter::set_table::{tuple_hash, SetTable};
use playground::interpreter::{float, text};
use playground::runtime::Exception;

fn numbers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/numbers")
}

fn fnv1a64(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// An argument of a case line, as `record.py` reads it.
#[derive(Clone, Debug)]
enum V {
    None,
    Bool(bool),
    Int(Int),
    Float(f64),
    Str(String),
    Name(String),
    Tuple(Vec<V>),
    List(Vec<V>),
    Dict(Vec<(V, V)>),
}

#[derive(Debug, PartialEq)]
enum Token {
    Open(char),
    Close(char),
    Str(String),
    Word(String),
}

fn tokens(line: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = line.chars().peekable();
    while let Some(&c) = it.peek() {
        if c.is_whitespace() {
            it.next();
        } else if "([{".contains(c) {
            out.push(Token::Open(c));
            it.next();
        } else if ")]}".contains(c) {
            out.push(Token::Close(c));
            it.next();
        } else if c == '"' {
            it.next();
            out.push(Token::Str(json_string(&mut it)));
        } else {
            let mut word = String::new();
            while let Some(&c) = it.peek() {
                if c.is_whitespace() || "()[]{}".contains(c) {
                    break;
                }
                word.push(c);
                it.next();
            }
            out.push(Token::Word(word));
        }
    }
    out
}

/// The rest of a JSON string literal after its opening quote.
fn json_string(it: &mut std::iter::Peekable<std::str::Chars>) -> String {
    let mut s = String::new();
    let hex4 = |it: &mut std::iter::Peekable<std::str::Chars>| {
        let h: String = it.take(4).collect();
        u32::from_str_radix(&h, 16).expect("\\u takes 4 hex digits")
    };
    while let Some(c) = it.next() {
        match c {
            '"' => return s,
            '\\' => match it.next().expect("an escape after \\") {
                'n' => s.push('\n'),
                't' => s.push('\t'),
                'r' => s.push('\r'),
                'b' => s.push('\x08'),
                'f' => s.push('\x0c'),
                'u' => {
                    let mut u = hex4(it);
                    if (0xd800..0xdc00).contains(&u) {
                        assert_eq!((it.next(), it.next()), (Some('\\'), Some('u')), "a low surrogate follows");
                        let low = hex4(it);
                        u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                    }
                    s.push(char::from_u32(u).expect("a scalar value"));
                }
                other => s.push(other),
            },
            c => s.push(c),
        }
    }
    panic!("unterminated string")
}

fn atom(word: &str) -> V {
    match word {
        "None" => return V::None,
        "True" => return V::Bool(true),
        "False" => return V::Bool(false),
        _ => {}
    }
    if let Some(v) = int_expression(word) {
        return V::Int(v);
    }
    match word.parse::<f64>() {
        Ok(f) => V::Float(f),
        Err(_) => V::Name(word.to_string()),
    }
}

/// A sum of terms like `2**64-1` or `-2**1024+2**970`, each digits or `B**E`; `-2**4` is
/// `-(2**4)` as in Python. `None` if `word` is not one.
fn int_expression(word: &str) -> Option<Int> {
    let mut total = Int::zero();
    let mut rest = word;
    while !rest.is_empty() {
        let negative = rest.starts_with('-');
        let body = rest.strip_prefix(['+', '-']).unwrap_or(rest);
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = digits(body);
        if n == 0 {
            return None;
        }
        let mut term = Int::parse(&body[..n], 10).ok()?;
        rest = &body[n..];
        if let Some(after) = rest.strip_prefix("**") {
            let e = digits(after);
            if e == 0 {
                return None;
            }
            term = term.pow(&Int::parse(&after[..e], 10).ok()?).ok()?;
            rest = &after[e..];
        }
        total = if negative { total.sub(&term) } else { total.add(&term) };
    }
    Some(total)
}

fn parse(toks: &[Token], i: &mut usize, close: Option<char>) -> Vec<V> {
    let mut values = Vec::new();
    while *i < toks.len() {
        let t = &toks[*i];
        *i += 1;
        match t {
            Token::Close(c) => {
                assert_eq!(Some(*c), close, "brackets match");
                return values;
            }
            Token::Open(c) => {
                let inner = parse(toks, i, Some(matching(*c)));
                values.push(match c {
                    '(' => V::Tuple(inner),
                    '[' => V::List(inner),
                    _ => V::Dict(inner.chunks(2).map(|kv| (kv[0].clone(), kv[1].clone())).collect()),
                });
            }
            Token::Str(s) => values.push(V::Str(s.clone())),
            Token::Word(w) => values.push(atom(w)),
        }
    }
    values
}

fn matching(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

type R = Result<V, Exception>;

fn unsupported(what: &str) -> Exception {
    Exception::new("TestHarness", format!("no case for {what}"))
}

fn number(v: &V) -> Option<Number> {
    match v {
        V::Bool(b) => Some(Number::Int(Int::Small(i64::from(*b)))),
        V::Int(i) => Some(Number::Int(i.clone())),
        V::Float(f) => Some(Number::Float(*f)),
        _ => None,
    }
}

fn from_number(n: Number) -> V {
    match n {
        Number::Int(i) => V::Int(i),
        Number::Float(f) => V::Float(f),
    }
}

fn small(v: &V) -> Option<i64> {
    match v {
        V::Int(i) => i.as_i64(),
        V::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn opt_small(v: Option<&V>) -> Result<Option<i64>, Exception> {
    match v {
        None | Some(V::None) => Ok(None),
        Some(v) => small(v).map(Some).ok_or_else(|| unsupported("an index")),
    }
}

fn string(v: &V) -> Result<&str, Exception> {
    match v {
        V::Str(s) => Ok(s),
        _ => Err(unsupported("a non-str argument")),
    }
}

/// `repr(v)`, built from the library's own reprs.
fn repr(v: &V) -> Result<String, Exception> {
    Ok(match v {
        V::None => "None".into(),
        V::Bool(b) => if *b { "True" } else { "False" }.into(),
        V::Int(i) => i.to_decimal()?,
        V::Float(f) => float::repr(*f),
        V::Str(s) => text::repr(s),
        V::Name(n) => n.clone(),
        V::Tuple(items) if items.len() == 1 => format!("({},)", repr(&items[0])?),
        V::Tuple(items) => format!("({})", reprs(items)?),
        V::List(items) => format!("[{}]", reprs(items)?),
        V::Dict(items) => {
            let kv: Result<Vec<String>, Exception> =
                items.iter().map(|(k, v)| Ok(format!("{}: {}", repr(k)?, repr(v)?))).collect();
            format!("{{{}}}", kv?.join(", "))
        }
    })
}

fn reprs(items: &[V]) -> Result<String, Exception> {
    Ok(items.iter().map(repr).collect::<Result<Vec<_>, _>>()?.join(", "))
}

fn str_of(v: &V) -> Result<String, Exception> {
    match v {
        V::Str(s) => Ok(s.clone()),
        other => repr(other),
    }
}

fn hash(v: &V) -> Result<i64, Exception> {
    match v {
        V::Tuple(items) => Ok(tuple_hash(&items.iter().map(hash).collect::<Result<Vec<_>, _>>()?)),
        v => number(v).map(|n| n.hash()).ok_or_else(|| unsupported("hash of this type")),
    }
}

/// What the VM would pass to the formatting functions for `v`.
fn format_arg(v: &V) -> Result<FormatArg<'_>, Exception> {
    Ok(match v {
        V::Bool(b) => FormatArg::Bool(*b),
        V::Int(i) => FormatArg::Int(i),
        V::Float(f) => FormatArg::Float(*f),
        V::Str(s) => FormatArg::Str(s),
        V::None => FormatArg::Other { type_name: "NoneType", str: "None".into(), repr: "None".into(), format: None },
        V::List(_) => FormatArg::Other { type_name: "list", str: repr(v)?, repr: repr(v)?, format: None },
        V::Tuple(_) => FormatArg::Other { type_name: "tuple", str: repr(v)?, repr: repr(v)?, format: None },
        V::Dict(_) => FormatArg::Other { type_name: "dict", str: repr(v)?, repr: repr(v)?, format: None },
        V::Name(_) => return Err(unsupported("a name as a value")),
    })
}

fn compare(op: &str, a: &V, b: &V) -> R {
    use std::cmp::Ordering::*;
    let order = match (number(a), number(b), a, b) {
        (Some(x), Some(y), _, _) => x.compare(&y),
        (_, _, V::Str(x), V::Str(y)) => Some(text::compare(x, y)),
        _ => return Err(unsupported("comparing these")),
    };
    Ok(V::Bool(match op {
        "<" => order == Some(Less),
        "<=" => matches!(order, Some(Less | Equal)),
        "==" => order == Some(Equal),
        "!=" => order != Some(Equal),
        ">" => order == Some(Greater),
        _ => matches!(order, Some(Greater | Equal)),
    }))
}

fn binary(op: &str, a: &V, b: &V) -> R {
    if matches!(op, "<" | "<=" | "==" | "!=" | ">" | ">=") {
        return compare(op, a, b);
    }
    if let (Some(x), Some(y)) = (number(a), number(b)) {
        let op = BinaryOp::from_symbol(op).ok_or_else(|| unsupported(op))?;
        if let (V::Bool(p), V::Bool(q)) = (a, b) {
            if let Some(r) = number::bool_bitwise(op, *p, *q) {
                return Ok(V::Bool(r));
            }
        }
        return x.binary(op, &y)?.map(from_number).ok_or_else(|| unsupported("a float bitwise operator"));
    }
    match (op, a, b) {
        ("+", V::Str(x), V::Str(y)) => Ok(V::Str(format!("{x}{y}"))),
        ("*", V::Str(s), n) | ("*", n, V::Str(s)) => {
            Ok(V::Str(text::repeat(s, small(n).ok_or_else(|| unsupported("str * this"))?)?))
        }
        ("%", V::Str(template), args) => {
            let converted = match args {
                V::Tuple(items) => PrintfArgs::Tuple(items.iter().map(format_arg).collect::<Result<_, _>>()?),
                V::Dict(items) => PrintfArgs::Mapping(
                    format_arg(args)?,
                    items.iter().map(|(k, v)| Ok((str_of(k)?, format_arg(v)?))).collect::<Result<_, Exception>>()?,
                ),
                other => PrintfArgs::Single(format_arg(other)?),
            };
            Ok(V::Str(format::printf(template, &converted)?))
        }
        _ => Err(unsupported(op)),
    }
}

fn builtin(op: &str, args: &[V]) -> R {
    let arg = |i: usize| args.get(i).ok_or_else(|| unsupported("a missing argument"));
    let num = |i: usize| arg(i).and_then(|v| number(v).ok_or_else(|| unsupported("a non-number")));
    match (op, args.len()) {
        ("neg", 1) => Ok(from_number(num(0)?.neg())),
        ("abs", 1) => Ok(from_number(num(0)?.abs())),
        ("invert", 1) => match num(0)? {
            Number::Int(i) => Ok(V::Int(i.invert())),
            Number::Float(_) => Err(unsupported("~float")),
        },
        ("divmod", 2) => {
            let (q, r) = num(0)?.divmod(&num(1)?)?;
            Ok(V::Tuple(vec![from_number(q), from_number(r)]))
        }
        ("pow", 3) => num(0)?.pow_mod(&num(1)?, &num(2)?)?.map(from_number).ok_or_else(|| unsupported("float pow")),
        ("int", 1) => match arg(0)? {
            V::Str(s) => Ok(V::Int(Int::parse(s, 10)?)),
            V::Float(f) => Ok(V::Int(Int::from_f64(*f)?)),
            other => number(other).map(from_number).ok_or_else(|| unsupported("int(this)")),
        },
        ("int", 2) => {
            let base = small(arg(1)?).and_then(|b| u32::try_from(b).ok()).ok_or_else(|| unsupported("base"))?;
            Ok(V::Int(Int::parse(string(arg(0)?)?, base)?))
        }
        ("float", 1) => match arg(0)? {
            V::Str(s) => Ok(V::Float(float::parse(s)?)),
            _ => Ok(V::Float(num(0)?.to_f64()?)),
        },
        ("str", 1) => Ok(V::Str(str_of(arg(0)?)?)),
        ("repr", 1) => Ok(V::Str(repr(arg(0)?)?)),
        ("ascii", 1) => Ok(V::Str(text::ascii(string(arg(0)?)?))),
        ("round", 1) => Ok(V::Int(num(0)?.round()?)),
        ("round", 2) => match arg(1)? {
            V::None => Ok(V::Int(num(0)?.round()?)),
            n => {
                let Some(Number::Int(n)) = number(n) else { return Err(unsupported("round's ndigits")) };
                Ok(from_number(num(0)?.round_to(&n)?))
            }
        },
        ("hash", 1) => Ok(V::Int(Int::Small(hash(arg(0)?)?))),
        ("len", 1) => Ok(V::Int(Int::Small(text::len(string(arg(0)?)?) as i64))),
        ("is_integer", 1) => match arg(0)? {
            V::Float(f) => Ok(V::Bool(float::is_integer(*f))),
            _ => Err(unsupported("is_integer of a non-float")),
        },
        ("bit_length", 1) => match num(0)? {
            Number::Int(i) => Ok(V::Int(Int::Small(i.bit_length() as i64))),
            Number::Float(_) => Err(unsupported("bit_length of a float")),
        },
        _ => Err(unsupported(op)),
    }
}

fn strs(v: &V) -> Result<Vec<String>, Exception> {
    match v {
        V::Str(s) => Ok(vec![s.clone()]),
        V::Tuple(items) | V::List(items) => items.iter().map(|i| string(i).map(str::to_string)).collect(),
        _ => Err(unsupported("a str or a tuple of them")),
    }
}

fn str_list(items: Vec<String>) -> V {
    V::List(items.into_iter().map(V::Str).collect())
}

fn triple((a, b, c): (String, String, String)) -> V {
    V::Tuple(vec![V::Str(a), V::Str(b), V::Str(c)])
}

/// `s.method(*rest)` for the str methods the library provides.
fn str_method(op: &str, s: &str, rest: &[V]) -> R {
    let opt_str = |i: usize| match rest.get(i) {
        None | Some(V::None) => Ok(None),
        Some(v) => string(v).map(Some),
    };
    let int_or = |i: usize, default: i64| match rest.get(i) {
        None => Ok(default),
        Some(v) => small(v).ok_or_else(|| unsupported("an int argument")),
    };
    let fill = |i: usize| match rest.get(i) {
        None => Ok(' '),
        Some(v) => string(v)?.chars().next().ok_or_else(|| unsupported("an empty fill")),
    };
    let sub = || rest.first().ok_or_else(|| unsupported("no argument")).and_then(string);
    let bounds = || Ok::<_, Exception>((opt_small(rest.get(1))?, opt_small(rest.get(2))?));
    let s_ = |x: String| Ok(V::Str(x));
    let b = |x: bool| Ok(V::Bool(x));
    let i = |x: i64| Ok(V::Int(Int::Small(x)));
    match op {
        "split" => Ok(str_list(text::split(s, opt_str(0)?, int_or(1, -1)?)?)),
        "rsplit" => Ok(str_list(text::rsplit(s, opt_str(0)?, int_or(1, -1)?)?)),
        "splitlines" => Ok(str_list(text::splitlines(s, matches!(rest.first(), Some(V::Bool(true)))))),
        "strip" => s_(text::strip(s, opt_str(0)?).into()),
        "lstrip" => s_(text::lstrip(s, opt_str(0)?).into()),
        "rstrip" => s_(text::rstrip(s, opt_str(0)?).into()),
        "join" => s_(text::join(s, &strs(rest.first().ok_or_else(|| unsupported("join's items"))?)?)),
        "replace" => s_(text::replace(s, string(&rest[0])?, string(&rest[1])?, int_or(2, -1)?)?),
        "find" => i(text::find(s, sub()?, bounds()?.0, bounds()?.1)),
        "rfind" => i(text::rfind(s, sub()?, bounds()?.0, bounds()?.1)),
        "index" => i(text::index(s, sub()?, bounds()?.0, bounds()?.1)?),
        "rindex" => i(text::rindex(s, sub()?, bounds()?.0, bounds()?.1)?),
        "count" => i(text::count(s, sub()?, bounds()?.0, bounds()?.1)),
        "startswith" | "endswith" => {
            let subs = strs(rest.first().ok_or_else(|| unsupported("no prefix"))?)?;
            let subs: Vec<&str> = subs.iter().map(String::as_str).collect();
            let (start, end) = bounds()?;
            if op == "startswith" {
                b(text::startswith(s, &subs, start, end))
            } else {
                b(text::endswith(s, &subs, start, end))
            }
        }
        "upper" => s_(text::upper(s)),
        "lower" => s_(text::lower(s)),
        "title" => s_(text::title(s)),
        "capitalize" => s_(text::capitalize(s)),
        "swapcase" => s_(text::swapcase(s)),
        "casefold" => s_(text::casefold(s)),
        "isdigit" => b(text::isdigit(s)),
        "isalpha" => b(text::isalpha(s)),
        "isalnum" => b(text::isalnum(s)),
        "isspace" => b(text::isspace(s)),
        "isupper" => b(text::isupper(s)),
        "islower" => b(text::islower(s)),
        "istitle" => b(text::istitle(s)),
        "isdecimal" => b(text::isdecimal(s)),
        "isnumeric" => b(text::isnumeric(s)),
        "isidentifier" => b(text::isidentifier(s)),
        "isprintable" => b(text::isprintable(s)),
        "isascii" => b(text::isascii(s)),
        "center" => s_(text::center(s, int_or(0, 0)?, fill(1)?)?),
        "ljust" => s_(text::ljust(s, int_or(0, 0)?, fill(1)?)?),
        "rjust" => s_(text::rjust(s, int_or(0, 0)?, fill(1)?)?),
        "zfill" => s_(text::zfill(s, int_or(0, 0)?)?),
        "partition" => Ok(triple(text::partition(s, sub()?)?)),
        "rpartition" => Ok(triple(text::rpartition(s, sub()?)?)),
        "expandtabs" => s_(text::expandtabs(s, int_or(0, 8)?)?),
        "removeprefix" => s_(text::removeprefix(s, sub()?).into()),
        "removesuffix" => s_(text::removesuffix(s, sub()?).into()),
        _ => Err(unsupported(op)),
    }
}

/// A set element: hashed and compared as the VM would, through the library.
#[derive(Clone, Debug)]
struct Key(V);

fn key_eq(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Tuple(x), V::Tuple(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| key_eq(p, q)),
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x.equals(&y),
            _ => false,
        },
    }
}

/// `record.py`'s `run_set`, on [`SetTable`].
fn run_set(program: &[V]) -> R {
    let eq = |a: &Key, b: &Key| key_eq(&a.0, &b.0);
    let mut s: SetTable<Key> = SetTable::new();
    let mut mode = "add";
    let mut popped = Vec::new();
    let mut i = 0;
    while i < program.len() {
        match &program[i] {
            V::Name(word) => match word.as_str() {
                "pop" => popped.push(s.pop()?.0),
                "copy" => s = s.copy(),
                "literal"
                | "update"
                | "union"
                | "intersection"
                | "difference"
                | "symmetric_difference"
                | "intersection_update"
                | "difference_update"
                | "symmetric_difference_update" => {
                    let mut items = Vec::new();
                    i += 1;
                    while i < program.len() && !matches!(program[i], V::Name(_)) {
                        items.push((Key(program[i].clone()), hash(&program[i])?));
                        i += 1;
                    }
                    if word == "literal" {
                        s = SetTable::from_display(items, true, eq);
                    } else {
                        let mut other = SetTable::new();
                        for (k, h) in items {
                            other.add(k, h, eq);
                        }
                        match word.as_str() {
                            "update" => s.update(&other, eq),
                            "union" => s = s.union(&other, eq),
                            "intersection" => s = s.intersection(&other, eq),
                            "difference" => s = s.difference(&other, eq),
                            "symmetric_difference" => s = s.symmetric_difference(&other, eq),
                            "intersection_update" => s.intersection_update(&other, eq),
                            "difference_update" => s.difference_update(&other, eq),
                            _ => s.symmetric_difference_update(&other, eq),
                        }
                    }
                    continue;
                }
                "add" | "discard" | "remove" => mode = word,
                other => return Err(unsupported(other)),
            },
            v => {
                let h = hash(v)?;
                match mode {
                    "add" => s.add(Key(v.clone()), h, eq),
                    "discard" => {
                        s.discard(&Key(v.clone()), h, eq);
                    }
                    _ => {
                        if !s.discard(&Key(v.clone()), h, eq) {
                            return Err(Exception::new("KeyError", repr(v)?));
                        }
                    }
                }
            }
        }
        i += 1;
    }
    let list = V::List(s.iter().map(|k| k.0.clone()).collect());
    Ok(if popped.is_empty() { list } else { V::Tuple(vec![list, V::List(popped)]) })
}

fn evaluate(op: &str, args: &[V]) -> R {
    match (op, args) {
        (_, [a, b]) if BinaryOp::from_symbol(op).is_some() || matches!(op, "<" | "<=" | "==" | "!=" | ">" | ">=") => {
            binary(op, a, b)
        }
        ("**", _) => Err(unsupported("**")),
        ("format", [v, spec]) => Ok(V::Str(format::format(&format_arg(v)?, string(spec)?)?)),
        ("str.format", [template, rest @ ..]) => {
            let (positional, keywords) = match rest.split_last() {
                Some((V::Dict(kw), pos)) => (pos, kw.as_slice()),
                _ => (rest, &[][..]),
            };
            let positional: Vec<FormatArg> = positional.iter().map(format_arg).collect::<Result<_, _>>()?;
            let keywords: Vec<(String, FormatArg)> =
                keywords.iter().map(|(k, v)| Ok((str_of(k)?, format_arg(v)?))).collect::<Result<_, Exception>>()?;
            Ok(V::Str(format::str_format(string(template)?, &positional, &keywords)?))
        }
        ("getitem", [s, i]) => Ok(V::Str(text::get_item(string(s)?, small(i).ok_or_else(|| unsupported("index"))?)?)),
        ("slice", [s, a, b, c]) => {
            Ok(V::Str(text::slice(string(s)?, opt_small(Some(a))?, opt_small(Some(b))?, opt_small(Some(c))?)?))
        }
        ("in", [a, b]) => Ok(V::Bool(text::contains(string(b)?, string(a)?))),
        ("set", program) => run_set(program),
        (_, [V::Str(s), rest @ ..]) if !matches!(op, "int" | "float" | "str" | "repr" | "ascii" | "len") => {
            str_method(op, s, rest)
        }
        _ => builtin(op, args),
    }
}

/// What `record.py`'s `show` prints for a case.
fn show(op: &str, args: &[V]) -> String {
    match evaluate(op, args).and_then(|v| repr(&v)) {
        Ok(text) => text,
        Err(e) => format!("{}: {}", e.kind, e.message),
    }
}

/// Evaluates every case of `NAME.cases` and compares it with `NAME.txt`.
fn check(name: &str) {
    let dir = numbers_dir();
    let cases_path = dir.join(format!("{name}.cases"));
    let data = std::fs::read(&cases_path).unwrap_or_else(|e| panic!("{}: {e}", cases_path.display()));
    let rerun = "rerun `python3 tests/numbers/record.py` (CPython 3.11)";
    let expected_path = dir.join(format!("{name}.txt"));
    let expected =
        std::fs::read_to_string(&expected_path).unwrap_or_else(|e| panic!("{}: {e}: {rerun}", expected_path.display()));
    let mut expected = expected.lines();
    let hash = fnv1a64(&data);
    assert_eq!(
        expected.next(),
        Some(hash.as_str()),
        "{} was recorded from another {name}.cases: {rerun}",
        expected_path.display()
    );
    let text = String::from_utf8(data).expect("cases are UTF-8");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).collect();
    let expected: Vec<&str> = expected.collect();
    assert_eq!(lines.len(), expected.len(), "{name}.txt has one line per case: {rerun}");
    let mut failures = Vec::new();
    for (line, want) in lines.iter().zip(&expected) {
        let toks = tokens(line);
        let op = match &toks[0] {
            Token::Word(w) => w.clone(),
            other => panic!("{line}: an operation first, not {other:?}"),
        };
        let args = parse(&toks, &mut 1, None);
        let got = show(&op, &args);
        if got != *want {
            failures.push(format!("  {line}\n    CPython: {want}\n    ours:    {got}"));
        }
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} cases in {name}.cases differ from CPython:\n{}",
            failures.len(),
            lines.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn ints_compute_as_cpython() {
    check("int");
}

#[test]
fn random_big_ints_compute_as_cpython() {
    check("bigint");
}

#[test]
fn floats_compute_and_print_as_cpython() {
    check("float");
}

#[test]
fn format_specs_and_printf_format_as_cpython() {
    check("format");
}

#[test]
fn str_methods_and_repr_answer_as_cpython() {
    check("text");
}

#[test]
fn sets_iterate_in_cpython_order() {
    check("set");
}

#[test]
fn a_stale_expected_file_is_refused() {
    // The hash that guards every .txt must change when a case changes.
    assert_ne!(fnv1a64(b"+ 1 2\n"), fnv1a64(b"+ 1 3\n"));
    assert_eq!(fnv1a64(b""), "cbf29ce484222325");
    assert_eq!(fnv1a64(b"a"), "af63dc4c8601ec8c");
}

/// Where the library refuses what CPython would grind through: a page must not freeze.
#[test]
fn results_past_max_bits_are_errors_not_a_frozen_page() {
    use playground::interpreter::int::MAX_BITS;
    let huge = Int::Small(3).pow(&Int::Small(100_000_000)).unwrap_err();
    assert_eq!(huge.kind, "MemoryError");
    let shift = Int::Small(1).lshift(&Int::Small(MAX_BITS as i64 + 1)).unwrap_err();
    assert_eq!(shift.to_string(), "OverflowError: too many digits in integer");
    // Up to the limit still computes.
    assert_eq!(Int::Small(1).lshift(&Int::Small(MAX_BITS as i64 - 1)).map(|v| v.bit_length()), Ok(MAX_BITS));
}

/// Floats whose shortest reprs tie (two 16- or 17-digit strings equally near): CPython's repr
/// (David Gay's dtoa) rounds the tie to even; these are `python3 -c 'print(repr(x))'`.
#[test]
#[allow(clippy::excessive_precision, reason = "each literal is its float's exact value, the tie")]
fn float_repr_rounds_a_tie_between_shortest_digits_to_even() {
    assert_eq!(float::repr(1077004770123625.25), "1077004770123625.2");
    assert_eq!(float::repr(26363981746409.3125), "26363981746409.312");
    assert_eq!(float::repr(-108868734838530.125), "-108868734838530.12");
    assert_eq!(float::repr(247085000058640.625), "247085000058640.62");
    // Not ties: the shortest digits as they are.
    assert_eq!(float::repr(1.0 / 3.0), "0.3333333333333333");
    assert_eq!(float::repr(1e16), "1e+16");
    assert_eq!(float::repr(1.5e-7), "1.5e-07");
    assert_eq!(float::repr(123456789012345680.0), "1.2345678901234568e+17");
    assert_eq!(float::repr(0.0001), "0.0001");
    assert_eq!(float::repr(-0.0), "-0.0");
}

/// Where the interpreter's `**` knowingly differs from CPython on glibc: it rounds correctly
/// (checked with mpmath at 300 bits), while glibc's `pow` is off by an ulp for about 0.06% of
/// pairs and rounds exact halfway results either way.
#[test]
fn float_pow_rounds_correctly_where_glibc_does_not() {
    // Exactly halfway between two doubles: halves go to even (`float(10**23)` agrees).
    assert_eq!(float::pow(10.0, 23.0), Ok(1e23));
    // 250.5 ** 6 is exactly 247085000058640.625; CPython prints that float as ...62 (a tie
    // between two shortest reprs goes to even), its own 250.5 ** 6 as ...66 (glibc's pow).
    assert_eq!(float::repr(float::pow(250.5, 6.0).unwrap()), "247085000058640.62");
    // glibc gives 9.162649298340629e+55; the exact value is nearer 9.16264929834063e+55.
    assert_eq!(float::pow(309.623, 22.46718918918919), Ok(9.16264929834063e55));
    // Subnormal results round once: glibc and the interpreter agree on 1.24955743553945e-310.
    assert_eq!(float::pow(1.004723809133135, -151416.50518984173), Ok(1.24955743553945e-310));
}
