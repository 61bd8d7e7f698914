//! The page is built with `panic = "abort"`: whatever text a student's program formats, parses
//! or slices must come back as a value or a Python exception, never as a panic. These tests
//! throw tens of thousands of generated inputs (seeded, so a failure reproduces) at every
//! entry point that takes text or indices from a program.

use playground::interpreter::format::{self, FormatArg, PrintfArgs};
use playground::interpreter::int::Int;
use playground::interpreter::number::{BinaryOp, Number};
use playground::interpreter::{float, text};

/// xorshift64: a tiny deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A string of up to `max` characters drawn from `alphabet`.
    fn text(&mut self, alphabet: &[char], max: usize) -> String {
        let n = self.below(max + 1);
        (0..n).map(|_| alphabet[self.below(alphabet.len())]).collect()
    }

    fn index(&mut self) -> Option<i64> {
        match self.below(6) {
            0 => None,
            1 => Some(i64::MAX),
            2 => Some(i64::MIN),
            _ => Some(self.below(21) as i64 - 10),
        }
    }
}

const SPEC: &[char] = &[
    '<', '>', '^', '=', '+', '-', ' ', 'z', '#', '0', '1', '9', ',', '_', '.', 'b', 'c', 'd', 'e', 'E', 'f', 'F', 'g',
    'G', 'n', 'o', 's', 'x', 'X', '%', 'r', 'a', '{', '}', '!', ':', '(', ')', '*', 'é', '中',
];
const NUMBER: &[char] =
    &['0', '1', '7', '9', '_', '-', '+', ' ', '.', 'e', 'E', 'x', 'o', 'b', 'i', 'n', 'f', 'a', '١', '\u{3000}'];
const WORDS: &[char] =
    &['a', 'b', ' ', '\t', '\n', '\r', 'Σ', 'ß', 'ǅ', 'é', '中', '😀', '\u{85}', '\u{2028}', '_', '1'];

fn sample_args(i: &Int) -> Vec<FormatArg<'_>> {
    vec![
        FormatArg::Int(i),
        FormatArg::Float(-0.0),
        FormatArg::Float(f64::INFINITY),
        FormatArg::Float(f64::NAN),
        FormatArg::Float(1234.5678e-300),
        FormatArg::Bool(true),
        FormatArg::Str("héllo"),
        FormatArg::Other { type_name: "list", str: "[1]".into(), repr: "[1]".into(), format: None },
    ]
}

#[test]
fn format_specs_templates_and_printf_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let ints = [
        Int::Small(0),
        Int::Small(-42),
        Int::Small(1_114_111),
        Int::parse("-123456789012345678901234567890", 10).unwrap(),
    ];
    for round in 0..10_000 {
        let spec = rng.text(SPEC, 8);
        let int = &ints[round % ints.len()];
        let args = sample_args(int);
        for arg in &args {
            let _ = format::format(arg, &spec);
        }
        let template = rng.text(SPEC, 12);
        let _ = format::str_format(&template, &args[..rng.below(args.len() + 1)], &[("a".into(), args[0].clone())]);
        let printf_args = match rng.below(3) {
            0 => PrintfArgs::Single(args[rng.below(args.len())].clone()),
            1 => PrintfArgs::Tuple(args[..rng.below(args.len() + 1)].to_vec()),
            _ => PrintfArgs::Mapping(args[7].clone(), vec![("a".into(), args[rng.below(args.len())].clone())]),
        };
        let _ = format::printf(&format!("%{template}"), &printf_args);
    }
}

#[test]
fn number_parsing_and_arithmetic_never_panic() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let ops = [
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::TrueDiv,
        BinaryOp::FloorDiv,
        BinaryOp::Mod,
        BinaryOp::Pow,
        BinaryOp::LShift,
        BinaryOp::RShift,
        BinaryOp::And,
        BinaryOp::Or,
        BinaryOp::Xor,
    ];
    let specials = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 1e308, -1e-320, f64::INFINITY, f64::NEG_INFINITY, f64::NAN];
    for _ in 0..10_000 {
        let s = rng.text(NUMBER, 10);
        let base = [0, 2, 8, 10, 16, 36, 1, 37][rng.below(8)];
        let parsed = Int::parse(&s, base);
        let _ = float::parse(&s);
        let a = match parsed {
            Ok(i) => Number::Int(i),
            Err(_) => Number::Float(specials[rng.below(specials.len())]),
        };
        let b = match rng.below(3) {
            0 => Number::Float(specials[rng.below(specials.len())]),
            1 => Number::Int(Int::Small(rng.below(200) as i64 - 100)),
            _ => Number::Int(Int::Small(i64::MIN)),
        };
        // Huge exponents are refused quickly, but those just under the limit take a while.
        let small = |n: &Number| matches!(n, Number::Int(Int::Small(v)) if v.unsigned_abs() < 1000);
        for op in ops {
            let _ = a.binary(op, &b);
            if !matches!(op, BinaryOp::Pow | BinaryOp::LShift) || small(&a) {
                let _ = b.binary(op, &a);
            }
        }
        let _ = a.divmod(&b);
        if small(&b) {
            let _ = a.pow_mod(&b, &a);
        }
        let _ = a.round_to(&Int::Small(rng.below(700) as i64 - 350));
        let _ = a.round();
        let _ = a.compare(&b);
        let _ = (a.hash(), a.repr());
    }
}

#[test]
fn str_methods_with_any_text_and_indices_never_panic() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    for _ in 0..10_000 {
        let s = rng.text(WORDS, 12);
        let sub = rng.text(WORDS, 3);
        let (start, end) = (rng.index(), rng.index());
        let width = rng.index().unwrap_or(0).clamp(-5, 40);
        let _ =
            text::find(&s, &sub, start, end) + text::rfind(&s, &sub, start, end) + text::count(&s, &sub, start, end);
        let _ = (text::index(&s, &sub, start, end), text::rindex(&s, &sub, start, end));
        let _ = (text::startswith(&s, &[&sub], start, end), text::endswith(&s, &[&sub, ""], start, end));
        let _ = text::split(&s, Some(&sub), rng.index().unwrap_or(-1));
        let _ = text::rsplit(&s, if sub.is_empty() { None } else { Some(&sub) }, rng.index().unwrap_or(-1));
        let _ = (text::splitlines(&s, true), text::strip(&s, Some(&sub)), text::replace(&s, &sub, "xy", -1));
        let _ = (text::center(&s, width, 'é'), text::zfill(&s, width), text::expandtabs(&s, width));
        let _ = (text::partition(&s, &sub), text::rpartition(&s, &sub));
        let _ = (text::title(&s), text::capitalize(&s), text::swapcase(&s), text::casefold(&s), text::repr(&s));
        let _ = (text::istitle(&s), text::isidentifier(&s), text::isnumeric(&s));
        let _ = text::get_item(&s, rng.index().unwrap_or(0));
        let _ = text::slice(&s, rng.index(), rng.index(), rng.index());
        let _ = text::repeat(&s, rng.index().unwrap_or(3));
    }
}
