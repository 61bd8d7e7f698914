café = "x"
return café
