//! The organisation's kit (issue 26) for each kind: `new` → fill in the
//! 【待填写】 values → `check` has no error and no completeness warning →
//! `build` and `volume` make every document; a 章程 without a required
//! chapter is warned about with the item and its article; a 基金会's figures
//! are checked; `new` again changes no value.

mod common;
use common::*;

use std::path::Path;

/// Each kind, its regulation's article on the 章程, and its own 制度.
const KINDS: [(&str, &str, &[&str]); 3] = [
    (
        "社会团体",
        "社会团体登记管理条例第十四条",
        &["member-management", "dues-management"],
    ),
    (
        "基金会",
        "基金会管理条例第十条",
        &["donation-management", "project-management"],
    ),
    (
        "社会服务机构",
        "民办非企业单位登记管理暂行条例第十条",
        &["service-quality"],
    ),
];

/// An organisation's answer to each 【待填写】 of its org.toml: a number where
/// the comment asks for one, else a plausible text.
fn fill_in(org_toml: &str) -> String {
    org_toml
        .lines()
        .map(|line| {
            let Some((key, rest)) = line.split_once(" = \"【待填写】\"") else {
                return line.to_string();
            };
            let value = match key {
                _ if rest.contains("数字") => match key {
                    "board_min" => "7",
                    "board_max" => "21",
                    k if k.contains("term") => "5",
                    _ => "200",
                },
                "email" => "office@example.org",
                "phone" => "010-12345678",
                "code" => "SFZZ",
                "website" => "无",
                _ => "示范填写内容",
            };
            format!("{key} = \"{value}\"{rest}")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn warnings(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with("warning:")).collect()
}

fn charters(org: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(org)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".toml")?.to_string();
            (stem != "org" && stem != "volume").then_some(stem)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn each_kind_new_filled_in_checks_clean_and_builds_every_document() {
    for (kind, article, own) in KINDS {
        let dir = scratch(&[]);
        let made = run_in(
            dir.path(),
            &["new", "org", "--name", "示范组织", "--kind", kind],
        );
        assert!(made.status.success(), "{kind}: {}", stderr(&made));
        let org = dir.path().join("org");
        let org_toml = org.join("org.toml");
        let text = std::fs::read_to_string(&org_toml).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains(&format!("kind = \"{kind}\"")), "{text}");

        // Unfilled values are reported, each at its line.
        let unfilled = stderr(&run_in(dir.path(), &["check", "org"]));
        let blanks = text.matches("\"【待填写】\"").count();
        assert!(blanks >= 10, "{kind}: {blanks} values to fill in");
        assert!(
            unfilled.matches("is still the placeholder").count() >= blanks,
            "{kind}: each unfilled value reported:\n{unfilled}"
        );

        let filled = fill_in(&text);
        std::fs::write(&org_toml, &filled).unwrap_or_else(|e| panic!("{e}"));
        let checked = run_in(dir.path(), &["check", "org"]);
        let out = stderr(&checked);
        assert!(checked.status.success(), "{kind}:\n{out}");
        let left: Vec<&str> = warnings(&out)
            .into_iter()
            .filter(|w| !w.contains("no [approval]"))
            .collect();
        assert!(
            left.is_empty(),
            "{kind}: warnings after filling in: {left:?}"
        );

        // The set: a 章程 and the standard 制度, per kind.
        let names = charters(&org);
        let common = [
            "articles",
            "finance",
            "seals",
            "archives",
            "disclosure",
            "major-matters",
            "service-commitment",
        ];
        for wanted in common.iter().chain(own) {
            assert!(
                names.iter().any(|n| n == wanted),
                "{kind}: {wanted} in {names:?}"
            );
        }

        let built = run_in(
            dir.path(),
            &["build", "org", "-o", "out", "--format", "pdf,docx"],
        );
        assert!(built.status.success(), "{kind}: {}", stderr(&built));
        for name in &names {
            for ext in ["pdf", "docx"] {
                let file = dir.path().join("out/org").join(format!("{name}.{ext}"));
                assert!(file.is_file(), "{kind}: no {}", file.display());
            }
        }
        let volume = run_in(dir.path(), &["volume", "org", "-o", "volume.pdf"]);
        assert!(volume.status.success(), "{kind}: {}", stderr(&volume));
        if require_tool("pdftotext") {
            let text = squeeze(&pdf_body_pages(&dir.path().join("volume.pdf"), "formal").join(""));
            assert!(
                text.contains("示范组织章程"),
                "{kind}: the volume holds the 章程"
            );
        }

        // A 章程 without its chapter on termination: one warning, naming the
        // item and the article of the kind's regulation.
        let articles = org.join("articles.toml");
        let source = std::fs::read_to_string(&articles).unwrap_or_else(|e| panic!("{e}"));
        let cut = source.replacen(
            "\nextends = ",
            "\nremove = [\"termination\"]\nextends = ",
            1,
        );
        std::fs::write(&articles, cut).unwrap_or_else(|e| panic!("{e}"));
        let out = stderr(&run_in(dir.path(), &["check", "org/articles.toml"]));
        let missing: Vec<&str> = warnings(&out)
            .into_iter()
            .filter(|w| w.contains("lacks an item"))
            .collect();
        assert_eq!(missing.len(), 1, "{kind}: {out}");
        assert!(
            missing[0].contains("终止") && missing[0].contains(article),
            "{kind}: {}",
            missing[0]
        );
        std::fs::write(&articles, &source).unwrap_or_else(|e| panic!("{e}"));

        // `new` again, with --force: every value kept, byte for byte.
        let again = run_in(
            dir.path(),
            &[
                "new",
                "org",
                "--name",
                "别的名字",
                "--kind",
                kind,
                "--force",
            ],
        );
        assert!(again.status.success(), "{kind}: {}", stderr(&again));
        let after = std::fs::read_to_string(&org_toml).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after, filled, "{kind}: new changed org.toml");
    }
}

#[test]
fn a_foundation_with_too_many_directors_is_warned() {
    let dir = scratch(&[]);
    let made = run_in(
        dir.path(),
        &["new", "org", "--name", "示范基金会", "--kind", "基金会"],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let org_toml = dir.path().join("org/org.toml");
    let text = std::fs::read_to_string(&org_toml).unwrap_or_else(|e| panic!("{e}"));
    let filled = fill_in(&text).replace("board_max = \"21\"", "board_max = \"30\"");
    std::fs::write(&org_toml, filled).unwrap_or_else(|e| panic!("{e}"));
    let out = stderr(&run_in(dir.path(), &["check", "org/articles.toml"]));
    let figures: Vec<&str> = warnings(&out)
        .into_iter()
        .filter(|w| w.contains("does not allow"))
        .collect();
    assert_eq!(figures.len(), 1, "{out}");
    assert!(figures[0].contains("三十"), "{}", figures[0]);
    assert!(out.contains("5 to 25 directors"), "{out}");
}
