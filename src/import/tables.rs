//! Tables in the input: Word tables (read with their spans by the DOCX
//! reader), Markdown pipe tables, and rows of tab-separated cells in text
//! that share a column count (also what `pdftotext -layout` gives a table:
//! cells apart by wide gaps).
//!
//! A table's rows stay in the line stream as tab-separated lines, marked
//! with the table they belong to: the appendix reader finds questionnaire
//! grids and forms in them as before, and the body attaches the table to
//! the node it stands under.

use super::clean::{InputKind, is_space};

/// One cell, with how far it spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub colspan: u32,
    pub rowspan: u32,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
        }
    }
}

/// A table as read: header rows first, cells covered by a span left out
/// (as the charter format writes them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    /// How many of the rows are header rows.
    pub header_rows: usize,
    /// Relative column widths, when the input gives them (Word's grid).
    pub widths: Vec<u32>,
    /// Alignment per column (left, center, right), when the input gives it.
    pub align: Vec<String>,
    /// First input line of the table.
    pub line: usize,
    pub caption: Option<String>,
    /// Where it came from, for the report.
    pub from: &'static str,
}

impl Table {
    /// Columns of the grid: the widest row, spans counted.
    pub fn columns(&self) -> usize {
        let mut covered: Vec<usize> = Vec::new();
        let mut widest = 0;
        for row in &self.rows {
            let mut column = 0;
            let mut next: Vec<usize> = Vec::new();
            for cell in row {
                while covered.get(column).is_some_and(|&n| n > 0) {
                    column += 1;
                }
                let span = cell.colspan.max(1) as usize;
                for c in column..column + span {
                    if next.len() <= c {
                        next.resize(c + 1, 0);
                    }
                    next[c] = cell.rowspan.max(1) as usize - 1;
                }
                column += span;
            }
            while covered.get(column).is_some_and(|&n| n > 0) {
                column += 1;
            }
            widest = widest.max(column);
            for (c, n) in covered.iter().enumerate() {
                if *n > 0 {
                    if next.len() <= c {
                        next.resize(c + 1, 0);
                    }
                    next[c] = next[c].max(n - 1);
                }
            }
            covered = next;
        }
        widest
    }

    /// Pads short rows with empty cells so every row fills the grid (a row
    /// cut short in the input is not an error in the charter).
    pub fn squared(mut self) -> Table {
        let columns = self.columns();
        let mut covered = vec![0usize; columns];
        for row in &mut self.rows {
            let mut filled = covered.iter().filter(|&&n| n > 0).count();
            for cell in row.iter() {
                filled += cell.colspan.max(1) as usize;
            }
            for _ in filled..columns {
                row.push(Cell::plain(""));
            }
            let mut column = 0;
            let mut next = vec![0usize; columns];
            for cell in row.iter() {
                while covered.get(column).is_some_and(|&n| n > 0) {
                    column += 1;
                }
                let end = (column + cell.colspan.max(1) as usize).min(columns);
                for slot in next.iter_mut().take(end).skip(column) {
                    *slot = cell.rowspan.max(1) as usize - 1;
                }
                column += cell.colspan.max(1) as usize;
            }
            for (c, n) in covered.iter().enumerate() {
                if *n > 0 {
                    next[c] = n - 1;
                }
            }
            covered = next;
        }
        // A rowspan running past the last row is cut at it.
        let total = self.rows.len();
        for (r, row) in self.rows.iter_mut().enumerate() {
            for cell in row {
                cell.rowspan = cell.rowspan.min((total - r) as u32).max(1);
            }
        }
        self.header_holds_its_spans();
        self
    }

    /// A header cell merged down into the rows below it: the header grows
    /// to hold it (a charter's header and body are grids of their own, and
    /// `check` refuses a span that runs out of its grid); a header that
    /// would take every row is no header.
    fn header_holds_its_spans(&mut self) {
        let total = self.rows.len();
        loop {
            let header = self.header_rows.min(total);
            let reach = self.rows[..header]
                .iter()
                .enumerate()
                .flat_map(|(r, row)| row.iter().map(move |c| r + c.rowspan.max(1) as usize))
                .max()
                .unwrap_or(0);
            if reach <= header {
                return;
            }
            if reach >= total {
                self.header_rows = 0;
                return;
            }
            self.header_rows = reach;
        }
    }

    /// Whether most body cells hold text: a data table, not a form to fill in.
    pub fn mostly_filled(&self) -> bool {
        let body: Vec<&Cell> = self.rows.iter().skip(self.header_rows).flatten().collect();
        let filled = body.iter().filter(|c| !c.text.trim().is_empty()).count();
        !body.is_empty() && filled * 4 >= body.len() * 3
    }

