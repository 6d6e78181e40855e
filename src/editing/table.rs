//! A table's cells on the grid of its columns, and the edits of a table
//! as a grid: a row or column added or removed, a cell's text, cells merged
//! or split. The rows are written back whole (`rows = [[…], …]`).

use serde::Deserialize;
use toml_edit::{Array, InlineTable, Item, Table, Value};

use crate::source::{CellSource, TableSource};

use super::EditCell;
use super::document::set;

/// An edit of a table, as the grid view asks for it. Rows and columns
/// count from 0 over the header rows and the body together.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    SetCell {
        row: usize,
        col: usize,
        text: String,
    },
    AddRow {
        after: Option<usize>,
    },
    AddColumn {
        after: Option<usize>,
    },
    RemoveRow {
        row: usize,
    },
    RemoveColumn {
        col: usize,
    },
    /// With the cell to the right (`across`) or below.
    Merge {
        row: usize,
        col: usize,
        across: bool,
    },
    Split {
        row: usize,
        col: usize,
    },
}

impl Action {
    /// Applies the edit; false when it does not fit the table.
    pub fn apply(&self, grid: &mut Grid) -> bool {
        match self {
            Action::SetCell { row, col, text } => grid.set_text(*row, *col, text),
            Action::AddRow { after } => {
                grid.add_row(*after);
                true
            }
            Action::AddColumn { after } => {
                grid.add_column(*after);
                true
            }
            Action::RemoveRow { row } => grid.remove_row(*row),
            Action::RemoveColumn { col } => grid.remove_column(*col),
            Action::Merge { row, col, across } => grid.merge(*row, *col, *across),
            Action::Split { row, col } => grid.split(*row, *col),
        }
    }
}

/// Writes `grid` into a table's `header` and `rows` (one row a line), and
/// its `columns` and `align` to the grid's width when they were written
/// for `old_columns`.
pub fn write(table: &mut Table, grid: &Grid, old_columns: usize, depth: usize) {
    let (header, body) = grid.rows();
    let indent = "  ".repeat(depth.saturating_sub(1));
    let rows = |rows: &[Vec<Slot>]| -> Value {
        let mut out = Array::new();
        for row in rows {
            let mut line = Array::new();
            for slot in row {
                if slot.colspan == 1 && slot.rowspan == 1 {
                    line.push(slot.text.as_str());
                } else {
                    let mut cell = InlineTable::new();
                    cell.insert("text", slot.text.as_str().into());
                    if slot.colspan > 1 {
                        cell.insert("colspan", (slot.colspan as i64).into());
                    }
                    if slot.rowspan > 1 {
                        cell.insert("rowspan", (slot.rowspan as i64).into());
                    }
                    line.push(cell);
                }
            }
            let mut value = Value::Array(line);
            value.decor_mut().set_prefix(format!("\n{indent}  "));
            out.push_formatted(value);
        }
        out.set_trailing(format!("\n{indent}"));
        out.set_trailing_comma(true);
        Value::Array(out)
    };
    if header.is_empty() {
        table.remove("header");
    } else {
        set(table, "header", rows(&header), depth);
    }
    set(table, "rows", rows(&body), depth);
    if grid.columns != old_columns {
        if let Some(widths) = table.get("columns").and_then(Item::as_array) {
            let mut widths: Vec<i64> = widths.iter().filter_map(Value::as_integer).collect();
            widths.resize(grid.columns, 1);
            set(
                table,
                "columns",
                Value::Array(widths.into_iter().collect()),
                depth,
            );
        }
        if let Some(align) = table.get("align").and_then(Item::as_array) {
            let mut align: Vec<String> = align
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            align.resize(grid.columns, "left".to_string());
            set(
                table,
                "align",
                Value::Array(align.into_iter().collect()),
                depth,
            );
        }
    }
}

