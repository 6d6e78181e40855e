//! The studio's preview latency, keystroke → updated page, measured in a
//! real browser (chromium through chromedriver). Ignored by `cargo test`:
//! scripts/bench-studio.sh runs it and compares the medians with the
//! targets (machines differ two-fold in speed, so no test asserts a time).

mod common;
mod studio_support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::json;
use studio_support::{Browser, Server, project};

const WAIT: Duration = Duration::from_secs(60);
/// Keystrokes timed per document.
const STROKES: usize = 15;

/// Milliseconds from the last keystroke until the preview shows the text.
fn settled(browser: &Browser) -> f64 {
    browser
        .wait_for(
            "const s = window.studio; const t = document.querySelector('[data-role=source]').value;
             return s && s.rendered && s.rendered.source === t && s.rendered.at >= s.lastInputAt
               ? s.rendered.at - s.lastInputAt : null;",
            "the preview of the edit",
            WAIT,
        )
        .as_f64()
        .unwrap_or(f64::MAX)
}

/// Opens `path` in the editor, types STROKES characters at the end of the
/// first `title = "…"`, and prints the latencies.
fn measure(browser: &Browser, server: &Server, name: &str, path: &str, target_ms: u32) {
    browser.go(&format!("{}/edit?path={path}", server.url));
    settled(browser);
    let pages = browser.wait_for(
        "const p = [...document.querySelectorAll('[data-role=preview] img.page')];
         return p.length && p.every(i => i.complete && i.naturalWidth > 0) ? p.length : null;",
        "the pages of the preview",
        WAIT,
    );
    let tab = browser.element("#tab-source");
    browser.session_click(&tab);
    let source = browser.element("[data-role=source]");
    // The caret after the first title's text: a heading every page shows.
    browser.js(
        "const e = document.querySelector('[data-role=source]');
         const at = e.value.indexOf('\"', e.value.indexOf('title = \"') + 9);
         e.focus(); e.setSelectionRange(at, at);",
        json!([]),
    );
    let mut latencies = Vec::new();
    for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰".chars().take(STROKES) {
        browser.type_into(&source, &c.to_string());
        latencies.push(settled(browser));
    }
    latencies.sort_by(f64::total_cmp);
    let median = latencies[latencies.len() / 2];
    let p90 = latencies[latencies.len() * 9 / 10];
    let sizes = browser.js(
        "return Promise.all([...document.querySelectorAll('[data-role=preview] img.page')]
           .map(i => fetch(i.src).then(r => r.text()).then(t => t.length)));",
        json!([]),
    );
    println!(
        "BENCH {name} pages={pages} median_ms={median:.0} p90_ms={p90:.0} target_ms={target_ms} svg_bytes={sizes}"
    );
}

#[test]
#[ignore = "a benchmark: scripts/bench-studio.sh"]
fn preview_latency() {
    if !common::require_tool("chromium") || !common::require_tool("chromedriver") {
        return;
    }
    let dir = project();
    // A long regulation, imported as a user would.
    let imported = dir.path().join("charters/imported/marine.toml");
    let status = Command::new(env!("CARGO_BIN_EXE_charter"))
        .arg("import")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdocs/docx04.docx"))
        .arg("-o")
        .arg(&imported)
        .arg("-q")
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "import of docx04.docx failed"
    );
    let server = Server::start(dir.path());
    let browser = Browser::start();
    browser.resize(1400, 1000);
    measure(
        &browser,
        &server,
        "qingshan",
        "orgs/qingshan/service-commitment.toml",
        300,
    );
    measure(&browser, &server, "imported", "imported/marine.toml", 600);
}
