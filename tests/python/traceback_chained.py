def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError(f"cannot parse {text!r}") from e
def load():
    try:
        return parse("x1")
    except RuntimeError:
        print("cleaning up")
        undefined_call()
load()
