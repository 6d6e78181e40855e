//! The studio for people who do not write TOML (#28), driven in chromium:
//! every action of the document view (add before, after and below, move,
//! delete, edit in place, revert to the model, a table's rows, columns and
//! merged cells, undo, save) on a regulation of its own and on one that
//! extends a model, each compared with the TOML expected after it; a new
//! organisation of each kind and an imported Word file from the home page;
//! the page by keyboard alone and at 800 px. Screenshots go to
//! $STUDIO_SHOTS (default /tmp/studio-shots).
//!
//! The expected files are tests/fixtures/studio/*-after.toml; with
//! CHARTER_BLESS=1 the test writes what it got there instead (then read
//! the difference before committing it).

mod common;
mod studio_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use studio_support::{Browser, Server, project};

const WAIT: Duration = Duration::from_secs(30);
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

fn shots() -> PathBuf {
    std::env::var_os("STUDIO_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("studio-shots"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/studio")
        .join(name)
}

fn tools() -> bool {
    common::require_tool("chromium") && common::require_tool("chromedriver")
}

/// Waits until the page shows the preview and the document of the current
/// source: after every change.
fn settled(browser: &Browser) {
    browser.wait_for(
        "const s = window.studio; const t = document.querySelector('[data-role=source]').value;
         return s && !s.busy && s.rendered && s.rendered.source === t && s.rendered.at >= s.lastInputAt;",
        "the page to follow the change",
        WAIT,
    );
}

/// Clicks `action` of the node `path` in the outline (its row focused first,
/// as a keyboard user would reach it).
fn outline_action(browser: &Browser, path: &str, action: &str) {
    let row = format!("[data-role=outline] [data-node=\"{path}\"] .go");
    browser.js(
        "document.querySelector(arguments[0]).focus();",
        json!([row]),
    );
    click(
        browser,
        &format!("[data-role=outline] [data-node=\"{path}\"] [data-action={action}]"),
    );
    settled(browser);
}

/// Replaces the text of a field of the document view by typing, then Enter.
fn type_field(browser: &Browser, css: &str, text: &str) {
    browser.wait_for(
        &format!("return document.querySelector({}) !== null;", json!(css)),
        css,
        WAIT,
    );
    browser.js(
        "const el = document.querySelector(arguments[0]); el.focus(); document.execCommand('selectAll');",
        json!([css]),
    );
    browser.press(&format!("{text}{ENTER}"));
    settled(browser);
}

fn node_text(path: &str) -> String {
    format!("[data-role=node-text][data-node=\"{path}\"]")
}

fn cell(path: &str, row: usize, col: usize) -> String {
    format!(
        "#docview [data-node=\"{path}\"] [data-role=cell][data-row=\"{row}\"][data-col=\"{col}\"]"
    )
}

fn table_action(browser: &Browser, path: &str, cell_css: &str, action: &str) {
    browser.js(
        "document.querySelector(arguments[0]).focus();",
        json!([cell_css]),
    );
    click(
        browser,
        &format!("#docview .table-tools[data-node=\"{path}\"] [data-action={action}]"),
    );
    settled(browser);
}

/// Clicks the element `css` names, found and clicked in one step (the page
/// redraws after every change: a handle kept between two calls goes stale).
fn click(browser: &Browser, css: &str) {
    let found = browser.js(
        "const e = document.querySelector(arguments[0]); if (!e) return false; e.click(); return true;",
        json!([css]),
    );
    assert_eq!(found, json!(true), "no {css}");
}

fn save(browser: &Browser) {
    click(browser, "[data-action=save]");
    browser.wait_for(
        "return document.getElementById('savestate').textContent === '已保存';",
        "the save",
        WAIT,
    );
}

fn open(browser: &Browser, server: &Server, path: &str) {
    browser.go(&format!("{}/edit?path={path}", server.url));
    browser.wait_for(
        "return document.querySelectorAll('[data-role=outline] [data-node]').length;",
        "the outline",
        WAIT,
    );
    settled(browser);
}

