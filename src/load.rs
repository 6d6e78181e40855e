//! Load: TOML text → [`CharterSource`], every value with its span.
//!
//! The TOML is parsed into toml's spanned tree and read by hand rather than
//! through `serde(deny_unknown_fields)`, so that one run reports every unknown
//! key, wrong type and bad value of a file, each with a hint.

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc, SourceMap, Sp, suggest};
use crate::format::{AppendixKind, ApprovalPlace, PageNumber, QuestionKind, is_valid_id};
use crate::source::*;
use crate::zh::{Date, parse_zh_num};

const TOP_KEYS: &[&str] = &[
    "charter", "org", "vars", "layout", "section", "approval", "revision", "appendix",
];
const CHARTER_KEYS: &[&str] = &[
    "id",
    "title",
    "number",
    "numbering",
    "extends",
    "preamble",
    "model",
    "remove",
];
const LAYOUT_KEYS: &[&str] = &[
    "template",
    "cover",
    "header",
    "page_number",
    "signature",
    "approval",
];
const APPROVAL_KEYS: &[&str] = &["body", "term", "session", "date", "effective", "statement"];
const REVISION_KEYS: &[&str] = &["version", "date", "term", "session", "summary"];
const APPENDIX_KEYS: &[&str] = &[
    "id",
    "kind",
    "title",
    "intro",
    "scale",
    "respondent",
    "after",
    "before",
    "question",
    "field",
];
const QUESTION_KEYS: &[&str] = &["id", "kind", "text", "lines", "after", "before"];
const FIELD_KEYS: &[&str] = &["id", "label", "lines", "after", "before"];
const NUMBERING_KEYS: &[&str] = &["levels", "continuous"];

/// Table names of the four node levels and the key holding each level's children.
const NODE_TABLES: [(&str, &str); 4] = [
    ("[[section]]", "clause"),
    ("[[section.clause]]", "item"),
    ("[[section.clause.item]]", "point"),
    ("[[section.clause.item.point]]", ""),
];

/// Where each key of the format lives, for "belongs in [charter]" hints.
const KEY_HOMES: &[(&str, &[&str])] = &[
    ("[charter]", CHARTER_KEYS),
    ("[layout]", LAYOUT_KEYS),
    ("[approval]", APPROVAL_KEYS),
    ("[org]", OrgSource::KEYS),
];

/// Reads a charter file from disk and registers it in `sources`.
pub fn load_charter_file(
    path: &Path,
    sources: &SourceMap,
    diags: &mut Diagnostics,
    named_at: Option<&Loc>,
) -> Option<CharterSource> {
    let text = read_source(path, sources, diags, named_at)?;
    let file = sources.add(path, text.as_str());
    parse_charter(&text, file, path, diags)
}

/// Reads a file as UTF-8 text, reporting a missing, unreadable, odd or
/// oversized file at the place that named it when there is one.
pub fn read_source(
    path: &Path,
    _sources: &SourceMap,
    diags: &mut Diagnostics,
    named_at: Option<&Loc>,
) -> Option<String> {
    let shown = crate::diag::display_path(path);
    match crate::sandbox::read_bounded(path, crate::sandbox::SOURCE_LIMIT) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                Some(text)
            }
            Err(_) => {
                let mut d = Diagnostic::error(format!("{shown} is not UTF-8 text"))
                    .help("save the file as UTF-8 (in WPS or Notepad: Save As → Encoding → UTF-8)");
                if let Some(loc) = named_at {
                    d = d.at(loc).label("named here");
                }
                diags.push(d);
                None
            }
        },
        Err(refusal) => {
            let mut d = Diagnostic::error(refusal.describe(&shown));
            d = match (named_at, &refusal) {
                (Some(loc), _) => d.at(loc).label("named here").help(refusal.hint()),
                (None, crate::sandbox::Refusal::NotFound) => {
                    d.help("check the path; `charter check` with no path checks charters/")
                }
                (None, _) => d.help(refusal.hint()),
            };
            diags.push(d);
            None
        }
    }
}

