//! Valid charters resolve as the spec says: variables from the nearest
//! org.toml, labels per scheme, articles counted across chapters, ref()
//! showing the current label.

mod common;
use common::*;

use serde_json::Value;

/// Builds JSON for the files in a scratch folder and returns the document
/// written to `out/<org-folder>/<name>`, whatever the org folder is called.
fn build_json(files: &[(&str, &str)], name: &str) -> Value {
    let dir = scratch(files);
    let output = run_in(dir.path(), &["build", ".", "--format", "json", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found: Vec<_> = walk_files(&dir.path().join("out"))
        .into_iter()
        .filter(|p| p.ends_with(name))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{name} among {found:?}\n{}",
        stderr(&output)
    );
    let text = std::fs::read_to_string(&found[0]).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn nodes(doc: &Value) -> Vec<Value> {
    fn walk(nodes: &Value, out: &mut Vec<Value>) {
        for node in nodes.as_array().into_iter().flatten() {
            out.push(node.clone());
            walk(&node["children"], out);
        }
    }
    let mut out = Vec::new();
    walk(&doc["sections"], &mut out);
    out
}

fn node<'a>(all: &'a [Value], path: &str) -> &'a Value {
    all.iter()
        .find(|n| n["path"] == path)
        .unwrap_or_else(|| panic!("no node {path}"))
}

/// The spec's own example, as a new user would write it from the brief.
const SPEC_EXAMPLE: &str = r#"
[charter]
id = "service-commitment"
title = "服务承诺制度"
number = "{{ org.code }}-ZD-2025-004"
numbering = "gbt9704"
preamble = """为进一步规范{{ org.name }}（以下简称“{{ org.short_name }}”）的服务承诺工作，制定本制度。"""

[vars]
complaint_hours = "工作日 9:00—17:00"

[layout]
template = "formal"
cover = true
header = true
page_number = "dash"
signature = true

[[section]]
id = "general"
title = "总体要求"
text = "坚持公益性。"

[[section]]
id = "principles"
title = "服务原则"

  [[section.clause]]
  id = "fair"
  heading = "公平公正。"
  text = "一视同仁。"

  [[section.clause]]
  id = "efficient"
  heading = "务实高效。"
  text = "参照{{ ref('supervision.hotline') }}办理。"

    [[section.clause.item]]
    text = "当场办结。"

      [[section.clause.item.point]]
      text = "不让群众多跑。"

[[section]]
id = "supervision"
title = "监督"

  [[section.clause]]
  id = "hotline"
  text = "投诉时间{{ vars.complaint_hours }}，电话{{ org.phone }}。"

[approval]
body = "理事会"
term = 2
session = 4
date = 2025-03-01
effective = "upon-approval"

[[revision]]
version = "1.0"
date = 2021-06-18
term = 1
session = 5
summary = "制定"

[[revision]]
version = "2.0"
date = 2025-03-01
term = 2
session = 4
summary = "修订服务方式和违诺处理"

[[appendix]]
id = "satisfaction"
kind = "questionnaire"
title = "服务对象满意度调查问卷"
intro = """亲爱的伙伴，您好！感谢您参加{{ org.name }}组织的活动。"""
scale = ["很满意", "满意", "一般", "不满意", "很不满意"]
respondent = ["活动名称", "日期"]

  [[appendix.question]]
  id = "overall"
  text = "您对本场活动总体满意吗？"

  [[appendix.question]]
  id = "gains"
  kind = "open"
  text = "通过本次活动，您有哪些收获？"
  lines = 3

[[appendix]]
id = "feedback"
kind = "form"
title = "服务意见反馈表"

  [[appendix.field]]
  label = "姓名"

  [[appendix.field]]
  label = "意见或建议"
  lines = 6
"#;

const ORG_TOML: &str = "name = \"示例社会工作服务中心\"\nshort_name = \"中心\"\ncode = \"SLSW\"\nphone = \"010-5555-0199\"\n";

