"""Writes playground/src/interpreter/unicode_tables.rs from CPython 3.11's own Unicode database.

Run with python3 3.11 from anywhere:  python3 tests/numbers/gen_unicode_tables.py

Rust's `char` methods follow a newer Unicode version and other definitions than CPython's `str`
methods (`char::is_alphabetic` is the Alphabetic property, `str.isalpha` is the L* categories;
`str.isnumeric` counts CJK numerals), so every predicate the interpreter needs comes from here,
as sorted ranges of code points searched by binary search, each packed in a u32 (first code
point << 11 | length - 1) to halve what they weigh in the page's wasm.
"""

import os
import sys
import unicodedata

assert sys.version_info[:2] == (3, 11), "record with CPython 3.11"

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "playground", "src", "interpreter",
                   "unicode_tables.rs")
CHARS = [chr(c) for c in range(0x110000)]


def ranges(pred):
    out, start = [], None
    for c in range(0x110000):
        if pred(CHARS[c]):
            if start is None:
                start = c
        elif start is not None:
            out.append((start, c - 1))
            start = None
    if start is not None:
        out.append((start, 0x10FFFF))
    return out


LEN_BITS = 11  # a range is packed in a u32: its first code point << 11 | its length - 1


def table(name, doc, rs):
    packed = []
    for a, b in rs:
        while a <= b:  # ranges longer than 2**11 are split
            n = min(b - a + 1, 1 << LEN_BITS)
            packed.append((a << LEN_BITS) | (n - 1))
            a += n
    rows = [packed[i:i + 8] for i in range(0, len(packed), 8)]
    body = "".join("    " + ", ".join(f"0x{v:08X}" for v in row) + ",\n" for row in rows)
    return f"/// {doc}\npub static {name}: &[u32] = &[\n{body}];\n\n"


def decimal_zeros():
    zeros = [c for c in range(0x110000) if unicodedata.decimal(CHARS[c], None) == 0]
    for z in zeros:  # each zero starts a run 0..9, so a value is `c - zero`
        assert all(unicodedata.decimal(chr(z + d), None) == d for d in range(10)), hex(z)
    count = sum(1 for c in CHARS if unicodedata.decimal(c, None) is not None)
    assert count == 10 * len(zeros)
    return zeros


def special(name, doc, pairs):
    body = "".join(f"    ('\\u{{{ord(c):X}}}', {rust_str(s)}),\n" for c, s in pairs)
    return f"/// {doc}\npub static {name}: &[(char, &str)] = &[\n{body}];\n\n"


def rust_str(s):
    return '"' + "".join(f"\\u{{{ord(c):X}}}" for c in s) + '"'


def main():
    out = [
        "//! Unicode tables from CPython 3.11's `unicodedata` (Unicode "
        f"{unicodedata.unidata_version}), written by\n"
        "//! `tests/numbers/gen_unicode_tables.py`: do not edit by hand, rerun it.\n//!\n"
        f"//! A range is one u32: its first code point << {LEN_BITS} | its length - 1.\n\n",
        f"/// How many low bits of a packed range hold its length - 1.\npub const LEN_BITS: u32 = {LEN_BITS};\n\n",
    ]
    out.append(table("NON_PRINTABLE", "`not c.isprintable()`: what `repr` escapes.",
                     ranges(lambda c: not c.isprintable())))
    out.append(table("ALPHA", "`c.isalpha()`: categories Lu Ll Lt Lm Lo.", ranges(str.isalpha)))
    out.append(table("DIGIT", "`c.isdigit()`.", ranges(str.isdigit)))
    out.append(table("NUMERIC", "`c.isnumeric()`.", ranges(str.isnumeric)))
    out.append(table("SPACE", "`c.isspace()`.", ranges(str.isspace)))
    out.append(table("TITLECASE", "Category Lt: `c.istitle()` for one character.",
                     ranges(lambda c: unicodedata.category(c) == "Lt")))
    out.append(table("LINEBREAK", "What `str.splitlines` splits on.",
                     ranges(lambda c: len(("a" + c + "a").splitlines()) == 2)))
    out.append(table("ID_START", "`c.isidentifier()`: XID_Start and `_`.", ranges(str.isidentifier)))
    out.append(table("ID_CONTINUE", "`('a' + c).isidentifier()`: XID_Continue.",
                     ranges(lambda c: ("a" + c).isidentifier())))
    zeros = decimal_zeros()
    out.append("/// Each code point whose decimal value is 0; the next nine are 1..9 (`c.isdecimal()`).\n")
    out.append("pub static DECIMAL_ZEROS: &[u32] = &[\n" + "".join(f"    0x{z:X},\n" for z in zeros) + "];\n\n")
    out.append(special("TITLE_NOT_UPPER", "Where the full titlecase mapping (`c.title()`) differs from `c.upper()`.",
                       [(c, c.title()) for c in CHARS if c.title() != c.upper()]))
    out.append(special("CASEFOLD_NOT_LOWER", "Where full case folding (`c.casefold()`) differs from `c.lower()`.",
                       [(c, c.casefold()) for c in CHARS if c.casefold() != c.lower()]))
    text = "".join(out).rstrip("\n") + "\n"
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.normpath(OUT)}: {text.count(chr(10))} lines")


if __name__ == "__main__":
    main()
