//! `charter amend apply OLD AMENDMENT -o NEW`: a board's 修正案 applied to
//! the old version (see [`crate::amendment`]); with the meeting its note
//! names, the revision is recorded as `charter revise` records it.

use std::path::{Path, PathBuf};

use crate::amendment::Meeting;
use crate::amendment::apply::Applier;
use crate::cli::AmendApplyArgs;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::pipeline::{Outcome, Pipeline};
use crate::sandbox::Sandbox;

pub fn apply(args: &AmendApplyArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| apply_command(args, sandbox, sources, diags))
}

fn apply_command(
    args: &AmendApplyArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    for (option, value) in [("--summary", &args.summary), ("--version", &args.version)] {
        if let Some(value) = value
            && !crate::cmd::clean_argument(option, value, diags)
        {
            return 2;
        }
    }
    let Some(old) = read_text(&args.old, diags) else {
        return 1;
    };
    let Some((text, meeting, count)) = apply_to(
        &args.old,
        &old,
        &args.amendment,
        args.org.clone(),
        sandbox,
        sources,
        diags,
    ) else {
        return 1;
    };
    let mut bytes = text.into_bytes();
    if let Some(meeting) = &meeting {
        let record = crate::amend::Amendment {
            term: meeting.term,
            session: meeting.session,
            date: meeting.date,
            summary: args
                .summary
                .clone()
                .unwrap_or_else(|| meeting.publication_line()),
            version: args.version.clone(),
            effective: None,
        };
        match crate::amend::amend(&bytes, &record, &args.old.display().to_string(), diags) {
            Ok((recorded, _)) => bytes = recorded,
            Err(_) => return 1,
        }
    }
    // The new version must check, read where the old one stands.
    if !resolves(&args.old, &bytes, args.org.clone(), sandbox, sources, diags) {
        return 1;
    }
    let inputs = [args.old.clone(), args.amendment.clone()];
    if !crate::cmd::write_outputs(&[(args.output.clone(), bytes)], &inputs, diags) {
        return 1;
    }
    eprintln!(
        "{}",
        t!(
            "amendment-applied",
            count = count,
            amendment = args.amendment.display().to_string(),
            old = args.old.display().to_string()
        )
    );
    0
}

/// A file's text, BOM dropped; an error when it cannot be read.
pub fn read_text(path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let shown = path.display().to_string();
    match crate::sandbox::read_bounded(path, crate::sandbox::SOURCE_LIMIT) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text.trim_start_matches('\u{feff}').to_string()),
            Err(_) => {
                diags.push(
                    Diagnostic::error(t!("amendment-unreadable", file = shown))
                        .help(t!("amendment-unreadable-help")),
                );
                None
            }
        },
        Err(refusal) => {
            diags.push(Diagnostic::error(refusal.describe(&shown)).help("give an existing file"));
            None
        }
    }
}

/// The charter at `charter` (text `old`) with the 修正案 in `amendment`
/// applied, the meeting its note names, and how many items it applied.
pub fn apply_to(
    charter: &Path,
    old: &str,
    amendment: &Path,
    org: Option<PathBuf>,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<(String, Option<Meeting>, usize)> {
    let amendment_text = read_text(amendment, diags)?;
    let file = sources.add(amendment, amendment_text.clone());
    let before = diags.error_count();
    let parsed = crate::amendment::parse::parse(&amendment_text, file, diags);
    if diags.error_count() > before {
        return None;
    }
    if parsed.items.is_empty() {
        diags.push(
            Diagnostic::error(t!(
                "amendment-empty",
                file = amendment.display().to_string()
            ))
            .help(t!("amendment-empty-help")),
        );
        return None;
    }
    let job = crate::discover::discover(&[charter.to_path_buf()], diags)
        .into_iter()
        .next()?;
    let pipeline = Pipeline::with_sources(org.clone(), sources.clone(), sandbox);
    let Outcome::Resolved(resolved) = pipeline.resolve_source(&job, Some(old), diags) else {
        return None;
    };
    let applier = Applier::new(old, &job, sandbox, &resolved.document, org);
    let shown = charter.display().to_string();
    let count = parsed.items.len();
    let text = applier.run(&parsed, &shown, diags)?;
    Some((text, parsed.meeting, count))
}

/// Whether `bytes`, read as the charter at `charter`, resolves.
pub fn resolves(
    charter: &Path,
    bytes: &[u8],
    org: Option<PathBuf>,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> bool {
    let Some(job) = crate::discover::discover(&[charter.to_path_buf()], diags)
        .into_iter()
        .next()
    else {
        return false;
    };
    let text = String::from_utf8_lossy(bytes);
    let pipeline = Pipeline::with_sources(org, sources.clone(), sandbox);
    matches!(
        pipeline.resolve_source(&job, Some(&text), diags),
        Outcome::Resolved(_)
    )
}
