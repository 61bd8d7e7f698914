//! `cargo xtask golden [example-id | program ...]`: records what CPython 3.11
//! prints, for the tests to compare the runtime with.
//!
//! - For each case of `tests/golden/cases.txt` (`<example-id> [key=value ...]`
//!   a line, `#` comments), the playground CLI prints the Python program
//!   (`playground source <example> k=v ...`) and its file name
//!   (`playground source --file-name <example>`); CPython 3.11 runs it as that
//!   script in a fresh folder, stdout and stderr in one pipe, and
//!   `tests/golden/<example-id>/<case-slug>.txt` gets the header line
//!   `# playground run <example-id> k=v ...`.
//! - Each program `playground/tests/cpython/<name>.py` runs the same way, twice
//!   (the runs must agree), into `<name>.txt` beside it, with the header line
//!   `# python3 <name>.py`.
//!
//! The second header line is `# fnv1a64 of the program: <hex>`, the FNV-1a
//! 64-bit hash of the exact program text; then the output as it is. The tests
//! refuse a transcript whose program has changed since, and say to run this.
//!
//! `cargo xtask golden steps` runs `tests/steps/record.py` (the Step view's record of what
//! CPython's `gi_frame` shows after each `next()`/`send()`); without arguments, it runs too.
//!
//! Then the interpreter's conformance suite: each `tests/python/<name>.py` runs the same way
//! and `tests/python/<name>.expected` gets `# fnv1a64=<hash of the program>` and the output,
//! so that an expectation older than its program fails instead of passing silently.
//! `cargo xtask golden python` records only those.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::processes;
use crate::util::{cargo, output_of, run_merged, Result};

/// How long one program may run under CPython.
const CASE_TIMEOUT: Duration = Duration::from_secs(300);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub example: String,
    pub params: Vec<String>,
    pub line_no: usize,
}

impl Case {
    /// The transcript's file stem: `default` without parameters, else
    /// `key-value` pieces joined by `__`, commas as `_`
    /// (`n=3 delays=1,2` → `n-3__delays-1_2`).
    pub fn slug(&self) -> String {
        if self.params.is_empty() {
            return "default".to_string();
        }
        let joined = self.params.iter().map(|p| p.replacen('=', "-", 1)).collect::<Vec<_>>().join("__");
        joined
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '_' })
            .collect()
    }

    /// `# playground run <example-id> k=v ...`
    pub fn header(&self) -> String {
        let mut h = format!("# playground run {}", self.example);
        for p in &self.params {
            h.push(' ');
            h.push_str(p);
        }
        h
    }
}

pub fn parse_cases(text: &str) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let example = words.next().expect("non-empty line").to_string();
        if !example.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(format!("cases.txt:{line_no}: `{example}` is not an example id"));
        }
        let params: Vec<String> = words.map(str::to_string).collect();
        for p in &params {
            match p.split_once('=') {
                Some((k, _)) if !k.is_empty() => {}
                _ => return Err(format!("cases.txt:{line_no}: `{p}` is not key=value")),
            }
        }
        cases.push(Case { example, params, line_no });
    }
    let mut seen = BTreeMap::new();
    for c in &cases {
        let key = (c.example.clone(), c.slug());
        if let Some(prev) = seen.insert(key, c.line_no) {
            return Err(format!(
                "cases.txt:{} and line {prev} give the same transcript {}/{}.txt",
                c.line_no,
                c.example,
                c.slug()
            ));
        }
    }
    Ok(cases)
}

pub fn golden(args: &[String]) -> Result<()> {
    if args.iter().any(|a| a == "python") {
        return conformance(&find_python()?);
    }
    if args.iter().any(|a| a == "steps") {
        return steps(&find_python()?);
    }
    examples(args)?;
    if args.is_empty() {
        conformance(&find_python()?)?;
        steps(&find_python()?)?;
    }
    Ok(())
}

/// The Step view's record: `tests/steps/record.py` runs each case of `tests/steps/cases.txt`
/// under CPython 3.11 and writes what `gi_frame` shows after each `next()`/`send()`.
fn steps(python: &str) -> Result<()> {
    let root = crate::root();
    crate::util::run(cargo().args(["build", "-q", "-p", "playground", "--bin", "playground"]))?;
    crate::util::run(Command::new(python).arg("tests/steps/record.py").current_dir(&root))
}

