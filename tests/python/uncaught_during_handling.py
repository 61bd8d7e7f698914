def parse(text):
    return int(text)

def load(items):
    results = []
    for item in items:
        try:
            results.append(parse(item))
        except ValueError:
            results.append(parse(item.strip("x")))
    return results

print(load(["1", "x2x"]))
print(load(["3", "y"]))