    /// A row as one tab-separated line (the appendix reader's view).
    pub fn row_line(row: &[Cell]) -> String {
        let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        format!("\t{}", cells.join("\t"))
    }
}

/// A line of the input: its number, text, and what the reader knew of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawLine {
    pub no: usize,
    pub text: String,
    pub hint: Hint,
}

impl RawLine {
    pub fn new(no: usize, text: impl Into<String>) -> RawLine {
        RawLine {
            no,
            text: text.into(),
            hint: Hint::default(),
        }
    }
}

/// What the reader of a structured input knew about a line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hint {
    /// A row of a table: (table, row).
    pub table: Option<(usize, usize)>,
    /// Word's Title style, or a centred bold paragraph at the top.
    pub title: bool,
    /// The first line of a Word paragraph.
    pub paragraph: bool,
    /// A centred Word paragraph (a title, a heading, a cover line): a line
    /// of its own, never joined to another.
    pub centred: bool,
    /// A Markdown block starts here (a heading, a list item, a paragraph
    /// after a blank line): never joined to the line above.
    pub block: bool,
    /// Where a Markdown line stands: heading depth × 100 + quote depth ×
    /// 10 + list nesting (0 for a top-level paragraph or list item, and for
    /// every line of other inputs).
    pub context: u16,
}

/// Cells of a line split at tabs or wide gaps, if it has two or more.
fn gap_cells(text: &str, gaps: bool) -> Option<Vec<String>> {
    let text = text.trim_matches(|c: char| c == '\n' || c == '\r');
    let mut cells: Vec<String> = Vec::new();
    if text.contains('\t') {
        cells = text
            .split('\t')
            .map(|c| c.trim_matches(is_space).to_string())
            .collect();
        // Leading and trailing tabs (Word's export) frame the row.
        while cells.first().is_some_and(String::is_empty) {
            cells.remove(0);
        }
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
    } else if gaps {
        let mut current = String::new();
        let mut spaces = 0usize;
        for c in text.trim_matches(is_space).chars() {
            if c == ' ' || c == '\u{3000}' {
                spaces += if c == '\u{3000}' { 2 } else { 1 };
                continue;
            }
            if spaces >= 3 && !current.is_empty() {
                cells.push(std::mem::take(&mut current));
            } else if spaces > 0 {
                current.push(' ');
            }
            spaces = 0;
            current.push(c);
        }
        if !current.is_empty() {
            cells.push(current);
        }
    }
    (cells.len() >= 2).then_some(cells)
}

/// A header cell: a short name, not a sentence.
fn header_cell(cell: &str) -> bool {
    let n = cell.chars().count();
    (1..=15).contains(&n) && !cell.contains(['。', '；', '，'])
}

/// A Markdown pipe row's cells, or `None` for a rule row (`|---|:-:|`).
fn pipe_cells(text: &str) -> Option<Vec<String>> {
    let inner = text.trim_matches(is_space);
    let inner = inner.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(
        inner
            .split('|')
            .map(|c| c.trim_matches(is_space).replace("<br>", "").to_string())
            .collect(),
    )
}

fn is_rule_row(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Finds the tables of a text or Markdown input: marks their rows and
/// returns the tables. Rows keep their text (tab-separated).
pub fn find(lines: &mut Vec<RawLine>, kind: InputKind, tables: &mut Vec<Table>) {
    let mut i = 0;
    let mut closings = super::html_table::Closings::default();
    while i < lines.len() {
        if lines[i].hint.table.is_some() {
            i += 1;
            continue;
        }
        if kind == InputKind::Markdown
            && let Some((end, table)) = super::html_table::html_table(lines, i, &mut closings)
        {
            closings.forget();
            // One line per row in place of the HTML's lines.
            let index = tables.len();
            let no = lines[i].no;
            let rows: Vec<RawLine> = table
                .rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let mut line = RawLine::new(no, Table::row_line(row));
                    line.hint.table = Some((index, r));
                    line
                })
                .collect();
            i += rows.len();
            lines.splice(i - rows.len()..end, rows);
            tables.push(table);
            continue;
        }
        let found = if kind == InputKind::Markdown {
            pipe_table(lines, i).or_else(|| gap_table(lines, i, false))
        } else {
            gap_table(lines, i, kind == InputKind::Text)
        };
        let Some((end, table, rule)) = found else {
            i += 1;
            continue;
        };
        let index = tables.len();
        let mut row = 0;
        for (at, line) in lines[i..end].iter_mut().enumerate() {
            if rule == Some(i + at) {
                // Markdown's rule row: a line with no cells.
                line.text = String::new();
                continue;
            }
            line.text = Table::row_line(&table.rows[row]);
            line.hint.table = Some((index, row));
            row += 1;
        }
        tables.push(table);
        i = end;
    }
}

