//! Typed parameters of the lecture examples, and the one parser that the page's
//! URL, the form and the CLI's `key=value` arguments all go through.

use std::fmt;

/// What kind of value a parameter takes, with the bounds a person may use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    /// A whole number in `min..=max`.
    Int { min: i64, max: i64 },
    /// A duration in seconds in `min..=max` (a Python float).
    Seconds { min: f64, max: f64 },
    /// A comma-separated list of whole numbers, each in `min..=max`, with
    /// `1..=max_len` items.
    IntList { min: i64, max: i64, max_len: usize },
}

/// One declared parameter of an example: its URL/CLI name, its label in the
/// form, a short help text, its kind and the lecture's default (as typed).
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: ParamKind,
    pub default: &'static str,
}

/// A parsed parameter value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(i64),
    /// Seconds, and whether they were typed as a whole number: the program
    /// then shows `sleep(1)` as the slide does, and `sleep(1.0)` for `1.0`.
    Seconds {
        seconds: f64,
        int_literal: bool,
    },
    IntList(Vec<i64>),
}

/// A person's mistake in one parameter: which one, and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name, or the unknown name that was given.
    pub param: String,
    pub message: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

impl std::error::Error for ParamError {}

impl ParamKind {
    /// The allowed range in words, for error messages and the form's hints.
    pub fn describe(&self) -> String {
        match *self {
            ParamKind::Int { min, max } => format!("a whole number from {min} to {max}"),
            ParamKind::Seconds { min, max } => {
                format!("a number of seconds from {} to {}", py_float(min), py_float(max))
            }
            ParamKind::IntList { min, max, max_len } => {
                format!("a comma-separated list of 1 to {max_len} whole numbers, each from {min} to {max}")
            }
        }
    }
}

impl ParamSpec {
    /// Parses `text` as typed in the form, the URL or on the command line.
    pub fn parse(&self, text: &str) -> Result<Value, ParamError> {
        let err = |message: String| ParamError { param: self.name.to_string(), message };
        let allowed = self.kind.describe();
        let text = text.trim();
        match self.kind {
            ParamKind::Int { min, max } => {
                let n = match parse_int(text) {
                    Some(Ok(n)) => n,
                    Some(Err(())) => return Err(err(format!("{} is out of range; expected {allowed}", echo(text)))),
                    None => return Err(err(format!("'{}' is not a whole number; expected {allowed}", echo(text)))),
                };
                if n < min || n > max {
                    return Err(err(format!("{n} is out of range; expected {allowed}")));
                }
                Ok(Value::Int(n))
            }
            ParamKind::Seconds { min, max } => {
                let x: f64 = text
                    .parse()
                    .ok()
                    .filter(|x: &f64| x.is_finite() && !text.is_empty() && !text.starts_with('+'))
                    .ok_or_else(|| err(format!("'{}' is not a number; expected {allowed}", echo(text))))?;
                if x < min || x > max {
                    return Err(err(format!("{} is out of range; expected {allowed}", echo(text))));
                }
                // -0.0 would print as "-0.0" in the Python source.
                let seconds = if x == 0.0 { 0.0 } else { x };
                Ok(Value::Seconds { seconds, int_literal: parse_int(text).is_some() && seconds.abs() < 1e15 })
            }
            ParamKind::IntList { min, max, max_len } => {
                let items: Vec<&str> = text.trim_matches(|c| c == '[' || c == ']').split(',').map(str::trim).collect();
                if items.iter().all(|s| s.is_empty()) {
                    return Err(err(format!("the list is empty; expected {allowed}")));
                }
                if items.len() > max_len {
                    return Err(err(format!("{} items is too many; expected {allowed}", items.len())));
                }
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    let n = match parse_int(item) {
                        Some(Ok(n)) => n,
                        Some(Err(())) => {
                            return Err(err(format!("{} is out of range; expected {allowed}", echo(item))))
                        }
                        None if item.is_empty() => {
                            return Err(err(format!("the list has an empty item; expected {allowed}")))
                        }
                        None => return Err(err(format!("'{}' is not a whole number; expected {allowed}", echo(item)))),
                    };
                    if n < min || n > max {
                        return Err(err(format!("{n} is out of range; expected {allowed}")));
                    }
                    list.push(n);
                }
                Ok(Value::IntList(list))
            }
        }
    }
}

/// A whole number as typed: `None` if it is not one, `Some(Err(()))` if it is
/// one too big for any bound (`99999999999999999999`).
fn parse_int(text: &str) -> Option<Result<i64, ()>> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().map_err(|_| ()))
}

/// At most this many characters of what a person typed are echoed back in a
/// message: a pasted page of text must not become a page-wide message.
const ECHO_CHARS: usize = 40;

