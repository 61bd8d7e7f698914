//! `cargo xtask setup`: installs whatever the page's build and tests need and
//! is missing. Quick when everything is there: it only asks each tool its version.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{cargo, output_of, run, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen = "=…"` pin in the root Cargo.toml (checked below
/// against Cargo.lock).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// binaryen's version on npm; Trunk.toml's `[tools] wasm_opt` says `version_<this>`.
pub const BINARYEN_VERSION: &str = "132";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The Autobahn cases, run against the server by `cargo xtask test` (PyPI).
pub const KOSOKU_VERSION: &str = "0.1.0";
/// Python's `websockets`: the echo server `cargo xtask bench` compares ours with.
pub const WEBSOCKETS_VERSION: &str = "15.0.1";

pub fn setup(browser: bool) -> Result<()> {
    println!("xtask: setup: checking tools");
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_opt()?;
    if browser {
        python()?;
        chromium()?;
        python_tools()?;
    }
    Ok(())
}

fn ok(what: &str) {
    println!("xtask: setup: {what}: ok");
}

fn installing(what: &str) {
    println!("xtask: setup: {what}: missing, installing");
}

fn wasm_target() -> Result<()> {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|out| out.lines().any(|l| l.trim() == WASM_TARGET));
    if installed {
        ok(WASM_TARGET);
        return Ok(());
    }
    installing(WASM_TARGET);
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The version a tool reports (`trunk --version` → `trunk 0.21.14`), if it runs.
fn reported_version(tool: &str) -> Option<String> {
    output_of(Command::new(tool).arg("--version"))
}

fn has_version(out: &Option<String>, version: &str) -> bool {
    out.as_deref().is_some_and(|s| s.split(|c: char| c.is_whitespace() || c == '(' || c == ')').any(|w| w == version))
}

fn trunk() -> Result<()> {
    let what = format!("trunk {TRUNK_VERSION}");
    if has_version(&reported_version("trunk"), TRUNK_VERSION) {
        ok(&what);
        return Ok(());
    }
    installing(&format!("{what} (cargo install, takes about 5 minutes)"));
    // Without --locked trunk 0.21.14 does not compile with today's crates.
    run(cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

fn wasm_bindgen() -> Result<()> {
    check_lock_pin()?;
    let what = format!("wasm-bindgen-cli {WASM_BINDGEN_VERSION}");
    let cli = has_version(&reported_version("wasm-bindgen"), WASM_BINDGEN_VERSION);
    let runner = has_version(&reported_version("wasm-bindgen-test-runner"), WASM_BINDGEN_VERSION);
    if cli && runner {
        ok(&what);
        return Ok(());
    }
    installing(&format!("{what} (cargo install, takes about 2 minutes)"));
    // With --locked it fails: the registry lacks one of its locked crates.
    run(cargo().args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--force"]))
}

/// The CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
fn check_lock_pin() -> Result<()> {
    let lock = crate::root().join("Cargo.lock");
    let Ok(text) = std::fs::read_to_string(&lock) else {
        return Ok(()); // No lock yet: cargo resolves the `=` pin.
    };
    if let Some(v) = locked_version(&text, "wasm-bindgen") {
        if v != WASM_BINDGEN_VERSION {
            return Err(format!(
                "Cargo.lock has wasm-bindgen {v}, but xtask installs wasm-bindgen-cli \
                 {WASM_BINDGEN_VERSION}; they must be equal (the root Cargo.toml pins `=`)"
            ));
        }
    }
    Ok(())
}

/// The version of package `name` in a Cargo.lock.
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let want = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == want {
            let v = lines.next()?.trim();
            return Some(v.strip_prefix("version = \"")?.strip_suffix('"')?.to_string());
        }
    }
    None
}

fn wasm_opt() -> Result<()> {
    let what = format!("wasm-opt (npm binaryen@{BINARYEN_VERSION}, in .tools/)");
    let tools = crate::root().join(".tools");
    let local = tools.join("node_modules").join(".bin").join("wasm-opt");
    // `wasm-opt version 132 (version_132)`; only the project-local one counts:
    // Debian's binaryen cannot read what today's rustc emits.
    if local.is_file() && has_version(&output_of(Command::new(&local).arg("--version")), BINARYEN_VERSION) {
        ok(&what);
        return Ok(());
    }
    installing(&what);
    std::fs::create_dir_all(&tools).map_err(|e| format!("{}: {e}", tools.display()))?;
    let pkg = tools.join("package.json");
    if !pkg.is_file() {
        std::fs::write(&pkg, "{ \"private\": true, \"description\": \"project-local tools, see xtask\" }\n")
            .map_err(|e| format!("{}: {e}", pkg.display()))?;
    }
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-save"])
        .arg(format!("binaryen@{BINARYEN_VERSION}"))
        .current_dir(&tools))?;
    if !has_version(&output_of(Command::new(&local).arg("--version")), BINARYEN_VERSION) {
        return Err(format!("{} does not report version {BINARYEN_VERSION}", local.display()));
    }
    Ok(())
}

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        ok("chromium + chromedriver");
        return Ok(());
    }
    installing("chromium + chromedriver (apt-get)");
    apt_get(&["update"])?;
    apt_get(&["install", "-y", "chromium", "chromium-driver"])?;
    for p in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(p).is_file() {
            return Err(format!("{p} is still missing after apt-get install"));
        }
    }
    Ok(())
}

