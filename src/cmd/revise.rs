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
    let Some(date) = parse_date(&args.date, "--date", diags) else {
        return 2;
    };
    let texts = [
        ("--summary", Some(&args.summary)),
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
    let amendment = Amendment {
        term: args.term,
        session: args.session,
        date,
        summary: args.summary.clone(),
        version: args.version.clone(),
        effective,
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
    let (revised, version) = match amend(&original, &amendment, &shown, diags) {
        Ok(amended) => amended,
        Err(Refused::Date) => return 2,
        Err(Refused::File) => return 1,
    };
    if let Err(err) = replace_keeping(&args.charter, &revised) {
        diags.push(Diagnostic::error(format!("cannot write {shown}: {err}")));
        return 1;
    }
    // The revised charter must still resolve; if not, put the original back.
    match Pipeline::with_sources(args.org.clone(), sources.clone(), sandbox)
        .resolve_file(&args.charter, diags)
    {
        Some(resolved) => {
            println!("revised {shown}: version {version}");
            if let Some(statement) = &resolved.document.closing.statement {
                println!("{statement}");
            }
            0
        }
        None => {
            let _ = replace_keeping(&args.charter, &original);
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