/// The saved file against the expected one (or blessed as it).
fn compare(saved: &Path, expected: &str) {
    let got = std::fs::read_to_string(saved).unwrap_or_default();
    let path = fixture(expected);
    if std::env::var_os("CHARTER_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap_or_default();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        got,
        want,
        "{} differs from {}",
        saved.display(),
        path.display()
    );
}

#[test]
fn every_action_of_the_document_view_writes_the_toml_expected() {
    if !tools() {
        return;
    }
    let dir = project();
    let demo = dir.path().join("charters/orgs/demo");
    std::fs::create_dir_all(&demo).unwrap_or_default();
    std::fs::write(
        demo.join("org.toml"),
        "name = \"示例考勤中心\"\nshort_name = \"中心\"\n",
    )
    .unwrap_or_default();
    std::fs::copy(fixture("rules.toml"), demo.join("rules.toml")).unwrap_or_default();
    let server = Server::start(dir.path());
    let browser = Browser::start();
    open(&browser, &server, "orgs/demo/rules.toml");

    // A variable shows as a chip named in words.
    let chip = browser.js(
        "return document.querySelector(arguments[0] + ' .chip').textContent;",
        json!([node_text("general.scope")]),
    );
    assert_eq!(chip, json!("简称"));

    outline_action(&browser, "general.aim", "add-after");
    type_field(&browser, &node_text("general.c1"), "考勤记录由办公室保管。");
    outline_action(&browser, "leave.apply", "move-up");
    outline_action(&browser, "general.scope", "delete");
    outline_action(&browser, "leave", "add-child");
    type_field(&browser, &node_text("leave.c1"), "销假时应当向办公室报告。");
    outline_action(&browser, "leave.c1", "add-before");
    type_field(&browser, &node_text("leave.c2"), "请假期满应当按时返岗。");
    // The table: a row after 病假, its cells typed, a column, a merged header.
    let table_node = "leave.kinds";
    table_action(&browser, table_node, &cell(table_node, 2, 1), "add-row");
    type_field(&browser, &cell(table_node, 3, 0), "事假");
    type_field(&browser, &cell(table_node, 3, 1), "按需");
    table_action(&browser, table_node, &cell(table_node, 3, 1), "add-column");
    table_action(&browser, table_node, &cell(table_node, 0, 1), "merge-right");
    browser.screenshot(&shots().join("document-view.png"));
    // A step too far, undone.
    outline_action(&browser, "general.aim", "delete");
    click(&browser, "[data-action=undo]");
    settled(&browser);
    assert_eq!(
        browser.js(
            "return document.querySelector(arguments[0]) !== null;",
            json!([node_text("general.aim")])
        ),
        json!(true),
        "undo brings the article back"
    );
    save(&browser);
    compare(&demo.join("rules.toml"), "rules-after.toml");
    // The comment written beside an article is still there.
    let saved = std::fs::read_to_string(demo.join("rules.toml")).unwrap_or_default();
    assert!(saved.contains("# 表格见上条"), "{saved}");
    // And the charter checks.
    let check = common::run_in(dir.path(), &["check", "charters/orgs/demo"]);
    assert_eq!(check.status.code(), Some(0), "{}", common::stderr(&check));
}

#[test]
fn the_models_nodes_are_changed_here_and_reverted() {
    if !tools() {
        return;
    }
    let dir = project();
    let server = Server::start(dir.path());
    let browser = Browser::start();
    let path = "orgs/qingshan/service-commitment.toml";
    open(&browser, &server, path);
    // Inherited nodes say so; the one qingshan changed can go back.
    let badge = browser.js(
        "return document.querySelector('#docview [data-node=\"principles.fair\"] .badge').textContent;",
        json!([]),
    );
    assert_eq!(badge, json!("范本"));
    outline_action(&browser, "channels.online", "revert");
    type_field(
        &browser,
        &node_text("principles.fair"),
        "对所有服务对象一视同仁，尊重其人格和隐私。",
    );
    outline_action(&browser, "principles.open", "move-down");
    outline_action(&browser, "principles.efficient", "add-after");
    type_field(
        &browser,
        &node_text("principles.c1"),
        "及时回应服务对象的合理诉求。",
    );
    outline_action(&browser, "content.groupwork", "delete");
    browser.screenshot(&shots().join("document-view-model.png"));
    save(&browser);
    compare(
        &dir.path().join("charters").join(path),
        "qingshan-after.toml",
    );
    let check = common::run_in(dir.path(), &["check", "charters/orgs/qingshan"]);
    assert_eq!(check.status.code(), Some(0), "{}", common::stderr(&check));
}

