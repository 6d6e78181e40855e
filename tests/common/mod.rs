//! Helpers shared by the integration tests: run the release binary that
//! `cargo test --release` built, in scratch folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_charter");

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `charter` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A scratch folder holding the given files.
pub fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    dir
}

/// Runs `charter check .` in a scratch folder with the files; returns (status, stderr).
pub fn check(files: &[(&str, &str)]) -> (i32, String) {
    let dir = scratch(files);
    let output = run_in(dir.path(), &["check", "."]);
    (output.status.code().unwrap_or(-1), stderr(&output))
}

/// Whether an external checker is on PATH. Under CI=true a missing checker
/// fails the test; elsewhere the test is skipped with the reason printed.
pub fn require_tool(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{tool} is required under CI=true but is not installed (see .ci/run)");
        }
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

/// A small valid charter for tests to break in one place.
pub const ORG: &str =
    "name = \"测试社会工作服务中心\"\nshort_name = \"中心\"\nphone = \"010-5555-0000\"\n";

pub fn valid_charter() -> String {
    r#"[charter]
id = "rules"
title = "服务承诺制度"

[[section]]
id = "general"
title = "总体要求"
text = "{{ org.short_name }}坚持公益性。"

  [[section.clause]]
  id = "scope"
  text = "本制度适用于全体工作人员。"

[approval]
body = "理事会"
term = 2
session = 4
date = 2025-03-01
"#
    .to_string()
}
