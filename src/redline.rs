//! The redline: two versions of a charter compared and laid out for the
//! board. [`crate::diff`] builds it; the redline PDF template
//! (`templates/redline.typ`, which reads it as `/redline.json`) and the DOCX
//! writer (tracked changes, 修订对照表) both print it, so they say the same.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::format::NodeKind;

/// What happened to a run of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// A run of text with what happened to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub op: Op,
    pub text: String,
}

/// What happened to a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Added,
    Removed,
    Modified,
    Moved,
    /// Only the label changed (an article inserted before it).
    Renumbered,
    /// Only the label of a `ref()` inside its text changed.
    Reference,
    Unchanged,
}

impl Kind {
    /// The note of the 修订对照表.
    pub fn note(self) -> &'static str {
        match self {
            Kind::Added => "新增",
            Kind::Removed => "删除",
            Kind::Modified => "修改",
            Kind::Moved => "调整位置",
            Kind::Renumbered => "序号调整",
            Kind::Reference => "引用序号调整",
            Kind::Unchanged => "未修改",
        }
    }
}

/// One version of the two compared.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    pub source: String,
    pub title: String,
    pub number: Option<String>,
    pub version: Option<String>,
    /// 第二届理事会第四次会议 (2025-03-01), when approved.
    pub approval: Option<String>,
    /// How the 对照表 and the redline name this version: its version and
    /// the meeting that approved it, never its file.
    pub shown: String,
}

impl Side {
    /// The side with `shown` filled in: 第2.0版　第二届理事会第四次会议（2025-03-01）.
    pub fn described(mut self) -> Self {
        let mut parts = Vec::new();
        if let Some(version) = &self.version {
            parts.push(format!("第{version}版"));
        }
        if let Some(approval) = &self.approval {
            parts.push(approval.clone());
        }
        if parts.is_empty() {
            parts.push("未经审议的文本".to_string());
        }
        self.shown = parts.join("　");
        self
    }
}

/// How many nodes changed, by kind.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub added: usize,
    pub removed: usize,
    pub modified: usize,
    pub moved: usize,
    pub renumbered: usize,
    pub reference: usize,
    pub metadata: usize,
}

/// A paragraph: its runs, and what happened to its paragraph mark (kept,
/// inserted or deleted: whether it joins the next paragraph in one version).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    pub segments: Vec<Segment>,
    pub mark: Op,
}

/// A node of the body as the redline shows it, in reading order: the new
/// document's nodes, with removed nodes and the old places of moved ones
/// where they were.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// The node in the new document; `None` for a removed node or the old
    /// place of a moved one.
    pub path: Option<String>,
    /// What the node is (a section heading, a clause …) and its level.
    pub node: NodeKind,
    pub level: u8,
    pub label: String,
    pub old_label: Option<String>,
    pub kind: Kind,
    /// Marked as a change (a change bar, tracked in Word).
    pub changed: bool,
    /// 新增, 修改, 调整位置：原第五条 → 第六条, 删除：原第七条 ….
    pub note: Option<String>,
    /// Its paragraphs (heading and text) with the changes in them.
    pub lines: Vec<Line>,
}

/// A change outside the numbered body, for the summary: title, 编号,
/// approval, appendices ….
#[derive(Clone, Debug, Serialize)]
pub struct MetaEntry {
    /// As named to the reader: 标题, 编号, 审议通过 ….
    pub field: String,
    pub ops: Vec<Segment>,
}

/// One row of the 修订对照表: 序号 | 原条款 | 修订后条款 | 修订说明.
#[derive(Clone, Debug, Serialize)]
pub struct TableRow {
    pub number: usize,
    pub old: String,
    pub new: String,
    pub note: String,
}

/// The whole redline.
#[derive(Clone, Debug, Serialize)]
pub struct Redline {
    pub title: String,
    pub org: String,
    /// The scheme has chapters (第一章 as headings).
    pub chapters: bool,
    pub from: Side,
    pub to: Side,
    pub summary: Summary,
    pub metadata: Vec<MetaEntry>,
    /// One line per changed node for the summary: 修改：第五条 ….
    pub changes: Vec<String>,
    pub entries: Vec<Entry>,
    /// The printed texts outside the body that changed (see
    /// [`crate::document::Document::front_texts`]), by role.
    pub front: BTreeMap<String, Vec<Line>>,
    pub table: Vec<TableRow>,
    /// 原版本：… 修订版本：…, under the 修订对照表's title.
    pub subtitle: String,
    /// Who made the tracked changes: the approving session.
    pub author: String,
    /// When: the new approval date, as an ISO date-time.
    pub date: String,
}
