print {a b}
