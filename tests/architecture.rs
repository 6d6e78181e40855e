//! The pipeline's seams hold: backends and the models they read depend on
//! the resolved document, the redline model and the format's vocabulary,
//! never on the TOML source or the stages that made them; files stay small
//! enough to read.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The front end: what reads and resolves the TOML source.
const FRONT_END: &[&str] = &[
    "source",
    "load",
    "merge",
    "numbering",
    "resolve",
    "render",
    "pipeline",
    "import",
    "diff",
    "template",
    "amend",
    "scaffold",
    "batch",
    "cmd",
    "cli",
];

/// The code of a file, comments left out.
fn code(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `crate::x` and `charter::x` module names a file uses.
fn modules_used(text: &str) -> Vec<String> {
    let text = &code(text);
    let mut out = Vec::new();
    for prefix in ["crate::", "charter::"] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text[at + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    // `use crate::{a, b}` lists.
    for (at, _) in text.match_indices("crate::{") {
        let list = &text[at + "crate::{".len()..];
        let list = &list[..list.find('}').unwrap_or(0)];
        out.extend(
            list.split(',')
                .map(|s| s.trim().split("::").next().unwrap_or("").to_string()),
        );
    }
    out
}

#[test]
fn backends_and_models_never_reach_into_the_front_end() {
    let mut files = Vec::new();
    rust_files(&root().join("src/backend"), &mut files);
    files.push(root().join("src/document.rs"));
    files.push(root().join("src/redline.rs"));
    rust_files(&root().join("src/format"), &mut files);
    assert!(files.len() > 10, "{files:?}");
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for module in modules_used(&text) {
            if FRONT_END.contains(&module.as_str()) {
                offences.push(format!("{} uses crate::{module}", file.display()));
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn the_check_sees_an_offence() {
    assert_eq!(
        modules_used("use crate::source::Text;\nuse crate::{diag, merge::Merger};"),
        ["source", "diag", "merge"]
    );
}

/// Lines of a file before its `#[cfg(test)] mod tests`.
fn lines_without_tests(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].trim_start().starts_with("mod tests"))
        .unwrap_or(lines.len())
}

#[test]
fn source_files_fit_in_a_head() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| {
            (
                f,
                lines_without_tests(&std::fs::read_to_string(f).unwrap_or_default()),
            )
        })
        .filter(|(_, n)| *n > 600)
        .map(|(f, n)| format!("{}: {n} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "{long:#?}");
    let mut commands = Vec::new();
    rust_files(&root().join("src/cmd"), &mut commands);
    let total: usize = commands
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_default()
                .lines()
                .count()
        })
        .sum();
    assert!(
        total < 1200,
        "cmd/ has {total} lines: commands parse and dispatch"
    );
}

/// A line using an error carrier other than Diagnostics.
fn second_carrier(line: &str) -> bool {
    // The type arguments of each Result<…>, nesting followed.
    let string_error = line.split("Result<").skip(1).any(|rest| {
        let mut depth = 1;
        let end = rest.char_indices().find_map(|(i, c)| {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(i)
        });
        end.is_some_and(|end| rest[..end].ends_with(", String"))
    });
    string_error || line.contains("Box<Diagnostic>") || line.contains("Vec<Diagnostic>)")
}

#[test]
fn the_carrier_check_sees_an_offence() {
    assert!(second_carrier("fn f() -> Result<Vec<u8>, String> {"));
    assert!(second_carrier("fn f() -> Result<Doc, Box<Diagnostic>> {"));
    assert!(!second_carrier("origins: BTreeMap<String, String>,"));
    assert!(!second_carrier("fn f() -> Option<Vec<u8>> {"));
}

#[test]
fn errors_cross_stages_as_diagnostics() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for line in code(&text).lines() {
            if second_carrier(line) {
                offences.push(format!("{}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}
