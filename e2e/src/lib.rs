//! End-to-end tests of the built playground page: they serve `PLAYGROUND_DIST`
//! (set by `cargo xtask test`) and drive headless Chromium through ChromeDriver
//! (`CHROMEDRIVER`). The tests live in `tests/`; this library is their harness:
//!
//! - [`test_server::StaticServer`]: the project's server (the `server` crate)
//!   on `127.0.0.1:0`, serving the build under a mount path (`/` or a sub-path
//!   such as `/course/playground/`) with the WebSocket echo at `/ws`, plus what
//!   the tests add: extra pages, an injected script, `no-store`, and a log of
//!   every request;
//! - [`Browser`]: ChromeDriver on a free port plus one headless Chromium session
//!   (killed with its whole process group when dropped);
//! - [`OpenPage`]: the helpers the tests are written in — [`open_page`],
//!   [`OpenPage::console_lines`], [`OpenPage::wait_for_state`], [`OpenPage::click_run`],
//!   [`OpenPage::type_into`] — speaking the page's stable DOM contract (README):
//!   `#console[data-state]`, `.line > .text`, `#elapsed`;
//! - [`golden`]: the CPython transcripts in `tests/golden/<example>/*.txt`.
//!
//! Waits poll with generous timeouts: they bound a hang, they are not
//! assertions about speed.

pub mod golden;
pub mod test_server;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub use test_server::StaticServer;

/// How long a wait may poll before it gives up (a hang guard, not a speed check).
pub const WAIT: Duration = Duration::from_secs(60);
/// How often waits poll.
pub const POLL: Duration = Duration::from_millis(25);

/// The arguments every Chromium of this project runs with (see TOOLCHAIN.md).
pub const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1280,800",
];

/// The built page's folder, from `PLAYGROUND_DIST`. Panics with how to get it
/// when unset: the end-to-end tests never pass silently without a page.
pub fn dist_dir() -> PathBuf {
    let dir = match std::env::var_os("PLAYGROUND_DIST") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => panic!(
            "PLAYGROUND_DIST is not set: the end-to-end tests need the built page. \
             Run `cargo xtask test` (it builds the page and sets PLAYGROUND_DIST), or \
             `cargo xtask build` then `PLAYGROUND_DIST=$PWD/dist cargo test -p e2e`."
        ),
    };
    assert!(
        dir.join("index.html").is_file(),
        "PLAYGROUND_DIST={} has no index.html: run `cargo xtask build` (or `cargo xtask test`)",
        dir.display()
    );
    dir
}

/// The repository's root folder (where `tests/golden` lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("e2e lives in a folder of the repository").to_path_buf()
}

/// Browser tests take this lock so that only one Chromium runs at a time on
/// the machine's two cores (cargo runs a binary's tests on several threads,
/// each test on its own runtime: tokio's Mutex works across runtimes).
pub async fn one_browser_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port on 127.0.0.1")
}

/// ChromeDriver (its own process group, so Chromium dies with it) and one
/// headless Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _serial: tokio::sync::MutexGuard<'static, ()>,
}

impl Browser {
    /// Starts ChromeDriver (`CHROMEDRIVER`, default `/usr/bin/chromedriver`) on a
    /// free port and opens a headless Chromium session.
    pub async fn start() -> Browser {
        let serial = one_browser_at_a_time().await;
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        let mut cmd = Command::new(&chromedriver);
        cmd.arg(format!("--port={port}")).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let driver = cmd.spawn().unwrap_or_else(|e| {
            panic!(
                "cannot start ChromeDriver `{chromedriver}`: {e} \
                 (set CHROMEDRIVER, or run `cargo xtask setup --browser`)"
            )
        });
        let mut browser_guard = DriverGuard(Some(driver));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Some(status) = browser_guard.0.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
                panic!("ChromeDriver `{chromedriver}` exited at start: {status}");
            }
            assert!(started.elapsed() < WAIT, "ChromeDriver did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), json!({ "args": CHROME_ARGS, "binary": chrome_binary() }));
        caps.insert("pageLoadStrategy".into(), json!("normal"));
        let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let client = builder
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("cannot open a Chromium session via ChromeDriver: {e}"));
        Browser { client, driver: browser_guard.0.take().expect("driver"), _serial: serial }
    }

    /// Runs a Chrome DevTools Protocol command (`Network.emulateNetworkConditions`,
    /// `Profiler.start`, ...) in the session's page, through ChromeDriver's passthrough
    /// (`POST /session/{id}/goog/cdp/execute`); returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp { cmd: cmd.to_string(), params })
            .await
            .unwrap_or_else(|e| panic!("DevTools command {cmd} failed: {e}"))
    }

    /// Ends the session (Chromium quits), then ChromeDriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        // Drop kills the driver's process group.
    }
}