/// Parses charter text registered as `file`.
pub fn parse_charter(
    text: &str,
    file: FileId,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<CharterSource> {
    let root = parse_toml(text, file, diags)?;
    let mut reader = Reader { file, text, diags };
    let top = TableRef {
        map: root.get_ref(),
        name: "the top level".into(),
        loc: Loc::new(file, 0..0),
    };
    reader.keys(&top, TOP_KEYS);

    let mut source = CharterSource {
        file,
        path: path.to_path_buf(),
        ..CharterSource::default()
    };
    if let Some(charter) = reader.table(&top, "charter", "[charter]") {
        source.header = Some(charter.loc.clone());
        source.meta = reader.meta(&charter);
    }
    if let Some(org) = reader.table(&top, "org", "[org]") {
        source.org = reader.org(&org);
    }
    if let Some(vars) = reader.table(&top, "vars", "[vars]") {
        source.vars = reader.free_table(&vars);
    }
    if let Some(layout) = reader.table(&top, "layout", "[layout]") {
        source.layout = reader.layout(&layout);
    }
    source.sections = reader.nodes(&top, "section", 1);
    if let Some(approval) = reader.table(&top, "approval", "[approval]") {
        source.approval = Some(reader.approval(&approval));
    }
    if top.map.contains_key("revision") {
        let revisions = reader.tables(&top, "revision", "[[revision]]");
        source.revisions = Some(revisions.iter().map(|t| reader.revision(t)).collect());
    }
    let appendices = reader.tables(&top, "appendix", "[[appendix]]");
    source.appendices = appendices.iter().map(|t| reader.appendix(t)).collect();
    Some(source)
}

/// Organisation variables from an `org.toml`: either the `[org]` keys at the
/// top level, or an `[org]` table with an optional `[vars]` table beside it.
pub struct OrgFile {
    pub org: OrgSource,
    pub vars: BTreeMap<String, Sp<serde_json::Value>>,
}

pub fn load_org_file(path: &Path, sources: &SourceMap, diags: &mut Diagnostics) -> Option<OrgFile> {
    let text = read_source(path, sources, diags, None)?;
    let file = sources.add(path, text.as_str());
    let root = parse_toml(&text, file, diags)?;
    let mut reader = Reader {
        file,
        text: &text,
        diags,
    };
    let top = TableRef {
        map: root.get_ref(),
        name: "org.toml".into(),
        loc: Loc::new(file, 0..0),
    };
    let mut result = OrgFile {
        org: OrgSource::default(),
        vars: BTreeMap::new(),
    };
    if top.map.contains_key("org") {
        reader.keys(&top, &["org", "vars"]);
        if let Some(org) = reader.table(&top, "org", "[org]") {
            result.org = reader.org(&org);
        }
        if let Some(vars) = reader.table(&top, "vars", "[vars]") {
            result.vars = reader.free_table(&vars);
        }
    } else {
        result.org = reader.org(&top);
    }
    Some(result)
}

fn parse_toml<'i>(
    text: &'i str,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<Spanned<DeTable<'i>>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        check_characters(root.get_ref(), text, file, diags);
        return Some(root);
    }
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim().to_string();
        let mut d = Diagnostic::error(format!("malformed TOML: {}", first_line(&message)))
            .at(&Loc::new(file, span))
            .label(first_line(&message));
        d = d.help(syntax_hint(&message));
        diags.push(d);
    }
    None
}

/// Reports every key and string holding a control character (see
/// [`crate::hygiene`]), at the character itself when the TOML shows it.
fn check_characters(table: &DeTable<'_>, text: &str, file: FileId, diags: &mut Diagnostics) {
    fn value(v: &Spanned<DeValue<'_>>, text: &str, file: FileId, diags: &mut Diagnostics) {
        match v.get_ref() {
            DeValue::String(s) => string(s, v.span(), text, file, diags),
            DeValue::Array(items) => items.iter().for_each(|i| value(i, text, file, diags)),
            DeValue::Table(t) => check_characters(t, text, file, diags),
            _ => {}
        }
    }
    fn string(
        s: &str,
        span: std::ops::Range<usize>,
        text: &str,
        file: FileId,
        diags: &mut Diagnostics,
    ) {
        let Some((_, c)) = crate::hygiene::first_forbidden(s) else {
            return;
        };
        let at = forbidden_offset(text, span.clone(), c).unwrap_or(span.start);
        let end = (at + 1..=text.len())
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(at);
        diags.push(
            Diagnostic::error(format!(
                "a control character ({}) in the text",
                crate::hygiene::code_point(c)
            ))
            .at(&Loc::new(file, at..end))
            .label("not allowed in a charter")
            .help("remove it: control characters (other than tab and line breaks) make a DOCX that Word will not open"),
        );
    }
    for (key, v) in table.iter() {
        string(key.get_ref(), key.span(), text, file, diags);
        value(v, text, file, diags);
    }
}

