//! Just enough of Python's lexical rules to colour the lecture's source:
//! keywords, builtins, strings, numbers, comments and function names.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Keyword,
    Builtin,
    Str,
    Number,
    Comment,
    /// The name after `def`.
    Definition,
}

impl Kind {
    /// The CSS class of a token (`None`: no span needed).
    pub fn class(self) -> Option<&'static str> {
        match self {
            Kind::Plain => None,
            Kind::Keyword => Some("tok-kw"),
            Kind::Builtin => Some("tok-builtin"),
            Kind::Str => Some("tok-str"),
            Kind::Number => Some("tok-num"),
            Kind::Comment => Some("tok-comment"),
            Kind::Definition => Some("tok-def"),
        }
    }
}

const KEYWORDS: &[&str] = &[
    "and", "as", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "False",
    "finally", "for", "from", "if", "import", "in", "is", "lambda", "None", "not", "or", "pass", "raise", "return",
    "True", "try", "while", "with", "yield",
];

const BUILTINS: &[&str] = &["print", "range", "len", "set", "list", "sum", "str", "int"];

/// Splits `source` into coloured tokens; concatenated they give `source` back.
pub fn tokens(source: &str) -> Vec<(Kind, &str)> {
    let mut out: Vec<(Kind, &str)> = Vec::new();
    let mut push = |kind: Kind, text| {
        // Runs of plain text become one token, so the view makes fewer nodes.
        if let (Kind::Plain, Some((Kind::Plain, last))) = (kind, out.last_mut()) {
            let start = last.as_ptr() as usize - source.as_ptr() as usize;
            *last = &source[start..start + last.len() + <str>::len(text)];
        } else {
            out.push((kind, text));
        }
    };
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut after_def = false;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            push(Kind::Comment, &source[start..i]);
        } else if c == b'"' || c == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != c && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            push(Kind::Str, &source[start..i]);
        } else if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                i += 1;
            }
            push(Kind::Number, &source[start..i]);
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = &source[start..i];
            let kind = if after_def {
                Kind::Definition
            } else if KEYWORDS.contains(&word) {
                Kind::Keyword
            } else if BUILTINS.contains(&word) {
                Kind::Builtin
            } else {
                Kind::Plain
            };
            after_def = word == "def";
            push(kind, word);
        } else {
            // One whole UTF-8 character of plain text.
            i += source[i..].chars().next().map_or(1, char::len_utf8);
            push(Kind::Plain, &source[start..i]);
        }
    }
    out
}
