def averager():
    total = 0.0
    count = 0
    average = None
    while True:
        try:
            value = yield average
        except ValueError as exc:
            print("ignored", exc)
            continue
        except GeneratorExit:
            print("closing")
            return
        total += value
        count += 1
        average = total / count


avg = averager()
next(avg)
print(avg.send(10), avg.send(30), avg.send(5))
avg.throw(ValueError("bad value"))
avg.close()


def delegator():
    result = yield from averager()
    return result


def chain(*iterables):
    for it in iterables:
        yield from it


print(list(chain("ab", [1, 2], range(3))))
gen = (x * x for x in range(10) if x % 3)
print(next(gen), sum(gen))