/// Where, inside the TOML string at `span`, the character `c` is written:
/// the character itself, or the escape (`\u0007`, `\x07`, `\e`, `\b`, `\f`) that makes it.
fn forbidden_offset(text: &str, span: std::ops::Range<usize>, c: char) -> Option<usize> {
    let raw = text.get(span.clone())?;
    if let Some(i) = raw.find(c) {
        return Some(span.start + i);
    }
    let code = u32::from(c);
    let escapes = [
        format!("\\u{code:04x}"),
        format!("\\u{code:04X}"),
        format!("\\U{code:08x}"),
        format!("\\U{code:08X}"),
        format!("\\x{code:02x}"),
        format!("\\x{code:02X}"),
    ];
    let short = match c {
        '\u{8}' => Some("\\b"),
        '\u{c}' => Some("\\f"),
        '\u{1b}' => Some("\\e"),
        '\r' => Some("\\r"),
        _ => None,
    };
    escapes
        .iter()
        .map(String::as_str)
        .chain(short)
        .filter_map(|e| raw.find(e))
        .min()
        .map(|i| span.start + i)
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").to_string()
}

fn syntax_hint(message: &str) -> String {
    let lower = message.to_lowercase();
    if lower.contains("date") || lower.contains("day") || lower.contains("month") {
        "write a date that exists, as YYYY-MM-DD without quotes: date = 2025-03-01".into()
    } else if lower.contains("duplicate key") || lower.contains("duplicate") {
        "each key may appear once per table; for a list of sections use [[section]]".into()
    } else if lower.contains("string") || lower.contains("quote") {
        "text values need quotes: title = \"服务承诺制度\"; use \"\"\" … \"\"\" for text over several lines".into()
    } else {
        "see the format in README.md; every value needs `key = value`, text in quotes".into()
    }
}

struct TableRef<'t, 'i> {
    map: &'t DeTable<'i>,
    /// How the table is written, e.g. `[charter]`, for messages.
    name: String,
    loc: Loc,
}