/// The bytes with every `0x` followed by hex digits shortened to `0x`.
fn without_addresses(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        out.push(bytes[i]);
        if bytes[i] == b'0' && bytes.get(i + 1) == Some(&b'x') {
            out.push(b'x');
            i += 2;
            while bytes.get(i).is_some_and(|b| b.is_ascii_hexdigit()) {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    out
}

/// Records CPython's output for every program of the conformance suite.
fn conformance(python: &str) -> Result<()> {
    let dir = crate::root().join("tests").join("python");
    let mut programs: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    programs.sort();
    let mut written = 0;
    for path in &programs {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        check_file_name(&file_name)?;
        let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (output, _) = run_python(python, &file_name, &source)?;
        let mut content = format!("# fnv1a64={:016x}\n", fnv1a64(source.as_bytes())).into_bytes();
        content.extend_from_slice(&output);
        let out_path = path.with_extension("expected");
        // Object addresses change from run to run; an expectation that differs only in them is
        // kept, so that re-recording touches only what changed.
        if std::fs::read(&out_path).is_ok_and(|old| without_addresses(&old) == without_addresses(&content)) {
            continue;
        }
        std::fs::write(&out_path, &content).map_err(|e| format!("{}: {e}", out_path.display()))?;
        written += 1;
    }
    println!("xtask: golden: {written} of {} conformance expectation(s) written in tests/python", programs.len());
    Ok(())
}

fn examples(args: &[String]) -> Result<()> {
    let root = crate::root();
    let dir = root.join("tests").join("golden");
    let cases_path = dir.join("cases.txt");
    let text = std::fs::read_to_string(&cases_path).map_err(|e| format!("{}: {e}", cases_path.display()))?;
    let mut cases = parse_cases(&text)?;
    let mut programs = cpython_programs()?;
    if !args.is_empty() {
        let only: BTreeSet<&str> = args.iter().map(String::as_str).collect();
        cases.retain(|c| only.contains(c.example.as_str()));
        programs.retain(|p| only.contains(p.stem.as_str()));
        if cases.is_empty() && programs.is_empty() {
            return Err(format!("no case in cases.txt and no program in {CPYTHON_PROGRAMS} for {}", args.join(", ")));
        }
    }
    let python = find_python()?;
    println!(
        "xtask: golden: {} case(s) and {} program(s) of {CPYTHON_PROGRAMS} under {python}",
        cases.len(),
        programs.len()
    );

    if !cases.is_empty() {
        crate::util::run(cargo().args(["build", "-q", "-p", "playground", "--bin", "playground"]))?;
    }

    let mut file_names: BTreeMap<String, String> = BTreeMap::new();
    let mut written: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for case in &cases {
        let file_name = match file_names.get(&case.example) {
            Some(f) => f.clone(),
            None => {
                let f = playground_cli(&["source", "--file-name", &case.example])?;
                let f = f.trim().to_string();
                check_file_name(&f)?;
                file_names.insert(case.example.clone(), f.clone());
                f
            }
        };
        let mut args = vec!["source", case.example.as_str()];
        args.extend(case.params.iter().map(String::as_str));
        let source = playground_cli(&args)?;
        let out_path = dir.join(&case.example).join(format!("{}.txt", case.slug()));
        let labels = playground_cli(&["source", "--labels", &case.example])?;
        if let [first, second] = labels.split_whitespace().collect::<Vec<_>>()[..] {
            // A server and its clients: two processes, recorded twice (the runs must agree).
            let second_file = playground_cli(&["source", "--file-name", "--second", &case.example])?;
            let second_file = second_file.trim();
            check_file_name(second_file)?;
            let mut args = vec!["source", "--second", case.example.as_str()];
            args.extend(case.params.iter().map(String::as_str));
            let second_source = playground_cli(&args)?;
            let programs = [
                processes::Program { label: first, file_name: &file_name, source: &source },
                processes::Program { label: second, file_name: second_file, source: &second_source },
            ];
            record_pair(&python, &programs, &case.header(), &out_path)?;
        } else {
            record(&python, &file_name, &source, &case.header(), &out_path, 1)?;
        }
        written.entry(case.example.clone()).or_default().insert(format!("{}.txt", case.slug()));
    }
    for program in &programs {
        let source = std::fs::read_to_string(&program.path).map_err(|e| format!("{}: {e}", program.path.display()))?;
        let file_name = format!("{}.py", program.stem);
        let out_path = program.path.with_extension("txt");
        // Their lines carry loop iteration numbers: two runs must agree, or
        // a deadline is so close to another that the real clock decides.
        record(&python, &file_name, &source, &format!("# python3 {file_name}"), &out_path, 2)?;
    }

    // Transcripts no case produces any more are reported, not deleted.
    for (example, names) in &written {
        if let Ok(entries) = std::fs::read_dir(dir.join(example)) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.ends_with(".txt") && !names.contains(&n) && args.is_empty() {
                    println!("xtask: golden: note: tests/golden/{example}/{n} is in no case of cases.txt");
                }
            }
        }
    }
    println!("xtask: golden: {} transcript(s) written", cases.len() + programs.len());
    Ok(())
}

