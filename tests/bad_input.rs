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

// ---- The same mistakes reported in Chinese (issue 28, item 3) ----

/// How the language of a run is chosen.
#[derive(Clone, Copy, Debug)]
enum Asked {
    /// `charter --lang zh check .`, the locale English.
    Flag,
    /// `LANG=zh_CN.UTF-8 charter check .`
    Locale,
    /// `LANG=C charter check .`: English.
    English,
}

/// Runs `charter check .` (with `extra` arguments) in `dir` in the language
/// `asked`; returns (status, stderr).
fn check_in(dir: &std::path::Path, extra: &[&str], asked: Asked) -> (i32, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_charter"));
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    match asked {
        Asked::Flag => command.env("LANG", "C").args(["--lang", "zh"]),
        Asked::Locale => command.env("LANG", "zh_CN.UTF-8"),
        Asked::English => command.env("LANG", "C"),
    };
    let output = command
        .args(["check", "."])
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("cannot run charter: {e}"));
    (output.status.code().unwrap_or(-1), stderr(&output))
}

/// One bad input: its files (in a `project` folder, the working folder of
/// the run), extra arguments, where the mistake is and the line shown, and
/// what the English and the Chinese message and hint say.
struct Mistake {
    files: Vec<(&'static str, String)>,
    extra: &'static [&'static str],
    location: &'static str,
    line_text: &'static str,
    english: [&'static str; 2],
    chinese: [&'static str; 2],
}

fn mistakes() -> Vec<Mistake> {
    let charter = valid_charter();
    let with = |from: &str, to: &str| charter.replace(from, to);
    vec![
        Mistake {
            files: vec![(
                "a.toml",
                with(
                    "本制度适用于全体工作人员。",
                    "参照{{ ref('general.scop') }}办理。",
                ),
            )],
            extra: &[],
            location: "a.toml:12:16",
            line_text: "ref('general.scop')",
            english: [
                "error: ref(\"general.scop\"): no node has this path",
                "help: did you mean \"general.scope\"?",
            ],
            chinese: [
                "错误: ref(\"general.scop\")：没有这个路径的条目",
                "提示: 是不是“general.scope”？",
            ],
        },
        Mistake {
            files: vec![(
                "a.toml",
                with("本制度适用于全体工作人员。", "电子邮箱{{ org.email }}。"),
            )],
            extra: &[],
            location: "a.toml:12:18",
            line_text: "{{ org.email }}",
            english: [
                "error: undefined variable \"org.email\"",
                "help: set email = \"…\" in the organisation's org.toml",
            ],
            chinese: [
                "错误: 变量“org.email”没有定义",
                "提示: 在本组织的 org.toml 中写上 email = \"…\"",
            ],
        },
        Mistake {
            files: vec![(
                "a.toml",
                with(
                    "title = \"服务承诺制度\"",
                    "title = \"服务承诺制度\"\nnumbering = \"gbt9407\"",
                ),
            )],
            extra: &[],
            location: "a.toml:4:13",
            line_text: "numbering = \"gbt9407\"",
            english: [
                "error: unknown numbering scheme \"gbt9407\"",
                "help: did you mean \"gbt9704\"?",
            ],
            chinese: ["错误: 没有“gbt9407”这种编号方式", "提示: 是不是“gbt9704”？"],
        },
        Mistake {
            files: vec![(
                "a.toml",
                with(
                    "id = \"scope\"",
                    "id = \"scope\"\n  text = \"一\"\n\n  [[section.clause]]\n  id = \"scope\"",
                ),
            )],
            extra: &[],
            location: "a.toml:15:8",
            line_text: "id = \"scope\"",
            english: [
                "error: duplicate id \"scope\" among clauses",
                "help: ids must be unique among siblings; rename one of them",
            ],
            chinese: [
                "错误: 同一级的条中有重复的 id“scope”",
                "提示: 同一级中 id 不能重复；请给其中一个改名",
            ],
        },
        Mistake {
            files: vec![(
                "a.toml",
                with(
                    "  text = \"本制度适用于全体工作人员。\"",
                    "  text = \"本制度适用于全体工作人员。\"\n\n  [[section.table]]\n  rows = [[\"甲\", \"乙\"], [\"丙\", \"丁\"]]",
                ),
            )],
            extra: &["--limit", "cells=3"],
            location: "a.toml:14:3",
            line_text: "[[section.table]]",
            english: [
                "error: the charter's tables have more than 3 cells in all",
                "help: keep long lists (会员名单 …) in a file of their own; to allow more, run with --limit cells=6",
            ],
            chinese: [
                "错误: 这份制度的表格合计超过 3 个单元格",
                "提示: 很长的名单（会员名单等）请另外单独成文；如需放宽，运行时加上 --limit cells=6",
            ],
        },
        Mistake {
            files: vec![
                (
                    "a.toml",
                    with(
                        "id = \"rules\"",
                        "id = \"rules\"\nextends = \"../model.toml\"",
                    ),
                ),
                (
                    "../model.toml",
                    "[charter]\nid = \"m\"\nmodel = true\n".to_string(),
                ),
            ],
            extra: &[],
            location: "a.toml:3:11",
            line_text: "extends = \"../model.toml\"",
            english: [
                "is outside the project folder",
                "help: a path written in a charter, model, org file or template must stay inside the project folder",
            ],
            chinese: [
                "在项目文件夹",
                "提示: 制度、范本、org.toml 或版式模板中写的路径，必须在项目文件夹",
            ],
        },
    ]
}

#[test]
fn mistakes_are_reported_in_chinese_with_place_and_hint_when_asked() {
    for mistake in mistakes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let project = dir.path().join("project");
        let mut files = vec![("org.toml", ORG.to_string())];
        files.extend(mistake.files.iter().cloned());
        for (name, text) in &files {
            let path = project.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
            }
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
        }
        for asked in [Asked::Flag, Asked::Locale, Asked::English] {
            let (status, out) = check_in(&project, mistake.extra, asked);
            assert_eq!(status, 1, "{asked:?}: {out}");
            let [message, hint] = match asked {
                Asked::English => mistake.english,
                _ => mistake.chinese,
            };
            assert_reported(&out, mistake.location, mistake.line_text, message, hint);
            // The other language's words are not there.
            let [other, _] = match asked {
                Asked::English => mistake.chinese,
                _ => mistake.english,
            };
            assert!(!out.contains(other), "{asked:?}: {other:?} in:\n{out}");
        }
    }
}