struct Reader<'a> {
    file: FileId,
    text: &'a str,
    diags: &'a mut Diagnostics,
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl<'a> Reader<'a> {
    fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        Loc::new(self.file, span)
    }

    /// Reports every key of `table` that is not in `known`.
    fn keys(&mut self, table: &TableRef<'_, '_>, known: &[&str]) {
        for (key, _) in table.map.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let loc = self.loc(key.span());
            let mut d = Diagnostic::error(format!("unknown key \"{name}\" in {}", table.name))
                .at(&loc)
                .label(format!("not a key of {}", table.name));
            d = match unknown_key_hint(name, &table.name, known) {
                Some(hint) => d.help(hint),
                None => d.help(format!(
                    "the keys of {} are: {}",
                    table.name,
                    known.join(", ")
                )),
            };
            self.diags.push(d);
        }
    }

    fn type_error(
        &mut self,
        table: &TableRef<'_, '_>,
        key: &str,
        found: &Spanned<DeValue<'_>>,
        expected: &str,
        help: String,
    ) {
        let d = Diagnostic::error(format!(
            "\"{key}\" in {} must be {expected}, found {}",
            table.name,
            type_name(found.get_ref())
        ))
        .at(&self.loc(found.span()))
        .label(format!("expected {expected}"))
        .help(help);
        self.diags.push(d);
    }

    /// Every key of a table as written.
    fn written(&self, table: &TableRef<'_, '_>) -> Vec<String> {
        table
            .map
            .iter()
            .map(|(k, _)| k.get_ref().to_string())
            .collect()
    }

    fn value<'t, 'i>(
        &self,
        table: &TableRef<'t, 'i>,
        key: &str,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        table.map.get(key)
    }

    fn string(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<String>> {
        let value = self.value(table, key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Sp::new(s.to_string(), self.loc(value.span()))),
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    "text in quotes",
                    format!("write {key} = \"…\""),
                );
                None
            }
        }
    }

    /// A string that must be an id.
    fn id(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<String>> {
        let id = self.string(table, key)?;
        if !is_valid_id(&id.value) {
            let d = Diagnostic::error(format!("\"{}\" is not a valid id", id.value))
                .at(&id.loc)
                .label("ids are letters, digits, - and _")
                .help(format!(
                    "use letters, digits, - or _ only, e.g. {key} = \"{}\"",
                    sanitize_id(&id.value)
                ));
            self.diags.push(d);
            return None;
        }
        Some(id)
    }

    fn text_value(&self, value: &Spanned<DeValue<'_>>, content: &str) -> Text {
        let span = value.span();
        Text {
            src: content.to_string(),
            loc: self.loc(span.clone()),
            verbatim_at: verbatim_offset(self.text, span, content),
        }
    }

    fn text(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Text> {
        let value = self.value(table, key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(self.text_value(value, s)),
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    "text in quotes",
                    format!("write {key} = \"…\""),
                );
                None
            }
        }
    }

    fn text_list(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Vec<Text>> {
        let value = self.value(table, key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(
                table,
                key,
                value,
                "a list of texts",
                format!("write {key} = [\"…\", \"…\"]"),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(self.text_value(item, s)),
                _ => self.type_error(
                    table,
                    key,
                    item,
                    "text in quotes",
                    format!("write {key} = [\"…\", \"…\"]"),
                ),
            }
        }
        Some(out)
    }

    fn boolean(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<bool>> {
        let value = self.value(table, key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Sp::new(*b, self.loc(value.span()))),
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    "true or false",
                    format!("write {key} = true or {key} = false, without quotes"),
                );
                None
            }
        }
    }

    /// A positive whole number such as a term, session or line count.
    fn count(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<u32>> {
        let value = self.value(table, key)?;
        let loc = self.loc(value.span());
        match value.get_ref() {
            DeValue::Integer(i) => {
                let parsed = u32::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
                match parsed {
                    Some(n) if n >= 1 => Some(Sp::new(n, loc)),
                    _ => {
                        let d = Diagnostic::error(format!(
                            "\"{key}\" in {} must be 1 or more",
                            table.name
                        ))
                        .at(&loc)
                        .label("expected a positive whole number")
                        .help(format!("write e.g. {key} = 2"));
                        self.diags.push(d);
                        None
                    }
                }
            }
            DeValue::String(s) => {
                let digits: String = s
                    .chars()
                    .filter(|c| !matches!(c, '第' | '届' | '次' | '会' | '议' | '行'))
                    .collect();
                let help = match parse_zh_num(digits.trim()) {
                    Some(n) if n >= 1 => format!("write the number without quotes: {key} = {n}"),
                    _ => format!("write the number without quotes, e.g. {key} = 2"),
                };
                self.type_error(table, key, value, "a whole number", help);
                None
            }
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    "a whole number",
                    format!("write e.g. {key} = 2"),
                );
                None
            }
        }
    }

    /// A date: a TOML date (2025-03-01) or the same in quotes.
    fn date(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<Date>> {
        let value = self.value(table, key)?;
        let loc = self.loc(value.span());
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| Date::new(d.year, d.month, d.day))
            }
            DeValue::String(s) => {
                let date = Date::parse(s);
                if date.is_none() {
                    let d = Diagnostic::error(format!("\"{s}\" is not a date"))
                        .at(&loc)
                        .label("expected a date like 2025-03-01")
                        .help(format!(
                            "write {key} = 2025-03-01 (year-month-day, a day that exists)"
                        ));
                    self.diags.push(d);
                    return None;
                }
                date
            }
            DeValue::Datetime(_) => {
                let d = Diagnostic::error(format!(
                    "\"{key}\" in {} must be a date without a time",
                    table.name
                ))
                .at(&loc)
                .label("expected a date like 2025-03-01")
                .help(format!("write {key} = 2025-03-01"));
                self.diags.push(d);
                return None;
            }
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    "a date",
                    format!("write {key} = 2025-03-01"),
                );
                return None;
            }
        };
        parsed.map(|d| Sp::new(d, loc))
    }

    fn table<'t, 'i>(
        &mut self,
        parent: &TableRef<'t, 'i>,
        key: &str,
        name: &str,
    ) -> Option<TableRef<'t, 'i>> {
        let value = self.value(parent, key)?;
        match value.get_ref() {
            DeValue::Table(map) => Some(TableRef {
                map,
                name: name.to_string(),
                loc: self.loc(value.span()),
            }),
            _ => {
                self.type_error(
                    parent,
                    key,
                    value,
                    "a table",
                    format!("write it as a table: {name} on its own line, then its keys"),
                );
                None
            }
        }
    }

    fn tables<'t, 'i>(
        &mut self,
        parent: &TableRef<'t, 'i>,
        key: &str,
        name: &str,
    ) -> Vec<TableRef<'t, 'i>> {
        let Some(value) = self.value(parent, key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(
                parent,
                key,
                value,
                "a list of tables",
                format!("write each entry as {name} followed by its keys"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(map) => out.push(TableRef {
                    map,
                    name: name.to_string(),
                    loc: self.loc(item.span()),
                }),
                _ => self.type_error(
                    parent,
                    key,
                    item,
                    "a table",
                    format!("write each entry as {name} followed by its keys"),
                ),
            }
        }
        out
    }

    fn free_table(&mut self, table: &TableRef<'_, '_>) -> BTreeMap<String, Sp<serde_json::Value>> {
        table
            .map
            .iter()
            .map(|(key, value)| {
                (
                    key.get_ref().to_string(),
                    Sp::new(to_json(value.get_ref()), self.loc(value.span())),
                )
            })
            .collect()
    }

    fn meta(&mut self, table: &TableRef<'_, '_>) -> Meta {
        self.keys(table, CHARTER_KEYS);
        let numbering = self.value(table, "numbering").and_then(|value| {
            let loc = self.loc(value.span());
            match value.get_ref() {
                DeValue::String(s) => Some(Sp::new(NumberingSource::Named(s.to_string()), loc)),
                DeValue::Table(map) => {
                    let sub = TableRef {
                        map,
                        name: "[charter.numbering]".into(),
                        loc: loc.clone(),
                    };
                    self.numbering_table(&sub).map(|n| Sp::new(n, loc))
                }
                _ => {
                    self.type_error(table, "numbering", value, "a scheme name or a table", "write numbering = \"gbt9704\" (or \"articles\", \"arabic\"), or a [charter.numbering] table with levels".into());
                    None
                }
            }
        });
        let remove = match self.value(table, "remove") {
            None => Vec::new(),
            Some(value) => match value.get_ref() {
                DeValue::Array(items) => items
                    .iter()
                    .filter_map(|item| match item.get_ref() {
                        DeValue::String(s) => Some(Sp::new(s.to_string(), self.loc(item.span()))),
                        _ => {
                            self.type_error(
                                table,
                                "remove",
                                item,
                                "a path in quotes",
                                "write remove = [\"section-id.clause-id\"]".into(),
                            );
                            None
                        }
                    })
                    .collect(),
                _ => {
                    self.type_error(
                        table,
                        "remove",
                        value,
                        "a list of paths",
                        "write remove = [\"section-id.clause-id\"]".into(),
                    );
                    Vec::new()
                }
            },
        };
        Meta {
            keys: self.written(table),
            id: self.id(table, "id"),
            title: self.text(table, "title"),
            number: self.text(table, "number"),
            numbering,
            extends: self.string(table, "extends"),
            preamble: self.text(table, "preamble"),
            model: self.boolean(table, "model"),
            remove,
        }
    }

    fn numbering_table(&mut self, table: &TableRef<'_, '_>) -> Option<NumberingSource> {
        self.keys(table, NUMBERING_KEYS);
        let Some(levels_value) = self.value(table, "levels") else {
            let d = Diagnostic::error("[charter.numbering] needs levels")
                .at(&table.loc)
                .label("no levels given")
                .help("write levels = [\"{zh}、\", \"（{zh}）\", \"{n}.\", \"（{n}）\"]");
            self.diags.push(d);
            return None;
        };
        let DeValue::Array(items) = levels_value.get_ref() else {
            self.type_error(
                table,
                "levels",
                levels_value,
                "a list of patterns",
                "write levels = [\"{zh}、\", \"（{zh}）\"]".into(),
            );
            return None;
        };
        let mut levels = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => levels.push(Sp::new(s.to_string(), self.loc(item.span()))),
                _ => self.type_error(
                    table,
                    "levels",
                    item,
                    "a pattern in quotes",
                    "write levels = [\"{zh}、\", \"（{zh}）\"]".into(),
                ),
            }
        }
        let mut continuous = Vec::new();
        if let Some(value) = self.value(table, "continuous") {
            match value.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::Boolean(b) => continuous.push(*b),
                            _ => self.type_error(
                                table,
                                "continuous",
                                item,
                                "true or false",
                                "write continuous = [false, true]".into(),
                            ),
                        }
                    }
                }
                _ => self.type_error(
                    table,
                    "continuous",
                    value,
                    "a list of true/false",
                    "write continuous = [false, true]".into(),
                ),
            }
        }
        Some(NumberingSource::Custom { levels, continuous })
    }

    fn org(&mut self, table: &TableRef<'_, '_>) -> OrgSource {
        let mut known: Vec<&str> = OrgSource::KEYS.to_vec();
        known.push("extra");
        self.keys(table, &known);
        let mut org = OrgSource::default();
        for key in OrgSource::KEYS {
            if let Some(value) = self.string(table, key) {
                org.fields.insert((*key).to_string(), value);
            }
        }
        if let Some(extra) = self.table(table, "extra", "[org.extra]") {
            org.extra = self.free_table(&extra);
        }
        org
    }

    fn layout(&mut self, table: &TableRef<'_, '_>) -> LayoutSource {
        self.keys(table, LAYOUT_KEYS);
        LayoutSource {
            template: self.string(table, "template"),
            cover: self.boolean(table, "cover"),
            header: self.boolean(table, "header"),
            page_number: self.choice(
                table,
                "page_number",
                &[
                    ("dash", PageNumber::Dash),
                    ("total", PageNumber::Total),
                    ("none", PageNumber::None),
                ],
                &[],
            ),
            signature: self.boolean(table, "signature"),
            approval: self.choice(
                table,
                "approval",
                &[
                    ("closing", ApprovalPlace::Closing),
                    ("title", ApprovalPlace::Title),
                ],
                &[],
            ),
        }
    }

    /// A string key with a fixed set of values (`page_number = "dash"`);
    /// `aliases` are accepted but not offered in the message.
    fn choice<T: Copy>(
        &mut self,
        table: &TableRef<'_, '_>,
        key: &str,
        choices: &[(&str, T)],
        aliases: &[(&str, T)],
    ) -> Option<Sp<T>> {
        let s = self.string(table, key)?;
        if let Some((_, value)) = choices
            .iter()
            .chain(aliases)
            .find(|(name, _)| *name == s.value)
        {
            return Some(Sp::new(*value, s.loc));
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let quoted: Vec<String> = names.iter().map(|c| format!("\"{c}\"")).collect();
        let mut d = Diagnostic::error(format!("unknown {key} \"{}\"", s.value))
            .at(&s.loc)
            .label(format!("expected one of {}", quoted.join(", ")));
        d = match suggest(&s.value, names.iter().copied()) {
            Some(name) => d.help(format!("did you mean \"{name}\"?")),
            None => d.help(format!("write {key} = {}", quoted.join(" or "))),
        };
        self.diags.push(d);
        None
    }

    fn nodes(&mut self, parent: &TableRef<'_, '_>, key: &str, level: u8) -> Vec<NodeSource> {
        let (name, child_key) = NODE_TABLES[usize::from(level - 1)];
        let tables = self.tables(parent, key, name);
        tables
            .iter()
            .map(|t| self.node(t, level, child_key))
            .collect()
    }

    fn node(&mut self, table: &TableRef<'_, '_>, level: u8, child_key: &str) -> NodeSource {
        let heading_key = if level == 1 { "title" } else { "heading" };
        let mut known = vec!["id", heading_key, "text", "after", "before"];
        if !child_key.is_empty() {
            known.push(child_key);
        }
        self.keys(table, &known);
        let children = if child_key.is_empty() {
            Vec::new()
        } else {
            self.nodes(table, child_key, level + 1)
        };
        NodeSource {
            level,
            id: self.id(table, "id"),
            heading: self.text(table, heading_key),
            text: self.text(table, "text"),
            after: self.string(table, "after"),
            before: self.string(table, "before"),
            children,
            loc: table.loc.clone(),
        }
    }

    fn approval(&mut self, table: &TableRef<'_, '_>) -> ApprovalSource {
        self.keys(table, APPROVAL_KEYS);
        let effective = self.value(table, "effective").and_then(|value| {
            let loc = self.loc(value.span());
            match value.get_ref() {
                DeValue::String(s) if s.as_ref() == "upon-approval" => {
                    Some(Sp::new(Effective::UponApproval, loc))
                }
                DeValue::String(s) if Date::parse(s).is_none() => {
                    let d = Diagnostic::error(format!("unknown effective \"{s}\""))
                        .at(&loc)
                        .label("expected \"upon-approval\" or a date")
                        .help("write effective = \"upon-approval\" or effective = 2025-04-01");
                    self.diags.push(d);
                    None
                }
                _ => self
                    .date(table, "effective")
                    .map(|d| Sp::new(Effective::On(d.value), d.loc)),
            }
        });
        ApprovalSource {
            loc: Some(table.loc.clone()),
            keys: self.written(table),
            body: self.text(table, "body"),
            term: self.count(table, "term"),
            session: self.count(table, "session"),
            date: self.date(table, "date"),
            effective,
            statement: self.text(table, "statement"),
        }
    }

    fn revision(&mut self, table: &TableRef<'_, '_>) -> RevisionSource {
        self.keys(table, REVISION_KEYS);
        // A version written as a number (version = 2.0) is taken as written.
        let version = self.value(table, "version").and_then(|value| {
            let loc = self.loc(value.span());
            match value.get_ref() {
                DeValue::String(s) => Some(Sp::new(s.to_string(), loc)),
                DeValue::Integer(i) => Some(Sp::new(i.as_str().to_string(), loc)),
                DeValue::Float(f) => Some(Sp::new(f.as_str().to_string(), loc)),
                _ => {
                    self.type_error(
                        table,
                        "version",
                        value,
                        "text",
                        "write version = \"2.0\"".into(),
                    );
                    None
                }
            }
        });
        RevisionSource {
            loc: table.loc.clone(),
            keys: self.written(table),
            version,
            date: self.date(table, "date"),
            term: self.count(table, "term"),
            session: self.count(table, "session"),
            summary: self.text(table, "summary"),
        }
    }

    fn appendix(&mut self, table: &TableRef<'_, '_>) -> AppendixSource {
        self.keys(table, APPENDIX_KEYS);
        let kind = self.choice(
            table,
            "kind",
            &[
                ("questionnaire", AppendixKind::Questionnaire),
                ("form", AppendixKind::Form),
            ],
            &[],
        );
        let questions = self.tables(table, "question", "[[appendix.question]]");
        let questions = questions.iter().map(|t| self.question(t)).collect();
        let fields = self.tables(table, "field", "[[appendix.field]]");
        let fields = fields.iter().map(|t| self.field(t)).collect();
        AppendixSource {
            loc: table.loc.clone(),
            keys: self.written(table),
            id: self.id(table, "id"),
            kind,
            title: self.text(table, "title"),
            intro: self.text(table, "intro"),
            scale: self.text_list(table, "scale"),
            respondent: self.text_list(table, "respondent"),
            after: self.string(table, "after"),
            before: self.string(table, "before"),
            questions,
            fields,
        }
    }

    fn question(&mut self, table: &TableRef<'_, '_>) -> QuestionSource {
        self.keys(table, QUESTION_KEYS);
        let kind = self.choice(
            table,
            "kind",
            &[("rated", QuestionKind::Rated), ("open", QuestionKind::Open)],
            &[("scale", QuestionKind::Rated)],
        );
        QuestionSource {
            loc: table.loc.clone(),
            keys: self.written(table),
            id: self.id(table, "id"),
            kind,
            text: self.text(table, "text"),
            lines: self.count(table, "lines"),
            after: self.string(table, "after"),
            before: self.string(table, "before"),
        }
    }

    fn field(&mut self, table: &TableRef<'_, '_>) -> FieldSource {
        self.keys(table, FIELD_KEYS);
        FieldSource {
            loc: table.loc.clone(),
            keys: self.written(table),
            id: self.id(table, "id"),
            label: self.text(table, "label"),
            lines: self.count(table, "lines"),
            after: self.string(table, "after"),
            before: self.string(table, "before"),
        }
    }
}

