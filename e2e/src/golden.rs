//! The CPython golden transcripts: `tests/golden/<example>/<case>.txt`, each
//! starting with `# playground run <example> k=v ...` and
//! `# fnv1a64 of the program: <hex>` (the native tests check that hash), then
//! exactly the lines CPython 3.11 printed. They are compared with object
//! addresses masked, as the native tests do.

use std::path::{Path, PathBuf};

use playground::link::encode;

/// One recorded run.
#[derive(Clone, Debug)]
pub struct GoldenCase {
    pub file: PathBuf,
    pub example: String,
    /// The parameters as given in the header, in order.
    pub params: Vec<(String, String)>,
    pub lines: Vec<String>,
}

impl GoldenCase {
    pub fn parse(file: &Path) -> GoldenCase {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let words: Vec<&str> = header
            .strip_prefix("# playground run ")
            .unwrap_or_else(|| {
                panic!("{}: first line should be `# playground run <example> k=v ...`, is {header:?}", file.display())
            })
            .split_whitespace()
            .collect();
        let hash = lines.next().unwrap_or_default();
        assert!(
            hash.starts_with("# fnv1a64 of the program: "),
            "{}: the second line should be `# fnv1a64 of the program: <hex>`, is {hash:?} (run `cargo xtask golden`)",
            file.display()
        );
        let (example, rest) =
            words.split_first().unwrap_or_else(|| panic!("{}: no example id in the header", file.display()));
        let params = rest
            .iter()
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (k.to_string(), v.to_string())
            })
            .collect();
        GoldenCase {
            file: file.to_path_buf(),
            example: example.to_string(),
            params,
            lines: lines.map(mask_addresses).collect(),
        }
    }

    /// `try=N`: the case is the example's N-th "Try this" edit (the page's
    /// `#try-this-N` button), not a link.
    pub fn try_this(&self) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == "try").map(|(_, v)| v.as_str())
    }

    /// CPython ended the program with an uncaught exception (its traceback is
    /// the transcript's end): the page's console ends in `error`.
    pub fn raises(&self) -> bool {
        self.lines.iter().any(|l| l == "Traceback (most recent call last):")
    }

    /// `example=ID&k=v...` (without `?`; without `try=N`).
    pub fn query(&self) -> String {
        let mut q = format!("example={}", encode(&self.example));
        for (k, v) in self.params.iter().filter(|(k, _)| k != "try") {
            q.push_str(&format!("&{}={}", encode(k), encode(v)));
        }
        q
    }

    /// `id k=v ...`, for messages.
    pub fn label(&self) -> String {
        let mut s = self.example.clone();
        for (k, v) in &self.params {
            s.push_str(&format!(" {k}={v}"));
        }
        s
    }

    /// How many of the last lines CPython prints in no defined order (they
    /// come from iterating a set): the registry's `unordered_tail` for this
    /// case's example and parameters.
    pub fn unordered_tail(&self) -> usize {
        let Some(example) = playground::examples::find(&self.example) else {
            panic!("{}: unknown example {}", self.file.display(), self.example)
        };
        let pairs = self.params.iter().filter(|(k, _)| k != "try").map(|(k, v)| (k.as_str(), v.as_str()));
        match example.parse_params(pairs) {
            Ok(params) => (example.unordered_tail)(&params),
            Err(e) => panic!("{}: {e}", self.file.display()),
        }
    }

    /// Whether `got` is this transcript: equal line by line, except the
    /// unordered tail, which must hold the same lines in any order.
    /// On a mismatch: a message showing both.
    pub fn check(&self, got: &[String]) -> Result<(), String> {
        let got: Vec<String> = got.iter().map(|l| mask_addresses(l)).collect();
        let got = &got[..];
        let tail = self.unordered_tail().min(self.lines.len());
        let want = &self.lines;
        let ok = got.len() == want.len() && {
            let cut = want.len() - tail;
            got[..cut] == want[..cut] && {
                let mut a = got[cut..].to_vec();
                let mut b = want[cut..].to_vec();
                a.sort();
                b.sort();
                a == b
            }
        };
        if ok {
            return Ok(());
        }
        let first_diff = got.iter().zip(want.iter()).position(|(g, w)| g != w).unwrap_or(got.len().min(want.len()));
        let show = |ls: &[String]| -> String {
            let from = first_diff.saturating_sub(2);
            ls.iter().enumerate().skip(from).take(8).map(|(i, l)| format!("    {:>5}: {l}\n", i + 1)).collect()
        };
        Err(format!(
            "{} ({}): console has {} lines, CPython printed {} (last {} compared as a multiset); \
             first difference at line {}\n  page:\n{}  CPython:\n{}",
            self.label(),
            self.file.display(),
            got.len(),
            want.len(),
            tail,
            first_diff + 1,
            show(got),
            show(want)
        ))
    }
}

pub use playground::trace::mask_addresses;

/// Every golden case, sorted by example then file name. Panics when there are
/// none: the tests must read the recorded transcripts.
pub fn all_cases() -> Vec<GoldenCase> {
    let dir = golden_dir();
    let mut cases = Vec::new();
    let mut examples: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e} (run `cargo xtask golden`)", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    examples.sort();
    for ex in examples {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&ex)
            .expect("read golden folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        cases.extend(files.iter().map(|f| GoldenCase::parse(f)));
    }
    assert!(!cases.is_empty(), "no golden transcripts in {}: run `cargo xtask golden`", dir.display());
    cases
}

/// The cases of one example.
pub fn cases_of(example: &str) -> Vec<GoldenCase> {
    all_cases().into_iter().filter(|c| c.example == example).collect()
}

/// The case of `example` with exactly these parameters (in any order).
pub fn case(example: &str, params: &[(&str, &str)]) -> GoldenCase {
    let mut want: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    want.sort();
    cases_of(example)
        .into_iter()
        .find(|c| {
            let mut p = c.params.clone();
            p.sort();
            p == want
        })
        .unwrap_or_else(|| {
            panic!(
                "no golden transcript for {example} {params:?} in {}: add it to tests/golden/cases.txt \
                 and run `cargo xtask golden`",
                golden_dir().display()
            )
        })
}

/// `tests/golden` of the repository (`E2E_GOLDEN_DIR` overrides it, for
/// trying the tests against other transcripts).
pub fn golden_dir() -> PathBuf {
    match std::env::var_os("E2E_GOLDEN_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => crate::repo_root().join("tests").join("golden"),
    }
}
