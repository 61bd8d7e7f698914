//! Running commands, counting test results, small file helpers.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, String>;

/// Puts the project-local tools (`.tools/node_modules/.bin`, for wasm-opt) and
/// cargo's bin folder (trunk, wasm-bindgen) in front of PATH for every child.
pub fn init_env() {
    let mut dirs = vec![crate::root().join(".tools").join("node_modules").join(".bin")];
    if let Some(home) = cargo_home() {
        dirs.push(home.join("bin"));
    }
    let old = std::env::var_os("PATH").unwrap_or_default();
    let mut all: Vec<PathBuf> = dirs;
    all.extend(std::env::split_paths(&old));
    if let Ok(path) = std::env::join_paths(all) {
        // Single-threaded here: nothing else reads the environment yet.
        std::env::set_var("PATH", path);
    }
}

pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
}

/// A `cargo` command (the one that runs us, when known), in the repository root.
pub fn cargo() -> Command {
    let exe = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut cmd = Command::new(exe);
    cmd.current_dir(crate::root());
    cmd
}

pub fn step(what: &str) {
    println!("xtask: == {what}");
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs `cmd` with inherited stdio; an error names the command and its status.
pub fn run(cmd: &mut Command) -> Result<()> {
    let d = describe(cmd);
    println!("xtask: $ {d}");
    let status = cmd.status().map_err(|e| format!("could not start `{d}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{d}` failed ({status})"))
    }
}

/// Runs `cmd` and returns its stdout (trimmed), or None when it cannot start or fails.
pub fn output_of(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs `cmd`, copying its stdout through line by line as it comes, and
/// returns what it printed. Stderr is inherited.
pub fn run_tee(cmd: &mut Command) -> Result<String> {
    let mut all = String::new();
    tee(cmd, |line| {
        all.push_str(line);
        all.push('\n');
    })?;
    Ok(all)
}

fn tee(cmd: &mut Command, mut on_line: impl FnMut(&str)) -> Result<()> {
    let d = describe(cmd);
    println!("xtask: $ {d}");
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| format!("could not start `{d}`: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut reader = BufReader::new(stdout);
    let mut buf = Vec::new();
    let out = std::io::stdout();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {
                let mut lock = out.lock();
                let _ = lock.write_all(&buf);
                let _ = lock.flush();
                let line = String::from_utf8_lossy(&buf);
                on_line(line.trim_end_matches(['\n', '\r']));
            }
            Err(e) => {
                let _ = child.kill();
                return Err(format!("reading the output of `{d}`: {e}"));
            }
        }
    }
    let status = child.wait().map_err(|e| format!("waiting for `{d}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{d}` failed ({status})"))
    }
}

/// What a command run by [`run_merged`] printed, and how it ended.
pub struct Merged {
    /// Stdout and stderr in the order they were written.
    pub out: Vec<u8>,
    /// The exit code (`None`: killed by a signal).
    pub code: Option<i32>,
    /// It ran longer than the timeout and was killed, with its children.
    pub timed_out: bool,
}

/// Runs `cmd` with stdin closed and stdout and stderr in one pipe (`2>&1`),
/// killing it and every process it started if it runs longer than `timeout`.
pub fn run_merged(cmd: &mut Command, timeout: Duration) -> Result<Merged> {
    use std::os::unix::process::CommandExt;
    let d = describe(cmd);
    let (mut reader, writer) = std::io::pipe().map_err(|e| format!("pipe: {e}"))?;
    let writer2 = writer.try_clone().map_err(|e| format!("pipe: {e}"))?;
    // Its own process group, so that a timeout ends its children too (cargo
    // test's test binaries would otherwise keep the pipe open).
    cmd.stdin(Stdio::null()).stdout(writer).stderr(writer2).process_group(0);
    let mut child = cmd.spawn().map_err(|e| format!("could not start `{d}`: {e}"))?;
    // The command keeps copies of the pipe's write end: close ours.
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let collector = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = reader.read_to_end(&mut out);
        out
    });
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait().map_err(|e| format!("waiting for `{d}`: {e}"))? {
            Some(s) => break s,
            None if started.elapsed() > timeout => {
                timed_out = true;
                let _ = Command::new("kill").arg("-KILL").arg(format!("-{}", child.id())).status();
                let _ = child.kill();
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let out = collector.join().map_err(|_| "output reader panicked".to_string())?;
    Ok(Merged { out, code: status.code(), timed_out })
}

/// Passed / failed / ignored tests, added up from cargo test's result lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.passed += o.passed;
        self.failed += o.failed;
        self.ignored += o.ignored;
    }
}

