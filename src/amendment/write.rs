//! The 修正案 between two versions, in the statutory style: each change an
//! item 一、二、…, places named as the old version numbers them, new text
//! quoted in full; renumbering said once at the end.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diff::{Diff, NodeChange};
use crate::document::{Document, Node};
use crate::format::NodeKind;
use crate::redline::Kind;
use crate::zh::zh_num;

use super::places::{Place, places};
use super::{Amendment, CLOSING};

/// The 修正案 that turns `old` into `new`.
pub fn amendment(old: &Document, new: &Document, diff: &Diff) -> Amendment {
    let old_places = places(old);
    let new_places = places(new);
    let old_by_path: HashMap<&str, &Place> = old_places
        .iter()
        .map(|p| (p.node.path.as_str(), p))
        .collect();
    let new_by_path: HashMap<&str, &Place> = new_places
        .iter()
        .map(|p| (p.node.path.as_str(), p))
        .collect();
    let counterparts = crate::diff::counterparts(old, new);
    let writer = Writer {
        old_by_path,
        new_by_path,
        counterparts: &counterparts,
        moved: diff
            .nodes
            .iter()
            .filter(|c| c.kind == Kind::Moved)
            .map(|c| c.path.clone())
            .collect(),
        new,
        gap: |label: &str| new.layout.gap_after(label),
    };
    let mut items = Vec::new();
    let mut unsupported = Vec::new();
    if old.title != new.title {
        items.push(format!("将名称修改为“{}”。", new.title));
    }
    if old.preamble != new.preamble {
        items.push(format!("将序言修改为：{}", quote(&new.preamble)));
    }
    let mut renumbered = false;
    for change in &diff.nodes {
        match change.kind {
            Kind::Removed => {
                if let Some(place) = writer.old_by_path.get(change.path.as_str()) {
                    items.push(format!("删去{}。", place.citation));
                }
            }
            Kind::Added => {
                if let Some(item) = writer.insertion(change) {
                    items.push(item);
                }
                renumbered = true;
            }
            Kind::Moved => {
                items.extend(writer.move_item(change));
                // Its text, unless only a cross-reference's number changed.
                let text = !change.ops.is_empty() && !change.refs_changed;
                items.extend(writer.modifications(change, text, &mut unsupported));
                renumbered = true;
            }
            Kind::Modified => items.extend(writer.modifications(change, true, &mut unsupported)),
            Kind::Renumbered | Kind::Reference => {
                // A number, or a cross-reference's number, follows the
                // changes: said once at the end. A table may change too.
                renumbered = true;
                items.extend(writer.modifications(change, false, &mut unsupported));
            }
            Kind::Unchanged => {}
        }
    }
    items.extend(appendix_items(old, new, &mut unsupported));
    renumbered |= diff.summary.removed > 0;
    let note = new
        .approval
        .as_ref()
        .filter(|a| {
            old.approval
                .as_ref()
                .is_none_or(|o| (o.date, o.term, o.session) != (a.date, a.term, a.session))
        })
        .map(|a| {
            format!(
                "（{}{}通过）",
                a.date.zh(),
                crate::format::session(&a.body, a.term, a.session)
            )
        });
    Amendment {
        title: if old.title.starts_with(&new.org.name) {
            format!("《{}》修正案", old.title)
        } else {
            format!("《{}{}》修正案", new.org.name, old.title)
        },
        note,
        items,
        closing: renumbered.then(|| CLOSING.to_string()),
        unsupported,
    }
}

/// Quoted paragraphs: each opens with “, the last closes with ”.
pub fn quote(paragraphs: &[String]) -> String {
    let mut out = String::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push('“');
        out.push_str(paragraph);
    }
    if paragraphs.is_empty() {
        out.push('“');
    }
    out.push('”');
    out
}

