//! Batch builds: parallel and serial give the same bytes, shards cover every
//! charter once, an incremental build rebuilds exactly what changed, a killed
//! build leaves every earlier output intact, watch rebuilds on a change.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SCHEMES: [&str; 3] = ["gbt9704", "arabic", "articles"];

/// A tree of `n` fictional organisations, each with a charter extending the
/// example model and a short 章程 of its own.
fn tree(n: usize) -> tempfile::TempDir {
    let model = std::fs::read_to_string(root().join("charters/models/service-commitment.toml"))
        .unwrap_or_default();
    let mut files: Vec<(String, String)> =
        vec![("charters/models/service-commitment.toml".into(), model)];
    for i in 0..n {
        let org = format!("charters/orgs/org{i:03}");
        files.push((
            format!("{org}/org.toml"),
            format!("name = \"测试第{i}社会工作服务中心\"\nshort_name = \"中心\"\nphone = \"010-5555-{i:04}\"\nemail = \"org{i}@example.org\"\n"),
        ));
        let scheme = SCHEMES[i % 2];
        files.push((
            format!("{org}/service-commitment.toml"),
            format!("[charter]\nid = \"service-commitment\"\nextends = \"../../models/service-commitment.toml\"\nnumbering = \"{scheme}\"\n\n[approval]\nterm = 1\nsession = {}\ndate = 2025-03-01\n", i % 5 + 1),
        ));
        files.push((
            format!("{org}/articles.toml"),
            format!(
                "[charter]\nid = \"articles\"\ntitle = \"{{{{ org.name }}}}章程\"\nnumbering = \"{}\"\n\n[[section]]\nid = \"general\"\ntitle = \"总则\"\n\n  [[section.clause]]\n  id = \"name\"\n  text = \"本单位的名称为{{{{ org.name }}}}。\"\n\n  [[section.clause]]\n  text = \"本单位依照{{{{ ref('general.name') }}}}登记。\"\n",
                SCHEMES[2]
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    scratch(&refs)
}

fn build(dir: &Path, out: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["build", "charters", "--format", "pdf,docx,json", "-o", out];
    args.extend_from_slice(extra);
    let output = run_in(dir, &args);
    (output.status.code().unwrap_or(-1), stderr(&output))
}

/// Every output file below `dir` with its bytes (the manifest left out).
fn outputs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                out.insert(
                    path.strip_prefix(base).unwrap_or(&path).to_path_buf(),
                    std::fs::read(&path).unwrap_or_default(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn summary(err: &str) -> String {
    err.lines()
        .find(|l| l.starts_with("built ") && l.contains(", unchanged "))
        .unwrap_or("")
        .to_string()
}

#[test]
fn parallel_builds_give_the_bytes_of_a_serial_build() {
    let dir = tree(6);
    let (status, err) = build(dir.path(), "serial", &["-j", "1", "-q"]);
    assert_eq!(status, 0, "{err}");
    // Two parallel builds at once, each with two threads.
    let spawn = |out: &str| {
        std::process::Command::new(BIN)
            .args([
                "build",
                "charters",
                "--format",
                "pdf,docx,json",
                "-q",
                "-j",
                "2",
                "-o",
                out,
            ])
            .current_dir(dir.path())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let (mut a, mut b) = (spawn("parallel-a"), spawn("parallel-b"));
    assert!(a.wait().is_ok_and(|s| s.success()) && b.wait().is_ok_and(|s| s.success()));
    let serial = outputs(&dir.path().join("serial"));
    assert_eq!(
        serial.len(),
        6 * 2 * 3,
        "{:?}",
        serial.keys().collect::<Vec<_>>()
    );
    for name in ["parallel-a", "parallel-b"] {
        let parallel = outputs(&dir.path().join(name));
        assert_eq!(
            parallel.keys().collect::<Vec<_>>(),
            serial.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &serial {
            assert!(
                parallel.get(path) == Some(bytes),
                "{name}/{} differs from the serial build",
                path.display()
            );
        }
    }
}

/// The PDF writer keeps work between documents (each font's compiled glyph
/// programs, each glyph's bounding box): a charter late in a batch, whose
/// fonts were subset many times before it, must come out exactly as when it
/// is built alone.
#[test]
fn a_charter_in_a_batch_has_the_bytes_it_has_alone() {
    let dir = tree(5);
    let (status, err) = build(dir.path(), "batch", &["-j", "1", "-q"]);
    assert_eq!(status, 0, "{err}");
    let batch = outputs(&dir.path().join("batch"));
    for charter in [
        "org004/service-commitment",
        "org004/articles",
        "org001/articles",
    ] {
        let alone = format!("alone-{}", charter.replace('/', "-"));
        let output = run_in(
            dir.path(),
            &[
                "build",
                &format!("charters/orgs/{charter}.toml"),
                "--format",
                "pdf,docx",
                "-q",
                "-o",
                &alone,
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let alone = outputs(&dir.path().join(&alone));
        for extension in ["pdf", "docx"] {
            let name = format!(
                "{}.{extension}",
                charter.rsplit('/').next().unwrap_or(charter)
            );
            let single = alone
                .iter()
                .find(|(path, _)| path.ends_with(&name))
                .map(|(_, bytes)| bytes);
            let in_batch = batch.get(Path::new(&format!("{charter}.{extension}")));
            assert!(
                single.is_some(),
                "{charter}: no {name} in {:?}",
                alone.keys()
            );
            assert!(
                in_batch == single,
                "{charter}.{extension} differs between the batch and a build of it alone"
            );
        }
    }
}

#[test]
fn shards_cover_every_charter_exactly_once() {
    let dir = tree(10);
    let mut seen: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for k in 1..=3 {
        let out = format!("shard{k}");
        let output = run_in(
            dir.path(),
            &[
                "build",
                "charters",
                "--format",
                "json",
                "-q",
                "--shard",
                &format!("{k}/3"),
                "-o",
                &out,
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        for path in outputs(&dir.path().join(&out)).keys() {
            *seen.entry(path.clone()).or_default() += 1;
        }
    }
    let all = run_in(
        dir.path(),
        &["build", "charters", "--format", "json", "-q", "-o", "all"],
    );
    assert_eq!(all.status.code(), Some(0));
    let everything: Vec<PathBuf> = outputs(&dir.path().join("all")).into_keys().collect();
    assert_eq!(everything.len(), 20);
    assert_eq!(
        seen.keys().cloned().collect::<Vec<_>>(),
        everything,
        "the shards together build every charter"
    );
    assert!(
        seen.values().all(|&n| n == 1),
        "no charter in two shards: {seen:?}"
    );
    let bad = run_in(dir.path(), &["build", "charters", "--shard", "4/3"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "a shard out of range is a usage error"
    );
}

#[test]
fn changing_one_org_file_rebuilds_exactly_its_documents() {
    let dir = tree(8);
    let (status, err) = build(dir.path(), "out", &[]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        summary(&err).split(" in ").next(),
        Some("built 16, unchanged 0, failed 0"),
        "{err}"
    );
    let (_, err) = build(dir.path(), "out", &[]);
    assert_eq!(
        summary(&err).split(" in ").next(),
        Some("built 0, unchanged 16, failed 0"),
        "{err}"
    );

    let before = outputs(&dir.path().join("out"));
    let org = dir.path().join("charters/orgs/org003/org.toml");
    let text = std::fs::read_to_string(&org)
        .unwrap_or_default()
        .replace("测试第3", "改名第3");
    std::fs::write(&org, text).unwrap_or_else(|e| panic!("{e}"));
    let (status, err) = build(dir.path(), "out", &[]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        summary(&err).split(" in ").next(),
        Some("built 2, unchanged 14, failed 0"),
        "{err}"
    );
    let after = outputs(&dir.path().join("out"));
    let changed: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path.display().to_string())
        .collect();
    let expected: Vec<String> = ["articles", "service-commitment"]
        .iter()
        .flat_map(|id| ["docx", "json", "pdf"].map(|ext| format!("org003/{id}.{ext}")))
        .collect();
    assert_eq!(changed, expected, "exactly that organisation's documents");

    // A corrupt manifest means a full build, not an error; --force rebuilds too.
    std::fs::write(dir.path().join("out/.charter-manifest.json"), b"garbage")
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, err) = build(dir.path(), "out", &[]);
    assert_eq!(status, 0, "{err}");
    assert!(summary(&err).starts_with("built 16,"), "{err}");
    let (_, err) = build(dir.path(), "out", &["--force"]);
    assert!(summary(&err).starts_with("built 16,"), "{err}");
}

#[test]
fn a_model_change_rebuilds_its_descendants_only() {
    let dir = tree(4);
    let (status, err) = build(dir.path(), "out", &[]);
    assert_eq!(status, 0, "{err}");
    let model = dir.path().join("charters/models/service-commitment.toml");
    let text = std::fs::read_to_string(&model)
        .unwrap_or_default()
        .replace("本制度由", "本制度由本");
    std::fs::write(&model, text).unwrap_or_else(|e| panic!("{e}"));
    let (_, err) = build(dir.path(), "out", &[]);
    // Four charters extend the model; the four 章程 do not.
    assert_eq!(
        summary(&err).split(" in ").next(),
        Some("built 4, unchanged 4, failed 0"),
        "{err}"
    );
}

/// Whether a written output is whole: a PDF with its trailer, a DOCX that
/// unzips, JSON that parses.
fn loadable(path: &Path, bytes: &[u8]) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => {
            bytes.starts_with(b"%PDF")
                && String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(64)..])
                    .contains("%%EOF")
        }
        Some("docx") => {
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok_and(|z| z.len() > 5)
        }
        Some("json") => serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
        _ => true,
    }
}

#[test]
fn a_killed_build_leaves_every_earlier_output_intact() {
    let dir = tree(30);
    let (status, err) = build(dir.path(), "out", &["-q"]);
    assert_eq!(status, 0, "{err}");
    let before = outputs(&dir.path().join("out"));
    assert_eq!(before.len(), 30 * 2 * 3);
    // Every document changes, then the rebuild is killed part-way.
    for i in 0..30 {
        let org = dir.path().join(format!("charters/orgs/org{i:03}/org.toml"));
        let text = std::fs::read_to_string(&org)
            .unwrap_or_default()
            .replace("测试", "更名");
        std::fs::write(&org, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut child = std::process::Command::new(BIN)
        .args([
            "build",
            "charters",
            "--format",
            "pdf,docx,json",
            "-q",
            "-j",
            "2",
            "-o",
            "out",
        ])
        .current_dir(dir.path())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Kill once some documents have been rewritten, before all are.
    let start = Instant::now();
    loop {
        let now = outputs(&dir.path().join("out"));
        let rewritten = now
            .iter()
            .filter(|(p, b)| before.get(*p) != Some(*b))
            .count();
        if rewritten >= 3 || start.elapsed() > Duration::from_secs(20) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    let after = outputs(&dir.path().join("out"));
    let rewritten = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .count();
    assert!(
        rewritten < after.len(),
        "the build finished before it was killed; nothing was tested"
    );
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "no output lost"
    );
    for (path, bytes) in &after {
        assert!(
            loadable(path, bytes),
            "{} is damaged after the kill",
            path.display()
        );
    }
    // The next build completes and is consistent.
    let (status, err) = build(dir.path(), "out", &["-q"]);
    assert_eq!(status, 0, "{err}");
    for (path, bytes) in outputs(&dir.path().join("out")) {
        assert!(loadable(&path, &bytes), "{}", path.display());
    }
}

#[test]
fn watch_rebuilds_after_a_change() {
    let dir = tree(2);
    let mut child = std::process::Command::new(BIN)
        .args(["watch", "charters", "--format", "json", "-q", "-o", "out"])
        .current_dir(dir.path())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let json = dir.path().join("out/org001/service-commitment.json");
    let wait_for = |needle: &str| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if std::fs::read_to_string(&json).is_ok_and(|t| t.contains(needle)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    };
    let built = wait_for("测试第1社会工作服务中心");
    let model = dir.path().join("charters/models/service-commitment.toml");
    let text = std::fs::read_to_string(&model)
        .unwrap_or_default()
        .replace("总体要求", "总体原则");
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(&model, text).unwrap_or_else(|e| panic!("{e}"));
    let rebuilt = wait_for("总体原则");
    let _ = child.kill();
    let _ = child.wait();
    assert!(built, "watch did not build at start");
    assert!(rebuilt, "watch did not rebuild after the model changed");
}
