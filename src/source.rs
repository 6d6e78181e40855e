//! The charter source as written in TOML, every value with its location.
//!
//! Loading fills these types from one file; merging combines a chain of them;
//! later stages turn the merged source into the resolved document.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{FileId, Loc, Sp};
use crate::format::{AppendixKind, ApprovalPlace, PageNumber, QuestionKind};
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
    pub model: Option<Sp<bool>>,
    pub remove: Vec<Sp<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberingSource {
    Named(String),
    Custom {
        levels: Vec<Sp<String>>,
        continuous: Vec<bool>,
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
}

/// A section (level 1), clause (2), item (3) or point (4).
#[derive(Clone, Debug)]
pub struct NodeSource {
    pub level: u8,
    pub id: Option<Sp<String>>,
    /// `title` of a section, `heading` of the levels below.
    pub heading: Option<Text>,
    pub text: Option<Text>,
    pub after: Option<Sp<String>>,
    pub before: Option<Sp<String>>,
    pub children: Vec<NodeSource>,
    /// Where the node's table starts.
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
    pub questions: Vec<QuestionSource>,
    pub fields: Vec<FieldSource>,
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
