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
use crate::interpreter::program::Graveyard;
use crate::interpreter::vm::Interp;
use crate::runtime::network::{Blocking, ProcessId, Wakeup};
use crate::runtime::outside::{Outgoing, Outside, OutsideEvent, Unreachable};
use crate::runtime::{CurrentLoop, EventLoop, Exception, PyResult, RunOnce, TaskRecord};
use crate::trace::{EventKind, Line, Trace};

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
    /// Nothing is ready until something comes from outside the run (a connection that left
    /// it: [`crate::runtime::outside`]) or the virtual clock reaches `until`, whichever is
    /// first. Hand the run what [`Run::take_outgoing`] gives to the carrier, wait for its next
    /// event, then [`Run::advance_to`] the time it came at (the clock follows real elapsed
    /// time while waiting, never past `until`) and [`Run::deliver`] it; or, when `until`
    /// comes first, advance to it. Then `step` again.
    WaitOutside { until: Option<f64> },
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

/// Where one process of a run is.
enum ProcState {
    /// Its top-level code runs (or is about to).
    Script,
    /// It runs the event loop's iterations (`run_until_complete`).
    Looping,
    /// It waits: in its top-level code (`looping` false) or in its loop.
    Waiting { wake: Wakeup, looping: bool },
    /// Its top-level code has ended; its exit is under way ([`Closing::Exit`]).
    Exiting,
    /// It has ended.
    Ended(Ending),
}

/// One program of a run, as a process of its own: the server's program or the clients'
/// of a socket example, or the one program of any other run.
struct Process {
    file_name: &'static str,
    source: String,
    script: Option<Program>,
    state: ProcState,
    /// The interpreter, when the program is Python source.
    python: Option<Rc<Interp>>,
    /// A server: stopped once the other programs have ended and it waits (as the golden
    /// recorder stops CPython's server once the clients have exited).
    serves: bool,
    /// It ran the event loop, so the loop's tasks are its own.
    used_loop: bool,
    /// Where it waited when the run stopped it.
    stopped_in: Option<Blocking>,
    /// Its top-level code was preempted in the middle (its slice of work ran out).
    preempted: bool,
}

impl Process {
    fn new(file_name: &'static str, source: String, script: Program) -> Process {
        Process {
            file_name,
            source,
            script: Some(script),
            state: ProcState::Script,
            python: None,
            serves: false,
            used_loop: false,
            stopped_in: None,
            preempted: false,
        }
    }

    fn ended(&self) -> Option<&Ending> {
        match &self.state {
            ProcState::Ended(e) => Some(e),
            _ => None,
        }
    }
}

