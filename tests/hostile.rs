//! Hostile input: charters, templates, Word files and CSVs written to read
//! or write outside the project, exhaust the machine or destroy files.
//! Each case is refused with an error at the place it was written, quickly,
//! and leaves every file as it was.

mod common;
use common::*;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs charter in `dir`, killing it if it is still running after `limit`:
/// a hang fails the test instead of stalling the suite.
fn run_guarded(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    // Drain both pipes while waiting, or a large output blocks the child.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                panic!("charter {args:?} still running after {limit:?}: it hangs");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("wait: {e}"),
        }
    };
    Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

const GUARD: Duration = Duration::from_secs(60);

/// `charter survey tally` of the qingshan example in `work`, with `extra`
/// arguments (the answers file among them).
fn tally_in(work: &Path, extra: &[&str]) -> Output {
    let root = root().display().to_string();
    let charter = common::root()
        .join("charters/orgs/qingshan/service-commitment.toml")
        .display()
        .to_string();
    let mut args = vec!["--root", root.as_str(), "survey", "tally", charter.as_str()];
    args.extend(extra);
    run_guarded(work, &args, GUARD)
}

/// The qingshan example's answers.
fn answers() -> String {
    std::fs::read_to_string(root().join("charters/orgs/qingshan/satisfaction-responses.csv"))
        .unwrap_or_default()
}

fn charter_with(extra_org: &str, layout: &str, text: &str) -> String {
    format!(
        "[charter]\nid = \"rules\"\ntitle = \"服务承诺制度\"\n\n[org]\nname = \"测试社会工作服务中心\"\n{extra_org}\n[layout]\n{layout}\n\n[[section]]\nid = \"general\"\ntitle = \"总体要求\"\ntext = {text}\n"
    )
}

/// The 1-based line of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in the charter"))
}

fn assert_refused_at(output: &Output, location: &str, message: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains(location), "no location {location} in:\n{err}");
    assert!(err.contains(message), "no message {message:?} in:\n{err}");
}

// ---- Reads outside the project ----

#[test]
fn a_template_path_outside_the_project_is_refused_unread() {
    for (target, secret) in [
        ("/etc/os-release", "PRETTY_NAME"),
        ("/proc/self/environ", "PATH="),
        ("../../../../../etc/passwd", "root:"),
    ] {
        let text = charter_with("", &format!("template = \"{target}\""), "\"正文\"");
        let dir = scratch(&[("a.toml", &text)]);
        let out = run_guarded(dir.path(), &["build", "a.toml", "-o", "out"], GUARD);
        let line = line_of(&text, "template =");
        assert_refused_at(
            &out,
            &format!("a.toml:{line}:"),
            "outside the project folder",
        );
        let err = stderr(&out);
        assert!(!err.contains(secret), "{target} was read:\n{err}");
        assert!(!dir.path().join("out/rules.pdf").exists());
    }
}

#[cfg(unix)]
#[test]
fn a_template_cannot_read_through_a_symlink_in_its_folder() {
    let template = format!(
        "#read(\"/r/etc/passwd\")\n{}",
        std::fs::read_to_string(root().join("templates/formal.typ")).unwrap_or_default()
    );
    let theme = std::fs::read_to_string(root().join("templates/formal.toml")).unwrap_or_default();
    let text = charter_with("", "template = \"tpl/house.typ\"", "\"正文\"");
    let dir = scratch(&[
        ("a.toml", &text),
        ("tpl/house.typ", &template),
        ("tpl/house.toml", &theme),
    ]);
    std::os::unix::fs::symlink("/", dir.path().join("tpl/r")).ok();
    let out = run_guarded(dir.path(), &["build", "a.toml", "-o", "out"], GUARD);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("leads out of the template's folder"), "{err}");
    assert!(!err.contains("root:x:0:0"), "{err}");
    assert!(!dir.path().join("out/rules.pdf").exists());
}

#[test]
fn a_logo_outside_the_project_or_not_a_file_is_refused_at_its_line() {
    for logo in ["/etc/passwd", "/dev/zero", "../../../../etc/shadow", "."] {
        let text = charter_with(&format!("logo = \"{logo}\""), "cover = true", "\"正文\"");
        let dir = scratch(&[("a.toml", &text)]);
        let out = run_guarded(dir.path(), &["build", "a.toml", "-o", "out"], GUARD);
        let line = line_of(&text, "logo =");
        assert_refused_at(&out, &format!("a.toml:{line}:"), "logo:");
    }
}