struct Writer<'a, G: Fn(&str) -> &'static str> {
    old_by_path: HashMap<&'a str, &'a Place<'a>>,
    new_by_path: HashMap<&'a str, &'a Place<'a>>,
    /// New path → old path.
    counterparts: &'a BTreeMap<String, String>,
    moved: HashSet<String>,
    new: &'a Document,
    gap: G,
}

impl<G: Fn(&str) -> &'static str> Writer<'_, G> {
    /// The old citation of a new node that has a counterpart.
    fn old_citation(&self, new_path: &str) -> Option<String> {
        let old = self.counterparts.get(new_path)?;
        self.old_by_path
            .get(old.as_str())
            .map(|p| p.citation.clone())
    }

    fn new_citation(&self, new_path: &str) -> String {
        self.new_by_path
            .get(new_path)
            .map(|p| p.citation.clone())
            .unwrap_or_default()
    }

    /// The node's siblings in the new document.
    fn siblings(&self, new_path: &str) -> &[Node] {
        let parent = self
            .new_by_path
            .get(new_path)
            .and_then(|p| p.parent.as_deref());
        match parent.and_then(|p| self.new_by_path.get(p)) {
            Some(parent) => &parent.node.children,
            None => &self.new.sections,
        }
    }

    /// Where a new or moved node goes, named in the old version: after the
    /// nearest sibling before it the old version has, else before the next
    /// one, else in its parent.
    fn anchor(&self, new_path: &str) -> Option<String> {
        let siblings = self.siblings(new_path);
        let at = siblings.iter().position(|n| n.path == new_path)?;
        let before = siblings[..at]
            .iter()
            .rev()
            .find_map(|n| self.old_citation(&n.path));
        if let Some(citation) = before {
            return Some(format!("{citation}后"));
        }
        let after = siblings[at + 1..]
            .iter()
            .filter(|n| !self.moved.contains(&n.path))
            .find_map(|n| self.old_citation(&n.path));
        if let Some(citation) = after {
            return Some(format!("{citation}前"));
        }
        let parent = self.new_by_path.get(new_path)?.parent.as_deref()?;
        Some(format!("{}中", self.old_citation(parent)?))
    }

    /// 在第十条后增加一条，作为第十一条：“第十一条　……”
    fn insertion(&self, change: &NodeChange) -> Option<String> {
        let place = self.new_by_path.get(change.path.as_str())?;
        let anchor = self.anchor(&change.path)?;
        let mut lines = Vec::new();
        self.subtree_lines(place.node, &mut lines);
        Some(format!(
            "在{anchor}增加一{}，作为{}：{}",
            unit(place.node),
            place.citation,
            quote(&lines)
        ))
    }

    /// The node and all below it as printed, a paragraph a line.
    fn subtree_lines(&self, node: &Node, out: &mut Vec<String>) {
        out.extend(self.printed(node));
        for child in &node.children {
            self.subtree_lines(child, out);
        }
    }

    /// A node's own paragraphs as printed: its label, heading and text,
    /// its tables' rows as lines of cells between ｜.
    fn printed(&self, node: &Node) -> Vec<String> {
        let label = format!("{}{}", node.label, (self.gap)(&node.label));
        let mut lines = Vec::new();
        if node.kind == NodeKind::Section {
            lines.push(format!("{label}{}", node.heading.as_deref().unwrap_or("")));
            lines.extend(node.text.iter().cloned());
        } else {
            let heading = node.heading.clone().unwrap_or_default();
            let mut text = node.text.iter();
            lines.push(format!(
                "{label}{heading}{}",
                text.next().map(String::as_str).unwrap_or("")
            ));
            lines.extend(text.cloned());
        }
        lines.extend(crate::diff::tables::lines(node));
        lines
    }

    /// 将第十条移至第十五条后，作为第十四条。
    fn move_item(&self, change: &NodeChange) -> Option<String> {
        let from = self.old_citation(&change.path)?;
        let anchor = self.anchor(&change.path)?;
        let anchor = anchor.strip_suffix('中').map_or(anchor.clone(), |parent| {
            // Into a parent that keeps nothing else of the old version.
            format!("{parent}中")
        });
        Some(format!(
            "将{from}移至{anchor}，作为{}。",
            self.new_citation(&change.path)
        ))
    }

