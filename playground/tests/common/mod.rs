//! What the test files share: reading a transcript that CPython 3.11 printed
//! (recorded by `cargo xtask golden`) and refusing it when it was recorded
//! from another version of its program.
//!
//! A recorded transcript is a text file: a first line saying what ran
//! (`# playground run gather count=3`, `# python3 hops.py`), a second line
//! `# fnv1a64 of the program: <16 hex digits>` (FNV-1a 64-bit of the exact
//! program text CPython ran), then exactly what CPython printed, stdout and
//! stderr in order.

#![allow(dead_code)] // each test file uses a part

use std::path::{Path, PathBuf};

/// The second header line, before the hash.
pub const HASH_PREFIX: &str = "# fnv1a64 of the program: ";

/// FNV-1a, 64-bit (the same hash `cargo xtask golden` writes).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A transcript CPython printed, with its header.
pub struct Recorded {
    pub path: PathBuf,
    /// The first line, without `# `.
    pub what_ran: String,
    pub lines: Vec<String>,
}

/// Reads the transcript at `path`, recorded from `program`. An error (a
/// sentence saying to run `cargo xtask golden`) if the file is missing, has
/// no hash, or was recorded from another program text.
pub fn read_recorded(path: &Path, program: &str) -> Result<Recorded, String> {
    let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let shown = full.strip_prefix(repo_root()).unwrap_or(&full).display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{shown}: {e}; record it with `cargo xtask golden` (needs CPython 3.11)"))?;
    let mut lines = text.lines();
    let what_ran = lines.next().and_then(|l| l.strip_prefix("# ")).unwrap_or_default().to_string();
    let recorded_hash = lines.next().and_then(|l| l.strip_prefix(HASH_PREFIX)).unwrap_or_default();
    let hash = format!("{:016x}", fnv1a64(program.as_bytes()));
    if recorded_hash != hash {
        return Err(format!(
            "{shown} is stale: it was recorded from a program whose FNV-1a 64 is {:?}, the program is now {hash}; \
             run `cargo xtask golden` to record it again under CPython 3.11",
            recorded_hash
        ));
    }
    Ok(Recorded { path: path.to_path_buf(), what_ran, lines: lines.map(String::from).collect() })
}

pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.canonicalize().unwrap_or(root)
}

/// CPython's transcript without the frames of its tracebacks (the `  File
/// ...` lines and the source and caret lines under them): the runtime runs
/// Rust, not Python lines, so it prints each traceback's first and last line
/// only. Everything else is compared as CPython printed it.
pub fn without_traceback_frames(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_traceback = false;
    for line in lines {
        if in_traceback && line.starts_with(' ') {
            continue;
        }
        in_traceback = line == "Traceback (most recent call last):";
        out.push(line.clone());
    }
    out
}

pub use playground::trace::mask_addresses;

/// CPython's transcript as the comparison sees it: addresses masked (the
/// interpreter's lines get the same masking); everything else, the caret
/// lines under a traceback's source lines included, as CPython printed it.
pub fn comparable(lines: &[String]) -> Vec<String> {
    lines.iter().map(|l| mask_addresses(l)).collect()
}
