single = 'single'
double = "double"
triple = """triple
with "quotes" and 'apostrophes'
"""
triple_single = '''another
one'''
escapes = "tab\tnew\nreturn\rback\\quote\"apos\'bell\afeed\fvt\vbs\b"
octal = "\0 \7 \12 \101 \777"
hexes = "\x00\x41\x7f\xff"
unicode = "\u00e9\u20ac\U0001F600 é € 😀"
raw = r"\d+\s*\n"
raw_quote = r'it\'s'
bytes_ = b"bytes\x00\xff\n"
raw_bytes = br"\x00" + rb"\n" + Rb"x" + bR"y" + BR"z"
unicode_prefix = u"unicode" "more"
upper_u = U"upper"
concat = "a" 'b' """c""" '''d'''
bytes_concat = b"a" b'b'
continuation = "line one \
line two"
empty = ""
empty_triple = """"""
quotes = "it's" + 'say "hi"' + '\'' + "\""
invalid_escape = "\d \w \["
mixed = 'He said "hi" and \'bye\''
control = "\x01\x1f"
print(single, double, triple, triple_single, escapes, octal, hexes, unicode, raw, raw_quote)
print(bytes_, raw_bytes, unicode_prefix, upper_u, concat, bytes_concat, continuation, empty)
print(empty_triple, quotes, invalid_escape, mixed, control)
