//! `charter log FILE`: the versions of a charter — version, date, the
//! meeting that adopted it, summary — and whether the text of each is kept
//! in its history folder (see [`crate::history`]).

use std::path::Path;

use crate::cli::LogArgs;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::history;
use crate::pipeline::Pipeline;
use crate::sandbox::Sandbox;

pub fn run(args: &LogArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| log(args, sandbox, sources, diags))
}

fn log(args: &LogArgs, sandbox: &Sandbox, sources: &SourceMap, diags: &mut Diagnostics) -> i32 {
    let shown = args.charter.display().to_string();
    if history::is_kept_copy(&args.charter) {
        diags.push(
            Diagnostic::error(t!("history-kept-copy", file = shown))
                .help(t!("history-kept-copy-help")),
        );
        return 1;
    }
    let text = match crate::sandbox::read_bounded(&args.charter, crate::sandbox::SOURCE_LIMIT) {
        Ok(bytes) => String::from_utf8_lossy(&bytes)
            .trim_start_matches('\u{feff}')
            .to_string(),
        Err(refusal) => {
            diags.push(
                Diagnostic::error(refusal.describe(&shown)).help("give the charter's .toml file"),
            );
            return 1;
        }
    };
    let doc: toml_edit::DocumentMut = match text.parse() {
        Ok(doc) => doc,
        Err(err) => {
            diags.push(
                Diagnostic::error(format!(
                    "{shown} is not valid TOML: {}",
                    err.message().trim()
                ))
                .help("run charter check on it and fix the errors"),
            );
            return 1;
        }
    };
    let mut versions = history::versions(&doc);
    if versions.is_empty() {
        versions.extend(history::adoption(&doc));
    }
    if versions.is_empty() {
        diags.push(
            Diagnostic::error(t!("log-none", file = shown)).help(t!("history-kept-copy-help")),
        );
        return 1;
    }
    // The approving body as the charter names it (it may come from its model).
    let mut quiet = Diagnostics::new();
    let body = Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
        .resolve_file(&args.charter, &mut quiet)
        .and_then(|r| r.document.approval.map(|a| a.body))
        .unwrap_or_default();
    let kept = history::kept(&args.charter);
    println!("{}", t!("log-header"));
    let last = versions.len() - 1;
    for (index, v) in versions.iter().enumerate() {
        let date = v.date.map(|d| d.to_string()).unwrap_or_default();
        let meeting = match (v.term, v.session) {
            (Some(term), Some(session)) => crate::format::session(&body, term, session),
            _ => String::new(),
        };
        let mut notes = Vec::new();
        if index == last {
            notes.push(t!("log-current"));
        }
        notes.push(if kept.contains(&v.version) {
            t!("log-kept")
        } else if index == last {
            String::new()
        } else {
            t!("log-no-copy")
        });
        notes.retain(|n| !n.is_empty());
        println!(
            "{}{}{}{}[{}]",
            padded(&v.version, 10),
            padded(&date, 13),
            padded(&meeting, 34),
            padded(v.summary.as_deref().unwrap_or(""), 24),
            notes.join(", ")
        );
    }
    if let Some(current) = versions.last()
        && edited_since(&args.charter, &current.version, &text)
    {
        println!(
            "{}",
            t!(
                "log-edited",
                version = current.version.clone(),
                file = shown
            )
        );
    }
    0
}

/// Whether the file differs from the copy kept of its current version.
fn edited_since(charter: &Path, version: &str, text: &str) -> bool {
    let copy = history::copy_path(charter, version);
    match std::fs::read(&copy) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim_start_matches('\u{feff}') != text,
        Err(_) => false,
    }
}

/// `text` followed by spaces to `width` columns, a CJK character counting
/// two; at least one space.
fn padded(text: &str, width: usize) -> String {
    let used: usize = text
        .chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used).max(1)))
}
