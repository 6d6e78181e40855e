//! `charter revise`: record a board amendment in a charter: a new
//! `[[revision]]` and an updated `[approval]`, the rest of the file (comments,
//! layout, quoting) kept byte for byte.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value, value};

use crate::cli::ReviseArgs;
use crate::cmd::resolve_one;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::output::write_atomic;
use crate::zh::Date;

pub fn run(args: &ReviseArgs) -> i32 {
    crate::cmd::reported(|sources, diags| revise(args, sources, diags))
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
fn set_keeping_decor(table: &mut Table, key: &str, new: Value) {
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

fn revise(args: &ReviseArgs, sources: &SourceMap, diags: &mut Diagnostics) -> i32 {
    let Some(date) = parse_date(&args.date, "--date", diags) else {
        return 2;
    };
    let effective = match &args.effective {
        Some(text) if text != "upon-approval" => match parse_date(text, "--effective", diags) {
            Some(d) => Some(d),
            None => return 2,
        },
        _ => None,
    };
    let original = match std::fs::read_to_string(&args.charter) {
        Ok(text) => text,
        Err(err) => {
            diags.push(
                Diagnostic::error(format!("cannot read {}: {err}", args.charter.display()))
                    .help("give the charter's .toml file"),
            );
            return 1;
        }
    };
    let mut doc: DocumentMut = match original.parse() {
        Ok(doc) => doc,
        Err(err) => {
            diags.push(
                Diagnostic::error(format!(
                    "{} is not valid TOML: {}",
                    args.charter.display(),
                    err.message().trim()
                ))
                .help("run charter check on it, fix the errors, then revise"),
            );
            return 1;
        }
    };

    // The history so far: its last version and date.
    let revisions = doc.get("revision").and_then(Item::as_array_of_tables);
    let last = revisions.and_then(|r| r.iter().last());
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
    let last_position = last.and_then(Table::position);
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
    // Beside the last revision rather than at the end of the file.
    entry.set_position(last_position);
    match doc
        .get_mut("revision")
        .and_then(Item::as_array_of_tables_mut)
    {
        Some(list) => list.push(entry),
        None => {
            let mut list = ArrayOfTables::new();
            list.push(entry);
            doc.insert("revision", Item::ArrayOfTables(list));
        }
    }

    if let Some(approval) = doc.get_mut("approval").and_then(Item::as_table_mut) {
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

    let revised = doc.to_string();
    if let Err(err) = write_atomic(&args.charter, revised.as_bytes()) {
        diags.push(Diagnostic::error(format!(
            "cannot write {}: {err}",
            args.charter.display()
        )));
        return 1;
    }
    // The revised charter must still resolve; if not, put the original back.
    match resolve_one(&args.charter, args.org.clone(), sources, diags) {
        Some((_, resolved)) => {
            println!("revised {}: version {version}", args.charter.display());
            if let Some(statement) = &resolved.document.closing.statement {
                println!("{statement}");
            }
            0
        }
        None => {
            let _ = write_atomic(&args.charter, original.as_bytes());
            diags.push(
                Diagnostic::error(format!(
                    "{} does not check after the revision; it was left unchanged",
                    args.charter.display()
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