/// Columns of a table: its widths, else the span of its first row.
pub fn column_count(table: &TableSource) -> usize {
    match &table.columns {
        Some(widths) => widths.value.len(),
        None => table
            .header
            .first()
            .or(table.rows.first())
            .map(|row| row.iter().map(|c| c.colspan as usize).sum())
            .unwrap_or(0),
    }
}

/// Rows with each cell's first column, skipping columns a cell above still
/// covers.
pub fn grid(rows: &[Vec<CellSource>], columns: usize) -> Vec<Vec<EditCell>> {
    let mut covered = vec![0u32; columns];
    rows.iter()
        .map(|row| {
            let mut out = Vec::new();
            let mut column = 0;
            for cell in row {
                while column < columns && covered[column] > 0 {
                    column += 1;
                }
                out.push(EditCell {
                    text: cell.text.src.clone(),
                    col: column,
                    colspan: cell.colspan,
                    rowspan: cell.rowspan,
                });
                let end = (column + cell.colspan as usize).min(columns);
                for slot in covered.iter_mut().take(end).skip(column) {
                    *slot = (*slot).max(cell.rowspan);
                }
                column += cell.colspan as usize;
            }
            for c in covered.iter_mut() {
                *c = c.saturating_sub(1);
            }
            out
        })
        .collect()
}

/// A table as a full grid: each slot holds the cell that starts there, or
/// `None` where a span covers it.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub columns: usize,
    pub header_rows: usize,
    pub slots: Vec<Vec<Option<Slot>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
}

impl Grid {
    /// `rows` × `columns` empty cells, the first `header_rows` a header.
    pub fn blank(rows: usize, columns: usize, header_rows: usize) -> Self {
        let slot = || {
            Some(Slot {
                text: String::new(),
                colspan: 1,
                rowspan: 1,
            })
        };
        Self {
            columns,
            header_rows,
            slots: (0..rows)
                .map(|_| (0..columns).map(|_| slot()).collect())
                .collect(),
        }
    }

    pub fn from_cells(rows: &[Vec<EditCell>], columns: usize, header_rows: usize) -> Self {
        let slots = rows
            .iter()
            .map(|row| {
                let mut line = vec![None; columns];
                for cell in row {
                    if cell.col < columns {
                        line[cell.col] = Some(Slot {
                            text: cell.text.clone(),
                            colspan: cell.colspan.max(1) as usize,
                            rowspan: cell.rowspan.max(1) as usize,
                        });
                    }
                }
                line
            })
            .collect();
        Self {
            columns,
            header_rows,
            slots,
        }
    }

    /// The cell that starts at or covers (`row`, `col`).
    fn owner(&self, row: usize, col: usize) -> Option<(usize, usize)> {
        for r in (0..=row).rev() {
            for c in (0..=col).rev() {
                if let Some(Some(slot)) = self.slots.get(r).and_then(|l| l.get(c))
                    && r + slot.rowspan > row
                    && c + slot.colspan > col
                {
                    return Some((r, c));
                }
            }
        }
        None
    }

    pub fn set_text(&mut self, row: usize, col: usize, text: &str) -> bool {
        match self.owner(row, col) {
            Some((r, c)) => {
                if let Some(Some(slot)) = self.slots.get_mut(r).and_then(|l| l.get_mut(c)) {
                    slot.text = text.to_string();
                }
                true
            }
            None => false,
        }
    }

    /// A new empty row after `row` (or at the top with `None`); spans
    /// across it grow.
    pub fn add_row(&mut self, after: Option<usize>) {
        let at = after.map_or(0, |r| r + 1).min(self.slots.len());
        let mut line: Vec<Option<Slot>> = vec![None; self.columns];
        let mut col = 0;
        while col < self.columns {
            let spanned = at
                .checked_sub(1)
                .and_then(|above| self.owner(above, col))
                .and_then(|(r, c)| self.slots[r][c].as_ref().map(|s| (r, c, s.clone())))
                .filter(|(r, _, s)| r + s.rowspan > at);
            match spanned {
                Some((r, c, s)) => {
                    if let Some(Some(slot)) = self.slots.get_mut(r).and_then(|l| l.get_mut(c)) {
                        slot.rowspan += 1;
                    }
                    col = c + s.colspan;
                }
                None => {
                    line[col] = Some(Slot {
                        text: String::new(),
                        colspan: 1,
                        rowspan: 1,
                    });
                    col += 1;
                }
            }
        }
        self.slots.insert(at, line);
        if at < self.header_rows {
            self.header_rows += 1;
        }
    }

