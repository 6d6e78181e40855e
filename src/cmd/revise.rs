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
    for (option, value) in [("--summary", &args.summary), ("--version", &args.version)] {
        if let Some(value) = value
            && !crate::cmd::clean_argument(option, value, diags)
        {
            return 2;
        }
    }
    let effective = match args.effective.as_deref().filter(|t| *t != "upon-approval") {
        Some(text) => match parse_date(text, "--effective", diags) {
            None => return 2,
            date => date,
        },
        None => None,
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
    let date = match args.date.as_deref().map(|t| parse_date(t, "--date", diags)) {
        Some(None) => return 2,
        date => date.flatten(),
    };
    let given = crate::amendment::run::Given {
        term: args.term,
        session: args.session,
        date,
        summary: args.summary.clone(),
        org: args.org.clone(),
    };
    let (body, term, session, date, summary) = match crate::amendment::run::revision(
        &args.charter,
        &original,
        args.amendment.as_deref(),
        given,
        sandbox,
        sources,
        diags,
    ) {
        Ok(settled) => settled,
        Err(status) => return status,
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
    // The version replaced is kept first (unless it was kept when recorded).
    let Some(replaced) = crate::history::keep_replaced(&args.charter, &original, diags) else {
        return 1;
    };
    if let Err(err) = replace_keeping(&args.charter, &revised) {
        diags.push(Diagnostic::error(format!("cannot write {shown}: {err}")));
        crate::history::forget(replaced);
        return 1;
    }
    // The revised charter must still resolve; if not, put the original back.
    match Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
        .resolve_file(&args.charter, diags)
    {
        Some(resolved) => {
            crate::history::keep_recorded(&args.charter, &version, &revised, diags);
            println!("revised {shown}: version {version}");
            if let Some(statement) = &resolved.document.closing.statement {
                println!("{statement}");
            }
            0
        }
        None => {
            let _ = replace_keeping(&args.charter, &original);
            crate::history::forget(replaced);
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
