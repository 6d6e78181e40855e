//! The charter an import writes must pass `charter check`: it is checked
//! here, in memory, and what `check` refuses is kept as text instead.

use std::path::PathBuf;

use super::emit;
use super::structure::Node;
use super::tables::Table;
use crate::diag::Diagnostics;
use crate::pipeline::{Outcome, Pipeline};

/// The first error `charter check` finds in `text`, `None` when it passes
/// (or cannot be checked here: the command checks the file it writes).
pub(super) fn check_error(text: &str, id: &str) -> Option<String> {
    let root = std::env::current_dir().ok()?;
    let sandbox = crate::sandbox::Sandbox::new(&root).ok()?;
    let job = crate::discover::Job {
        path: PathBuf::from(format!("{id}.toml")),
        root: PathBuf::from("."),
    };
    let pipeline = Pipeline::new(None, &sandbox);
    let mut found = Diagnostics::new();
    let outcome = pipeline.resolve_source(&job, Some(text), &mut found);
    (matches!(outcome, Outcome::Failed) || found.has_errors()).then(|| {
        found
            .list
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.message.clone())
            .unwrap_or_default()
    })
}

/// A table's rows as lines of text: its caption, then each row's cells
/// with a full-width space between them.
fn rows_as_text(table: &Table) -> Vec<String> {
    let rows = table.rows.iter().map(|row| {
        row.iter()
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\u{3000}")
    });
    table
        .caption
        .iter()
        .cloned()
        .chain(rows)
        .filter(|t| !t.is_empty())
        .collect()
}

fn nodes_tables_as_text(nodes: &mut [Node], tables: &[Table]) {
    for node in nodes {
        for &index in &node.tables {
            if let Some(table) = tables.get(index) {
                node.text.extend(rows_as_text(table));
            }
        }
        node.tables.clear();
        nodes_tables_as_text(&mut node.children, tables);
    }
}

/// Every table of the charter as text where it stood.
pub(super) fn tables_as_text(charter: &mut emit::Charter) {
    nodes_tables_as_text(&mut charter.sections, &charter.tables);
    for appendix in &mut charter.appendices {
        for &index in &appendix.tables {
            if let Some(table) = charter.tables.get(index) {
                appendix.intro.extend(rows_as_text(table));
            }
        }
        appendix.tables.clear();
    }
}
