//! No input makes the pipeline panic: arbitrary bytes, and arbitrary
//! valid-TOML shapes built from the format's own keys, go through
//! load → merge → render → number, and every diagnostic is rendered.
//! Regulation-like texts go through `import`, and what it writes resolves.
//!
//! `PROPTEST_CASES=20000 cargo test --release --test no_panic` for a long run.

use std::path::Path;

use charter::diag::Diagnostics;
use charter::discover::Job;
use charter::pipeline::{Outcome, Pipeline};
use proptest::prelude::*;
use toml::Value;

/// Writes `charter` to `dir/c.toml` and resolves it.
fn resolve(dir: &Path, charter: &[u8]) -> Result<(Pipeline, Diagnostics, Outcome), TestCaseError> {
    let path = dir.join("c.toml");
    std::fs::write(&path, charter).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let sandbox =
        charter::sandbox::Sandbox::new(dir).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let pipeline = Pipeline::new(None, &sandbox);
    let mut diags = Diagnostics::new();
    let outcome = pipeline.resolve(
        &Job {
            path,
            root: dir.to_path_buf(),
        },
        &mut diags,
    );
    Ok((pipeline, diags, outcome))
}

/// Runs one charter file (with an org.toml and optional model beside it).
fn run(charter: &[u8], model: Option<&str>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    std::fs::write(
        dir.path().join("org.toml"),
        "name = \"甲中心\"\nshort_name = \"甲\"\n",
    )
    .map_err(|e| TestCaseError::fail(e.to_string()))?;
    if let Some(model) = model {
        std::fs::write(dir.path().join("model.toml"), model)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
    let (pipeline, diags, outcome) = resolve(dir.path(), charter)?;
    // Rendering checks every span against its file.
    let _ = diags.render(&pipeline.sources);
    if let Outcome::Resolved(resolved) = outcome {
        let _ = serde_json::to_vec(&resolved.document);
        prop_assert!(!diags.has_errors());
    }
    Ok(())
}

const KEYS: &[&str] = &[
    "charter",
    "id",
    "title",
    "number",
    "numbering",
    "extends",
    "preamble",
    "model",
    "remove",
    "org",
    "name",
    "short_name",
    "phone",
    "vars",
    "layout",
    "template",
    "cover",
    "header",
    "page_number",
    "signature",
    "closing",
    "section",
    "clause",
    "item",
    "point",
    "heading",
    "text",
    "after",
    "before",
    "approval",
    "body",
    "term",
    "session",
    "date",
    "effective",
    "statement",
    "revision",
    "version",
    "summary",
    "appendix",
    "kind",
    "intro",
    "scale",
    "respondent",
    "question",
    "field",
    "label",
    "lines",
    "levels",
    "continuous",
    "extra",
    "titel",
];

const TEXTS: &[&str] = &[
    "服务承诺制度",
    "{{ org.name }}",
    "{{ org.short_name }}（以下简称）",
    "{{ ref('a') }}",
    "{{ ref('a.b') }}",
    "{{ ref('#1') }}",
    "{{",
    "}}",
    "{% if %}",
    "{{ approval.term | zh_num }}",
    "{{ approval.date | zh_date_upper }}",
    "{{ vars.x }}",
    "{{ 1/0 }}",
    "gbt9704",
    "articles",
    "arabic",
    "{zh}、",
    "{circled}",
    "{n}{zh}",
    "upon-approval",
    "questionnaire",
    "form",
    "open",
    "dash",
    "total",
    "model.toml",
    "c.toml",
    "a",
    "b",
    "a.b",
    "appendix.a",
    "2025-02-30",
    "2025-03-01",
    "",
    " ",
    "\n\n",
    "(,;)",
    "#set page(width: 1cm)",
    "\u{E000}x\u{E001}y",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(TEXTS).prop_map(|s| Value::String(s.to_string())),
        any::<String>().prop_map(Value::String),
        (-3i64..30).prop_map(Value::Integer),
        any::<i64>().prop_map(Value::Integer),
        any::<bool>().prop_map(Value::Boolean),
        (1900u16..2100, 1u8..13, 1u8..29).prop_map(|(y, m, d)| {
            format!("{y:04}-{m:02}-{d:02}")
                .parse::<toml::value::Datetime>()
                .map(Value::Datetime)
                .unwrap_or(Value::Boolean(true))
        }),
    ]
}

