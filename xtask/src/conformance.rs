//! The Autobahn WebSocket cases (kosoku, PyPI) against the server's echo.
//! Excluded: 12.* and 13.* (permessage-deflate, which the server does not
//! offer) and 9.* (messages far above the 64 KiB cap; the cap has its own
//! tests in server/tests/echo.rs).

use crate::serve::Background;
use crate::setup::venv_bin;
use crate::util::{run_tee, Counts, Result};

pub const EXCLUDED: [&str; 3] = ["12.*", "13.*", "9.*"];

/// Runs the cases; the count of passed cases, or an error listing the failed.
pub fn autobahn() -> Result<Counts> {
    let folder = std::env::temp_dir().join("xtask-conformance-page");
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    std::fs::write(folder.join("index.html"), "<!DOCTYPE html><title>conformance run</title>\n")
        .map_err(|e| format!("{}: {e}", folder.display()))?;
    let server = Background::start(&folder)?;
    let reports = crate::root().join("target").join("kosoku");
    let mut cmd = std::process::Command::new(venv_bin("kosoku"));
    for case in EXCLUDED {
        cmd.args(["-x", case]);
    }
    cmd.arg("-o").arg(&reports).arg(format!("{}/ws", server.addr)).current_dir(crate::root());
    // kosoku exits non-zero when a case fails: its output says which.
    let out = run_tee(&mut cmd);
    server.stop()?;
    let out = out.map_err(|e| format!("{e} (reports in {})", reports.display()))?;
    match passed_cases(&out) {
        Some(passed) => Ok(Counts { passed, failed: 0, ignored: 0 }),
        None => Err(format!("kosoku did not report `N cases passed` (reports in {})", reports.display())),
    }
}

/// `N` from kosoku's closing `N cases passed` (printed only when none failed).
pub fn passed_cases(out: &str) -> Option<u64> {
    out.lines().rev().find_map(|line| line.trim().strip_suffix(" cases passed")?.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_count_only_when_every_case_passed() {
        assert_eq!(passed_cases("wrote reports for 247 cases to reports/\n247 cases passed\n"), Some(247));
        assert_eq!(passed_cases("3 of 247 cases failed:\n  6.3.1: behavior=OK\nwrote reports\n"), None);
        assert_eq!(passed_cases(""), None);
    }
}
