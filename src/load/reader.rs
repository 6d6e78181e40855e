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

    pub(super) fn type_error(
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
                    "text in quotes",
                    format!("write {key} = \"…\""),
                );
                None
            }
        }
    }

    /// A string that must be an id.
    pub(super) fn id(&mut self, table: &TableRef<'_, '_>, key: &str) -> Option<Sp<String>> {
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
                    "text in quotes",
                    format!("write {key} = \"…\""),
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

    /// A list of texts taken as written (patterns, not templates).
    pub(super) fn string_list(
        &mut self,
        table: &TableRef<'_, '_>,
        key: &str,
        help: &str,
    ) -> Option<Vec<Sp<String>>> {
        let value = self.value(table, key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(table, key, value, "a list of texts", help.to_string());
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(Sp::new(s.to_string(), self.loc(item.span()))),
                _ => self.type_error(table, key, item, "text in quotes", help.to_string()),
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
                    "true or false",
                    format!("write {key} = true or {key} = false, without quotes"),
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
                    "a table",
                    format!("write it as a table: {name} on its own line, then its keys"),
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
    for (home, keys) in key_homes() {
        if home != table && keys.contains(&name) {
            return Some(format!(
                "\"{name}\" belongs in {home}; in TOML a key after a [table] header belongs to that table, so move it above the next header"
            ));
        }
    }
    None
}