fn shape() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 200, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(KEYS).prop_map(str::to_string),
                inner,
                0..8
            )
            .prop_map(|m| Value::Table(m.into_iter().collect())),
        ]
    })
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::btree_map(
        prop::sample::select(KEYS).prop_map(str::to_string),
        shape(),
        0..8,
    )
    .prop_map(|m| toml::to_string(&Value::Table(m.into_iter().collect())).unwrap_or_default())
}

/// Texts that render: plain, with variables, filters and references that exist.
const GOOD_TEXTS: &[&str] = &[
    "服务承诺制度",
    "{{ org.name }}",
    "{{ org.short_name }}坚持公益性。",
    "参照{{ ref('a') }}办理。",
    "{{ approval.term | zh_num }}",
    "第一段\n\n第二段",
    "#set page(width: 1cm) $x^2$ ] *粗* <l> @r \\ //",
];

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        12 => prop::sample::select(GOOD_TEXTS).prop_map(|s| Value::String(s.to_string())),
        2 => prop::sample::select(TEXTS).prop_map(|s| Value::String(s.to_string())),
        1 => "[\\PC]{0,20}".prop_map(Value::String),
    ]
}

/// `key = value` with probability `p`.
fn maybe_p(
    p: f64,
    key: &'static str,
    value: impl Strategy<Value = Value>,
) -> impl Strategy<Value = Option<(String, Value)>> {
    prop::option::weighted(p, value.prop_map(move |v| (key.to_string(), v)))
}

fn maybe(
    key: &'static str,
    value: impl Strategy<Value = Value>,
) -> impl Strategy<Value = Option<(String, Value)>> {
    maybe_p(0.5, key, value)
}

fn table(entries: Vec<Option<(String, Value)>>) -> Value {
    Value::Table(entries.into_iter().flatten().collect())
}

const IDS: &[&str] = &["a", "b", "c", "d", "e", "f", "g", "general"];
const BAD_IDS: &[&str] = &["#1", "a b", ""];

fn id_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        40 => prop::sample::select(IDS).prop_map(|s| Value::String(s.to_string())),
        1 => prop::sample::select(BAD_IDS).prop_map(|s| Value::String(s.to_string())),
    ]
}

/// A node of `level` with its children, ids drawn from a small set so that
/// duplicates, placements and references collide often.
fn node(level: u32) -> BoxedStrategy<Value> {
    let id = id_value;
    let heading_key = if level == 1 { "title" } else { "heading" };
    let child_key = match level {
        1 => "clause",
        2 => "item",
        3 => "point",
        _ => "",
    };
    let children = if child_key.is_empty() {
        Just(None).boxed()
    } else {
        prop::option::of(
            prop::collection::vec(node(level + 1), 0..4)
                .prop_map(move |v| (child_key.to_string(), Value::Array(v))),
        )
        .boxed()
    };
    (
        maybe_p(0.8, "id", id()),
        maybe_p(0.9, heading_key, text()),
        maybe_p(0.7, "text", text()),
        maybe_p(0.05, "after", id()),
        children,
    )
        .prop_map(|(a, b, c, d, e)| table(vec![a, b, c, d, e]))
        .boxed()
}

