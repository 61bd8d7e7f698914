//! `cargo xtask <command>`: the project's build, serve, test, bench and golden
//! pipeline. Plain std, no dependencies, so that it compiles in a second or two.

mod conformance;
mod golden;
mod mutants;
mod processes;
mod serve;
mod setup;
mod util;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use util::{cargo, human_bytes, run, run_counting, Counts, Result};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup [--browser]   install what is missing: wasm32 target, trunk, wasm-bindgen-cli,
                      wasm-opt (npm binaryen, into .tools/); with --browser (what the
                      tests need) also CPython 3.11 and Chromium + ChromeDriver (apt),
                      and kosoku + websockets (pip, into .tools/venv)
  build               build the release page into dist/ (trunk build --release --offline)
  serve [--port N]    setup, build, then run the server (server/: the page and the
                      WebSocket echo at /ws) on http://127.0.0.1:N/ (default 8080)
        [--no-build]  serve the existing dist/ as it is
        [-- OPTIONS]  pass OPTIONS to the server (`cargo run -p server -- --help`)
  test                setup (with browser), then: native tests, the Autobahn WebSocket
                      cases (kosoku) against the server, the page's wasm tests in
                      headless Chromium, the release build, the end-to-end tests
  conformance         setup (kosoku), then only the Autobahn cases of `test` step (b)
  bench               the runtime benchmark (vs CPython), the server's echo (vs Python's
                      websockets), then the page's size and timing figures;
                      fills README.md's Benchmarks section
  golden [name ...]   record CPython 3.11's output: tests/golden/<example>/<case>.txt for
                      tests/golden/cases.txt, playground/tests/cpython/<name>.txt for
                      each <name>.py there, and tests/python/*.expected (`golden python`:
                      only those; otherwise only the examples or programs named, if any)
  mutants             apply each deliberate scheduling bug of xtask/src/mutants.rs to a
                      scratch copy and check that `cargo test -p playground` fails
";

fn main() -> ExitCode {
    util::init_env();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    let result = match cmd {
        "setup" => {
            let browser = rest.iter().any(|a| a == "--browser");
            no_other_args(rest, &["--browser"]).and_then(|_| setup::setup(browser))
        }
        "build" => no_other_args(rest, &[]).and_then(|_| {
            setup::setup(false)?;
            build().map(|_| ())
        }),
        "serve" => serve_cmd(rest),
        "test" => no_other_args(rest, &[]).and_then(|_| test()),
        "conformance" => no_other_args(rest, &[]).and_then(|_| {
            setup::python_tools()?;
            let counts = conformance::autobahn()?;
            println!("{}", counts.summary_line());
            Ok(())
        }),
        "bench" => no_other_args(rest, &[]).and_then(|_| bench()),
        "golden" => golden::golden(rest),
        "mutants" => mutants::mutants(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn no_other_args(rest: &[String], allowed: &[&str]) -> Result<()> {
    match rest.iter().find(|a| !allowed.contains(&a.as_str())) {
        Some(a) => Err(format!("unexpected argument `{a}`\n\n{USAGE}")),
        None => Ok(()),
    }
}

/// The repository's root folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in a folder of the repository").to_path_buf()
}

/// Where `cargo xtask build` puts the page.
pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// `trunk build --release --offline` at the root, with the tools `setup` installed
/// on PATH. Returns the dist folder.
fn build() -> Result<PathBuf> {
    let started = Instant::now();
    util::step("building the page (trunk build --release --offline)");
    let mut cmd = std::process::Command::new("trunk");
    cmd.args(["build", "--release", "--offline"]).current_dir(root()).env("TRUNK_OFFLINE", "true");
    run(&mut cmd)?;
    let dist = dist_dir();
    let secs = started.elapsed().as_secs_f64();
    println!("xtask: page built in {secs:.1} s: {}", dist.display());
    for (name, raw, gz) in wasm_sizes(&dist)? {
        println!("xtask: {name}: {} raw, {} gzipped (gzip -9)", human_bytes(raw), human_bytes(gz));
    }
    Ok(dist)
}

/// Every .wasm file in `dist` with its raw and `gzip -9` sizes.
fn wasm_sizes(dist: &Path) -> Result<Vec<(String, u64, u64)>> {
    let mut out = Vec::new();
    for path in util::files_under(dist)? {
        if path.extension().is_some_and(|e| e == "wasm") {
            let raw = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?.len();
            let gz = util::gzip_size(&path)?;
            let name = path.strip_prefix(dist).unwrap_or(&path).display().to_string();
            out.push((name, raw, gz));
        }
    }
    if out.is_empty() {
        return Err(format!("no .wasm file in {}", dist.display()));
    }
    Ok(out)
}

fn serve_cmd(rest: &[String]) -> Result<()> {
    let mut port: u16 = 8080;
    let mut do_build = true;
    let (ours, server_options) = match rest.iter().position(|a| a == "--") {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let mut it = ours.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => {
                let v = it.next().ok_or("--port needs a number")?;
                port = v.parse().map_err(|_| format!("--port: `{v}` is not a port"))?;
            }
            "--no-build" => do_build = false,
            s if s.starts_with("--port=") => {
                let v = &s["--port=".len()..];
                port = v.parse().map_err(|_| format!("--port: `{v}` is not a port"))?;
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    let dist = if do_build {
        setup::setup(false)?;
        build()?
    } else {
        dist_dir()
    };
    if !dist.join("index.html").is_file() {
        return Err(format!("{} has no index.html: run `cargo xtask build` first", dist.display()));
    }
    util::step("serving the page: the server crate, release build");
    serve::serve(&dist, port, server_options)
}

/// How long one wasm test file may run in the browser before the runner
/// gives up (its default is 20 s).
const WASM_TEST_FILE_TIMEOUT_SECS: &str = "600";

/// The whole test pipeline, failing fast. Prints `N passed, 0 failed` at the
/// end, counted from cargo test's `test result:` lines.
fn test() -> Result<()> {
    setup::setup(true)?;
    let mut total = Counts::default();
    let chromedriver = setup::CHROMEDRIVER;

    let steps: [(&str, &str); 5] = [
        ("a", "native tests: cargo test --workspace --exclude async-playground --exclude e2e"),
        ("b", "WebSocket conformance: the Autobahn cases (kosoku) against the server's /ws"),
        ("c", "the page's wasm tests in headless Chromium"),
        ("d", "release build of the page"),
        ("e", "end-to-end tests of the built page"),
    ];
    let fail = |step: usize, e: String| -> String {
        let (id, what) = steps[step];
        format!("test step ({id}) failed — {what}:\n  {e}")
    };

    util::step(&format!("({}) {}", steps[0].0, steps[0].1));
    let mut cmd = cargo();
    // e2e needs the built page (PLAYGROUND_DIST): it runs in step (e).
    cmd.args(["test", "--workspace", "--exclude", "async-playground", "--exclude", "e2e"]);
    total += run_counting(&mut cmd).map_err(|e| fail(0, e))?;

    util::step(&format!("({}) {} (excluded: {})", steps[1].0, steps[1].1, conformance::EXCLUDED.join(" ")));
    // Each case passed counts as a test passed.
    total += conformance::autobahn().map_err(|e| fail(1, e))?;

    util::step(&format!("({}) {}", steps[2].0, steps[2].1));
    let mut cmd = cargo();
    // The runner gives a whole test file 20 s by default; on a shared 2-core
    // machine a debug build of page.rs can take longer. This bounds a hang; it
    // is not a speed check.
    cmd.args(["test", "-p", "async-playground", "--target", "wasm32-unknown-unknown"])
        .env("CHROMEDRIVER", chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", WASM_TEST_FILE_TIMEOUT_SECS);
    total += run_counting(&mut cmd).map_err(|e| fail(2, e))?;

    util::step(&format!("({}) {}", steps[3].0, steps[3].1));
    let dist = build().map_err(|e| fail(3, e))?;

    util::step(&format!("({}) {}", steps[4].0, steps[4].1));
    let mut cmd = cargo();
    cmd.args(["test", "-p", "e2e"]).env("PLAYGROUND_DIST", &dist).env("CHROMEDRIVER", chromedriver);
    total += run_counting(&mut cmd).map_err(|e| fail(4, e))?;

    println!("xtask: all test steps passed");
    println!("{}", total.summary_line());
    Ok(())
}

/// The runtime benchmark (the playground's `bench` binary, which runs CPython
/// itself and prints its table), the server's (its `bench` binary, which runs
/// Python's websockets beside it), then the page's figures.
fn bench() -> Result<()> {
    let mut report = String::new();

    util::step("runtime benchmark: cargo run --release -p playground --bin bench");
    let mut cmd = cargo();
    cmd.args(["run", "--release", "-p", "playground", "--bin", "bench"]);
    report.push_str(&util::run_tee(&mut cmd)?);

    // The bench binary starts the `server` binary next to it: build both.
    util::step("server benchmark: echo round trips and idle memory, vs Python's websockets");
    setup::python_tools()?;
    run(cargo().args(["build", "--release", "--quiet", "-p", "server", "--bins"]))?;
    let mut cmd = cargo();
    cmd.args(["run", "--release", "--quiet", "-p", "server", "--bin", "bench", "--", "--python"])
        .arg(setup::venv_bin("python"));
    report.push('\n');
    report.push_str(&util::run_tee(&mut cmd)?);

    util::step("page benchmarks");
    setup::setup(false)?;
    let dist = build()?;
    let mut page = String::from("\nThe page (release build, dist/):\n\n");
    page.push_str("| file | raw | gzip -9 |\n|---|---:|---:|\n");
    for (name, raw, gz) in wasm_sizes(&dist)? {
        page.push_str(&format!("| {name} | {raw} B ({}) | {gz} B ({}) |\n", human_bytes(raw), human_bytes(gz)));
    }
    let (mut all_raw, mut all_gz) = (0, 0);
    let (mut initial_raw, mut initial_gz) = (0, 0);
    let (mut editor_raw, mut editor_gz) = (0, 0);
    for f in util::files_under(&dist)? {
        let raw = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
        let gz = util::gzip_size(&f)?;
        all_raw += raw;
        all_gz += gz;
        match f.strip_prefix(&dist).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default().as_str() {
            name if LOADED_ON_EDIT.contains(&name) => (editor_raw, editor_gz) = (editor_raw + raw, editor_gz + gz),
            name if NOT_LOADED.contains(&name) => {}
            _ => (initial_raw, initial_gz) = (initial_raw + raw, initial_gz + gz),
        }
    }
    let mut row = |what: &str, raw: u64, gz: u64| {
        page.push_str(&format!("| {what} | {raw} B ({}) | {gz} B ({}) |\n", human_bytes(raw), human_bytes(gz)));
    };
    row("initial download: index.html, the .js, the .wasm, static/style.css", initial_raw, initial_gz);
    row("loaded on the first Edit: static/editor.js, static/editor.css", editor_raw, editor_gz);
    row("whole page (every file in dist)", all_raw, all_gz);
    print!("{page}");
    report.push_str(&page);

    // The page's timings in headless Chromium: e2e/tests/bench.rs runs as an
    // ignored test in release mode against the built page; its table (not
    // the test runner's lines) goes into the report.
    if root().join("e2e").join("tests").join("bench.rs").is_file() {
        util::step("page timing: cargo test -p e2e --release --test bench -- --ignored --nocapture");
        let mut cmd = cargo();
        cmd.args(["test", "-p", "e2e", "--release", "--test", "bench", "--", "--ignored", "--nocapture"])
            .env("PLAYGROUND_DIST", &dist)
            .env("CHROMEDRIVER", setup::CHROMEDRIVER);
        let out = util::run_tee(&mut cmd)?;
        report.push('\n');
        for line in out.lines().filter(|l| !is_test_runner_line(l)) {
            report.push_str(line);
            report.push('\n');
        }
    } else {
        let note = "\nPage timing: not measured yet (hook: e2e/tests/bench.rs).\n";
        print!("{note}");
        report.push_str(note);
    }

    util::update_readme_benchmarks(&root().join("README.md"), &report)
}

/// Files of `dist/` the page loads only when an editor is first shown
/// (`src/editor_script.rs`).
const LOADED_ON_EDIT: [&str; 2] = ["static/editor.js", "static/editor.css"];
/// Files of `dist/` the page never loads: the course site's script, a note.
/// The benchmark (`e2e/tests/bench.rs`) lists what an `autorun=1` link fetches.
const NOT_LOADED: [&str; 2] = ["static/embed.js", "static/README.txt"];

/// The lines cargo's test runner adds around the bench's own output.
fn is_test_runner_line(line: &str) -> bool {
    line.starts_with("running ") || line.starts_with("test ") || line.starts_with("test result:")
}
