//! The charter source as written in TOML, every value with its location.
//!
//! Loading fills these types from one file; merging combines a chain of them;
//! later stages turn the merged source into the resolved document.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{FileId, Loc, Sp};
use crate::format::{Align, AppendixKind, ApprovalPlace, NodeKind, PageNumber, QuestionKind};
use crate::zh::Date;

/// A text field: a MiniJinja template and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub src: String,
    pub loc: Loc,
    /// Offset of the template's first character in the file, when the TOML
    /// string holds it verbatim (no escapes), so errors can point inside it.
    pub verbatim_at: Option<usize>,
}

/// One charter file (or an `org.toml`), before merging.
#[derive(Clone, Debug, Default)]
pub struct CharterSource {
    pub file: FileId,
    pub path: PathBuf,
    /// Location of the `[charter]` header (or the file start when it is missing).
    pub header: Option<Loc>,
    pub meta: Meta,
    pub org: OrgSource,
    pub vars: BTreeMap<String, Sp<serde_json::Value>>,
    /// `[options]`: what an organisation chose (a 监事会 or one 监事 …),
    /// read by `when` conditions and texts as `options.x`.
    pub options: BTreeMap<String, Sp<serde_json::Value>>,
    pub layout: LayoutSource,
    pub sections: Vec<NodeSource>,
    pub approval: Option<ApprovalSource>,
    /// `None` when the file has no `[[revision]]`; an inheriting charter then
    /// keeps its model's history.
    pub revisions: Option<Vec<RevisionSource>>,
    pub appendices: Vec<AppendixSource>,
}

#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// Keys written in the file, valid or not: a required key that was
    /// written with a bad value is reported once, not again as missing.
    pub keys: Vec<String>,
    pub id: Option<Sp<String>>,
    pub title: Option<Text>,
    pub number: Option<Text>,
    pub numbering: Option<Sp<NumberingSource>>,
    pub extends: Option<Sp<String>>,
    pub preamble: Option<Text>,
    /// Drafting notes on the whole text (【…】 before the first section).
    pub notes: Option<Vec<Text>>,
    pub model: Option<Sp<bool>>,
    /// `章程` or `制度`: a 章程 is checked for what its regulation requires.
    pub role: Option<Sp<String>>,
    pub remove: Vec<Sp<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberingSource {
    /// `numbering = "articles"`, or `[charter.numbering] scheme = "articles"`
    /// with `restart = true` (articles counted from 第一条 in every chapter).
    Named { name: String, restart: bool },
    /// Patterns of its own. Without `groups`, the first of `levels` is the
    /// sections' (一、), the rest numbered; with `groups`, `levels` are the
    /// numbered levels alone. `continuous` follows `levels` as written.
    Custom {
        groups: Option<Vec<Sp<String>>>,
        levels: Vec<Sp<String>>,
        continuous: Vec<bool>,
        restart: bool,
    },
}

/// Organisation variables. Plain strings, not templates.
#[derive(Clone, Debug, Default)]
pub struct OrgSource {
    pub fields: BTreeMap<String, Sp<String>>,
    pub extra: BTreeMap<String, Sp<serde_json::Value>>,
}

impl OrgSource {
    /// Keys of `[org]` other than `extra`.
    pub const KEYS: &'static [&'static str] = &[
        "name",
        "short_name",
        "name_en",
        "code",
        "phone",
        "email",
        "address",
        "website",
        "logo",
        "supervisor",
        "registrar",
        "kind",
    ];

    /// Fields of `higher` win over those of `self`.
    pub fn overlay(&mut self, higher: &OrgSource) {
        for (key, value) in &higher.fields {
            self.fields.insert(key.clone(), value.clone());
        }
        for (key, value) in &higher.extra {
            self.extra.insert(key.clone(), value.clone());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.extra.is_empty()
    }
}

#[derive(Clone, Debug, Default)]
pub struct LayoutSource {
    pub template: Option<Sp<String>>,
    pub cover: Option<Sp<bool>>,
    pub header: Option<Sp<bool>>,
    pub page_number: Option<Sp<PageNumber>>,
    pub signature: Option<Sp<bool>>,
    pub approval: Option<Sp<ApprovalPlace>>,
    pub label_gap: Option<Sp<bool>>,
}