/// Charters shaped like the format, so that many reach rendering and numbering.
fn structured() -> impl Strategy<Value = String> {
    let numbering = prop_oneof![
        prop::sample::select(&["gbt9704", "articles", "arabic", "gbt9704", "roman"][..])
            .prop_map(|s| Value::String(s.to_string())),
        prop::collection::vec(
            prop::sample::select(&["{zh}、", "{circled}", "{alpha}", "({n})", "x"][..])
                .prop_map(|s| Value::String(s.to_string())),
            0..5
        )
        .prop_map(|levels| table(vec![Some(("levels".into(), Value::Array(levels)))])),
    ];
    let charter = (
        maybe_p(0.95, "title", text()),
        maybe("numbering", numbering),
        maybe("preamble", text()),
        maybe("number", text()),
    )
        .prop_map(|(a, b, c, d)| {
            table(vec![
                Some(("id".into(), Value::String("x".into()))),
                a,
                b,
                c,
                d,
            ])
        });
    let count = || prop_oneof![9 => 1i64..4, 1 => -1i64..1].prop_map(Value::Integer);
    let date = || prop_oneof![4 => Just("2025-03-01".parse::<toml::value::Datetime>().map(Value::Datetime).unwrap_or(Value::Boolean(true))), 1 => leaf()];
    let approval = (
        maybe_p(0.9, "term", count()),
        maybe_p(0.9, "session", count()),
        maybe_p(0.9, "date", date()),
        maybe_p(0.2, "statement", text()),
    )
        .prop_map(|(a, b, c, d)| table(vec![a, b, c, d]));
    let revision = (
        maybe_p(0.9, "term", count()),
        maybe_p(0.9, "session", count()),
        maybe_p(0.9, "date", date()),
    )
        .prop_map(|(a, b, c)| table(vec![a, b, c]));
    let question = (
        maybe("text", text()),
        maybe(
            "kind",
            prop::sample::select(&["open", "rated"][..]).prop_map(|s| Value::String(s.into())),
        ),
    )
        .prop_map(|(a, b)| table(vec![a, b]));
    let appendix = (
        maybe_p(0.95, "id", id_value()),
        maybe(
            "kind",
            prop::sample::select(&["questionnaire", "form", "questionnaire", "form", "x"][..])
                .prop_map(|s| Value::String(s.into())),
        ),
        maybe("title", text()),
        maybe(
            "question",
            prop::collection::vec(question, 0..4).prop_map(Value::Array),
        ),
    )
        .prop_map(|(a, b, c, d)| table(vec![a, b, c, d]));
    (
        charter,
        prop::collection::vec(node(1), 0..5),
        prop::option::of(approval),
        prop::collection::vec(revision, 0..2),
        prop::collection::vec(appendix, 0..2),
    )
        .prop_map(|(charter, sections, approval, revisions, appendices)| {
            let mut top = toml::map::Map::new();
            top.insert("charter".into(), charter);
            top.insert("section".into(), Value::Array(sections));
            if let Some(approval) = approval {
                top.insert("approval".into(), approval);
            }
            if !revisions.is_empty() {
                top.insert("revision".into(), Value::Array(revisions));
            }
            top.insert("appendix".into(), Value::Array(appendices));
            toml::to_string(&Value::Table(top)).unwrap_or_default()
        })
}

