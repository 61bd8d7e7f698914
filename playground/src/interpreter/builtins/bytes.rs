//! `bytes`: what sockets send and receive. Immutable byte strings with CPython's repr,
//! comparisons, hashing (equal to the hash of the same ASCII `str`, as in CPython), indexing
//! (an `int`), slicing, iteration, `in`, `+` and `*`, the methods teaching code uses, and the
//! codecs `str.encode` and `bytes.decode` need: UTF-8, ASCII and Latin-1, with CPython's
//! errors.

use super::super::names::Sym;
use super::super::value::{IterKind, Value};
use super::super::vm::{error, new_iter, type_error, value_error, Interp, Unwind, VmResult};
use super::{arity, int_arg, kwarg, method};

/// The bytes of a `bytes` value, or `None`.
pub fn bytes_of(v: &Value) -> Option<&[u8]> {
    match v {
        Value::Bytes(b) => Some(b.as_slice()),
        _ => None,
    }
}

fn this(a: &[Value]) -> &[u8] {
    a.first().and_then(bytes_of).unwrap_or(&[])
}

/// A bytes-like argument, or CPython's `TypeError`.
fn bytes_arg<'a>(interp: &Interp, v: &'a Value) -> VmResult<&'a [u8]> {
    bytes_of(v).ok_or_else(|| type_error(format!("a bytes-like object is required, not '{}'", interp.type_name(v))))
}

/// The codecs there are, by CPython's names for them.
#[derive(Clone, Copy, PartialEq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
}

fn codec(interp: &Interp, v: Option<&Value>) -> VmResult<Codec> {
    let Some(v) = v else { return Ok(Codec::Utf8) };
    let name = super::str_arg(interp, v, "encoding")?;
    let norm: String = name.to_ascii_lowercase().replace(['-', ' '], "_");
    Ok(match norm.as_str() {
        "utf_8" | "utf8" | "u8" => Codec::Utf8,
        "ascii" | "us_ascii" | "646" => Codec::Ascii,
        "latin_1" | "latin1" | "iso_8859_1" | "iso8859_1" | "l1" => Codec::Latin1,
        _ => return Err(error("LookupError", format!("unknown encoding: {name}"))),
    })
}

/// `errors=`: `strict`, `replace` or `ignore`.
fn errors_mode(interp: &Interp, v: Option<&Value>) -> VmResult<&'static str> {
    let Some(v) = v else { return Ok("strict") };
    Ok(match super::str_arg(interp, v, "errors")? {
        "strict" => "strict",
        "replace" => "replace",
        "ignore" => "ignore",
        other => return Err(error("LookupError", format!("unknown error handler name '{other}'"))),
    })
}

/// `s.encode(encoding, errors)`.
pub fn encode(interp: &Interp, s: &str, encoding: Option<&Value>, errors: Option<&Value>) -> VmResult<Vec<u8>> {
    let codec = codec(interp, encoding)?;
    let mode = errors_mode(interp, errors)?;
    if codec == Codec::Utf8 {
        return Ok(s.as_bytes().to_vec());
    }
    let limit = if codec == Codec::Ascii { 128 } else { 256 };
    let mut out = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let n = c as u32;
        if n < limit {
            out.push(n as u8);
            continue;
        }
        match mode {
            "replace" => out.push(b'?'),
            "ignore" => {}
            _ => {
                return Err(error(
                    "UnicodeEncodeError",
                    format!(
                        "'{}' codec can't encode character '{}' in position {i}: ordinal not in range({limit})",
                        codec.name(),
                        match n {
                            0..=0xff => format!("\\x{n:02x}"),
                            0x100..=0xffff => format!("\\u{n:04x}"),
                            _ => format!("\\U{n:08x}"),
                        }
                    ),
                ))
            }
        }
    }
    Ok(out)
}

