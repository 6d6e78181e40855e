//! Every kind of bad input gets exit status 1 and its own message with
//! path:line:col, the offending line and a hint.

mod common;
use common::*;

/// Asserts the report names `file:line:`, shows `line_text`, and says `message` and `hint`.
fn assert_reported(out: &str, location: &str, line_text: &str, message: &str, hint: &str) {
    assert!(
        out.contains(location),
        "no location {location:?} in:\n{out}"
    );
    assert!(
        out.contains(line_text),
        "line {line_text:?} not shown in:\n{out}"
    );
    assert!(out.contains(message), "no message {message:?} in:\n{out}");
    assert!(out.contains(hint), "no hint {hint:?} in:\n{out}");
}

#[test]
fn malformed_toml() {
    let text = "[charter]\nid = \"x\"\ntitle = \"服务承诺制度\n";
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:3:",
        "title = \"服务承诺制度",
        "malformed TOML",
        "help:",
    );
}

#[test]
fn missing_extends_file() {
    let text = "[charter]\nid = \"x\"\nextends = \"models/nothing.toml\"\n";
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:3:11",
        "extends = \"models/nothing.toml\"",
        "file not found",
        "relative to the file",
    );
}

#[test]
fn missing_path_on_the_command_line() {
    let dir = scratch(&[]);
    let output = run_in(dir.path(), &["check", "nowhere.toml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no such file or folder: nowhere.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn cycle_in_extends_names_the_files() {
    let a = "[charter]\nid = \"a\"\nmodel = true\nextends = \"b.toml\"\n";
    let b = "[charter]\nid = \"b\"\nmodel = true\nextends = \"a.toml\"\n";
    let c = "[charter]\nid = \"c\"\nextends = \"a.toml\"\n";
    let (status, out) = check(&[
        ("org.toml", ORG),
        ("a.toml", a),
        ("b.toml", b),
        ("c.toml", c),
    ]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("cycle in extends:"), "{out}");
    assert!(out.contains("a.toml → ") && out.contains("b.toml"), "{out}");
    assert!(out.contains("help:"), "{out}");
}

#[test]
fn unknown_numbering_scheme() {
    let text = valid_charter().replace(
        "title = \"服务承诺制度\"",
        "title = \"服务承诺制度\"\nnumbering = \"gbt9407\"",
    );
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:4:13",
        "numbering = \"gbt9407\"",
        "unknown numbering scheme \"gbt9407\"",
        "did you mean \"gbt9704\"?",
    );
}

#[test]
fn duplicate_id() {
    let text = valid_charter().replace(
        "id = \"scope\"",
        "id = \"scope\"\n  text = \"一\"\n\n  [[section.clause]]\n  id = \"scope\"",
    );
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:15:8",
        "id = \"scope\"",
        "duplicate id \"scope\" among clauses",
        "unique among siblings",
    );
}

#[test]
fn reference_to_a_missing_node() {
    let text = valid_charter().replace(
        "本制度适用于全体工作人员。",
        "参照{{ ref('general.scop') }}办理。",
    );
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:12:16",
        "ref('general.scop')",
        "ref(\"general.scop\"): no node has this path",
        "did you mean \"general.scope\"?",
    );
}

#[test]
fn undefined_variable() {
    let text = valid_charter().replace("本制度适用于全体工作人员。", "电子邮箱{{ org.email }}。");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:12:18",
        "{{ org.email }}",
        "undefined variable \"org.email\"",
        "set email = \"…\" in the organisation's org.toml",
    );
}

#[test]
fn undefined_variable_is_never_an_empty_string() {
    let text = valid_charter().replace("本制度适用于全体工作人员。", "{{ vars.hours }}");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("add hours = \"…\" under [vars]"), "{out}");
}

#[test]
fn revision_disagrees_with_approval() {
    let text = format!(
        "{}\n[[revision]]\nversion = \"1.0\"\ndate = 2025-03-01\nterm = 2\nsession = 3\n",
        valid_charter()
    );
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:24:11",
        "session = 3",
        "disagrees with [approval]: session 3 vs 4",
        "make its session equal",
    );
}

#[test]
fn template_syntax_error() {
    let text = valid_charter().replace("本制度适用于全体工作人员。", "{{ org.name ");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:12:",
        "{{ org.name ",
        "template syntax error",
        "{{ org.name }}",
    );
}

#[test]
fn unknown_key_suggests_the_nearest_valid_key() {
    let text = valid_charter().replace("title = \"服务承诺制度\"", "titel = \"服务承诺制度\"");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:3:1",
        "titel = \"服务承诺制度\"",
        "unknown key \"titel\" in [charter]",
        "did you mean \"title\"?",
    );
}

