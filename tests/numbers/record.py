"""Records what CPython 3.11 answers for every case in tests/numbers/*.cases.

    python3 tests/numbers/record.py        (python3 must be CPython 3.11; run from anywhere)

For each NAME.cases it writes NAME.txt: a first line with the FNV-1a 64-bit hash (16 hex digits)
of the .cases file's bytes, then one line per case: `repr(result)`, or `TypeName: message` for
an exception. playground/tests/numbers.rs evaluates the same cases with the interpreter's library
and compares line by line; it refuses a .txt whose hash does not match its .cases (rerun this).

A case is one line: an operation and its arguments, separated by spaces (`#` starts a comment
line). Arguments:
    "text"          a str, as a JSON string literal
    12  -7  2**100  2**64-1  -2**1024+2**970-1
                    an int: a sum of terms, each digits or B**E (-2**4 is -(2**4))
    1.5  1e300  -0.0  inf  nan
                    a float (anything else that float() reads)
    None True False
    (a b ...)  [a b ...]  {"key" value ...}
                    a tuple, a list, a dict
    add pop ...     any other bare word is a name (set programs use them)
Operations:
    + - * / // % ** << >> & | ^ < <= == != > >=     the operator on two arguments
    neg abs invert divmod pow int float str repr ascii round hash len bool
    is_integer bit_length                            the builtin or method of that name
    format VALUE SPEC                                format(VALUE, SPEC)
    str.format TEMPLATE ARGS... [{KWARGS}]           TEMPLATE.format(*ARGS, **KWARGS)
    getitem S I ; slice S START STOP STEP ; in A B   S[I], S[START:STOP:STEP], A in B
    set PROGRAM                                      see run_set
    any str method (split, find, center, ...)        getattr(first, op)(*rest)

A result CPython makes complex (`(-8) ** (1/3)`) is recorded as the error the interpreter gives
instead: `ValueError: complex numbers are not supported`.
"""

import json
import operator
import os
import re
import sys

assert sys.version_info[:2] == (3, 11), "record with CPython 3.11"

HERE = os.path.dirname(os.path.abspath(__file__))
COMPLEX = "ValueError: complex numbers are not supported"


def fnv1a64(data: bytes) -> str:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


class Name(str):
    """A bare word in a case line."""


TERM = r"[+-]?\d+(?:\*\*\d+)?"
INT = re.compile(rf"(?:{TERM})+$")


def int_expression(word):
    """A sum of terms like 2**64-1 or -2**1024+2**970; -2**4 is -(2**4), as in Python."""
    total = 0
    for term in re.findall(TERM, word):
        base, _, exp = term.partition("**")
        total += int(base) ** int(exp or 1) if not base.startswith("-") else -(int(base[1:]) ** int(exp or 1))
    return total


def tokens(line):
    i, out = 0, []
    while i < len(line):
        c = line[i]
        if c.isspace():
            i += 1
        elif c in "()[]{}":
            out.append(c)
            i += 1
        elif c == '"':
            value, end = json.JSONDecoder().raw_decode(line, i)
            out.append(("str", value))  # tagged, so "(" the string is not a bracket
            i = end
        else:
            j = i
            while j < len(line) and not line[j].isspace() and line[j] not in "()[]{}":
                j += 1
            out.append(line[i:j])
            i = j
    return out


def atom(word):
    if isinstance(word, tuple):
        return word[1]
    if word in ("None", "True", "False"):
        return {"None": None, "True": True, "False": False}[word]
    if INT.match(word):
        return int_expression(word)
    try:
        return float(word)
    except ValueError:
        return Name(word)


def parse(toks, i=0, close=None):
    """The arguments in toks[i:] up to `close`; returns (values, next index)."""
    values = []
    while i < len(toks):
        t = toks[i]
        if t == close:
            return values, i + 1
        if t in ("(", "[", "{"):
            inner, i = parse(toks, i + 1, {"(": ")", "[": "]", "{": "}"}[t])
            if t == "(":
                values.append(tuple(inner))
            elif t == "[":
                values.append(inner)
            else:
                values.append(dict(zip(inner[0::2], inner[1::2])))
            continue
        values.append(atom(t))
        i += 1
    return values, i