/// Repairs a structured charter so that it is valid apart from its texts:
/// unique ids, titles, a complete approval, appendices with a kind and a question.
fn clean(text: &str) -> String {
    let Ok(Value::Table(mut top)) = text.parse::<toml::Table>().map(Value::Table) else {
        return text.to_string();
    };
    fn nodes(value: Option<&mut Value>, level: usize, prefix: &str) {
        let Some(Value::Array(items)) = value else {
            return;
        };
        for (i, item) in items.iter_mut().enumerate() {
            let Value::Table(node) = item else { continue };
            let id = if level == 1 {
                IDS.get(i).map(|s| s.to_string()).unwrap_or(format!("s{i}"))
            } else {
                format!("{prefix}n{i}")
            };
            node.insert("id".into(), Value::String(id.clone()));
            node.remove("after");
            if level == 1 && !node.contains_key("title") {
                node.insert("title".into(), Value::String("标题".into()));
            }
            let child = ["clause", "item", "point", ""][level - 1];
            nodes(node.get_mut(child), level + 1, &id);
        }
    }
    nodes(top.get_mut("section"), 1, "");
    let mut approval = toml::Table::new();
    approval.insert("term".into(), Value::Integer(2));
    approval.insert("session".into(), Value::Integer(4));
    approval.insert(
        "date".into(),
        "2025-03-01"
            .parse::<toml::value::Datetime>()
            .map(Value::Datetime)
            .unwrap_or(Value::Boolean(true)),
    );
    top.insert("approval".into(), Value::Table(approval));
    top.remove("revision");
    if let Some(Value::Array(appendices)) = top.get_mut("appendix") {
        for (i, appendix) in appendices.iter_mut().enumerate() {
            let Value::Table(a) = appendix else { continue };
            a.insert("id".into(), Value::String(format!("ap{i}")));
            a.insert("kind".into(), Value::String("questionnaire".into()));
            a.entry("title").or_insert(Value::String("问卷".into()));
            let mut question = toml::Table::new();
            question.insert("text".into(), Value::String("满意吗？".into()));
            a.insert(
                "question".into(),
                Value::Array(vec![Value::Table(question)]),
            );
        }
    }
    if let Some(Value::Table(charter)) = top.get_mut("charter") {
        charter
            .entry("title")
            .or_insert(Value::String("服务承诺制度".into()));
    }
    toml::to_string(&Value::Table(top)).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        run(&bytes, None)?;
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,400}") {
        run(text.as_bytes(), None)?;
    }

    #[test]
    fn structured_charters(charter in structured(), model in structured()) {
        run(charter.as_bytes(), None)?;
        run(clean(&charter).as_bytes(), None)?;
        let child = charter.replacen("id = \"x\"", "id = \"x\"\nextends = \"model.toml\"", 1);
        run(child.as_bytes(), Some(&model.replacen("id = \"x\"", "id = \"x\"\nmodel = true", 1)))?;
    }

    #[test]
    fn arbitrary_shapes(charter in document(), model in document()) {
        // Half the time the charter extends the generated model.
        run(charter.as_bytes(), Some(&model))?;
        let extended = format!("[charter]\nid = \"x\"\nextends = \"model.toml\"\n{}", charter.replace("[charter]", "[charter_]"));
        run(extended.as_bytes(), Some(&model))?;
    }
}

#[test]
fn the_examples_never_panic_when_truncated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read(root.join("charters/orgs/qingshan/service-commitment.toml"))
        .unwrap_or_default();
    let model = std::fs::read_to_string(root.join("charters/models/service-commitment.toml"))
        .unwrap_or_default();
    for cut in (0..text.len()).step_by(97) {
        let _ = run(&text[..cut], Some(&model));
    }
}

/// The structured strategy is not vacuous: a fair share of its charters get
/// through to the resolved document, so rendering and numbering are exercised.
#[test]
fn structured_charters_reach_the_renderer() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = structured();
    let (mut resolved, total) = (0, 300);
    for _ in 0..total {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let text = clean(&tree.current());
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            dir.path().join("org.toml"),
            "name = \"甲中心\"\nshort_name = \"甲\"\n",
        )
        .ok();
        let Ok((_, diags, outcome)) = resolve(dir.path(), text.as_bytes()) else {
            continue;
        };
        if let Outcome::Resolved(_) = outcome {
            resolved += 1;
        } else if std::env::var("DEBUG_FUZZ").is_ok() {
            for d in diags.list.iter().filter(|d| d.is_error()).take(1) {
                eprintln!("E {}", d.message);
            }
        }
    }
    eprintln!("structured charters resolved: {resolved} of {total}");
    assert!(resolved * 4 >= total, "only {resolved} of {total} resolved");
}