/// The hint for an unknown key: the nearest valid key here, or the table
/// the key belongs to when it was written under the wrong header.
fn unknown_key_hint(name: &str, table: &str, known: &[&str]) -> Option<String> {
    if let Some(near) = suggest(name, known.iter().copied()) {
        return Some(format!("did you mean \"{near}\"?"));
    }
    if table == "the top level" {
        let nested = match name {
            "clause" => Some("[[section.clause]]"),
            "item" => Some("[[section.clause.item]]"),
            "point" => Some("[[section.clause.item.point]]"),
            "question" => Some("[[appendix.question]]"),
            "field" => Some("[[appendix.field]]"),
            "sections" => Some("[[section]]"),
            "appendices" => Some("[[appendix]]"),
            "revisions" => Some("[[revision]]"),
            _ => None,
        };
        if let Some(header) = nested {
            return Some(format!(
                "write it as {header}: it belongs to the entry above it"
            ));
        }
    }
    for (home, keys) in KEY_HOMES {
        if *home != table && keys.contains(&name) {
            return Some(format!(
                "\"{name}\" belongs in {home}; in TOML a key after a [table] header belongs to that table, so move it above the next header"
            ));
        }
    }
    None
}

/// Offset of a string's content in the file when the TOML holds it
/// verbatim (no escapes), so template errors can point inside it.
fn verbatim_offset(text: &str, span: std::ops::Range<usize>, content: &str) -> Option<usize> {
    let raw = text.get(span.clone())?;
    let mut start = span.start;
    let delimiter = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    start += delimiter;
    let after = text.get(start..)?;
    if delimiter == 3 {
        // TOML drops a newline right after the opening delimiter.
        if after.starts_with("\r\n") {
            start += 2;
        } else if after.starts_with('\n') {
            start += 1;
        }
    }
    (text.get(start..start + content.len()) == Some(content)).then_some(start)
}

