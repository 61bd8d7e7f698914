//! A CPU profile of the page (Chromium's sampling profiler, through ChromeDriver's DevTools
//! passthrough) while it loads and runs `PROFILE_QUERY` (default: many-tasks count=10000
//! at 1x), written to `PROFILE_OUT` (default `/tmp/page.cpuprofile`; open it in Chromium's
//! DevTools, Performance tab). For function names, serve a build whose `.wasm` keeps its
//! name section (`wasm-opt -g`).
//!
//! ```text
//! PLAYGROUND_DIST=$PWD/dist cargo test -p e2e --release --test profile -- --ignored --nocapture
//! ```

use e2e::{dist_dir, Browser, OpenPage, StaticServer};
use serde_json::json;

#[tokio::test]
#[ignore = "a tool: writes a CPU profile, asserts nothing"]
async fn cpu_profile() {
    let query = std::env::var("PROFILE_QUERY").unwrap_or_else(|_| "example=many-tasks&count=10000&autorun=1".into());
    let out = std::env::var("PROFILE_OUT").unwrap_or_else(|_| "/tmp/page.cpuprofile".into());
    let server = StaticServer::start(dist_dir(), "/");
    let browser = Browser::start().await;
    let page = OpenPage { browser, server };
    // The page's origin first, so that the profiled load stays in the same renderer.
    page.goto("example=print-sum").await;
    page.browser.cdp("Profiler.enable", json!({})).await;
    page.browser
        .cdp(
            "Profiler.setSamplingInterval",
            json!({ "interval": std::env::var("PROFILE_US").ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(1000) }),
        )
        .await;
    page.browser.cdp("Profiler.start", json!({})).await;
    page.goto(&query).await;
    let state = page.wait_for_any_state(&["done", "error", "stopped"]).await;
    let elapsed = page.elapsed_text().await;
    let profile = page.browser.cdp("Profiler.stop", json!({})).await;
    std::fs::write(&out, profile["profile"].to_string()).expect("write the profile");
    println!("{query}: {state}, #elapsed {elapsed}; profile in {out}");
    page.close().await;
}