/// `b.decode(encoding, errors)`.
pub fn decode(interp: &Interp, b: &[u8], encoding: Option<&Value>, errors: Option<&Value>) -> VmResult<String> {
    let codec = codec(interp, encoding)?;
    let mode = errors_mode(interp, errors)?;
    match codec {
        Codec::Latin1 => Ok(b.iter().map(|&c| c as char).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(b.len());
            for (i, &c) in b.iter().enumerate() {
                match c {
                    0..=127 => out.push(c as char),
                    _ if mode == "replace" => out.push('\u{fffd}'),
                    _ if mode == "ignore" => {}
                    _ => {
                        return Err(error(
                            "UnicodeDecodeError",
                            format!(
                                "'ascii' codec can't decode byte 0x{c:02x} in position {i}: ordinal not in range(128)"
                            ),
                        ))
                    }
                }
            }
            Ok(out)
        }
        Codec::Utf8 => {
            let mut out = String::with_capacity(b.len());
            let mut rest = b;
            let mut at = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        return Ok(out);
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                        let bad = e.error_len().unwrap_or(rest.len() - good);
                        if mode == "strict" {
                            let byte = rest[good];
                            let why = match e.error_len() {
                                None => "unexpected end of data",
                                Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => "invalid start byte",
                                Some(_) => "invalid continuation byte",
                            };
                            return Err(error(
                                "UnicodeDecodeError",
                                format!(
                                    "'utf-8' codec can't decode byte 0x{byte:02x} in position {}: {why}",
                                    at + good
                                ),
                            ));
                        }
                        if mode == "replace" {
                            out.push('\u{fffd}');
                        }
                        at += good + bad;
                        rest = &rest[good + bad..];
                    }
                }
            }
        }
    }
}

/// `bytes(...)`: empty, `n` zero bytes, the bytes of an iterable of ints, a copy, or a
/// string with its encoding.
pub fn construct(interp: &Interp, args: &[Value], kwargs: &[(Sym, Value)]) -> VmResult<Value> {
    arity("bytes", args, 0, 3)?;
    let encoding = args.get(1).or(kwarg("bytes", kwargs, &["source", "encoding", "errors"], "encoding")?);
    let errors = args.get(2).or(kwarg("bytes", kwargs, &["source", "encoding", "errors"], "errors")?);
    let Some(source) = args.first().or(kwarg("bytes", kwargs, &["source", "encoding", "errors"], "source")?) else {
        return Ok(Value::bytes(Vec::new()));
    };
    match source {
        Value::Str(s) => match encoding {
            Some(_) => Ok(Value::bytes(encode(interp, s.as_str(), encoding, errors)?)),
            None => Err(type_error("string argument without an encoding")),
        },
        _ if encoding.is_some() => Err(type_error("encoding without a string argument")),
        Value::Bytes(_) => Ok(source.clone()),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
            let n = int_arg(interp, source)?;
            if n < 0 {
                return Err(value_error("negative count"));
            }
            super::super::vm::check_len(n as usize)?;
            Ok(Value::bytes(vec![0; n as usize]))
        }
        Value::None | Value::Float(_) => {
            Err(type_error(format!("cannot convert '{}' object to bytes", interp.type_name(source))))
        }
        other => {
            let items = interp.collect(other).map_err(|e| match e {
                Unwind::Native(ex) if ex.kind == "TypeError" => {
                    type_error(format!("cannot convert '{}' object to bytes", interp.type_name(other)))
                }
                e => e,
            })?;
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.push(byte_value(interp, item, "bytes must be in range(0, 256)")?);
            }
            Ok(Value::bytes(out))
        }
    }
}

fn byte_value(interp: &Interp, v: &Value, range_message: &str) -> VmResult<u8> {
    let n = int_arg(interp, v)?;
    u8::try_from(n).map_err(|_| value_error(range_message))
}

/// `b[i]` (an `int`) and `b[i:j:k]` (`bytes`).
pub fn getitem(interp: &Interp, b: &[u8], key: &Value) -> VmResult<Value> {
    match key {
        Value::Slice(sl) => Ok(Value::bytes(super::super::vm::slice_items(b, sl)?)),
        k => match super::super::vm::as_index(k) {
            Some(i) => {
                let j = if i < 0 { i + b.len() as i64 } else { i };
                match usize::try_from(j).ok().and_then(|j| b.get(j)) {
                    Some(&c) => Ok(Value::Int(i64::from(c))),
                    None => Err(error("IndexError", "index out of range")),
                }
            }
            None => Err(type_error(format!("byte indices must be integers or slices, not {}", interp.type_name(k)))),
        },
    }
}

