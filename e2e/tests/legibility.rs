//! Every text a student can read on the page is at least 12 px and has a
//! contrast of at least 4.5:1 against what is behind it (WCAG AA), in the
//! light and the dark theme, at desktop and phone widths, in every tab, after
//! a run and with a field in error. Needs `PLAYGROUND_DIST` (`cargo xtask test`
//! sets it).
//!
//! The check runs in the page: each visible element with text of its own
//! (hidden ones, `aria-hidden` ones and empty ones are left out) gives its
//! computed `font-size`, its text colour with the opacity of every ancestor
//! applied, and the background it is drawn on (the elements painted under
//! its first letters, blended from the first opaque one up). Disabled
//! controls and `aria-hidden` decoration are left out, as WCAG leaves them.

use e2e::{open_page, OpenPage};
use serde_json::{json, Value};

/// Returns the texts that fail, one description each.
const CHECK: &str = r#"
const minSize = arguments[0], minRatio = arguments[1];
function parse(c) {
  let m = c.match(/^rgba?\(([^)]+)\)$/);
  if (m) {
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  m = c.match(/^color\(srgb ([^)]+)\)$/);
  if (m) {
    const p = m[1].split(/[ \/]+/).filter(Boolean).map(Number);
    return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
  }
  return null;
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function lum(c) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}
function background(el) {
  // What is painted under the text's first letters: the element itself and
  // the ones under that point below it (not its own children), top first,
  // blended until one is opaque.
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + Math.min(r.width, 8) / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  let stack = document.elementsFromPoint(x, y);
  const at = stack.indexOf(el);
  stack = at >= 0 ? stack.slice(at).filter(e => e === el || !el.contains(e)) : [];
  if (at < 0) for (let e = el; e; e = e.parentElement) stack.push(e);
  const layers = [];
  for (const e of stack) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255, 1];
  for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
  return bg;
}
function opacity(el) {
  let o = 1;
  for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
  return o;
}
const bad = [];
for (const el of document.body.querySelectorAll('*')) {
  // Hidden and decorative texts, and disabled controls (WCAG 1.4.3 leaves
  // inactive components out), are not checked.
  if (el.closest('[aria-hidden="true"], script, style, noscript, svg, :disabled')) continue;
  const own = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
  if (!own) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const s = getComputedStyle(el);
  if (s.visibility !== 'visible') continue;
  const size = parseFloat(s.fontSize);
  const fg0 = parse(s.color);
  if (!fg0) { bad.push(`${own.slice(0, 30)}: colour ${s.color} not understood`); continue; }
  const bg = background(el);
  const fg = over([fg0[0], fg0[1], fg0[2], fg0[3] * opacity(el)], bg);
  const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  const ratio = (l1 + 0.05) / (l2 + 0.05);
  const where = `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}> "${own.slice(0, 30)}"`;
  if (size < minSize) bad.push(`${where}: ${size} px`);
  if (ratio < minRatio) bad.push(`${where}: contrast ${ratio.toFixed(2)}:1 (${s.color} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')}))`);
}
return bad;
"#;

async fn failures(page: &OpenPage) -> Vec<String> {
    let v = page.js_with(CHECK, vec![json!(12.0), json!(4.5)]).await;
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default()
}

async fn click(page: &OpenPage, css: &str) {
    page.find(css).await.unwrap_or_else(|| panic!("no {css} on the page")).click().await.expect("click");
    page.settle().await;
}

/// Opens each state a student meets and collects what fails, with where.
async fn check_all(page: &OpenPage, theme: &str, width: u32, out: &mut Vec<String>) {
    page.client().set_window_size(width, 900).await.expect("window size");
    let mut note = |what: &str, found: Vec<String>| {
        out.extend(found.into_iter().map(|f| format!("{theme} {width}px {what}: {f}")));
    };

    page.goto(&format!("example=compute-square&theme={theme}")).await;
    page.settle().await;
    note("before a run", failures(page).await);

    page.goto(&format!("example=gather&theme={theme}&speed=instant&autorun=1")).await;
    page.wait_for_state("done").await;
    page.settle().await;
    note("console after a run", failures(page).await);

    click(page, "#tab-timeline").await;
    note("Timeline tab", failures(page).await);

    click(page, "#tab-loop").await;
    click(page, "#loop-step").await;
    click(page, "#loop-step").await;
    note("Event loop tab", failures(page).await);

    page.goto(&format!("example=not-awaited&theme={theme}&speed=instant&autorun=1")).await;
    page.wait_for_any_state(&["done", "error"]).await;
    page.settle().await;
    note("stderr lines", failures(page).await);

    page.goto(&format!("example=compute-square&theme={theme}&numbers=1,x")).await;
    page.settle().await;
    note("a field in error", failures(page).await);

    page.goto(&format!("example=gather&theme={theme}&embed=1")).await;
    page.settle().await;
    note("embedded", failures(page).await);
}

#[tokio::test]
async fn every_text_is_at_least_12_px_and_4_5_to_1_in_both_themes_and_sizes() {
    let page = open_page("example=compute-square").await;
    let mut out = Vec::new();
    for theme in ["light", "dark"] {
        for width in [1280, 390] {
            check_all(&page, theme, width, &mut out).await;
        }
    }
    page.close().await;
    out.sort();
    out.dedup();
    assert!(out.is_empty(), "{} texts too small or too faint:\n{}", out.len(), out.join("\n"));
}
