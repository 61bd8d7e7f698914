//! Nothing on the page is wider than a phone's screen: at 390 and 320 CSS px
//! the page never scrolls sideways, for every example of the registry, in
//! every tab it offers after a run, with the Share panel open and with the
//! editor open. A wide element (a long source line, a table of the loop's
//! state) scrolls inside its own box instead. Needs `PLAYGROUND_DIST`
//! (`cargo xtask test` sets it).

use e2e::{open_page, OpenPage};
use playground::examples::EXAMPLES;

/// How far the page scrolls sideways, and the widest elements sticking out
/// past the right edge (with their right edge), if it does.
const OVERFLOW: &str = r#"
const doc = document.documentElement;
const over = doc.scrollWidth - doc.clientWidth;
if (over <= 0) return null;
const wide = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.right > doc.clientWidth + 0.5 && r.width > 0) {
    const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
    wide.push(name + ' to ' + Math.round(r.right) + 'px');
  }
}
return over + ' px sideways; sticking out: ' + wide.slice(0, 6).join(', ');
"#;

async fn overflow(page: &OpenPage) -> Option<String> {
    page.settle().await;
    page.js(OVERFLOW).await.as_str().map(String::from)
}

async fn click(page: &OpenPage, css: &str) -> bool {
    match page.find(css).await {
        Some(e) => {
            e.click().await.expect("click");
            page.settle().await;
            true
        }
        None => false,
    }
}

async fn check_example(page: &OpenPage, id: &str, views: &[&str], width: u32, out: &mut Vec<String>) {
    let mut note = |what: &str, found: Option<String>| {
        if let Some(f) = found {
            out.push(format!("{width}px {id} {what}: {f}"));
        }
    };
    page.goto(&format!("example={id}&speed=instant&autorun=1")).await;
    page.wait_for_any_state(&["done", "error", "stopped"]).await;
    note("console after a run", overflow(page).await);
    for view in views {
        if click(page, &format!("#tab-{view}")).await {
            if *view == "loop" {
                click(page, "#loop-step").await;
            }
            note(&format!("{view} tab"), overflow(page).await);
        }
    }
    if click(page, "#share").await {
        note("Share panel open", overflow(page).await);
        click(page, "#share").await;
    }
    if click(page, "#edit").await {
        page.wait_until("the editor", || async move { page.find("textarea.code-editor").await.is_some() }).await;
        note("editor open", overflow(page).await);
    }
}

#[tokio::test]
async fn the_page_never_scrolls_sideways_on_a_phone() {
    let page = open_page("example=compute-square").await;
    let mut out = Vec::new();
    for width in [390, 320] {
        page.client().set_window_size(width, 844).await.expect("window size");
        for example in EXAMPLES {
            let views: Vec<&str> = example.views.iter().map(|v| v.to_text()).collect();
            check_example(&page, example.id, &views, width, &mut out).await;
        }
    }
    page.close().await;
    assert!(out.is_empty(), "{} states scroll sideways:\n{}", out.len(), out.join("\n"));
}
