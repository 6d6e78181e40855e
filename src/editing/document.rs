//! The edited file as a `toml_edit` document: finding a node's table by its
//! path, making the tables an override needs, and keeping the order tables
//! are printed in (toml_edit prints by each table's position).

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::format::NodeKind;

/// The array a node of `kind` sits in, inside its parent's table.
pub fn array_key(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Section => "section",
        NodeKind::Clause => "clause",
        NodeKind::Item => "item",
        NodeKind::Point => "point",
    }
}

/// The arrays that hold a table's child nodes.
const CHILD_KEYS: &[&str] = &["section", "clause", "item", "point"];

/// One step of a path: the child's kind and its id, or `#n` (its 1-based
/// position among its siblings, in written order).
#[derive(Clone, Debug)]
pub struct Step {
    pub kind: NodeKind,
    pub name: String,
}

/// Where a node's table is: (array key, index) from the top.
pub type Address = Vec<(&'static str, usize)>;

/// The child tables of `table` in written order: (key, index, position).
pub fn children(table: &Table) -> Vec<(&'static str, usize, isize)> {
    let mut out = Vec::new();
    for key in CHILD_KEYS {
        if let Some(array) = table.get(key).and_then(Item::as_array_of_tables) {
            for (index, t) in array.iter().enumerate() {
                out.push((*key, index, t.position().unwrap_or(isize::MAX)));
            }
        }
    }
    out.sort_by_key(|(_, _, position)| *position);
    out
}

pub fn id_of(table: &Table) -> Option<&str> {
    table.get("id").and_then(Item::as_str)
}

/// The table at `address`.
pub fn table_at<'a>(doc: &'a DocumentMut, address: &[(&str, usize)]) -> Option<&'a Table> {
    let mut table = doc.as_table();
    for (key, index) in address {
        table = table.get(key)?.as_array_of_tables()?.get(*index)?;
    }
    Some(table)
}

pub fn table_at_mut<'a>(
    doc: &'a mut DocumentMut,
    address: &[(&str, usize)],
) -> Option<&'a mut Table> {
    let mut table = doc.as_table_mut();
    for (key, index) in address {
        table = table
            .get_mut(key)?
            .as_array_of_tables_mut()?
            .get_mut(*index)?;
    }
    Some(table)
}

/// The address of the node at `steps`, if the file has its table.
pub fn find(doc: &DocumentMut, steps: &[Step]) -> Option<Address> {
    let mut address = Vec::new();
    let mut table = doc.as_table();
    for step in steps {
        let key = array_key(step.kind);
        let index = match step.name.strip_prefix('#') {
            Some(position) => {
                let n: usize = position.parse().ok()?;
                let (k, i, _) = *children(table).get(n.checked_sub(1)?)?;
                if k != key {
                    return None;
                }
                i
            }
            None => table
                .get(key)?
                .as_array_of_tables()?
                .iter()
                .position(|t| id_of(t) == Some(step.name.as_str()))?,
        };
        table = table.get(key)?.as_array_of_tables()?.get(index)?;
        address.push((key, index));
    }
    Some(address)
}

/// The table of the node at `steps`, made (with only the ids along the
/// way) when the file has none: where an override of an inherited node is
/// written. Every step must then have an id.
pub fn ensure(doc: &mut DocumentMut, steps: &[Step]) -> Option<Address> {
    if let Some(address) = find(doc, steps) {
        return Some(address);
    }
    let (last, parent) = steps.split_last()?;
    let mut address = if parent.is_empty() {
        Vec::new()
    } else {
        ensure(doc, parent)?
    };
    if last.name.starts_with('#') {
        return None;
    }
    let key = array_key(last.kind);
    let depth = steps.len();
    let position = after_all(doc, &address);
    let parent_table = table_at_mut(doc, &address)?;
    let array = parent_table
        .entry(key)
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()?;
    let mut table = new_table(depth);
    table.set_position(Some(position));
    set(&mut table, "id", last.name.as_str().into(), depth);
    array.push(table);
    address.push((key, array.len() - 1));
    Some(address)
}

/// A new table at `depth` (1 for a top-level section), indented as the
/// examples are: two spaces a level.
pub fn new_table(depth: usize) -> Table {
    let mut table = Table::new();
    table.decor_mut().set_prefix(format!("\n{}", indent(depth)));
    table
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth.saturating_sub(1))
}

/// Sets `key` in a node's table: a new key indented like its header, an
/// existing one keeping its place, indent and comment.
pub fn set(table: &mut Table, key: &str, mut value: Value, depth: usize) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        _ => {
            table.insert(key, Item::Value(value));
            if let Some(mut k) = table.key_mut(key) {
                k.leaf_decor_mut().set_prefix(indent(depth));
            }
        }
    }
}