/// A program of a run of several: its label, file and source, and whether it serves.
#[derive(Clone, Debug)]
pub struct ProcessSpec {
    /// The console's label for its lines (`server`, `clients`).
    pub name: &'static str,
    pub file_name: &'static str,
    pub source: String,
    /// A server: stopped when the others are done (it would wait for ever).
    pub serves: bool,
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
///
/// A run may hold several programs, each a process on the run's one network with its own
/// module, blocking calls and exit: a blocking call (`accept`, `recv`, `select`,
/// `time.sleep`) blocks its own process only. At each point of virtual time every process
/// runs until it blocks, in turn; then the clock moves to the earliest deadline.
pub struct Run {
    /// The registry's example and its parameters (none for a bare program).
    example: Option<(&'static Example, Params)>,
    lp: EventLoop,
    processes: Vec<Process>,
    /// Where the search for a process to step starts (each process in turn).
    turn: usize,
    /// The part of the run's end under way, done [`END_PART`] objects per step.
    closing: Option<Closing>,
    ending: Option<Ending>,
}

/// How many objects a step of a run's end handles at most (tasks reported at exit, values and
/// tasks freed): with 100,000 tasks, the end takes tens of milliseconds natively, two to three
/// times that in the page, which paints between steps.
pub const END_PART: usize = 4096;

/// The end of a run, done a part per step ([`END_PART`]), as it would be done at once.
enum Closing {
    /// Process `process`'s top-level code has ended with `ending`: what CPython reports about
    /// the loop's tasks at exit, then the module's globals are freed ([`Run::exit`]).
    Exit {
        process: usize,
        ending: Ending,
        stage: ExitStage,
    },
    /// Every program has ended: the loop's tasks are destroyed from `next` on (their
    /// coroutines dropped, breaking the `Rc` cycles), then freed, then the run ends.
    Destroy {
        ending: Ending,
        tasks: Vec<Rc<dyn TaskRecord>>,
        next: usize,
    },
    Free {
        ending: Ending,
        tasks: std::vec::IntoIter<Rc<dyn TaskRecord>>,
    },
}

/// Where a process's exit is (see [`Run::report_at_exit`]).
enum ExitStage {
    /// Looking for a task still pending among the first `count`, from `next` on: with the
    /// loop left open, the program's namespace outlives what can print, and nothing is
    /// reported.
    FindPending { count: usize, next: usize },
    /// What the garbage collector logs about each of the first `count` tasks, newest first:
    /// the first `left` to go.
    Reports { count: usize, left: usize },
    /// The never-started coroutines' warnings, newest first, each once.
    Warnings { left: usize, warned: Vec<String> },
    /// The module's globals are freed; then the warnings of the coroutines among them.
    Globals { interp: Rc<Interp>, graveyard: Graveyard },
    /// What the interpreter's asyncio kept of the futures and tasks is freed; then the
    /// interpreter's own cycles are broken.
    Registry { interp: Rc<Interp>, graveyard: Graveyard },
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run")
            .field("file_name", &self.file_name())
            .field("time", &self.time())
            .field("finished", &self.ending())
            .finish_non_exhaustive()
    }
}

impl Run {
    /// A run of a registry example: its Python source with these parameters, interpreted;
    /// with its second program (the clients of a server) as a second process.
    pub fn new(example: &'static Example, params: &Params) -> Run {
        let mut run = Run::edited(example, params, example.source(params));
        run.example = Some((example, params.clone()));
        run
    }

    /// A run of an example's program as edited (the page's editor, a "Try this" edit):
    /// `source` replaces the first program only. An example with a second program (the
    /// clients of a server) keeps running it beside the edited one, filled with these
    /// parameters; no notes, since they describe the lecture's program.
    pub fn edited(example: &'static Example, params: &Params, source: String) -> Run {
        let run = match example.second {
            Some(second) => Run::processes(vec![
                ProcessSpec { name: example.label, file_name: example.file_name, source, serves: true },
                ProcessSpec {
                    name: second.label,
                    file_name: second.file_name,
                    source: example.second_source(params).unwrap_or_default(),
                    serves: false,
                },
            ]),
            None => Run::python(example.file_name, source),
        };
        // An edited client still reaches the real server its example talks to.
        if let Some(address) = example.outside {
            run.lp.network().set_outside_address(address);
        }
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
        Run {
            example: None,
            lp,
            processes: vec![Process::new(file_name, source, script)],
            turn: 0,
            closing: None,
            ending: None,
        }
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
        Run::processes(vec![ProcessSpec { name: "", file_name, source, serves: false }])
    }

    /// A run of several Python programs, each a process on one network (a server and its
    /// clients): their lines are labelled with their names.
    ///
    /// ```
    /// use playground::run::ProcessSpec;
    /// use playground::{Ending, Run};
    ///
    /// let server = "import socket\ns = socket.socket()\ns.bind(('localhost', 5000))\ns.listen()\n\
    ///               conn, _ = s.accept()\nprint(conn.recv(1024))\n";
    /// let client = "import socket, time\ntime.sleep(1)\nc = socket.create_connection(('localhost', 5000))\n\
    ///               c.sendall(b'hi')\n";
    /// let mut run = Run::processes(vec![
    ///     ProcessSpec { name: "server", file_name: "server.py", source: server.into(), serves: true },
    ///     ProcessSpec { name: "client", file_name: "client.py", source: client.into(), serves: false },
    /// ]);
    /// assert_eq!(run.run_to_end(), Ending::Completed);
    /// assert_eq!(run.labelled_transcript(), ["server: b'hi'"]);
    /// assert_eq!(run.time(), 1.0);
    /// ```
    pub fn processes(specs: Vec<ProcessSpec>) -> Run {
        let lp = EventLoop::new();
        let names: Vec<&'static str> = specs.iter().map(|s| s.name).collect();
        lp.state.trace.borrow_mut().set_processes(if specs.len() > 1 { names } else { Vec::new() });
        let mut processes = Vec::with_capacity(specs.len());
        for (i, spec) in specs.into_iter().enumerate() {
            let _current = CurrentLoop::enter(&lp);
            lp.set_process(ProcessId(i as u8));
            let (script, python) = crate::interpreter::program::start(&lp, spec.file_name, &spec.source);
            let mut process = Process::new(spec.file_name, spec.source, script);
            process.python = python;
            process.serves = spec.serves;
            processes.push(process);
        }
        lp.set_process(ProcessId(0));
        Run { example: None, lp, processes, turn: 0, closing: None, ending: None }
    }