#[test]
fn extends_outside_the_project_is_one_error_that_echoes_nothing() {
    let text = "[charter]\nid = \"x\"\nextends = \"../../../../../../etc/passwd\"\n";
    let dir = scratch(&[("org.toml", ORG), ("a.toml", text)]);
    let out = run_guarded(dir.path(), &["check", "a.toml"], GUARD);
    assert_refused_at(&out, "a.toml:3:11", "outside the project folder");
    let err = stderr(&out);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(!err.contains("root:"), "{err}");
}

#[cfg(unix)]
#[test]
fn fifos_as_extends_logo_or_manifest_do_not_hang() {
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &valid_charter())]);
    let fifo = |name: &str| {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ok();
        }
        let made = Command::new("mkfifo").arg(&path).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo {name}");
    };
    fifo("model.toml");
    fifo("out/.charter-manifest.json");
    let extends = "[charter]\nid = \"b\"\nextends = \"model.toml\"\n";
    std::fs::write(dir.path().join("b.toml"), extends).ok();
    let out = run_guarded(dir.path(), &["check", "b.toml"], GUARD);
    assert_refused_at(&out, "b.toml:3:11", "is a FIFO");

    let logo = charter_with("logo = \"logo.png\"", "cover = true", "\"正文\"");
    std::fs::create_dir_all(dir.path().join("c")).ok();
    std::fs::write(dir.path().join("c/c.toml"), &logo).ok();
    fifo("c/logo.png");
    let out = run_guarded(dir.path(), &["check", "c/c.toml"], GUARD);
    assert_refused_at(&out, "c/c.toml:7:", "is a FIFO");

    // A FIFO where the manifest should be is no manifest: a full build.
    let out = run_guarded(
        dir.path(),
        &["build", "a.toml", "-o", "out", "--format", "json"],
        GUARD,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("out").read_dir().is_ok());
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    assert!(status.is_ok_and(|s| s.success()), "git {args:?}");
}

fn repository() -> tempfile::TempDir {
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &valid_charter())]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "one"]);
    dir
}

#[test]
fn a_git_revision_never_reads_outside_the_repository() {
    if !require_tool("git") {
        return;
    }
    let dir = repository();
    for spec in [
        "HEAD:../../../../../../etc/passwd",
        "HEAD:/etc/passwd",
        "HEAD:../../etc/hostname",
    ] {
        let out = run_guarded(dir.path(), &["diff", spec, "a.toml"], GUARD);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{spec}: {err}");
        assert!(err.contains("leaves the repository"), "{spec}: {err}");
        assert!(!err.contains("root:"), "{err}");
    }
}

// ---- Writes outside the output folder ----

#[test]
fn a_revision_is_never_an_option_to_git() {
    if !require_tool("git") {
        return;
    }
    let dir = repository();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").ok();
    let spec = format!("--output={}:a.toml", victim.display());
    let out = run_guarded(dir.path(), &["diff", "--", &spec, "a.toml"], GUARD);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not a revision"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&victim).ok().as_deref(),
        Some("keep me")
    );
}

