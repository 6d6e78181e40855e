//! Amendments as a board makes them (issue 29): `charter revise` keeps each
//! version beside the charter, `charter log` lists them, `FILE@VERSION`
//! names one, all without git; `charter diff --format amendment` writes the
//! 修正案 and `charter amend apply` applies it back, reproducing the new
//! version exactly.

mod common;
use common::*;

use std::path::{Path, PathBuf};

/// A copy of charters/ (models and organisations) in a folder that is not
/// a git repository.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&root().join("charters"), &dir.path().join("charters"));
    assert!(
        !dir.path().join(".git").exists(),
        "the scratch project is no repository"
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

fn charter(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = run_in(dir, args);
    (
        output.status.code().unwrap_or(-1),
        stdout(&output),
        stderr(&output),
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// `text` with `from` replaced by `to`, which must occur.
fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "not in the charter: {from}");
    text.replacen(from, to, 1)
}

/// The 修正案 from OLD to NEW, applied to OLD, gives NEW: `charter diff`
/// reports no difference. Returns the amendment's text.
fn round_trip(dir: &Path, old: &str, new: &str, extra: &[&str]) -> String {
    let (status, _, err) = charter(
        dir,
        &[
            "diff",
            old,
            new,
            "--format",
            "amendment",
            "-o",
            "amendment.txt",
        ],
    );
    assert_eq!(status, 1, "the versions differ: {err}");
    let amendment = read(&dir.join("amendment.txt"));
    let applied = Path::new(old)
        .parent()
        .unwrap_or(Path::new("."))
        .join("applied.toml");
    let applied = applied.to_string_lossy().to_string();
    let mut args = vec!["amend", "apply", old, "amendment.txt", "-o", &applied];
    args.extend_from_slice(extra);
    let (status, _, err) = charter(dir, &args);
    assert_eq!(status, 0, "amend apply failed:\n{amendment}\n{err}");
    let (status, out, err) = charter(dir, &["diff", &applied, new]);
    assert_eq!(
        status, 0,
        "the applied amendment differs from the new version:\n{amendment}\n{out}\n{err}"
    );
    amendment
}

const LUZHOU: &str = "charters/orgs/luzhou/constitution.toml";
const QINGSHAN: &str = "charters/orgs/qingshan/service-commitment.toml";
const HEXI: &str = "charters/orgs/hexi/service-commitment.toml";

/// A new version of the 章程 beside the old one, made by `edit`.
fn luzhou_version(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> String {
    let text = read(&dir.join(LUZHOU));
    let path = format!("charters/orgs/luzhou/{name}.toml");
    write(&dir.join(&path), &edit(&text));
    path
}

/// The article `id` (its block of lines) moved before the article `before`.
fn move_block(text: &str, id: &str, before: &str) -> String {
    let start_of = |t: &str, id: &str| {
        let at = t
            .find(&format!("  [[section.clause]]\n  id = \"{id}\""))
            .unwrap_or_else(|| panic!("no article {id}"));
        let end = t[at + 1..]
            .find("\n  [[section")
            .or_else(|| t[at + 1..].find("\n[[section"))
            .map_or(t.len(), |e| at + 2 + e);
        (at, end)
    };
    let (at, end) = start_of(text, id);
    let block = text[at..end].to_string();
    let mut rest = format!("{}{}", &text[..at], &text[end..]);
    let (target, _) = start_of(&rest, before);
    rest.insert_str(target, &block);
    rest
}

/// A change made to a charter's text.
type Edit = Box<dyn Fn(&str) -> String>;

const ADDRESS: &str =
    "  [[section.clause]]\n  id = \"address\"\n  text = \"本会的住所设在{{ org.address }}。\"\n";

#[test]
fn the_examples_history_round_trips() {
    let dir = project();
    let d = dir.path();
    // Version 1.0 of the qingshan 服务承诺制度 is kept in its history folder.
    let (status, out, err) = charter(d, &["log", QINGSHAN]);
    assert_eq!(status, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[1].starts_with("1.0") && lines[1].contains("2021-06-18"),
        "{out}"
    );
    assert!(lines[1].contains("第一届理事会第五次会议"), "{out}");
    assert!(
        lines[2].starts_with("2.0") && lines[2].contains("2025-03-01"),
        "{out}"
    );
    let old = format!("{QINGSHAN}@1.0");
    let (status, out, err) = charter(d, &["diff", &old, QINGSHAN, "--format", "json"]);
    assert_eq!(status, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(report["summary"]["modified"], 2, "{out}");
    // The 修正案 from 1.0 to 2.0, applied to a copy of 1.0, is 2.0.
    let v1 = "charters/orgs/qingshan/v1.toml";
    std::fs::copy(
        d.join("charters/orgs/qingshan/.history/service-commitment/1.0.toml"),
        d.join(v1),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let amendment = round_trip(
        d,
        v1,
        QINGSHAN,
        &["--summary", "修订服务方式和违诺处理", "--version", "2.0"],
    );
    assert!(
        amendment.starts_with(
            "《青山社会工作服务中心服务承诺制度》修正案\n（2025年3月1日第二届理事会第四次会议通过）"
        ),
        "{amendment}"
    );
    assert!(
        amendment.contains("一、将四、（二）修改为：“（二）"),
        "{amendment}"
    );
}

#[test]
fn pairs_with_every_kind_of_change_round_trip() {
    let dir = project();
    let d = dir.path();
    let cases: Vec<(&str, Edit)> = vec![
        (
            "modified",
            Box::new(|t: &str| {
                edited(
                    t,
                    "本会的宗旨是：遵守宪法",
                    "本会的宗旨是：坚持党的全面领导，遵守宪法",
                )
            }),
        ),
        ("deleted", Box::new(|t: &str| edited(t, ADDRESS, ""))),
        (
            "inserted",
            Box::new(|t: &str| {
                edited(
                    t,
                    ADDRESS,
                    &format!(
                        "{ADDRESS}\n  [[section.clause]]\n  id = \"seal\"\n  text = \"本会的印章由秘书处保管，使用须经会长批准。\"\n"
                    ),
                )
            }),
        ),
        (
            "moved",
            Box::new(|t: &str| {
                let without = edited(t, &format!("\n{ADDRESS}"), "");
                let authority = "  [[section.clause]]\n  id = \"authority\"";
                edited(&without, authority, &format!("{ADDRESS}\n{authority}"))
            }),
        ),
        (
            "section-renamed",
            Box::new(|t: &str| edited(t, "title = \"理事会\"", "title = \"理事会和常务理事会\"")),
        ),
        (
            "chapter-renamed",
            Box::new(|t: &str| edited(t, "title = \"会员\"", "title = \"会员和会费\"")),
        ),
        (
            "table-edited",
            Box::new(|t: &str| {
                let t = edited(t, "\"在职居民\", \"60\"", "\"在职居民\", \"80\"");
                edited(
                    &t,
                    "[\"单位会员\", \"社区单位、社会组织\", \"600\", \"含两名代表的活动名额\"],",
                    "[\"单位会员\", \"社区单位、社会组织\", \"600\", \"含两名代表的活动名额\"],\n      [\"荣誉会员\", \"对本会有突出贡献者\", \"0\", \"免交会费\"],",
                )
            }),
        ),
    ];
    let mut all = read(&d.join(LUZHOU));
    for (name, edit) in &cases {
        let new = luzhou_version(d, name, |t| edit(t));
        let amendment = round_trip(d, LUZHOU, &new, &[]);
        assert!(amendment.contains("一、"), "{name}: {amendment}");
        if !matches!(*name, "moved" | "deleted") {
            all = edit(&all);
        }
    }
    // All at once, with the article the insertion follows deleted and an
    // article of another chapter moved.
    let all = edited(&all, ADDRESS, "");
    let all = move_block(&all, "procedure", "conditions");
    write(&d.join("charters/orgs/luzhou/all.toml"), &all);
    let amendment = round_trip(d, LUZHOU, "charters/orgs/luzhou/all.toml", &[]);
    for expected in [
        "删去第一章第五条。",
        "第四章第二节的节名修改为“理事会和常务理事会”",
        "第三章的章名修改为“会员和会费”",
        "表格第2行第3列修改为“80”",
        "此外，对条款顺序作相应调整。",
    ] {
        assert!(amendment.contains(expected), "{expected}: {amendment}");
    }
}

#[test]
fn a_service_commitment_with_headings_items_and_appendices_round_trips() {
    let dir = project();
    let d = dir.path();
    let text = read(&d.join(QINGSHAN));
    let new = edited(
        &text,
        "[[revision]]\nversion = \"1.0\"",
        "[[section]]\nid = \"principles\"\n\n  [[section.clause]]\n  id = \"patient\"\n  after = \"fair\"\n  heading = \"耐心细致。\"\n  text = \"对服务对象的询问耐心解答，对复杂事项一次讲清办理要求。\"\n\n  [[section.clause]]\n  id = \"open\"\n  heading = \"信息公开。\"\n  text = \"服务项目、办理流程和资金使用情况按规定公开，接受社会各界的查询。\"\n\n[[revision]]\nversion = \"1.0\"",
    );
    let new = edited(
        &new,
        "text = \"您对活动的时间安排满意吗？\"",
        "text = \"您对活动的时间和时长安排满意吗？\"",
    );
    let new = edited(
        &new,
        "title = \"服务意见反馈表\"",
        "title = \"服务意见和建议反馈表\"",
    );
    write(&d.join("charters/orgs/qingshan/new.toml"), &new);
    let amendment = round_trip(d, QINGSHAN, "charters/orgs/qingshan/new.toml", &[]);
    assert!(
        amendment.contains("在二、（二）后增加一条，作为二、（三）：“（三）耐心细致。"),
        "{amendment}"
    );
    assert!(
        amendment.contains("将附件1第2题修改为“您对活动的时间和时长安排满意吗？”。"),
        "{amendment}"
    );
    assert!(
        amendment.contains("将附件2的标题修改为“服务意见和建议反馈表”。"),
        "{amendment}"
    );
}

#[test]
fn a_hand_typed_amendment_applies() {
    let dir = project();
    let d = dir.path();
    // Half-width punctuation, Arabic numbers, places written short or in full.
    let typed = "《鹭洲社区邻里互助协会章程》修正案\n\
        (2026年6月20日第一届会员代表大会第四次会议通过)\n\n\
        一、将第3条修改为:\"第三条 本会的宗旨是：团结社区居民，开展邻里互助。\"\n\
        二、删去第5条。\n\
        三、第四章第二节的节名修改为\"理事会和常务理事会\"\n\
        四、在第一章第四条后增加一条，作为第五条：“第五条　本会接受社会监督。”\n";
    write(&d.join("typed.txt"), typed);
    let (status, _, err) = charter(
        d,
        &[
            "amend",
            "apply",
            LUZHOU,
            "typed.txt",
            "-o",
            "charters/orgs/luzhou/typed.toml",
        ],
    );
    assert_eq!(status, 0, "{err}");
    let applied = read(&d.join("charters/orgs/luzhou/typed.toml"));
    // Comments and ids of the old version are kept.
    assert!(applied.starts_with("#:schema"), "{applied}");
    assert!(applied.contains("id = \"purpose\""));
    let (status, out, err) = charter(
        d,
        &[
            "diff",
            LUZHOU,
            "charters/orgs/luzhou/typed.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(status, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let kinds: Vec<(String, String)> = report["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            (
                n["kind"].as_str().unwrap_or("").to_string(),
                n["path"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for expected in [
        ("modified", "general.purpose"),
        ("removed", "general.address"),
        ("modified", "organs.council"),
    ] {
        assert!(
            kinds
                .iter()
                .any(|(k, p)| k == expected.0 && p == expected.1),
            "{expected:?} in {kinds:?}"
        );
    }
    assert!(kinds.iter().any(|(k, _)| k == "added"), "{kinds:?}");
    assert!(out.contains("本会的宗旨是：团结社区居民，开展邻里互助。"));
    // The meeting of the note is recorded, with the publication line.
    assert!(
        applied.contains(
            "summary = \"根据2026年6月20日第一届会员代表大会第四次会议通过的修正案修正\""
        ),
        "{applied}"
    );
}

#[test]
fn an_item_that_cannot_be_read_is_an_error_at_its_line() {
    let dir = project();
    let d = dir.path();
    write(
        &d.join("bad.txt"),
        "《章程》修正案\n\n一、删去第5条。\n二、把第六条改一改\n",
    );
    let (status, _, err) = charter(d, &["amend", "apply", LUZHOU, "bad.txt", "-o", "x.toml"]);
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("bad.txt:4:1"), "{err}");
    assert!(
        err.contains("二、把第六条改一改"),
        "the line is shown: {err}"
    );
    assert!(err.contains("help:"), "{err}");
    write(&d.join("bad.txt"), "一、删去第九十九条。\n");
    let (status, _, err) = charter(d, &["amend", "apply", LUZHOU, "bad.txt", "-o", "x.toml"]);
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains("bad.txt:1:1") && err.contains("第九十九条"),
        "{err}"
    );
    assert!(!d.join("x.toml").exists(), "nothing written");
}

#[test]
fn revise_keeps_every_version_and_log_and_versions_work_without_git() {
    let dir = project();
    let d = dir.path();
    let original = read(&d.join(HEXI));
    let (status, out, err) = charter(
        d,
        &[
            "revise",
            HEXI,
            "--term",
            "3",
            "--session",
            "5",
            "--date",
            "2026-03-01",
            "--summary",
            "修订捐赠意愿条款",
        ],
    );
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("version 2.0"), "{out}");
    let history = d.join("charters/orgs/hexi/.history/service-commitment");
    assert_eq!(
        read(&history.join("1.0.toml")),
        original,
        "the adopted version is kept"
    );
    assert_eq!(read(&history.join("2.0.toml")), read(&d.join(HEXI)));
    // The original adoption is the first entry of the history.
    let revised = read(&d.join(HEXI));
    assert!(
        revised.contains(
            "version = \"1.0\"\ndate = 2024-11-08\nterm = 3\nsession = 2\nsummary = \"制定\""
        ),
        "{revised}"
    );
    let (status, out, err) = charter(d, &["log", HEXI]);
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("2024-11-08") && out.contains("第三届理事会第二次会议"),
        "{out}"
    );
    assert!(
        out.contains("2026-03-01") && out.contains("第三届理事会第五次会议"),
        "{out}"
    );
    // FILE@VERSION: both versions, no git.
    let at1 = format!("{HEXI}@1.0");
    let at2 = format!("{HEXI}@2.0");
    let (status, out, err) = charter(d, &["diff", &at1, &at2, "--format", "json"]);
    assert_eq!(status, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(report["nodes"].as_array().map(Vec::len), Some(0), "{out}");
    assert!(out.contains("approval"), "{out}");
    let (status, _, err) = charter(d, &["diff", &at2, HEXI]);
    assert_eq!(status, 0, "{err}");
    let (status, _, err) = charter(d, &["diff", &format!("{HEXI}@7.0"), HEXI]);
    assert_eq!(status, 2);
    assert!(err.contains("7.0") && err.contains("1.0, 2.0"), "{err}");
    // The kept copies are never charters: check and build see the same charters.
    let (status, _, err) = charter(d, &["check", "charters"]);
    assert_eq!(status, 0, "{err}");
    assert!(!err.contains(".history"), "{err}");
    let (status, _, err) = charter(
        d,
        &[
            "build",
            "charters/orgs/hexi",
            "charters/orgs/qingshan",
            "--format",
            "json",
            "-o",
            "out",
        ],
    );
    assert_eq!(status, 0, "{err}");
    assert!(d.join("out/hexi/service-commitment.json").exists());
    let (status, _, err) = charter(d, &["check", &history.join("1.0.toml").to_string_lossy()]);
    assert_eq!(status, 1, "a kept copy given by name is refused: {err}");
    assert!(err.contains("@VERSION"), "{err}");
}

#[test]
fn revise_from_an_amendment_records_the_meeting_and_matches() {
    let dir = project();
    let d = dir.path();
    // The new version: an edited clause, approved at the meeting the note names.
    let text = read(&d.join(HEXI));
    let new = edited(
        &text,
        "确需改变用途的，事先征得捐赠人书面同意。",
        "确需改变用途的，事先征得捐赠人书面同意，并报理事会备案。",
    );
    write(&d.join("charters/orgs/hexi/new.toml"), &new);
    let (status, _, err) = charter(
        d,
        &[
            "revise",
            "charters/orgs/hexi/new.toml",
            "--term",
            "3",
            "--session",
            "6",
            "--date",
            "2026-05-10",
            "--summary",
            "根据2026年5月10日第三届理事会第六次会议通过的修正案修正",
        ],
    );
    assert_eq!(status, 0, "{err}");
    let (status, _, err) = charter(
        d,
        &[
            "diff",
            HEXI,
            "charters/orgs/hexi/new.toml",
            "--format",
            "amendment",
            "-o",
            "a.txt",
        ],
    );
    assert_eq!(status, 1, "{err}");
    let amendment = read(&d.join("a.txt"));
    assert!(
        amendment.contains("（2026年5月10日第三届理事会第六次会议通过）"),
        "{amendment}"
    );
    let (status, out, err) = charter(d, &["revise", HEXI, "--amendment", "a.txt"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("version 2.0"), "{out}");
    let (status, out, err) = charter(d, &["diff", HEXI, "charters/orgs/hexi/new.toml"]);
    assert_eq!(status, 0, "{amendment}\n{out}\n{err}");
    assert!(
        d.join("charters/orgs/hexi/.history/service-commitment/1.0.toml")
            .exists()
    );
}

#[test]
fn two_charters_writing_one_output_write_nothing_and_name_both() {
    let dir = project();
    let d = dir.path();
    // A copy saved beside the original, as a user would before amending.
    std::fs::copy(
        d.join(HEXI),
        d.join("charters/orgs/hexi/service-commitment-old.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (status, _, err) = charter(
        d,
        &[
            "build",
            "charters/orgs/hexi",
            "--format",
            "json",
            "-o",
            "out",
        ],
    );
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains("service-commitment.toml") && err.contains("service-commitment-old.toml"),
        "{err}"
    );
    let written: Vec<PathBuf> = std::fs::read_dir(d.join("out/hexi"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    assert!(written.is_empty(), "nothing is written: {written:?}");
}

#[test]
fn the_amendment_as_pdf_and_docx_reads_back() {
    let dir = project();
    let d = dir.path();
    let new = luzhou_version(d, "renamed", |t| {
        let t = edited(t, "title = \"理事会\"", "title = \"理事会和常务理事会\"");
        edited(&t, ADDRESS, "")
    });
    let (status, out, _) = charter(d, &["diff", LUZHOU, &new, "--format", "amendment"]);
    assert_eq!(status, 1);
    assert!(out.contains("删去第一章第五条。"), "{out}");
    for extension in ["pdf", "docx"] {
        let file = format!("amendment.{extension}");
        let (status, _, err) = charter(
            d,
            &["diff", LUZHOU, &new, "--format", "amendment", "-o", &file],
        );
        assert_eq!(status, 1, "{err}");
        let text = if extension == "pdf" {
            if !require_tool("pdftotext") {
                continue;
            }
            let (status, text) = tool("pdftotext", &[&d.join(&file).to_string_lossy(), "-"]);
            assert_eq!(status, 0);
            text
        } else {
            if !require_tool("soffice") {
                continue;
            }
            libreoffice_text(&[d.join(&file)]).remove(0)
        };
        let text = squeeze(&text);
        for line in out.lines().filter(|l| !l.is_empty()) {
            assert!(
                text.contains(&squeeze(line)),
                "{extension}: {line} in {text}"
            );
        }
    }
}
