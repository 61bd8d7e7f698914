//! The editor in headless Chromium, driven with WebDriver key presses as a
//! student types: Tab, Shift+Tab and Enter indentation, Run, the console
//! against CPython's output for the same program (recorded by `cargo xtask
//! golden` in `playground/tests/cpython/editor_*.txt`), a syntax error
//! marked at its line, Stop on an endless loop, a share link that carries
//! the program to a fresh browser, "Try this", the editor's script loaded
//! only on the first Edit, and links whose program is damaged or too long.
//!
//! Needs `PLAYGROUND_DIST` (`cargo xtask build`); like the other end-to-end
//! tests, waits poll for a state and assert no time.

use e2e::{open_page, Browser, OpenPage};
use fantoccini::key::Key;
use serde_json::json;

/// A program of `playground/tests/cpython/` and the lines CPython printed
/// for it; panics if the transcript was recorded from another program text.
fn recorded(name: &str) -> (String, Vec<String>) {
    let dir = e2e::repo_root().join("playground/tests/cpython");
    let program = std::fs::read_to_string(dir.join(format!("{name}.py"))).expect("the program");
    let transcript = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("its transcript");
    let mut lines = transcript.lines();
    lines.next();
    let hash = lines.next().and_then(|l| l.strip_prefix("# fnv1a64 of the program: ")).unwrap_or_default();
    assert_eq!(hash, format!("{:016x}", fnv1a64(program.as_bytes())), "{name}.txt is stale: run `cargo xtask golden`");
    (program, lines.map(String::from).collect())
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn key(k: Key) -> String {
    char::from(k).to_string()
}

fn shift_tab() -> String {
    format!("{}{}{}", char::from(Key::Shift), char::from(Key::Tab), char::from(Key::Null))
}

/// Waits until the editor's script has taken the editor.
async fn wait_for_editor(page: &OpenPage) {
    page.wait_until("the editor's script to take the editor", || async {
        page.find(".editor[data-enhanced] textarea#code").await.is_some()
    })
    .await;
}

/// The editor's text.
async fn editor_text(page: &OpenPage) -> String {
    page.js("return document.getElementById('code').value;").await.as_str().unwrap_or_default().to_string()
}

/// Empties the editor with the keyboard (Ctrl+A, Backspace).
async fn clear_editor(page: &OpenPage) {
    let area = page.find("#code").await.expect("the editor");
    area.click().await.expect("focus the editor");
    let keys = format!("{}a{}{}", char::from(Key::Control), char::from(Key::Null), char::from(Key::Backspace));
    area.send_keys(&keys).await.expect("select all, delete");
    assert_eq!(editor_text(page).await, "");
}

/// Types `keys` into the editor, one WebDriver key press each.
async fn type_keys(page: &OpenPage, keys: &str) {
    page.find("#code").await.expect("the editor").send_keys(keys).await.expect("type into the editor");
}

/// Puts `text` in the editor at once, as a paste would (for texts too long to type).
async fn paste(page: &OpenPage, text: &str) {
    page.js_with(
        "const a = document.getElementById('code'); a.focus(); a.select();
         document.execCommand('insertText', false, arguments[0]); return null;",
        vec![json!(text)],
    )
    .await;
}

async fn click(page: &OpenPage, css: &str) {
    page.find(css).await.unwrap_or_else(|| panic!("no {css} on the page")).click().await.expect("click");
}

async fn attr(page: &OpenPage, css: &str, name: &str) -> Option<String> {
    page.js_with(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
        vec![json!(css), json!(name)],
    )
    .await
    .as_str()
    .map(str::to_string)
}

async fn text(page: &OpenPage, css: &str) -> String {
    page.js_with("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", vec![json!(css)])
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The paths the page's server has served so far.
fn served(page: &OpenPage) -> Vec<String> {
    page.server.log().into_iter().map(|s| s.path).collect()
}

#[tokio::test]
async fn a_program_typed_with_tab_and_enter_indentation_prints_what_cpython_prints() {
    let (program, cpython) = recorded("editor_typed");
    let page = open_page("example=scratch&speed=instant").await;
    wait_for_editor(&page).await;
    clear_editor(&page).await;
    let enter = key(Key::Enter);
    let tab = key(Key::Tab);
    let back = shift_tab();
    // Enter keeps the line's indentation and adds a level after a colon;
    // Shift+Tab dedents, Tab indents.
    let keys = [
        "import asyncio",
        &enter,
        &enter,
        "async def worker(name, delay):",
        &enter,
        "for i in range(2):",
        &enter,
        "await asyncio.sleep(delay)",
        &enter,
        "print(name, i)",
        &enter,
        &back,
        &back,
        &tab,
        "return name",
        &enter,
        &back,
        &enter,
        "async def main():",
        &enter,
        "results = await asyncio.gather(worker(\"a\", 0.2), worker(\"b\", 0.3))",
        &enter,
        "print(results)",
        &enter,
        &back,
        &enter,
        "asyncio.run(main())",
        &enter,
    ]
    .concat();
    type_keys(&page, &keys).await;
    assert_eq!(editor_text(&page).await, program);
    // The coloured copy under the textarea has the same lines.
    let numbered = page.js("return document.querySelectorAll('.editor .ed-line').length;").await;
    assert_eq!(numbered.as_u64(), Some(program.split('\n').count() as u64));
    page.click_run().await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "done");
    assert_eq!(page.console_lines().await, cpython);
    page.close().await;
}

#[tokio::test]
async fn a_syntax_error_is_marked_at_its_line_and_printed_as_cpython_prints_it() {
    let (program, cpython) = recorded("editor_syntax_error");
    // CPython named the file as it ran it; the page runs the example's file.
    let cpython: Vec<String> =
        cpython.iter().map(|l| l.replace("editor_syntax_error.py", "compute_square.py")).collect();
    let page = open_page("example=compute-square&speed=instant").await;
    assert!(page.find("#code").await.is_none(), "no editor before Edit");
    click(&page, "#edit").await;
    wait_for_editor(&page).await;
    clear_editor(&page).await;
    type_keys(&page, &program).await;
    assert_eq!(editor_text(&page).await, program);
    page.click_run().await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "error");
    assert_eq!(page.console_lines().await, cpython);
    page.wait_until("the error's line marked", || async {
        attr(&page, ".editor", "data-error-line").await.as_deref() == Some("3")
    })
    .await;
    page.wait_until("the marked line drawn", || async {
        attr(&page, ".ed-line.ed-error", "data-n").await.as_deref() == Some("3")
    })
    .await;
    assert_eq!(text(&page, "#editor-error").await, "Line 3: SyntaxError: '(' was never closed");
    // An edit takes the mark away.
    type_keys(&page, "#").await;
    page.wait_until("the mark gone after an edit", || async {
        attr(&page, ".editor", "data-error-line").await.is_none()
    })
    .await;
    page.close().await;
}

