delay = 007
