//! `cargo xtask bench` (or `cargo run --release -p playground --bin bench`):
//! the runtime against CPython's asyncio on the same workloads, in one run.
//!
//! - 100 tasks x 1000 `sleep(0)` switches: time per switch;
//! - create and gather 100,000 no-op tasks: time per task;
//! - 100,000 tasks sleeping a random 0-1 s: time per task (virtual time here;
//!   CPU time of the real sleep in CPython) and the memory the pending tasks
//!   hold (a counting allocator here, tracemalloc in CPython).
//!
//! Times are CPU seconds of the best of three runs; CPython's come from
//! `bench/asyncio_bench.py`. Nothing is asserted: the figures are printed.
//!
//! Then the interpreter: the same Python programs run by `Run::python` and by
//! CPython 3.11 (`bench/interpreter_bench.py` times each one in-process, after
//! importing asyncio), plain Python (a loop, a generator pipeline, function
//! calls) and asyncio workloads (create + gather 100,000 tasks, 100 tasks x
//! 1,000 `sleep(0)`, the `many-tasks` example with 100,000 tasks).
//!
//! Last, the start-up an `autorun=1` link pays before its first line, natively: compute-square
//! from nothing to its first printed line, the first time in the process and later
//! (`--only-startup` prints only this).

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use playground::run::Program;
use playground::runtime::{ensure_future, gather, sleep, Coroutine, PyResult};
use playground::{coro, runtime::get_event_loop, Ending, Progress, Run};

/// Counts live heap bytes, to measure what pending tasks hold.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const TASKS: usize = 100;
const SWITCHES: usize = 1000;
const GATHERED: usize = 100_000;
const SLEEPERS: usize = 100_000;

async fn switcher(n: usize) -> PyResult<()> {
    for _ in 0..n {
        sleep(0.0).await?;
    }
    Ok(())
}

async fn noop() -> PyResult<()> {
    Ok(())
}

/// A small deterministic generator of delays in [0, 1) (xorshift).
fn delays(n: usize) -> Vec<f64> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

fn switches() -> Program {
    Box::pin(async {
        let lp = get_event_loop();
        lp.run_until_complete(gather((0..TASKS).map(|_| coro!(switcher(SWITCHES))))).await?;
        Ok(())
    })
}

fn gather_noops() -> Program {
    Box::pin(async {
        get_event_loop().run_until_complete(gather((0..GATHERED).map(|_| coro!(noop())))).await?;
        Ok(())
    })
}

/// 100,000 sleepers; `measure` is called when all of them are pending.
fn sleep_random(measure: fn()) -> Program {
    Box::pin(async move {
        let main = Coroutine::new("main", async move {
            let tasks: Vec<_> =
                delays(SLEEPERS).into_iter().map(|d| ensure_future(Coroutine::new("sleep", sleep(d)))).collect();
            sleep(0.0).await?;
            sleep(0.0).await?;
            measure();
            gather(tasks).await?;
            Ok(())
        });
        get_event_loop().run_until_complete(main).await
    })
}

/// Best-of-three seconds to run `program` to its end.
fn time(program: fn() -> Program) -> f64 {
    (0..3)
        .map(|_| {
            let mut run = Run::of_program("bench.py", String::new(), program);
            let (wall, cpu) = (Instant::now(), cpu_seconds());
            assert_eq!(run.run_to_end(), Ending::Completed);
            let elapsed = match (cpu, cpu_seconds()) {
                (Some(start), Some(end)) => end - start,
                _ => wall.elapsed().as_secs_f64(),
            };
            drop(run);
            elapsed
        })
        .fold(f64::INFINITY, f64::min)
}

static BASE: AtomicUsize = AtomicUsize::new(0);
static HELD: AtomicUsize = AtomicUsize::new(0);
static TRACE: AtomicUsize = AtomicUsize::new(0);

/// Heap bytes live when all the sleepers are pending: (all, of which the trace).
fn pending_memory() -> (usize, usize) {
    fn measure() {
        HELD.store(LIVE.load(Ordering::Relaxed) - BASE.load(Ordering::Relaxed), Ordering::Relaxed);
        TRACE.store(get_event_loop().trace_heap_bytes(), Ordering::Relaxed);
    }
    BASE.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let mut run = Run::of_program("bench.py", String::new(), || sleep_random(measure));
    assert_eq!(run.run_to_end(), Ending::Completed);
    (HELD.load(Ordering::Relaxed), TRACE.load(Ordering::Relaxed))
}

