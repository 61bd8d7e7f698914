def lookup(d, key):
    try:
        return d[key]
    except KeyError:
        raise ValueError(f"no setting {key!r}") from None
print(lookup({"a": 1}, "a"))
lookup({}, "b")