/// Where the runtime's tests keep the Python programs whose transcripts pin
/// its scheduling rules (`<name>.py`, recorded into `<name>.txt` beside it).
pub const CPYTHON_PROGRAMS: &str = "playground/tests/cpython";

/// A program of [`CPYTHON_PROGRAMS`].
pub struct Program {
    pub stem: String,
    pub path: PathBuf,
}

/// Every `*.py` of [`CPYTHON_PROGRAMS`], by name.
fn cpython_programs() -> Result<Vec<Program>> {
    let dir = crate::root().join(CPYTHON_PROGRAMS);
    let mut programs = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|e| e == "py") {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            check_file_name(&format!("{stem}.py"))?;
            programs.push(Program { stem, path });
        }
    }
    programs.sort_by(|a, b| a.stem.cmp(&b.stem));
    Ok(programs)
}

/// The second line of every recorded transcript, before the program's hash.
pub const HASH_PREFIX: &str = "# fnv1a64 of the program: ";

/// FNV-1a, 64-bit: the hash of the program a transcript was recorded from
/// (the tests compute it again and refuse a transcript whose program changed).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The two header lines: what ran, and the hash of the program.
pub fn header_lines(what_ran: &str, source: &str) -> String {
    format!("{what_ran}\n{HASH_PREFIX}{:016x}\n", fnv1a64(source.as_bytes()))
}

