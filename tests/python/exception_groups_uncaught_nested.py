eg = ExceptionGroup("top", [ValueError(1), ExceptionGroup("sub", [TypeError(2), KeyError(3)]), RuntimeError(4)])
eg.add_note("a note")
raise eg