/// CPython 3.11: the golden transcripts are its output, and the tests of the
/// recorder run it. Debian 12's `python3` is 3.11; elsewhere say how.
fn python() -> Result<()> {
    if let Ok(python) = crate::golden::find_python() {
        ok(&format!("CPython 3.11 ({python})"));
        return Ok(());
    }
    let debian_12 = std::fs::read_to_string("/etc/debian_version").is_ok_and(|v| v.starts_with("12"));
    if !debian_12 {
        return crate::golden::find_python().map(|_| ());
    }
    installing("CPython 3.11 (apt-get install python3)");
    apt_get(&["update"])?;
    apt_get(&["install", "-y", "python3"])?;
    crate::golden::find_python().map(|_| ())
}

/// The project's Python virtual environment, `.tools/venv`.
pub fn venv() -> PathBuf {
    crate::root().join(".tools").join("venv")
}

/// A program of the virtual environment (`kosoku`, `python`).
pub fn venv_bin(name: &str) -> PathBuf {
    venv().join("bin").join(name)
}

/// kosoku and websockets, pinned, in `.tools/venv` (made with CPython 3.11's
/// `venv`; on Debian that needs the python3-venv package).
pub fn python_tools() -> Result<()> {
    let what = format!("kosoku {KOSOKU_VERSION} + websockets {WEBSOCKETS_VERSION} (pip, in .tools/venv)");
    let python = venv_bin("python");
    let want = format!("{KOSOKU_VERSION} {WEBSOCKETS_VERSION}");
    let installed = || {
        output_of(
            Command::new(&python)
                .args(["-c", "import importlib.metadata as m; print(m.version('kosoku'), m.version('websockets'))"]),
        )
    };
    if installed().as_deref() == Some(want.as_str()) {
        ok(&what);
        return Ok(());
    }
    installing(&what);
    if !python.is_file() {
        let system = crate::golden::find_python()?;
        let make_venv = || run(Command::new(&system).args(["-m", "venv"]).arg(venv()));
        if make_venv().is_err() {
            // Debian's python3 has no ensurepip without python3-venv.
            let _ = std::fs::remove_dir_all(venv());
            apt_get(&["update"])?;
            apt_get(&["install", "-y", "python3-venv"])?;
            make_venv()?;
        }
    }
    run(Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("kosoku=={KOSOKU_VERSION}"),
        &format!("websockets=={WEBSOCKETS_VERSION}"),
    ]))?;
    match installed() {
        Some(got) if got == want => Ok(()),
        got => Err(format!("{} reports kosoku and websockets {got:?}, not {want}", python.display())),
    }
}

/// `apt-get <args>`, through sudo unless we are root.
fn apt_get(args: &[&str]) -> Result<()> {
    let root = output_of(Command::new("id").arg("-u")).is_some_and(|u| u == "0");
    let mut cmd = if root {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.arg("apt-get");
        c
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    run(&mut cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_words_match_exactly() {
        assert!(has_version(&Some("trunk 0.21.14".into()), "0.21.14"));
        assert!(!has_version(&Some("trunk 0.21.1".into()), "0.21.14"));
        assert!(has_version(&Some("wasm-opt version 132 (version_132)".into()), "132"));
        assert!(!has_version(&Some("wasm-opt version 108".into()), "132"));
        assert!(!has_version(&None, "132"));
    }

    #[test]
    fn reads_a_locked_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(lock, "wasm-bindgen-futures").as_deref(), Some("0.4.80"));
        assert_eq!(locked_version(lock, "yew"), None);
    }

    #[test]
    fn the_page_crate_pins_the_cli_version() {
        let toml = std::fs::read_to_string(crate::root().join("Cargo.toml")).unwrap();
        assert!(
            toml.contains(&format!("wasm-bindgen = \"={WASM_BINDGEN_VERSION}\"")),
            "the root Cargo.toml must pin wasm-bindgen = \"={WASM_BINDGEN_VERSION}\""
        );
        let trunk = std::fs::read_to_string(crate::root().join("Trunk.toml")).unwrap();
        assert!(trunk.contains(&format!("wasm_bindgen = \"{WASM_BINDGEN_VERSION}\"")));
        assert!(trunk.contains(&format!("wasm_opt = \"version_{BINARYEN_VERSION}\"")));
    }
}
