//! Lecture section "Generators": `my_range_1` builds a list while
//! `my_range_2` yields one value at a time; `get_odds` skips the even ones;
//! `get_every_two_odds(get_odds(n))` chains two generators.

use super::params::{ParamKind, ParamSpec, Params};
use super::{Example, Section};
use crate::link::View;
use crate::trace::Trace;

/// The Step view, beside the console: each step is one `next()` or `send()`.
pub const STEP_VIEWS: &[View] = &[View::Console, View::Steps];

/// `n` of `range`, `odds` and `every-two-odds`.
const fn up_to(default: &'static str, help: &'static str) -> ParamSpec {
    ParamSpec { name: "n", label: "n", help, kind: ParamKind::Int { min: 0, max: 10_000_000 }, default }
}

const fn calls(default: &'static str, generator: &'static str) -> ParamSpec {
    ParamSpec {
        name: "calls",
        label: "next() calls",
        help: generator,
        kind: ParamKind::Int { min: 0, max: 1_000 },
        default,
    }
}

/// The bytes CPython 3.11's `sys.getsizeof` gives a list grown by `n` calls
/// of `append`: a 56-byte header and one 8-byte pointer per slot, slots
/// growing as `list_resize` (Objects/listobject.c) over-allocates them.
pub fn cpython_list_bytes(n: u64) -> u64 {
    let mut allocated: u64 = 0;
    for size in 1..=n {
        if size > allocated {
            // new_allocated = (newsize + (newsize >> 3) + 6) & ~3, unless that is
            // closer to newsize than to the old size.
            let mut grown = (size + (size >> 3) + 6) & !3;
            if size - allocated > grown - size {
                grown = (size + 3) & !3;
            }
            allocated = grown;
        }
    }
    56 + 8 * allocated
}

/// The bytes of the int objects of `0..n` in CPython 3.11: 28 bytes each
/// (below 2**30), except -5 to 256, which CPython creates once at start.
fn cpython_int_bytes(n: u64) -> u64 {
    n.saturating_sub(257) * 28
}

/// `840 bytes`, `8,448,728 bytes (8.4 MB)`.
fn bytes_text(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{} bytes ({:.1} MB)", thousands(bytes), bytes as f64 / 1e6)
    } else {
        format!("{} bytes", thousands(bytes))
    }
}

/// `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn range_notes(p: &Params, _: &Trace) -> Vec<String> {
    let n = p.int("n").max(0) as u64;
    // The interpreter's list is a Rust vector of 16-byte values that doubles as it grows.
    let slots = if n == 0 { 0 } else { n.next_power_of_two().max(4) };
    vec![
        format!(
            "What the list held: in this run, {} values in a vector of {} slots of 16 bytes ({}). In CPython \
3.11, sys.getsizeof(nums) is {} for the list alone (8 bytes per slot, over-allocated as append grows it), and \
its int objects from 257 on take {} more (CPython makes -5 to 256 once, at start).",
            thousands(n),
            thousands(slots),
            bytes_text(slots * 16),
            bytes_text(cpython_list_bytes(n)),
            bytes_text(cpython_int_bytes(n)),
        ),
        format!(
            "Time to the first value: my_range_1 ran its loop {} times before it returned anything; my_range_2 \
ran it once, and sys.getsizeof gives its generator 200 bytes in CPython 3.11, whatever n is.",
            thousands(n)
        ),
    ]
}

pub const RANGE: Example = Example {
    id: "range",
    title: "A list, or a generator",
    section: Section::Generators,
    lecture: |p| {
        format!(
            "Our first attempt at range(), my_range_1, creates a huge list when n is large (here {}), and it \
eats up a lot of memory. In my_range_2, yield is used in place of return: the function becomes a generator. When \
the line yield i is reached, it returns the value of i and pauses, until next() is called again.",
            thousands(p.int("n").max(0) as u64)
        )
    },
    file_name: "range.py",
    program_text: include_str!("range.py"),
    params: &[up_to("1000000", "my_range_1(n) and my_range_2(n).")],
    changes: &[
        "The slide calls my_range_2(100) and leaves my_range_1 uncalled; here both run with the same n, and \
each next() is printed.",
        "The address in <generator object my_range_2 at 0x...> differs in every run, as the slide says.",
    ],
    notes: range_notes,
    views: STEP_VIEWS,
    ..Example::BASE
};

pub const ODDS: Example = Example {
    id: "odds",
    title: "Odd numbers from a generator",
    section: Section::Generators,
    lecture: |_| {
        "get_odds(n) yields the odd numbers up to n. Each next(o) runs it from where it paused to its next \
yield: the function is NOT terminated, because it remembers its current state (i). A for loop over a generator \
calls next() for you."
            .to_string()
    },
    file_name: "odds.py",
    program_text: include_str!("odds.py"),
    params: &[up_to("100", "get_odds(n): the odd numbers up to n."), calls("3", "How many times next(o) is called.")],
    changes: &["The slide calls next(o) by hand; here a loop makes `calls` calls and prints what each returns."],
    views: STEP_VIEWS,
    ..Example::BASE
};

pub const EVERY_TWO_ODDS: Example = Example {
    id: "every-two-odds",
    title: "Two generators chained",
    section: Section::Generators,
    lecture: |_| {
        "Generators chain: get_every_two_odds iterates over the generator get_odds(n) and yields every second \
value. Each next(nums) resumes the outer generator, whose for loop resumes the inner one, once or twice, until \
the outer reaches its own yield."
            .to_string()
    },
    file_name: "every_two_odds.py",
    program_text: include_str!("every_two_odds.py"),
    params: &[
        up_to("100", "get_odds(n): the odd numbers up to n."),
        calls("3", "How many times next(nums) is called."),
    ],
    changes: &["The slide calls next(nums) three times by hand; here a loop makes `calls` calls and prints what each \
returns."],
    views: STEP_VIEWS,
    ..Example::BASE
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_bytes_are_what_cpython_3_11_gives_a_list_grown_by_append() {
        // sys.getsizeof(my_range_1(n)) under CPython 3.11.7.
        let cpython = [(0, 56), (1, 88), (10, 184), (100, 920), (1000, 8856), (1_000_000, 8_448_728)];
        for (n, bytes) in cpython {
            assert_eq!(cpython_list_bytes(n), bytes, "n={n}");
        }
    }

    #[test]
    fn thousands_are_separated_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10_000_000), "10,000,000");
    }
}