#[test]
fn a_build_into_the_source_tree_cleans_only_its_own_temporaries() {
    // Outputs go to ./org/, the folder of the charter and of the user's file.
    let dir = scratch(&[("org/org.toml", ORG), ("org/a.toml", &valid_charter())]);
    let note = dir.path().join("org/.notes.tmp");
    std::fs::write(&note, "a user's file").ok();
    let old = std::time::SystemTime::now() - Duration::from_secs(7 * 24 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&note)
        .and_then(|f| f.set_modified(old))
        .ok();
    let out = run_guarded(
        dir.path(),
        &["build", "org", "-o", ".", "--format", "json"],
        GUARD,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("org/rules.json").exists());
    assert!(note.exists(), "the user's .notes.tmp was deleted");
    let leftovers: Vec<String> = std::fs::read_dir(dir.path().join("org"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".charter-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn no_command_writes_over_its_own_input() {
    let v2 = valid_charter().replace("全体工作人员", "全体工作人员和志愿者");
    let dir = scratch(&[
        ("org.toml", ORG),
        ("a.toml", &valid_charter()),
        ("b.toml", &v2),
    ]);
    let before = std::fs::read(dir.path().join("b.toml")).unwrap_or_default();
    for format in ["text", "json", "docx", "pdf"] {
        let out = run_guarded(
            dir.path(),
            &[
                "diff", "a.toml", "b.toml", "--format", format, "-o", "b.toml",
            ],
            GUARD,
        );
        assert_eq!(out.status.code(), Some(2), "{format}: {}", stderr(&out));
        assert!(stderr(&out).contains("is an input"), "{}", stderr(&out));
        assert_eq!(
            std::fs::read(dir.path().join("b.toml")).unwrap_or_default(),
            before
        );
    }

    let csv = answers();
    let work = scratch(&[("responses.csv", &csv)]);
    let out = tally_in(
        work.path(),
        &["--responses", "responses.csv", "-o", "responses.csv"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("is an input"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(work.path().join("responses.csv")).unwrap_or_default(),
        csv
    );
}

// ---- Unbounded work ----

#[test]
fn runaway_templates_stop_with_an_error_at_their_line() {
    let cases = [
        (
            "\"{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\"",
            "too much work",
        ),
        (
            "\"{% for i in range(1000) %}{{ 'x' * 1000000 }}{% endfor %}\"",
            "\"*\" is not available",
        ),
        (
            "\"{% for i in range(100000) %}{{ org.name }}{{ org.name }}{{ org.name }}{% endfor %}\"",
            "renders to more than",
        ),
        (
            "\"{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}\"",
            "\"set\" is not available",
        ),
        (
            "\"{{ org.name | replace('', org.name) | replace('', org.name) | replace('', org.name) | replace('', org.name) | replace('', org.name) | replace('', org.name) }}\"",
            "would make a text of more than",
        ),
    ];
    for (template, message) in cases {
        let text = charter_with("", "", template);
        let dir = scratch(&[("a.toml", &text)]);
        let out = run_guarded(dir.path(), &["check", "a.toml"], GUARD);
        let line = line_of(&text, "text = ");
        assert_refused_at(&out, &format!("a.toml:{line}:"), message);
    }
}

/// A DOCX package with `document` as word/document.xml, written with `write`.
fn docx_with(path: &Path, write: &mut dyn FnMut(&mut dyn Write)) {
    let file = std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).ok();
        zip.write_all(text.as_bytes()).ok();
    }
    zip.start_file("word/document.xml", options).ok();
    write(&mut zip);
    zip.finish().ok();
}

const W: &str = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;

#[test]
fn a_zip_bomb_docx_is_refused_while_inflating() {
    let dir = scratch(&[]);
    let path = dir.path().join("bomb.docx");
    docx_with(&path, &mut |w| {
        w.write_all(W.as_bytes()).ok();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..200 {
            w.write_all(&chunk).ok();
        }
        w.write_all(b"</w:body></w:document>").ok();
    });
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    assert!(size < 2 * 1024 * 1024, "the bomb is {size} bytes");
    let out = run_guarded(dir.path(), &["import", "bomb.docx"], GUARD);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("inflates to more than"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_docx_nested_a_thousand_tables_deep_is_refused() {
    let dir = scratch(&[]);
    let path = dir.path().join("deep.docx");
    docx_with(&path, &mut |w| {
        w.write_all(W.as_bytes()).ok();
        for _ in 0..1000 {
            w.write_all(b"<w:tbl><w:tr><w:tc>").ok();
        }
        w.write_all(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>").ok();
        for _ in 0..1000 {
            w.write_all(b"</w:tc></w:tr></w:tbl>").ok();
        }
        w.write_all(b"</w:body></w:document>").ok();
    });
    let out = run_guarded(dir.path(), &["import", "deep.docx"], GUARD);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nests elements more than"),
        "{}",
        stderr(&out)
    );
}

/// A charter with `clause` as its text fails with `message` when built as
/// `format`, and the charter beside it still builds.
fn fails_alone(clause: String, format: &str, message: &str) {
    let text = charter_with("", "", &format!("\"{clause}\""));
    let dir = scratch(&[
        ("org.toml", ORG),
        ("a/huge.toml", &text.replace("\"rules\"", "\"huge\"")),
        ("b/ok.toml", &valid_charter()),
    ]);
    let out = run_guarded(
        dir.path(),
        &["build", ".", "-o", "out", "--format", format],
        GUARD,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(message), "{err}");
    assert!(err.contains("built 1, unchanged 0, failed 1"), "{err}");
}

#[test]
fn a_huge_clause_fails_its_charter_alone() {
    fails_alone("测".repeat(17 * 1024 * 1024), "json", "the limit is 32 MB");
}

#[test]
fn a_huge_text_is_not_typeset_but_fails_alone() {
    fails_alone("测".repeat(2 * 1024 * 1024), "pdf", "too much to typeset");
}

#[test]
fn a_hundred_thousand_unknown_keys_are_reported_briefly() {
    let mut text = String::from("[charter]\nid = \"x\"\ntitle = \"制度\"\n");
    for i in 0..100_000 {
        text.push_str(&format!("key{i} = 1\n"));
    }
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &text)]);
    let out = run_guarded(dir.path(), &["check", "a.toml"], GUARD);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("too many problems in this file"), "{err}");
    assert!(err.matches("error:").count() <= 102, "{}", err.len());
}

