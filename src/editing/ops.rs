//! The operations of the document view. Each takes the source as it stands
//! (unsaved) and gives the source after it: the studio keeps the sources
//! it went through, so every step can be undone until saved.

use serde::Deserialize;
use toml_edit::{DocumentMut, Item, Table, Value};

use super::document::{
    self, Address, Step, after_all, array_key, ensure, find, new_table, set, table_at, table_at_mut,
};
use super::table::Grid;
use super::{EditNode, Origin};
use crate::diag::{Diagnostic, Diagnostics};
use crate::format::NodeKind;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    After,
    Before,
    Child,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Heading,
    Text,
}

/// What the document view asks for. Nodes are named by their path.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Op {
    /// A new node of `kind` after, before or as the last child of `target`
    /// (none: a section at the end).
    Add {
        target: Option<String>,
        position: Position,
        kind: NodeKind,
    },
    /// One place up or down among its siblings.
    Move {
        target: String,
        up: bool,
    },
    Delete {
        target: String,
    },
    Edit {
        target: String,
        field: Field,
        value: String,
    },
    /// Back to the model's text: the override in this file goes.
    Revert {
        target: String,
    },
    /// An edit of the node's table number `table` (0 when it has one).
    Table {
        target: String,
        table: usize,
        #[serde(flatten)]
        action: super::table::Action,
    },
    /// A new table after the node's text.
    AddTable {
        target: String,
    },
}

/// The source after an operation, and the node to show selected.
pub struct Applied {
    pub source: String,
    pub select: Option<String>,
}

/// Applies `op` to `text`, the charter at `path` as it stands.
pub fn apply(
    text: &str,
    path: &std::path::Path,
    root: &std::path::Path,
    sandbox: &crate::sandbox::Sandbox,
    op: &Op,
    diags: &mut Diagnostics,
) -> Option<Applied> {
    let tree = super::tree(text, path, root, sandbox, diags)?;
    let mut doc: DocumentMut = match text.parse() {
        Ok(doc) => doc,
        Err(_) => {
            diags.push(Diagnostic::error(t!("edit-not-toml")).help(t!("edit-not-toml-help")));
            return None;
        }
    };
    document::spread_positions(&mut doc);
    let editor = Editor { tree: &tree };
    let select = match op {
        Op::Add {
            target,
            position,
            kind,
        } => editor.add(&mut doc, target.as_deref(), *position, *kind, diags),
        Op::Move { target, up } => editor.move_node(&mut doc, target, *up, diags),
        Op::Delete { target } => editor.delete(&mut doc, target, diags),
        Op::Edit {
            target,
            field,
            value,
        } => editor.edit(&mut doc, target, *field, value, diags),
        Op::Revert { target } => editor.revert(&mut doc, target, diags),
        Op::Table {
            target,
            table,
            action,
        } => editor.table(&mut doc, target, *table, action, diags),
        Op::AddTable { target } => editor.add_table(&mut doc, target, diags),
    }?;
    Some(Applied {
        source: doc.to_string(),
        select: Some(select),
    })
}

struct Editor<'a> {
    tree: &'a [EditNode],
}

fn refuse(diags: &mut Diagnostics, message: String, help: String) -> Option<String> {
    diags.push(Diagnostic::error(message).help(help));
    None
}

/// A kind of node as messages name it: section, clause, item, point.
fn kind_name(kind: NodeKind) -> String {
    match kind {
        NodeKind::Section => t!("edit-kind-section"),
        NodeKind::Clause => t!("edit-kind-clause"),
        NodeKind::Item => t!("edit-kind-item"),
        NodeKind::Point => t!("edit-kind-point"),
    }
}

