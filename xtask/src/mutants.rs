//! `cargo xtask mutants`: do the native tests catch a wrong schedule?
//!
//! Each mutation below is a small, deliberate scheduling bug: a list of edits
//! (file, original snippet, mutated snippet) and what it breaks. One at a time,
//! each is applied to a scratch copy of what the native suite needs
//! (`target/mutants/workspace`: the `playground` crate, `tests/golden`, a
//! workspace manifest with that one member), and `cargo test -p playground`
//! runs there (its unit and integration tests; not the doc-tests, and the
//! property tests with 16 cases). A mutation is caught when a test fails; the report names the
//! tests. All runs share one target folder (`target/mutants/target`), so only
//! `playground` recompiles. Every original snippet must occur exactly once in
//! today's sources (the `every_mutation_still_finds_its_snippet` test checks
//! it too), so a refactor cannot switch a mutation off silently.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::{cargo, run_merged, Result};

/// A mutation's run (build and tests) that takes longer than this is killed
/// and counted as caught: a hung suite fails too. A build and a run take
/// about 15 s on the project's 2-core machine.
const RUN_TIMEOUT: Duration = Duration::from_secs(300);

/// One change to one file: `from` (which must occur exactly once) becomes `to`.
#[derive(Clone, Copy)]
pub struct Edit {
    pub file: &'static str,
    pub from: &'static str,
    pub to: &'static str,
}

pub struct Mutation {
    pub name: &'static str,
    /// The rule it breaks, as `shared/ASYNCIO.md` states it.
    pub breaks: &'static str,
    pub edits: &'static [Edit],
}

const EVENT_LOOP: &str = "playground/src/runtime/event_loop.rs";
const FUTURE: &str = "playground/src/runtime/future.rs";
const FUNCTIONS: &str = "playground/src/runtime/functions.rs";
const TASK: &str = "playground/src/runtime/task.rs";
const RUN: &str = "playground/src/run.rs";

/// `Gathering` keeps the order its children finished in (for the two
/// "completion order" mutations).
const GATHER_DONE_ORDER: [Edit; 3] = [
    Edit {
        file: FUNCTIONS,
        from: "    finished: Cell<usize>,\n",
        to: "    finished: Cell<usize>,\n    done_order: std::cell::RefCell<Vec<usize>>,\n",
    },
    Edit {
        file: FUNCTIONS,
        from: "        finished: Cell::new(0),\n",
        to: "        finished: Cell::new(0),\n        done_order: Default::default(),\n",
    },
    Edit {
        file: FUNCTIONS,
        from: "        self.finished.set(self.finished.get() + 1);\n",
        to: "        self.finished.set(self.finished.get() + 1);\n        self.done_order.borrow_mut().push(index);\n",
    },
];

const GATHER_RESULTS: &str = "let results = self\n                    .children\n                    .iter()\n";