#[tokio::test]
async fn an_uncaught_exception_prints_cpythons_caret_lines_and_marks_the_innermost_frames_line() {
    let (program, cpython) = recorded("editor_runtime_error");
    let cpython: Vec<String> =
        cpython.iter().map(|l| l.replace("editor_runtime_error.py", "compute_square.py")).collect();
    assert!(cpython.iter().any(|l| l.trim() == "~~~~~~^^^"), "CPython 3.11 drew a caret line");
    let page = open_page("example=compute-square&speed=instant").await;
    click(&page, "#edit").await;
    wait_for_editor(&page).await;
    paste(&page, &program).await;
    assert_eq!(editor_text(&page).await, program);
    page.click_run().await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "error");
    // The caret lines as the lecture's programs print them: as CPython printed them.
    assert_eq!(page.console_lines().await, cpython);
    page.wait_until("the innermost frame's line marked", || async {
        attr(&page, ".editor", "data-error-line").await.as_deref() == Some("2")
    })
    .await;
    assert_eq!(text(&page, "#editor-error").await, "Line 2: IndexError: list index out of range");
    page.close().await;
}

#[tokio::test]
async fn stop_ends_an_endless_loop_typed_in_the_editor() {
    let page = open_page("example=scratch&speed=1").await;
    wait_for_editor(&page).await;
    clear_editor(&page).await;
    type_keys(&page, &format!("while True:{}pass", key(Key::Enter))).await;
    assert_eq!(editor_text(&page).await, "while True:\n    pass");
    page.click_run().await;
    page.wait_for_state("running").await;
    page.settle().await;
    assert_eq!(page.state().await, "running", "the loop never ends by itself");
    page.click_stop().await;
    assert_eq!(page.wait_for_any_state(&["stopped", "done", "error"]).await, "stopped");
    assert!(page.run_enabled().await);
    assert_eq!(page.console_lines().await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn a_share_link_with_an_edited_program_reproduces_the_run_in_a_fresh_browser() {
    let (program, cpython) = recorded("editor_typed");
    let page = open_page("example=compute-square&numbers=1,2&speed=instant").await;
    click(&page, "#edit").await;
    wait_for_editor(&page).await;
    paste(&page, &program).await;
    page.click_run().await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "done");
    assert_eq!(page.console_lines().await, cpython);
    // The address follows the edit: the program in the fragment, the form's values left out.
    page.wait_until("the program in the address", || async { page.current_url().await.contains("#code=") }).await;
    click(&page, "#share").await;
    page.wait_until("the share link", || async { page.find("#share-link").await.is_some() }).await;
    let link = page.js("return document.getElementById('share-link').value;").await.as_str().unwrap().to_string();
    assert_eq!(
        text(&page, "label[for=share-link]").await,
        "A link to your edited program (it is in the link itself; no server sees it):"
    );
    let (search, fragment) = link.split_once('#').expect("the link has a fragment");
    assert!(search.ends_with("?example=compute-square&speed=instant"), "{link}");
    assert!(fragment.starts_with("code="), "{link}");
    // The fragment never reaches the server.
    assert!(served(&page).iter().all(|p| !p.contains("code=")), "{:?}", served(&page));

    let OpenPage { browser, server } = page;
    browser.close().await;
    let fresh = OpenPage { browser: Browser::start().await, server };
    let autorun = format!("{search}&autorun=1#{fragment}");
    fresh.client().goto(&autorun).await.expect("open the link");
    assert_eq!(fresh.wait_for_any_state(&["done", "error", "stopped"]).await, "done");
    assert_eq!(fresh.console_lines().await, cpython);
    assert_eq!(editor_text(&fresh).await, program);
    assert!(fresh.find("#params-in-code").await.is_some(), "the form says the parameters are in the code");
    fresh.close().await;
}

#[tokio::test]
async fn a_try_this_edit_applies_and_runs_then_the_lecture_program_comes_back() {
    let cpython = e2e::golden::case("compute-square", &[("try", "1")]).lines;
    let page = open_page("example=compute-square&speed=instant").await;
    click(&page, "#try-this-1").await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "done");
    assert_eq!(page.console_lines().await, cpython);
    let edited = editor_text(&page).await;
    assert!(edited.contains("    time.sleep(1)\n") && edited.contains("import time\n"), "{edited}");
    assert!(page.find("#param-numbers").await.is_none(), "the form steps aside");
    click(&page, "#reset").await;
    page.wait_until("the form back", || async { page.find("#param-numbers").await.is_some() }).await;
    assert!(page.find("#code").await.is_none());
    page.close().await;
}