#[test]
fn organisations_are_made_and_files_imported_from_the_home_page() {
    if !tools() {
        return;
    }
    let dir = project();
    let server = Server::start(dir.path());
    let browser = Browser::start();
    for (kind, name, folder) in [
        ("社会团体", "松林社区互助协会", "orgs/songlin-xh"),
        ("基金会", "松林公益基金会", "orgs/songlin-jjh"),
        ("社会服务机构", "松林社区服务中心", "orgs/songlin-fw"),
    ] {
        browser.go(&format!("{}/", server.url));
        browser.wait_for(
            "return document.getElementById('org-name') !== null;",
            "the home page",
            WAIT,
        );
        browser.js(
            "document.getElementById('org-name').value = arguments[0];
             document.getElementById('org-kind').value = arguments[1];
             document.getElementById('org-folder').value = arguments[2];",
            json!([name, kind, folder]),
        );
        let create = browser.element("[data-action=create-org]");
        browser.session_click(&create);
        browser.wait_for(
            "return document.querySelector('[data-role=open-new]') !== null;",
            "the new organisation",
            WAIT,
        );
        let org = dir.path().join("charters").join(folder);
        for file in ["org.toml", "articles.toml", "volume.toml", "finance.toml"] {
            assert!(org.join(file).is_file(), "{kind}: no {file}");
        }
        let org_toml = std::fs::read_to_string(org.join("org.toml")).unwrap_or_default();
        assert!(
            org_toml.contains(&format!("kind = \"{kind}\"")),
            "{org_toml}"
        );
        browser.screenshot(&shots().join(format!("new-{folder}.png").replace('/', "-")));
    }
    // A Word file imported: the report shows, the charter opens.
    let word = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdocs/docx03.docx");
    if let Ok(word) = word.canonicalize() {
        browser.go(&format!("{}/", server.url));
        browser.wait_for(
            "return document.getElementById('import-file') !== null;",
            "the home page",
            WAIT,
        );
        let input = browser.element("#import-file");
        browser.type_into(&input, &word.to_string_lossy());
        let button = browser.element("[data-action=import]");
        browser.session_click(&button);
        let report = browser.wait_for(
            "const r = document.querySelector('[data-role=import-report]'); return r && !r.hidden ? r.textContent : null;",
            "the import report",
            WAIT,
        );
        assert!(
            report.as_str().is_some_and(|r| r.contains("docx03")),
            "{report}"
        );
        browser.screenshot(&shots().join("import.png"));
        let link = browser.element("[data-role=open-imported]");
        browser.session_click(&link);
        browser.wait_for(
            "return document.querySelectorAll('[data-role=outline] [data-node]').length > 10;",
            "the imported charter",
            WAIT,
        );
    }
}