/// `text` as echoed in a message, cut to [`ECHO_CHARS`] characters.
pub fn echo(text: &str) -> String {
    match text.char_indices().nth(ECHO_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

impl Value {
    /// The value as it is written back into a URL, a form field or a CLI argument.
    pub fn to_text(&self) -> String {
        match self {
            Value::IntList(list) => list.iter().map(i64::to_string).collect::<Vec<_>>().join(","),
            other => other.py_repr(),
        }
    }

    /// The value as Python's `repr` writes it in the program: `4`, `1`, `1.0`,
    /// `0.25`, `[4, 5, 6, 7]`.
    pub fn py_repr(&self) -> String {
        match self {
            Value::Int(n) => n.to_string(),
            Value::Seconds { seconds, int_literal: true } => format!("{}", *seconds as i64),
            Value::Seconds { seconds, int_literal: false } => py_float(*seconds),
            Value::IntList(list) => py_list(list),
        }
    }
}

/// The parameters of one run, in the order the example declares them.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    values: Vec<(&'static str, Value)>,
}

impl Params {
    /// Every parameter at the lecture's default.
    pub fn defaults(specs: &'static [ParamSpec]) -> Params {
        let values = specs
            .iter()
            .map(|s| (s.name, s.parse(s.default).expect("a declared default parses under its own bounds")))
            .collect();
        Params { values }
    }

    /// Defaults overridden by `name=value` pairs (URL query or CLI arguments).
    /// An unknown name is an error too: a typo must not silently run the default.
    ///
    /// ```
    /// use playground::examples::{find, Params, Value};
    ///
    /// let specs = find("compute-square").expect("in the registry").params;
    /// let params = Params::from_pairs(specs, [("numbers", "3, 1,2")]).expect("valid");
    /// assert_eq!(params.get("numbers"), &Value::IntList(vec![3, 1, 2]));
    /// assert_eq!(params.seconds("delay"), 1.0); // the lecture's default
    ///
    /// let e = Params::from_pairs(specs, [("number", "1")]).unwrap_err();
    /// assert_eq!(e.to_string(), "number: unknown parameter; this example takes numbers, delay");
    /// ```
    pub fn from_pairs<'a>(
        specs: &'static [ParamSpec],
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Params, ParamError> {
        let mut params = Params::defaults(specs);
        for (name, text) in pairs {
            let spec = specs.iter().find(|s| s.name == name).ok_or_else(|| ParamError {
                param: echo(name),
                message: if specs.is_empty() {
                    "unknown parameter; this example takes none".to_string()
                } else {
                    format!(
                        "unknown parameter; this example takes {}",
                        specs.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
                    )
                },
            })?;
            let value = spec.parse(text)?;
            params.set(spec.name, value);
        }
        Ok(params)
    }

    pub fn set(&mut self, name: &str, value: Value) {
        let slot = self.values.iter_mut().find(|(n, _)| *n == name).expect("set names a declared parameter");
        slot.1 = value;
    }

    pub fn get(&self, name: &str) -> &Value {
        &self
            .values
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("example reads undeclared parameter {name}"))
            .1
    }

    pub fn int(&self, name: &str) -> i64 {
        match self.get(name) {
            Value::Int(n) => *n,
            other => panic!("parameter {name} is declared {other:?}, not Int"),
        }
    }

    /// Whether the example declares a parameter `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.values.iter().any(|(n, _)| *n == name)
    }

    pub fn seconds(&self, name: &str) -> f64 {
        match self.get(name) {
            Value::Seconds { seconds, .. } => *seconds,
            other => panic!("parameter {name} is declared {other:?}, not Seconds"),
        }
    }

    pub fn int_list(&self, name: &str) -> &[i64] {
        match self.get(name) {
            Value::IntList(list) => list,
            other => panic!("parameter {name} is declared {other:?}, not IntList"),
        }
    }

    /// `(name, text)` pairs in declaration order, for URLs and the CLI.
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, String)> + '_ {
        self.values.iter().map(|(n, v)| (*n, v.to_text()))
    }
}

/// A float as Python's `repr` writes it (`1.0`, `0.5`, `1e-05`).
pub fn py_float(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e16 {
        return format!("{x:.1}");
    }
    let abs = x.abs();
    if abs != 0.0 && !(1e-4..1e16).contains(&abs) {
        // Rust writes 1e-5 as "1e-5"; Python as "1e-05".
        let s = format!("{x:e}");
        let (mantissa, exp) = s.split_once('e').expect("{:e} always has an exponent");
        let exp: i32 = exp.parse().expect("{:e} writes an integer exponent");
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    format!("{x}")
}

/// A list of ints as Python's `repr` writes it: `[4, 5, 6, 7]`.
pub fn py_list(list: &[i64]) -> String {
    let items: Vec<String> = list.iter().map(i64::to_string).collect();
    format!("[{}]", items.join(", "))
}