#[test]
fn the_spec_example_resolves() {
    // org.toml one folder up: found by walking up from the charter's folder.
    let doc = build_json(
        &[
            ("orgs/org.toml", ORG_TOML),
            ("orgs/example/rules.toml", SPEC_EXAMPLE),
        ],
        "orgs/service-commitment.json",
    );
    assert_eq!(doc["number"], "SLSW-ZD-2025-004");
    assert_eq!(
        doc["preamble"][0],
        "为进一步规范示例社会工作服务中心（以下简称“中心”）的服务承诺工作，制定本制度。"
    );
    let all = nodes(&doc);
    let labels: Vec<&str> = all
        .iter()
        .map(|n| n["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        labels,
        [
            "一、",
            "二、",
            "（一）",
            "（二）",
            "1.",
            "（1）",
            "三、",
            "（一）"
        ]
    );
    assert_eq!(
        node(&all, "principles.efficient")["text"][0],
        "参照（一）办理。"
    );
    assert_eq!(
        node(&all, "supervision.hotline")["text"][0],
        "投诉时间工作日 9:00—17:00，电话010-5555-0199。"
    );
    assert_eq!(
        doc["closing"]["statement"],
        "本制度经示例社会工作服务中心第二届理事会第四次会议审议通过，自审议通过之日起施行。"
    );
    assert_eq!(
        doc["closing"]["appendix_list"][0],
        "1. 服务对象满意度调查问卷"
    );
    assert_eq!(doc["closing"]["appendix_list"][1], "2. 服务意见反馈表");
    assert_eq!(doc["closing"]["signature"]["date"], "2025年3月1日");
    assert_eq!(doc["appendices"][0]["label"], "附件1");
    assert_eq!(doc["appendices"][0]["questions"][1]["kind"], "open");
    assert_eq!(doc["revisions"].as_array().map(Vec::len), Some(2));
}

#[test]
fn approval_is_taken_from_the_last_revision_when_omitted() {
    let text = SPEC_EXAMPLE.replace("[approval]\nbody = \"理事会\"\nterm = 2\nsession = 4\ndate = 2025-03-01\neffective = \"upon-approval\"\n", "");
    let doc = build_json(
        &[("org.toml", ORG_TOML), ("rules.toml", &text)],
        "service-commitment.json",
    );
    assert_eq!(doc["approval"]["term"], 2);
    assert_eq!(doc["approval"]["session"], 4);
    assert_eq!(doc["approval"]["date"], "2025-03-01");
}

#[test]
fn approval_under_the_title_is_a_bracketed_note() {
    let text = SPEC_EXAMPLE.replace(
        "page_number = \"dash\"",
        "page_number = \"dash\"\napproval = \"title\"",
    );
    assert_ne!(text, SPEC_EXAMPLE);
    let doc = build_json(
        &[("org.toml", ORG_TOML), ("rules.toml", &text)],
        "service-commitment.json",
    );
    assert_eq!(doc["layout"]["approval"], "title");
    assert_eq!(
        doc["title_note"],
        "（2025年3月1日第二届理事会第四次会议审议通过）"
    );
    assert!(
        doc["closing"].get("statement").is_none(),
        "{}",
        doc["closing"]
    );
    assert_eq!(doc["approval"]["statement"], doc["title_note"]);
}

#[test]
fn an_unknown_approval_place_is_reported_with_the_choices() {
    let text = SPEC_EXAMPLE.replace(
        "page_number = \"dash\"",
        "page_number = \"dash\"\napproval = \"top\"",
    );
    let (code, err) = check(&[("org.toml", ORG_TOML), ("rules.toml", &text)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("unknown approval \"top\""), "{err}");
    assert!(
        err.contains("\"closing\"") && err.contains("\"title\""),
        "{err}"
    );
}

/// A 章程 with `n` articles in chapter one and the rest in chapter two.
fn articles(first_chapter: usize, second_chapter: usize, insert_early: bool) -> String {
    let mut text = String::from(
        "[charter]\nid = \"zc\"\ntitle = \"{{ org.name }}章程\"\nnumbering = \"articles\"\n\n[[section]]\nid = \"general\"\ntitle = \"总则\"\n",
    );
    if insert_early {
        text.push_str("\n  [[section.clause]]\n  id = \"inserted\"\n  text = \"新增条款。\"\n");
    }
    for i in 0..first_chapter {
        text.push_str(&format!(
            "\n  [[section.clause]]\n  id = \"a{i}\"\n  text = \"第一章条款{i}。\"\n"
        ));
    }
    text.push_str("\n[[section]]\nid = \"board\"\ntitle = \"理事会\"\n");
    for i in 0..second_chapter {
        text.push_str(&format!(
            "\n  [[section.clause]]\n  id = \"b{i}\"\n  text = \"第二章条款{i}。\"\n"
        ));
    }
    text.push_str("\n  [[section.clause]]\n  id = \"cross\"\n  text = \"依照{{ ref('board.b0') }}和{{ ref('general') }}执行。\"\n");
    text
}

#[test]
fn articles_count_across_chapters_and_refs_follow_insertions() {
    let doc = build_json(
        &[("org.toml", ORG_TOML), ("zc.toml", &articles(20, 3, false))],
        "zc.json",
    );
    let all = nodes(&doc);
    assert_eq!(node(&all, "general")["label"], "第一章");
    assert_eq!(node(&all, "board")["label"], "第二章");
    assert_eq!(node(&all, "board.b0")["label"], "第二十一条");
    assert_eq!(
        node(&all, "board.cross")["text"][0],
        "依照第二十一条和第一章执行。"
    );

    // One article inserted earlier: everything after it moves up, and so does the reference.
    let doc = build_json(
        &[("org.toml", ORG_TOML), ("zc.toml", &articles(20, 3, true))],
        "zc.json",
    );
    let all = nodes(&doc);
    assert_eq!(node(&all, "board.b0")["label"], "第二十二条");
    assert_eq!(
        node(&all, "board.cross")["text"][0],
        "依照第二十二条和第一章执行。"
    );
    let refs = &node(&all, "board.cross")["refs"];
    assert_eq!(refs[0]["target"], "board.b0");
    assert_eq!(refs[0]["start"], 2);
    assert_eq!(refs[0]["end"], 7);
}

#[test]
fn arabic_and_custom_schemes() {
    let text = SPEC_EXAMPLE.replace("numbering = \"gbt9704\"", "numbering = \"arabic\"");
    let doc = build_json(
        &[("org.toml", ORG_TOML), ("rules.toml", &text)],
        "service-commitment.json",
    );
    let labels: Vec<String> = nodes(&doc)
        .iter()
        .map(|n| n["label"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        labels,
        ["1、", "2、", "（1）", "（2）", "①", "a.", "3、", "（1）"]
    );

    let text = SPEC_EXAMPLE.replace(
        "numbering = \"gbt9704\"",
        "numbering = { levels = [\"第{zh}部分\", \"{n}.\", \"({n})\", \"{alpha})\"], continuous = [false, true] }",
    );
    let doc = build_json(
        &[("org.toml", ORG_TOML), ("rules.toml", &text)],
        "service-commitment.json",
    );
    let labels: Vec<String> = nodes(&doc)
        .iter()
        .map(|n| n["label"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        labels,
        [
            "第一部分",
            "第二部分",
            "1.",
            "2.",
            "(1)",
            "a)",
            "第三部分",
            "3."
        ]
    );
}

#[test]
fn org_variables_rise_in_priority() {
    let dir = scratch(&[
        (
            "orgs/org.toml",
            "name = \"远方中心\"\nshort_name = \"远方\"\n",
        ),
        (
            "orgs/a/org.toml",
            "name = \"近处中心\"\nshort_name = \"近处\"\nphone = \"1\"\n",
        ),
        (
            "orgs/a/rules.toml",
            &SPEC_EXAMPLE.replace("[vars]", "[org]\nphone = \"2\"\n\n[vars]"),
        ),
        ("override.toml", "code = \"OVR\"\n"),
    ]);
    let output = run_in(
        dir.path(),
        &[
            "build",
            "orgs",
            "--format",
            "json",
            "--org",
            "override.toml",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("out/a/service-commitment.json"))
        .unwrap_or_default();
    let doc: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    assert_eq!(
        doc["org"]["name"], "近处中心",
        "nearest org.toml wins over one further up"
    );
    assert_eq!(
        doc["org"]["phone"], "2",
        "[org] in the charter wins over org.toml"
    );
    assert_eq!(doc["number"], "OVR-ZD-2025-004", "--org wins over both");
}

#[test]
fn merge_by_id_with_after_before_and_remove() {
    let model = SPEC_EXAMPLE.replace(
        "id = \"service-commitment\"",
        "id = \"service-commitment\"\nmodel = true",
    );
    let child = r#"
[charter]
id = "service-commitment"
extends = "../../models/m.toml"
remove = ["principles.fair", "appendix.feedback"]

[[section]]
id = "principles"
title = "服务原则（修订）"

  [[section.clause]]
  id = "new-first"
  before = "efficient"
  text = "新增在前。"

  [[section.clause]]
  id = "efficient"
  text = "改写的正文。"

[[section]]
id = "extra"
after = "general"
title = "新增部分"
text = "插入到总体要求之后。"
"#;
    let doc = build_json(
        &[
            ("org.toml", ORG_TOML),
            ("models/m.toml", &model),
            ("orgs/a/rules.toml", child),
        ],
        "service-commitment.json",
    );
    let all = nodes(&doc);
    let paths: Vec<&str> = all
        .iter()
        .map(|n| n["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        paths,
        [
            "general",
            "extra",
            "principles",
            "principles.new-first",
            "principles.efficient",
            "principles.efficient.#1",
            "principles.efficient.#1.#1",
            "supervision",
            "supervision.hotline"
        ]
    );
    assert_eq!(node(&all, "principles")["heading"], "服务原则（修订）");
    assert_eq!(
        node(&all, "principles.efficient")["heading"],
        "务实高效。",
        "fields the child does not set are inherited"
    );
    assert_eq!(
        node(&all, "principles.efficient")["text"][0],
        "改写的正文。"
    );
    assert_eq!(node(&all, "extra")["label"], "二、");
    assert_eq!(doc["appendices"].as_array().map(Vec::len), Some(1));
}

#[test]
fn examples_build_one_json_per_charter() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let output = run_in(
        &root(),
        &[
            "build",
            "--format",
            "json",
            "-o",
            out.to_str().unwrap_or(""),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut built: Vec<String> = walk_files(&out)
        .iter()
        .filter(|p| !p.ends_with(".charter-manifest.json"))
        .map(|p| p.strip_prefix(&out).unwrap_or(p).display().to_string())
        .collect();
    built.sort();
    assert_eq!(
        built,
        [
            "hexi/service-commitment.json",
            "lanting/service-commitment.json",
            "luzhou/constitution.json",
            "qingshan/articles.json",
            "qingshan/service-commitment.json"
        ]
    );
    let check = run_in(&root(), &["check", "charters/"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn same_input_same_bytes() {
    let dir = scratch(&[("org.toml", ORG_TOML), ("rules.toml", SPEC_EXAMPLE)]);
    let first = run_in(dir.path(), &["build", ".", "--format", "json", "-o", "one"]);
    let second = run_in(dir.path(), &["build", ".", "--format", "json", "-o", "two"]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(second.status.code(), Some(0));
    let name = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let a = std::fs::read(
        dir.path()
            .join("one")
            .join(&name)
            .join("service-commitment.json"),
    )
    .unwrap_or_default();
    let b = std::fs::read(
        dir.path()
            .join("two")
            .join(&name)
            .join("service-commitment.json"),
    )
    .unwrap_or_default();
    assert!(!a.is_empty());
    assert_eq!(a, b);
}
