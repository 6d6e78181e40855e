//! Tables rendered and checked: every row fills the columns exactly, no
//! span runs past the edge, each cell's text is a template like any other.

use crate::diag::{Diagnostic, Loc};
use crate::document::{Cell, Table};
use crate::format::Align;
use crate::lint::lint_text;
use crate::source::{CellSource, TableSource};

use super::nodes::NodeCtx;

/// Most columns a table may have: an A4 page holds no more than this many
/// readable columns, and a row's span is counted against it.
pub const MAX_COLUMNS: usize = 64;

impl NodeCtx<'_, '_> {
    /// The tables of the node (or appendix) at `path`.
    pub(super) fn tables(&mut self, tables: &[TableSource], path: &str) -> Vec<Table> {
        tables
            .iter()
            .enumerate()
            .filter_map(|(index, table)| self.table(table, path, index))
            .collect()
    }

    fn table(&mut self, table: &TableSource, path: &str, index: usize) -> Option<Table> {
        let id = match &table.id {
            Some(id) => id.value.clone(),
            None => format!("#{}", index + 1),
        };
        let key = format!("{path}.{id}");
        let width_of = |row: &[CellSource]| row.iter().map(|c| c.colspan as usize).sum::<usize>();
        let columns = match &table.columns {
            Some(widths) => widths.value.len(),
            None => table
                .header
                .first()
                .or(table.rows.first())
                .map(|row| width_of(row))
                .unwrap_or(0),
        };
        if columns == 0 {
            return None;
        }
        if columns > MAX_COLUMNS {
            self.diags.push(
                Diagnostic::error(format!(
                    "this table has {columns} columns; a table may have at most {MAX_COLUMNS}"
                ))
                .at(&table.loc)
                .label("too wide to print")
                .help("split it into several tables, or turn it so that the long side runs down the page"),
            );
            return None;
        }
        // Cells are counted before anything is laid out: a huge table is
        // refused here, not after minutes of layout.
        let cells = columns as u64 * (table.header.len() + table.rows.len()) as u64;
        if !self.renderer.budget().spend_cells(cells) {
            if self.renderer.budget().first_overrun() {
                self.diags.push(
                    Diagnostic::error(format!(
                        "the charter's tables have more than {} cells in all",
                        crate::limits::limits().cells
                    ))
                    .at(&table.loc)
                    .label(format!(
                        "{} rows × {columns} columns",
                        table.header.len() + table.rows.len()
                    ))
                    .help(format!(
                        "keep long lists (会员名单 …) in a file of their own; {}",
                        crate::limits::raise_hint("cells")
                    )),
                );
            }
            return None;
        }
        let align = match &table.align {
            Some(align) if align.value.len() != columns => {
                self.diags.push(
                    Diagnostic::error(format!(
                        "align names {} columns; the table has {columns}",
                        align.value.len()
                    ))
                    .at(&align.loc)
                    .label("one alignment per column")
                    .help(format!(
                        "give {columns} alignments, e.g. align = [\"left\", \"center\"]"
                    )),
                );
                vec![Align::Left; columns]
            }
            Some(align) => align.value.clone(),
            None => vec![Align::Left; columns],
        };
        let widths = match &table.columns {
            Some(widths) => {
                let total: f64 = widths.value.iter().sum();
                widths.value.iter().map(|w| w / total).collect()
            }
            None => vec![1.0 / columns as f64; columns],
        };
        let caption = table.caption.as_ref().and_then(|c| {
            (self.record)(format!("{key}#caption"), c);
            lint_text(c, self.diags);
            self.renderer.line(c, self.diags)
        });
        let (header_locs, row_locs) = table
            .row_locs
            .split_at(table.header.len().min(table.row_locs.len()));
        let header = self.grid(&table.header, header_locs, columns, &key);
        let rows = self.grid(&table.rows, row_locs, columns, &key);
        Some(Table {
            id,
            caption,
            widths,
            align,
            header,
            rows,
        })
    }

    /// Rows placed on the grid of `columns`: each cell's first column,
    /// rows that do not fill the grid and spans past its edge reported.
    fn grid(
        &mut self,
        rows: &[Vec<CellSource>],
        locs: &[Loc],
        columns: usize,
        key: &str,
    ) -> Vec<Vec<Cell>> {
        // Rows each column is still covered for by a cell spanning down.
        let mut covered = vec![0u32; columns];
        let mut out = Vec::new();
        for (row_index, row) in rows.iter().enumerate() {
            let mut cells = Vec::new();
            let mut filled = vec![false; columns];
            for (c, left) in covered.iter().enumerate() {
                filled[c] = *left > 0;
            }
            let mut column = 0;
            for cell in row {
                while column < columns && filled[column] {
                    column += 1;
                }
                let span = cell.colspan as usize;
                if column + span > columns {
                    self.diags.push(
                        Diagnostic::error(format!(
                            "this cell runs past the last column (column {} of {columns}, {span} wide)",
                            column + 1
                        ))
                        .at(&cell.loc)
                        .label("past the edge")
                        .help("make colspan smaller, or give the table more columns"),
                    );
                    break;
                }
                let remaining = rows.len() - row_index;
                if cell.rowspan as usize > remaining {
                    self.diags.push(
                        Diagnostic::error(format!(
                            "this cell spans {} rows; only {remaining} are left",
                            cell.rowspan
                        ))
                        .at(&cell.loc)
                        .label("past the last row")
                        .help("make rowspan smaller (header and body rows are spanned apart)"),
                    );
                }
                for c in column..column + span {
                    filled[c] = true;
                    covered[c] = cell.rowspan;
                }
                (self.record)(format!("{key}#cell"), &cell.text);
                lint_text(&cell.text, self.diags);
                let rendered = self
                    .renderer
                    .paragraphs(&cell.text, self.diags)
                    .unwrap_or_default();
                cells.push(Cell {
                    text: rendered.paragraphs.join("\n"),
                    column,
                    colspan: cell.colspan,
                    rowspan: cell.rowspan,
                    refs: rendered
                        .refs
                        .into_iter()
                        .filter(|r| r.paragraph == 0)
                        .collect(),
                });
                column += span;
            }
            let count = filled.iter().filter(|f| **f).count();
            if count != columns {
                let at = locs.get(row_index).or(row.first().map(|c| &c.loc));
                let mut d = Diagnostic::error(format!(
                    "this row fills {count} of the table's {columns} columns"
                ))
                .label("a ragged row")
                .help("give every row as many cells as the table has columns (a colspan counts its columns, a rowspan fills the rows below)");
                if let Some(loc) = at {
                    d = d.at(loc);
                }
                self.diags.push(d);
            }
            for left in &mut covered {
                *left = left.saturating_sub(1);
            }
            out.push(cells);
        }
        out
    }
}