pub const MUTATIONS: &[Mutation] = &[
    Mutation {
        name: "run_once runs callbacks queued during an iteration in the same iteration",
        breaks: "Take n = len(ready) and run exactly n handles; callbacks queued meanwhile wait for the next iteration",
        edits: &[Edit {
            file: EVENT_LOOP,
            from: "st.left_in_iteration.set(st.left_in_iteration.get() - 1);",
            to: "st.left_in_iteration.set(st.ready.borrow().len() - 1);",
        }],
    },
    Mutation {
        name: "timer ties broken by reverse seq",
        breaks: "timers are ordered by (when, seq): equal deadlines fire in the order set",
        edits: &[Edit {
            file: EVENT_LOOP,
            from: "other.when.total_cmp(&self.when).then(other.seq.cmp(&self.seq))",
            to: "other.when.total_cmp(&self.when).then(self.seq.cmp(&other.seq))",
        }],
    },
    Mutation {
        name: "gather returns results in completion order",
        breaks: "gather's results come back in argument order, whatever the completion order",
        edits: &[
            GATHER_DONE_ORDER[0],
            GATHER_DONE_ORDER[1],
            GATHER_DONE_ORDER[2],
            Edit {
                file: FUNCTIONS,
                from: GATHER_RESULTS,
                to: "let results = self\n                    .done_order\n                    .borrow()\n                    .iter()\n                    .map(|&i| &self.children[i])\n",
            },
        ],
    },
    Mutation {
        name: "the same, for plain gather only (not return_exceptions=True)",
        breaks: "gather's results come back in argument order, whatever the completion order",
        edits: &[
            GATHER_DONE_ORDER[0],
            GATHER_DONE_ORDER[1],
            GATHER_DONE_ORDER[2],
            Edit {
                file: FUNCTIONS,
                from: GATHER_RESULTS,
                to: "let order: Vec<usize> = if self.return_exceptions { (0..self.children.len()).collect() } else { self.done_order.borrow().clone() };\n                let results = order\n                    .iter()\n                    .map(|&i| &self.children[i])\n",
            },
        ],
    },
    Mutation {
        name: "done callbacks run synchronously instead of one iteration later",
        breaks: "completing a future call_soon()s each done callback; none runs synchronously",
        edits: &[
            Edit {
                file: FUTURE,
                from: "        for cb in callbacks {\n            self.lp.call_soon_internal(cb.callback, cb.run);\n",
                to: "        for cb in callbacks {\n            cb.run.run_now();\n",
            },
            Edit {
                file: EVENT_LOOP,
                from: "    fn run(self) {\n",
                to: "    pub(crate) fn run_now(self) {\n        self.run()\n    }\n\n    fn run(self) {\n",
            },
        ],
    },
    Mutation {
        name: "tasks reported at exit oldest first",
        breaks: "the tasks list is freed from its end: pending tasks are reported newest first",
        edits: &[Edit {
            file: RUN,
            from: "for task in (stop..left).rev().filter_map(|k| self.lp.task(k)) {\n                    self.report_at_exit(i, &task);",
            to: "for task in (stop..left).filter_map(|k| self.lp.task(k)) {\n                    self.report_at_exit(i, &task);",
        }],
    },
    Mutation {
        name: "wait_for resumes two iterations late",
        breaks: "wait_for returns in the iteration after its waiter is released",
        edits: &[Edit {
            file: FUNCTIONS,
            from: "            return Err(e);\n        }\n        if let Some(result) = fut.result() {",
            to: "            return Err(e);\n        }\n        YieldOnce::new().await?;\n        YieldOnce::new().await?;\n        if let Some(result) = fut.result() {",
        }],
    },
    Mutation {
        name: "done callbacks run in reverse order",
        breaks: "done callbacks are call_soon()ed in the order they were added",
        edits: &[Edit { file: FUTURE, from: "        for cb in callbacks {\n", to: "        for cb in callbacks.into_iter().rev() {\n" }],
    },
    Mutation {
        name: "tasks start synchronously in create_task",
        breaks: "create_task call_soon()s the first step: a task never starts synchronously",
        edits: &[Edit {
            file: TASK,
            from: "lp.call_soon_internal(CallbackName::TaskStep(id), Callable::step(first));",
            to: "first.step();",
        }],
    },
    Mutation {
        name: "sleep(0) does not yield",
        breaks: "sleep(0) is a bare yield: the task resumes in the next iteration",
        edits: &[Edit { file: FUNCTIONS, from: "        return YieldOnce::new().await;\n", to: "        return Ok(());\n" }],
    },
    Mutation {
        name: "sleep's deadline counted from the start of the run, not from now",
        breaks: "call_later(delay) = call_at(now + delay)",
        edits: &[Edit { file: FUNCTIONS, from: "let until = lp.time() + delay;", to: "let until = delay;" }],
    },
    Mutation {
        name: "wait ignores FIRST_COMPLETED",
        breaks: "wait(return_when=FIRST_COMPLETED) returns when the first future is done",
        edits: &[Edit { file: FUNCTIONS, from: "                        || return_when == ReturnWhen::FirstCompleted\n", to: "" }],
    },
    Mutation {
        name: "wait_for times out without cancelling the task",
        breaks: "on timeout wait_for cancels the awaited task and waits until it is cancelled",
        edits: &[Edit {
            file: FUNCTIONS,
            from: "        cancel_and_wait(&fut).await?;\n        match fut.result().expect(\"cancel_and_wait returns when fut is done\") {\n            Err(e) if e.is_cancelled() => Err(Exception::timeout()),\n            other => other,\n        }\n    }\n    .await;",
            to: "        Err(Exception::timeout())\n    }\n    .await;",
        }],
    },
    Mutation {
        name: "a cancelled timer still runs",
        breaks: "Handle.cancel(): a cancelled handle is skipped",
        edits: &[Edit {
            file: EVENT_LOOP,
            from: "self.cancelled.as_ref().is_some_and(|c| c.get()) || self.run.is_dead()",
            to: "self.run.is_dead()",
        }],
    },
];