#[tokio::test]
async fn an_autorun_link_never_downloads_the_editor_until_edit_is_pressed() {
    let page = open_page("example=compute-square&autorun=1&speed=instant").await;
    assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "done");
    page.settle().await;
    assert!(served(&page).iter().all(|p| !p.contains("editor")), "{:?}", served(&page));
    click(&page, "#edit").await;
    wait_for_editor(&page).await;
    let served = served(&page);
    assert!(served.iter().any(|p| p.ends_with("static/editor.js")), "{served:?}");
    assert!(served.iter().any(|p| p.ends_with("static/editor.css")), "{served:?}");
    page.close().await;
}

#[tokio::test]
async fn a_link_whose_program_does_not_decompress_says_so_and_shows_the_lecture_program() {
    // Valid base64url, but not a DEFLATE stream.
    let page = open_page("example=gather&autorun=1&speed=instant#code=AAAA").await;
    page.wait_until("the link's message", || async { page.find(".link-problem").await.is_some() }).await;
    assert_eq!(
        text(&page, ".link-problem").await,
        "The program in this link could not be read (the link may have been cut short), so the lecture's program is shown."
    );
    assert!(page.find("#param-count").await.is_some(), "the lecture's program, with its form");
    assert!(page.find("#code").await.is_none());
    page.settle().await;
    assert_eq!(page.state().await, "idle", "nothing ran in place of the link's program");
    page.close().await;
}

