//! Diff of two resolved documents, as a board needs to see it: nodes
//! matched by id, each classified as added, removed, modified, moved,
//! renumbered only or changed only in a cross-reference's label; changes
//! inside a text as whole phrases.
//!
//! Both sides are resolved first (variables, numbering), so a renumbering
//! never shows as a change of text.

pub mod files;
pub mod git;
mod matching;
pub mod output;
pub mod redline;
pub mod tables;
pub mod tokens;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::document::{Document, Node};
use crate::format::NodeKind;
use crate::redline::{Kind, Line, Op, Segment, Side, Summary};
use matching::{flatten, longest_increasing, masked_text, match_entries};

pub const SCHEMA_VERSION: u32 = 1;

/// What happened to one node.
#[derive(Clone, Debug, Serialize)]
pub struct NodeChange {
    pub kind: Kind,
    /// Path in the new document (the old one for a removed node).
    pub path: String,
    /// Path in the old document when it differs (moved) or for a removed node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// What the node is: a section heading, a clause, an item, a point.
    pub node: NodeKind,
    pub level: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_heading: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_heading: Option<String>,
    /// Heading and paragraphs joined with newlines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_text: Option<String>,
    /// Token operations from the old text to the new one (modified, reference).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<Segment>,
    /// A renumbered or moved node whose cross-references also changed label.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub refs_changed: bool,
    /// Tables that changed, row by row and cell by cell.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<tables::TableChange>,
    /// Label and heading of the section (level 1) it belongs to, for grouping.
    pub section: String,
    /// The places above it as a reader cites them: 五、服务时限 before a
    /// clause （一）, 第四章第二节 before an article 第十八条, 第八条 before
    /// an item; none at the top.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The same in the old document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_context: Option<String>,
    /// Position in the old document (pre-order), to keep deleted blocks that
    /// share a place in their old order.
    #[serde(skip)]
    pub old_index: Option<usize>,
    /// Where a removed node was, and where a moved one came from: the path (in
    /// the new document) of the node it followed; null when it came first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MetaChange {
    /// title, number, approval, statement, revision, preamble, appendices …
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    pub schema: u32,
    pub from: Side,
    pub to: Side,
    pub summary: Summary,
    pub metadata: Vec<MetaChange>,
    /// Every changed node: new-document order, a removed node where it was.
    pub nodes: Vec<NodeChange>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.metadata.is_empty() && self.nodes.is_empty()
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Treat （ and (, ， and , … as equal.
    pub ignore_punct_width: bool,
}

/// The text a node contributes, as printed: a section's title on a line of
/// its own; a clause's run-in heading leading its first paragraph.
pub fn full_text(node: &Node) -> String {
    let heading = node.heading.clone().unwrap_or_default();
    if node.kind == NodeKind::Section {
        let mut parts = vec![heading];
        parts.extend(node.text.iter().cloned());
        parts.extend(tables::lines(node));
        return parts.join("\n");
    }
    let mut paragraphs = node.text.clone();
    match paragraphs.first_mut() {
        Some(first) => first.insert_str(0, &heading),
        None => paragraphs.push(heading),
    }
    paragraphs.extend(tables::lines(node));
    paragraphs.join("\n")
}

fn side(doc: &Document) -> Side {
    Side {
        source: doc.source.clone(),
        title: doc.title.clone(),
        number: doc.number.clone(),
        version: doc.revisions.last().and_then(|r| r.version.clone()),
        approval: doc.approval.as_ref().map(approval_text),
        shown: String::new(),
    }
    .described()
}

fn approval_text(a: &crate::document::Approval) -> String {
    format!(
        "{}（{}）",
        crate::format::session(&a.body, a.term, a.session),
        a.date
    )
}

fn metadata(old: &Document, new: &Document, options: Options) -> Vec<MetaChange> {
    let mut out = Vec::new();
    let mut compare = |field: &str, a: String, b: String| {
        let same = if options.ignore_punct_width {
            tokens::punct_key(&a) == tokens::punct_key(&b)
        } else {
            a == b
        };
        if !same {
            out.push(MetaChange {
                field: field.into(),
                old: a,
                new: b,
            });
        }
    };
    compare("title", old.title.clone(), new.title.clone());
    compare(
        "number",
        old.number.clone().unwrap_or_default(),
        new.number.clone().unwrap_or_default(),
    );
    compare("org", old.org.name.clone(), new.org.name.clone());
    compare("preamble", old.preamble.join("\n"), new.preamble.join("\n"));
    compare(
        "approval",
        old.approval.as_ref().map(approval_text).unwrap_or_default(),
        new.approval.as_ref().map(approval_text).unwrap_or_default(),
    );
    let effective = |d: &Document| match d.approval.as_ref().and_then(|a| a.effective) {
        Some(date) => date.to_string(),
        None if d.approval.is_some() => "审议通过之日".into(),
        None => String::new(),
    };
    compare("effective", effective(old), effective(new));
    // The sentence wherever it is printed: after the last section or, with
    // `[layout] approval = "title"`, under the title.
    let statement = |d: &Document| {
        d.approval
            .as_ref()
            .map(|a| a.statement.clone())
            .unwrap_or_default()
    };
    compare("statement", statement(old), statement(new));
    let revision = |d: &Document| {
        d.revisions
            .last()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r.version.as_deref().unwrap_or(""),
                    r.date,
                    r.summary.as_deref().unwrap_or("")
                )
                .trim()
                .to_string()
            })
            .unwrap_or_default()
    };
    compare("revision", revision(old), revision(new));
    let appendices = |d: &Document| {
        d.appendices
            .iter()
            .map(|a| {
                let questions: Vec<&str> = a.questions.iter().map(|q| q.text.as_str()).collect();
                let fields: Vec<&str> = a.fields.iter().map(|f| f.label.as_str()).collect();
                format!(
                    "{} {}：{}{}",
                    a.label,
                    a.title,
                    questions.join("／"),
                    fields.join("／")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    compare("appendices", appendices(old), appendices(new));
    out
}

/// A node's heading, and its text with its tables' rows as lines.
fn heading_and_text(node: &Node) -> (Option<String>, Option<String>) {
    let mut lines = node.text.clone();
    lines.extend(tables::lines(node));
    (
        node.heading.clone(),
        Some(lines.join("\n")).filter(|t| !t.is_empty()),
    )
}

/// The old path of every node of `new` that has a counterpart in `old`,
/// paired as [`diff`] pairs them (by id path, by id across parents, by text).
pub fn counterparts(old: &Document, new: &Document) -> BTreeMap<String, String> {
    let old_entries = flatten(old);
    let new_entries = flatten(new);
    match_entries(&old_entries, &new_entries)
        .into_iter()
        .map(|(o, n)| {
            (
                new_entries[n].node.path.clone(),
                old_entries[o].node.path.clone(),
            )
        })
        .collect()
}

/// Compares two resolved documents.
pub fn diff(old: &Document, new: &Document, options: Options) -> Diff {
    let old_entries = flatten(old);
    let new_entries = flatten(new);
    let matched = match_entries(&old_entries, &new_entries);
    let new_to_old: HashMap<usize, usize> = matched.iter().map(|(o, n)| (*n, *o)).collect();
    let old_path_to_new: HashMap<&str, &str> = matched
        .iter()
        .map(|(o, n)| {
            (
                old_entries[*o].node.path.as_str(),
                new_entries[*n].node.path.as_str(),
            )
        })
        .collect();

    // Moved: a new parent, or out of the LIS of old positions among siblings.
    let mut moved: HashSet<usize> = HashSet::new();
    let mut siblings: BTreeMap<Option<usize>, Vec<(usize, usize)>> = BTreeMap::new();
    for (j, e) in new_entries.iter().enumerate() {
        let Some(&i) = new_to_old.get(&j) else {
            continue;
        };
        let old_parent_match = old_entries[i].parent.and_then(|p| matched.get(&p).copied());
        if old_parent_match != e.parent {
            moved.insert(j);
        } else {
            siblings
                .entry(e.parent)
                .or_default()
                .push((j, old_entries[i].sibling));
        }
    }
    for group in siblings.values() {
        let order: Vec<usize> = group.iter().map(|(_, old_sibling)| *old_sibling).collect();
        let keep = longest_increasing(&order);
        for (k, (j, _)) in group.iter().enumerate() {
            if !keep.contains(&k) {
                moved.insert(*j);
            }
        }
    }

    let normalise = |s: &str| {
        if options.ignore_punct_width {
            tokens::punct_key(s)
        } else {
            s.to_string()
        }
    };
    // A reference to a node removed since reads differently; one to an
    // appendix (not a node) is kept as it is.
    let old_paths: HashSet<&str> = old_entries.iter().map(|e| e.node.path.as_str()).collect();
    let rename = |old_target: &str| match old_path_to_new.get(old_target) {
        Some(new) => new.to_string(),
        None if old_paths.contains(old_target) => format!("removed:{old_target}"),
        None => old_target.to_string(),
    };
    let keep = |target: &str| target.to_string();

    // Removed subtrees are reported at their top node, placed after the
    // counterpart of the old node before them.
    let removed_top: Vec<usize> = (0..old_entries.len())
        .filter(|i| {
            !matched.contains_key(i)
                && old_entries[*i]
                    .parent
                    .is_none_or(|p| matched.contains_key(&p))
        })
        .collect();
    let mut removed_after: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for &i in &removed_top {
        let anchor = (0..i).rev().find_map(|k| matched.get(&k).copied());
        removed_after.entry(anchor).or_default().push(i);
    }

    // The new-document path of the matched old node before old node `i`.
    let anchor_of = |i: usize| -> Option<String> {
        (0..i)
            .rev()
            .find_map(|k| matched.get(&k))
            .map(|&j| new_entries[j].node.path.clone())
    };
    let removed_change = |i: usize| -> NodeChange {
        let e = &old_entries[i];
        let (heading, text) = heading_and_text(e.node);
        NodeChange {
            kind: Kind::Removed,
            path: e.node.path.clone(),
            old_path: Some(e.node.path.clone()),
            node: e.node.kind,
            level: e.node.level,
            old_label: Some(e.node.label.clone()),
            new_label: None,
            old_heading: heading,
            new_heading: None,
            old_text: text,
            new_text: None,
            ops: Vec::new(),
            refs_changed: false,
            tables: Vec::new(),
            section: e.section.clone(),
            context: None,
            old_context: e.context.clone(),
            old_index: Some(i),
            after: anchor_of(i),
        }
    };

    let mut nodes = Vec::new();
    if let Some(list) = removed_after.get(&None) {
        nodes.extend(list.iter().map(|&i| removed_change(i)));
    }
    for (j, e) in new_entries.iter().enumerate() {
        let node = e.node;
        match new_to_old.get(&j) {
            None => {
                // Only the top of an added subtree.
                if e.parent.is_none_or(|p| new_to_old.contains_key(&p)) {
                    let (heading, text) = heading_and_text(node);
                    nodes.push(NodeChange {
                        kind: Kind::Added,
                        path: node.path.clone(),
                        old_path: None,
                        node: node.kind,
                        level: node.level,
                        old_label: None,
                        new_label: Some(node.label.clone()),
                        old_heading: None,
                        new_heading: heading,
                        old_text: None,
                        new_text: text,
                        ops: Vec::new(),
                        refs_changed: false,
                        tables: Vec::new(),
                        section: e.section.clone(),
                        context: e.context.clone(),
                        old_context: None,
                        old_index: None,
                        after: None,
                    });
                }
            }
            Some(&i) => {
                let old_node = old_entries[i].node;
                let text_same = normalise(&full_text(old_node)) == normalise(&full_text(node));
                let masked_same = normalise(&masked_text(old_node, &rename))
                    == normalise(&masked_text(node, &keep));
                let label_same = old_node.label == node.label;
                let kind = if moved.contains(&j) {
                    Kind::Moved
                } else if !masked_same {
                    Kind::Modified
                } else if !label_same {
                    Kind::Renumbered
                } else if !text_same {
                    Kind::Reference
                } else {
                    Kind::Unchanged
                };
                if kind != Kind::Unchanged {
                    let ops = if text_same {
                        Vec::new()
                    } else {
                        tokens::diff(
                            &full_text(old_node),
                            &full_text(node),
                            options.ignore_punct_width,
                        )
                    };
                    let (old_heading, old_text) = heading_and_text(old_node);
                    let (new_heading, new_text) = heading_and_text(node);
                    nodes.push(NodeChange {
                        kind,
                        path: node.path.clone(),
                        old_path: (old_node.path != node.path).then(|| old_node.path.clone()),
                        node: node.kind,
                        level: node.level,
                        old_label: Some(old_node.label.clone()),
                        new_label: Some(node.label.clone()),
                        old_heading,
                        new_heading,
                        old_text,
                        new_text,
                        ops,
                        refs_changed: matches!(kind, Kind::Renumbered | Kind::Moved)
                            && !text_same
                            && masked_same,
                        tables: tables::compare(old_node, node),
                        section: e.section.clone(),
                        context: e.context.clone(),
                        old_context: old_entries[i].context.clone(),
                        old_index: Some(i),
                        after: (kind == Kind::Moved).then(|| anchor_of(i)).flatten(),
                    });
                }
            }
        }
        if let Some(list) = removed_after.get(&Some(j)) {
            nodes.extend(list.iter().map(|&i| removed_change(i)));
        }
    }

    let metadata = metadata(old, new, options);
    let mut summary = Summary {
        metadata: metadata.len(),
        ..Summary::default()
    };
    for n in &nodes {
        match n.kind {
            Kind::Added => summary.added += 1,
            Kind::Removed => summary.removed += 1,
            Kind::Modified => summary.modified += 1,
            Kind::Moved => summary.moved += 1,
            Kind::Renumbered => summary.renumbered += 1,
            Kind::Reference => summary.reference += 1,
            Kind::Unchanged => {}
        }
    }
    Diff {
        schema: SCHEMA_VERSION,
        from: side(old),
        to: side(new),
        summary,
        metadata,
        nodes,
    }
}

/// One paragraph-level item of a redline, in reading order.
pub enum Item<'a> {
    /// A node of the new document, with its change if it changed.
    New(&'a Node, Option<&'a NodeChange>),
    /// A removed node, or the old place of a moved one, shown as deleted.
    Gone(&'a NodeChange),
}

/// The new document's nodes in order, with removed nodes and the old places
/// of moved nodes at the positions they had.
pub fn merged<'a>(new: &'a Document, diff: &'a Diff) -> Vec<Item<'a>> {
    let changes: HashMap<&str, &NodeChange> = diff
        .nodes
        .iter()
        .filter(|c| c.kind != Kind::Removed)
        .map(|c| (c.path.as_str(), c))
        .collect();
    let mut gone: Vec<&NodeChange> = diff
        .nodes
        .iter()
        .filter(|c| matches!(c.kind, Kind::Removed | Kind::Moved))
        .collect();
    gone.sort_by_key(|c| c.old_index);
    let gone_after = |path: Option<&str>| -> Vec<Item<'a>> {
        gone.iter()
            .filter(|c| c.after.as_deref() == path)
            .map(|c| Item::Gone(c))
            .collect()
    };
    let mut out = gone_after(None);
    for node in new.nodes() {
        out.push(Item::New(node, changes.get(node.path.as_str()).copied()));
        out.extend(gone_after(Some(node.path.as_str())));
    }
    out
}

/// Token operations split into paragraphs; each ends with whether its
/// paragraph break was kept, inserted or deleted.
pub fn paragraphs(ops: &[Segment]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut current: Vec<Segment> = Vec::new();
    for s in ops {
        let mut pieces = s.text.split('\n').peekable();
        while let Some(piece) = pieces.next() {
            if !piece.is_empty() {
                current.push(Segment {
                    op: s.op,
                    text: piece.to_string(),
                });
            }
            if pieces.peek().is_some() {
                out.push(Line {
                    segments: std::mem::take(&mut current),
                    mark: s.op,
                });
            }
        }
    }
    out.push(Line {
        segments: current,
        mark: Op::Equal,
    });
    out
}
