"""Records what CPython 3.11 shows of each generator at each step of the
Step view's examples: for every case of tests/steps/cases.txt
(`<example> [name=value ...]`), the example's program (from
`playground source`) runs here, and tests/steps/<example>/<case>.txt gets

    before
      <generator> <state> line <gi_frame.f_lineno> <name>=<repr>, ...
    step <n> <generator> line <line of the call> in <repr sent> out yield|return|raise <repr>
      <generator> <state> line <f_lineno or -> <f_locals as name=repr>, ...
    ...
    resumptions <how many times a generator was resumed by code that is not a generator>

A step is one next(g) or g.send(v) made by the program's own code (not by a
generator); generators are listed by name, each as gi_frame shows it after
the step. `playground/tests/steps.rs` runs the same programs on the
interpreter and compares line for line (addresses masked).

Run from the repository's root: `python3 tests/steps/record.py` (or `cargo
xtask golden steps`). It needs cargo, to print the programs.
"""

import ast
import builtins
import gc
import inspect
import os
import re
import subprocess
import sys
import types

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "tests", "steps")
HASH_PREFIX = "# fnv1a64 of the program: "


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def playground(*args):
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "playground", "--bin", "playground", "--", *args],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return out.stdout


class SendCalls(ast.NodeTransformer):
    """`g.send(v)` becomes `__step_send__(g, v)`: a method of a C type cannot
    be wrapped, and the recorder must see the value sent. Positions are kept,
    so every line number stays the program's."""

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "send" and len(node.args) == 1:
            new = ast.Call(func=ast.Name(id="__step_send__", ctx=ast.Load()),
                           args=[node.func.value, node.args[0]], keywords=[])
            return ast.copy_location(new, node)
        return node


class Recorder:
    def __init__(self, file_name):
        self.file_name = file_name
        self.lines = []
        self.depth = 0  # steps in progress (a next() inside a generator is part of its step)
        self.steps = 0
        self.resumptions = 0
        self.before_done = False

    def generators(self):
        found = [o for o in gc.get_objects()
                 if isinstance(o, types.GeneratorType) and o.gi_code.co_filename == self.file_name]
        for g in sorted(found, key=lambda g: g.__qualname__):
            state = inspect.getgeneratorstate(g)[len("GEN_"):].lower()
            frame = g.gi_frame
            line = frame.f_lineno if frame is not None else "-"
            local = frame.f_locals if frame is not None else {}
            text = ", ".join("%s=%s" % (k, repr(v)) for k, v in local.items())
            self.lines.append(("  %s %s line %s %s" % (g.__qualname__, state, line, text)).rstrip())

    def step(self, gen, sent, call, caller_line):
        if self.depth > 0:
            return call()
        if not self.before_done:
            self.before_done = True
            self.lines.append("before")
            self.generators()
        self.depth += 1
        try:
            value = call()
            out = "yield %r" % (value,)
            return value
        except StopIteration as e:
            out = "return %r" % (e.value,)
            raise
        except BaseException as e:
            out = "raise %r" % (e,)
            raise
        finally:
            self.depth -= 1
            self.steps += 1
            self.lines.append("step %d %s line %d in %r out %s"
                              % (self.steps, gen.__qualname__, caller_line, sent, out))
            self.generators()

    def trace(self, frame, event, arg):
        # Counts the resumptions of generators that no generator made: each
        # must be one of the steps above.
        if event == "call" and frame.f_code.co_flags & inspect.CO_GENERATOR:
            outer = frame.f_back
            while outer is not None and not outer.f_code.co_flags & inspect.CO_GENERATOR:
                outer = outer.f_back
            if outer is None and frame.f_code.co_filename == self.file_name:
                self.resumptions += 1
        return None


def record(file_name, source):
    recorder = Recorder(file_name)
    real_next = builtins.next

    def step_next(it, *default):
        if not isinstance(it, types.GeneratorType):
            return real_next(it, *default)
        line = sys._getframe(1).f_lineno
        return recorder.step(it, None, lambda: real_next(it, *default), line)

    def step_send(gen, value):
        line = sys._getframe(1).f_lineno
        return recorder.step(gen, value, lambda: gen.send(value), line)

    tree = ast.fix_missing_locations(SendCalls().visit(ast.parse(source, file_name)))
    code = compile(tree, file_name, "exec")
    namespace = {"__name__": "__main__", "__file__": file_name, "__step_send__": step_send,
                 "__builtins__": builtins}
    builtins.next = step_next
    out, err = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = open(os.devnull, "w")
    sys.settrace(recorder.trace)
    try:
        exec(code, namespace)
    except BaseException:
        pass  # the program's own end (StopIteration, ZeroDivisionError): the steps show it
    finally:
        sys.settrace(None)
        sys.stdout.close()
        sys.stdout, sys.stderr = out, err
        builtins.next = real_next
    recorder.lines.append("resumptions %d" % recorder.resumptions)
    namespace.clear()
    return recorder.lines


def without_addresses(text):
    return re.sub(r"0x[0-9a-fA-F]+", "0x", text)


def slug(params):
    if not params:
        return "default"
    text = "__".join(p.replace("=", "-", 1) for p in params)
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in text)


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("tests/steps/record.py records CPython 3.11's frames; this is %s" % sys.version.split()[0])
    with open(os.path.join(HERE, "cases.txt")) as f:
        cases = [line.split("#")[0].split() for line in f]
    cases = [c for c in cases if c]
    written = 0
    for example, *params in cases:
        source = playground("source", example, *params)
        file_name = playground("source", "--file-name", example).strip()
        lines = record(file_name, source)
        header = "# steps of %s\n%s%016x\n" % (" ".join([example, *params]), HASH_PREFIX,
                                                fnv1a64(source.encode()))
        os.makedirs(os.path.join(HERE, example), exist_ok=True)
        path = os.path.join(HERE, example, slug(params) + ".txt")
        text = header + "\n".join(lines) + "\n"
        # Addresses change from run to run: a record that differs only in them is kept.
        if os.path.exists(path):
            with open(path) as f:
                if without_addresses(f.read()) == without_addresses(text):
                    continue
        with open(path, "w") as f:
            f.write(text)
        written += 1
        print("tests/steps/%s/%s.txt: %d steps" % (example, slug(params), sum(l.startswith("step") for l in lines)))

    print("tests/steps: %d of %d records written" % (written, len(cases)))


if __name__ == "__main__":
    main()