/// A pipe table at `start`: (end, table, the rule row's index).
fn pipe_table(lines: &[RawLine], start: usize) -> Option<(usize, Table, Option<usize>)> {
    let mut rows = Vec::new();
    let mut rule = None;
    let mut align = Vec::new();
    let mut end = start;
    while let Some(cells) = lines.get(end).and_then(|l| pipe_cells(&l.text)) {
        if is_rule_row(&cells) && rule.is_none() && !rows.is_empty() {
            rule = Some(end);
            // :-- left, :-: centre, --: right.
            align = cells
                .iter()
                .map(|c| match (c.starts_with(':'), c.ends_with(':')) {
                    (true, true) => "center",
                    (false, true) => "right",
                    _ => "left",
                })
                .map(str::to_string)
                .collect();
        } else {
            rows.push(cells);
        }
        end += 1;
    }
    if rows.len() < 2 && rule.is_none() || rows.is_empty() {
        return None;
    }
    let header_rows = rule.map_or(0, |r| r - start);
    let table = Table {
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Cell::plain).collect())
            .collect(),
        header_rows,
        widths: Vec::new(),
        align,
        line: lines[start].no,
        caption: None,
        from: "a Markdown pipe table",
    };
    Some((end, table.squared(), rule))
}

/// Rows of tab-separated cells at `start`, two or more with the same
/// count, the first a header of short names; or, in text, a block laid out
/// in columns (what `pdftotext -layout` gives a table).
fn gap_table(lines: &[RawLine], start: usize, gaps: bool) -> Option<(usize, Table, Option<usize>)> {
    if !lines[start].text.contains('\t') {
        return if gaps {
            layout_table(lines, start)
        } else {
            None
        };
    }
    let header = gap_cells(&lines[start].text, false)?;
    if !header.iter().all(|c| header_cell(c)) {
        return None;
    }
    let mut rows = vec![header.clone()];
    let mut end = start + 1;
    while let Some(cells) = lines
        .get(end)
        .filter(|l| l.hint.table.is_none())
        .and_then(|l| gap_cells(&l.text, false))
    {
        if cells.len() != header.len() {
            break;
        }
        rows.push(cells);
        end += 1;
    }
    if rows.len() < 2 {
        return None;
    }
    let table = Table {
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Cell::plain).collect())
            .collect(),
        header_rows: 1,
        widths: Vec::new(),
        align: Vec::new(),
        line: lines[start].no,
        caption: None,
        from: "tab-separated rows",
    };
    Some((end, table.squared(), None))
}

/// Longest block read as one laid-out table.
const LAYOUT_ROWS: usize = 80;

/// Pieces of a line apart by two or more spaces, with the column (in
/// characters) each starts at.
fn segments(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut spaces = 0;
    for (column, c) in text.chars().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            spaces += if c == '\u{3000}' { 2 } else { 1 };
            continue;
        }
        if spaces >= 2 && !current.is_empty() {
            out.push((start, std::mem::take(&mut current)));
        } else if spaces > 0 && !current.is_empty() {
            current.push(' ');
        }
        if current.is_empty() {
            start = column;
        }
        spaces = 0;
        current.push(c);
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out
}

