//! The node tree and its tables.
//!
//! A section may hold sections (the next grouping level: 第一节 in a
//! chapter), clauses, items (directly under a chapter) and tables; a clause
//! items and tables; an item points; a point points again, as deep as the
//! scheme goes. Children of different kinds are kept in the order they are
//! written, whatever TOML array they sit in.

use toml::Spanned;
use toml::de::DeValue;

use crate::diag::{Diagnostic, Loc, Sp};
use crate::format::{Align, NodeKind};
use crate::source::*;

use super::reader::{Reader, TableRef};
use super::schema::{Key, Kind, names};

/// Keys of a `[[….table]]`.
pub(super) const TABLE_KEYS: &[Key] = &[
    Key::new("id", Kind::Id, "For the diff; optional."),
    Key::new("caption", Kind::Text, "The table's caption: 会费标准."),
    Key::new(
        "columns",
        Kind::NumberList,
        "Relative widths, one per column: [2, 2, 3].",
    ),
    Key::new(
        "align",
        Kind::ChoiceList(&["left", "center", "centre", "right"]),
        "Per column: left, center or right.",
    ),
    Key::new("header", Kind::Rows, "Rows repeated on every page."),
    Key::new(
        "rows",
        Kind::Rows,
        "The body rows; a cell is text or { text, colspan, rowspan }.",
    ),
    Key::new(
        "after",
        Kind::Path,
        "Place it after the table with this id.",
    ),
    Key::new(
        "before",
        Kind::Path,
        "Place it before the table with this id.",
    ),
    Key::new(
        "when",
        Kind::Path,
        "A condition over org, vars, options: left out when false (\"options.party\").",
    ),
];

/// Keys of a cell written as a table: `{ text = "…", colspan = 2 }`.
pub(super) const CELL_KEYS: &[Key] = &[
    Key::new("text", Kind::Text, "The cell's text."),
    Key::new("colspan", Kind::Count, "Columns it spans."),
    Key::new("rowspan", Kind::Count, "Rows it spans."),
];

/// `note`: drafting notes, shown by `check` and the studio, never printed.
pub(super) const NOTE_KEY: Key = Key::new(
    "note",
    Kind::TextOrList,
    "Drafting notes (a model text's 【…】): shown by check, never printed.",
);

/// The keys of a node of `kind`: its own, its tables and its children.
pub(super) fn node_keys(kind: NodeKind) -> Vec<Key> {
    let mut keys = vec![
        Key::new(
            "id",
            Kind::Id,
            "For ref(), the diff, after, before and remove.",
        ),
        if kind == NodeKind::Section {
            Key::new("title", Kind::Text, "The section's title: 服务原则.")
        } else {
            Key::new("heading", Kind::Text, "A run-in heading: 公平公正。")
        },
        Key::new(
            "text",
            Kind::Text,
            "The text; a MiniJinja template over org, charter, vars …",
        ),
        Key::new(
            "after",
            Kind::Path,
            "Place it after the sibling with this id.",
        ),
        Key::new(
            "before",
            Kind::Path,
            "Place it before the sibling with this id.",
        ),
        Key::new(
            "when",
            Kind::Path,
            "A condition over org, vars, options: left out when false (\"options.party\").",
        ),
        NOTE_KEY,
        Key::new("table", Kind::Tables(TABLE_KEYS), "A table after the text."),
    ];
    keys.extend(
        child_keys(kind)
            .iter()
            .map(|(key, child)| Key::new(key, Kind::Nodes(*child), child_doc(*child))),
    );
    keys
}

fn child_doc(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Section => "The next grouping level: 第一节.",
        NodeKind::Clause => "A clause: （一） or 第一条.",
        NodeKind::Item => "An item: 1.",
        NodeKind::Point => "A point: （1）, ①, a. …",
    }
}

/// The child arrays a node of `kind` may have, with their kinds.
pub(super) fn child_keys(kind: NodeKind) -> &'static [(&'static str, NodeKind)] {
    match kind {
        NodeKind::Section => &[
            ("section", NodeKind::Section),
            ("clause", NodeKind::Clause),
            ("item", NodeKind::Item),
        ],
        NodeKind::Clause => &[("item", NodeKind::Item)],
        NodeKind::Item | NodeKind::Point => &[("point", NodeKind::Point)],
    }
}

