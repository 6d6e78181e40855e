//! The redline DOCX: the new document with tracked changes (w:ins, w:del)
//! from the redline model, a comment on each deletion and move.

use std::collections::HashMap;

use docx_rs::{Comment, Delete, Insert, Paragraph, Run};

use crate::document::Node;
use crate::format::NodeKind;
use crate::redline::{Entry, Kind, Line, Op, Redline};

use super::body::{Block, BodyBuilder};
use super::runs::{fonts, run};

/// Comment ids start here, apart from bookmark ids (1…) and revision ids,
/// which are renumbered from 100001 when the package is finished.
const COMMENT_IDS: usize = 10_001;

impl BodyBuilder<'_> {
    /// The redline body: the new document with tracked changes, removed
    /// nodes and old places of moved ones as deletions, a comment on each
    /// deletion and move saying what happened.
    pub(super) fn redline_paragraphs(&self, redline: &Redline, out: &mut Vec<Block>) {
        let nodes: HashMap<&str, &Node> = self
            .doc
            .nodes()
            .into_iter()
            .map(|n| (n.path.as_str(), n))
            .collect();
        let mut comment_id = COMMENT_IDS;
        for entry in &redline.entries {
            let node = entry.path.as_deref().and_then(|p| nodes.get(p).copied());
            match (node, entry.kind) {
                (Some(node), Kind::Unchanged | Kind::Renumbered) => self.own_paragraphs(node, out),
                (Some(node), kind) => {
                    // An added or moved node is new here, paragraph marks and all.
                    let whole_insert = matches!(kind, Kind::Added | Kind::Moved);
                    let note = entry.note.as_deref().filter(|_| kind == Kind::Moved);
                    self.tracked(
                        node,
                        &entry.lines,
                        whole_insert,
                        redline,
                        note,
                        &mut comment_id,
                        out,
                    );
                }
                (None, _) => self.deleted_entry(entry, redline, &mut comment_id, out),
            }
        }
    }

    /// A removed node, or the old place of a moved one: every paragraph
    /// deleted, with a comment saying what happened.
    fn deleted_entry(
        &self,
        entry: &Entry,
        redline: &Redline,
        comment_id: &mut usize,
        out: &mut Vec<Block>,
    ) {
        let style = match entry.node {
            NodeKind::Section if entry.level > 1 => "Heading2",
            NodeKind::Section => "Heading1",
            NodeKind::Clause => "Clause",
            NodeKind::Item => "Clause3",
            NodeKind::Point => "Clause4",
        };
        let note = entry.note.as_deref().unwrap_or("");
        for (index, line) in entry.lines.iter().enumerate() {
            let mut p = Paragraph::new().style(if index == 0 { style } else { "Normal" });
            if index == 0 {
                p = p.add_comment_start(self.comment(*comment_id, note, redline));
            }
            for segment in &line.segments {
                p = p.add_delete(self.deleted(&segment.text, redline));
            }
            if index == 0 {
                p = p.add_comment_end(*comment_id);
                *comment_id += 1;
            }
            out.push(p.delete(&redline.author, &redline.date).into());
        }
    }

    fn comment(&self, id: usize, note: &str, redline: &Redline) -> Comment {
        Comment::new(id)
            .author(&redline.author)
            .date(&redline.date)
            .add_paragraph(Paragraph::new().add_run(run(self.theme, "body", note)))
    }

    pub(super) fn deleted(&self, text: &str, redline: &Redline) -> Delete {
        Delete::new()
            .add_run(
                Run::new()
                    .fonts(fonts(self.theme, "body"))
                    .add_delete_text(text),
            )
            .author(&redline.author)
            .date(&redline.date)
    }

    pub(super) fn inserted(&self, text: &str, redline: &Redline) -> Insert {
        Insert::new(run(self.theme, "body", text))
            .author(&redline.author)
            .date(&redline.date)
    }

    /// A changed node's paragraphs from token operations. `whole_insert`:
    /// the node is new here (added, or moved here), so its paragraph marks
    /// are inserted too.
    #[allow(clippy::too_many_arguments)]
    fn tracked(
        &self,
        node: &Node,
        lines: &[Line],
        whole_insert: bool,
        redline: &Redline,
        note: Option<&str>,
        comment_id: &mut usize,
        out: &mut Vec<Block>,
    ) {
        let (style, _, _) = self.node_style(node);
        let count = lines.len();
        for (index, line) in lines.iter().enumerate() {
            let (segments, mark) = (&line.segments, line.mark);
            let mut p = if index == 0 {
                self.numbered(node, style)
            } else {
                Paragraph::new().style("Normal")
            };
            if index == 0
                && let Some(note) = note
            {
                p = p.add_comment_start(self.comment(*comment_id, note, redline));
            }
            for segment in segments.iter() {
                p = match segment.op {
                    Op::Equal => p.add_run(run(
                        self.theme,
                        if node.kind == NodeKind::Section && index == 0 {
                            "heading1"
                        } else {
                            "body"
                        },
                        &segment.text,
                    )),
                    Op::Delete => p.add_delete(self.deleted(&segment.text, redline)),
                    Op::Insert => p.add_insert(self.inserted(&segment.text, redline)),
                };
            }
            if index == 0 && note.is_some() {
                p = p.add_comment_end(*comment_id);
                *comment_id += 1;
            }
            let mark = if whole_insert {
                Op::Insert
            } else if index + 1 == count {
                Op::Equal
            } else {
                mark
            };
            p = match mark {
                Op::Insert => p.insert(&redline.author, &redline.date),
                Op::Delete => p.delete(&redline.author, &redline.date),
                Op::Equal => p,
            };
            out.push(p.into());
        }
    }
}
