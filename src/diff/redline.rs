//! From a comparison to the redline every output prints: the body in
//! reading order with each change marked and noted, the front texts that
//! changed, the summary and the 修订对照表.

use std::collections::BTreeMap;

use crate::document::Document;
use crate::redline::{Entry, Kind, Line, MetaEntry, Op, Redline, Segment};

use super::output::{field_name, table_rows};
use super::{Diff, Item, NodeChange, Options, full_text, merged, paragraphs, tokens};

/// The redline of `diff`, the comparison of `old` with `new`.
pub fn build(old: &Document, new: &Document, diff: &Diff, options: Options) -> Redline {
    let entries = merged(new, diff)
        .into_iter()
        .map(|item| match item {
            Item::New(node, change) => {
                let text = full_text(node);
                let (kind, changed, lines, note) = match change {
                    None => (Kind::Unchanged, false, whole(&text, Op::Equal), None),
                    Some(c) => match c.kind {
                        Kind::Renumbered | Kind::Unchanged => {
                            (c.kind, false, whole(&text, Op::Equal), None)
                        }
                        Kind::Added => (
                            c.kind,
                            true,
                            whole(&text, Op::Insert),
                            Some(c.kind.note().to_string()),
                        ),
                        Kind::Moved => (
                            c.kind,
                            true,
                            whole(&text, Op::Insert),
                            Some(format!(
                                "调整位置：原{} → {}",
                                c.old_label.as_deref().unwrap_or(""),
                                node.label
                            )),
                        ),
                        _ => (
                            c.kind,
                            true,
                            paragraphs(&c.ops),
                            Some(c.kind.note().to_string()),
                        ),
                    },
                };
                Entry {
                    path: Some(node.path.clone()),
                    node: node.kind,
                    level: node.level,
                    label: node.label.clone(),
                    old_label: change.and_then(|c| c.old_label.clone()),
                    kind,
                    changed,
                    note,
                    lines,
                }
            }
            Item::Gone(c) => {
                let old_label = c.old_label.clone().unwrap_or_default();
                let note = match c.kind {
                    Kind::Moved => format!(
                        "调整位置：原{old_label}移至{}",
                        c.new_label.as_deref().unwrap_or("")
                    ),
                    _ => format!("删除：原{old_label}"),
                };
                Entry {
                    path: None,
                    node: c.node,
                    level: c.level,
                    label: old_label,
                    old_label: c.old_label.clone(),
                    kind: c.kind,
                    changed: true,
                    note: Some(note),
                    lines: whole(&old_text(c), Op::Delete),
                }
            }
        })
        .collect();
    let changes = diff
        .nodes
        .iter()
        .filter(|c| !matches!(c.kind, Kind::Renumbered | Kind::Unchanged))
        .map(|c| {
            let cite = |context: &Option<String>, label: &str| {
                format!("{}{label}", context.as_deref().unwrap_or(""))
            };
            let label = match (&c.old_label, &c.new_label) {
                (Some(o), Some(n)) if o != n => {
                    format!("原{}（现{}）", cite(&c.old_context, o), cite(&c.context, n))
                }
                (_, Some(n)) => cite(&c.context, n),
                (Some(o), None) => format!("原{}", cite(&c.old_context, o)),
                _ => String::new(),
            };
            format!("{}：{label}", c.kind.note())
        })
        .collect();
    let metadata = diff
        .metadata
        .iter()
        .map(|m| MetaEntry {
            field: field_name(&m.field).to_string(),
            ops: tokens::diff(&m.old, &m.new, options.ignore_punct_width),
        })
        .collect();
    let old_front: BTreeMap<&str, String> = old.front_texts().into_iter().collect();
    let front = new
        .front_texts()
        .into_iter()
        .filter_map(|(role, text)| {
            let before = old_front.get(role).cloned().unwrap_or_default();
            (before != text).then(|| {
                (
                    role.to_string(),
                    paragraphs(&tokens::diff(&before, &text, false)),
                )
            })
        })
        .collect();
    Redline {
        title: new.title.clone(),
        org: new.org.name.clone(),
        chapters: new.numbering.has_chapters(),
        from: diff.from.clone(),
        to: diff.to.clone(),
        summary: diff.summary.clone(),
        metadata,
        changes,
        entries,
        front,
        table: table_rows(diff),
        subtitle: format!("原版本：{}　修订版本：{}", diff.from.shown, diff.to.shown),
        author: match &new.approval {
            Some(a) => crate::format::session(&a.body, a.term, a.session),
            None => "charter".into(),
        },
        date: format!("{}T00:00:00Z", revision_date(new)),
    }
}

/// A text as lines all with one operation (a node added, or deleted).
fn whole(text: &str, op: Op) -> Vec<Line> {
    let lines: Vec<&str> = text.split('\n').collect();
    let count = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| Line {
            segments: if line.is_empty() {
                Vec::new()
            } else {
                vec![Segment {
                    op,
                    text: line.to_string(),
                }]
            },
            // The last paragraph mark belongs to the node after it.
            mark: if index + 1 == count { Op::Equal } else { op },
        })
        .collect()
}

/// A removed node's text as it was printed: a section's title on its own
/// line, a clause's heading leading its text.
fn old_text(change: &NodeChange) -> String {
    let heading = change.old_heading.clone().unwrap_or_default();
    let text = change.old_text.clone().unwrap_or_default();
    if change.node == crate::format::NodeKind::Section && !text.is_empty() {
        format!("{heading}\n{text}")
    } else {
        format!("{heading}{text}")
    }
}

fn revision_date(doc: &Document) -> String {
    doc.approval
        .as_ref()
        .map(|a| a.date.to_string())
        .or_else(|| doc.revisions.last().map(|r| r.date.to_string()))
        .unwrap_or_else(|| "2000-01-01".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_texts_keep_their_last_paragraph_mark() {
        let lines = whole("总则\n本制度适用于全体员工。", Op::Insert);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].mark, Op::Insert);
        assert_eq!(lines[1].mark, Op::Equal);
        assert_eq!(lines[1].segments[0].text, "本制度适用于全体员工。");
    }
}