/// Lines a regulation, its debris and its cover notice are made of.
const REGULATION_LINES: &[&str] = &[
    "",
    "\t",
    "第一编 总则",
    "第一节 会员大会",
    "第二节  理事会（或常务理事会）",
    "第三章规定的事项，依照本章执行。",
    "| 类别 | 金额 |",
    "|:--|--:|",
    "| 个人 | 60 |",
    "| 单位 |",
    "类别\t对象\t金额",
    "个人\t在职\t60",
    "  类别      对象      金额",
    "            退休      30",
    "会费标准表",
    "发布部门 : 示范区民政局",
    "示范服务社",
    "示范服务社文件",
    "示发〔2024〕3号",
    "关于印发《示范服务社财务制度》的通知",
    "各部门：",
    "财务制度",
    "服务承诺制度",
    "（2024年3月8日第一届理事会第六次会议通过）",
    "本制度经2025年1月10日第二届理事会第三次会议审议通过，自通过之日起施行。",
    "本制度经示范服务社第二届理事会第四次会议审议通过",
    "示范服务社（以下简称“本社”）为规范服务，制定本制度。",
    "编号：SF-01",
    "示范服务社  编号：SF-01  第1页/共3页",
    "- 2 -",
    "第 3 页 共 9 页",
    "2025年3月1日",
    "第一章 总则",
    "第二章",
    "第一节 会员大会",
    "第一条 收支两条线。",
    "第二条 本制度经2025年1月10日第二届理事会第三次会议审议通过。",
    "第二十一条",
    "一、总则",
    "二、",
    "（一）公平公正。一视同仁。",
    "(二) 便民高效",
    "1. 咨询即时答复；",
    "2、",
    "（1）",
    "① 服务对象",
    "a. 其他",
    "监督电话：010-5555-0101，邮箱 a@b.example.org。",
    "附件：1. 服务对象满意度调查问卷 2. 服务意见反馈表",
    "附件1",
    "服务对象满意度调查问卷",
    "序号\t问题\t很满意\t满意\t一般\t不满意\t很不满意",
    "1\t您对服务满意吗？\t□\t□\t□\t□\t□",
    "您还有什么建议？",
    "## 二、服务",
    "**（一）守时。**按约定时间服务。",
    "[bookmark: _Toc1]三、监督",
    "这是一句被分页打断的很长的正文，接下来的内容在下一行",
    "继续写完。",
    "{{ x }} {% if %} \\ \"",
];

fn regulation() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(REGULATION_LINES).prop_map(str::to_string),
            1 => "\\PC{0,30}",
        ],
        0..40,
    )
    .prop_map(|lines| lines.join("\n"))
}

/// Imports `text`: an import that succeeds writes a charter that resolves
/// without errors (what `charter import` promises by running check).
fn import(text: &str, kind: charter::import::clean::InputKind) -> Result<(), TestCaseError> {
    let options = charter::import::Options {
        id: "imported".into(),
        source: "fuzz.txt".into(),
        org_inline: true,
    };
    let Some(imported) =
        charter::import::import_text(text, kind, &options, &mut Diagnostics::new())
    else {
        return Ok(());
    };
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let (pipeline, diags, outcome) = resolve(dir.path(), imported.charter.as_bytes())?;
    prop_assert!(
        matches!(outcome, Outcome::Resolved(_)),
        "{text}\n---\n{}\n---\n{}",
        imported.charter,
        diags.render(&pipeline.sources)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn imported_regulations(text in regulation()) {
        import(&text, charter::import::clean::InputKind::Text)?;
        import(&text, charter::import::clean::InputKind::Markdown)?;
    }

    #[test]
    fn any_bytes_decode_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(decoded) = charter::encoding::decode(&bytes) {
            let text = decoded.text;
            import(&text, charter::import::clean::InputKind::Text)?;
        }
    }
}

/// Pieces of hostile templates: loops, string building, filters that grow
/// their input, deep nesting, references, marks and controls.
const TEMPLATE_PIECES: &[&str] = &[
    "{{ ",
    " }}",
    "{% ",
    " %}",
    "for i in range(100000)",
    "for j in range(99999)",
    "endfor",
    "if true",
    "endif",
    "else",
    "set x = ",
    "namespace(s='x')",
    "macro m()",
    "endmacro",
    "org.name",
    "org.short_name",
    "'x'",
    "\"x\"",
    " ~ ",
    " * ",
    " ** ",
    " + ",
    "10**8",
    "1000000",
    "| replace('', org.name)",
    "| join(',')",
    "| upper",
    "| indent(100000)",
    "| format",
    "range(100000)",
    "ref('a')",
    "ref('a.b')",
    "ref('nope')",
    "(",
    ")",
    "[",
    "]",
    "loop.index",
    "lipsum(1000)",
    "debug()",
    "\u{e000}",
    "\u{e001}a\u{e002}",
    "{#",
    "#}",
    "{% raw %}",
    "{% endraw %}",
    "甲乙丙",
    "\\u0007",
    "caller()",
];

