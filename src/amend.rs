//! Recording a board amendment in a charter's TOML: a new `[[revision]]`
//! and an updated `[approval]`, every other byte of the file kept
//! (comments, layout, quoting, BOM, line ends), `[approval]` and the
//! history written as tables or inline alike.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value, value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::zh::Date;

/// The summary of the original adoption when `revise` writes it into the history.
pub const ADOPTION_SUMMARY: &str = "制定";

/// What the board decided.
#[derive(Clone, Debug)]
pub struct Amendment {
    pub term: u32,
    pub session: u32,
    pub date: Date,
    pub summary: String,
    /// Default: the last version's major number plus one.
    pub version: Option<String>,
    /// `None`: effective upon approval.
    pub effective: Option<Date>,
}

/// Why an amendment was not recorded (the diagnostics say more).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The date comes before the last revision: a mistake of the command.
    Date,
    /// The file cannot be edited as a charter.
    File,
}

/// The charter's bytes with `amendment` recorded, and the new version.
/// `shown` names the file in messages.
pub fn amend(
    original: &[u8],
    amendment: &Amendment,
    shown: &str,
    diags: &mut Diagnostics,
) -> Result<(Vec<u8>, String), Refused> {
    let (date, effective) = (amendment.date, amendment.effective);
    let Ok((text, form)) = Form::read(original.to_vec()) else {
        diags.push(
            Diagnostic::error(format!("{shown} is not UTF-8 text"))
                .help("save the file as UTF-8, then revise"),
        );
        return Err(Refused::File);
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
            return Err(Refused::File);
        }
    };

    // A charter approved but never revised: its original adoption becomes
    // the first entry of the history, so the amendment is not taken for it.
    if doc.get("revision").is_none()
        && let Some(adopted) = crate::history::adoption(&doc)
        && let (Some(adopted_date), Some(term), Some(session)) =
            (adopted.date, adopted.term, adopted.session)
    {
        let mut first = Table::new();
        first.insert("version", value(adopted.version));
        first.insert("date", value(adopted_date.to_toml()));
        first.insert("term", value(i64::from(term)));
        first.insert("session", value(i64::from(session)));
        first.insert("summary", value(ADOPTION_SUMMARY));
        let mut list = ArrayOfTables::new();
        list.push(first);
        doc.insert("revision", Item::ArrayOfTables(list));
    }

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
        return Err(Refused::Date);
    }
    let version = amendment
        .version
        .clone()
        .unwrap_or_else(|| next_version(last_version.as_deref()));

    // The version names the copy `revise` keeps of it.
    if !crate::history::safe_version(&version) {
        diags.push(
            Diagnostic::error(t!("history-version-unsafe", version = version.clone()))
                .help(t!("history-version-unsafe-help")),
        );
        return Err(Refused::Date);
    }
    let mut entry = Table::new();
    entry.insert("version", value(version.clone()));
    entry.insert("date", value(date.to_toml()));
    entry.insert("term", value(i64::from(amendment.term)));
    entry.insert("session", value(i64::from(amendment.session)));
    entry.insert("summary", value(amendment.summary.clone()));
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
            return Err(Refused::File);
        }
        None => {
            let mut list = ArrayOfTables::new();
            list.push(entry);
            doc.insert("revision", Item::ArrayOfTables(list));
        }
    }

    if let Some(approval) = doc.get_mut("approval").and_then(Item::as_table_like_mut) {
        set_keeping_decor(approval, "term", Value::from(i64::from(amendment.term)));
        set_keeping_decor(
            approval,
            "session",
            Value::from(i64::from(amendment.session)),
        );
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

    Ok((form.write(&doc.to_string()), version))
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