/// `x in b`: a byte value or a sub-sequence.
pub fn contains(interp: &Interp, b: &[u8], item: &Value) -> VmResult<bool> {
    match item {
        Value::Bytes(sub) => Ok(find(b, sub).is_some()),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
            Ok(b.contains(&byte_value(interp, item, "byte must be in range(0, 256)")?))
        }
        other => Err(type_error(format!("a bytes-like object is required, not '{}'", interp.type_name(other)))),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `iter(b)`: its bytes as ints.
pub fn iter(b: &[u8]) -> Value {
    new_iter(IterKind::Values {
        items: b.iter().map(|&c| Value::Int(i64::from(c))).collect(),
        index: 0,
        type_name: "bytes_iterator",
    })
}

/// `hash(b)`: the same as the hash of a `str` of the same ASCII characters, as CPython's.
pub fn hash(b: &[u8]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in b {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    match h as i64 {
        0 => 1,
        -1 => -2,
        h => h,
    }
}

/// `a + b` of bytes; `TypeError` with CPython's words for anything else.
pub fn concat(interp: &Interp, a: &[u8], other: &Value) -> VmResult<Value> {
    match other {
        Value::Bytes(b) => {
            super::super::vm::check_len(a.len() + b.len())?;
            let mut out = Vec::with_capacity(a.len() + b.len());
            out.extend_from_slice(a);
            out.extend_from_slice(b);
            Ok(Value::bytes(out))
        }
        other => Err(type_error(format!("can't concat {} to bytes", interp.type_name(other)))),
    }
}

/// `b * n`.
pub fn repeat(b: &[u8], n: i64) -> VmResult<Value> {
    let n = n.max(0) as usize;
    super::super::vm::check_len(b.len().saturating_mul(n))?;
    Ok(Value::bytes(b.repeat(n)))
}

fn prefix_args<'a>(interp: &Interp, name: &str, v: &'a Value) -> VmResult<Vec<&'a [u8]>> {
    match v {
        Value::Bytes(b) => Ok(vec![b.as_slice()]),
        Value::Tuple(t) => {
            t.0.iter()
                .map(|x| {
                    bytes_of(x).ok_or_else(|| {
                        type_error(format!("a bytes-like object is required, not '{}'", interp.type_name(x)))
                    })
                })
                .collect()
        }
        other => Err(type_error(format!(
            "{name} first arg must be bytes or a tuple of bytes, not {}",
            interp.type_name(other)
        ))),
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn strip_set<'a>(interp: &Interp, a: &'a [Value]) -> VmResult<Option<&'a [u8]>> {
    match a.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(v) => bytes_arg(interp, v).map(Some),
    }
}

fn stripped(b: &[u8], chars: Option<&[u8]>, left: bool, right: bool) -> Value {
    let strip = |c: &u8| chars.map_or(is_space(*c), |set| set.contains(c));
    let start = if left { b.iter().position(|c| !strip(c)).unwrap_or(b.len()) } else { 0 };
    let end = if right { b.iter().rposition(|c| !strip(c)).map_or(start, |i| i + 1) } else { b.len() };
    Value::bytes(b[start..end.max(start)].to_vec())
}

