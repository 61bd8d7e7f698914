//! One run of an example: its event loop, its top-level script and its trace.
//!
//! The script is the Python module's top-level code. It runs outside the loop
//! until it awaits `run_until_complete`; then the driver runs the loop's
//! iterations (natively at once, in the page on a browser timer), and when the
//! loop stops the script goes on. When the script ends, the run reports what
//! CPython reports at interpreter exit.

use std::cell::Ref;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use std::rc::Rc;

use crate::examples::{Example, Params};
use crate::interpreter::vm::Interp;
use crate::runtime::{CurrentLoop, EventLoop, Exception, PyResult, RunOnce};
use crate::trace::{Line, Trace};

/// The top-level code of a Python program.
pub type Program = Pin<Box<dyn std::future::Future<Output = PyResult<()>>>>;

/// What a call of [`Run::step`] got to.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// More to do now: call `step` again (a browser may paint first).
    Busy,
    /// Nothing is ready until this virtual time: call [`Run::advance_to`]
    /// with it when that time has come, then `step` again.
    WaitUntil(f64),
    /// The program has ended.
    Finished(Ending),
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Ending {
    /// The program ran to its end.
    Completed,
    /// The top-level code raised (the loop's `run_until_complete` re-raises
    /// what the awaited task raised).
    Raised(Exception),
    /// The loop has nothing ready and no timer, but was not stopped: CPython
    /// would wait forever here.
    Hung,
    /// The person pressed Stop.
    Stopped,
}

enum Phase {
    Script,
    Looping,
    Finished(Ending),
}

///
/// A run of a registry example, natively (the CLI and the tests drive it
/// this way; the page steps it on browser timers instead):
///
/// ```
/// use playground::{examples, Ending, Run};
///
/// let example = examples::find("print-sum").expect("print-sum is in the registry");
/// let params = example.parse_params([("x", "2"), ("y", "3")]).expect("valid values");
/// let mut run = Run::new(example, &params);
/// assert_eq!(run.run_to_end(), Ending::Completed);
/// assert_eq!(run.transcript(), ["Compute 2 + 3 ...", "2 + 3 = 5"]);
/// assert_eq!(run.time(), 1.0); // virtual seconds: the sleep took no real time
/// ```
pub struct Run {
    /// The registry's example and its parameters (none for a bare program).
    example: Option<(&'static Example, Params)>,
    /// The Python file this run stands for, as CPython names it in reprs.
    file_name: &'static str,
    /// The Python program this run executes, with the parameters filled in.
    source: String,
    lp: EventLoop,
    script: Option<Program>,
    phase: Phase,
    /// The interpreter, when the program is Python source.
    python: Option<Rc<Interp>>,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run")
            .field("file_name", &self.file_name)
            .field("time", &self.time())
            .field("finished", &self.ending())
            .finish_non_exhaustive()
    }
}

impl Run {
    /// A run of a registry example: its Python source with these parameters, interpreted.
    pub fn new(example: &'static Example, params: &Params) -> Run {
        let mut run = Run::python(example.file_name, example.source(params));
        run.example = Some((example, params.clone()));
        run
    }

    /// A run of a program that is not in the registry (the runtime's tests
    /// and benchmarks). `source` is the Python it stands for, if any.
    pub fn of_program(file_name: &'static str, source: String, program: impl FnOnce() -> Program) -> Run {
        let lp = EventLoop::new();
        let script = {
            let _current = CurrentLoop::enter(&lp);
            program()
        };
        Run { example: None, file_name, source, lp, script: Some(script), phase: Phase::Script, python: None }
    }

    /// A run of a Python program: `source` is compiled and interpreted, its `asyncio` on this
    /// run's loop. A program the compiler refuses prints CPython's error and ends at once.
    ///
    /// ```
    /// use playground::{Ending, Run};
    ///
    /// let source = "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    print('done')\n\nasyncio.run(main())\n";
    /// let mut run = Run::python("main.py", source.to_string());
    /// assert_eq!(run.run_to_end(), Ending::Completed);
    /// assert_eq!(run.transcript(), ["done"]);
    /// assert_eq!(run.time(), 1.0);
    /// ```
    pub fn python(file_name: &str, source: String) -> Run {
        let file_name = crate::interpreter::names::intern_static(file_name);
        let lp = EventLoop::new();
        let (script, python) = {
            let _current = CurrentLoop::enter(&lp);
            crate::interpreter::program::start(&lp, file_name, &source)
        };
        Run { example: None, file_name, source, lp, script: Some(script), phase: Phase::Script, python }
    }