/// A best guess at a valid id for a hint.
fn sanitize_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('-').to_string();
    if cleaned.is_empty() {
        "my-id".into()
    } else {
        cleaned
    }
}

fn to_json(value: &DeValue<'_>) -> serde_json::Value {
    use serde_json::Value;
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(i.as_str().to_string())),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.as_str().to_string())),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(dt) => Value::String(dt.to_string()),
        DeValue::Array(items) => Value::Array(items.iter().map(|v| to_json(v.get_ref())).collect()),
        DeValue::Table(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref())))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Option<CharterSource>, Diagnostics, SourceMap) {
        let sources = SourceMap::new();
        let file = sources.add(Path::new("t.toml"), text);
        let mut diags = Diagnostics::new();
        let source = parse_charter(text, file, Path::new("t.toml"), &mut diags);
        (source, diags, sources)
    }

    #[test]
    fn choices_take_their_aliases_and_name_the_valid_values() {
        let (source, diags, _) = load(
            r#"
[charter]
id = "x"
title = "服务承诺制度"

[[appendix]]
id = "survey"
kind = "questionnaire"
title = "问卷"

  [[appendix.question]]
  id = "q1"
  kind = "scale"
  text = "满意吗？"

[[appendix]]
id = "other"
kind = "from"
title = "表"
"#,
        );
        let Some(source) = source else {
            panic!("not loaded")
        };
        let kinds: Vec<_> = source.appendices[0]
            .questions
            .iter()
            .map(|q| q.kind.as_ref().map(|k| k.value))
            .collect();
        assert_eq!(kinds, [Some(QuestionKind::Rated)]);
        let messages: Vec<&str> = diags.list.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["unknown kind \"from\""]);
        assert_eq!(
            diags.list[0].help.as_deref(),
            Some("did you mean \"form\"?")
        );
    }

    #[test]
    fn reads_nested_nodes_in_order() {
        let (source, diags, _) = load(
            r#"
[charter]
id = "x"
title = "服务承诺制度"

[[section]]
id = "a"
title = "总体要求"

[[section]]
id = "b"
title = "服务原则"

  [[section.clause]]
  id = "fair"
  heading = "公平公正。"
  text = "正文"

    [[section.clause.item]]
    text = "一项"

      [[section.clause.item.point]]
      text = "一点"
"#,
        );
        assert!(!diags.has_errors(), "{diags:?}");
        let source = source.unwrap_or_default();
        assert_eq!(source.sections.len(), 2);
        let clause = &source.sections[1].children[0];
        assert_eq!(clause.id.as_ref().map(|i| i.value.as_str()), Some("fair"));
        assert_eq!(
            clause.children[0].children[0]
                .text
                .as_ref()
                .map(|t| t.src.as_str()),
            Some("一点")
        );
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let (_, diags, sources) = load("[charter]\nid = \"x\"\ntitel = \"服务\"\n");
        let out = diags.render(&sources);
        assert!(out.contains("unknown key \"titel\" in [charter]"), "{out}");
        assert!(out.contains("did you mean \"title\"?"), "{out}");
        assert!(out.contains("t.toml:3:1"), "{out}");
    }

    #[test]
    fn key_under_wrong_header_names_its_home() {
        let (_, diags, sources) =
            load("[charter]\nid = \"x\"\n[org]\nname = \"甲\"\npreamble = \"乙\"\n");
        let out = diags.render(&sources);
        assert!(out.contains("\"preamble\" belongs in [charter]"), "{out}");
    }

    #[test]
    fn wrong_type_says_what_is_expected() {
        let (_, diags, sources) =
            load("[approval]\nterm = \"第二届\"\nsession = 4\ndate = 2025-03-01\n");
        let out = diags.render(&sources);
        assert!(
            out.contains("\"term\" in [approval] must be a whole number, found text"),
            "{out}"
        );
        assert!(out.contains("term = 2"), "{out}");
    }

    #[test]
    fn impossible_date_is_reported() {
        let (_, diags, sources) = load("[approval]\ndate = 2025-02-30\n");
        let out = diags.render(&sources);
        assert!(diags.has_errors());
        assert!(out.contains("t.toml:2:"), "{out}");
        assert!(out.contains("date that exists"), "{out}");
    }

    #[test]
    fn impossible_date_in_quotes_is_reported() {
        let (_, diags, sources) = load("[approval]\ndate = \"2025-02-30\"\n");
        let out = diags.render(&sources);
        assert!(out.contains("\"2025-02-30\" is not a date"), "{out}");
    }

    #[test]
    fn verbatim_offsets_point_into_strings() {
        let text = "a = \"一{{ x }}\"\nb = \"\"\"\n二{{ y }}\"\"\"\nc = \"\\u4e00\"\n";
        let a = text.find('一').unwrap_or(0);
        assert_eq!(
            verbatim_offset(text, 4..text.find('\n').unwrap_or(0), "一{{ x }}"),
            Some(a)
        );
        let b_start = text.find("\"\"\"").unwrap_or(0);
        let b_end = text.rfind("\"\"\"").unwrap_or(0) + 3;
        assert_eq!(
            verbatim_offset(text, b_start..b_end, "二{{ y }}"),
            text.find('二')
        );
        let c_start = text.rfind("\"\\u").unwrap_or(0);
        assert_eq!(verbatim_offset(text, c_start..text.len() - 1, "一"), None);
    }

    #[test]
    fn ids_are_checked() {
        let (_, diags, sources) = load("[[section]]\nid = \"a b\"\n");
        let out = diags.render(&sources);
        assert!(out.contains("\"a b\" is not a valid id"), "{out}");
        assert!(is_valid_id("fair_1-b"));
    }

    #[test]
    fn malformed_toml_has_a_location() {
        let (source, diags, sources) = load("[charter]\ntitle = \"unterminated\n");
        assert!(source.is_none());
        let out = diags.render(&sources);
        assert!(out.contains("malformed TOML"), "{out}");
        assert!(out.contains("t.toml:2:"), "{out}");
    }
}
