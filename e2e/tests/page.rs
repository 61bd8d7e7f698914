//! The built page in headless Chromium: what a student and a course site see.
//!
//! Needs `PLAYGROUND_DIST` (the release build) — `cargo xtask test` sets it.
//! Each test serves the build with its own static server and drives its own
//! Chromium (one at a time). Waits are generous polls, not speed assertions;
//! a check that nothing happens waits for the page to settle (a frame) or,
//! for a timer, until past the moment it would have fired.

use std::time::Duration;

use e2e::golden::{self, GoldenCase};
use e2e::{open_page, open_page_at, OpenPage};
use playground::trace::{merge_by_instant, ProcessId};

/// Opens an `autorun=1&speed=instant` link for `case` (for a "Try this"
/// case, the example's page and its `#try-this-N` button) and checks the
/// console against the CPython transcript; `Err` with a readable diff when
/// it differs.
async fn run_case(page: &OpenPage, case: &GoldenCase) -> Result<(), String> {
    match case.try_this() {
        Some(n) => {
            page.goto(&format!("{}&speed=instant", case.query())).await;
            let button = format!("#try-this-{n}");
            page.find(&button)
                .await
                .ok_or_else(|| format!("{}: no {button}", case.label()))?
                .click()
                .await
                .map_err(|e| format!("{}: click {button}: {e}", case.label()))?;
            page.wait_until("the suggestion's run to start", || async { page.state().await != "idle" }).await;
        }
        None => page.goto(&format!("{}&autorun=1&speed=instant", case.query())).await,
    }
    let state = page.wait_for_any_state(&["done", "error", "stopped"]).await;
    let two_programs = playground::examples::find(&case.example).is_some_and(|e| e.second.is_some());
    let lines = if two_programs { merged_console_lines(page).await } else { page.console_lines().await };
    case.check(&lines).map_err(|e| format!("{e}\n  (console state: {state})"))?;
    // CPython ran the program to its end, or to an uncaught exception.
    let expected = if case.raises() { "error" } else { "done" };
    if state == expected {
        Ok(())
    } else {
        Err(format!("{} ({}): the console ended {state:?}, not {expected:?}", case.label(), case.file.display()))
    }
}

/// A server's and its clients' console lines as their golden transcripts hold
/// them: `label: text`, merged by instant from each line's `data-time` and
/// `data-process` (CPython's two processes interleave the lines of one instant
/// as the kernel decides, so both sides are merged by the same rule).
async fn merged_console_lines(page: &OpenPage) -> Vec<String> {
    let v = page
        .js("return Array.from(document.querySelectorAll('#console .line'), l =>
               [l.getAttribute('data-time'), l.getAttribute('data-process'), l.querySelector('.text').textContent]);")
        .await;
    let labels = ["server", "clients"];
    let lines = v
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    let time = l[0].as_str().and_then(|t| t.parse().ok()).unwrap_or(f64::NAN);
                    let label = l[1].as_str().unwrap_or("(unlabelled)");
                    let process = labels.iter().position(|x| *x == label).unwrap_or(labels.len()) as u8;
                    (time, ProcessId(process), format!("{label}: {}", l[2].as_str().unwrap_or_default()))
                })
                .collect()
        })
        .unwrap_or_default();
    merge_by_instant(lines)
}

#[tokio::test]
async fn autorun_link_prints_the_cpython_transcript_of_compute_square() {
    let case = golden::case("compute-square", &[]);
    let page = open_page("example=compute-square&autorun=1&speed=instant").await;
    assert_eq!(page.wait_for_any_state(&["done", "error"]).await, "done");
    let lines = page.console_lines().await;
    if let Err(e) = case.check(&lines) {
        panic!("{e}");
    }
    // The status bar shows a measured wall-clock time.
    assert!(!page.elapsed_text().await.is_empty(), "#elapsed is empty after the run");
    page.close().await;
}

