# Annotations with builtin generics (list[int]), unions (int | None) and the typing module.
def f(xs: list[int], m: dict[str, int] | None = None) -> tuple[int, ...]:
    return tuple(xs)
print(f([1, 2]))
print(list[int], dict[str, list[int]], tuple[int, ...], type[int], set[str] | None)
print(f.__annotations__)
print(int | None, int | str)
print(isinstance(3, int | str))
from typing import List, Dict, Optional, Union, Any, Callable, Tuple, TypeVar, Generic, Iterator, Awaitable
import typing
T = TypeVar('T')
def first(xs: List[T]) -> Optional[T]:
    return xs[0] if xs else None
print(first([3, 4]), first([]))
print(first.__annotations__)
print(List[int], Dict[str, int], Optional[int], Union[int, str], Union[int, None], Any, Callable[[int, str], bool], Tuple[int, ...])
print(T, Union[int], typing.Iterator[int])
class Stack(Generic[T]):
    def __init__(self) -> None:
        self.items: List[T] = []
    def push(self, item: T) -> None:
        self.items.append(item)
    def pop(self) -> T:
        return self.items.pop()
s = Stack[int]()
s.push(1); s.push(2)
print(s.pop(), s.items, Stack[int])
Vector = List[float]
def scale(scalar: float, vector: Vector) -> Vector:
    return [scalar * num for num in vector]
print(scale(2.0, [1.0, -4.2, 5.4]))
def greet(name: str | None = None) -> str:
    return f"Hello {name or 'world'}"
print(greet(), greet("Ann"), greet.__annotations__)
print(List[int] == List[int], Optional[str] == Union[str, None])
print(typing.cast(int, "x"), typing.TYPE_CHECKING)