    /// The Python program this run executes, with the parameters filled in.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Runs the program to its end, jumping the virtual clock from timer to
    /// timer: the native driver (CLI, tests, benchmarks).
    pub fn run_to_end(&mut self) -> Ending {
        loop {
            match self.step(usize::MAX) {
                Progress::Busy => {}
                Progress::WaitUntil(when) => self.advance_to(when),
                Progress::Finished(ending) => return ending,
            }
        }
    }

    /// Does the next piece of work: the top-level script up to its next
    /// `run_until_complete`, or at most `budget` handles of one iteration.
    pub fn step(&mut self, budget: usize) -> Progress {
        let _current = CurrentLoop::enter(&self.lp);
        loop {
            match &self.phase {
                Phase::Finished(ending) => return Progress::Finished(ending.clone()),
                Phase::Script => {
                    let script = self.script.as_mut().expect("the script exists until the run finishes");
                    match script.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
                        Poll::Ready(result) => {
                            self.script = None;
                            self.exit(result);
                        }
                        Poll::Pending if self.lp.preempt_requested() => {
                            // The script's slice of work ran out, or it sleeps (`time.sleep`).
                            return match self.lp.take_preempt().flatten() {
                                Some(when) if when > self.lp.time() => Progress::WaitUntil(when),
                                _ => Progress::Busy,
                            };
                        }
                        Poll::Pending if self.lp.is_running() => self.phase = Phase::Looping,
                        Poll::Pending => {
                            // Only `run_until_complete` suspends a script; any
                            // other future would never be woken here.
                            self.script = None;
                            self.exit(Err(Exception::new(
                                "RuntimeError",
                                "the top-level code waited for something outside the event loop",
                            )));
                        }
                    }
                }
                Phase::Looping => match self.lp.run_once(budget) {
                    RunOnce::Busy => return Progress::Busy,
                    RunOnce::IterationDone => {
                        if self.lp.take_stop() {
                            self.phase = Phase::Script;
                        }
                        return Progress::Busy;
                    }
                    RunOnce::WaitUntil(when) => return Progress::WaitUntil(when),
                    RunOnce::Idle => self.finish(Ending::Hung),
                },
            }
        }
    }

    /// Moves the virtual clock to `when`, as the loop's `select()` returns
    /// at the earliest deadline.
    pub fn advance_to(&mut self, when: f64) {
        self.lp.advance_to(when);
    }

    /// The person pressed Stop: nothing more runs or prints.
    pub fn stop(&mut self) {
        if !self.is_finished() {
            self.finish(Ending::Stopped);
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Finished(_))
    }

    pub fn ending(&self) -> Option<&Ending> {
        match &self.phase {
            Phase::Finished(ending) => Some(ending),
            _ => None,
        }
    }

    /// Virtual time, in seconds since the run began.
    pub fn time(&self) -> f64 {
        self.lp.time()
    }

    /// The interpreter running the program (none once the run has finished,
    /// or for a program that is not Python).
    pub fn interpreter(&self) -> Option<&Rc<Interp>> {
        self.python.as_ref()
    }

    pub fn event_loop(&self) -> &EventLoop {
        &self.lp
    }

    pub fn trace(&self) -> Ref<'_, Trace> {
        self.lp.state.trace.borrow()
    }

    /// Exactly the lines the Python program prints.
    pub fn transcript(&self) -> Vec<String> {
        self.trace().transcript()
    }

    /// Calls `f` with each line printed from event `cursor` on, and returns
    /// the cursor to pass next time: the console streams lines this way.
    pub fn lines_since(&self, cursor: usize, mut f: impl FnMut(Line<'_>)) -> usize {
        let trace = self.trace();
        trace.lines_from(cursor).for_each(&mut f);
        trace.len()
    }

    /// The example's notes about this run (elapsed time, what is unordered,
    /// what changed from the slides), shown beside the transcript.
    pub fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = Vec::new();
        if let Some((example, params)) = &self.example {
            notes.extend(example.changes.iter().map(|c| c.to_string()));
            notes.extend((example.notes)(params, &self.trace()));
        }
        match self.ending() {
            Some(Ending::Hung) => notes.push(
                "The event loop has nothing ready and no timer set, but was never stopped: CPython would wait here forever."
                    .to_string(),
            ),
            Some(Ending::Raised(e)) => notes.push(format!("The program stopped with an uncaught exception: {e}")),
            _ => {}
        }
        notes
    }

    fn finish(&mut self, ending: Ending) {
        self.phase = Phase::Finished(ending);
        self.script = None;
        self.lp.dispose();
        if let Some(interp) = self.python.take() {
            interp.dispose();
        }
    }

    /// The interpreter exits: report an uncaught exception, then what the
    /// garbage collector reports about tasks (see [`EventLoop::report_at_exit`]).
    fn exit(&mut self, result: PyResult<()>) {
        let ending = match result {
            Ok(()) => Ending::Completed,
            Err(e) => {
                let printed = e.payload.as_ref().is_some_and(|p| p.0.is::<crate::interpreter::program::Printed>());
                match &self.python {
                    _ if printed => {}
                    Some(interp) => crate::interpreter::program::report_exception(interp, &e),
                    None => {
                        self.lp.log("Traceback (most recent call last):");
                        self.lp.log(e.to_string());
                    }
                }
                if e.kind == "SystemExit" {
                    Ending::Completed
                } else {
                    Ending::Raised(e)
                }
            }
        };
        let warned = self.report_at_exit();
        if let Some(interp) = &self.python {
            crate::interpreter::program::teardown(interp, &warned);
        }
        self.finish(ending);
    }

    /// What CPython logs when the program's tasks are garbage-collected at
    /// exit. The module's `tasks` list is freed from its end, so the last
    /// task is destroyed first: tasks are reported newest first. Each
    /// never-started coroutine warns once per name: the warnings all come
    /// from the same place (`sys:1`), and Python shows a warning once per
    /// place.
    fn report_at_exit(&self) -> Vec<String> {
        let tasks = self.lp.tasks();
        // A loop left open with a task still pending keeps the program's namespace alive until
        // CPython can no longer print: then nothing is reported at all.
        if !self.lp.is_closed() && tasks.iter().any(|t| t.is_pending()) && self.python.is_some() {
            return vec!["*".to_string()];
        }
        let def_line = |name: &str| -> String {
            let needle = format!("async def {name}(");
            match self.source.lines().position(|l| l.trim_start().starts_with(&needle)) {
                Some(i) => format!("{}:{}", self.file_name, i + 1),
                None => "<asyncio>".to_string(),
            }
        };
        for task in tasks.iter().rev() {
            let info = task.info();
            if task.is_pending() && task.log_destroy_pending() {
                // A started coroutine is finalized before its task in the garbage
                // collector's cycle: its repr says "done".
                let (state, waiting) = match &info {
                    Some(info) if task.started() => {
                        let waiting = task.waiting_on().map(|on| format!(" wait_for={}", info.describe_waiter(on)));
                        (format!("done, defined at {}", info.defined_at()), waiting.unwrap_or_default())
                    }
                    Some(info) => (format!("running at {}", info.running_at()), String::new()),
                    None => (format!("running at {}", def_line(task.coro_name())), String::new()),
                };
                self.lp.log("Task was destroyed but it is pending!");
                self.lp.log(format!(
                    "task: <Task pending name='{}' coro=<{}() {}>{}>",
                    task.id(),
                    task.coro_name(),
                    state,
                    waiting
                ));
            }
            if let Some(e) = task.unretrieved_exception() {
                let (repr, traceback, defined) = match &info {
                    Some(info) => {
                        let (repr, traceback) = info.describe_exception(&e);
                        (repr, traceback, info.defined_at())
                    }
                    None => (e.repr(), Vec::new(), def_line(task.coro_name())),
                };
                self.lp.log("Task exception was never retrieved");
                self.lp.log(format!(
                    "future: <Task finished name='{}' coro=<{}() done, defined at {}> exception={}>",
                    task.id(),
                    task.coro_name(),
                    defined,
                    repr
                ));
                if traceback.is_empty() {
                    // `call_exception_handler` logs the exception with its
                    // traceback; a runtime task has no Python frames to show.
                    self.lp.log("Traceback (most recent call last):");
                    self.lp.log(e.to_string());
                }
                for line in traceback {
                    self.lp.log(line);
                }
            }
        }
        let mut warned: Vec<String> = Vec::new();
        for task in tasks.iter().rev() {
            if task.is_pending() && !task.started() {
                let message = format!("coroutine '{}' was never awaited", task.coro_name());
                if !warned.contains(&message) {
                    self.lp.log(format!("sys:1: RuntimeWarning: {message}"));
                    warned.push(message);
                }
            }
        }
        warned
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        self.script = None;
        self.lp.dispose();
        if let Some(interp) = self.python.take() {
            interp.dispose();
        }
    }
}
