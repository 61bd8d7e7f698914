"""Records what CPython 3.11 makes of every test program of the parser.

Run from anywhere with CPython 3.11 (the expected files are only valid for it):

    python3 tests/parser/record.py

For each tests/parser/ok/NAME.py it writes tests/parser/ok/NAME.ast:

    fnv1a64 <hash of NAME.py>
    <ast.dump(ast.parse(source))>
    <ast.dump(ast.parse(source), include_attributes=True)>

(it also checks that compile() accepts the program). For each
tests/parser/errors/NAME.py, which compile() must refuse, it writes
tests/parser/errors/NAME.err:

    fnv1a64 <hash of NAME.py>
    class: <SyntaxError, IndentationError or TabError>
    msg: <e.msg>
    lineno: <e.lineno>
    offset: <e.offset>
    end_lineno: <e.end_lineno>
    end_offset: <e.end_offset>
    stderr:
    <what `python3 NAME.py`, run in tests/parser/errors, prints on stderr,
     with the script's absolute path (which CPython prints) shortened to NAME.py>

The hash is FNV-1a 64-bit over the bytes of the program, in hex: the Rust
test (playground/tests/parser.rs) refuses an expected file whose program has
changed since it was recorded, and asks for this script to be run again.
"""

import ast
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def fnv1a64(data: bytes) -> str:
    h = 0xCBF29CE484222325
    for byte in data:
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def record_ok(path: pathlib.Path) -> None:
    data = path.read_bytes()
    source = data.decode("utf-8")
    tree = ast.parse(source, filename=str(path))
    compile(source, str(path), "exec")  # the program must compile, not only parse
    lines = [
        f"fnv1a64 {fnv1a64(data)}",
        ast.dump(tree),
        ast.dump(tree, include_attributes=True),
    ]
    path.with_suffix(".ast").write_text("\n".join(lines) + "\n", encoding="utf-8")


def record_error(path: pathlib.Path) -> None:
    data = path.read_bytes()
    source = data.decode("utf-8")
    try:
        # The real path, so that CPython reads the error's line from the file
        # exactly as `python3 NAME.py` does.
        compile(source, str(path), "exec")
    except SyntaxError as e:
        error = e
    else:
        sys.exit(f"{path}: compile() accepts this program; it belongs in ok/")
    run = subprocess.run(
        [sys.executable, path.name], cwd=path.parent, capture_output=True, text=True, encoding="utf-8"
    )
    lines = [
        f"fnv1a64 {fnv1a64(data)}",
        f"class: {type(error).__name__}",
        f"msg: {error.msg}",
        f"lineno: {error.lineno}",
        f"offset: {error.offset}",
        f"end_lineno: {error.end_lineno}",
        f"end_offset: {error.end_offset}",
        "stderr:",
    ]
    stderr = run.stderr.replace(f'"{path}"', f'"{path.name}"')
    path.with_suffix(".err").write_text("\n".join(lines) + "\n" + stderr, encoding="utf-8")


def main() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"CPython 3.11 is needed, this is {sys.version.split()[0]}")
    ok = sorted((HERE / "ok").glob("*.py"))
    errors = sorted((HERE / "errors").glob("*.py"))
    for path in ok:
        record_ok(path)
    for path in errors:
        record_error(path)
    print(f"recorded {len(ok)} valid programs and {len(errors)} erroneous ones with Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
