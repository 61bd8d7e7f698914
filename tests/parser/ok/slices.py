s = list(range(20))
print(s[0], s[-1], s[1:], s[:5], s[::2], s[1:10:3], s[:], s[::], s[::-1], s[a:b], s[:-1:])
import numpy_like as np
m = np.zeros((3, 3))
print(m[0, 1], m[1:, :2], m[..., 0], m[:, None], m[::2, ::-1], m[1:2, 3], m[(1, 2)], m[1,])
print(m[*idx], m[*idx, 0], m[0, *idx], m[i := 1], m[lambda: 0])
d = {"key": [1, {"nested": (1, 2)}]}
print(d["key"][1]["nested"][0], d.get("key")[0], s[len(s) // 2], s[s[0]:s[1]])