/// CPU seconds this thread has run (Linux's schedstat), so that both sides
/// are timed the same way on a shared machine; wall time elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// CPython's figures: name -> (cpu seconds or bytes, units).
fn cpython() -> Result<Vec<(String, f64, f64)>, String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/asyncio_bench.py");
    let out = Command::new("python3")
        .arg(script)
        .args([TASKS, SWITCHES, GATHERED, SLEEPERS].map(|n| n.to_string()))
        .output()
        .map_err(|e| format!("python3 did not start: {e}"))?;
    if !out.status.success() {
        return Err(format!("python3 failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?.to_string(), w.next()?.parse().ok()?, w.next()?.parse().ok()?))
        })
        .collect())
}

/// The interpreter's workloads: (name, label, program).
const PROGRAMS: &[(&str, &str, &str)] = &[
    ("loop", "plain loop: `for i in range(10**6): s += i`", "def main():\n    s = 0\n    for i in range(10**6):\n        s += i\n    return s\nmain()\n"),
    ("generators", "generator pipeline over 10**6 items", "def main():\n    return sum(x * 2 for x in (y + 1 for y in range(10**6)) if x % 3)\nmain()\n"),
    ("calls", "10**6 function calls", "def add(a, b):\n    return a + b\ndef main():\n    s = 0\n    for i in range(10**6):\n        s = add(s, i)\n    return s\nmain()\n"),
    ("gather", "create + gather 100,000 tasks", "import asyncio\nasync def noop():\n    pass\nasync def main():\n    await asyncio.gather(*(noop() for _ in range(100000)))\nasyncio.run(main())\n"),
    ("switch", "100 tasks x 1,000 `sleep(0)`", "import asyncio\nasync def switcher(n):\n    for _ in range(n):\n        await asyncio.sleep(0)\nasync def main():\n    await asyncio.gather(*(switcher(1000) for _ in range(100)))\nasyncio.run(main())\n"),
];

/// Best-of-three CPU seconds of the interpreter running `source`.
fn time_python(source: &str) -> f64 {
    (0..3)
        .map(|_| {
            let (wall, cpu) = (Instant::now(), cpu_seconds());
            let mut run = Run::python("bench.py", source.to_string());
            assert_eq!(run.run_to_end(), Ending::Completed);
            let elapsed = match (cpu, cpu_seconds()) {
                (Some(start), Some(end)) => end - start,
                _ => wall.elapsed().as_secs_f64(),
            };
            drop(run);
            elapsed
        })
        .fold(f64::INFINITY, f64::min)
}

