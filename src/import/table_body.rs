//! A document whose body is only tables (a test procedure written as a
//! table, a Markdown file that is one pipe table): without numbered labels
//! its rows would be preamble text. They are kept as tables, under one
//! untitled section.

use super::clean::Line;
use super::structure::{Node, Parsed};

/// Moves the tables of a body without numbered nodes out of the preamble
/// into one untitled section; returns how many.
pub(super) fn keep_tables(parsed: &mut Parsed, lines: &[Line]) -> usize {
    if !parsed.sections.is_empty() {
        return 0;
    }
    let mut tables: Vec<usize> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    for line in lines {
        if let Some((table, _)) = line.hint.table {
            if !tables.contains(&table) {
                tables.push(table);
            }
            rows.push(line.text.clone());
            rows.push(line.text.replace('\t', " ").trim().to_string());
        }
    }
    if tables.is_empty() {
        return 0;
    }
    parsed.preamble.retain(|p| !rows.contains(p));
    parsed.loose_tables.retain(|t| !tables.contains(t));
    parsed.sections.push(Node {
        level: 1,
        line: lines
            .iter()
            .find(|l| l.hint.table.is_some())
            .map_or(0, |l| l.no),
        tables: tables.clone(),
        ..Default::default()
    });
    tables.len()
}