#[test]
fn a_tally_of_eighty_thousand_rows_finishes() {
    let csv = answers();
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default().to_string();
    let rows: Vec<&str> = lines.take(3).collect();
    let mut big = header + "\n";
    for i in 0..80_000 {
        big.push_str(rows[i % rows.len()]);
        big.push('\n');
    }
    let work = scratch(&[("big.csv", &big)]);
    let out = tally_in(work.path(), &["--responses", "big.csv", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report["rows"]["counted"], 80_000);
}

// ---- Damaged or lost data ----

#[test]
fn control_characters_are_errors_at_their_place() {
    for (escape, code) in [
        ("\\u0007", "U+0007"),
        ("\\u001b", "U+001B"),
        ("\\u0085", "U+0085"),
        ("\\uffff", "U+FFFF"),
        ("\\b", "U+0008"),
    ] {
        let text = charter_with("", "", &format!("\"正文a{escape}b\""));
        let dir = scratch(&[("a.toml", &text)]);
        let out = run_guarded(dir.path(), &["check", "a.toml"], GUARD);
        let line = line_of(&text, "text = ");
        // The column of the escape itself: text = "正文a is 12 characters.
        assert_refused_at(&out, &format!("a.toml:{line}:12"), code);
    }
    let org = "name = \"甲\\u0007中心\"\n";
    let dir = scratch(&[("org.toml", org), ("a.toml", &valid_charter())]);
    let out = run_guarded(dir.path(), &["check", "a.toml"], GUARD);
    assert_refused_at(&out, "org.toml:1:10", "U+0007");
}

#[test]
fn private_use_characters_stay_text_and_forge_no_reference() {
    let text = charter_with(
        "",
        "",
        "\"甲\\ue000general\\ue001第九条\\ue002乙{{ ref('general') }}\"",
    );
    let dir = scratch(&[("a.toml", &text)]);
    let out = run_guarded(
        dir.path(),
        &["build", "a.toml", "-o", "out", "--format", "json"],
        GUARD,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let folder = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let json = std::fs::read_to_string(dir.path().join(format!("out/{folder}/rules.json")))
        .unwrap_or_default();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let section = &doc["sections"][0];
    assert_eq!(
        section["text"][0],
        "甲\u{e000}general\u{e001}第九条\u{e002}乙一"
    );
    let refs = section["refs"].as_array().cloned().unwrap_or_default();
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert_eq!(refs[0]["start"], 15);
}

#[test]
fn a_charter_whose_docx_cannot_be_written_changes_no_file() {
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &valid_charter())]);
    let out = run_guarded(dir.path(), &["build", "a.toml", "-o", "out"], GUARD);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let folder = dir
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = dir.path().join("out").join(&folder).join("rules");
    let pdf = std::fs::read(stem.with_extension("pdf")).unwrap_or_default();
    let json = std::fs::read(stem.with_extension("json")).unwrap_or_default();
    std::fs::remove_file(stem.with_extension("docx")).ok();
    std::fs::create_dir(stem.with_extension("docx")).ok();
    let changed = valid_charter().replace("全体工作人员", "全体员工");
    std::fs::write(dir.path().join("a.toml"), changed).ok();
    let out = run_guarded(dir.path(), &["build", "a.toml", "-o", "out"], GUARD);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("none of this charter's files were changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(stem.with_extension("pdf")).unwrap_or_default(),
        pdf
    );
    assert_eq!(
        std::fs::read(stem.with_extension("json")).unwrap_or_default(),
        json
    );
}