    /// A new empty column after `col`; spans across it grow.
    pub fn add_column(&mut self, after: Option<usize>) {
        let at = after.map_or(0, |c| c + 1).min(self.columns);
        for row in 0..self.slots.len() {
            let spanned = at
                .checked_sub(1)
                .and_then(|left| self.owner(row, left))
                .filter(|(r, c)| {
                    self.slots[*r][*c]
                        .as_ref()
                        .is_some_and(|s| c + s.colspan > at)
                });
            match spanned {
                Some((r, c)) => {
                    if r == row
                        && let Some(Some(slot)) = self.slots.get_mut(r).and_then(|l| l.get_mut(c))
                    {
                        slot.colspan += 1;
                    }
                    self.slots[row].insert(at, None);
                }
                None => self.slots[row].insert(
                    at,
                    Some(Slot {
                        text: String::new(),
                        colspan: 1,
                        rowspan: 1,
                    }),
                ),
            }
        }
        // A cell spanning down over the new column's slot covers it too.
        self.columns += 1;
        self.cover_spans();
    }

    pub fn remove_row(&mut self, row: usize) -> bool {
        if row >= self.slots.len() || self.slots.len() < 2 {
            return false;
        }
        self.split_all_at_row(row);
        self.slots.remove(row);
        if row < self.header_rows {
            self.header_rows -= 1;
        }
        true
    }

    pub fn remove_column(&mut self, col: usize) -> bool {
        if col >= self.columns || self.columns < 2 {
            return false;
        }
        for row in 0..self.slots.len() {
            if let Some((r, c)) = self.owner(row, col)
                && r == row
                && let Some(Some(slot)) = self.slots[r].get(c).cloned()
                && slot.colspan > 1
            {
                // The span loses a column; its text stays in the cell.
                let next = Slot {
                    colspan: slot.colspan - 1,
                    ..slot
                };
                self.slots[r][c] = None;
                self.slots[r][if c == col { col + 1 } else { c }] = Some(next);
            }
        }
        for line in &mut self.slots {
            line.remove(col);
        }
        self.columns -= 1;
        self.cover_spans();
        true
    }

    /// Merges the cell at (`row`, `col`) with the one to its right
    /// (`across`) or below it: their texts joined, one span.
    pub fn merge(&mut self, row: usize, col: usize, across: bool) -> bool {
        let Some((r, c)) = self.owner(row, col) else {
            return false;
        };
        let Some(Some(first)) = self.slots[r].get(c).cloned() else {
            return false;
        };
        let (nr, nc) = if across {
            (r, c + first.colspan)
        } else {
            (r + first.rowspan, c)
        };
        let Some(Some(next)) = self.slots.get(nr).and_then(|l| l.get(nc)).cloned() else {
            return false;
        };
        // Only cells that line up merge into a rectangle.
        if (across && next.rowspan != first.rowspan) || (!across && next.colspan != first.colspan) {
            return false;
        }
        let text = match (first.text.is_empty(), next.text.is_empty()) {
            (_, true) => first.text.clone(),
            (true, false) => next.text.clone(),
            _ => format!("{}{}", first.text, next.text),
        };
        self.slots[nr][nc] = None;
        self.slots[r][c] = Some(Slot {
            text,
            colspan: if across {
                first.colspan + next.colspan
            } else {
                first.colspan
            },
            rowspan: if across {
                first.rowspan
            } else {
                first.rowspan + next.rowspan
            },
        });
        true
    }

