cost = 5 $ 3
