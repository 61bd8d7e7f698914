counter = 0


def increment():
    global counter
    counter += 1


def outer():
    x = 1
    y = 2

    def inner():
        nonlocal x, y
        x += 1
        y = x * 2
        return x, y

    def deeper():
        def deepest():
            nonlocal x
            x = 10
        deepest()
        return x

    return inner(), deeper()


class Config:
    debug = False

    def toggle(self):
        global counter
        Config.debug = not self.debug
        counter = 0


def make_counter():
    count = 0

    def step():
        nonlocal count
        count += 1
        return count

    return step


increment()
print(outer(), counter, make_counter()())