    /// The items for a node whose text, title or tables changed.
    fn modifications(
        &self,
        change: &NodeChange,
        text: bool,
        unsupported: &mut Vec<String>,
    ) -> Vec<String> {
        let mut items = Vec::new();
        let (Some(place), Some(from)) = (
            self.new_by_path.get(change.path.as_str()),
            self.old_citation(&change.path),
        ) else {
            return items;
        };
        let Some(old) = self
            .counterparts
            .get(&change.path)
            .and_then(|p| self.old_by_path.get(p.as_str()))
            .map(|p| p.node)
        else {
            return items;
        };
        let node = place.node;
        if !text {
            // Titles and texts as they were, but for cross-references.
        } else if node.kind == NodeKind::Section {
            if old.heading != node.heading {
                let word = if node.label.ends_with('章') {
                    "章名"
                } else if node.label.ends_with('节') {
                    "节名"
                } else {
                    "标题"
                };
                items.push(format!(
                    "将{from}的{word}修改为“{}”。",
                    node.heading.as_deref().unwrap_or("")
                ));
            }
            if old.text != node.text {
                items.push(format!("将{from}的正文修改为：{}", quote(&node.text)));
            }
        } else if old.heading != node.heading || old.text != node.text {
            let label = format!("{}{}", node.label, (self.gap)(&node.label));
            let mut paragraphs = node.text.clone();
            match paragraphs.first_mut() {
                Some(first) => first.insert_str(
                    0,
                    &format!("{label}{}", node.heading.as_deref().unwrap_or("")),
                ),
                None => {
                    paragraphs.push(format!("{label}{}", node.heading.as_deref().unwrap_or("")))
                }
            }
            items.push(format!("将{from}修改为：{}", quote(&paragraphs)));
        }
        items.extend(table_items(&from, old, node, unsupported));
        items
    }
}

/// 条, 章, 节, 项 or 目: what a node is called in 增加一条.
fn unit(node: &Node) -> &'static str {
    if node.label.ends_with('章') {
        "章"
    } else if node.label.ends_with('节') {
        "节"
    } else if node.label.ends_with('条') {
        "条"
    } else if node.kind == NodeKind::Section {
        "部分"
    } else if node.kind == NodeKind::Clause {
        "条"
    } else {
        "项"
    }
}

/// 表格 for a node's only table, 第二个表格 for one of several.
pub fn table_name(index: usize, count: usize) -> String {
    if count <= 1 {
        "表格".into()
    } else {
        format!("第{}个表格", zh_num(index as u64 + 1))
    }
}

