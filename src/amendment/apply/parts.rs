//! Tables, the charter's own keys and appendices: the edits the document
//! view's node operations do not cover alone.

use super::*;

/// The changes of one table: cells, rows removed, rows added.
#[derive(Default)]
pub(super) struct TableEdits {
    pub(super) loc: Option<Loc>,
    pub(super) cells: Vec<(usize, usize, String)>,
    pub(super) removed: Vec<usize>,
    pub(super) added: Vec<(usize, Vec<String>)>,
}

impl<'a> Applier<'a> {
    /// Cells (old numbering), then rows removed from the bottom up, then
    /// rows added after the old rows they follow.
    pub(super) fn write_tables(&mut self, diags: &mut Diagnostics) {
        let edits = std::mem::take(&mut self.tables);
        for ((path, table), mut edit) in edits {
            let Some(loc) = edit.loc.clone() else {
                continue;
            };
            let action = |action: TableAction| Op::Table {
                target: path.clone(),
                table,
                action,
            };
            for (row, col, text) in &edit.cells {
                let (Some(row), Some(col)) = (row.checked_sub(1), col.checked_sub(1)) else {
                    continue;
                };
                self.op(
                    action(TableAction::SetCell {
                        row,
                        col,
                        text: text.clone(),
                    }),
                    &loc,
                    diags,
                );
            }
            edit.removed.sort_unstable();
            edit.removed.dedup();
            for row in edit.removed.iter().rev() {
                if let Some(row) = row.checked_sub(1) {
                    self.op(action(TableAction::RemoveRow { row }), &loc, diags);
                }
            }
            let mut placed: Vec<usize> = Vec::new();
            for (after, cells) in &edit.added {
                let gone = edit.removed.iter().filter(|r| **r <= *after).count();
                let earlier = placed.iter().filter(|a| **a <= *after).count();
                let at = after - gone + earlier;
                placed.push(*after);
                self.op(
                    action(TableAction::AddRow {
                        after: at.checked_sub(1),
                    }),
                    &loc,
                    diags,
                );
                for (col, text) in cells.iter().enumerate() {
                    if text.is_empty() {
                        continue;
                    }
                    self.op(
                        action(TableAction::SetCell {
                            row: at,
                            col,
                            text: text.clone(),
                        }),
                        &loc,
                        diags,
                    );
                }
            }
        }
    }

    /// Sets a key of `[charter]` in the file.
    pub(super) fn set_charter_key(&mut self, key: &str, text: &str) {
        if let Ok(mut doc) = self.text.parse::<DocumentMut>() {
            let charter = doc
                .as_table_mut()
                .entry("charter")
                .or_insert_with(|| TomlItem::Table(toml_edit::Table::new()));
            if let Some(table) = charter.as_table_like_mut() {
                table.insert(key, value(text));
            }
            self.text = doc.to_string();
        }
    }

    /// The id of an appendix's question (or field) by its number.
    pub(super) fn appendix_part(
        &self,
        appendix: &Target,
        number: usize,
        question: bool,
    ) -> Option<String> {
        let found = self.find_appendix(appendix)?;
        if question {
            found
                .questions
                .get(number.checked_sub(1)?)
                .map(|q| q.id.clone())
        } else {
            found
                .fields
                .get(number.checked_sub(1)?)
                .map(|f| f.id.clone())
        }
    }

    pub(super) fn find_appendix(&self, appendix: &Target) -> Option<&'a crate::document::Appendix> {
        let name = normalise(&appendix.text);
        self.old
            .appendices
            .iter()
            .find(|a| normalise(&a.label) == name)
    }

    /// Edits the file's `[[appendix]]` that the place names.
    pub(super) fn appendix(
        &mut self,
        appendix: &Target,
        loc: &Loc,
        diags: &mut Diagnostics,
        edit: impl FnOnce(&mut toml_edit::Table) -> bool,
    ) {
        let Some(id) = self.find_appendix(appendix).map(|a| a.id.clone()) else {
            return self.refuse(loc, format!("no {}", appendix.text), diags);
        };
        let Ok(mut doc) = self.text.parse::<DocumentMut>() else {
            return;
        };
        let table = doc
            .get_mut("appendix")
            .and_then(TomlItem::as_array_of_tables_mut)
            .and_then(|list| {
                list.iter_mut()
                    .find(|t| t.get("id").and_then(TomlItem::as_str) == Some(id.as_str()))
            });
        let edited = match table {
            Some(table) => edit(table),
            None => false,
        };
        if edited {
            self.text = doc.to_string();
            self.applied += 1;
        } else {
            self.refuse(
                loc,
                format!("{} is not written in this file", appendix.text),
                diags,
            );
        }
    }
}

/// Sets `key` of the entry of list `list` with id `id`, else of its `number`th.
pub(super) fn set_in_list(
    table: &mut toml_edit::Table,
    list: &str,
    id: Option<&str>,
    number: usize,
    key: &str,
    text: &str,
) -> bool {
    let Some(entries) = table
        .get_mut(list)
        .and_then(TomlItem::as_array_of_tables_mut)
    else {
        return false;
    };
    let by_id = id.and_then(|id| {
        entries
            .iter()
            .position(|t| t.get("id").and_then(TomlItem::as_str) == Some(id))
    });
    let Some(entry) = by_id
        .or(number.checked_sub(1))
        .and_then(|i| entries.get_mut(i))
    else {
        return false;
    };
    entry.insert(key, value(text));
    true
}
