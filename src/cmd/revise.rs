//! `charter revise`: record a board amendment in a charter: a new
//! `[[revision]]` and an updated `[approval]`, the rest of the file (comments,
//! layout, quoting) kept byte for byte.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value, value};

use crate::cli::ReviseArgs;
use crate::cmd::resolve_one;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::output::replace_keeping;
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

/// 2.0 → 3.0, 1 → 2; no history → 1.0.
pub fn next_version(last: Option<&str>) -> String {
    let Some(last) = last else {
        return "1.0".into();
    };
    let major: String = last.chars().take_while(|c| c.is_ascii_digit()).collect();
    match major.parse::<u64>() {
        Ok(n) if last.contains('.') => format!("{}.0", n + 1),
        Ok(n) => (n + 1).to_string(),
        Err(_) => format!("{last}-revised"),
    }
}

/// Sets a key to a new value keeping the old value's surrounding spaces and comment.
fn set_keeping_decor(table: &mut dyn TableLike, key: &str, new: Value) {
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

/// How the file was written, so the revised file is written the same way.
struct Form {
    bom: bool,
    crlf: bool,
}

impl Form {
    /// The text as edited (LF line ends, no BOM) and how it was written.
    fn read(bytes: Vec<u8>) -> Result<(String, Form), std::string::FromUtf8Error> {
        let mut text = String::from_utf8(bytes)?;
        let bom = text.starts_with('\u{feff}');
        if bom {
            text.drain(..3);
        }
        let crlf = text.contains("\r\n");
        if crlf {
            text = text.replace("\r\n", "\n");
        }
        Ok((text, Form { bom, crlf }))
    }

    fn write(&self, text: &str) -> Vec<u8> {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        if self.crlf {
            out.push_str(&text.replace('\n', "\r\n"));
        } else {
            out.push_str(text);
        }
        out.into_bytes()
    }
}

/// The last revision, whether written as `[[revision]]` tables or as an
/// inline list of tables.
fn last_revision(doc: &DocumentMut) -> Option<&dyn TableLike> {
    match doc.get("revision")? {
        Item::ArrayOfTables(list) => list.iter().last().map(|t| t as &dyn TableLike),
        Item::Value(Value::Array(list)) => list
            .iter()
            .last()
            .and_then(Value::as_inline_table)
            .map(|t| t as &dyn TableLike),
        _ => None,
    }
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
    let Ok((text, form)) = Form::read(original.clone()) else {
        diags.push(
            Diagnostic::error(format!("{shown} is not UTF-8 text"))
                .help("save the file as UTF-8, then revise"),
        );
        return 1;
    };
    let mut doc: DocumentMut = match text.parse() {
        Ok(doc) => doc,
        Err(err) => {
            diags.push(
                Diagnostic::error(format!(
                    "{shown} is not valid TOML: {}",
                    err.message().trim()
                ))
                .help("run charter check on it, fix the errors, then revise"),
            );
            return 1;
        }
    };

    // The history so far: its last version and date.
    let last = last_revision(&doc);
    let last_version = last.and_then(|t| t.get("version")).and_then(|v| {
        v.as_str()
            .map(str::to_string)
            .or_else(|| v.as_value().map(|v| v.to_string().trim().to_string()))
    });
    if let Some(last_date) = last
        .and_then(|t| t.get("date"))
        .and_then(|d| d.as_datetime())
        .and_then(|d| d.date)
        .and_then(|d| Date::new(d.year, d.month, d.day))
        && date < last_date
    {
        diags.push(
                Diagnostic::error(format!("--date {date} is before the last revision ({last_date})"))
                    .help("revisions are kept oldest first; give the date of the meeting that approved this amendment"),
            );
        return 2;
    }
    let version = args
        .version
        .clone()
        .unwrap_or_else(|| next_version(last_version.as_deref()));

    let mut entry = Table::new();
    entry.insert("version", value(version.clone()));
    entry.insert("date", value(date.to_toml()));
    entry.insert("term", value(i64::from(args.term)));
    entry.insert("session", value(i64::from(args.session)));
    entry.insert("summary", value(args.summary.clone()));
    match doc.get_mut("revision") {
        Some(Item::ArrayOfTables(list)) => {
            // Beside the last revision rather than at the end of the file.
            entry.set_position(list.iter().last().and_then(Table::position));
            list.push(entry);
        }
        Some(Item::Value(Value::Array(list))) => {
            list.push(entry.into_inline_table());
        }
        Some(_) => {
            diags.push(
                Diagnostic::error(format!("{shown}: \"revision\" is not a list of revisions"))
                    .help("write the history as [[revision]] tables, then revise"),
            );
            return 1;
        }
        None => {
            let mut list = ArrayOfTables::new();
            list.push(entry);
            doc.insert("revision", Item::ArrayOfTables(list));
        }
    }

    if let Some(approval) = doc.get_mut("approval").and_then(Item::as_table_like_mut) {
        set_keeping_decor(approval, "term", Value::from(i64::from(args.term)));
        set_keeping_decor(approval, "session", Value::from(i64::from(args.session)));
        set_keeping_decor(approval, "date", Value::from(date.to_toml()));
        match effective {
            Some(d) => set_keeping_decor(approval, "effective", Value::from(d.to_toml())),
            None if approval.contains_key("effective") => {
                set_keeping_decor(approval, "effective", Value::from("upon-approval"))
            }
            None => {}
        }
        let literal_statement = approval
            .get("statement")
            .and_then(Item::as_str)
            .is_some_and(|s| !s.contains("{{"));
        if literal_statement {
            diags.push(
                Diagnostic::warning("[approval] statement is written out and may still name the old session")
                    .help("write it with {{ approval.term | zh_num }} and {{ approval.session | zh_num }}, or remove it to have it generated"),
            );
        }
    }

    // In place, as it was: through a symlink, same mode, BOM and line ends.
    let revised = form.write(&doc.to_string());
    if let Err(err) = replace_keeping(&args.charter, &revised) {
        diags.push(Diagnostic::error(format!("cannot write {shown}: {err}")));
        return 1;
    }
    // The revised charter must still resolve; if not, put the original back.
    match resolve_one(&args.charter, args.org.clone(), sandbox, sources, diags) {
        Some((_, resolved)) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up() {
        assert_eq!(next_version(Some("2.0")), "3.0");
        assert_eq!(next_version(Some("9.1")), "10.0");
        assert_eq!(next_version(Some("3")), "4");
        assert_eq!(next_version(None), "1.0");
    }
}
