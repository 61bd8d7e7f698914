class AppError(Exception):
    pass


def risky(n):
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        raise AppError
    if n == 1:
        raise AppError("one") from None
    return n


for n in (-1, 0, 1, 2):
    try:
        risky(n)
    except ValueError as exc:
        print("value", exc)
    except (AppError, TypeError) as exc:
        print("app", repr(exc))
    except Exception:
        print("other")
        raise
    else:
        print("fine")
    finally:
        print("finally")

try:
    pass
finally:
    print("cleanup")

try:
    {}["missing"]
except KeyError as e:
    try:
        raise RuntimeError("wrapped") from e
    except RuntimeError:
        pass
except:
    raise

try:
    import nonexistent
except ImportError:
    nonexistent = None
else:
    pass

assert n == 2
assert isinstance(n, int), f"unexpected {n!r}"
