//! A layout table repeated on every page (a procedure's 文件编号 / 版本 /
//! 页码 block, printed in the body at the top of each page): the same cells
//! each time, page numbers aside. The first is kept where it stood, the
//! repeats are taken out of the text and listed in the report.

use super::tables::{RawLine, Table};

/// A table's cells without their digits (第1页 and 第2页 are one cell).
fn shape(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| {
                    c.text
                        .chars()
                        .filter(|ch| !ch.is_ascii_digit() && !ch.is_whitespace())
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Takes the lines of every repeat of a table out of `lines`; returns the
/// input line of each repeat and the table's first cell.
pub(super) fn drop_repeated(lines: &mut Vec<RawLine>, tables: &[Table]) -> Vec<(usize, String)> {
    let shapes: Vec<Vec<Vec<String>>> = tables.iter().map(shape).collect();
    let mut repeats: Vec<usize> = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        let small = (1..=6).contains(&table.rows.len());
        let has_text = shapes[i].iter().flatten().any(|c| !c.is_empty());
        if small && has_text && shapes[..i].contains(&shapes[i]) {
            repeats.push(i);
        }
    }
    let mut dropped = Vec::new();
    for &index in &repeats {
        let first = tables[index]
            .rows
            .iter()
            .flatten()
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
            .unwrap_or("")
            .to_string();
        dropped.push((tables[index].line, first));
    }
    lines.retain(|l| !l.hint.table.is_some_and(|(t, _)| repeats.contains(&t)));
    dropped
}

#[cfg(test)]
mod tests {
    use super::super::tables::Cell;
    use super::*;

    fn table(line: usize, page: &str) -> Table {
        Table {
            rows: vec![vec![Cell::plain("文件编号"), Cell::plain(page)]],
            line,
            ..Default::default()
        }
    }

    #[test]
    fn repeats_of_a_page_table_are_dropped() {
        let tables = vec![table(1, "第1页"), table(5, "第2页")];
        let mut lines: Vec<RawLine> = (1..=6)
            .map(|no| {
                let mut line = RawLine::new(no, "正文。");
                if no == 1 || no == 5 {
                    line.hint.table = Some((usize::from(no == 5), 0));
                }
                line
            })
            .collect();
        let dropped = drop_repeated(&mut lines, &tables);
        assert_eq!(dropped, [(5, "文件编号".to_string())]);
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().any(|l| l.no == 1));
    }
}