/// Tests that run every scenario or every golden case: they catch most
/// mutations, so the report names them after the tests of a single rule.
const BROAD_TESTS: &[&str] = &[
    "::an_iteration_split_by_a_handle_budget_prints_what_cpython_printed",
    "::runtime_prints_what_cpython_prints",
    "::cli_prints_what_cpython_prints",
];

/// Where each original snippet is wrong: missing, or there more than once.
pub fn check_snippets(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for m in MUTATIONS {
        for edit in m.edits {
            let text = std::fs::read_to_string(root.join(edit.file)).unwrap_or_default();
            match text.matches(edit.from).count() {
                1 => {}
                0 => problems.push(format!("{}: {}: the original snippet is gone: {:?}", m.name, edit.file, edit.from)),
                n => problems
                    .push(format!("{}: {}: the original snippet occurs {n} times: {:?}", m.name, edit.file, edit.from)),
            }
        }
    }
    problems
}

pub fn mutants(args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        return Err(format!("`cargo xtask mutants` takes no arguments, got `{a}`"));
    }
    let root = crate::root();
    let problems = check_snippets(&root);
    if !problems.is_empty() {
        return Err(format!(
            "some mutations no longer apply (update xtask/src/mutants.rs to the new code):\n  {}",
            problems.join("\n  ")
        ));
    }
    let base = root.join("target").join("mutants");
    let workspace = base.join("workspace");
    let target = base.join("target");
    copy_native_workspace(&root, &workspace)?;

    let started = Instant::now();
    println!("xtask: mutants: the native suite on the unchanged copy first");
    let baseline = run_suite(&workspace, &target)?;
    match baseline {
        Outcome::Passed { tests } => println!("xtask: mutants: unchanged: {tests} tests pass"),
        other => return Err(format!("the unchanged copy does not pass its tests: {}", other.describe())),
    }

    let mut caught = 0;
    for (i, m) in MUTATIONS.iter().enumerate() {
        let t = Instant::now();
        apply(&root, &workspace, m)?;
        let outcome = run_suite(&workspace, &target);
        restore(&root, &workspace, m)?;
        let outcome = outcome?;
        let unchecked = if outcome.caught() {
            caught += 1;
            String::new()
        } else {
            format!("; no test checks that {}", m.breaks)
        };
        println!(
            "xtask: mutants: [{}/{}] {}: {}{unchecked} ({:.0} s)",
            i + 1,
            MUTATIONS.len(),
            m.name,
            outcome.describe(),
            t.elapsed().as_secs_f64()
        );
    }
    println!("xtask: mutants: {:.0} s in all", started.elapsed().as_secs_f64());
    println!("{caught} of {} caught", MUTATIONS.len());
    if caught == MUTATIONS.len() {
        Ok(())
    } else {
        Err(format!("{} mutation(s) survived or did not build", MUTATIONS.len() - caught))
    }
}

