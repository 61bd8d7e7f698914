class Robot:
    def __init__(self):
        self.name = "R2"
    def beep(self):
        return "beep"
r = Robot()
for attr in ["name", "nmae", "beep", "beeep", "speed"]:
    try:
        print(attr, getattr(r, attr))
    except AttributeError as e:
        print("AttributeError:", e)
try:
    "abc".uper()
except AttributeError as e:
    print(e)
try:
    [].push(1)
except AttributeError as e:
    print(e)
try:
    Robot.missing
except AttributeError as e:
    print(e)
import math
try:
    math.sqroot(4)
except AttributeError as e:
    print(e)
try:
    (1).x = 2
except AttributeError as e:
    print(e)
r.beeep()
