//! Applying a 修正案 file to a charter file, for `charter amend apply` and
//! `charter revise --amendment`: read, parse, apply, record, check, write.

use std::path::{Path, PathBuf};

use super::Meeting;
use super::apply::Applier;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::pipeline::{Outcome, Pipeline};
use crate::sandbox::Sandbox;

/// What `charter amend apply` was asked.
pub struct Request<'a> {
    pub old: &'a Path,
    pub amendment: &'a Path,
    pub output: &'a Path,
    pub summary: Option<&'a str>,
    pub version: Option<&'a str>,
    pub org: Option<PathBuf>,
}

/// `charter amend apply`: the exit status.
pub fn apply_command(
    args: &Request,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    for (option, value) in [("--summary", args.summary), ("--version", args.version)] {
        if let Some(value) = value
            && !crate::cmd::clean_argument(option, value, diags)
        {
            return 2;
        }
    }
    let Some(old) = read_text(args.old, diags) else {
        return 1;
    };
    let Some((text, meeting, count)) = apply_to(
        args.old,
        &old,
        args.amendment,
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
                .map(str::to_string)
                .unwrap_or_else(|| meeting.publication_line()),
            version: args.version.map(str::to_string),
            effective: None,
        };
        match crate::amend::amend(&bytes, &record, &args.old.display().to_string(), diags) {
            Ok((recorded, _)) => bytes = recorded,
            Err(_) => return 1,
        }
    }
    // The new version must check, read where the old one stands.
    if !resolves(args.old, &bytes, args.org.clone(), sandbox, sources, diags) {
        return 1;
    }
    let inputs = [args.old.to_path_buf(), args.amendment.to_path_buf()];
    if !crate::cmd::write_outputs(&[(args.output.to_path_buf(), bytes)], &inputs, diags) {
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

/// What `charter revise` was given besides the charter.
pub struct Given {
    pub term: Option<u32>,
    pub session: Option<u32>,
    pub date: Option<crate::zh::Date>,
    pub summary: Option<String>,
    pub org: Option<PathBuf>,
}

/// For `charter revise`: the charter's bytes with the 修正案's items applied
/// (none without one), and the revision's term, session, date and summary:
/// as given, else from the amendment's note. Err: the exit status.
pub fn revision(
    charter: &Path,
    original: &[u8],
    amendment: Option<&Path>,
    given: Given,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Result<(Vec<u8>, u32, u32, crate::zh::Date, String), i32> {
    let (body, meeting) = match amendment {
        Some(amendment) => {
            let old = read_text(charter, diags).ok_or(1)?;
            let (text, meeting, _) =
                apply_to(charter, &old, amendment, given.org, sandbox, sources, diags).ok_or(1)?;
            (text.into_bytes(), meeting)
        }
        None => (original.to_vec(), None),
    };
    let (Some(term), Some(session), Some(date)) = (
        given.term.or(meeting.as_ref().map(|m| m.term)),
        given.session.or(meeting.as_ref().map(|m| m.session)),
        given.date.or(meeting.as_ref().map(|m| m.date)),
    ) else {
        diags.push(
            Diagnostic::error(t!("revise-needs-meeting")).help(t!("revise-needs-meeting-help")),
        );
        return Err(2);
    };
    let summary = match (given.summary, &meeting) {
        (Some(summary), _) => summary,
        (None, Some(meeting)) => meeting.publication_line(),
        (None, None) => "根据修正案修正".to_string(),
    };
    Ok((body, term, session, date, summary))
}

/// Files to write, each with its bytes.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// `charter diff --format amendment`: the files to write (-o X.pdf, X.docx,
/// else text), or Err(whether it printed) when it went to standard output.
pub fn outputs(
    amendment: &super::Amendment,
    new: &crate::document::Document,
    output: Option<&Path>,
    (backends, date, sources): (
        &crate::backend::Backends,
        Option<crate::zh::Date>,
        &SourceMap,
    ),
    diags: &mut Diagnostics,
) -> Result<Option<Files>, bool> {
    for what in &amendment.unsupported {
        diags.push(
            Diagnostic::warning(t!("amendment-unsupported", what = what.clone()))
                .help(t!("amendment-unsupported-help")),
        );
    }
    let Some(path) = output else {
        use std::io::Write;
        return Err(std::io::stdout()
            .write_all(amendment.to_text().as_bytes())
            .is_ok());
    };
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    let bytes = match extension.as_deref() {
        Some("pdf") => backends.amendment_pdf(amendment, &new.org.name, date, sources, diags),
        Some("docx") => backends.amendment_docx(new, amendment, diags),
        _ => Some(amendment.to_text().into_bytes()),
    };
    Ok(bytes.map(|bytes| vec![(path.to_path_buf(), bytes)]))
}