/// A DevTools command for ChromeDriver's `goog/cdp/execute` endpoint.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

fn chrome_binary() -> String {
    std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// Kills a ChromeDriver's process group (Chromium included) unless taken.
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            kill_group(&mut child);
        }
    }
}

fn kill_group(child: &mut Child) {
    // The driver was spawned with process_group(0): its pgid is its pid.
    let pgid = child.id();
    let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pgid}")]).stderr(Stdio::null()).status();
    let _ = child.kill();
    let _ = child.wait();
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Give Chromium a moment to quit after a close(), then kill whatever is left
        // of the group that this Browser started (after a panic: everything).
        let deadline = Instant::now() + Duration::from_millis(300);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.driver.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        kill_group(&mut self.driver);
    }
}

/// The page in a browser, served by its own static server.
pub struct OpenPage {
    pub browser: Browser,
    pub server: StaticServer,
}

/// Serves the build at `/` and opens `/?{query}` (query without `?`).
pub async fn open_page(query: &str) -> OpenPage {
    open_page_at("/", query).await
}

/// Serves the build under `mount` (e.g. `/course/playground/`; nothing else is
/// served) and opens `{mount}?{query}`.
pub async fn open_page_at(mount: &str, query: &str) -> OpenPage {
    let server = StaticServer::start(dist_dir(), mount);
    let browser = Browser::start().await;
    let page = OpenPage { browser, server };
    page.goto(query).await;
    page
}

impl OpenPage {
    pub fn client(&self) -> &Client {
        &self.browser.client
    }

    /// The URL of the page with this query (without `?`).
    pub fn url(&self, query: &str) -> String {
        let base = self.server.url();
        if query.is_empty() {
            base
        } else {
            format!("{base}?{query}")
        }
    }

