//! Messages of volumes, outputs, fonts and new organisations in Chinese —
//! with `--lang zh` or under a Chinese locale (`LANG=zh_CN.UTF-8`) — each
//! with its place (file:line:col) and a hint; in English under `LANG=C`.

mod common;
use common::*;

use std::path::Path;
use std::process::{Command, Output};

/// How the language of a run is chosen.
#[derive(Clone, Copy, Debug)]
enum Lang {
    /// `--lang zh` (with an English locale, which the flag overrides).
    Flag,
    /// `LANG=zh_CN.UTF-8`.
    Locale,
    /// `LANG=C`: English.
    C,
}

const CHINESE: [Lang; 2] = [Lang::Flag, Lang::Locale];

fn run(dir: &Path, lang: Lang, args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    match lang {
        Lang::Flag => {
            command.env("LANG", "C").args(["--lang", "zh"]);
        }
        Lang::Locale => {
            command.env("LANG", "zh_CN.UTF-8");
        }
        Lang::C => {
            command.env("LANG", "C");
        }
    }
    command
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

/// The message block of `err` that holds `message`: its lines up to the
/// next blank line after the hint.
fn block<'a>(err: &'a str, message: &str) -> &'a str {
    let start = err
        .find(message)
        .unwrap_or_else(|| panic!("no {message:?} in:\n{err}"));
    let start = err[..start].rfind('\n').map_or(0, |i| i + 1);
    let rest = &err[start..];
    let end = rest
        .match_indices("\n\n")
        .map(|(i, _)| i)
        .find(|i| rest[..*i].contains("= "))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// `err` says `message` (after its severity word), at `place` when given,
/// with a hint line starting with `hint`.
fn assert_says(err: &str, severity: &str, message: &str, place: Option<&str>, hint: &str) {
    let block = block(err, message);
    assert!(
        block.starts_with(&format!("{severity}: ")),
        "not an {severity}:\n{block}"
    );
    if let Some(place) = place {
        assert!(block.contains(place), "no {place} in:\n{block}");
    }
    assert!(
        block.lines().any(|l| l.trim_start().starts_with(hint)),
        "no hint {hint:?} in:\n{block}"
    );
}

#[test]
fn a_volume_of_a_missing_folder() {
    let dir = scratch(&[]);
    for lang in CHINESE {
        let out = run(dir.path(), lang, &["volume", "nowhere"]);
        assert_eq!(out.status.code(), Some(2), "{lang:?}");
        assert_says(
            &stderr(&out),
            "错误",
            "找不到文件夹：nowhere",
            None,
            "= 提示: 请给出机构所在的文件夹，例如 charters/orgs/qingshan",
        );
    }
    let out = run(dir.path(), Lang::C, &["volume", "nowhere"]);
    assert_says(
        &stderr(&out),
        "error",
        "no such folder: nowhere",
        None,
        "= help: give an organisation's folder, e.g. charters/orgs/qingshan",
    );
}