#[cfg(unix)]
#[test]
fn revise_keeps_mode_symlink_bom_line_ends_and_inline_tables() {
    use std::os::unix::fs::PermissionsExt;
    let charter = "approval = { body = \"理事会\", term = 2, session = 4, date = 2025-03-01 }\n\n[charter]\nid = \"rules\"\ntitle = \"服务承诺制度\"\n\n[[section]]\nid = \"general\"\ntitle = \"总体要求\"\ntext = \"正文。\"\n"
        .replace('\n', "\r\n");
    let with_bom = format!("\u{feff}{charter}");
    let dir = scratch(&[("org.toml", ORG), ("real/a.toml", &with_bom)]);
    let real = dir.path().join("real/a.toml");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).ok();
    std::os::unix::fs::symlink(&real, dir.path().join("a.toml")).ok();
    let out = run_guarded(
        dir.path(),
        &[
            "revise",
            "a.toml",
            "--term",
            "2",
            "--session",
            "6",
            "--date",
            "2026-01-10",
            "--summary",
            "修订",
        ],
        GUARD,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = dir.path().join("a.toml");
    assert!(
        link.symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
    );
    let mode = std::fs::metadata(&real).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode.ok(), Some(0o444));
    let after = std::fs::read_to_string(&real).unwrap_or_default();
    assert!(after.starts_with('\u{feff}'), "BOM lost");
    assert!(after.contains("session = 6"), "{after}");
    assert!(after.contains("2026-01-10"), "{after}");
    let bare_lf = after.replace("\r\n", "").contains('\n');
    assert!(!bare_lf, "a line end is no longer CRLF:\n{after:?}");
}

#[test]
fn an_unterminated_quote_in_the_answers_is_reported_with_its_line() {
    let csv = answers();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    lines.insert(4, "社区亲子阅读日,\"很满意,1,1,1,1,1,1,1,1,好".to_string());
    let work = scratch(&[("answers.csv", &lines.join("\n"))]);
    let out = tally_in(work.path(), &["--responses", "answers.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("answers.csv:5:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("never closed"), "{}", stderr(&out));
}

#[test]
fn control_characters_in_answers_never_reach_the_report() {
    let csv = answers();
    let poisoned = csv.replacen("学会了亲子共读的方法", "学会了\u{1b}[2J亲子\u{7}共读", 1);
    let work = scratch(&[("answers.csv", &poisoned)]);
    for format in ["text", "json"] {
        let out = tally_in(
            work.path(),
            &["--responses", "answers.csv", "--format", format],
        );
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            !all.contains('\u{1b}') && !all.contains('\u{7}'),
            "{format}"
        );
        assert!(all.contains("学会了[2J亲子共读"), "{format}: {all}");
    }
}

