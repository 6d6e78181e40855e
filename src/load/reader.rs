//! Typed values of a TOML table, each wrong type or value reported with
//! its place and a hint.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc, Sp, suggest};
use crate::format::is_valid_id;
use crate::source::Text;
use crate::zh::{Date, parse_zh_num};

use super::keys::key_homes;
use super::values::{sanitize_id, to_json, verbatim_offset};

pub(super) struct TableRef<'t, 'i> {
    pub(super) map: &'t DeTable<'i>,
    /// How the table is written, e.g. `[charter]`, for messages.
    pub(super) name: String,
    pub(super) loc: Loc,
}

pub(super) struct Reader<'a> {
    pub(super) file: FileId,
    pub(super) text: &'a str,
    pub(super) diags: &'a mut Diagnostics,
}

/// What a TOML value is, as a message says it (文字, 整数 …).
pub(crate) fn type_name(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(_) => t!("type-text"),
        DeValue::Integer(_) => t!("type-integer"),
        DeValue::Float(_) => t!("type-float"),
        DeValue::Boolean(_) => t!("type-bool"),
        DeValue::Datetime(_) => t!("type-date"),
        DeValue::Array(_) => t!("type-list"),
        DeValue::Table(_) => t!("type-table"),
    }
}

impl<'a> Reader<'a> {
    pub(super) fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        Loc::new(self.file, span)
    }

    /// Reports every key of `table` that is not in `known`.
    pub(super) fn keys(&mut self, table: &TableRef<'_, '_>, known: &[&str]) {
        for (key, _) in table.map.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let loc = self.loc(key.span());
            let shown = shown_table(&table.name);
            let mut d = Diagnostic::error(t!("unknown-key", key = name, table = &shown))
                .at(&loc)
                .label(t!("unknown-key-label", table = &shown));
            d = match unknown_key_hint(name, &table.name, known) {
                Some(hint) => d.help(hint),
                None => d.help(t!(
                    "unknown-key-list",
                    table = &shown,
                    keys = known.join(&t!("list-separator"))
                )),
            };
            self.diags.push(d);
        }
    }

    pub(super) fn type_error(
        &mut self,
        table: &TableRef<'_, '_>,
        key: &str,
        found: &Spanned<DeValue<'_>>,
        expected: &str,
        help: String,
    ) {
        let d = Diagnostic::error(t!(
            "type-mismatch",
            key = key,
            table = shown_table(&table.name),
            expected = expected,
            found = type_name(found.get_ref())
        ))
        .at(&self.loc(found.span()))
        .label(t!("type-expected", expected = expected))
        .help(help);
        self.diags.push(d);
    }

    /// Every key of a table as written.
    pub(super) fn written(&self, table: &TableRef<'_, '_>) -> Vec<String> {
        table
            .map
            .iter()
            .map(|(k, _)| k.get_ref().to_string())
            .collect()
    }

    pub(super) fn value<'t, 'i>(
        &self,
        table: &TableRef<'t, 'i>,
        key: &str,
    ) -> Option<&'t Spanned<DeValue<'i>>> {
        table.map.get(key)
    }

    pub(super) fn string(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<String>> {
        let value = self.value(table, key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Sp::new(s.to_string(), self.loc(value.span()))),
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    &t!("expect-quoted"),
                    t!("help-quoted", key = key),
                );
                None
            }
        }
    }

    /// A string that must be an id.
    pub(super) fn id(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<String>> {
        let id = self.string(table, key)?;
        if !is_valid_id(&id.value) {
            let d = Diagnostic::error(t!("bad-id", id = &id.value))
                .at(&id.loc)
                .label(t!("bad-id-label"))
                .help(t!(
                    "bad-id-help",
                    key = key,
                    example = sanitize_id(&id.value)
                ));
            self.diags.push(d);
            return None;
        }
        Some(id)
    }

    pub(super) fn text_value(&self, value: &Spanned<DeValue<'_>>, content: &str) -> Text {
        let span = value.span();
        Text {
            src: content.to_string(),
            loc: self.loc(span.clone()),
            verbatim_at: verbatim_offset(self.text, span, content),
        }
    }

    pub(super) fn text(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Text> {
        let value = self.value(table, key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(self.text_value(value, s)),
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    &t!("expect-quoted"),
                    t!("help-quoted", key = key),
                );
                None
            }
        }
    }

    pub(super) fn text_list(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Vec<Text>> {
        let value = self.value(table, key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(
                table,
                key,
                value,
                &t!("expect-texts"),
                t!("help-texts", key = key),
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
                    &t!("expect-quoted"),
                    t!("help-texts", key = key),
                ),
            }
        }
        Some(out)
    }

    /// `note`: one text or a list of them.
    pub(super) fn notes(&mut self, table: &TableRef<'_, '_>) -> Option<Vec<Text>> {
        let value = self.value(table, "note")?;
        if let DeValue::String(s) = value.get_ref() {
            return Some(vec![self.text_value(value, s)]);
        }
        self.text_list(table, "note")
    }

    /// A list of texts taken as written (patterns, not templates).
    pub(super) fn string_list(
        &mut self,
        table: &TableRef<'_, '_>,
        key: &str,
        help: &str,
    ) -> Option<Vec<Sp<String>>> {
        let value = self.value(table, key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(table, key, value, &t!("expect-texts"), help.to_string());
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(Sp::new(s.to_string(), self.loc(item.span()))),
                _ => self.type_error(table, key, item, &t!("expect-quoted"), help.to_string()),
            }
        }
        Some(out)
    }

    pub(super) fn boolean(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<bool>> {
        let value = self.value(table, key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Sp::new(*b, self.loc(value.span()))),
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    &t!("expect-bool"),
                    t!("help-bool", key = key),
                );
                None
            }
        }
    }

    /// A positive whole number such as a term, session or line count.
    pub(super) fn count(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<u32>> {
        let value = self.value(table, key)?;
        let loc = self.loc(value.span());
        match value.get_ref() {
            DeValue::Integer(i) => {
                let parsed = u32::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
                match parsed {
                    Some(n) if n >= 1 => Some(Sp::new(n, loc)),
                    _ => {
                        let d = Diagnostic::error(t!(
                            "count-positive",
                            key = key,
                            table = shown_table(&table.name)
                        ))
                        .at(&loc)
                        .label(t!("count-positive-label"))
                        .help(t!("help-number-example", key = key));
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
                    Some(n) if n >= 1 => t!("help-number-unquoted", key = key, n = n),
                    _ => t!("help-number-unquoted-example", key = key),
                };
                self.type_error(table, key, value, &t!("expect-integer"), help);
                None
            }
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    &t!("expect-integer"),
                    t!("help-number-example", key = key),
                );
                None
            }
        }
    }

    /// A date: a TOML date (2025-03-01) or the same in quotes.
    pub(super) fn date(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<Date>> {
        let value = self.value(table, key)?;
        let loc = self.loc(value.span());
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| Date::new(d.year, d.month, d.day))
            }
            DeValue::String(s) => {
                let date = Date::parse(s);
                if date.is_none() {
                    let d = Diagnostic::error(t!("not-a-date", text = s.as_ref()))
                        .at(&loc)
                        .label(t!("date-label"))
                        .help(t!("date-help-exists", key = key));
                    self.diags.push(d);
                    return None;
                }
                date
            }
            DeValue::Datetime(_) => {
                let d = Diagnostic::error(t!(
                    "date-no-time",
                    key = key,
                    table = shown_table(&table.name)
                ))
                .at(&loc)
                .label(t!("date-label"))
                .help(t!("date-help", key = key));
                self.diags.push(d);
                return None;
            }
            _ => {
                self.type_error(
                    table,
                    key,
                    value,
                    &t!("expect-date"),
                    t!("date-help", key = key),
                );
                return None;
            }
        };
        parsed.map(|d| Sp::new(d, loc))
    }

    pub(super) fn table<'t, 'i>(
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
                    &t!("expect-table"),
                    t!("help-table", name = name),
                );
                None
            }
        }
    }

    pub(super) fn tables<'t, 'i>(
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
                &t!("expect-tables"),
                t!("help-tables", name = name),
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
                    &t!("expect-table"),
                    t!("help-tables", name = name),
                ),
            }
        }
        out
    }

    pub(super) fn free_table(
        &mut self,
        table: &TableRef<'_, '_>,
    ) -> BTreeMap<String, Sp<serde_json::Value>> {
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

    pub(super) fn choice<T: Copy>(
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
        let mut d = Diagnostic::error(t!("unknown-choice", key = key, value = &s.value))
            .at(&s.loc)
            .label(t!(
                "unknown-choice-label",
                choices = quoted.join(&t!("list-separator"))
            ));
        d = match suggest(&s.value, names.iter().copied()) {
            Some(name) => d.help(t!("did-you-mean", name = name)),
            None => d.help(t!(
                "help-choices",
                key = key,
                choices = quoted.join(&t!("or"))
            )),
        };
        self.diags.push(d);
        None
    }
}

/// The hint for an unknown key: the nearest valid key here, or the table
/// the key belongs to when it was written under the wrong header.
fn unknown_key_hint(name: &str, table: &str, known: &[&str]) -> Option<String> {
    if let Some(near) = suggest(name, known.iter().copied()) {
        return Some(t!("did-you-mean", name = near));
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
            return Some(t!("unknown-key-nested", header = header));
        }
    }
    for (home, keys) in key_homes() {
        if home != table && keys.contains(&name) {
            return Some(t!("unknown-key-elsewhere", key = name, home = home));
        }
    }
    None
}

/// A table's name as messages show it: `[charter]` as written, the file's
/// top level in words.
pub(super) fn shown_table(name: &str) -> String {
    if name == "the top level" {
        t!("table-top-level")
    } else {
        name.to_string()
    }
}
