def is_divisor(x, n):  
    return n % x == 0

is_divisor(2, 10) # returns True  
is_divisor(3, 32) # returns False  
is_divisor(5, 55) # returns True

def is_divisor(n):  
    while True:  
        x = yield  
        yield n % x == 0  
  
d = is_divisor(55)  
next(d)  
d.send(2) # returns False  
next(d)  
d.send(5) # returns True  
next(d)  
d.send(11) # returns True

def is_divisor(n):  
    x = 1  
    while True:  
        divisible = False  
        if n % x == 0:  
            divisible = True  
        x = yield divisible  
  
d = is_divisor(55)  
next(d)    # this would return True  
d.send(2)  # returns False  

def is_divisor(n):  
    cnt = -1  
    x = 1  
    while True:  
        divisible = False  
        if n % x == 0:  
            cnt += 1  
            divisible = True  
        x = yield (divisible, cnt)  
  
d = is_divisor(55)  
next(d)    # this would return True  
d.send(2)  # returns (False, 0)  
d.send(5)  # returns (True, 1)  
d.send(11) # returns (True, 2)