#[tokio::test]
async fn a_program_too_long_for_a_link_gets_a_message_instead_of_one() {
    let page = open_page("example=scratch").await;
    wait_for_editor(&page).await;
    // About 12,000 characters that do not compress: over 8 KB compressed.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let noise: String = (0..12_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[(state % 62) as usize])
        })
        .collect();
    paste(&page, &format!("# {noise}\nprint('long')\n")).await;
    click(&page, "#share").await;
    // At first the link may still be being made; then the message says why there is none.
    page.wait_until("the message", || async {
        text(&page, "#share-problem").await.starts_with("This program is too long")
    })
    .await;
    let message = text(&page, "#share-problem").await;
    assert!(message.starts_with("This program is too long for a link: "), "{message}");
    assert!(message.ends_with("and a link carries at most 8.0 KB. Shorten it to share it as a link."), "{message}");
    assert!(page.find("#share-link").await.is_none());
    assert!(!page.current_url().await.contains("#code="));
    page.close().await;
}

/// Screenshots of the editor with an error marked, at 1280x800 and 390x844,
/// into `EDITOR_SHOTS` (default `/tmp/editor-shots`): to look at, not to assert.
#[tokio::test]
#[ignore = "writes screenshots to look at: cargo test -p e2e --test editor -- --ignored"]
async fn screenshots_of_the_editor_with_an_error_marked() {
    let dir = std::path::PathBuf::from(std::env::var("EDITOR_SHOTS").unwrap_or_else(|_| "/tmp/editor-shots".into()));
    std::fs::create_dir_all(&dir).expect("the screenshots' folder");
    let program = "import asyncio\n\nasync def compute_square(x):\n    print(\"Compute square of %d\" % x)\n    \
                   await asyncio.sleep(0.5)\n    return x * x / (x - 2)\n\nasync def main():\n    for x in [4, 3, 2]:\n        \
                   print(await compute_square(x))\n\nasyncio.run(main())\n";
    for (width, height) in [(1280, 800), (390, 844)] {
        let page = open_page("example=compute-square&speed=instant").await;
        page.client().set_window_size(width, height).await.expect("window size");
        click(&page, "#edit").await;
        wait_for_editor(&page).await;
        paste(&page, program).await;
        page.click_run().await;
        assert_eq!(page.wait_for_any_state(&["done", "error", "stopped"]).await, "error");
        page.wait_until("the error marked", || async { page.find(".ed-line.ed-error").await.is_some() }).await;
        page.js("document.querySelector('.ed-line.ed-error').scrollIntoView({ block: 'center' }); return null;").await;
        page.settle().await;
        let png = page.client().screenshot().await.expect("a screenshot");
        std::fs::write(dir.join(format!("editor-error-{width}x{height}.png")), png).expect("write the screenshot");
        // The form's message, scrolled to.
        page.js("document.getElementById('params-in-code').scrollIntoView({ block: 'center' }); return null;").await;
        page.settle().await;
        let png = page.client().screenshot().await.expect("a screenshot");
        std::fs::write(dir.join(format!("editor-form-{width}x{height}.png")), png).expect("write the screenshot");
        page.close().await;
        // The scratch page, dark, with the Share panel open.
        let page = open_page("example=scratch&theme=dark").await;
        page.client().set_window_size(width, height).await.expect("window size");
        wait_for_editor(&page).await;
        page.wait_until("the program in the address", || async { page.current_url().await.contains("#code=") }).await;
        click(&page, "#share").await;
        page.settle().await;
        let png = page.client().screenshot().await.expect("a screenshot");
        std::fs::write(dir.join(format!("scratch-dark-{width}x{height}.png")), png).expect("write the screenshot");
        page.close().await;
        // A server edited, its clients' program under it, after a run.
        let page = open_page("example=echo-server&speed=instant").await;
        page.client().set_window_size(width, height).await.expect("window size");
        click(&page, "#edit").await;
        wait_for_editor(&page).await;
        page.click_run().await;
        page.wait_for_any_state(&["done", "error", "stopped"]).await;
        page.js("document.querySelector('figure.source[data-program=clients]').scrollIntoView({ block: 'start' }); \
                 return null;")
            .await;
        page.settle().await;
        let png = page.client().screenshot().await.expect("a screenshot");
        std::fs::write(dir.join(format!("echo-server-edited-{width}x{height}.png")), png)
            .expect("write the screenshot");
        page.close().await;
    }
}
