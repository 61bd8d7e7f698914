count = 0
nonlocal count
