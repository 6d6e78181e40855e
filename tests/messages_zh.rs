//! Under a Chinese locale every message of `check` is Chinese, each with
//! its file:line:column, the line and a hint (提示); under `C` the same
//! mistakes are told in English. The mistakes typical of a Chinese keyboard
//! (full-width quotes, brackets and =, numbers written as words) are named.

mod common;
use common::*;

use std::process::Command;

/// `charter check .` over `files`, with the locale `lang`; stderr.
fn check_in(lang: &str, files: &[(&str, &str)]) -> (i32, String) {
    let dir = scratch(files);
    let output = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["check", "."])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap_or_else(|e| panic!("cannot run charter: {e}"));
    (output.status.code().unwrap_or(-1), stderr(&output))
}

fn han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The message of each `错误：`/`error:` line, without the quoted parts
/// (user text in quotes is Chinese in either language).
fn messages(out: &str, word: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.strip_prefix(word))
        .map(|m| {
            let mut kept = String::new();
            let mut quoted = false;
            for c in m.chars() {
                match c {
                    '"' | '“' | '”' => quoted = !quoted,
                    _ if !quoted => kept.push(c),
                    _ => {}
                }
            }
            kept
        })
        .collect()
}

/// Bad inputs, each a set of files: one mistake of each kind a user makes.
fn bad_inputs() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let charter = valid_charter();
    let with = |from: &str, to: &str| {
        assert!(charter.contains(from), "{from}");
        vec![
            ("org.toml", ORG.to_string()),
            ("a.toml", charter.replacen(from, to, 1)),
        ]
    };
    vec![
        (
            "unclosed string",
            with("title = \"服务承诺制度\"", "title = \"服务承诺制度"),
        ),
        (
            "full-width closing quote",
            with("title = \"服务承诺制度\"", "title = \"服务承诺制度”"),
        ),
        (
            "full-width equals",
            with("title = \"服务承诺制度\"", "title ＝ \"服务承诺制度\""),
        ),
        ("full-width bracket", with("[charter]", "［charter]")),
        ("number as a word", with("term = 2", "term = 二")),
        ("unknown key", with("title = ", "titel = ")),
        ("wrong type", with("term = 2", "term = \"第二届\"")),
        (
            "impossible date",
            with("date = 2025-03-01", "date = 2025-02-30"),
        ),
        (
            "missing extends",
            with("[charter]\n", "[charter]\nextends = \"nothing.toml\"\n"),
        ),
    ]
}

#[test]
fn every_message_of_check_is_chinese_under_a_chinese_locale() {
    for (what, files) in bad_inputs() {
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (status, zh) = check_in("zh_CN.UTF-8", &files);
        assert_eq!(status, 1, "{what}: {zh}");
        let said = messages(&zh, "错误: ");
        assert!(!said.is_empty(), "{what}: no 错误: line in\n{zh}");
        for message in &said {
            assert!(han(message), "{what}: not Chinese: {message:?}\n{zh}");
        }
        assert!(zh.contains("a.toml:"), "{what}: no location in\n{zh}");
        assert!(zh.contains("= 提示: "), "{what}: no hint in\n{zh}");
        assert!(
            zh.contains("份制度"),
            "{what}: the summary is not Chinese\n{zh}"
        );

        let (status, en) = check_in("C", &files);
        assert_eq!(status, 1, "{what}: {en}");
        let said = messages(&en, "error: ");
        assert!(!said.is_empty(), "{what}: no error: line in\n{en}");
        for message in &said {
            assert!(!han(message), "{what}: not English: {message:?}\n{en}");
        }
    }
}

#[test]
fn keyboard_mistakes_are_named() {
    let inputs = bad_inputs();
    let find = |what: &str| {
        inputs
            .iter()
            .find(|(w, _)| *w == what)
            .map(|(_, f)| f.iter().map(|(n, t)| (*n, t.as_str())).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let (_, zh) = check_in("zh_CN.UTF-8", &find("full-width closing quote"));
    assert!(zh.contains("全角的“””"), "{zh}");
    assert!(zh.contains("把 ” 换成 \""), "{zh}");
    let (_, en) = check_in("C", &find("full-width equals"));
    assert!(
        en.contains("a full-width “＝” where TOML needs “=”"),
        "{en}"
    );
    let (_, zh) = check_in("zh_CN.UTF-8", &find("number as a word"));
    assert!(zh.contains("写成了汉字"), "{zh}");
    assert!(zh.contains("term = 2"), "the fix is the number: {zh}");
    let (_, zh) = check_in("zh_CN.UTF-8", &find("full-width bracket"));
    assert!(zh.contains("把 ［ 换成 ["), "{zh}");
}

#[test]
fn lang_flag_wins_over_the_locale() {
    let files = [
        ("org.toml", ORG),
        ("a.toml", "[charter]\nid = \"x\"\ntitel = \"服务\"\n"),
    ];
    let dir = scratch(&files);
    let output = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["--lang", "en", "check", "."])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("cannot run charter: {e}"));
    let out = stderr(&output);
    assert!(out.contains("unknown key \"titel\""), "{out}");
}
