//! `charter revise`: see [`crate::amend`]. The file is edited in place,
//! through a symlink, keeping its mode; if the charter no longer checks,
//! the original is put back.

use crate::amend::{Amendment, Refused, amend};
use crate::cli::ReviseArgs;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::output::replace_keeping;
use crate::pipeline::Pipeline;
use crate::sandbox::Sandbox;
use crate::zh::Date;

pub fn run(args: &ReviseArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| revise(args, sandbox, sources, diags))
}

fn parse_date(text: &str, option: &str, diags: &mut Diagnostics) -> Option<Date> {
    let date = Date::parse(text);
    if date.is_none() {
        diags.push(
            Diagnostic::error(format!("{option} {text} is not a date")).help(format!(
                "write {option} YYYY-MM-DD, a day that exists, e.g. {option} 2026-05-01"
            )),
        );
    }
    date
}

fn revise(
    args: &ReviseArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    let texts = [
        ("--summary", args.summary.as_ref()),
        ("--version", args.version.as_ref()),
    ];
    for (option, value) in texts {
        if let Some(value) = value
            && !crate::cmd::clean_argument(option, value, diags)
        {
            return 2;
        }
    }
    let effective = match &args.effective {
        Some(text) if text != "upon-approval" => match parse_date(text, "--effective", diags) {
            Some(d) => Some(d),
            None => return 2,
        },
        _ => None,
    };
    let shown = args.charter.display().to_string();
    let original = match crate::sandbox::read_bounded(&args.charter, crate::sandbox::SOURCE_LIMIT) {
        Ok(bytes) => bytes,
        Err(refusal) => {
            diags.push(
                Diagnostic::error(refusal.describe(&shown)).help("give the charter's .toml file"),
            );
            return 1;
        }
    };
    // With a 修正案: its items applied first; its note names the meeting.
    let (body, meeting) = match &args.amendment {
        Some(amendment) => {
            let Some(old) = crate::cmd::amend::read_text(&args.charter, diags) else {
                return 1;
            };
            match crate::cmd::amend::apply_to(
                &args.charter,
                &old,
                amendment,
                args.org.clone(),
                sandbox,
                sources,
                diags,
            ) {
                Some((text, meeting, _)) => (text.into_bytes(), meeting),
                None => return 1,
            }
        }
        None => (original.clone(), None),
    };
    let date = match (&args.date, &meeting) {
        (Some(text), _) => match parse_date(text, "--date", diags) {
            Some(date) => date,
            None => return 2,
        },
        (None, Some(meeting)) => meeting.date,
        (None, None) => {
            diags.push(
                Diagnostic::error(t!("revise-needs-meeting")).help(t!("revise-needs-meeting-help")),
            );
            return 2;
        }
    };
    let (Some(term), Some(session)) = (
        args.term.or(meeting.as_ref().map(|m| m.term)),
        args.session.or(meeting.as_ref().map(|m| m.session)),
    ) else {
        diags.push(
            Diagnostic::error(t!("revise-needs-meeting")).help(t!("revise-needs-meeting-help")),
        );
        return 2;
    };
    let summary = match (&args.summary, &meeting) {
        (Some(summary), _) => summary.clone(),
        (None, Some(meeting)) => meeting.publication_line(),
        (None, None) => "根据修正案修正".to_string(),
    };
    let amendment = Amendment {
        term,
        session,
        date,
        summary,
        version: args.version.clone(),
        effective,
    };
    let (revised, version) = match amend(&body, &amendment, &shown, diags) {
        Ok(amended) => amended,
        Err(Refused::Date) => return 2,
        Err(Refused::File) => return 1,
    };
    if !crate::history::safe_version(&version) {
        diags.push(
            Diagnostic::error(t!("history-version-unsafe", version = version.clone()))
                .help(t!("history-version-unsafe-help")),
        );
        return 2;
    }
    // The version replaced is kept first (unless it was kept when recorded).
    let replaced = kept_version(&args.charter, &original, diags);
    let Ok(replaced) = replaced else {
        return 1;
    };
    if let Err(err) = replace_keeping(&args.charter, &revised) {
        diags.push(Diagnostic::error(format!("cannot write {shown}: {err}")));
        forget(replaced);
        return 1;
    }
    // The revised charter must still resolve; if not, put the original back.
    match Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
        .resolve_file(&args.charter, diags)
    {
        Some(resolved) => {
            // The new version as adopted, before anyone edits it again.
            if let Err(err) = crate::history::keep(&args.charter, &version, &revised) {
                diags.push(
                    Diagnostic::warning(t!(
                        "history-not-kept",
                        file = shown.clone(),
                        reason = err.to_string()
                    ))
                    .help(t!("history-not-kept-help")),
                );
            }
            println!("revised {shown}: version {version}");
            if let Some(statement) = &resolved.document.closing.statement {
                println!("{statement}");
            }
            0
        }
        None => {
            let _ = replace_keeping(&args.charter, &original);
            forget(replaced);
            diags.push(
                Diagnostic::error(format!(
                    "{shown} does not check after the revision; it was left unchanged"
                ))
                .help("fix the errors above (they may predate the revision), then revise again"),
            );
            1
        }
    }
}

/// Keeps the charter as it stands as the version it is, in its history
/// folder, when no copy of that version is kept yet; the copy written, if
/// any. A draft (never approved) is not kept.
fn kept_version(
    charter: &std::path::Path,
    original: &[u8],
    diags: &mut Diagnostics,
) -> Result<Option<std::path::PathBuf>, ()> {
    let text = String::from_utf8_lossy(original);
    let Ok(doc) = text
        .trim_start_matches('\u{feff}')
        .parse::<toml_edit::DocumentMut>()
    else {
        return Ok(None);
    };
    let Some(version) = crate::history::current_version(&doc) else {
        return Ok(None);
    };
    crate::history::keep(charter, &version, original).map_err(|err| {
        diags.push(
            Diagnostic::error(t!(
                "history-not-kept",
                file = charter.display().to_string(),
                reason = err.to_string()
            ))
            .help(t!("history-not-kept-help")),
        );
    })
}

/// Removes a copy [`kept_version`] wrote for a revision that was not made.
fn forget(copy: Option<std::path::PathBuf>) {
    if let Some(copy) = copy {
        let _ = std::fs::remove_file(&copy);
        if let Some(parent) = copy.parent() {
            let _ = std::fs::remove_dir(parent);
            if let Some(history) = parent.parent() {
                let _ = std::fs::remove_dir(history);
            }
        }
    }
}