#[test]
fn a_bad_volume_toml_is_said_at_each_mistake() {
    let dir = scratch(&[(
        "org/volume.toml",
        "titel = \"制度汇编\"\ndate = \"2026-01-15\"\ncharters = [\"a\", 3]\n",
    )]);
    for lang in CHINESE {
        let out = run(dir.path(), lang, &["volume", "org"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_says(
            &err,
            "错误",
            "volume.toml 中没有“titel”这个键",
            Some("volume.toml:1:1"),
            "= 提示: 是不是“title”？",
        );
        assert_says(
            &err,
            "错误",
            "volume.toml 中的“date”应当是日期，这里是文字",
            Some("volume.toml:2:8"),
            "= 提示: 日期写成“年-月-日”，不加引号：date = 2026-01-15",
        );
        assert_says(
            &err,
            "错误",
            "volume.toml 中的“charters”应当是带引号的文字，这里是整数",
            Some("volume.toml:3:18"),
            "= 提示: 写成 charters = [\"id\", \"id\"]",
        );
    }
    let out = run(dir.path(), Lang::C, &["volume", "org"]);
    let err = stderr(&out);
    assert_says(
        &err,
        "error",
        "unknown key \"titel\" in volume.toml",
        Some("volume.toml:1:1"),
        "= help: did you mean \"title\"?",
    );
    assert_says(
        &err,
        "error",
        "\"date\" in volume.toml must be a date, found text",
        Some("volume.toml:2:8"),
        "= help: write the date as YYYY-MM-DD without quotes",
    );

    // A full-width quote typed with a Chinese input method: said as such.
    std::fs::write(dir.path().join("org/volume.toml"), "title = “制度汇编”\n")
        .unwrap_or_else(|e| panic!("{e}"));
    for lang in CHINESE {
        let out = run(dir.path(), lang, &["volume", "org"]);
        assert_says(
            &stderr(&out),
            "错误",
            "这里用了全角的““”",
            Some("volume.toml:1:9"),
            "= 提示: TOML 的引号、括号和等号都是半角",
        );
    }
}

/// An organisation's folder with one valid charter.
fn organisation() -> tempfile::TempDir {
    scratch(&[("org/org.toml", ORG), ("org/a.toml", &valid_charter())])
}

#[test]
fn a_volume_written_to_a_file_of_another_kind() {
    let dir = organisation();
    for lang in CHINESE {
        let out = run(dir.path(), lang, &["volume", "org", "-o", "v.txt"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_says(
            &stderr(&out),
            "错误",
            "-o v.txt：汇编只能存为 .pdf、.docx 或 .ofd 文件",
            None,
            "= 提示: 请给出以 .pdf、.docx 或 .ofd 结尾的文件名",
        );
    }
    let out = run(dir.path(), Lang::C, &["volume", "org", "-o", "v.txt"]);
    assert_says(
        &stderr(&out),
        "error",
        "-o v.txt: the volume is written as .pdf, .docx or .ofd",
        None,
        "= help: name a file ending in .pdf, .docx or .ofd",
    );
    assert!(!dir.path().join("v.txt").exists());
}

#[test]
fn a_volumes_progress_lines_follow_the_language() {
    let dir = organisation();
    let out = run(dir.path(), Lang::Flag, &["volume", "org", "-o", "v.docx"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("已写入 v.docx"), "{err}");
    assert!(err.contains("  第   1 页  服务承诺制度"), "{err}");
    assert!(err.contains("已装订 1 份制度，用时 "), "{err}");
    let out = run(dir.path(), Lang::Locale, &["volume", "org", "-o", "v.docx"]);
    assert!(
        stderr(&out).contains("v.docx 没有变化，未重新生成（1 份制度）"),
        "{}",
        stderr(&out)
    );
    let out = run(dir.path(), Lang::C, &["volume", "org", "-o", "v.docx"]);
    assert!(
        stderr(&out).contains("unchanged v.docx (1 regulation)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_character_no_font_has() {
    let charter =
        valid_charter().replace("本制度适用于全体工作人员。", "本制度适用于全体工作人员𪚥。");
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &charter)]);
    for lang in CHINESE {
        let out = run(
            dir.path(),
            lang,
            &["build", ".", "--format", "pdf", "-o", "out", "--force"],
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert_says(
            &err,
            "警告",
            "字符“𪚥”（U+2A6A5）在 body 角色的字体",
            Some("a.toml:12:"),
            "= 提示: 请用 --font-path 文件夹 加上有这个字的字体，或换用别的字",
        );
        assert!(block(&err, "字符“𪚥”").contains("字体中没有“𪚥”"), "{err}");
        // PDF/A refuses it: Typst's refusal said in Chinese, at the same place.
        let out = run(
            dir.path(),
            lang,
            &[
                "build",
                ".",
                "--format",
                "pdf",
                "--pdf-standard",
                "a-2b",
                "-o",
                "a2b",
            ],
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_says(
            &err,
            "错误",
            "PDF/A-2b：字体 \"FandolFang R\" 中没有 \"𪚥\"，PDF/A-2b 文件无法显示它",
            Some("a.toml:12:23"),
            "= 提示: 有一个字在所有字体中都没有",
        );
    }
    let out = run(
        dir.path(),
        Lang::C,
        &["build", ".", "--format", "pdf", "-o", "out", "--force"],
    );
    assert_says(
        &stderr(&out),
        "warning",
        "character '𪚥' (U+2A6A5) is in no font of the body role",
        Some("a.toml:12:"),
        "= help: add a font that has it with --font-path DIR",
    );
}

#[test]
fn new_into_an_existing_folder() {
    let dir = scratch(&[]);
    let first = run(
        dir.path(),
        Lang::C,
        &["new", "org", "--name", "甲社会工作服务中心"],
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let org = std::fs::read_to_string(dir.path().join("org/org.toml")).unwrap_or_default();
    let line = org
        .lines()
        .position(|l| l.starts_with("name = "))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no name in {org}"));
    let place = format!("org.toml:{line}:8");
    for lang in CHINESE {
        let out = run(
            dir.path(),
            lang,
            &["new", "org", "--name", "乙社会工作服务中心"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_says(
            &stderr(&out),
            "警告",
            "org.toml 中已写明机构名称“甲社会工作服务中心”，保留原样（--name 乙社会工作服务中心 未采用）",
            Some(&place),
            "= 提示: 如要改名，请直接修改 org.toml 中的 name",
        );
        let said = stdout(&out);
        assert!(
            said.contains("保留 org/org.toml（已经存在，未改动）"),
            "{said}"
        );
        assert!(
            said.contains("下一步：在 org/org.toml 中把标有 【待填写】 的地方按实际填写"),
            "{said}"
        );
    }
    let out = run(
        dir.path(),
        Lang::C,
        &["new", "org", "--name", "乙社会工作服务中心"],
    );
    assert_says(
        &stderr(&out),
        "warning",
        "org.toml already names the organisation 甲社会工作服务中心; it is kept",
        Some(&place),
        "= help: to rename it, edit name in org.toml",
    );
    assert!(stdout(&out).contains("kept org/org.toml (already there, not changed)"));
}

/// The language is the messages', not the build's: a PDF built in English
/// is up to date when the next run speaks Chinese (nothing translated goes
/// into a fingerprint).
#[test]
fn a_build_does_not_go_stale_when_the_language_changes() {
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &valid_charter())]);
    let args = ["build", ".", "--format", "pdf", "-o", "out"];
    let out = run(dir.path(), Lang::C, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = pdf_under(&dir.path().join("out")).unwrap_or_else(|| panic!("no PDF under out/"));
    let written = std::fs::metadata(&pdf).and_then(|m| m.modified()).ok();
    let manifest = |dir: &Path| std::fs::read(dir.join("out/.charter-manifest.json")).ok();
    let before = manifest(dir.path());
    for lang in CHINESE {
        let out = run(dir.path(), lang, &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            std::fs::metadata(&pdf).and_then(|m| m.modified()).ok(),
            written,
            "{lang:?} rebuilt {}: {}",
            pdf.display(),
            stderr(&out)
        );
        assert_eq!(manifest(dir.path()), before, "{lang:?}");
    }
}

/// The first PDF in `dir` or a folder below it.
fn pdf_under(dir: &Path) -> Option<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries.iter().find_map(|path| {
        if path.is_dir() {
            pdf_under(path)
        } else {
            path.extension()
                .is_some_and(|e| e == "pdf")
                .then(|| path.clone())
        }
    })
}
