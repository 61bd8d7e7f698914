# Keys and items views compare as sets with sets and with each other; a values view only with itself.
d = {"a": 1, "b": 2}
e = {"b": 2, "a": 1}
print(d.keys() == {"a", "b"}, {"a", "b"} == d.keys(), d.keys() == e.keys(), d.keys() == frozenset("ab"))
print(d.items() == {("a", 1), ("b", 2)}, d.items() == e.items(), d.keys() == ["a", "b"], d.keys() != {"a"})
print(d.values() == e.values(), d.values() == d.values(), d.keys() == d.keys(), d.keys() == {"a"})
class Sub(dict):
    def __eq__(self, other):
        return NotImplemented
print(Sub(a=1) == {"a": 1}, {"a": 1} == Sub(a=1), Sub(a=1) != {"a": 2}, Sub(a=1) == Sub(a=1))
