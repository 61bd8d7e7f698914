doc = """A docstring
that never ends

x = 1