/// CPython's best-of-three CPU seconds for each program, by name.
fn cpython_programs(programs: &[(&str, String)]) -> Result<Vec<(String, f64)>, String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/interpreter_bench.py");
    let dir = std::env::temp_dir().join(format!("playground-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut args = Vec::new();
    for (name, source) in programs {
        let path = dir.join(format!("{name}.py"));
        std::fs::write(&path, source).map_err(|e| e.to_string())?;
        args.push(path);
    }
    let out =
        Command::new("python3").arg(script).args(&args).output().map_err(|e| format!("python3 did not start: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let out = out?;
    if !out.status.success() {
        return Err(format!("python3 failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?.to_string(), w.next()?.parse().ok()?))
        })
        .collect())
}

fn interpreter_table() {
    let many = playground::examples::find("many-tasks").expect("many-tasks is in the registry");
    let params = many.parse_params([("count", "100000")]).expect("count=100000 is allowed");
    let mut programs: Vec<(&str, String)> = PROGRAMS.iter().map(|(n, _, s)| (*n, s.to_string())).collect();
    programs.push(("many-tasks", many.source(&params)));
    let theirs = cpython_programs(&programs).unwrap_or_else(|e| {
        eprintln!("bench: CPython figures unavailable: {e}");
        Vec::new()
    });
    println!("\nThe interpreter vs CPython 3.11 on the same Python programs (best of 3; CPU time; whole program)\n");
    println!("| program | interpreter | CPython | CPython / interpreter |");
    println!("|---|---|---|---|");
    let labels: Vec<(&str, &str)> = PROGRAMS
        .iter()
        .map(|(n, l, _)| (*n, *l))
        .chain(std::iter::once(("many-tasks", "the many-tasks example, 100,000 tasks")))
        .collect();
    for ((name, source), (_, label)) in programs.iter().zip(labels) {
        let ours = time_python(source);
        match theirs.iter().find(|(n, _)| n == name) {
            Some((_, t)) => println!("| {label} | {:.3} s | {:.3} s | {:.2}x |", ours, t, t / ours),
            None => println!("| {label} | {:.3} s | - | - |", ours),
        }
    }
}

/// Microseconds from nothing to the first console line of compute-square (an `autorun=1`
/// link's work natively: compile the program, make the interpreter and its asyncio, run to the
/// first print), the first time in this process (asyncio's Python part is compiled once per
/// page) and the best of later times.
fn startup_table() {
    let example = playground::examples::find("compute-square").expect("compute-square is in the registry");
    let params = example.defaults();
    let first_line = || {
        let started = Instant::now();
        let mut run = Run::new(example, &params);
        let made = started.elapsed().as_secs_f64();
        while run.transcript().is_empty() {
            match run.step(256) {
                Progress::Busy => {}
                Progress::WaitUntil(t) => run.advance_to(t),
                Progress::Finished(_) => break,
            }
        }
        (made, started.elapsed().as_secs_f64())
    };
    let cold = first_line();
    let warm = (0..20).map(|_| first_line()).fold((f64::INFINITY, f64::INFINITY), |a, b| (a.0.min(b.0), a.1.min(b.1)));
    println!("\nStart-up of compute-square natively (wall time; the page adds wasm's slowdown)\n");
    println!("| figure | first run | later runs (best of 20) |");
    println!("|---|---|---|");
    println!(
        "| `Run::new` (compile the program, the interpreter, asyncio) | {:.0} us | {:.0} us |",
        cold.0 * 1e6,
        warm.0 * 1e6
    );
    println!("| to the first console line | {:.0} us | {:.0} us |", cold.1 * 1e6, warm.1 * 1e6);
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--only-startup") {
        startup_table();
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("--only-interpreter") {
        interpreter_table();
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("--only-sleep") {
        // For profiling one workload: `perf record bench --only-sleep`.
        println!("{:.3} us per task", time(|| sleep_random(|| {})) / SLEEPERS as f64 * 1e6);
        return;
    }
    println!("async-playground runtime vs CPython asyncio (best of 3; CPU time)");
    let python = cpython().unwrap_or_else(|e| {
        eprintln!("bench: CPython figures unavailable: {e}");
        Vec::new()
    });
    let py = |name: &str| python.iter().find(|(n, _, _)| n == name).map(|(_, v, units)| v / units);
    let version = Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("{version}\n");
    println!("| workload | runtime | CPython | CPython / runtime |");
    println!("|---|---|---|---|");
    let rows: [(&str, &str, f64); 3] = [
        ("switch", "100 tasks x 1000 `sleep(0)`: per switch", time(switches) / (TASKS * SWITCHES) as f64),
        ("gather", "create + gather 100,000 no-op tasks: per task", time(gather_noops) / GATHERED as f64),
        ("sleep-random", "100,000 tasks sleeping 0-1 s: per task", time(|| sleep_random(|| {})) / SLEEPERS as f64),
    ];
    for (name, label, ours) in rows {
        match py(name) {
            Some(theirs) => {
                println!("| {label} | {:.3} us | {:.3} us | {:.1}x |", ours * 1e6, theirs * 1e6, theirs / ours)
            }
            None => println!("| {label} | {:.3} us | - | - |", ours * 1e6),
        }
    }
    let (all, trace) = pending_memory();
    let cpython_bytes = python.iter().find(|(n, _, _)| n == "pending-memory").map(|(_, bytes, _)| *bytes);
    for (label, ours) in [
        ("memory held by 100,000 pending sleeping tasks: tasks, futures, timers", (all - trace) as f64),
        ("the same with the trace the views are built from", all as f64),
    ] {
        match cpython_bytes {
            Some(bytes) => {
                println!("| {label} | {:.1} MB | {:.1} MB | {:.1}x |", ours / 1e6, bytes / 1e6, bytes / ours)
            }
            None => println!("| {label} | {:.1} MB | - | - |", ours / 1e6),
        }
    }
    interpreter_table();
    startup_table();
}
