//! The keys of each table of the format, with what each holds: the loader
//! checks keys against these lists and `charter schema` writes them out as
//! the JSON Schema, so the two cannot disagree.

use crate::format::NodeKind;
use crate::source::OrgSource;

use super::nodes::TABLE_KEYS;
use super::schema::{Key, Kind, names};

pub(super) const TOP_KEYS: &[Key] = &[
    Key::new(
        "charter",
        Kind::Table(CHARTER_KEYS),
        "The regulation: id, title, 编号, numbering, model.",
    ),
    Key::new("org", Kind::Org, "Organisation variables, over org.toml's."),
    Key::new(
        "vars",
        Kind::Free,
        "Variables of your own for the texts: {{ vars.x }}.",
    ),
    Key::new(
        "options",
        Kind::Free,
        "What the organisation chose, for when = \"options.x\" and texts.",
    ),
    Key::new(
        "layout",
        Kind::Table(LAYOUT_KEYS),
        "Template, cover, running header, page numbers.",
    ),
    Key::new(
        "section",
        Kind::Nodes(NodeKind::Section),
        "A section: 一、 or 第一章.",
    ),
    Key::new(
        "approval",
        Kind::Table(APPROVAL_KEYS),
        "The meeting that approved it.",
    ),
    Key::new(
        "revision",
        Kind::Tables(REVISION_KEYS),
        "The history, oldest first.",
    ),
    Key::new(
        "appendix",
        Kind::Tables(APPENDIX_KEYS),
        "附件: a questionnaire, a form or text.",
    ),
];
pub(super) const CHARTER_KEYS: &[Key] = &[
    Key::new("id", Kind::Id, "Output file name; stable across versions."),
    Key::new("title", Kind::Text, "The regulation's title: 服务承诺制度."),
    Key::new(
        "number",
        Kind::Text,
        "编号, e.g. \"{{ org.code }}-ZD-2025-004\".",
    ),
    Key::new(
        "numbering",
        Kind::Numbering,
        "gbt9704, articles, arabic, or a [charter.numbering] table.",
    ),
    Key::new(
        "extends",
        Kind::Path,
        "The model charter this one is merged onto, relative to this file.",
    ),
    Key::new(
        "preamble",
        Kind::Text,
        "The paragraph before the first section.",
    ),
    super::nodes::NOTE_KEY,
    Key::new("model", Kind::Bool, "A model charter: checked, not built."),
    Key::new(
        "role",
        Kind::Choice(&["章程", "制度"]),
        "章程 (checked for what its regulation requires) or 制度.",
    ),
    Key::new(
        "remove",
        Kind::PathList,
        "Inherited nodes to drop: [\"section.clause\", \"appendix.id\"].",
    ),
];
pub(super) const LAYOUT_KEYS: &[Key] = &[
    Key::new(
        "template",
        Kind::Path,
        "formal (default), plain, or a .typ file relative to the charter.",
    ),
    Key::new(
        "cover",
        Kind::Bool,
        "A cover page: logo, names, title, 编号, date.",
    ),
    Key::new(
        "header",
        Kind::Bool,
        "The running header from the second page.",
    ),
    Key::new(
        "page_number",
        Kind::Choice(&["dash", "total", "none"]),
        "— N — (dash), 第 N 页 共 M 页 (total) or none.",
    ),
    Key::new(
        "signature",
        Kind::Bool,
        "The right-aligned organisation and date at the end.",
    ),
    Key::new(
        "approval",
        Kind::Choice(&["closing", "title"]),
        "The approval sentence at the end, or as a note under the title.",
    ),
    Key::new(
        "label_gap",
        Kind::Bool,
        "A full-width space after 第一条 (default true); false runs the text on.",
    ),
];
pub(super) const APPROVAL_KEYS: &[Key] = &[
    Key::new("body", Kind::Text, "理事会, 会员代表大会 …"),
    Key::new("term", Kind::Count, "届: 2 for 第二届."),
    Key::new("session", Kind::Count, "次会议: 4 for 第四次会议."),
    Key::new("date", Kind::Date, "The meeting's date: 2025-03-01."),
    Key::new(
        "effective",
        Kind::DateOr(&["upon-approval"]),
        "When it takes effect: a date, or \"upon-approval\".",
    ),
    Key::new(
        "statement",
        Kind::Text,
        "The approval sentence written out, instead of the generated one.",
    ),
];
pub(super) const REVISION_KEYS: &[Key] = &[
    Key::new("version", Kind::Version, "\"2.0\"."),
    Key::new("date", Kind::Date, "The approving meeting's date."),
    Key::new("term", Kind::Count, "届 of the approving body."),
    Key::new("session", Kind::Count, "次会议 of the approving body."),
    Key::new("summary", Kind::Text, "What changed."),
];
pub(super) const APPENDIX_KEYS: &[Key] = &[
    Key::new("id", Kind::Id, "For ref(), after, before and remove."),
    Key::new(
        "kind",
        Kind::Choice(&["questionnaire", "form", "text"]),
        "questionnaire, form or text.",
    ),
    Key::new("title", Kind::Text, "服务对象满意度调查问卷."),
    Key::new("intro", Kind::Text, "The paragraph under the title."),
    Key::new(
        "scale",
        Kind::TextList,
        "A questionnaire's answers, best first: [\"很满意\", \"满意\", …].",
    ),
    Key::new(
        "respondent",
        Kind::TextList,
        "Fields the respondent fills in: [\"活动名称\", \"日期\"].",
    ),
    Key::new(
        "after",
        Kind::Path,
        "Place it after the appendix with this id.",
    ),
    Key::new(
        "before",
        Kind::Path,
        "Place it before the appendix with this id.",
    ),
    Key::new(
        "when",
        Kind::Path,
        "A condition over org, vars, options: left out when false (\"options.party\").",
    ),
    Key::new(
        "question",
        Kind::Tables(QUESTION_KEYS),
        "A question of a questionnaire.",
    ),
    Key::new("field", Kind::Tables(FIELD_KEYS), "A field of a form."),
    Key::new(
        "table",
        Kind::Tables(TABLE_KEYS),
        "A table of a text appendix.",
    ),
];
pub(super) const QUESTION_KEYS: &[Key] = &[
    Key::new("id", Kind::Id, "The column of the answers' CSV."),
    Key::new(
        "kind",
        Kind::Choice(&["rated", "open", "scale"]),
        "rated (on the scale; also \"scale\") or open (written answers).",
    ),
    Key::new("text", Kind::Text, "The question."),
    Key::new("lines", Kind::Count, "Lines left for an open answer."),
    Key::new(
        "after",
        Kind::Path,
        "Place it after the question with this id.",
    ),
    Key::new(
        "before",
        Kind::Path,
        "Place it before the question with this id.",
    ),
];
pub(super) const FIELD_KEYS: &[Key] = &[
    Key::new("id", Kind::Id, "For after, before and remove."),
    Key::new("label", Kind::Text, "The field's label."),
    Key::new("lines", Kind::Count, "Lines left to write in."),
    Key::new(
        "after",
        Kind::Path,
        "Place it after the field with this id.",
    ),
    Key::new(
        "before",
        Kind::Path,
        "Place it before the field with this id.",
    ),
];
pub(super) const NUMBERING_KEYS: &[Key] = &[
    Key::new(
        "scheme",
        Kind::Choice(crate::format::scheme::SCHEMES),
        "A named scheme, with restart.",
    ),
    Key::new(
        "restart",
        Kind::Bool,
        "第一条 again in every chapter (or 节).",
    ),
    Key::new(
        "groups",
        Kind::PathList,
        "Grouping levels: [\"第{zh}编\", \"第{zh}章\"] (up to 3).",
    ),
    Key::new(
        "levels",
        Kind::PathList,
        "Numbered levels: [\"第{n}条\", \"（{zh}）\", \"{n}.\"] (up to 8).",
    ),
    Key::new(
        "continuous",
        Kind::BoolList,
        "Per level: counted on across parents.",
    ),
];

/// Where each key of the format lives, for "belongs in [charter]" hints.
pub(super) fn key_homes() -> [(&'static str, Vec<&'static str>); 4] {
    [
        ("[charter]", names(CHARTER_KEYS)),
        ("[layout]", names(LAYOUT_KEYS)),
        ("[approval]", names(APPROVAL_KEYS)),
        ("[org]", OrgSource::KEYS.to_vec()),
    ]
}