    /// The (first) program's file name, as CPython names it in reprs.
    pub fn file_name(&self) -> &'static str {
        self.processes.first().map_or("", |p| p.file_name)
    }

    /// The Python program this run executes, with the parameters filled in (the first one,
    /// in a run of several).
    pub fn source(&self) -> &str {
        self.processes.first().map_or("", |p| p.source.as_str())
    }

    /// Runs the program to its end, jumping the virtual clock from timer to
    /// timer: the native driver (CLI, tests, benchmarks). A connection that would leave
    /// the run is refused ([`Unreachable`]).
    pub fn run_to_end(&mut self) -> Ending {
        self.run_to_end_with(&mut Unreachable::default())
    }

    /// Runs the program to its end with `outside` carrying its connections that leave the
    /// run: while it waits for them, the clock moves to the time each event comes at.
    ///
    /// ```
    /// use playground::runtime::outside::VirtualEcho;
    /// use playground::{examples, Ending, Run};
    ///
    /// let example = examples::find("echo-client").expect("echo-client is in the registry");
    /// let params = example.parse_params([("clients", "1"), ("messages", "1")]).expect("valid values");
    /// let mut run = Run::new(example, &params);
    /// assert_eq!(run.run_to_end_with(&mut VirtualEcho::new(0.002)), Ending::Completed);
    /// assert_eq!(run.transcript(), ["client 1 sends 'message 1 from client 1'", "client 1 got 'message 1 from client 1' back"]);
    /// ```
    pub fn run_to_end_with(&mut self, outside: &mut dyn Outside) -> Ending {
        loop {
            let progress = self.step(usize::MAX);
            for out in self.take_outgoing() {
                outside.send(self.time(), out);
            }
            match progress {
                Progress::Busy => {}
                Progress::WaitUntil(when) => self.advance_to(when),
                // While a connection opens the clock stands still: no timer fires, and the
                // event comes at the time it is now.
                Progress::WaitOutside { .. } if self.opening_outside() => match outside.wait(self.time(), None) {
                    Some((_, event)) => self.deliver(event),
                    None => self.finish(Ending::Hung),
                },
                Progress::WaitOutside { until } => match outside.wait(self.time(), until) {
                    Some((when, event)) => {
                        self.advance_to(until.map_or(when, |u| when.min(u)));
                        self.deliver(event);
                    }
                    None => match until {
                        Some(when) => self.advance_to(when),
                        // Nothing will ever come: as a loop with nothing to wait for.
                        None => {
                            self.finish(Ending::Hung);
                        }
                    },
                },
                Progress::Finished(ending) => return ending,
            }
        }
    }

    /// What the run's connections that leave it ask their carrier to do (see
    /// [`Progress::WaitOutside`]).
    pub fn take_outgoing(&self) -> Vec<Outgoing> {
        self.lp.network().take_outgoing()
    }

    /// Whether a connection that leaves the run is still opening (its carrier has not
    /// reported it open or failed). Drivers keep the clock still meanwhile: a connect on
    /// the loopback, where CPython's transcripts are recorded, takes no time.
    pub fn opening_outside(&self) -> bool {
        self.lp.network().opening()
    }

    /// Whether the program tried to connect outside the run.
    pub fn connected_outside(&self) -> bool {
        self.lp.network().links() > 0
    }