BINARY = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "<<": operator.lshift,
    ">>": operator.rshift, "&": operator.and_, "|": operator.or_, "^": operator.xor,
    "<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
    ">": operator.gt, ">=": operator.ge,
}

BUILTIN = {
    "neg": operator.neg, "abs": abs, "invert": operator.invert, "divmod": divmod, "pow": pow, "int": int,
    "float": float, "str": str, "repr": repr, "ascii": ascii, "round": round, "hash": hash, "len": len,
    "bool": bool, "format": format, "is_integer": float.is_integer, "bit_length": int.bit_length,
    "getitem": lambda s, i: s[i], "slice": lambda s, a, b, c: s[a:b:c], "in": lambda a, b: a in b,
}


def str_format(template, *args):
    kwargs = args[-1] if args and isinstance(args[-1], dict) else {}
    if kwargs or (args and isinstance(args[-1], dict)):
        args = args[:-1]
    return template.format(*args, **kwargs)


ALGEBRA = ("update", "union", "intersection", "difference", "symmetric_difference", "intersection_update",
           "difference_update", "symmetric_difference_update")


def run_set(*program):
    """A set program: `add`, `discard`, `remove` apply to the elements after them; `pop` pops one;
    `copy` replaces s by s.copy(); `literal X Y Z` replaces s by the display `{X, Y, Z}` as the
    compiler builds it; `update X Y Z` does s.update(other) with other built by adding X, Y, Z,
    and so do the set algebra words with that other: `union` (s = s | other), `intersection`
    (s & other), `difference` (s - other), `symmetric_difference` (s ^ other), and their
    `_update` forms (s &= other, s -= other, s ^= other). The result is list(s), then the
    popped elements if any."""
    s, mode, popped, i = set(), "add", [], 0
    while i < len(program):
        word = program[i]
        if isinstance(word, Name):
            if word == "pop":
                popped.append(s.pop())
            elif word == "copy":
                s = s.copy()
            elif word in ("literal",) + ALGEBRA:
                j = i + 1
                while j < len(program) and not isinstance(program[j], Name):
                    j += 1
                items = program[i + 1:j]
                if word == "literal":
                    s = eval("{" + ", ".join(map(repr, items)) + "}")
                else:
                    other = set()
                    for x in items:
                        other.add(x)
                    result = getattr(s, word)(other)
                    if result is not None:
                        s = result
                i = j
                continue
            else:
                mode = word
        else:
            getattr(s, mode)(program[i])
        i += 1
    return list(s) if not popped else (list(s), popped)


def evaluate(op, args):
    if op in BINARY:
        return BINARY[op](*args)
    if op in BUILTIN:
        return BUILTIN[op](*args)
    if op == "str.format":
        return str_format(*args)
    if op == "set":
        return run_set(*args)
    if isinstance(args[0], str) and hasattr(str, op):
        return getattr(args[0], op)(*args[1:])
    raise SystemExit(f"unknown operation {op!r}")


def show(op, args):
    try:
        result = evaluate(op, args)
        if isinstance(result, complex):
            return COMPLEX
        return repr(result)
    except Exception as e:  # every error is a result to record
        return f"{type(e).__name__}: {e}"


def case_lines(text):
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def record(path):
    data = open(path, "rb").read()
    out = [fnv1a64(data)]
    for line in case_lines(data.decode("utf-8")):
        toks = tokens(line)
        op = toks[0] if not isinstance(toks[0], tuple) else toks[0][1]
        args, _ = parse(toks, 1)
        out.append(show(op, args))
    target = path[: -len(".cases")] + ".txt"
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"{os.path.relpath(target)}: {len(out) - 1} cases")


def main():
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".cases"):
            record(os.path.join(HERE, name))


if __name__ == "__main__":
    main()