/// The methods of `bytes`.
pub fn install(interp: &Interp) {
    let c = &interp.types.bytes;
    method(c, "decode", |i, a, k| {
        arity("decode", &a[1..], 0, 2)?;
        let encoding = a.get(1).or(kwarg("decode", k, &["encoding", "errors"], "encoding")?);
        let errors = a.get(2).or(kwarg("decode", k, &["encoding", "errors"], "errors")?);
        Ok(Value::string(decode(i, this(a), encoding, errors)?))
    });
    method(c, "upper", |_, a, _| Ok(Value::bytes(this(a).to_ascii_uppercase())));
    method(c, "lower", |_, a, _| Ok(Value::bytes(this(a).to_ascii_lowercase())));
    method(c, "hex", |_, a, _| Ok(Value::string(this(a).iter().map(|c| format!("{c:02x}")).collect())));
    method(c, "startswith", |i, a, _| {
        arity("startswith", &a[1..], 1, 1)?;
        Ok(Value::Bool(prefix_args(i, "startswith", &a[1])?.iter().any(|p| this(a).starts_with(p))))
    });
    method(c, "endswith", |i, a, _| {
        arity("endswith", &a[1..], 1, 1)?;
        Ok(Value::Bool(prefix_args(i, "endswith", &a[1])?.iter().any(|p| this(a).ends_with(p))))
    });
    method(c, "strip", |i, a, _| Ok(stripped(this(a), strip_set(i, a)?, true, true)));
    method(c, "lstrip", |i, a, _| Ok(stripped(this(a), strip_set(i, a)?, true, false)));
    method(c, "rstrip", |i, a, _| Ok(stripped(this(a), strip_set(i, a)?, false, true)));
    method(c, "find", |i, a, _| {
        arity("find", &a[1..], 1, 1)?;
        let needle = bytes_arg(i, &a[1])?;
        Ok(Value::Int(find(this(a), needle).map_or(-1, |p| p as i64)))
    });
    method(c, "count", |i, a, _| {
        arity("count", &a[1..], 1, 1)?;
        let needle = bytes_arg(i, &a[1])?;
        let hay = this(a);
        if needle.is_empty() {
            return Ok(Value::Int(hay.len() as i64 + 1));
        }
        let (mut n, mut at) = (0, 0);
        while let Some(p) = find(&hay[at..], needle) {
            n += 1;
            at += p + needle.len();
        }
        Ok(Value::Int(n))
    });
    method(c, "replace", |i, a, _| {
        arity("replace", &a[1..], 2, 2)?;
        let (old, new) = (bytes_arg(i, &a[1])?, bytes_arg(i, &a[2])?);
        let hay = this(a);
        if old.is_empty() {
            return Ok(Value::bytes(hay.to_vec()));
        }
        let mut out = Vec::with_capacity(hay.len());
        let mut at = 0;
        while let Some(p) = find(&hay[at..], old) {
            out.extend_from_slice(&hay[at..at + p]);
            out.extend_from_slice(new);
            at += p + old.len();
        }
        out.extend_from_slice(&hay[at..]);
        Ok(Value::bytes(out))
    });
    method(c, "split", |i, a, _| {
        arity("split", &a[1..], 0, 1)?;
        let hay = this(a);
        let parts: Vec<Value> = match a.get(1) {
            None | Some(Value::None) => {
                hay.split(|c| is_space(*c)).filter(|p| !p.is_empty()).map(|p| Value::bytes(p.to_vec())).collect()
            }
            Some(sep) => {
                let sep = bytes_arg(i, sep)?;
                if sep.is_empty() {
                    return Err(value_error("empty separator"));
                }
                let mut parts = Vec::new();
                let mut at = 0;
                while let Some(p) = find(&hay[at..], sep) {
                    parts.push(Value::bytes(hay[at..at + p].to_vec()));
                    at += p + sep.len();
                }
                parts.push(Value::bytes(hay[at..].to_vec()));
                parts
            }
        };
        i.new_list(parts)
    });
    method(c, "join", |i, a, _| {
        arity("join", &a[1..], 1, 1)?;
        let items = i.collect(&a[1])?;
        let sep = this(a);
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let Some(b) = bytes_of(item) else {
                return Err(type_error(format!(
                    "sequence item {n}: expected a bytes-like object, {} found",
                    i.type_name(item)
                )));
            };
            if n > 0 {
                out.extend_from_slice(sep);
            }
            out.extend_from_slice(b);
        }
        Ok(Value::bytes(out))
    });
    method(c, "__len__", |_, a, _| Ok(Value::Int(this(a).len() as i64)));
    method(c, "__iter__", |_, a, _| Ok(iter(this(a))));
    method(c, "__getitem__", |i, a, _| {
        arity("__getitem__", &a[1..], 1, 1)?;
        getitem(i, this(a), &a[1])
    });
    method(c, "__contains__", |i, a, _| {
        arity("__contains__", &a[1..], 1, 1)?;
        Ok(Value::Bool(contains(i, this(a), &a[1])?))
    });
    method(c, "__hash__", |_, a, _| Ok(Value::Int(hash(this(a)))));
    method(c, "__repr__", |_, a, _| Ok(Value::string(super::super::source::repr_bytes(this(a)))));
    method(c, "__str__", |_, a, _| Ok(Value::string(super::super::source::repr_bytes(this(a)))));
}