#[tokio::test]
async fn every_golden_case_runs_to_the_cpython_transcript() {
    let cases = golden::all_cases();
    // At least one non-default parameter set for every example of the registry
    // that has parameters (`scratch` has one program: its defaults).
    let examples: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.example.as_str()).collect();
    for example in playground::examples::EXAMPLES {
        let id = example.id;
        assert!(examples.contains(id), "no golden transcript for `{id}`");
        assert!(
            example.params.is_empty() || cases.iter().any(|c| c.example == id && !c.params.is_empty()),
            "no golden transcript of `{id}` with non-default parameters"
        );
    }
    let page = open_page("").await;
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(e) = run_case(&page, case).await {
            failures.push(e);
        }
    }
    page.close().await;
    assert!(
        failures.is_empty(),
        "{} of {} golden cases differ in the page:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[tokio::test]
async fn stop_ends_the_run_at_once_and_no_later_line_is_printed() {
    // compute-square with delay=5 at 1x: each task prints its first two
    // lines at once and the rest when its sleep ends, 5 s after Run.
    let case = golden::case("compute-square", &[("delay", "5")]);
    let before_the_sleeps_end: Vec<String> = case.lines.iter().take_while(|l| *l != "I/O completed").cloned().collect();
    let page = open_page("example=compute-square&delay=5&speed=1").await;
    assert_eq!(page.state().await, "idle");
    let run_clicked = std::time::Instant::now();
    page.click_run().await;
    page.wait_until("the lines printed before the sleeps", || async {
        page.line_count().await >= before_the_sleeps_end.len()
    })
    .await;
    page.click_stop().await;
    assert_eq!(page.wait_for_any_state(&["stopped", "done", "error"]).await, "stopped");
    assert_eq!(page.console_lines().await, before_the_sleeps_end, "the console at Stop");
    let clock = page.virtual_time_text().await;
    // Watch past the moment the sleeps would have ended: no line, no tick.
    tokio::time::sleep((run_clicked + Duration::from_secs(6)).saturating_duration_since(std::time::Instant::now()))
        .await;
    assert_eq!(page.state().await, "stopped");
    assert_eq!(page.console_lines().await, before_the_sleeps_end, "lines were printed after Stop");
    assert_eq!(page.virtual_time_text().await, clock, "the virtual clock moved after Stop");
    assert!(
        page.console_text().await.to_lowercase().contains("stopped"),
        "the console does not say the run was stopped"
    );
    // Stopped, it can run again.
    assert!(page.run_enabled().await, "Run stays disabled after Stop");
    page.close().await;
}

/// Types `text` into `param`'s field; then a message is next to the field,
/// Run is disabled and pressing it runs nothing. Returns the message.
async fn rejects(page: &OpenPage, param: &str, text: &str) -> String {
    page.type_into(param, text).await;
    page.wait_until(&format!("a message next to `{param}` for {text:?}"), || async {
        !page.field_message(param).await.is_empty()
    })
    .await;
    let message = page.field_message(param).await;
    assert!(!page.run_enabled().await, "Run is enabled with {param}={text:?}");
    // A click on the disabled button (or Enter in the field) runs nothing.
    let _ = page.run_button().await.click().await;
    let field = page.field(param).await;
    let _ = field.send_keys(&char::from(fantoccini::key::Key::Enter).to_string()).await;
    page.settle().await;
    assert_eq!(page.state().await, "idle", "something ran with {param}={text:?}");
    assert_eq!(page.line_count().await, 0, "something printed with {param}={text:?}");
    message
}

#[tokio::test]
async fn text_in_a_number_field_shows_a_message_and_disables_run() {
    let page = open_page("example=print-sum").await;
    assert!(page.run_enabled().await, "Run is disabled with the lecture's values");
    let message = rejects(&page, "x", "abc").await;
    // The button labelled Run (found by its visible text) is the disabled one.
    assert!(!page.button("Run").await.is_enabled().await.unwrap(), "the button labelled Run is enabled");
    assert!(message.contains("abc"), "the message does not quote what was typed: {message:?}");
    // Fixing the field enables Run again.
    page.type_into("x", "10").await;
    page.wait_until("Run enabled after fixing x", || async { page.run_enabled().await }).await;
    assert_eq!(page.field_message("x").await, "");
    page.close().await;
}

#[tokio::test]
async fn an_empty_list_shows_a_message_and_disables_run() {
    let page = open_page("example=compute-square").await;
    rejects(&page, "numbers", "").await;
    rejects(&page, "numbers", "1,,2").await;
    page.close().await;
}

#[tokio::test]
async fn out_of_range_values_show_the_allowed_range_and_disable_run() {
    let page = open_page("example=many-tasks").await;
    let message = rejects(&page, "count", "100001").await;
    assert!(
        message.contains("100000") || message.contains("100,000") || message.contains("100 000"),
        "the message does not give the bound: {message:?}"
    );
    rejects(&page, "count", "0").await;
    page.goto("example=compute-square").await;
    let message = rejects(&page, "delay", "-1").await;
    assert!(message.contains("60"), "the message does not give the range: {message:?}");
    page.close().await;
}

#[tokio::test]
async fn an_invalid_link_with_autorun_runs_nothing() {
    let page = open_page("example=compute-square&numbers=1,x,3&autorun=1&speed=instant").await;
    page.wait_until("a message next to `numbers`", || async { !page.field_message("numbers").await.is_empty() }).await;
    page.settle().await;
    assert_eq!(page.state().await, "idle");
    assert_eq!(page.line_count().await, 0);
    assert!(!page.run_enabled().await);
    page.close().await;
}

#[tokio::test]
async fn edited_fields_and_speed_survive_a_reload() {
    let page = open_page("example=compute-square").await;
    page.type_into("numbers", "3,1,2").await;
    page.type_into("delay", "0.5").await;
    page.choose_speed("10").await;
    page.wait_until("the address to carry the edits", || async {
        let url = page.current_url().await;
        url.contains("numbers=3") && url.contains("delay=0.5") && url.contains("speed=10")
    })
    .await;
    page.reload().await;
    assert_eq!(page.field_value("numbers").await, "3,1,2");
    assert_eq!(page.field_value("delay").await, "0.5");
    assert_eq!(page.checked_speed().await, "10");
    assert_eq!(page.state().await, "idle", "a reload of an edited page runs by itself");
    // And the reloaded form runs what was typed.
    page.click_run().await;
    page.wait_for_any_state(&["done", "error", "stopped"]).await;
    let case = golden::case("compute-square", &[("numbers", "3,1,2"), ("delay", "0.5")]);
    if let Err(e) = case.check(&page.console_lines().await) {
        panic!("{e}");
    }
    page.close().await;
}

#[tokio::test]
async fn embed_mode_hides_header_and_picker_and_keeps_console_and_controls() {
    let page = open_page("example=gather&count=3&delay=0&embed=1").await;
    assert!(!page.is_shown("header").await, "the header is shown in embed mode");
    assert!(!page.is_shown("nav.picker, .picker, nav").await, "the picker is shown in embed mode");
    assert!(!page.is_shown("select").await, "a select (the phone picker) is shown in embed mode");
    assert!(page.is_shown("#console").await, "no console in embed mode");
    assert!(page.run_button().await.is_displayed().await.unwrap(), "no Run in embed mode");
    assert!(page.stop_button().await.is_displayed().await.unwrap(), "no Stop in embed mode");
    assert!(page.field("count").await.is_displayed().await.unwrap(), "no form in embed mode");
    assert_eq!(page.field_value("count").await, "3");
    // And it runs there.
    page.choose_speed("instant").await;
    page.click_run().await;
    page.wait_for_any_state(&["done", "error"]).await;
    let case = golden::case("gather", &[("count", "3"), ("delay", "0")]);
    // count=3 delay=1 prints the same lines as the recorded count=3 delay=0.
    if let Err(e) = case.check(&page.console_lines().await) {
        panic!("{e}");
    }
    // The full page, for contrast, has both.
    page.goto("example=gather").await;
    assert!(page.is_shown("header").await, "the full page has no header");
    assert!(page.is_shown("nav").await, "the full page has no picker");
    page.close().await;
}

#[tokio::test]
async fn the_build_works_served_from_a_sub_path() {
    let case = golden::case("compute-square", &[("numbers", "3,1,2"), ("delay", "0.5")]);
    let page = open_page_at("/course/playground/", &format!("{}&autorun=1&speed=instant", case.query())).await;
    assert_eq!(page.wait_for_any_state(&["done", "error"]).await, "done");
    if let Err(e) = case.check(&page.console_lines().await) {
        panic!("{e}");
    }
    let log = page.server.log();
    // Everything the page loaded came from under the sub-path (the server
    // answers nothing else), and the module arrived as application/wasm.
    let missing: Vec<_> = log.iter().filter(|r| r.status != 200 && !r.path.ends_with("favicon.ico")).collect();
    assert!(missing.is_empty(), "requests that failed under the sub-path: {missing:?}");
    assert!(
        log.iter().any(|r| r.path.starts_with("/course/playground/")
            && r.path.ends_with(".wasm")
            && r.content_type == "application/wasm"),
        "no .wasm served under /course/playground/ as application/wasm: {log:?}"
    );
    page.close().await;
}

#[tokio::test]
async fn a_course_page_iframe_fits_the_embedded_page_and_ignores_foreign_messages() {
    // A course site: its own page, the playground in an iframe from a
    // sub-path, and the playground's static/embed.js.
    let page = open_page_at("/course/playground/", "example=compute-square&embed=1").await;
    let course = page.server.add_page(
        "/course/lecture.html",
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Lecture</title></head>
<body style="margin:0"><h1>Asyncio</h1>
<iframe id="playground" data-async-playground title="Playground"
  src="/course/playground/?example=compute-square&amp;embed=1"
  style="width:900px;height:150px;border:0"></iframe>
<script src="/course/playground/static/embed.js"></script>
</body></html>"#,
    );
    page.client().goto(&course).await.expect("open the course page");
    let frame_height = || async {
        page.js("return document.getElementById('playground').getBoundingClientRect().height;")
            .await
            .as_f64()
            .unwrap_or(0.0)
    };
    page.wait_until("the iframe to grow past its 150px", || async { frame_height().await > 300.0 }).await;
    // The embedded page says its height; the iframe now shows all of it.
    page.client().enter_frame(0).await.expect("enter the iframe");
    let inner = page
        .js("return Math.ceil(document.documentElement.getBoundingClientRect().height);")
        .await
        .as_f64()
        .unwrap_or(0.0);
    assert!(page.is_shown("#console").await, "no console in the embedded page");
    page.client().enter_parent_frame().await.expect("back to the course page");
    let outer = frame_height().await;
    assert!((outer - inner).abs() <= 2.0, "the iframe is {outer}px high, its page {inner}px");
    // A height message from anyone but the iframe is ignored.
    page.js("window.postMessage({ type: 'async-playground:height', height: 4321 }, '*'); return null;").await;
    page.settle().await;
    assert!((frame_height().await - 4321.0).abs() > 1.0, "a message from the course page itself resized the iframe");
    // And the playground runs inside the iframe.
    page.client().enter_frame(0).await.expect("enter the iframe");
    page.choose_speed("instant").await;
    page.click_run().await;
    assert_eq!(page.wait_for_any_state(&["done", "error"]).await, "done");
    let case = golden::case("compute-square", &[]);
    if let Err(e) = case.check(&page.console_lines().await) {
        panic!("{e}");
    }
    page.client().enter_parent_frame().await.expect("back to the course page");
    page.close().await;
}

#[tokio::test]
async fn picking_an_example_shows_its_form_and_puts_it_in_the_address() {
    let page = open_page("example=compute-square").await;
    // Wide screen: the side list.
    assert!(page.is_shown(".picker-list").await, "no side list of examples at 1280px");
    let link = page
        .find(".picker-list a[href*='example=gather']")
        .await
        .expect("a link to the gather example in the side list");
    link.click().await.expect("click gather");
    page.wait_until("the gather form", || async { page.find("input[name='count']").await.is_some() }).await;
    assert!(page.find("input[name='numbers']").await.is_none(), "compute-square's form is still shown");
    page.wait_until("the address to name gather", || async { page.current_url().await.contains("example=gather") })
        .await;
    // Phone: a select instead.
    page.client().set_window_size(390, 844).await.expect("phone-sized window");
    page.wait_until("the phone picker", || async { page.is_shown(".picker select, nav select").await }).await;
    assert!(!page.is_shown(".picker-list").await, "the side list is shown on a phone");
    let select = page.find(".picker select, nav select").await.expect("the picker's select");
    select.select_by_value("many-tasks").await.expect("choose many-tasks");
    page.wait_until("the many-tasks form", || async {
        page.current_url().await.contains("example=many-tasks") && page.find("input[name='count']").await.is_some()
    })
    .await;
    assert_eq!(page.field_value("count").await, "100", "many-tasks' default count");
    page.close().await;
}

#[tokio::test]
async fn the_embed_snippet_pasted_into_a_course_page_shows_the_same_example() {
    let case = golden::case("print-sum", &[("x", "10"), ("y", "-4"), ("delay", "0.5")]);
    let page = open_page_at("/course/playground/", &case.query()).await;
    page.client()
        .find(fantoccini::Locator::Css("button#embed"))
        .await
        .expect("an Embed button")
        .click()
        .await
        .expect("click Embed");
    page.wait_until("the iframe snippet", || async { page.find("#embed-code").await.is_some() }).await;
    let snippet =
        page.js("return document.getElementById('embed-code').value;").await.as_str().unwrap_or_default().to_string();
    assert!(snippet.contains("<iframe"), "the snippet has no iframe: {snippet}");
    assert!(snippet.contains("embed=1"), "the snippet's link is not in embed mode: {snippet}");
    let course = page.server.add_page(
        "/course/week3.html",
        &format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Week 3</title></head>\
             <body><h1>Week 3: asyncio</h1>\n{snippet}\n</body></html>"
        ),
    );
    page.client().goto(&course).await.expect("open the course page");
    page.wait_until("embed.js to size the iframe", || async {
        !page
            .js("const f = document.querySelector('iframe'); return f ? f.style.height : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .is_empty()
    })
    .await;
    page.client().enter_frame(0).await.expect("enter the iframe");
    page.wait_until("the embedded console", || async { page.find("#console").await.is_some() }).await;
    assert!(!page.is_shown("header").await, "the embedded page shows its header");
    assert_eq!(page.field_value("x").await, "10");
    assert_eq!(page.field_value("y").await, "-4");
    assert_eq!(page.field_value("delay").await, "0.5");
    page.choose_speed("instant").await;
    page.click_run().await;
    assert_eq!(page.wait_for_any_state(&["done", "error"]).await, "done");
    if let Err(e) = case.check(&page.console_lines().await) {
        panic!("{e}");
    }
    page.client().enter_parent_frame().await.expect("back to the course page");
    page.close().await;
}