/// What `cargo test -p playground` did with a mutation applied.
enum Outcome {
    Passed {
        tests: usize,
    },
    /// These tests failed (`binary::name`).
    Failed(Vec<String>),
    /// The mutated code does not compile: the mutation itself is wrong.
    DidNotBuild(String),
    TimedOut,
}

impl Outcome {
    fn caught(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::TimedOut)
    }

    fn describe(&self) -> String {
        match self {
            Outcome::Passed { tests } => format!("SURVIVED: all {tests} tests pass"),
            Outcome::Failed(tests) => {
                let shown: Vec<&str> = tests.iter().take(3).map(String::as_str).collect();
                let more = if tests.len() > 3 { format!(" and {} more", tests.len() - 3) } else { String::new() };
                format!("caught by {}{more}", shown.join(", "))
            }
            Outcome::DidNotBuild(error) => format!("DID NOT BUILD (fix the mutation): {error}"),
            Outcome::TimedOut => format!("caught: the suite hung and was killed after {} s", RUN_TIMEOUT.as_secs()),
        }
    }
}

fn run_suite(workspace: &Path, target: &Path) -> Result<Outcome> {
    let mut cmd = cargo();
    cmd.current_dir(workspace)
        // Doc-tests are left out: they are the API's tour, and compiling one
        // binary each would triple the time of every mutation.
        .args(["test", "-p", "playground", "--tests", "--no-fail-fast", "--color", "never"])
        .env("CARGO_TARGET_DIR", target)
        // No debug info: the build of each mutation takes a fifth of the time.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        // The parameter parser's property tests cannot see the schedule:
        // a few random cases each instead of 256.
        .env("PROPTEST_CASES", "16")
        .env("RUST_BACKTRACE", "0");
    let merged = run_merged(&mut cmd, RUN_TIMEOUT)?;
    if merged.timed_out {
        return Ok(Outcome::TimedOut);
    }
    let out = String::from_utf8_lossy(&merged.out);
    Ok(read_outcome(&out, merged.code == Some(0)))
}

/// Reads cargo test's output: `Running tests/runtime.rs (...)` names the
/// binary, `test name ... FAILED` a failed test, `test result: ...` counts.
fn read_outcome(out: &str, success: bool) -> Outcome {
    let mut binary = String::from("lib");
    let mut failed = Vec::new();
    let mut passed = 0;
    let mut results = 0;
    for line in out.lines() {
        let line = line.trim();
        if line.starts_with("Doc-tests ") {
            binary = String::from("doctest");
        } else if let Some(rest) = line.strip_prefix("Running ") {
            let file = rest.split_whitespace().next().unwrap_or(rest);
            binary = Path::new(file).file_stem().map_or(file.to_string(), |s| s.to_string_lossy().into_owned());
        } else if let Some(name) = line.strip_prefix("test ").and_then(|l| l.strip_suffix(" ... FAILED")) {
            failed.push(format!("{binary}::{name}"));
        } else if let Some(counts) = crate::util::Counts::parse_result_line(line) {
            passed += counts.passed as usize;
            results += 1;
        }
    }
    if !failed.is_empty() {
        // Name the tests of one rule before those that run everything.
        failed.sort_by_key(|t| BROAD_TESTS.iter().any(|b| t.ends_with(b)));
        Outcome::Failed(failed)
    } else if success && results > 0 {
        Outcome::Passed { tests: passed }
    } else {
        let error = out.lines().find(|l| l.starts_with("error")).unwrap_or("cargo test failed").to_string();
        Outcome::DidNotBuild(error)
    }
}