/// Removes the tables along `address` that hold nothing but their id, from
/// the deepest up: overrides with nothing left to override.
pub fn prune_empty(doc: &mut DocumentMut, address: &[(&'static str, usize)]) {
    let mut address = address.to_vec();
    while let Some(((key, index), parent)) = address.split_last().map(|(l, p)| (*l, p.to_vec())) {
        let empty = table_at(doc, &address).is_some_and(|t| {
            t.iter().all(|(k, item)| {
                k == "id" || item.as_array_of_tables().is_some_and(|a| a.is_empty())
            })
        });
        if !empty {
            return;
        }
        if let Some(array) = table_at_mut(doc, &parent)
            .and_then(|t| t.get_mut(key))
            .and_then(Item::as_array_of_tables_mut)
        {
            array.remove(index);
            if array.is_empty()
                && let Some(t) = table_at_mut(doc, &parent)
            {
                t.remove(key);
            }
        }
        address = parent;
    }
}

/// Gives every table a position 1000 apart, in the order they are printed
/// now, so a new table can go between two. (toml_edit prints tables by
/// position; a table without one follows the one visited before it.)
pub fn spread_positions(doc: &mut DocumentMut) {
    let mut printed = Vec::new();
    let mut last = 0;
    visit(doc.as_table(), &mut last, &mut printed);
    let mut order: Vec<usize> = (0..printed.len()).collect();
    order.sort_by_key(|&i| (printed[i], i));
    let mut fresh = vec![0isize; printed.len()];
    for (n, &i) in order.iter().enumerate() {
        fresh[i] = ((n + 1) * 1000) as isize;
    }
    let mut next = 0;
    assign(doc.as_table_mut(), &fresh, &mut next);
}

/// The printing position of every table under `table`, in visiting order.
fn visit(table: &Table, last: &mut isize, out: &mut Vec<isize>) {
    for (_, item) in table.iter() {
        let tables: Vec<&Table> = match item {
            Item::Table(t) => vec![t],
            Item::ArrayOfTables(array) => array.iter().collect(),
            _ => continue,
        };
        for t in tables {
            *last = t.position().unwrap_or(*last);
            out.push(*last);
            visit(t, last, out);
        }
    }
}

/// Sets positions in the same visiting order as [`visit`].
fn assign(table: &mut Table, positions: &[isize], next: &mut usize) {
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => {
                t.set_position(positions.get(*next).copied());
                *next += 1;
                assign(t, positions, next);
            }
            Item::ArrayOfTables(array) => {
                for t in array.iter_mut() {
                    t.set_position(positions.get(*next).copied());
                    *next += 1;
                    assign(t, positions, next);
                }
            }
            _ => {}
        }
    }
}

/// The positions of a table and every table under it.
pub fn subtree_positions(table: &Table) -> Vec<isize> {
    let mut out: Vec<isize> = table.position().into_iter().collect();
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => out.extend(subtree_positions(t)),
            Item::ArrayOfTables(array) => {
                for t in array.iter() {
                    out.extend(subtree_positions(t));
                }
            }
            _ => {}
        }
    }
    out
}

/// A position after every table under the table at `address` (after the
/// last of the file for the top).
pub fn after_all(doc: &DocumentMut, address: &[(&str, usize)]) -> isize {
    let table = table_at(doc, address).unwrap_or(doc.as_table());
    let positions = subtree_positions(table);
    positions.into_iter().max().unwrap_or(0) + 1
}

/// Hands `positions` (ascending) to the tables of a subtree in the order
/// they are printed now.
pub fn set_subtree_positions(table: &mut Table, positions: &[isize]) {
    let current = subtree_positions(table);
    let mut order: Vec<usize> = (0..current.len()).collect();
    order.sort_by_key(|&i| (current[i], i));
    let mut fresh = vec![0isize; current.len()];
    for (n, &i) in order.iter().enumerate() {
        fresh[i] = positions.get(n).copied().unwrap_or(current[i]);
    }
    let mut next = 0;
    set_in_order(table, &fresh, &mut next);
}

/// Sets positions in the order [`subtree_positions`] lists them.
fn set_in_order(table: &mut Table, positions: &[isize], next: &mut usize) {
    if table.position().is_some() {
        table.set_position(positions.get(*next).copied());
        *next += 1;
    }
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => set_in_order(t, positions, next),
            Item::ArrayOfTables(array) => {
                for t in array.iter_mut() {
                    set_in_order(t, positions, next);
                }
            }
            _ => {}
        }
    }
}
