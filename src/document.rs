//! The resolved document: labels computed, texts rendered, approval settled.
//!
//! This is the one input of every backend (PDF, DOCX, JSON) and of `diff`.
//! Its JSON form is documented in `docs/resolved-document.md`; change both
//! together and bump [`SCHEMA_VERSION`] when a field changes meaning.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::format::{
    Align, AppendixKind, ApprovalPlace, NodeKind, PageNumber, QuestionKind, Scheme,
};
use crate::zh::Date;

pub const SCHEMA_VERSION: u32 = 2;

#[derive(Clone, Debug, Serialize)]
pub struct Document {
    pub schema: u32,
    /// The charter's id: the file-name stem of its outputs.
    pub id: String,
    /// The charter file, as given on the command line.
    pub source: String,
    pub title: String,
    /// 编号, e.g. `QS-ZD-2025-004`.
    pub number: Option<String>,
    /// `章程` or `制度`, when the charter says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub org: Org,
    pub numbering: Scheme,
    /// The approval sentence printed under the title (`[layout] approval =
    /// "title"`), e.g. `（2025年3月1日第二届理事会第四次会议审议通过）`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_note: Option<String>,
    /// Paragraphs before the first section.
    pub preamble: Vec<String>,
    pub layout: Layout,
    pub sections: Vec<Node>,
    pub approval: Option<Approval>,
    /// Everything printed after the last section.
    pub closing: Closing,
    /// History, oldest first; the last one is the current version.
    pub revisions: Vec<Revision>,
    pub appendices: Vec<Appendix>,
    /// `path:line` of each text, keyed by node path and field, for messages
    /// about rendered text (e.g. a character no font has).
    pub origins: BTreeMap<String, String>,
    /// Nodes, tables and appendices left out by a `when` that is false.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<Excluded>,
    /// Set for a print of part of the charter, e.g. `{"kind": "survey"}` by
    /// `charter survey`: templates then print the appendices only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub print: Option<Print>,
}

/// A node left out by its condition.
#[derive(Clone, Debug, Serialize)]
pub struct Excluded {
    /// Its id path (`governance.board`), as `ref()` would name it.
    pub path: String,
    /// The start of its title or text, as written.
    pub text: String,
    /// The condition that was false.
    pub when: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Print {
    /// `survey`: the questionnaires and forms alone, each copy on new pages.
    pub kind: String,
    /// Copies of each appendix in the print.
    pub copies: u32,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Org {
    pub name: String,
    /// 社会团体, 基金会 or 社会服务机构.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Path of the logo image, relative to the working directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supervisor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrar: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Layout {
    /// Template name (`formal`, `plain`) or path of a `.typ` file.
    pub template: String,
    pub cover: bool,
    pub header: bool,
    pub page_number: PageNumber,
    pub signature: bool,
    /// Where the approval sentence goes: `closing` (after the last section,
    /// in `closing.statement`) or `title` (under the title, in `title_note`).
    pub approval: ApprovalPlace,
    /// A full-width space after a label that ends in a character (第一条　),
    /// as Chinese regulations print it; labels ending in a mark (一、（一）)
    /// have none.
    pub label_gap: bool,
}

impl Layout {
    /// What follows `label` before the text: a full-width space or nothing.
    pub fn gap_after(&self, label: &str) -> &'static str {
        let ends_in_character = label
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() && !c.is_ascii());
        if self.label_gap && ends_in_character {
            "\u{3000}"
        } else {
            ""
        }
    }
}

/// A node: a section (a heading that groups: 一、, 第一章, 第一节), a
/// clause, an item or a point.
#[derive(Clone, Debug, Serialize)]
pub struct Node {
    /// The node's id, or `#n` (its 1-based position) when it has none.
    pub id: String,
    /// Ids from the section down, joined by dots: `principles.fair`.
    pub path: String,
    pub kind: NodeKind,
    /// Its level in the numbering scheme, 1-based (`numbering.levels`).
    pub level: u8,
    /// Position among the nodes counted together (continuous levels count on).
    pub number: u64,
    /// As printed: `一、`, `（一）`, `第二十一条`.
    pub label: String,
    /// As named in a sentence by `ref()`: `一`, `（一）`, `第二十一条`.
    pub ref_label: String,
    /// The section title (level 1) or the run-in heading (`公平公正。`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Body paragraphs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub text: Vec<String>,
    /// Cross-references inside `text`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<Reference>,
    /// Tables after the text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<Table>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

/// A table: an optional caption, header rows (repeated on every page the
/// table runs over) and body rows.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    /// Its id, or `#n` (its 1-based position among the node's tables).
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Column widths as shares of the text width, adding up to 1.
    pub widths: Vec<f64>,
    pub align: Vec<Align>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
}

/// A cell of a table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    pub text: String,
    /// The first column it covers, 0-based (cells spanning down from the
    /// rows above take the columns before it).
    pub column: usize,
    pub colspan: u32,
    pub rowspan: u32,
    /// Cross-references inside `text` (paragraph 0).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<Reference>,
}

impl Table {
    /// Every cell's text in reading order: caption, header, rows.
    pub fn texts(&self) -> Vec<String> {
        let mut out: Vec<String> = self.caption.iter().cloned().collect();
        for row in self.header.iter().chain(&self.rows) {
            out.extend(row.iter().map(|c| c.text.clone()).filter(|t| !t.is_empty()));
        }
        out
    }
}