/// A block of PDF text laid out in columns: a header row of two or more
/// short names apart by wide gaps, then every line up to a blank line.
/// Each line is a row; each piece goes to the header column it starts
/// nearest. PDF text keeps no spans, so the shape is approximate; the text
/// of every cell is kept.
fn layout_table(lines: &[RawLine], start: usize) -> Option<(usize, Table, Option<usize>)> {
    let header = gap_cells(&lines[start].text, true)?;
    if !header.iter().all(|c| header_cell(c)) {
        return None;
    }
    let columns: Vec<usize> = segments(&lines[start].text)
        .iter()
        .map(|(at, _)| *at)
        .collect();
    if columns.len() != header.len() {
        return None;
    }
    let mut end = start + 1;
    while end < lines.len()
        && end - start < LAYOUT_ROWS
        && lines[end].hint.table.is_none()
        && !lines[end].text.trim_matches(is_space).is_empty()
        && !lines[end].text.contains('\u{c}')
        && super::labels::parse_label(&lines[end].text).is_none()
    {
        end += 1;
    }
    // A table has rows; a line with a wide gap before prose does not.
    let gapped = lines[start + 1..end]
        .iter()
        .filter(|l| segments(&l.text).len() >= 2)
        .count();
    if end - start < 2 || gapped == 0 {
        return None;
    }
    let rows: Vec<Vec<Cell>> = lines[start..end]
        .iter()
        .map(|line| {
            let mut row: Vec<String> = vec![String::new(); columns.len()];
            for (at, piece) in segments(&line.text) {
                let column = columns
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, c)| c.abs_diff(at))
                    .map_or(0, |(i, _)| i);
                if !row[column].is_empty() {
                    row[column].push(' ');
                }
                row[column].push_str(&piece);
            }
            row.into_iter().map(Cell::plain).collect()
        })
        .collect();
    let table = Table {
        rows,
        header_rows: 1,
        widths: Vec::new(),
        align: Vec::new(),
        line: lines[start].no,
        caption: None,
        from: "columns of PDF text (pdftotext -layout): shape approximate",
    };
    Some((end, table, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Vec<RawLine> {
        text.lines()
            .enumerate()
            .map(|(i, l)| RawLine::new(i + 1, l))
            .collect()
    }

    #[test]
    fn a_pipe_table_with_its_rule() {
        let mut lines =
            raw("会费如下：\n| 类别 | 金额 |\n|:--|--:|\n| 个人 | 60 |\n| 单位 | 600 |\n正文。");
        let mut tables = Vec::new();
        find(&mut lines, InputKind::Markdown, &mut tables);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].header_rows, 1);
        assert_eq!(tables[0].rows.len(), 3);
        assert_eq!(tables[0].rows[2][1].text, "600");
        assert_eq!(lines[1].hint.table, Some((0, 0)));
        assert_eq!(lines[2].text, "");
        assert_eq!(lines[3].hint.table, Some((0, 1)));
        assert_eq!(lines[5].hint.table, None);
    }

    #[test]
    fn tab_rows_sharing_a_column_count() {
        let mut lines = raw("类别\t对象\t金额\n个人\t在职\t60\n个人\t退休\t30\n第二条 其他。");
        let mut tables = Vec::new();
        find(&mut lines, InputKind::Text, &mut tables);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].columns(), 3);
        assert_eq!(lines[3].hint.table, None);
        // A ragged run is not a table.
        let mut lines = raw("类别\t金额\n个人\t在职\t60");
        let mut tables = Vec::new();
        find(&mut lines, InputKind::Markdown, &mut tables);
        assert!(tables.is_empty());
    }

    #[test]
    fn gaps_in_pdf_text_and_a_row_across() {
        let mut lines = raw(
            "  类别      对象      金额\n  个人      在职      60\n            退休      30\n  按年交纳，中心公示。\n\n第二条 其他。",
        );
        let mut tables = Vec::new();
        find(&mut lines, InputKind::Text, &mut tables);
        assert_eq!(tables.len(), 1, "{lines:?}");
        assert_eq!(tables[0].rows.len(), 4);
        assert_eq!(tables[0].rows[2][1].text, "退休", "by its column");
        assert_eq!(tables[0].rows[2][0].text, "");
        assert_eq!(lines[5].hint.table, None);
    }

    #[test]
    fn a_header_grows_to_hold_a_cell_merged_down() {
        let merged = Cell {
            text: "项目".into(),
            colspan: 1,
            rowspan: 2,
        };
        let table = Table {
            rows: vec![
                vec![merged, Cell::plain("要求")],
                vec![Cell::plain("细则")],
                vec![Cell::plain("甲"), Cell::plain("乙")],
            ],
            header_rows: 1,
            ..Default::default()
        }
        .squared();
        assert_eq!(table.header_rows, 2);
        let all = Table {
            header_rows: 1,
            rows: table.rows[..2].to_vec(),
            ..Default::default()
        }
        .squared();
        assert_eq!(all.header_rows, 0);
    }

    #[test]
    fn columns_count_spans() {
        let table = Table {
            rows: vec![
                vec![
                    Cell {
                        text: "a".into(),
                        colspan: 1,
                        rowspan: 2,
                    },
                    Cell {
                        text: "b".into(),
                        colspan: 2,
                        rowspan: 1,
                    },
                ],
                vec![Cell::plain("c"), Cell::plain("d")],
            ],
            ..Table::default()
        };
        assert_eq!(table.columns(), 3);
        assert_eq!(table.clone().squared(), table);
    }
}