    /// Splits the cell at (`row`, `col`) back into single cells.
    pub fn split(&mut self, row: usize, col: usize) -> bool {
        let Some((r, c)) = self.owner(row, col) else {
            return false;
        };
        self.split_cell(r, c);
        true
    }

    fn split_cell(&mut self, r: usize, c: usize) {
        let Some(Some(slot)) = self.slots[r].get(c).cloned() else {
            return;
        };
        for rr in r..r + slot.rowspan {
            for cc in c..c + slot.colspan {
                if let Some(line) = self.slots.get_mut(rr)
                    && let Some(place) = line.get_mut(cc)
                {
                    *place = Some(Slot {
                        text: if (rr, cc) == (r, c) {
                            slot.text.clone()
                        } else {
                            String::new()
                        },
                        colspan: 1,
                        rowspan: 1,
                    });
                }
            }
        }
    }

    /// Every cell spanning over `row` is split, so the row can go.
    fn split_all_at_row(&mut self, row: usize) {
        for col in 0..self.columns {
            if let Some((r, c)) = self.owner(row, col)
                && self.slots[r][c]
                    .as_ref()
                    .is_some_and(|s| s.rowspan > 1 || s.colspan > 1)
            {
                self.split_cell(r, c);
            }
        }
    }

    /// Slots a span covers hold no cell of their own.
    fn cover_spans(&mut self) {
        for r in 0..self.slots.len() {
            for c in 0..self.columns {
                let Some(Some(slot)) = self.slots[r].get(c).cloned() else {
                    continue;
                };
                for rr in r..(r + slot.rowspan).min(self.slots.len()) {
                    for cc in c..(c + slot.colspan).min(self.columns) {
                        if (rr, cc) != (r, c) {
                            self.slots[rr][cc] = None;
                        }
                    }
                }
            }
        }
    }

    /// The rows as written: header rows and body rows, each a list of cells
    /// in reading order (covered slots left out).
    pub fn rows(&self) -> (Vec<Vec<Slot>>, Vec<Vec<Slot>>) {
        let all: Vec<Vec<Slot>> = self
            .slots
            .iter()
            .map(|line| line.iter().flatten().cloned().collect())
            .collect();
        let header = all[..self.header_rows.min(all.len())].to_vec();
        let body = all[self.header_rows.min(all.len())..].to_vec();
        (header, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, col: usize, colspan: u32, rowspan: u32) -> EditCell {
        EditCell {
            text: text.into(),
            col,
            colspan,
            rowspan,
        }
    }

    fn texts(grid: &Grid) -> Vec<Vec<String>> {
        let (header, body) = grid.rows();
        header
            .into_iter()
            .chain(body)
            .map(|r| {
                r.into_iter()
                    .map(|s| format!("{}{}{}", s.text, s.colspan, s.rowspan))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rows_columns_and_merges_keep_the_grid_whole() {
        // 甲 spans two rows on the left.
        let rows = vec![
            vec![cell("甲", 0, 1, 2), cell("乙", 1, 1, 1)],
            vec![cell("丙", 1, 1, 1)],
        ];
        let mut grid = Grid::from_cells(&rows, 2, 0);
        grid.add_row(Some(0));
        assert_eq!(
            texts(&grid),
            [vec!["甲13", "乙11"], vec!["11"], vec!["丙11"]]
        );
        grid.add_column(Some(1));
        assert_eq!(
            texts(&grid),
            [
                vec!["甲13", "乙11", "11"],
                vec!["11", "11"],
                vec!["丙11", "11"]
            ]
        );
        assert!(grid.merge(0, 1, true));
        assert_eq!(texts(&grid)[0], ["甲13", "乙21"]);
        assert!(grid.remove_row(1));
        assert_eq!(
            texts(&grid),
            [vec!["甲11", "乙21"], vec!["11", "丙11", "11"]]
        );
        assert!(grid.remove_column(2));
        assert_eq!(texts(&grid), [vec!["甲11", "乙11"], vec!["11", "丙11"]]);
    }
}
