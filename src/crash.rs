//! If the page panics anyway: a clear message instead of a dead page.
//!
//! The page is built with `panic = "abort"`, so a panic ends the wasm
//! instance and nothing of the page answers any more. Before that, the panic
//! hook writes a notice into the DOM with plain DOM calls (no Yew: the app is
//! as good as gone): what happened, a Reload button that works without wasm,
//! and the text to report; and it sets `#console[data-state=error]` so that
//! tests and course pages see the run has ended.

use std::panic::PanicHookInfo;

/// Installs the hook; `start` calls it before mounting the page.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| show(&report_text(info))));
}

fn report_text(info: &PanicHookInfo<'_>) -> String {
    let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    format!("panicked{location}: {message}")
}

/// Shows the notice (once) and marks the console as ended in error. Every
/// DOM call may fail; none may panic again.
pub fn show(report: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(console) = document.get_element_by_id("console") {
        let _ = console.set_attribute("data-state", "error");
    }
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id("crash");
    let _ = notice.set_attribute("role", "alertdialog");
    let _ = notice.set_attribute("aria-labelledby", "crash-title");
    notice.set_inner_html(
        "<h2 id=\"crash-title\">The playground stopped</h2>\
         <p>Something went wrong inside the page and it can no longer run examples. \
         Reloading starts it again; the link keeps your example and values.</p>\
         <p><button type=\"button\" id=\"crash-reload\" onclick=\"location.reload()\">Reload</button></p>\
         <p>If it happens again, please report this text with the page's link:</p>\
         <textarea id=\"crash-report\" readonly rows=\"3\"></textarea>",
    );
    if let Ok(Some(text)) = notice.query_selector("#crash-report") {
        text.set_text_content(Some(report));
    }
    if let Some(body) = document.body() {
        let _ = body.append_child(&notice);
    }
}
