//! The Timeline and Event loop tabs in headless Chromium, clicked through as a
//! student would: they show the loop's hops and queues as ASYNCIO.md states
//! them. Needs `PLAYGROUND_DIST` (`cargo xtask test` sets it).

use e2e::{open_page, OpenPage};
use serde_json::json;

/// The texts of the elements matching `css`.
async fn texts(page: &OpenPage, css: &str) -> Vec<String> {
    let v = page
        .js_with(
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent.trim());",
            vec![json!(css)],
        )
        .await;
    v.as_array().expect("an array").iter().map(|t| t.as_str().unwrap_or_default().to_string()).collect()
}

async fn text(page: &OpenPage, css: &str) -> String {
    texts(page, css).await.into_iter().next().unwrap_or_default()
}

/// Clicks the element matching `css`.
async fn click(page: &OpenPage, css: &str) {
    page.find(css).await.unwrap_or_else(|| panic!("no {css} on the page")).click().await.expect("click");
}

/// What task `task`'s timeline cell in `iteration` shows.
async fn cell(page: &OpenPage, task: u32, iteration: u32) -> String {
    text_attr(
        page,
        &format!("#timeline .tl-row[data-task='{task}'] .tl-cell[data-iteration='{iteration}']"),
        "data-activity",
    )
    .await
}

async fn text_attr(page: &OpenPage, css: &str, attr: &str) -> String {
    page.js_with(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
        vec![json!(css), json!(attr)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test]
async fn the_timeline_tab_shows_a_task_woken_by_its_timer_running_one_iteration_later() {
    let page = open_page("example=compute-square").await;
    page.button("Timeline").await.click().await.expect("click the Timeline tab");
    page.wait_until("the timeline's row of Task-1", || async {
        !text_attr(&page, "#timeline .tl-row[data-task='1'] .tl-cell[data-iteration='3']", "data-activity")
            .await
            .is_empty()
    })
    .await;
    // Task-1 runs in iteration 1, sleeps; its timer fires in 2; it runs in 3.
    assert_eq!(cell(&page, 1, 1).await, "running");
    assert_eq!(cell(&page, 1, 2).await, "ready");
    assert_eq!(cell(&page, 1, 3).await, "running");
    // wait(): its waiter is set in 4 (K+1), it resumes in 5 (K+2).
    assert_eq!(cell(&page, 5, 5).await, "running");
    // The console is still there, with its contract, behind its tab.
    assert_eq!(page.state().await, "idle");
    page.close().await;
}

#[tokio::test]
async fn stepping_the_event_loop_shows_the_ready_queue_the_sleep_and_the_clock_jump() {
    let page = open_page("example=compute-square&view=loop").await;
    page.wait_until("the Event loop view", || async { page.find("#loop-step").await.is_some() }).await;
    // The first Step runs the top-level code up to run_until_complete, then
    // Task-1's first step; the other first steps are left in iteration 1.
    click(&page, "#loop-step").await;
    page.wait_until("iteration 1", || async { text(&page, "#loop-iteration").await == "1" }).await;
    assert_eq!(
        texts(&page, "#ready-queue li.this-iteration").await,
        ["Task-2.__step()", "Task-3.__step()", "Task-4.__step()", "Task-5.__step()"]
    );
    assert_eq!(texts(&page, "#timers li.timer").await.len(), 1, "Task-1's sleep timer");
    // The rest of iteration 1: every task is asleep or waiting, nothing is ready.
    click(&page, "#loop-next-iteration").await;
    click(&page, "#loop-step").await;
    page.wait_until("the loop to sleep until t=1.000", || async {
        text(&page, "#loop-summary").await.contains("sleeps until t=1.000")
    })
    .await;
    assert_eq!(texts(&page, "#ready-queue li.this-iteration").await.len(), 0);
    assert_eq!(texts(&page, "#timers li.timer").await.len(), 4);
    // The next Step moves the clock exactly to the first deadline.
    click(&page, "#loop-step").await;
    page.wait_until("t = 1.000", || async { text(&page, "#loop-time").await == "1.000" }).await;
    page.close().await;
}
