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
                Diagnostic::error(t!(
                    "resolve-table-columns",
                    columns = columns,
                    max = MAX_COLUMNS
                ))
                .at(&table.loc)
                .label(t!("resolve-table-columns-label"))
                .help(t!("resolve-table-columns-help")),
            );
            return None;
        }
        // Cells are counted before anything is laid out: a huge table is
        // refused here, not after minutes of layout.
        let cells = columns as u64 * (table.header.len() + table.rows.len()) as u64;
        if !self.renderer.budget().spend_cells(cells) {
            if self.renderer.budget().first_overrun() {
                self.diags.push(
                    Diagnostic::error(t!("limit-cells", max = crate::limits::limits().cells))
                        .at(&table.loc)
                        .label(t!(
                            "limit-cells-label",
                            rows = table.header.len() + table.rows.len(),
                            columns = columns
                        ))
                        .help(t!(
                            "limit-cells-help",
                            raise = crate::limits::raise_hint("cells")
                        )),
                );
            }
            return None;
        }
        let align = match &table.align {
            Some(align) if align.value.len() != columns => {
                self.diags.push(
                    Diagnostic::error(t!(
                        "resolve-align",
                        named = align.value.len(),
                        columns = columns
                    ))
                    .at(&align.loc)
                    .label(t!("resolve-align-label"))
                    .help(t!("resolve-align-help", columns = columns)),
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
                        Diagnostic::error(t!(
                            "resolve-colspan",
                            column = column + 1,
                            columns = columns,
                            span = span
                        ))
                        .at(&cell.loc)
                        .label(t!("resolve-colspan-label"))
                        .help(t!("resolve-colspan-help")),
                    );
                    break;
                }
                let remaining = rows.len() - row_index;
                if cell.rowspan as usize > remaining {
                    self.diags.push(
                        Diagnostic::error(t!(
                            "resolve-rowspan",
                            rows = cell.rowspan,
                            remaining = remaining
                        ))
                        .at(&cell.loc)
                        .label(t!("resolve-rowspan-label"))
                        .help(t!("resolve-rowspan-help")),
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
                let mut d =
                    Diagnostic::error(t!("resolve-ragged-row", count = count, columns = columns))
                        .label(t!("resolve-ragged-row-label"))
                        .help(t!("resolve-ragged-row-help"));
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