/// Copies what `cargo test -p playground` reads into `workspace`: the crate,
/// the goldens, the lock file, and a manifest whose only member is
/// `playground` (with the real one's `[workspace.package]`, which it inherits).
fn copy_native_workspace(root: &Path, workspace: &Path) -> Result<()> {
    if workspace.exists() {
        std::fs::remove_dir_all(workspace).map_err(|e| format!("{}: {e}", workspace.display()))?;
    }
    for dir in ["playground", "tests/golden"] {
        copy_dir(&root.join(dir), &workspace.join(dir))?;
    }
    copy_file(&root.join("Cargo.lock"), &workspace.join("Cargo.lock"))?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let package = workspace_package(&manifest).ok_or("Cargo.toml has no [workspace.package] section")?;
    let text = format!("[workspace]\nresolver = \"2\"\nmembers = [\"playground\"]\n\n{package}");
    std::fs::write(workspace.join("Cargo.toml"), text).map_err(|e| format!("scratch Cargo.toml: {e}"))
}

/// The `[workspace.package]` section of a manifest, up to the next section.
fn workspace_package(manifest: &str) -> Option<String> {
    let start = manifest.find("[workspace.package]")?;
    let rest = &manifest[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 2);
    Some(rest[..end].to_string())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for file in crate::util::files_under(from)? {
        let relative = file.strip_prefix(from).map_err(|e| e.to_string())?;
        if relative.components().any(|c| c.as_os_str() == "target") {
            continue;
        }
        copy_file(&file, &to.join(relative))?;
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("copying {}: {e}", from.display()))
}

fn files_of(m: &Mutation) -> Vec<&'static str> {
    let mut files: Vec<&'static str> = m.edits.iter().map(|e| e.file).collect();
    files.sort();
    files.dedup();
    files
}

fn apply(root: &Path, workspace: &Path, m: &Mutation) -> Result<()> {
    for file in files_of(m) {
        let mut text = std::fs::read_to_string(root.join(file)).map_err(|e| format!("{file}: {e}"))?;
        for edit in m.edits.iter().filter(|e| e.file == file) {
            text = text.replacen(edit.from, edit.to, 1);
        }
        std::fs::write(workspace.join(file), text).map_err(|e| format!("{file}: {e}"))?;
    }
    Ok(())
}

/// Puts the original files back. Their modification time moves on, so cargo
/// rebuilds `playground` for the next mutation whatever it changes.
fn restore(root: &Path, workspace: &Path, m: &Mutation) -> Result<()> {
    for file in files_of(m) {
        copy_file(&root.join(file), &workspace.join(file))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mutation_still_finds_its_snippet() {
        let problems = check_snippets(&crate::root());
        assert!(problems.is_empty(), "update xtask/src/mutants.rs:\n{}", problems.join("\n"));
    }

    #[test]
    fn reads_failed_tests_with_their_binary() {
        let out = "     Running unittests src/lib.rs (target/debug/deps/playground-1)\n\
                   test result: ok. 10 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\
                   \x20    Running tests/runtime.rs (target/debug/deps/runtime-2)\n\
                   test sleep_zero_resumes_in_the_next_iteration ... FAILED\n\
                   test result: FAILED. 29 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n";
        match read_outcome(out, false) {
            Outcome::Failed(tests) => assert_eq!(tests, ["runtime::sleep_zero_resumes_in_the_next_iteration"]),
            other => panic!("{}", other.describe()),
        }
        match read_outcome("error[E0425]: cannot find value `x`\nerror: could not compile `playground`\n", false) {
            Outcome::DidNotBuild(e) => assert_eq!(e, "error[E0425]: cannot find value `x`"),
            other => panic!("{}", other.describe()),
        }
    }

    #[test]
    fn the_scratch_manifest_keeps_the_workspace_package_section() {
        let manifest = "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nedition = \"2021\"\n\n[profile.release]\nopt-level = 3\n";
        assert_eq!(workspace_package(manifest).as_deref(), Some("[workspace.package]\nedition = \"2021\"\n\n"));
        assert_eq!(
            workspace_package("[workspace.package]\nedition = \"2021\"\n").as_deref(),
            Some("[workspace.package]\nedition = \"2021\"\n")
        );
    }
}
