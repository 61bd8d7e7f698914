//! The hot path of the interpreter's arithmetic: operations on ints that fit in an `i64` (and
//! floats) must not touch the heap. Counted with a global allocator that counts this thread's
//! allocations, so the test harness's own threads cannot disturb the count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use playground::interpreter::int::Int;
use playground::interpreter::number::{BinaryOp, Number};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn small_int_and_float_arithmetic_never_allocates() {
    use BinaryOp::*;
    // Products of these stay inside i64: promotion to a big int is allowed to allocate.
    let operands: Vec<Number> = [-7i64, -1, 0, 3, (1 << 31) - 1, -(1 << 30)]
        .into_iter()
        .map(|v| Number::Int(Int::Small(v)))
        .chain([Number::Float(2.5), Number::Float(-0.0)])
        .collect();
    let ops = [Add, Sub, Mul, TrueDiv, FloorDiv, Mod, LShift, RShift, And, Or, Xor];
    let mut results = 0usize;
    let count = allocations_during(|| {
        for a in &operands {
            for b in &operands {
                for op in ops {
                    // Errors carry a message (a String): leave out the operands that raise,
                    // and left shifts that would leave i64.
                    let zero = b.compare(&Number::Int(Int::Small(0))) == Some(std::cmp::Ordering::Equal);
                    if matches!(op, TrueDiv | FloorDiv | Mod) && zero {
                        continue;
                    }
                    let small_count = matches!(b, Number::Int(Int::Small(0..=3)));
                    if matches!(op, LShift | RShift) && !small_count {
                        continue;
                    }
                    if let Ok(Some(r)) = a.binary(op, b) {
                        results += usize::from(matches!(r, Number::Int(Int::Small(_)) | Number::Float(_)));
                    }
                }
                results += usize::from(a.compare(b).is_some());
                results += a.hash() as usize & 1;
                if let (Number::Int(x), Number::Int(y)) = (a, b) {
                    if !y.is_zero() {
                        results += usize::from(x.divmod(y).is_ok());
                    }
                }
            }
            if let Ok(Some(r)) = a.binary(Pow, &Number::Int(Int::Small(2))) {
                results += usize::from(matches!(r, Number::Int(Int::Small(_)) | Number::Float(_)));
            }
        }
    });
    assert!(results > 300, "the operations ran ({results} results)");
    assert_eq!(count, 0, "small-int and float arithmetic allocated {count} times");
}

#[test]
fn the_counter_sees_an_allocation() {
    // The check above can fail: a product past i64 promotes to a heap-allocated big int.
    let big = Int::Small(i64::MAX);
    let count = allocations_during(|| {
        let square = big.mul(&big).mul(&big);
        assert!(matches!(square, Int::Big(_)));
    });
    assert!(count > 0);
}