#[test]
fn wrong_type_says_what_is_expected() {
    let text = valid_charter().replace("term = 2", "term = \"第二届\"");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:16:8",
        "term = \"第二届\"",
        "\"term\" in [approval] must be a whole number, found text",
        "write the number without quotes: term = 2",
    );
}

#[test]
fn impossible_date_says_what_is_expected() {
    let text = valid_charter().replace("date = 2025-03-01", "date = 2025-02-30");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:18:8",
        "date = 2025-02-30",
        "malformed TOML",
        "a date that exists",
    );
}

#[test]
fn three_mistakes_are_all_reported() {
    let text = valid_charter()
        .replace(
            "title = \"服务承诺制度\"",
            "titel = \"服务承诺制度\"\ntitle = \"服务承诺制度\"",
        )
        .replace("term = 2", "term = \"二\"")
        .replace("本制度适用于全体工作人员。", "{{ org.fax }}");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("unknown key \"titel\""), "{out}");
    assert!(
        out.contains("\"term\" in [approval] must be a whole number"),
        "{out}"
    );
    assert!(out.contains("undefined variable \"org.fax\""), "{out}");
    assert_eq!(out.matches("error:").count(), 3, "{out}");
}

#[test]
fn errors_in_several_charters_are_all_reported() {
    let a = valid_charter()
        .replace("titel", "title")
        .replace("title = \"服务承诺制度\"", "titel = \"x\"\ntitle = \"y\"");
    let b = valid_charter()
        .replace("id = \"rules\"", "id = \"other\"")
        .replace("{{ org.short_name }}", "{{ org.nickname }}");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &a), ("b.toml", &b)]);
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains("a.toml:3:1") && out.contains("b.toml:"),
        "{out}"
    );
}

#[test]
fn missing_organisation_name() {
    let (status, out) = check(&[("a.toml", &valid_charter())]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("no organisation name"), "{out}");
    assert!(out.contains("org.toml"), "{out}");
}

#[test]
fn key_under_the_wrong_table() {
    let text = valid_charter().replace("[approval]", "[approval]\npreamble = \"为规范……\"");
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("\"preamble\" belongs in [charter]"), "{out}");
}

#[test]
fn placement_after_an_unknown_sibling() {
    let model = valid_charter().replace("id = \"rules\"", "id = \"rules\"\nmodel = true");
    let child = "[charter]\nid = \"rules\"\nextends = \"m.toml\"\n\n[[section]]\nid = \"extra\"\nafter = \"generl\"\ntitle = \"新增\"\n";
    let (status, out) = check(&[("org.toml", ORG), ("m.toml", &model), ("a.toml", child)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:7:9",
        "after = \"generl\"",
        "no sibling with this id",
        "did you mean \"general\"?",
    );
}

#[test]
fn removing_a_node_the_model_does_not_have() {
    let model = valid_charter().replace("id = \"rules\"", "id = \"rules\"\nmodel = true");
    let child = "[charter]\nid = \"rules\"\nextends = \"m.toml\"\nremove = [\"general.scop\"]\n";
    let (status, out) = check(&[("org.toml", ORG), ("m.toml", &model), ("a.toml", child)]);
    assert_eq!(status, 1, "{out}");
    assert_reported(
        &out,
        "a.toml:4:11",
        "remove = [\"general.scop\"]",
        "no inherited node",
        "did you mean \"general.scope\"?",
    );
}

#[test]
fn circled_numbers_stop_at_twenty() {
    let mut text = valid_charter().replace(
        "title = \"服务承诺制度\"",
        "title = \"服务承诺制度\"\nnumbering = \"arabic\"",
    );
    text = text.replace(
        "[approval]",
        &format!(
            "{}\n[approval]",
            "    [[section.clause.item]]\n    text = \"一项\"\n".repeat(21)
        ),
    );
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains("\"{circled}\" has no label for number 21"),
        "{out}"
    );
    assert!(out.contains("circled numbers stop at ⑳"), "{out}");
}

#[test]
fn half_width_punctuation_is_a_warning_only() {
    let text = valid_charter().replace(
        "本制度适用于全体工作人员。",
        "本制度适用于全体工作人员(含志愿者),自发布之日起执行。",
    );
    let (status, out) = check(&[("org.toml", ORG), ("a.toml", &text)]);
    assert_eq!(status, 0, "{out}");
    assert!(
        out.contains("warning: half-width '(' in Chinese text"),
        "{out}"
    );
    assert!(out.contains("a.toml:12:23"), "{out}");
}