/// Where `ref()` put a label into a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// Index of the paragraph in `text`.
    pub paragraph: usize,
    /// Character (not byte) offsets of the label in that paragraph.
    pub start: usize,
    pub end: usize,
    /// Path of the node referred to.
    pub target: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Approval {
    /// 理事会, 会员代表大会 …
    pub body: String,
    pub term: u32,
    pub session: u32,
    pub date: Date,
    /// `None`: effective upon approval.
    pub effective: Option<Date>,
    /// The approval sentence, generated or given as `statement`.
    pub statement: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Closing {
    /// The approval sentence, when there is an approval and it is not
    /// printed under the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// `附件：1. 服务对象满意度调查问卷 2. 服务意见反馈表`, one entry per appendix: `1. 服务对象满意度调查问卷`.
    pub appendix_list: Vec<String>,
    /// Right-aligned block: organisation name and approval date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Signature {
    pub org: String,
    /// 2025年3月1日
    pub date: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Revision {
    pub version: Option<String>,
    pub date: Date,
    pub term: u32,
    pub session: u32,
    pub summary: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Appendix {
    pub id: String,
    /// 1-based position: 附件1.
    pub number: usize,
    /// `附件1`
    pub label: String,
    pub kind: AppendixKind,
    pub title: String,
    /// Paragraphs under the title.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intro: Vec<String>,
    /// Scale points, best first (questionnaires).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<String>,
    /// Fill-in fields above the grid: 活动名称, 日期.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub respondent: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Tables after the intro (of a `text` appendix, or any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<Table>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Question {
    pub id: String,
    /// 序号, counting every question of the appendix.
    pub number: usize,
    pub kind: QuestionKind,
    pub text: String,
    /// Writing lines for an open question.
    pub lines: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Field {
    pub id: String,
    pub label: String,
    /// Height of the answer box in writing lines.
    pub lines: u32,
}

impl Document {
    /// Every node in document order, with its depth-first position.
    pub fn nodes(&self) -> Vec<&Node> {
        fn walk<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
            for node in nodes {
                out.push(node);
                walk(&node.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }

    /// The node at an id path.
    pub fn find(&self, path: &str) -> Option<&Node> {
        self.nodes().into_iter().find(|n| n.path == path)
    }

    /// The texts printed outside the numbered body, by role, each with its
    /// lines joined by newlines: the title (with the organisation when it
    /// does not name it), the note under it, 编号, the preamble, the
    /// approval sentence, the 附件 list and the signature. A redline tracks
    /// each of them that changed.
    pub fn front_texts(&self) -> Vec<(&'static str, String)> {
        let title = if self.title.contains(&self.org.name) {
            self.title.clone()
        } else {
            format!("{}{}", self.org.name, self.title)
        };
        let appendix_list = self
            .closing
            .appendix_list
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                if i == 0 {
                    format!("附件：{entry}")
                } else {
                    entry.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let signature = self.closing.signature.as_ref();
        vec![
            ("title", title),
            ("title_note", self.title_note.clone().unwrap_or_default()),
            (
                "number",
                self.number
                    .as_ref()
                    .map(|n| format!("编号：{n}"))
                    .unwrap_or_default(),
            ),
            ("preamble", self.preamble.join("\n")),
            (
                "statement",
                self.closing.statement.clone().unwrap_or_default(),
            ),
            ("appendix_list", appendix_list),
            (
                "signature_org",
                signature.map(|s| s.org.clone()).unwrap_or_default(),
            ),
            (
                "signature_date",
                signature.map(|s| s.date.clone()).unwrap_or_default(),
            ),
        ]
    }

    /// The printed text of one role of [`Document::front_texts`].
    pub fn front_text(&self, role: &str) -> String {
        self.front_texts()
            .into_iter()
            .find(|(r, _)| *r == role)
            .map(|(_, text)| text)
            .unwrap_or_default()
    }

    /// Texts in reading order, as every backend must print them: preamble,
    /// then per node its label, heading and text, then the closing. Tests
    /// compare this sequence with the text extracted from PDF and DOCX.
    pub fn reading_order(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        out.extend(self.title_note.iter().cloned());
        out.extend(self.preamble.iter().cloned());
        for node in self.nodes() {
            out.push(node.label.clone());
            out.extend(node.heading.iter().cloned());
            out.extend(node.text.iter().cloned());
            for table in &node.tables {
                out.extend(table.texts());
            }
        }
        out.extend(self.closing.statement.iter().cloned());
        out.extend(self.closing.appendix_list.iter().cloned());
        if let Some(signature) = &self.closing.signature {
            out.push(signature.org.clone());
            out.push(signature.date.clone());
        }
        for appendix in &self.appendices {
            out.push(appendix.label.clone());
            out.push(appendix.title.clone());
            out.extend(appendix.intro.iter().cloned());
            out.extend(appendix.respondent.iter().cloned());
            for question in &appendix.questions {
                out.push(question.text.clone());
            }
            for field in &appendix.fields {
                out.push(field.label.clone());
            }
            for table in &appendix.tables {
                out.extend(table.texts());
            }
        }
        out
    }
}