impl Reader<'_> {
    /// The nodes of `kind` under `key` of `parent`, whose own table name is
    /// `path` (`section`, `section.clause` …).
    pub(super) fn nodes(
        &mut self,
        parent: &TableRef<'_, '_>,
        key: &str,
        path: &str,
        kind: NodeKind,
    ) -> Vec<NodeSource> {
        let name = format!("[[{path}]]");
        let tables = self.tables(parent, key, &name);
        tables.iter().map(|t| self.node(t, path, kind)).collect()
    }

    fn node(&mut self, table: &TableRef<'_, '_>, path: &str, kind: NodeKind) -> NodeSource {
        let heading_key = if kind == NodeKind::Section {
            "title"
        } else {
            "heading"
        };
        self.keys(table, &names(&node_keys(kind)));
        let mut children = Vec::new();
        for (key, child_kind) in child_keys(kind) {
            children.extend(self.nodes(table, key, &format!("{path}.{key}"), *child_kind));
        }
        // Written order, across the arrays of different kinds.
        children.sort_by_key(|c| c.loc.span.start);
        let tables = self.tables(table, "table", &format!("[[{path}.table]]"));
        NodeSource {
            kind,
            id: self.id(table, "id"),
            heading: self.text(table, heading_key),
            text: self.text(table, "text"),
            after: self.string(table, "after"),
            before: self.string(table, "before"),
            when: self.string(table, "when"),
            notes: self.notes(table),
            children,
            tables: tables.iter().map(|t| self.text_table(t)).collect(),
            loc: table.loc.clone(),
        }
    }

    /// A `[[….table]]`: caption, widths, alignment, header and body rows.
    pub(super) fn text_table(&mut self, table: &TableRef<'_, '_>) -> TableSource {
        self.keys(table, &names(TABLE_KEYS));
        let columns = self.value(table, "columns").and_then(|value| {
            let loc = self.loc(value.span());
            let widths = self.numbers(table, "columns", value)?;
            if widths.is_empty() || widths.iter().any(|w| *w <= 0.0) {
                self.diags.push(
                    Diagnostic::error(t!("columns-positive"))
                        .at(&loc)
                        .label(t!("columns-positive-label"))
                        .help(t!("columns-positive-help")),
                );
                return None;
            }
            Some(Sp::new(widths, loc))
        });
        let align = self.value(table, "align").and_then(|value| {
            let loc = self.loc(value.span());
            let DeValue::Array(items) = value.get_ref() else {
                self.type_error(
                    table,
                    "align",
                    value,
                    "a list",
                    "write align = [\"left\", \"center\", \"right\"]".into(),
                );
                return None;
            };
            let mut out = Vec::new();
            for item in items.iter() {
                let named = match item.get_ref() {
                    DeValue::String(s) => match s.as_ref() {
                        "left" => Some(Align::Left),
                        "center" | "centre" => Some(Align::Center),
                        "right" => Some(Align::Right),
                        _ => None,
                    },
                    _ => None,
                };
                match named {
                    Some(a) => out.push(a),
                    None => self.diags.push(
                        Diagnostic::error(t!("align-unknown"))
                            .at(&self.loc(item.span()))
                            .label(t!("align-unknown-label"))
                            .help(t!("align-unknown-help")),
                    ),
                }
            }
            Some(Sp::new(out, loc))
        });
        let mut row_locs = Vec::new();
        let header = self.rows(table, "header", &mut row_locs);
        let rows = self.rows(table, "rows", &mut row_locs);
        if header.is_empty() && rows.is_empty() {
            self.diags.push(
                Diagnostic::error(t!("table-no-rows"))
                    .at(&table.loc)
                    .label(t!("table-no-rows-label"))
                    .help(t!("table-no-rows-help")),
            );
        }
        TableSource {
            loc: table.loc.clone(),
            id: self.id(table, "id"),
            caption: self.text(table, "caption"),
            columns,
            align,
            header,
            rows,
            row_locs,
            after: self.string(table, "after"),
            before: self.string(table, "before"),
            when: self.string(table, "when"),
        }
    }

    /// A list of numbers.
    fn numbers(
        &mut self,
        table: &TableRef<'_, '_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Vec<f64>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.type_error(
                table,
                key,
                value,
                "a list of numbers",
                t!("help-numbers", key = key),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let number = match item.get_ref() {
                DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                    .ok()
                    .map(|n| n as f64),
                DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
                _ => None,
            };
            match number {
                Some(n) if n.is_finite() => out.push(n),
                _ => {
                    self.type_error(table, key, item, "a number", t!("help-numbers", key = key));
                    return None;
                }
            }
        }
        Some(out)
    }

    /// Rows of cells under `key`: a list of lists, a cell being text or
    /// `{ text = "…", colspan = 2, rowspan = 1 }`.
    fn rows(
        &mut self,
        table: &TableRef<'_, '_>,
        key: &str,
        locs: &mut Vec<Loc>,
    ) -> Vec<Vec<CellSource>> {
        let Some(value) = self.value(table, key) else {
            return Vec::new();
        };
        let help = format!(
            "write {key} = [[\"甲\", \"乙\"], [\"丙\", \"丁\"]]: a list of rows, each a list of cells"
        );
        let DeValue::Array(rows) = value.get_ref() else {
            self.type_error(table, key, value, "a list of rows", help);
            return Vec::new();
        };
        let mut out = Vec::new();
        for row in rows.iter() {
            let DeValue::Array(cells) = row.get_ref() else {
                self.type_error(table, key, row, "a row: a list of cells", help.clone());
                continue;
            };
            locs.push(self.loc(row.span()));
            out.push(
                cells
                    .iter()
                    .filter_map(|cell| self.cell(table, key, cell))
                    .collect(),
            );
        }
        out
    }

    fn cell(
        &mut self,
        table: &TableRef<'_, '_>,
        key: &str,
        cell: &Spanned<DeValue<'_>>,
    ) -> Option<CellSource> {
        let loc = self.loc(cell.span());
        match cell.get_ref() {
            DeValue::String(s) => Some(CellSource {
                text: self.text_value(cell, s),
                colspan: 1,
                rowspan: 1,
                loc,
            }),
            DeValue::Table(map) => {
                let inner = TableRef {
                    map,
                    name: t!("cell-of", key = key),
                    loc: loc.clone(),
                };
                self.keys(&inner, &names(CELL_KEYS));
                let text = self.text(&inner, "text");
                let colspan = self.count(&inner, "colspan").map_or(1, |c| c.value);
                let rowspan = self.count(&inner, "rowspan").map_or(1, |c| c.value);
                Some(CellSource {
                    text: text.unwrap_or(Text {
                        src: String::new(),
                        loc: loc.clone(),
                        verbatim_at: None,
                    }),
                    colspan,
                    rowspan,
                    loc,
                })
            }
            _ => {
                self.type_error(
                    table,
                    key,
                    cell,
                    "a cell: text, or { text = \"…\", colspan = 2 }",
                    "write a cell as \"text\" or { text = \"…\", colspan = 2, rowspan = 1 }".into(),
                );
                None
            }
        }
    }
}