impl Counts {
    /// Parses one line of libtest (or wasm-bindgen-test-runner) output:
    /// `test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; ...`
    pub fn parse_result_line(line: &str) -> Option<Counts> {
        let rest = line.trim().strip_prefix("test result: ")?;
        let (_, rest) = rest.split_once(". ")?;
        let mut c = Counts::default();
        let mut seen = 0;
        for part in rest.split(';') {
            let mut words = part.split_whitespace();
            let (Some(n), Some(what)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<u64>() else { continue };
            match what {
                "passed" => {
                    c.passed = n;
                    seen += 1
                }
                "failed" => {
                    c.failed = n;
                    seen += 1
                }
                "ignored" => c.ignored = n,
                _ => {}
            }
        }
        (seen == 2).then_some(c)
    }

    /// The plain closing line: `N passed, M failed` (`, K skipped` when some were ignored).
    pub fn summary_line(&self) -> String {
        let mut s = format!("{} passed, {} failed", self.passed, self.failed);
        if self.ignored > 0 {
            s.push_str(&format!(", {} skipped", self.ignored));
        }
        s
    }
}

/// Runs a `cargo test` command, echoing its stdout, and adds up its result lines.
pub fn run_counting(cmd: &mut Command) -> Result<Counts> {
    let mut total = Counts::default();
    tee(cmd, |line| {
        if let Some(c) = Counts::parse_result_line(line) {
            total += c;
        }
    })?;
    Ok(total)
}

/// Every file under `dir`, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", d.display()))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The size of `path` compressed by `gzip -9`.
pub fn gzip_size(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .arg(path)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip -9 {} failed", path.display()));
    }
    Ok(out.stdout.len() as u64)
}

pub fn human_bytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.2} MiB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

pub const BENCH_START: &str = "<!-- bench:start (written by `cargo xtask bench`) -->";
pub const BENCH_END: &str = "<!-- bench:end -->";

/// Puts `report` (Markdown) between the bench markers of README.md; leaves the file alone
/// (with a note) when the markers are missing.
pub fn update_readme_benchmarks(readme: &Path, report: &str) -> Result<()> {
    let text = std::fs::read_to_string(readme).map_err(|e| format!("{}: {e}", readme.display()))?;
    match replace_between_markers(&text, report) {
        Some(new) => {
            std::fs::write(readme, new).map_err(|e| format!("{}: {e}", readme.display()))?;
            println!("xtask: README.md: Benchmarks section updated");
        }
        None => println!("xtask: README.md has no bench markers; not updated"),
    }
    Ok(())
}

fn replace_between_markers(text: &str, report: &str) -> Option<String> {
    let start = text.find(BENCH_START)? + BENCH_START.len();
    let end = start + text[start..].find(BENCH_END)?;
    let body = format!("\n\n{}\n\n", report.trim_matches('\n'));
    Some(format!("{}{}{}", &text[..start], body, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libtest_result_lines() {
        let c = Counts::parse_result_line(
            "test result: ok. 12 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        );
        assert_eq!(c, Some(Counts { passed: 12, failed: 0, ignored: 2 }));
        let c =
            Counts::parse_result_line("test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        assert_eq!(c, Some(Counts { passed: 3, failed: 1, ignored: 0 }));
        assert_eq!(Counts::parse_result_line("running 3 tests"), None);
        assert_eq!(Counts::parse_result_line("test foo ... ok"), None);
    }

    #[test]
    fn summary_line_is_the_plain_form() {
        let c = Counts { passed: 7, failed: 0, ignored: 0 };
        assert_eq!(c.summary_line(), "7 passed, 0 failed");
        let c = Counts { passed: 7, failed: 0, ignored: 2 };
        assert_eq!(c.summary_line(), "7 passed, 0 failed, 2 skipped");
    }

    #[test]
    fn replaces_the_bench_section_only() {
        let text = format!("# T\n\n## Benchmarks\n\n{BENCH_START}\nold\n{BENCH_END}\n\n## Next\n");
        let new = replace_between_markers(&text, "| a | b |\n").unwrap();
        assert!(new.contains(&format!("{BENCH_START}\n\n| a | b |\n\n{BENCH_END}")));
        assert!(!new.contains("old"));
        assert!(new.ends_with(&format!("{BENCH_END}\n\n## Next\n")));
        // Idempotent shape: running twice keeps one block.
        let again = replace_between_markers(&new, "c").unwrap();
        assert_eq!(again, format!("# T\n\n## Benchmarks\n\n{BENCH_START}\n\nc\n\n{BENCH_END}\n\n## Next\n"));
        assert_eq!(replace_between_markers("no markers", "x"), None);
    }
}
