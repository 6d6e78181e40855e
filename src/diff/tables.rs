//! Tables compared row by row and cell by cell: a row added, removed or
//! changed (with the cells that changed), a table added or removed.

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::document::{Cell, Node, Table};
use crate::redline::Kind;

/// What happened to one table of a node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableChange {
    /// The table's id (`#1` for the first without one).
    pub table: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Added, removed or modified.
    pub kind: Kind,
    /// The rows that changed (header rows counted first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowChange>,
}

/// What happened to one row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowChange {
    pub kind: Kind,
    /// 1-based row in the old table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_row: Option<usize>,
    /// 1-based row in the new table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Vec<String>>,
    /// The cells that changed in a modified row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellChange>,
}

/// One changed cell of a modified row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CellChange {
    /// 1-based column.
    pub column: usize,
    pub old: String,
    pub new: String,
}

/// A row's cells: the grid column each starts in, and its text.
type Row = Vec<(usize, String)>;

fn row_of(cells: &[Cell]) -> Row {
    cells.iter().map(|c| (c.column, c.text.clone())).collect()
}

fn rows(table: &Table) -> Vec<Row> {
    table
        .header
        .iter()
        .chain(&table.rows)
        .map(|r| row_of(r))
        .collect()
}

fn texts(row: &Row) -> Vec<String> {
    row.iter().map(|(_, text)| text.clone()).collect()
}

/// The changes between the tables of two versions of a node, matched by id.
pub fn compare(old: &Node, new: &Node) -> Vec<TableChange> {
    let mut out = Vec::new();
    for table in &new.tables {
        match old.tables.iter().find(|t| t.id == table.id) {
            None => out.push(TableChange {
                table: table.id.clone(),
                caption: table.caption.clone(),
                kind: Kind::Added,
                rows: Vec::new(),
            }),
            Some(before) => {
                let rows = compare_rows(&rows(before), &rows(table));
                if !rows.is_empty() || before.caption != table.caption {
                    out.push(TableChange {
                        table: table.id.clone(),
                        caption: table.caption.clone(),
                        kind: Kind::Modified,
                        rows,
                    });
                }
            }
        }
    }
    for table in &old.tables {
        if !new.tables.iter().any(|t| t.id == table.id) {
            out.push(TableChange {
                table: table.id.clone(),
                caption: table.caption.clone(),
                kind: Kind::Removed,
                rows: Vec::new(),
            });
        }
    }
    out
}

/// Rows matched in order; a run of removed rows facing a run of added ones
/// is read as rows modified, cell by cell.
fn compare_rows(old: &[Row], new: &[Row]) -> Vec<RowChange> {
    let key = |row: &Row| texts(row).join("\u{1f}");
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        let (tag, before, after) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {}
            DiffTag::Delete => out.extend(before.map(|i| removed(i, &old[i]))),
            DiffTag::Insert => out.extend(after.map(|j| added(j, &new[j]))),
            DiffTag::Replace => {
                let paired = before.len().min(after.len());
                for k in 0..paired {
                    let (i, j) = (before.start + k, after.start + k);
                    out.push(modified(i, j, &old[i], &new[j]));
                }
                out.extend((before.start + paired..before.end).map(|i| removed(i, &old[i])));
                out.extend((after.start + paired..after.end).map(|j| added(j, &new[j])));
            }
        }
    }
    out
}

fn removed(i: usize, row: &Row) -> RowChange {
    RowChange {
        kind: Kind::Removed,
        old_row: Some(i + 1),
        new_row: None,
        old: Some(texts(row)),
        new: None,
        cells: Vec::new(),
    }
}

fn added(j: usize, row: &Row) -> RowChange {
    RowChange {
        kind: Kind::Added,
        old_row: None,
        new_row: Some(j + 1),
        old: None,
        new: Some(texts(row)),
        cells: Vec::new(),
    }
}