    /// An event from the carrier of the run's connections that leave it.
    pub fn deliver(&mut self, event: OutsideEvent) {
        self.lp.network().deliver(event);
    }

    /// Does the next piece of work: a process's top-level code up to its next blocking
    /// call or `run_until_complete`, or at most `budget` handles of one iteration of the
    /// loop.
    pub fn step(&mut self, budget: usize) -> Progress {
        let _current = CurrentLoop::enter(&self.lp);
        let mut work = END_PART;
        loop {
            if let Some(ending) = &self.ending {
                return Progress::Finished(ending.clone());
            }
            if let Some(closing) = self.closing.take() {
                if work == 0 {
                    self.closing = Some(closing);
                    return Progress::Busy;
                }
                self.closing = self.close(closing, &mut work);
                continue;
            }
            let n = self.processes.len();
            let now = self.lp.time();
            let next = (0..n).map(|k| (self.turn + k) % n).find(|&i| self.runnable(i, now));
            if let Some(i) = next {
                self.turn = (i + 1) % n;
                if let Some(progress) = self.step_process(i, budget) {
                    return progress;
                }
                continue;
            }
            // Nothing can run before the clock moves.
            if self.processes.iter().all(|p| p.serves || p.ended().is_some()) {
                self.stop_servers();
                let ending = self
                    .processes
                    .iter()
                    .filter_map(|p| p.ended())
                    .find(|e| **e != Ending::Completed)
                    .cloned()
                    .unwrap_or(Ending::Completed);
                let tasks = self.lp.release();
                self.closing = Some(Closing::Destroy { ending, tasks, next: 0 });
                continue;
            }
            let earliest = self
                .processes
                .iter()
                .filter_map(|p| match &p.state {
                    ProcState::Waiting { wake, .. } => wake.until,
                    _ => None,
                })
                .min_by(f64::total_cmp);
            if self.lp.network().awaits_outside() {
                return Progress::WaitOutside { until: earliest };
            }
            match earliest {
                Some(when) => return Progress::WaitUntil(when),
                None => self.finish(Ending::Hung),
            }
        }
    }

    fn runnable(&self, i: usize, now: f64) -> bool {
        match &self.processes[i].state {
            ProcState::Script | ProcState::Looping => true,
            ProcState::Waiting { wake, .. } => wake.is_over(now, self.lp.network()),
            ProcState::Exiting | ProcState::Ended(_) => false,
        }
    }

