"""CPython's side of the interpreter's benchmark in `cargo xtask bench`: runs each
program given on the command line three times in this process (asyncio imported
first, as the interpreter has it built in) and prints `<name> <best cpu seconds>`."""
import asyncio  # noqa: F401 (imported before timing, on purpose)
import contextlib
import io
import os
import sys
import time


def main():
    for path in sys.argv[1:]:
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path) as f:
            code = compile(f.read(), path, "exec")
        best = float("inf")
        for _ in range(3):
            # A fresh current loop, as a program started anew has.
            asyncio.set_event_loop(asyncio.new_event_loop())
            out = io.StringIO()
            start = time.process_time()
            with contextlib.redirect_stdout(out):
                exec(code, {"__name__": "__main__"})
            best = min(best, time.process_time() - start)
        print(f"{name} {best:.6f}", flush=True)


main()