#[test]
fn shards_built_side_by_side_keep_every_manifest_entry() {
    let mut files = vec![("org.toml".to_string(), ORG.to_string())];
    for i in 0..300 {
        files.push((
            format!("o{i}/c.toml"),
            valid_charter().replace("\"rules\"", &format!("\"rules{i}\"")),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = scratch(&refs);
    let spawn = |shard: &str| {
        Command::new(BIN)
            .args([
                "build", ".", "-o", "out", "--format", "json", "-q", "--shard", shard,
            ])
            .current_dir(dir.path())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let (mut a, mut b) = (spawn("1/2"), spawn("2/2"));
    assert!(a.wait().is_ok_and(|s| s.success()));
    assert!(b.wait().is_ok_and(|s| s.success()));
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/.charter-manifest.json")).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let entries = manifest["entries"]
        .as_object()
        .map(|m| m.len())
        .unwrap_or(0);
    assert_eq!(entries, 300);
}

// ---- Errors point at the user's file ----

#[test]
fn a_missing_template_or_logo_is_reported_at_the_charters_line() {
    let text = charter_with(
        "logo = \"nowhere.png\"",
        "template = \"formul\"",
        "\"正文\"",
    );
    let dir = scratch(&[("a.toml", &text)]);
    let out = run_guarded(dir.path(), &["build", "a.toml", "-o", "out"], GUARD);
    let err = stderr(&out);
    assert_refused_at(
        &out,
        &format!("a.toml:{}:", line_of(&text, "template =")),
        "unknown template \"formul\"",
    );
    assert!(
        err.contains(&format!("a.toml:{}:", line_of(&text, "logo ="))),
        "{err}"
    );
    assert!(err.contains("file not found"), "{err}");
    assert!(!err.contains("formal.typ"), "{err}");
}

#[test]
fn a_glyph_pdf_a_refuses_is_reported_at_the_charters_line() {
    let text = charter_with("", "", "\"一二三\u{13000}四\"")
        + "\n[approval]\nbody = \"理事会\"\nterm = 1\nsession = 1\ndate = 2025-01-01\n";
    let dir = scratch(&[("a.toml", &text)]);
    let out = run_guarded(
        dir.path(),
        &[
            "build",
            "a.toml",
            "-o",
            "out",
            "--format",
            "pdf",
            "--pdf-standard",
            "a-2b",
        ],
        GUARD,
    );
    let line = line_of(&text, "text = ");
    assert_refused_at(&out, &format!("a.toml:{line}:12"), "PDF/A-2b error");
    // The error itself, not only the missing-glyph warning, points there.
    let err = stderr(&out);
    let error = &err[err.find("error: PDF/A-2b error").unwrap_or(0)..];
    let block = error.split("\n\n").next().unwrap_or("");
    assert!(block.contains(&format!("a.toml:{line}:12")), "{block}");
}

// ---- Variants ----

#[cfg(unix)]
#[test]
fn a_projects_template_copy_leading_out_is_an_error_not_the_built_in() {
    let text = charter_with("", "template = \"formal\"", "\"正文\"");
    let dir = scratch(&[("a.toml", &text)]);
    std::fs::create_dir_all(dir.path().join("templates")).ok();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("templates/formal.typ")).ok();
    let out = run_guarded(dir.path(), &["build", "a.toml", "-o", "out"], GUARD);
    let line = line_of(&text, "template =");
    assert_refused_at(
        &out,
        &format!("a.toml:{line}:"),
        "outside the project folder",
    );
    assert!(!stderr(&out).contains("root:"), "{}", stderr(&out));
}

#[test]
fn import_never_writes_over_the_file_it_reads() {
    let text =
        "测试中心服务制度\n\n第一条　本制度适用于全体员工。\n第二条　本制度自发布之日起施行。\n";
    let dir = scratch(&[("rules.txt", text)]);
    for args in [
        &["import", "rules.txt", "-o", "rules.txt", "--force"][..],
        &[
            "import",
            "rules.txt",
            "-o",
            "a.toml",
            "--org-out",
            "rules.txt",
            "--force",
        ],
    ] {
        let out = run_guarded(dir.path(), args, GUARD);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("rules.txt")).unwrap_or_default(),
            text
        );
    }
}

#[test]
fn an_endless_extends_chain_and_a_million_nodes_fail_alone() {
    let mut files = vec![("org.toml".to_string(), ORG.to_string())];
    for i in 0..80 {
        files.push((
            format!("m{i}.toml"),
            format!(
                "[charter]\nid = \"m\"\nmodel = true\nextends = \"m{}.toml\"\n",
                i + 1
            ),
        ));
    }
    files.push((
        "m80.toml".into(),
        "[charter]\nid = \"m\"\ntitle = \"制度\"\nmodel = true\n".into(),
    ));
    files.push((
        "chain.toml".into(),
        "[charter]\nid = \"c\"\nextends = \"m0.toml\"\n".into(),
    ));
    let mut many = String::from("[charter]\nid = \"many\"\ntitle = \"制度\"\n");
    for _ in 0..25_000 {
        many.push_str("[[section]]\ntitle = \"章\"\n");
    }
    files.push(("many.toml".into(), many));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = scratch(&refs);
    let out = run_guarded(dir.path(), &["check", "chain.toml", "many.toml"], GUARD);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("models deep"), "{err}");
    assert!(err.contains("more than 20000 numbered nodes"), "{err}");
}

#[test]
fn control_characters_on_the_command_line_are_refused() {
    let dir = scratch(&[("org.toml", ORG), ("a.toml", &valid_charter())]);
    let out = run_guarded(
        dir.path(),
        &["new", "org2", "--name", "甲\u{1b}[2J中心"],
        GUARD,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.path().join("org2/org.toml").exists());
    let before = std::fs::read(dir.path().join("a.toml")).unwrap_or_default();
    let out = run_guarded(
        dir.path(),
        &[
            "revise",
            "a.toml",
            "--term",
            "2",
            "--session",
            "5",
            "--date",
            "2026-01-01",
            "--summary",
            "改\u{7}",
        ],
        GUARD,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(dir.path().join("a.toml")).unwrap_or_default(),
        before
    );
}

/// Found by the property test: docx-rs loops for ever on a document.xml
/// that ends inside a paragraph.
#[test]
fn a_docx_ending_inside_a_paragraph_is_refused_not_a_hang() {
    let dir = scratch(&[]);
    let path = dir.path().join("cut.docx");
    docx_with(&path, &mut |w| {
        w.write_all(W.as_bytes()).ok();
        w.write_all(b"<w:p><w:r><w:t>x</w:t></w:r>").ok();
    });
    let out = run_guarded(dir.path(), &["import", "cut.docx"], GUARD);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ends inside an element"),
        "{}",
        stderr(&out)
    );
}