    /// Steps process `i`: `Some` when the run has something to report, `None` when the
    /// process now waits or has ended (look for another).
    fn step_process(&mut self, i: usize, budget: usize) -> Option<Progress> {
        let process = ProcessId(i as u8);
        self.lp.set_process(process);
        let several = self.processes.len() > 1;
        if let ProcState::Waiting { looping, .. } = self.processes[i].state {
            self.processes[i].state = if looping { ProcState::Looping } else { ProcState::Script };
            if several {
                self.lp.trace(EventKind::ProcessRunning { process });
            }
        }
        loop {
            let p = &mut self.processes[i];
            match p.state {
                ProcState::Ended(_) | ProcState::Exiting => return None,
                ProcState::Waiting { .. } => return None,
                ProcState::Script => {
                    p.preempted = false;
                    let script = p.script.as_mut().expect("a process has its script until it ends");
                    match script.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
                        Poll::Ready(result) => {
                            p.script = None;
                            self.exit(i, result);
                            return None;
                        }
                        Poll::Pending if self.lp.preempt_requested() => {
                            // The script's slice of work ran out, or it blocks (`time.sleep`,
                            // a socket call).
                            match self.lp.take_preempt().flatten() {
                                Some(wake) if !wake.is_over(self.lp.time(), self.lp.network()) => {
                                    self.wait(i, wake, false);
                                    return None;
                                }
                                _ => {
                                    self.processes[i].preempted = true;
                                    return Some(Progress::Busy);
                                }
                            }
                        }
                        Poll::Pending if self.lp.is_running() => {
                            p.state = ProcState::Looping;
                            p.used_loop = true;
                        }
                        Poll::Pending => {
                            // Only `run_until_complete` suspends a script; any
                            // other future would never be woken here.
                            p.script = None;
                            self.exit(
                                i,
                                Err(Exception::new(
                                    "RuntimeError",
                                    "the top-level code waited for something outside the event loop",
                                )),
                            );
                            return None;
                        }
                    }
                }
                ProcState::Looping => match self.lp.run_once(budget) {
                    RunOnce::Busy => return Some(Progress::Busy),
                    RunOnce::IterationDone => {
                        if self.lp.take_stop() {
                            self.processes[i].state = ProcState::Script;
                        }
                        return Some(Progress::Busy);
                    }
                    RunOnce::WaitUntil(when) => {
                        // A handle blocked in `time.sleep` holds the loop, or the loop sleeps
                        // until its earliest timer.
                        let why = if self.lp.left_in_iteration() > 0 { Blocking::Sleep } else { Blocking::EventLoop };
                        self.wait(i, Wakeup::at(when, why), true);
                        return None;
                    }
                    RunOnce::Wait(wake) => {
                        self.wait(i, wake, true);
                        return None;
                    }
                    RunOnce::Idle => {
                        self.wait(i, Wakeup::never(Blocking::EventLoop), true);
                        return None;
                    }
                },
            }
        }
    }

    fn wait(&mut self, i: usize, wake: Wakeup, looping: bool) {
        if self.processes.len() > 1 {
            self.lp.trace(EventKind::ProcessWaiting { process: ProcessId(i as u8), on: wake.why });
        }
        self.processes[i].state = ProcState::Waiting { wake, looping };
    }

    /// The programs still running are servers waiting for clients that will not come: they
    /// are stopped, as the golden recorder stops CPython's server once the clients are done.
    fn stop_servers(&mut self) {
        for i in 0..self.processes.len() {
            let p = &mut self.processes[i];
            if p.ended().is_some() {
                continue;
            }
            p.stopped_in = match &p.state {
                ProcState::Waiting { wake, .. } => Some(wake.why),
                _ => None,
            };
            p.state = ProcState::Ended(Ending::Completed);
            p.script = None;
            if let Some(interp) = p.python.take() {
                interp.flush();
                interp.dispose();
            }
            self.lp.network().close_all_of(ProcessId(i as u8));
            self.lp.trace(EventKind::ProcessEnded { process: ProcessId(i as u8) });
        }
    }

    /// The last step stopped in the middle of running code (a handle or the top-level code
    /// used up its slice of work): the next step continues it.
    pub fn mid_code(&self) -> bool {
        self.lp.handle_in_progress() || self.processes.iter().any(|p| p.preempted) || self.is_ending()
    }

    /// The run's end is under way: a program's exit (what CPython reports about its tasks, its
    /// module freed) or the loop's tasks being freed, [`END_PART`] objects per step. The next
    /// step goes on with it.
    pub fn is_ending(&self) -> bool {
        self.closing.is_some()
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
        self.ending.is_some()
    }

    pub fn ending(&self) -> Option<&Ending> {
        self.ending.as_ref()
    }

    /// Virtual time, in seconds since the run began.
    pub fn time(&self) -> f64 {
        self.lp.time()
    }

    /// The interpreter running the (first) program (none once the run has
    /// finished, or for a program that is not Python).
    pub fn interpreter(&self) -> Option<&Rc<Interp>> {
        self.processes.first().and_then(|p| p.python.as_ref())
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

    /// The lines of every program, each with its program's label in a run of several
    /// (`server: received b'hi'`): what the CLI prints.
    pub fn labelled_transcript(&self) -> Vec<String> {
        let trace = self.trace();
        trace.lines().map(|l| trace.labelled(&l)).collect()
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
        for p in &self.processes {
            if let Some(why) = p.stopped_in {
                notes.push(format!(
                    "{} was still waiting in {} when the other program ended: the run stopped it there, as \
                     one stops a server with Ctrl+C (the golden transcripts stop CPython's server the same way).",
                    p.file_name,
                    crate::trace::blocking_text(why)
                ));
            }
        }
        // A program blocked in a socket call that nothing can end.
        let stuck = self.processes.iter().find_map(|p| match &p.state {
            ProcState::Waiting { wake, looping: false } if wake.why != Blocking::EventLoop => Some((p, wake.why)),
            _ => None,
        });
        match (self.ending(), stuck) {
            (Some(Ending::Hung), Some((p, why))) => notes.push(format!(
                "{} waits in {} and nothing can end the wait (no other program will connect or send): CPython \
                 would wait here forever.",
                p.file_name,
                crate::trace::blocking_text(why)
            )),
            (Some(Ending::Hung), None) => notes.push(
                "The event loop has nothing ready and no timer set, but was never stopped: CPython would wait here forever."
                    .to_string(),
            ),
            (Some(Ending::Raised(e)), _) => notes.push(format!("The program stopped with an uncaught exception: {e}")),
            _ => {}
        }
        notes
    }

    fn finish(&mut self, ending: Ending) {
        self.ending = Some(ending);
        self.free_all();
    }

    /// Frees at once what the run still holds (the views keep reading its trace).
    fn free_all(&mut self) {
        let closing = self.closing.take();
        for p in &mut self.processes {
            p.script = None;
        }
        self.lp.dispose();
        for p in &mut self.processes {
            if let Some(interp) = p.python.take() {
                interp.dispose();
            }
        }
        match closing {
            Some(Closing::Exit {
                stage: ExitStage::Globals { interp, graveyard } | ExitStage::Registry { interp, graveyard },
                ..
            }) => {
                drop(graveyard);
                interp.dispose();
            }
            Some(Closing::Destroy { tasks, next, .. }) => {
                for task in tasks.iter().skip(next) {
                    task.destroy();
                }
            }
            _ => {}
        }
    }

    /// Does what `work` allows of `closing` (each object handled takes one); what is left of
    /// it, or `None` once it is done.
    fn close(&mut self, closing: Closing, work: &mut usize) -> Option<Closing> {
        match closing {
            Closing::Exit { process, ending, stage } => match self.exit_part(process, stage, work) {
                Some(stage) => Some(Closing::Exit { process, ending, stage }),
                None => {
                    self.exited(process, ending);
                    None
                }
            },
            Closing::Destroy { ending, tasks, next } => {
                let end = tasks.len().min(next + *work);
                for task in &tasks[next..end] {
                    task.destroy();
                }
                *work -= end - next;
                if end < tasks.len() {
                    Some(Closing::Destroy { ending, tasks, next: end })
                } else {
                    Some(Closing::Free { ending, tasks: tasks.into_iter() })
                }
            }
            Closing::Free { ending, mut tasks } => {
                while *work > 0 && tasks.next().is_some() {
                    *work -= 1;
                }
                if tasks.len() > 0 {
                    return Some(Closing::Free { ending, tasks });
                }
                self.finish(ending);
                None
            }
        }
    }

    /// Process `i`'s interpreter exits: report an uncaught exception, then what the garbage
    /// collector reports about its tasks (see [`Run::report_at_exit`]); its sockets close.
    fn exit(&mut self, i: usize, result: PyResult<()>) {
        let ending = match result {
            Ok(()) => Ending::Completed,
            Err(e) => {
                let printed = e.payload.as_ref().is_some_and(|p| p.0.is::<crate::interpreter::program::Printed>());
                match &self.processes[i].python {
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
        let p = &mut self.processes[i];
        p.state = ProcState::Exiting;
        let stage = if p.used_loop || self.processes.len() == 1 {
            let count = self.lp.task_count();
            if !self.lp.is_closed() && self.processes[i].python.is_some() {
                Some(ExitStage::FindPending { count, next: 0 })
            } else {
                Some(ExitStage::Reports { count, left: count })
            }
        } else {
            self.teardown(i, &[])
        };
        match stage {
            Some(stage) => self.closing = Some(Closing::Exit { process: i, ending, stage }),
            None => self.exited(i, ending),
        }
    }

    /// Process `i` has exited: its sockets close.
    fn exited(&mut self, i: usize, ending: Ending) {
        self.processes[i].state = ProcState::Ended(ending);
        self.lp.network().close_all_of(ProcessId(i as u8));
        if self.processes.len() > 1 {
            self.lp.trace(EventKind::ProcessEnded { process: ProcessId(i as u8) });
        }
    }

    /// After the exit reports: process `i`'s module goes ([`ExitStage::Globals`]), unless
    /// there is nothing left to do.
    fn teardown(&mut self, i: usize, warned: &[String]) -> Option<ExitStage> {
        let interp = self.processes[i].python.take()?;
        let graveyard = crate::interpreter::program::teardown(&interp, warned)?;
        Some(ExitStage::Globals { interp, graveyard })
    }

    /// Does what `work` allows of process `i`'s exit: what is left of it, or `None` once done.
    fn exit_part(&mut self, i: usize, stage: ExitStage, work: &mut usize) -> Option<ExitStage> {
        match stage {
            ExitStage::FindPending { count, next } => {
                let end = count.min(next + *work);
                *work -= end - next;
                if (next..end).filter_map(|k| self.lp.task(k)).any(|t| t.is_pending()) {
                    return self.teardown(i, &["*".to_string()]);
                }
                if end < count {
                    Some(ExitStage::FindPending { count, next: end })
                } else {
                    Some(ExitStage::Reports { count, left: count })
                }
            }
            ExitStage::Reports { count, left } => {
                let stop = left.saturating_sub(*work);
                *work -= left - stop;
                for task in (stop..left).rev().filter_map(|k| self.lp.task(k)) {
                    self.report_at_exit(i, &task);
                }
                if stop > 0 {
                    Some(ExitStage::Reports { count, left: stop })
                } else {
                    Some(ExitStage::Warnings { left: count, warned: Vec::new() })
                }
            }
            ExitStage::Warnings { left, mut warned } => {
                let stop = left.saturating_sub(*work);
                *work -= left - stop;
                for task in (stop..left).rev().filter_map(|k| self.lp.task(k)) {
                    if task.is_pending() && !task.started() {
                        let message = format!("coroutine '{}' was never awaited", task.coro_name());
                        if !warned.contains(&message) {
                            self.lp.log(format!("sys:1: RuntimeWarning: {message}"));
                            warned.push(message);
                        }
                    }
                }
                if stop > 0 {
                    return Some(ExitStage::Warnings { left: stop, warned });
                }
                self.teardown(i, &warned)
            }
            ExitStage::Globals { interp, mut graveyard } => {
                *work -= graveyard.free(*work);
                if !graveyard.is_empty() {
                    return Some(ExitStage::Globals { interp, graveyard });
                }
                let graveyard = crate::interpreter::program::teardown_end(&interp);
                Some(ExitStage::Registry { interp, graveyard })
            }
            ExitStage::Registry { interp, mut graveyard } => {
                *work -= graveyard.free(*work);
                if !graveyard.is_empty() {
                    return Some(ExitStage::Registry { interp, graveyard });
                }
                interp.dispose();
                None
            }
        }
    }

    /// What CPython logs when the program's `task` is garbage-collected at exit. The module's
    /// `tasks` list is freed from its end, so the last task is destroyed first: tasks are
    /// reported newest first ([`ExitStage::Reports`]). Then each never-started coroutine warns
    /// once per name ([`ExitStage::Warnings`]): the warnings all come from the same place
    /// (`sys:1`), and Python shows a warning once per place. A loop left open with a task still
    /// pending keeps the program's namespace alive until CPython can no longer print: then
    /// nothing is reported at all ([`ExitStage::FindPending`]).
    fn report_at_exit(&self, i: usize, task: &Rc<dyn TaskRecord>) {
        let process = &self.processes[i];
        let def_line = |name: &str| -> String {
            let needle = format!("async def {name}(");
            match process.source.lines().position(|l| l.trim_start().starts_with(&needle)) {
                Some(i) => format!("{}:{}", process.file_name, i + 1),
                None => "<asyncio>".to_string(),
            }
        };
        if task.is_pending() && task.log_destroy_pending() {
            let info = task.info();
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
            let info = task.info();
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
}

impl Drop for Run {
    fn drop(&mut self) {
        self.free_all();
    }
}
