//! The tables of the format: `[charter]`, `[org]`, `[layout]`, the node
//! levels, `[approval]`, `[[revision]]` and the appendices.

use toml::de::DeValue;

use crate::diag::{Diagnostic, Sp};
use crate::format::{AppendixKind, ApprovalPlace, PageNumber, QuestionKind};
use crate::source::*;
use crate::zh::Date;

use super::reader::{Reader, TableRef};

use super::keys::*;
use super::schema::names;

impl Reader<'_> {
    pub(super) fn meta(&mut self, table: &TableRef<'_, '_>) -> Meta {
        self.keys(table, &names(CHARTER_KEYS));
        let numbering = self.value(table, "numbering").and_then(|value| {
            let loc = self.loc(value.span());
            match value.get_ref() {
                DeValue::String(s) => Some(Sp::new(
                    NumberingSource::Named {
                        name: s.to_string(),
                        restart: false,
                    },
                    loc,
                )),
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
            role: self
                .choice(table, "role", &[("章程", "章程"), ("制度", "制度")], &[])
                .map(|r| Sp::new(r.value.to_string(), r.loc)),
            preamble: self.text(table, "preamble"),
            notes: self.notes(table),
            model: self.boolean(table, "model"),
            remove,
        }
    }

    /// `[charter.numbering]`: a named scheme with options
    /// (`scheme = "articles"`, `restart = true`) or patterns of its own
    /// (`levels`, with `groups` for grouping levels named apart).
    pub(super) fn numbering_table(&mut self, table: &TableRef<'_, '_>) -> Option<NumberingSource> {
        self.keys(table, &names(NUMBERING_KEYS));
        let restart = self.boolean(table, "restart").is_some_and(|r| r.value);
        if let Some(name) = self.string(table, "scheme") {
            if self.value(table, "levels").is_some() || self.value(table, "groups").is_some() {
                self.diags.push(
                    Diagnostic::error(t!("numbering-both"))
                        .at(&name.loc)
                        .label(t!("numbering-both-label"))
                        .help(t!("numbering-both-help")),
                );
            }
            return Some(NumberingSource::Named {
                name: name.value,
                restart,
            });
        }
        let patterns = t!("numbering-levels-help");
        let Some(levels) = self.string_list(table, "levels", &patterns) else {
            let d = Diagnostic::error(t!("numbering-missing"))
                .at(&table.loc)
                .label(t!("numbering-missing-label"))
                .help(t!("numbering-missing-help", patterns = &patterns));
            self.diags.push(d);
            return None;
        };
        let groups = self.string_list(
            table,
            "groups",
            "write groups = [\"第{zh}章\", \"第{zh}节\"]",
        );
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
        Some(NumberingSource::Custom {
            groups,
            levels,
            continuous,
            restart,
        })
    }

    /// The organisation's fields from `table`, where `beside` are further
    /// keys the caller reads (an org.toml's `vars` and `options`).
    pub(super) fn org(&mut self, table: &TableRef<'_, '_>, beside: &[&str]) -> OrgSource {
        let mut known: Vec<&str> = OrgSource::KEYS.to_vec();
        known.push("extra");
        known.extend(beside);
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

    pub(super) fn layout(&mut self, table: &TableRef<'_, '_>) -> LayoutSource {
        self.keys(table, &names(LAYOUT_KEYS));
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
            label_gap: self.boolean(table, "label_gap"),
        }
    }

    pub(super) fn approval(&mut self, table: &TableRef<'_, '_>) -> ApprovalSource {
        self.keys(table, &names(APPROVAL_KEYS));
        let effective = self.value(table, "effective").and_then(|value| {
            let loc = self.loc(value.span());
            match value.get_ref() {
                DeValue::String(s) if s.as_ref() == "upon-approval" => {
                    Some(Sp::new(Effective::UponApproval, loc))
                }
                DeValue::String(s) if Date::parse(s).is_none() => {
                    let d = Diagnostic::error(t!("effective-unknown", value = s.as_ref()))
                        .at(&loc)
                        .label(t!("effective-unknown-label"))
                        .help(t!("effective-unknown-help"));
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

    pub(super) fn revision(&mut self, table: &TableRef<'_, '_>) -> RevisionSource {
        self.keys(table, &names(REVISION_KEYS));
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

    pub(super) fn appendix(&mut self, table: &TableRef<'_, '_>) -> AppendixSource {
        self.keys(table, &names(APPENDIX_KEYS));
        let kind = self.choice(
            table,
            "kind",
            &[
                ("questionnaire", AppendixKind::Questionnaire),
                ("form", AppendixKind::Form),
                ("text", AppendixKind::Text),
            ],
            &[],
        );
        let questions = self.tables(table, "question", "[[appendix.question]]");
        let questions = questions.iter().map(|t| self.question(t)).collect();
        let fields = self.tables(table, "field", "[[appendix.field]]");
        let fields = fields.iter().map(|t| self.field(t)).collect();
        let tables = self.tables(table, "table", "[[appendix.table]]");
        let tables = tables.iter().map(|t| self.text_table(t)).collect();
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
            when: self.string(table, "when"),
            questions,
            fields,
            tables,
        }
    }

    pub(super) fn question(&mut self, table: &TableRef<'_, '_>) -> QuestionSource {
        self.keys(table, &names(QUESTION_KEYS));
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
            lines: self.writing_lines(table),
            after: self.string(table, "after"),
            before: self.string(table, "before"),
        }
    }

    pub(super) fn field(&mut self, table: &TableRef<'_, '_>) -> FieldSource {
        self.keys(table, &names(FIELD_KEYS));
        FieldSource {
            loc: table.loc.clone(),
            keys: self.written(table),
            id: self.id(table, "id"),
            label: self.text(table, "label"),
            lines: self.writing_lines(table),
            after: self.string(table, "after"),
            before: self.string(table, "before"),
        }
    }

    /// `lines` of writing space: a page holds about 20, so more than
    /// [`MAX_WRITING_LINES`] is a mistake (and pages of layout), not a form.
    fn writing_lines(&mut self, table: &TableRef<'_, '_>) -> Option<Sp<u32>> {
        let lines = self.count(table, "lines")?;
        if lines.value as usize > MAX_WRITING_LINES {
            self.diags.push(
                Diagnostic::error(t!("writing-lines-many", lines = lines.value))
                    .at(&lines.loc)
                    .label(t!("writing-lines-label", max = MAX_WRITING_LINES))
                    .help(t!("writing-lines-help")),
            );
            return None;
        }
        Some(lines)
    }
}

/// Most lines of writing space one question or field may ask for.
pub const MAX_WRITING_LINES: usize = 40;