fn modified(i: usize, j: usize, old: &Row, new: &Row) -> RowChange {
    let mut columns: Vec<usize> = old.iter().chain(new).map(|(c, _)| *c).collect();
    columns.sort_unstable();
    columns.dedup();
    let text_at = |row: &Row, column: usize| {
        row.iter()
            .find(|(c, _)| *c == column)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let cells = columns
        .into_iter()
        .filter_map(|c| {
            let (a, b) = (text_at(old, c), text_at(new, c));
            (a != b).then_some(CellChange {
                column: c + 1,
                old: a,
                new: b,
            })
        })
        .collect();
    RowChange {
        kind: Kind::Modified,
        old_row: Some(i + 1),
        new_row: Some(j + 1),
        old: Some(texts(old)),
        new: Some(texts(new)),
        cells,
    }
}

/// Lines describing the changes, for the text diff: 表格「会费标准」第3行
/// 修改：第3列 30 → 40.
pub fn describe(changes: &[TableChange]) -> Vec<String> {
    let mut out = Vec::new();
    for change in changes {
        let name = change
            .caption
            .as_ref()
            .map(|c| format!("表格「{c}」"))
            .unwrap_or_else(|| format!("表格 {}", change.table));
        match change.kind {
            Kind::Added => out.push(format!("{name} 新增")),
            Kind::Removed => out.push(format!("{name} 删除")),
            _ => {
                for row in &change.rows {
                    let line = match row.kind {
                        Kind::Added => format!(
                            "{name}第{}行 新增：{}",
                            row.new_row.unwrap_or(0),
                            row.new.as_deref().unwrap_or_default().join(" | ")
                        ),
                        Kind::Removed => format!(
                            "{name}原第{}行 删除：{}",
                            row.old_row.unwrap_or(0),
                            row.old.as_deref().unwrap_or_default().join(" | ")
                        ),
                        _ => format!(
                            "{name}第{}行 修改：{}",
                            row.new_row.unwrap_or(0),
                            row.cells
                                .iter()
                                .map(|c| format!("第{}列 {} → {}", c.column, c.old, c.new))
                                .collect::<Vec<_>>()
                                .join("；")
                        ),
                    };
                    out.push(line);
                }
            }
        }
    }
    out
}

/// The changes in a few words, for the 修订对照表's note: 会费标准：第3行修改、第4行新增.
pub fn summary(changes: &[TableChange]) -> Option<String> {
    let parts: Vec<String> = changes
        .iter()
        .map(|change| {
            let name = change.caption.clone().unwrap_or_else(|| "表格".into());
            let what = match change.kind {
                Kind::Added | Kind::Removed => change.kind.note().to_string(),
                _ => change
                    .rows
                    .iter()
                    .map(|row| match row.kind {
                        Kind::Removed => format!("原第{}行删除", row.old_row.unwrap_or(0)),
                        kind => format!("第{}行{}", row.new_row.unwrap_or(0), kind.note()),
                    })
                    .collect::<Vec<_>>()
                    .join("、"),
            };
            format!("{name}：{what}")
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("；"))
}

/// A node's tables as lines of text, as the redline and the 修订对照表 show
/// them: the caption, then each row with its cells between ｜.
pub fn lines(node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    for table in &node.tables {
        out.extend(table.caption.iter().cloned());
        for row in rows(table) {
            out.push(texts(&row).join("｜"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Row {
        cells
            .iter()
            .enumerate()
            .map(|(i, s)| (i, s.to_string()))
            .collect()
    }

    #[test]
    fn rows_are_added_removed_and_modified_cell_by_cell() {
        let old = vec![
            row(&["类别", "会费"]),
            row(&["个人", "60"]),
            row(&["单位", "600"]),
            row(&["学生", "30"]),
        ];
        let new = vec![
            row(&["类别", "会费"]),
            row(&["个人", "80"]),
            row(&["单位", "600"]),
            row(&["团体", "300"]),
            row(&["顾问", "0"]),
        ];
        let changes = compare_rows(&old, &new);
        let kinds: Vec<Kind> = changes.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::Modified, Kind::Modified, Kind::Added]);
        assert_eq!(
            changes[0].cells,
            [CellChange {
                column: 2,
                old: "60".into(),
                new: "80".into()
            }]
        );
        assert_eq!(changes[1].old_row, Some(4));
        assert_eq!(changes[2].new_row, Some(5));
    }
}
