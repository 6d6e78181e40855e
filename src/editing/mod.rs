//! Structural editing of a charter source, for people who do not write
//! TOML: the document as a tree of nodes (what the studio's document view
//! shows) and operations on it (add, move, delete, edit a text, revert to
//! the model, edit a table) that rewrite the charter's TOML with
//! `toml_edit`, keeping its comments and layout and giving new nodes ids.
//!
//! A node is `own` (written in this file only), `inherited` (from the model
//! it extends, untouched here) or `overridden` (from the model, with fields
//! replaced here). Editing an inherited node writes the override into this
//! file; reverting removes it.

mod document;
mod ops;
mod table;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostics, SourceMap};
use crate::format::NodeKind;
use crate::source::{NodeSource, TableSource};

pub use ops::{Applied, Field, Op, Position, apply};
pub use table::Action as TableAction;

/// Where a node's text comes from, as seen from the edited file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Own,
    Inherited,
    Overridden,
}

/// A node as the document view shows it: its label, its texts as written
/// (templates, variables unrendered), its tables, its children.
#[derive(Clone, Debug, Serialize)]
pub struct EditNode {
    /// Its path, as `ref()` and the resolved document name it.
    pub path: String,
    /// Its own id, when it has one.
    pub id: Option<String>,
    pub kind: NodeKind,
    /// Its label (第五条, （一）); empty when a condition left it out.
    pub label: String,
    pub heading: Option<String>,
    pub text: Option<String>,
    pub origin: Origin,
    /// Its line in the edited file, when written there.
    pub line: Option<usize>,
    /// Its condition, when it has one.
    pub when: Option<String>,
    /// Its drafting notes (`note`): shown beside it, never printed.
    pub notes: Vec<String>,
    pub tables: Vec<EditTable>,
    pub children: Vec<EditNode>,
}

/// A table: its cells as written, on the grid of its columns.
#[derive(Clone, Debug, Serialize)]
pub struct EditTable {
    /// Position among the node's tables, from 0.
    pub index: usize,
    pub id: Option<String>,
    pub caption: Option<String>,
    pub columns: usize,
    /// Header rows first, then body rows.
    pub header_rows: usize,
    pub rows: Vec<Vec<EditCell>>,
    pub origin: Origin,
}

#[derive(Clone, Debug, Serialize)]
pub struct EditCell {
    pub text: String,
    /// Its first column on the grid.
    pub col: usize,
    pub colspan: u32,
    pub rowspan: u32,
}

/// The document tree of `text`, the unsaved source of the charter at
/// `path`: the merged nodes, each marked own, inherited or overridden, with
/// the labels of the resolved document (when it resolves).
pub fn tree(
    text: &str,
    path: &Path,
    root: &Path,
    sandbox: &crate::sandbox::Sandbox,
    diags: &mut Diagnostics,
) -> Option<Vec<EditNode>> {
    let sources = SourceMap::new();
    let merger = crate::merge::Merger::new(sources.clone(), sandbox.clone());
    let merged = merger.load_text(path, text, root, None, diags)?;
    let leaf_file = merged.source.file;
    let leaf = crate::load::parse_charter(text, leaf_file, path, &mut Diagnostics::new())?;
    let labels = labels(&merged, &sources, sandbox);
    let mut leaf_paths = BTreeMap::new();
    collect_leaf(&leaf.sections, "", &mut leaf_paths);
    let context = Context {
        sources: &sources,
        leaf_file,
        leaf_paths: &leaf_paths,
        labels: &labels,
    };
    Some(context.nodes(&merged.source.sections, ""))
}

/// The label of every node path, from the resolved document.
fn labels(
    merged: &crate::merge::Merged,
    sources: &SourceMap,
    sandbox: &crate::sandbox::Sandbox,
) -> BTreeMap<String, String> {
    let mut diags = Diagnostics::new();
    let Some(doc) = crate::resolve::resolve(merged, sources, sandbox, &mut diags) else {
        return BTreeMap::new();
    };
    doc.nodes()
        .into_iter()
        .map(|n| (n.path.clone(), n.label.clone()))
        .collect()
}

/// The id paths written in the edited file, with where each is written.
fn collect_leaf(nodes: &[NodeSource], prefix: &str, out: &mut BTreeMap<String, crate::diag::Loc>) {
    for (index, node) in nodes.iter().enumerate() {
        let path = crate::resolve::node_path(prefix, node, index);
        out.insert(path.clone(), node.loc.clone());
        collect_leaf(&node.children, &path, out);
    }
}

struct Context<'a> {
    sources: &'a SourceMap,
    leaf_file: crate::diag::FileId,
    leaf_paths: &'a BTreeMap<String, crate::diag::Loc>,
    labels: &'a BTreeMap<String, String>,
}

impl Context<'_> {
    fn nodes(&self, nodes: &[NodeSource], prefix: &str) -> Vec<EditNode> {
        nodes
            .iter()
            .enumerate()
            .map(|(index, node)| {
                let path = crate::resolve::node_path(prefix, node, index);
                let written_here = node.loc.file == self.leaf_file;
                let in_leaf = self.leaf_paths.get(&path);
                let origin = match (written_here, in_leaf) {
                    (true, _) => Origin::Own,
                    (false, Some(_)) => Origin::Overridden,
                    (false, None) => Origin::Inherited,
                };
                let line = in_leaf
                    .or(written_here.then_some(&node.loc))
                    .map(|loc| self.sources.line_col(loc).0);
                EditNode {
                    id: node.id.as_ref().map(|i| i.value.clone()),
                    kind: node.kind,
                    label: self.labels.get(&path).cloned().unwrap_or_default(),
                    heading: node.heading.as_ref().map(|t| t.src.clone()),
                    text: node.text.as_ref().map(|t| t.src.clone()),
                    origin,
                    line,
                    when: node.when.as_ref().map(|w| w.value.clone()),
                    notes: node.notes.iter().flatten().map(|n| n.src.clone()).collect(),
                    tables: node
                        .tables
                        .iter()
                        .enumerate()
                        .map(|(i, t)| self.table(t, i))
                        .collect(),
                    children: self.nodes(&node.children, &path),
                    path,
                }
            })
            .collect()
    }

    fn table(&self, table: &TableSource, index: usize) -> EditTable {
        let columns = table::column_count(table);
        let mut rows = table::grid(&table.header, columns);
        rows.extend(table::grid(&table.rows, columns));
        EditTable {
            index,
            id: table.id.as_ref().map(|i| i.value.clone()),
            caption: table.caption.as_ref().map(|c| c.src.clone()),
            columns,
            header_rows: table.header.len(),
            rows,
            origin: if table.loc.file == self.leaf_file {
                Origin::Own
            } else {
                Origin::Inherited
            },
        }
    }
}