/// Cells changed, rows removed and added, in the old table's numbering.
fn table_items(from: &str, old: &Node, new: &Node, unsupported: &mut Vec<String>) -> Vec<String> {
    let mut items = Vec::new();
    if old.tables.len() != new.tables.len() {
        unsupported.push(format!("{from}：表格的增删"));
        return items;
    }
    for (index, (a, b)) in old.tables.iter().zip(&new.tables).enumerate() {
        let name = format!("{from}{}", table_name(index, old.tables.len()));
        let old_rows = grid_rows(a);
        let new_rows = grid_rows(b);
        if old_rows == new_rows {
            continue;
        }
        if a.caption != b.caption {
            unsupported.push(format!("{name}：表题"));
        }
        let columns = old_rows.first().map_or(0, Vec::len);
        if new_rows.iter().chain(&old_rows).any(|r| r.len() != columns) {
            unsupported.push(format!("{name}：列的增删或合并单元格"));
            continue;
        }
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_rows, &new_rows);
        // Rows kept in place and changed cell by cell; rows removed; rows
        // added after the old row before them.
        let mut removed = Vec::new();
        let mut added: Vec<(usize, Vec<String>)> = Vec::new();
        for op in ops {
            match op {
                similar::DiffOp::Equal { .. } => {}
                similar::DiffOp::Delete {
                    old_index, old_len, ..
                } => removed.extend(old_index..old_index + old_len),
                similar::DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                } => {
                    for row in &new_rows[new_index..new_index + new_len] {
                        added.push((old_index, row.clone()));
                    }
                }
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let paired = old_len.min(new_len);
                    for k in 0..paired {
                        let (r, o, n) = (
                            old_index + k,
                            &old_rows[old_index + k],
                            &new_rows[new_index + k],
                        );
                        for (c, (x, y)) in o.iter().zip(n).enumerate() {
                            if x != y {
                                items.push(format!(
                                    "将{name}第{}行第{}列修改为“{y}”。",
                                    r + 1,
                                    c + 1
                                ));
                            }
                        }
                    }
                    removed.extend(old_index + paired..old_index + old_len);
                    for row in &new_rows[new_index + paired..new_index + new_len] {
                        added.push((old_index + old_len, row.clone()));
                    }
                }
            }
        }
        if !removed.is_empty() {
            let rows: Vec<String> = removed.iter().map(|r| format!("第{}行", r + 1)).collect();
            items.push(format!("删去{name}{}。", rows.join("、")));
        }
        for (after, row) in added {
            let place = if after == 0 {
                "第1行前".to_string()
            } else {
                format!("第{after}行后")
            };
            items.push(format!("在{name}{place}增加一行：“{}”", row.join("｜")));
        }
    }
    items
}

/// A table's rows on its grid: one text per column, a merged cell's text
/// in its first column and empty in the rest.
pub fn grid_rows(table: &crate::document::Table) -> Vec<Vec<String>> {
    let columns = table.widths.len();
    table
        .header
        .iter()
        .chain(&table.rows)
        .map(|row| {
            let mut line = vec![String::new(); columns];
            for cell in row {
                if let Some(slot) = line.get_mut(cell.column) {
                    *slot = cell.text.clone();
                }
            }
            line
        })
        .collect()
}

/// Appendices: titles, introductions, questions and fields changed in place.
fn appendix_items(old: &Document, new: &Document, unsupported: &mut Vec<String>) -> Vec<String> {
    let mut items = Vec::new();
    let old_ids: Vec<&str> = old.appendices.iter().map(|a| a.id.as_str()).collect();
    let new_ids: Vec<&str> = new.appendices.iter().map(|a| a.id.as_str()).collect();
    if old_ids != new_ids {
        unsupported.push("附件的增删或顺序".into());
        return items;
    }
    for (a, b) in old.appendices.iter().zip(&new.appendices) {
        let name = &a.label;
        if a.title != b.title {
            items.push(format!("将{name}的标题修改为“{}”。", b.title));
        }
        if a.intro != b.intro {
            items.push(format!("将{name}的说明修改为：{}", quote(&b.intro)));
        }
        let old_q: Vec<&str> = a.questions.iter().map(|q| q.id.as_str()).collect();
        let new_q: Vec<&str> = b.questions.iter().map(|q| q.id.as_str()).collect();
        if old_q != new_q {
            unsupported.push(format!("{name}：问题的增删或顺序"));
        } else {
            for (k, (x, y)) in a.questions.iter().zip(&b.questions).enumerate() {
                if x.text != y.text {
                    items.push(format!("将{name}第{}题修改为“{}”。", k + 1, y.text));
                }
            }
        }
        if a.fields.len() != b.fields.len() {
            unsupported.push(format!("{name}：栏目的增删"));
        } else {
            for (k, (x, y)) in a.fields.iter().zip(&b.fields).enumerate() {
                if x.label != y.label {
                    items.push(format!("将{name}第{}栏修改为“{}”。", k + 1, y.label));
                }
            }
        }
    }
    items
}