fn hostile_template() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TEMPLATE_PIECES), 0..24)
        .prop_map(|pieces| pieces.concat())
}

/// A valid charter whose clause text is `template`.
fn charter_with_text(template: &str) -> String {
    let text = toml::Value::String(template.to_string()).to_string();
    format!(
        "[charter]\nid = \"x\"\ntitle = \"制度\"\n\n[[section]]\nid = \"a\"\ntitle = \"总则\"\n\n  [[section.clause]]\n  id = \"b\"\n  text = {text}\n"
    )
}

/// A DOCX charter wrote for one of the examples, to mutate.
fn example_docx() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let charter = charter_with_text("{{ org.name }}应当{{ ref('a') }}。\n\n第二段。");
    std::fs::write(dir.path().join("org.toml"), "name = \"甲中心\"\n").ok();
    let Ok((_, _, Outcome::Resolved(resolved))) = resolve(dir.path(), charter.as_bytes()) else {
        panic!("the sample charter does not resolve");
    };
    let mut diags = Diagnostics::new();
    charter::backend::docx::render(
        &resolved.document,
        &charter::backend::layout::default_theme(),
        &mut diags,
    )
    .unwrap_or_else(|| panic!("{diags:?}"))
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Load → merge → render over hostile templates: every one ends (fuel,
    /// length caps, refused constructs) without a panic; one that resolves
    /// has no mark characters of ours left but those it wrote.
    #[test]
    fn hostile_templates_end_in_a_result_or_an_error(template in hostile_template()) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        std::fs::write(dir.path().join("org.toml"), "name = \"甲中心\"\n")
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (pipeline, diags, outcome) = resolve(dir.path(), charter_with_text(&template).as_bytes())?;
        let _ = diags.render(&pipeline.sources);
        if let Outcome::Resolved(resolved) = outcome {
            let node = resolved.document.find("a.b").cloned();
            let written = template.matches('\u{e000}').count();
            let printed: usize = node.iter().flat_map(|n| n.text.iter()).map(|t| t.matches('\u{e000}').count()).sum();
            prop_assert!(printed <= written * 100_000, "a mark appeared from nowhere");
            prop_assert!(node.iter().flat_map(|n| n.text.iter()).all(|t| t.len() <= 1024 * 1024));
        }
    }

    /// Import over damaged DOCX bytes: flipped bytes, truncations and
    /// garbage are read or refused, never a panic.
    #[test]
    fn damaged_docx_bytes_are_read_or_refused(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        static DOCX: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        let mut bytes = DOCX.get_or_init(example_docx).clone();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let _ = charter::import::read_docx_paragraphs(&bytes);
    }

    /// The same with the damage inside word/document.xml (re-zipped), so
    /// the XML reader, not the zip checksum, meets it.
    #[test]
    fn damaged_document_xml_is_read_or_refused(
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(XML_DAMAGE)), 1..8),
    ) {
        static DOCX: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        let original = DOCX.get_or_init(example_docx);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original.as_slice()))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let name = entry.name().to_string();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).map_err(|e| TestCaseError::fail(e.to_string()))?;
            if name == "word/document.xml" {
                for (at, damage) in &edits {
                    let i = at.index(data.len());
                    data.splice(i..i, damage.bytes());
                }
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            std::io::Write::write_all(&mut out, &data).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let bytes = out.finish().map_err(|e| TestCaseError::fail(e.to_string()))?.into_inner();
        let _ = charter::import::read_docx_paragraphs(&bytes);
    }
}

/// Damage spliced into document.xml.
const XML_DAMAGE: &[&str] = &[
    "<",
    ">",
    "</w:p>",
    "<w:p>",
    "<w:tbl><w:tr><w:tc>",
    "</w:tc></w:tr></w:tbl>",
    "&",
    "&#0;",
    "&#x1F;",
    "\"",
    "<w:numPr><w:ilvl w:val=\"99\"/><w:numId w:val=\"-1\"/></w:numPr>",
    "<w:gridSpan w:val=\"4294967295\"/>",
    "<w:vMerge/>",
    "\u{0}",
    "\u{feff}",
    "]]>",
    "<![CDATA[",
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>",
    "甲",
];