/// Runs `source` under CPython `runs` times (all must print the same) and
/// writes the header and what it printed to `out_path`.
fn record(python: &str, file_name: &str, source: &str, what_ran: &str, out_path: &Path, runs: usize) -> Result<()> {
    let started = Instant::now();
    let (output, status) = run_python(python, file_name, source)?;
    for _ in 1..runs {
        let (again, _) = run_python(python, file_name, source)?;
        if again != output {
            return Err(format!(
                "{file_name} printed different lines in two runs under CPython: a timer in it is too close to \
                 another for the real clock to keep their order; nothing written to {}",
                out_path.display()
            ));
        }
    }
    if let Some(parent) = out_path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let mut content = header_lines(what_ran, source).into_bytes();
    content.extend_from_slice(&output);
    std::fs::write(out_path, &content).map_err(|e| format!("{}: {e}", out_path.display()))?;
    let note = if status == Some(0) {
        String::new()
    } else {
        format!(" (python exit status {})", status.map_or("signal".into(), |s| s.to_string()))
    };
    let root = crate::root();
    println!(
        "xtask: golden: {} ({} lines, {:.2} s){note}",
        out_path.strip_prefix(&root).unwrap_or(out_path).display(),
        output.split(|&b| b == b'\n').count().saturating_sub(usize::from(output.ends_with(b"\n"))),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Records a server and its clients as two processes ([`processes::record`]), twice: the
/// merged transcripts must agree. The header's hash is of both programs, one after the other.
fn record_pair(python: &str, programs: &[processes::Program; 2], what_ran: &str, out_path: &Path) -> Result<()> {
    let started = Instant::now();
    let [server, clients] = programs;
    let output = processes::record(python, server, clients)?;
    let again = processes::record(python, server, clients)?;
    if again != output {
        return Err(format!(
            "{} and {} printed different transcripts in two runs under CPython: something in them is too close \
             in time for the real clock to keep its order (space the clients out more); nothing written to {}\n\
             first run:\n{}\nsecond run:\n{}",
            server.file_name,
            clients.file_name,
            out_path.display(),
            String::from_utf8_lossy(&output),
            String::from_utf8_lossy(&again)
        ));
    }
    if let Some(parent) = out_path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let mut content = header_lines(what_ran, &format!("{}{}", server.source, clients.source)).into_bytes();
    content.extend_from_slice(&output);
    std::fs::write(out_path, &content).map_err(|e| format!("{}: {e}", out_path.display()))?;
    let root = crate::root();
    println!(
        "xtask: golden: {} ({} lines, two processes, recorded twice, {:.2} s)",
        out_path.strip_prefix(&root).unwrap_or(out_path).display(),
        output.split(|&b| b == b'\n').count().saturating_sub(1),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// CPython 3.11: `python3.11` if there is one, else `python3` if it is 3.11.
pub fn find_python() -> Result<String> {
    for cand in ["python3.11", "python3"] {
        if let Some(v) = output_of(Command::new(cand).arg("--version")) {
            if v.starts_with("Python 3.11.") {
                return Ok(cand.to_string());
            }
        }
    }
    let found = output_of(Command::new("python3").arg("--version")).unwrap_or_else(|| "none".into());
    Err(format!(
        "the goldens are CPython 3.11's output, and python3.11 or a python3 that is 3.11 is missing \
         (python3 here: {found}); `cargo xtask setup --browser` installs it on Debian 12 (apt-get install python3), \
         elsewhere install CPython 3.11 (for example `pyenv install 3.11`)"
    ))
}

/// `cargo run -q -p playground -- <args>`, its stdout, or an error with its stderr.
fn playground_cli(args: &[&str]) -> Result<String> {
    let mut cmd = cargo();
    cmd.args(["run", "-q", "-p", "playground", "--bin", "playground", "--"]).args(args);
    let out = cmd.output().map_err(|e| format!("could not run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`playground {}` failed ({}):\n{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("`playground {}` printed non-UTF-8", args.join(" ")))
}

/// The program's file name goes into a Python string literal: keep it plain.
fn check_file_name(f: &str) -> Result<()> {
    let plain = !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    if plain {
        Ok(())
    } else {
        Err(format!("unexpected program file name {f:?} from `playground source --file-name`"))
    }
}

/// Runs `source` as the script `file_name` (`python -u file_name`, as a
/// student runs it), in a fresh folder, with stdout and stderr in one pipe
/// (`2>&1`); returns what came out, in order, and the exit code. Python 3.9+
/// names the main script by its absolute path in task reprs and warnings;
/// the folder's path is cut from the output so that the transcript names the
/// file as the page shows it (`not_awaited.py:8`).
pub fn run_python(python: &str, file_name: &str, source: &str) -> Result<(Vec<u8>, Option<i32>)> {
    let folder = std::env::temp_dir().join(format!(
        "playground-golden-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let script = folder.join(file_name);
    std::fs::write(&script, source).map_err(|e| format!("{}: {e}", script.display()))?;
    let result = run_script(python, &folder, file_name);
    let _ = std::fs::remove_dir_all(&folder);
    let (out, status) = result?;
    let prefix = format!("{}/", folder.display());
    let out = String::from_utf8_lossy(&out).replace(&prefix, "").into_bytes();
    Ok((out, status))
}

fn run_script(python: &str, folder: &std::path::Path, file_name: &str) -> Result<(Vec<u8>, Option<i32>)> {
    let mut cmd = Command::new(python);
    cmd.arg("-u").arg(file_name).current_dir(folder);
    let merged = run_merged(&mut cmd, CASE_TIMEOUT)?;
    if merged.timed_out {
        return Err(format!("the program ran longer than {} s", CASE_TIMEOUT.as_secs()));
    }
    Ok((merged.out, merged.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cases_with_comments() {
        let cases = parse_cases(
            "# the lecture's examples\n\ncompute-square\ncompute-square n=7  # a comment\n  gather delays=1,2,3 n=3\n",
        )
        .unwrap();
        assert_eq!(cases.len(), 3);
        assert_eq!(cases[0].slug(), "default");
        assert_eq!(cases[0].header(), "# playground run compute-square");
        assert_eq!(cases[1].params, vec!["n=7"]);
        assert_eq!(cases[1].line_no, 4);
        assert_eq!(cases[2].slug(), "delays-1_2_3__n-3");
        assert_eq!(cases[2].header(), "# playground run gather delays=1,2,3 n=3");
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(parse_cases("x n").is_err());
        assert!(parse_cases("x =3").is_err());
        assert!(parse_cases("a/b").is_err());
        assert!(parse_cases("x n=1\nx n=1\n").is_err(), "duplicate transcript");
    }

    /// CPython 3.11, or a failed test saying what is missing: never a skip.
    fn python() -> String {
        find_python().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn python_output_keeps_stdout_and_stderr_in_order() {
        let py = python();
        let src = "import sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')\n\
                   print(__name__)\nraise ValueError('boom')\n";
        let (out, code) = run_python(&py, "example.py", src).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(code, Some(1));
        assert!(out.starts_with("one\ntwo\nthree\n__main__\nTraceback"), "{out}");
        assert!(out.contains("File \"example.py\", line 6, in <module>"), "{out}");
        assert!(out.ends_with("ValueError: boom\n"), "{out}");
    }

    #[test]
    fn large_output_and_input_do_not_deadlock() {
        let py = python();
        let src = format!("# {}\nfor i in range(100000): print(i)\n", "x".repeat(200_000));
        let (out, code) = run_python(&py, "big.py", &src).unwrap();
        assert_eq!(code, Some(0));
        assert_eq!(out.split(|&b| b == b'\n').count(), 100_001);
    }

    #[test]
    fn fnv1a64_gives_the_published_test_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn the_header_names_what_ran_and_the_programs_hash() {
        assert_eq!(
            header_lines("# python3 hops.py", "foobar"),
            "# python3 hops.py\n# fnv1a64 of the program: 85944171f73967e8\n"
        );
    }

    #[test]
    fn file_names_stay_plain() {
        assert!(check_file_name("compute_square.py").is_ok());
        assert!(check_file_name("a'b.py").is_err());
        assert!(check_file_name("").is_err());
    }
}