#[test]
fn the_editor_by_keyboard_alone_and_at_800_px() {
    if !tools() {
        return;
    }
    let dir = project();
    let server = Server::start(dir.path());
    let browser = Browser::start();
    open(&browser, &server, "orgs/qingshan/service-commitment.toml");
    // Tab from the top reaches the outline's buttons, the document's fields
    // and the diagnostics, each showing where the focus is.
    browser.js(
        "document.activeElement && document.activeElement.blur(); document.body.focus();",
        json!([]),
    );
    let mut reached = std::collections::BTreeSet::new();
    for _ in 0..60 {
        browser.press(TAB);
        let here: Value = browser.js(
            "const e = document.activeElement;
             const zone = e.closest('#docview') ? 'document' : e.closest('[data-role=outline]') ? 'outline'
               : e.closest('[data-role=diagnostics]') ? 'diagnostics' : e.tagName;
             return [zone, getComputedStyle(e).outlineStyle];",
            json!([]),
        );
        reached.insert(here[0].as_str().unwrap_or_default().to_string());
    }
    for zone in ["outline", "document"] {
        assert!(
            reached.contains(zone),
            "Tab never reached the {zone}: {reached:?}"
        );
    }
    // In the source, Tab indents; Esc then Tab leaves.
    let tab = browser.element("#tab-source");
    browser.session_click(&tab);
    browser.js("document.getElementById('source').focus();", json!([]));
    browser.press(&format!("{ESCAPE}{TAB}"));
    let left = browser.js("return document.activeElement.id;", json!([]));
    assert_ne!(left, json!("source"), "Esc, Tab leaves the source");
    // 800 px: nothing cut off, the preview still shown.
    browser.resize(800, 900);
    let widths = browser.wait_for(
        "const p = document.querySelector('[data-role=preview] img.page');
         return p && p.getBoundingClientRect().width > 0 ? [document.documentElement.scrollWidth, window.innerWidth, p.getBoundingClientRect().right] : null;",
        "the preview at 800 px",
        WAIT,
    );
    let (scroll, inner, right) = (
        widths[0].as_f64().unwrap_or(0.0),
        widths[1].as_f64().unwrap_or(0.0),
        widths[2].as_f64().unwrap_or(0.0),
    );
    assert!(
        scroll <= inner + 1.0,
        "the page scrolls sideways at 800 px: {widths}"
    );
    assert!(
        right <= inner + 1.0,
        "the preview is cut off at 800 px: {widths}"
    );
    browser.screenshot(&shots().join("editor-800.png"));
}

#[test]
fn drafting_notes_show_beside_their_node_and_in_the_problems() {
    if !tools() {
        return;
    }
    let dir = project();
    let demo = dir.path().join("charters/orgs/notes");
    std::fs::create_dir_all(&demo).unwrap_or_default();
    std::fs::write(demo.join("org.toml"), "name = \"示例服务中心\"\n").unwrap_or_default();
    std::fs::write(
        demo.join("rules.toml"),
        "[charter]\nid = \"rules\"\ntitle = \"服务制度\"\nnote = \"全文按本中心实际修改。\"\n\n\
         [[section]]\nid = \"general\"\ntitle = \"总则\"\n\n  [[section.clause]]\n  id = \"scope\"\n  \
         text = \"本制度适用于【待填写】。\"\n  note = [\"写明适用的部门。\", \"不少于两个部门。\"]\n",
    )
    .unwrap_or_default();
    let server = Server::start(dir.path());
    let browser = Browser::start();
    open(&browser, &server, "orgs/notes/rules.toml");
    let notes = browser.js(
        "return [...document.querySelectorAll('[data-node=\"general.scope\"] > [data-role=drafting-note]')].map(n => n.textContent);",
        json!([]),
    );
    assert_eq!(
        notes,
        json!(["【说明】写明适用的部门。", "【说明】不少于两个部门。"]),
        "the clause's notes beside it"
    );
    // Not in the editable text: a note never becomes part of the clause.
    let text = browser.js(
        "return document.querySelector(arguments[0]).textContent;",
        json!([node_text("general.scope")]),
    );
    assert!(text.as_str().is_some_and(|t| !t.contains("写明")), "{text}");
    // The problems list names each note 说明 and the blank 警告.
    let problems = browser.wait_for(
        "const items = [...document.querySelectorAll('[data-role=diagnostics] li')].map(li => li.textContent).join('\\n');
         return items.includes('不少于两个部门') ? items : null;",
        "the notes in the problems list",
        WAIT,
    );
    let problems = problems.as_str().unwrap_or_default().to_string();
    assert!(problems.contains("说明"), "{problems}");
    assert!(problems.contains("全文按本中心实际修改。"), "{problems}");
    assert!(problems.contains("警告"), "{problems}");
    browser.screenshot(&shots().join("drafting-notes.png"));
}