/// A section (a heading: 一、 or 第一章, nested: 第一节), a clause, an item
/// or a point (nested as deep as the scheme goes).
#[derive(Clone, Debug)]
pub struct NodeSource {
    pub kind: NodeKind,
    pub id: Option<Sp<String>>,
    /// `title` of a section, `heading` of the levels below.
    pub heading: Option<Text>,
    pub text: Option<Text>,
    pub after: Option<Sp<String>>,
    pub before: Option<Sp<String>>,
    /// A condition: the node is left out, with everything under it, when false.
    pub when: Option<Sp<String>>,
    /// Drafting notes (a model text's 【…】): shown by `check` and the
    /// studio, never printed. A list written here replaces the model's.
    pub notes: Option<Vec<Text>>,
    /// Children of every kind, in the order they are written.
    pub children: Vec<NodeSource>,
    /// Tables after the text, in order.
    pub tables: Vec<TableSource>,
    /// Where the node's table starts.
    pub loc: Loc,
}

/// A table in the text: a caption, header rows and body rows of cells.
#[derive(Clone, Debug)]
pub struct TableSource {
    pub loc: Loc,
    pub id: Option<Sp<String>>,
    pub caption: Option<Text>,
    /// Relative column widths (`columns = [1, 3, 2]`); also the column count.
    pub columns: Option<Sp<Vec<f64>>>,
    pub align: Option<Sp<Vec<Align>>>,
    pub header: Vec<Vec<CellSource>>,
    pub rows: Vec<Vec<CellSource>>,
    /// Where each row is written (header rows first), for messages.
    pub row_locs: Vec<Loc>,
    pub after: Option<Sp<String>>,
    pub before: Option<Sp<String>>,
    pub when: Option<Sp<String>>,
}

/// A cell: its text (a template), and how many columns and rows it spans.
#[derive(Clone, Debug)]
pub struct CellSource {
    pub text: Text,
    pub colspan: u32,
    pub rowspan: u32,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effective {
    UponApproval,
    On(Date),
}

#[derive(Clone, Debug, Default)]
pub struct ApprovalSource {
    pub loc: Option<Loc>,
    /// Keys written in the file, valid or not: a required key that was
    /// written with a bad value is reported once, not again as missing.
    pub keys: Vec<String>,
    pub body: Option<Text>,
    pub term: Option<Sp<u32>>,
    pub session: Option<Sp<u32>>,
    pub date: Option<Sp<Date>>,
    pub effective: Option<Sp<Effective>>,
    pub statement: Option<Text>,
}

#[derive(Clone, Debug)]
pub struct RevisionSource {
    pub loc: Loc,
    /// Keys written in the file, valid or not: a required key that was
    /// written with a bad value is reported once, not again as missing.
    pub keys: Vec<String>,
    pub version: Option<Sp<String>>,
    pub date: Option<Sp<Date>>,
    pub term: Option<Sp<u32>>,
    pub session: Option<Sp<u32>>,
    pub summary: Option<Text>,
}

#[derive(Clone, Debug)]
pub struct AppendixSource {
    pub loc: Loc,
    /// Keys written in the file, valid or not: a required key that was
    /// written with a bad value is reported once, not again as missing.
    pub keys: Vec<String>,
    pub id: Option<Sp<String>>,
    pub kind: Option<Sp<AppendixKind>>,
    pub title: Option<Text>,
    pub intro: Option<Text>,
    pub scale: Option<Vec<Text>>,
    pub respondent: Option<Vec<Text>>,
    pub after: Option<Sp<String>>,
    pub before: Option<Sp<String>>,
    pub when: Option<Sp<String>>,
    pub questions: Vec<QuestionSource>,
    pub fields: Vec<FieldSource>,
    pub tables: Vec<TableSource>,
}

#[derive(Clone, Debug)]
pub struct QuestionSource {
    pub loc: Loc,
    /// Keys written in the file, valid or not: a required key that was
    /// written with a bad value is reported once, not again as missing.
    pub keys: Vec<String>,
    pub id: Option<Sp<String>>,
    pub kind: Option<Sp<QuestionKind>>,
    pub text: Option<Text>,
    pub lines: Option<Sp<u32>>,
    pub after: Option<Sp<String>>,
    pub before: Option<Sp<String>>,
}

#[derive(Clone, Debug)]
pub struct FieldSource {
    pub loc: Loc,
    /// Keys written in the file, valid or not: a required key that was
    /// written with a bad value is reported once, not again as missing.
    pub keys: Vec<String>,
    pub id: Option<Sp<String>>,
    pub label: Option<Text>,
    pub lines: Option<Sp<u32>>,
    pub after: Option<Sp<String>>,
    pub before: Option<Sp<String>>,
}

/// Something with an optional id and a placement, merged by id.
pub trait Mergeable: Clone {
    fn id(&self) -> Option<&Sp<String>>;
    fn after(&self) -> Option<&Sp<String>>;
    fn before(&self) -> Option<&Sp<String>>;
    fn loc(&self) -> &Loc;
    /// Applies the fields `child` sets onto `self` and merges children.
    fn merge_from(&mut self, child: Self, diags: &mut crate::diag::Diagnostics);
}