    /// Navigates to the page with this query and waits until the app has
    /// rendered its console.
    pub async fn goto(&self, query: &str) {
        let url = self.url(query);
        self.client().goto(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
        self.wait_for_console().await;
    }

    /// Reloads the page and waits for its console.
    pub async fn reload(&self) {
        self.client().refresh().await.expect("reload");
        self.wait_for_console().await;
    }

    async fn wait_for_console(&self) {
        self.wait_until("the page to render #console[data-state]", || async {
            let v = self
                .js("const c = document.getElementById('console'); return c ? c.getAttribute('data-state') : null;")
                .await;
            !v.is_null()
        })
        .await;
    }

    /// Runs a script in the page (its body: use `return`).
    pub async fn js(&self, script: &str) -> Value {
        self.js_with(script, vec![]).await
    }

    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.client().execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Lets the page handle what is already queued and paint a frame (a
    /// `requestAnimationFrame`, then a task after it): the barrier before
    /// checking that something did *not* happen, instead of a guessed sleep.
    pub async fn settle(&self) {
        let script = "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => setTimeout(done, 0));";
        self.client().execute_async(script, vec![]).await.unwrap_or_else(|e| panic!("settle: {e}"));
    }

    /// Polls `ready` until it holds; panics with `what` after [`WAIT`].
    pub async fn wait_until<F, Fut>(&self, what: &str, mut ready: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let started = Instant::now();
        loop {
            if ready().await {
                return;
            }
            if started.elapsed() > WAIT {
                panic!(
                    "gave up waiting for {what} after {:?}; console state {:?}, {} lines; page URL {}",
                    WAIT,
                    self.state().await,
                    self.line_count().await,
                    self.client().current_url().await.map(|u| u.to_string()).unwrap_or_default(),
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The console's `data-state`: `idle`, `running`, `done`, `stopped`, `error`.
    pub async fn state(&self) -> String {
        self.js("const c = document.getElementById('console'); return c ? c.getAttribute('data-state') : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the console's `data-state` is `state`; returns it.
    pub async fn wait_for_state(&self, state: &str) -> String {
        self.wait_for_any_state(&[state]).await
    }

    /// Waits until the console's `data-state` is one of `states`; returns it.
    pub async fn wait_for_any_state(&self, states: &[&str]) -> String {
        let started = Instant::now();
        loop {
            let seen = self.state().await;
            if states.contains(&seen.as_str()) {
                return seen;
            }
            if started.elapsed() > WAIT {
                panic!(
                    "gave up waiting for console data-state in {states:?} after {WAIT:?}: it is {seen:?}, \
                     {} lines; page URL {}",
                    self.line_count().await,
                    self.current_url().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The console's printed lines: the text of every `#console .line .text`.
    pub async fn console_lines(&self) -> Vec<String> {
        let v =
            self.js("return Array.from(document.querySelectorAll('#console .line .text'), e => e.textContent);").await;
        v.as_array().expect("an array of lines").iter().map(|l| l.as_str().unwrap_or_default().to_string()).collect()
    }

    /// How many lines the console holds.
    pub async fn line_count(&self) -> usize {
        self.js("return document.querySelectorAll('#console .line').length;").await.as_u64().unwrap_or(0) as usize
    }

    /// The text of `#elapsed` (the measured wall-clock time).
    pub async fn elapsed_text(&self) -> String {
        self.js("const e = document.getElementById('elapsed'); return e ? e.textContent : null;")
            .await
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// The first element matching this CSS selector, if any.
    pub async fn find(&self, css: &str) -> Option<Element> {
        self.client().find(Locator::Css(css)).await.ok()
    }

    /// The shown button whose visible text (trimmed, case-insensitive, leading
    /// icons ignored) is `label`, or whose `aria-label`/`title` is.
    pub async fn button(&self, label: &str) -> Element {
        let found = self
            .js_with(
                "const want = arguments[0].toLowerCase();
                 const norm = s => (s || '').trim().replace(/\\s+/g, ' ').replace(/^[^\\p{L}\\p{N}]+/u, '').toLowerCase();
                 const all = Array.from(document.querySelectorAll('button, input[type=button], input[type=submit]'))
                     .filter(b => b.getClientRects().length > 0);
                 return all.find(b => norm(b.innerText || b.value) === want)
                     || all.find(b => norm(b.getAttribute('aria-label')) === want || norm(b.title) === want)
                     || all.find(b => norm(b.innerText || b.value).startsWith(want))
                     || null;",
                vec![json!(label)],
            )
            .await;
        if found.is_null() {
            panic!("no button labelled {label:?} on the page");
        }
        Element::from_element_id(self.client().clone(), element_ref(&found))
    }

    /// Clicks the Run button.
    pub async fn click_run(&self) {
        self.run_button().await.click().await.expect("click Run");
    }

    /// The Run button: `#run`, else the button labelled Run.
    pub async fn run_button(&self) -> Element {
        match self.find("button#run").await {
            Some(b) => b,
            None => self.button("Run").await,
        }
    }

    /// The Stop button: `#stop`, else the button labelled Stop.
    pub async fn stop_button(&self) -> Element {
        match self.find("button#stop").await {
            Some(b) => b,
            None => self.button("Stop").await,
        }
    }

    /// Clicks the Stop button.
    pub async fn click_stop(&self) {
        self.stop_button().await.click().await.expect("click Stop");
    }

    /// Whether the Run button can be pressed.
    pub async fn run_enabled(&self) -> bool {
        self.run_button().await.is_enabled().await.expect("Run enabled?")
    }

    /// The form field of the example's parameter `param`: `#param-{param}`
    /// (the README's contract).
    pub async fn field(&self, param: &str) -> Element {
        match self.find(&format!("#param-{param}")).await {
            Some(e) => e,
            None => panic!("no form field #param-{param} on the page"),
        }
    }

    /// The field's current value.
    pub async fn field_value(&self, param: &str) -> String {
        self.field(param).await.prop("value").await.expect("field value").unwrap_or_default()
    }

    /// Types `text` into the field of `param` as a person would: select what is
    /// there, delete it, type, then leave the field (Tab).
    pub async fn type_into(&self, param: &str, text: &str) {
        let field = self.field(param).await;
        field.click().await.expect("focus the field");
        // Ctrl+A, Backspace: fires the same input events as a person's edit.
        use fantoccini::key::Key;
        let select_all_delete =
            format!("{}a{}{}", char::from(Key::Control), char::from(Key::Null), char::from(Key::Backspace));
        field.send_keys(&select_all_delete).await.expect("select all, delete");
        if !text.is_empty() {
            field.send_keys(text).await.expect("type");
        }
        field.send_keys(&char::from(Key::Tab).to_string()).await.expect("leave the field");
    }

    /// The validation message shown next to the field of `param`, or `""`
    /// when there is none: an element with `role=alert` or an error class among
    /// the field's `aria-describedby` targets or in the field's box.
    pub async fn field_message(&self, param: &str) -> String {
        let field = self.field(param).await;
        let v = self
            .js_with(
                "const f = arguments[0];
                 const isError = e => e && e.offsetParent !== null && e.textContent.trim() !== '' &&
                   (e.getAttribute('role') === 'alert' || /(^|[-_ ])(error|invalid)([-_ ]|$)/.test(e.className));
                 const ids = (f.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
                 for (const id of ids) { const e = document.getElementById(id); if (isError(e)) return e.textContent.trim(); }
                 let box = f.parentElement;
                 for (let i = 0; box && i < 2; i++, box = box.parentElement) {
                   const e = Array.from(box.querySelectorAll('[role=alert], .error, .field-error')).find(isError);
                   if (e) return e.textContent.trim();
                 }
                 return '';",
                vec![serde_json::to_value(&field).expect("element as json")],
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// The text of `#virtual-time` (the event loop's clock), if the page shows it.
    pub async fn virtual_time_text(&self) -> String {
        self.js("const e = document.getElementById('virtual-time'); return e ? e.textContent : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// The whole console's visible text (lines and status messages).
    pub async fn console_text(&self) -> String {
        self.js("const c = document.getElementById('console'); return c ? c.textContent : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Chooses a speed: the radio `input[name=speed][value=...]` (`0.1`,
    /// `0.5`, `1`, `10`, `instant`).
    pub async fn choose_speed(&self, speed: &str) {
        let radio = self
            .find(&format!("input[name='speed'][value='{speed}']"))
            .await
            .unwrap_or_else(|| panic!("no speed choice `{speed}` on the page"));
        // The label holds the (possibly visually hidden) radio: click the label.
        let label = self
            .js_with(
                "return arguments[0].closest('label') || arguments[0];",
                vec![serde_json::to_value(&radio).unwrap()],
            )
            .await;
        Element::from_element_id(self.client().clone(), element_ref(&label)).click().await.expect("click the speed");
    }

    /// The speed whose radio is checked.
    pub async fn checked_speed(&self) -> String {
        self.js("const r = document.querySelector(\"input[name='speed']:checked\"); return r ? r.value : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Whether an element matching `css` exists and is displayed.
    pub async fn is_shown(&self, css: &str) -> bool {
        match self.find(css).await {
            Some(e) => e.is_displayed().await.unwrap_or(false),
            None => false,
        }
    }

    /// The page's current URL.
    pub async fn current_url(&self) -> String {
        self.client().current_url().await.expect("url").to_string()
    }

    /// Quits the browser (the server stops when dropped).
    pub async fn close(self) {
        self.browser.close().await;
    }
}

fn element_ref(v: &Value) -> fantoccini::elements::ElementRef {
    // The W3C element reference key.
    const KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
    let id = v.get(KEY).and_then(|id| id.as_str()).unwrap_or_else(|| panic!("not an element reference: {v}"));
    fantoccini::elements::ElementRef::from(id.to_string())
}