impl Editor<'_> {
    /// The nodes from the top down to `path`.
    fn chain(&self, path: &str) -> Option<Vec<&EditNode>> {
        let mut out: Vec<&EditNode> = Vec::new();
        let mut level = self.tree;
        let mut prefix = String::new();
        for segment in path.split('.') {
            prefix = if prefix.is_empty() {
                segment.to_string()
            } else {
                format!("{prefix}.{segment}")
            };
            let node = level.iter().find(|n| n.path == prefix)?;
            out.push(node);
            level = &node.children;
        }
        Some(out)
    }

    fn steps(chain: &[&EditNode]) -> Vec<Step> {
        chain
            .iter()
            .map(|n| Step {
                kind: n.kind,
                name: n.path.rsplit('.').next().unwrap_or(&n.path).to_string(),
            })
            .collect()
    }

    fn found(&self, path: &str, diags: &mut Diagnostics) -> Option<Vec<&EditNode>> {
        match self.chain(path) {
            Some(chain) => Some(chain),
            None => {
                diags.push(
                    Diagnostic::error(t!("edit-no-node", path = path)).help(t!("edit-try-again")),
                );
                None
            }
        }
    }

    /// The file's table for the node at `chain`, made as an override when
    /// it is inherited.
    fn table_for(
        &self,
        doc: &mut DocumentMut,
        chain: &[&EditNode],
        diags: &mut Diagnostics,
    ) -> Option<Address> {
        let steps = Self::steps(chain);
        let address = find(doc, &steps).or_else(|| {
            steps
                .iter()
                .all(|s| !s.name.starts_with('#'))
                .then(|| ensure(doc, &steps))
                .flatten()
        });
        if address.is_none() {
            diags.push(Diagnostic::error(t!("edit-no-id")).help(t!("edit-no-id-help")));
        }
        address
    }

    fn add(
        &self,
        doc: &mut DocumentMut,
        target: Option<&str>,
        position: Position,
        kind: NodeKind,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let target_chain = match target {
            Some(t) => Some(self.found(t, diags)?),
            None => None,
        };
        // The parent the new node goes under, and the siblings it joins.
        let parent: Vec<&EditNode> = match (&target_chain, position) {
            (Some(chain), Position::Child) => chain.clone(),
            (Some(chain), _) => chain[..chain.len() - 1].to_vec(),
            (None, _) => Vec::new(),
        };
        let allowed = match parent.last().map(|p| p.kind) {
            None => &[NodeKind::Section][..],
            Some(NodeKind::Section) => &[NodeKind::Section, NodeKind::Clause, NodeKind::Item],
            Some(NodeKind::Clause) => &[NodeKind::Item],
            Some(_) => &[NodeKind::Point],
        };
        if !allowed.contains(&kind) {
            return refuse(
                diags,
                t!("edit-cannot-go-there", kind = kind_name(kind)),
                t!("edit-cannot-go-there-help"),
            );
        }
        let siblings: &[EditNode] = match parent.last() {
            Some(p) => &p.children,
            None => self.tree,
        };
        let id = fresh_id(kind, siblings);
        let parent_address = if parent.is_empty() {
            Vec::new()
        } else {
            self.table_for(doc, &parent, diags)?
        };
        let depth = parent.len() + 1;
        let mut table = new_table(depth);
        set(&mut table, "id", id.as_str().into(), depth);
        let (key, value) = match kind {
            NodeKind::Section => ("title", "新的章节"),
            NodeKind::Clause => ("text", "新的条文：请在此输入。"),
            _ => ("text", "新的一项：请在此输入。"),
        };
        set(&mut table, key, value.into(), depth);
        let target_node = target_chain.as_ref().and_then(|c| c.last().copied());
        match (position, target_node) {
            // Beside a node written here: placed by its place in the file.
            (Position::After | Position::Before, Some(t)) if t.origin == Origin::Own => {
                let steps = Self::steps(target_chain.as_deref().unwrap_or_default());
                let at = find(doc, &steps)?;
                let positions = document::subtree_positions(table_at(doc, &at)?);
                let place = if position == Position::After {
                    positions.iter().max().copied().unwrap_or(0) + 1
                } else {
                    positions.iter().min().copied().unwrap_or(0) - 1
                };
                table.set_position(Some(place));
            }
            // Beside a node of the model: placed by `after` or `before`.
            (Position::After | Position::Before, Some(t)) => {
                let Some(anchor) = &t.id else {
                    return refuse(
                        diags,
                        t!("edit-neighbour-no-id"),
                        t!("edit-neighbour-no-id-help"),
                    );
                };
                let key = if position == Position::After {
                    "after"
                } else {
                    "before"
                };
                set(&mut table, key, anchor.as_str().into(), depth);
                table.set_position(Some(after_all(doc, &parent_address)));
            }
            _ => table.set_position(Some(after_all(doc, &parent_address))),
        }
        let parent_table = table_at_mut(doc, &parent_address)?;
        parent_table
            .entry(array_key(kind))
            .or_insert_with(|| Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
            .as_array_of_tables_mut()?
            .push(table);
        Some(match parent.last() {
            Some(p) => format!("{}.{id}", p.path),
            None => id,
        })
    }

    fn move_node(
        &self,
        doc: &mut DocumentMut,
        target: &str,
        up: bool,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let chain = self.found(target, diags)?;
        let node = *chain.last()?;
        let siblings: &[EditNode] = match chain.len() {
            1 => self.tree,
            n => &chain[n - 2].children,
        };
        let at = siblings.iter().position(|s| s.path == node.path)?;
        let neighbour = if up {
            at.checked_sub(1).and_then(|i| siblings.get(i))
        } else {
            siblings.get(at + 1)
        };
        let Some(neighbour) = neighbour else {
            return refuse(
                diags,
                if up {
                    t!("edit-first")
                } else {
                    t!("edit-last")
                },
                t!("edit-nothing-to-pass"),
            );
        };
        let mut neighbour_chain = chain.clone();
        let last = neighbour_chain.len() - 1;
        neighbour_chain[last] = neighbour;
        if node.origin == Origin::Own && neighbour.origin == Origin::Own {
            let a = find(doc, &Self::steps(&chain))?;
            let b = find(doc, &Self::steps(&neighbour_chain))?;
            // `a` is the node, `b` the neighbour; the earlier of them goes after.
            let (first, second) = if up { (b, a) } else { (a, b) };
            swap_places(doc, &first, &second)?;
            return Some(node.path.clone());
        }
        // A node of the model is placed by `after`/`before`, written on
        // whichever of the two the model knows.
        let (moved_chain, anchor, key) = if neighbour.origin == Origin::Own {
            // The neighbour (new here) goes to the other side of the node.
            (
                neighbour_chain,
                node.id.clone(),
                if up { "after" } else { "before" },
            )
        } else {
            (
                chain.clone(),
                neighbour.id.clone(),
                if up { "before" } else { "after" },
            )
        };
        let Some(anchor) = anchor else {
            return refuse(diags, t!("edit-pass-no-id"), t!("edit-give-id"));
        };
        let address = self.table_for(doc, &moved_chain, diags)?;
        let depth = moved_chain.len();
        let table = table_at_mut(doc, &address)?;
        table.remove("after");
        table.remove("before");
        set(table, key, anchor.as_str().into(), depth);
        Some(node.path.clone())
    }

    fn delete(
        &self,
        doc: &mut DocumentMut,
        target: &str,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let chain = self.found(target, diags)?;
        let node = *chain.last()?;
        let steps = Self::steps(&chain);
        if let Some(address) = find(doc, &steps) {
            let ((key, index), parent) = address.split_last()?;
            table_at_mut(doc, parent)?
                .get_mut(key)?
                .as_array_of_tables_mut()?
                .remove(*index);
            if node.origin != Origin::Own {
                document::prune_empty(doc, parent);
            }
        }
        if node.origin != Origin::Own {
            // A node of the model stays there: this charter drops it.
            if steps.iter().any(|s| s.name.starts_with('#')) {
                return refuse(diags, t!("edit-remove-no-id"), t!("edit-give-id"));
            }
            let charter = doc
                .as_table_mut()
                .entry("charter")
                .or_insert_with(|| Item::Table(Table::new()))
                .as_table_mut()?;
            let remove = charter
                .entry("remove")
                .or_insert_with(|| Item::Value(Value::Array(toml_edit::Array::new())))
                .as_array_mut()?;
            if !remove.iter().any(|v| v.as_str() == Some(&node.path)) {
                remove.push(node.path.as_str());
            }
        }
        let parent = node.path.rsplit_once('.').map(|(p, _)| p.to_string());
        Some(parent.unwrap_or_default())
    }

    fn edit(
        &self,
        doc: &mut DocumentMut,
        target: &str,
        field: Field,
        value: &str,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let chain = self.found(target, diags)?;
        let node = *chain.last()?;
        let key = match (field, node.kind) {
            (Field::Heading, NodeKind::Section) => "title",
            (Field::Heading, _) => "heading",
            (Field::Text, _) => "text",
        };
        let address = self.table_for(doc, &chain, diags)?;
        let depth = chain.len();
        let table = table_at_mut(doc, &address)?;
        if value.trim().is_empty() && key != "title" {
            table.remove(key);
        } else {
            set(table, key, value.into(), depth);
        }
        Some(node.path.clone())
    }

    fn revert(
        &self,
        doc: &mut DocumentMut,
        target: &str,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let chain = self.found(target, diags)?;
        let node = *chain.last()?;
        if node.origin != Origin::Overridden {
            return refuse(
                diags,
                t!("edit-not-overridden"),
                t!("edit-not-overridden-help"),
            );
        }
        let address = find(doc, &Self::steps(&chain))?;
        let table = table_at_mut(doc, &address)?;
        for key in [
            "title", "heading", "text", "when", "note", "after", "before", "table",
        ] {
            table.remove(key);
        }
        // An override with nothing left goes, and so do the ones above it.
        document::prune_empty(doc, &address);
        Some(node.path.clone())
    }

    fn table(
        &self,
        doc: &mut DocumentMut,
        target: &str,
        index: usize,
        action: &super::table::Action,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let chain = self.found(target, diags)?;
        let node = *chain.last()?;
        let Some(edit) = node.tables.get(index) else {
            return refuse(diags, t!("edit-no-table"), t!("edit-try-again"));
        };
        let mut grid = Grid::from_cells(&edit.rows, edit.columns, edit.header_rows);
        if !action.apply(&mut grid) {
            return refuse(diags, t!("edit-table-change"), t!("edit-table-change-help"));
        }
        let address = self.table_for(doc, &chain, diags)?;
        // A table is indented like the node it belongs to.
        let depth = chain.len();
        let node_table = table_at_mut(doc, &address)?;
        let tables = node_table
            .entry("table")
            .or_insert_with(|| Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
            .as_array_of_tables_mut()?;
        // The file's own table, or a copy of the model's (tables merge by id).
        let own = match &edit.id {
            Some(id) => tables.iter().position(|t| document::id_of(t) == Some(id)),
            None if edit.origin == Origin::Own => Some(index).filter(|i| *i < tables.len()),
            None => None,
        };
        let slot = match own {
            Some(i) => i,
            None => {
                let Some(id) = &edit.id else {
                    return refuse(diags, t!("edit-table-no-id"), t!("edit-table-no-id-help"));
                };
                let mut copy = new_table(depth);
                set(&mut copy, "id", id.as_str().into(), depth);
                tables.push(copy);
                tables.len() - 1
            }
        };
        let table = tables.get_mut(slot)?;
        super::table::write(table, &grid, edit.columns, depth);
        Some(node.path.clone())
    }

    fn add_table(
        &self,
        doc: &mut DocumentMut,
        target: &str,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let chain = self.found(target, diags)?;
        let node = *chain.last()?;
        let address = self.table_for(doc, &chain, diags)?;
        let depth = chain.len();
        let position = after_all(doc, &address);
        let existing: Vec<String> = node.tables.iter().filter_map(|t| t.id.clone()).collect();
        let id = (1..)
            .map(|n| format!("table{n}"))
            .find(|id| !existing.contains(id))
            .unwrap_or_default();
        let mut table = new_table(depth);
        table.set_position(Some(position));
        set(&mut table, "id", id.as_str().into(), depth);
        let grid = Grid::blank(2, 2, 1);
        super::table::write(&mut table, &grid, 2, depth);
        table_at_mut(doc, &address)?
            .entry("table")
            .or_insert_with(|| Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
            .as_array_of_tables_mut()?
            .push(table);
        Some(node.path.clone())
    }
}

/// An id for a new node unused among its siblings: c3, i2 ….
fn fresh_id(kind: NodeKind, siblings: &[EditNode]) -> String {
    let prefix = match kind {
        NodeKind::Section => "s",
        NodeKind::Clause => "c",
        NodeKind::Item => "i",
        NodeKind::Point => "p",
    };
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !siblings.iter().any(|s| s.id.as_deref() == Some(id)))
        .unwrap_or_default()
}

/// Puts the tables of `first` (an earlier node) after those of `second`: the
/// positions both took are handed out again, `second`'s first.
fn swap_places(doc: &mut DocumentMut, first: &Address, second: &Address) -> Option<()> {
    let mut a = document::subtree_positions(table_at(doc, first)?);
    let mut b = document::subtree_positions(table_at(doc, second)?);
    let mut all: Vec<isize> = a.iter().chain(&b).copied().collect();
    all.sort_unstable();
    a.sort_unstable();
    b.sort_unstable();
    let (for_second, for_first) = all.split_at(b.len());
    document::set_subtree_positions(table_at_mut(doc, second)?, for_second);
    document::set_subtree_positions(table_at_mut(doc, first)?, for_first);
    Some(())
}
