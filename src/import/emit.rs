//! The charter source (and `org.toml`) written with `toml_edit`: valid TOML
//! whatever the text holds, `[charter]` keys first, nested tables indented
//! like the hand-written examples.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use super::appendix::{Appendix, Kind};
use super::labels::SchemeChoice;
use super::structure::Node;
use super::tables::Table as InputTable;
use crate::zh::Date;

pub struct ApprovalOut {
    pub body: String,
    pub term: u32,
    pub session: u32,
    pub date: Date,
    pub effective: Option<Date>,
    pub statement: String,
}

pub struct Charter {
    pub header_comment: String,
    pub id: String,
    pub title: String,
    pub number: Option<String>,
    pub scheme: Option<SchemeChoice>,
    pub preamble: Vec<String>,
    /// The preamble's drafting notes: `note` in [charter].
    pub notes: Vec<String>,
    /// `[org]` in the charter itself (no `--org-out`).
    pub org: Vec<(&'static str, String)>,
    pub signature: Option<bool>,
    /// The original had a cover page.
    pub cover: bool,
    /// `[layout] approval = "title"`: the approval stood under the title.
    pub approval_under_title: bool,
    pub sections: Vec<Node>,
    /// How many levels of `sections` are grouping levels (章, 节).
    pub groups: usize,
    /// The input's tables (nodes and appendices refer to them by index),
    /// captions and cells already templated.
    pub tables: Vec<InputTable>,
    pub approval: Option<ApprovalOut>,
    /// Comment lines at the end (an approval that lacks its date).
    pub trailing_comment: Option<String>,
    pub appendices: Vec<Appendix>,
}

fn date_value(date: Date) -> toml_edit::Value {
    toml_edit::Value::from(date.to_toml())
}

/// Paragraphs as one text: a blank line starts a new paragraph.
fn paragraphs(texts: &[String]) -> String {
    texts.join("\n\n")
}

fn strings(items: &[String]) -> Item {
    let mut array = Array::new();
    for item in items {
        array.push(item.as_str());
    }
    value(array)
}

/// Indents a nested table's header and keys by `depth` steps.
fn indent(table: &mut Table, depth: usize) {
    let pad = "  ".repeat(depth);
    table.decor_mut().set_prefix(format!("\n{pad}"));
    let keys: Vec<String> = table
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(k, _)| k.to_string())
        .collect();
    for key in keys {
        if let Some(mut k) = table.key_mut(&key) {
            k.leaf_decor_mut().set_prefix(pad.clone());
        }
    }
}

/// The key a node of `level` is written under.
fn kind_key(level: usize, groups: usize) -> &'static str {
    match level {
        l if l <= groups => "section",
        l if l == groups + 1 => "clause",
        l if l == groups + 2 => "item",
        _ => "point",
    }
}

fn node_table(node: &Node, depth: usize, groups: usize, tables: &[InputTable]) -> Table {
    let mut table = Table::new();
    table.insert("id", value(node.id.as_str()));
    let section = node.level <= groups;
    match (&node.heading, section) {
        (Some(heading), true) => {
            table.insert("title", value(heading.as_str()));
        }
        // A section must have a title; a label followed by a sentence has
        // none, and an empty one prints the label alone.
        (None, true) => {
            table.insert("title", value(""));
        }
        (Some(heading), false) => {
            table.insert("heading", value(heading.as_str()));
        }
        (None, false) => {}
    }
    if !node.text.is_empty() {
        table.insert("text", value(paragraphs(&node.text)));
    }
    if !node.notes.is_empty() {
        table.insert("note", strings(&node.notes));
    }
    let mut arrays: Vec<(&str, ArrayOfTables)> = Vec::new();
    for &index in &node.tables {
        if let Some(t) = tables.get(index) {
            push_child(&mut arrays, "table", table_table(t, depth + 1));
        }
    }
    for child in &node.children {
        let key = kind_key(child.level, groups);
        push_child(
            &mut arrays,
            key,
            node_table(child, depth + 1, groups, tables),
        );
    }
    for (key, children) in arrays {
        table.insert(key, Item::ArrayOfTables(children));
    }
    indent(&mut table, depth);
    table
}

fn push_child(arrays: &mut Vec<(&'static str, ArrayOfTables)>, key: &'static str, child: Table) {
    match arrays.iter_mut().find(|(k, _)| *k == key) {
        Some((_, array)) => array.push(child),
        None => {
            let mut array = ArrayOfTables::new();
            array.push(child);
            arrays.push((key, array));
        }
    }
}

/// A cell: its text, or `{ text, colspan, rowspan }` when it spans.
fn cell_value(cell: &super::tables::Cell) -> toml_edit::Value {
    if cell.colspan <= 1 && cell.rowspan <= 1 {
        return toml_edit::Value::from(cell.text.as_str());
    }
    let mut inline = toml_edit::InlineTable::new();
    inline.insert("text", cell.text.as_str().into());
    if cell.colspan > 1 {
        inline.insert("colspan", i64::from(cell.colspan).into());
    }
    if cell.rowspan > 1 {
        inline.insert("rowspan", i64::from(cell.rowspan).into());
    }
    toml_edit::Value::InlineTable(inline)
}

/// Rows as an array of arrays, one row per line.
fn rows_value(rows: &[Vec<super::tables::Cell>]) -> Item {
    let mut array = Array::new();
    for row in rows {
        let mut cells = Array::new();
        for cell in row {
            cells.push(cell_value(cell));
        }
        cells.decor_mut().set_prefix("\n    ");
        array.push(cells);
    }
    array.set_trailing("\n  ");
    array.set_trailing_comma(true);
    value(array)
}

fn table_table(t: &InputTable, depth: usize) -> Table {
    let mut table = Table::new();
    if let Some(caption) = &t.caption {
        table.insert("caption", value(caption.as_str()));
    }
    if !t.widths.is_empty() && t.widths.len() == t.columns() {
        let mut widths = Array::new();
        for w in &t.widths {
            widths.push(i64::from(*w));
        }
        table.insert("columns", value(widths));
    }
    if t.align.len() == t.columns() && t.align.iter().any(|a| a != "left") {
        table.insert("align", strings(&t.align));
    }
    let (header, body) = t.rows.split_at(t.header_rows.min(t.rows.len()));
    if !header.is_empty() {
        table.insert("header", rows_value(header));
    }
    table.insert("rows", rows_value(body));
    indent(&mut table, depth);
    table
}

fn appendix_table(appendix: &Appendix, tables: &[InputTable]) -> Table {
    let mut table = Table::new();
    table.insert("id", value(appendix.id.as_str()));
    let kind = match appendix.kind {
        Kind::Questionnaire => "questionnaire",
        Kind::Form => "form",
        Kind::Text => "text",
    };
    table.insert("kind", value(kind));
    table.insert("title", value(appendix.title.as_str()));
    if !appendix.intro.is_empty() {
        table.insert("intro", value(paragraphs(&appendix.intro)));
    }
    if appendix.scale.len() >= 2 {
        table.insert("scale", strings(&appendix.scale));
    }
    if !appendix.respondent.is_empty() {
        table.insert("respondent", strings(&appendix.respondent));
    }
    if !appendix.questions.is_empty() {
        let mut questions = ArrayOfTables::new();
        for (i, q) in appendix.questions.iter().enumerate() {
            let mut t = Table::new();
            t.insert("id", value(format!("q{}", i + 1)));
            if q.open {
                t.insert("kind", value("open"));
            }
            t.insert("text", value(q.text.as_str()));
            indent(&mut t, 1);
            questions.push(t);
        }
        table.insert("question", Item::ArrayOfTables(questions));
    }
    if !appendix.fields.is_empty() {
        let mut fields = ArrayOfTables::new();
        for (i, f) in appendix.fields.iter().enumerate() {
            let mut t = Table::new();
            t.insert("id", value(format!("f{}", i + 1)));
            t.insert("label", value(f.label.as_str()));
            if f.lines > 1 {
                t.insert("lines", value(i64::from(f.lines)));
            }
            indent(&mut t, 1);
            fields.push(t);
        }
        table.insert("field", Item::ArrayOfTables(fields));
    }
    let mut appendix_tables = ArrayOfTables::new();
    for &index in &appendix.tables {
        if let Some(t) = tables.get(index) {
            appendix_tables.push(table_table(t, 1));
        }
    }
    if !appendix_tables.is_empty() {
        table.insert("table", Item::ArrayOfTables(appendix_tables));
    }
    table.decor_mut().set_prefix("\n");
    table
}

/// The charter source as TOML text.
pub fn charter_toml(c: &Charter) -> String {
    let mut doc = DocumentMut::new();
    let mut charter = Table::new();
    charter.decor_mut().set_prefix(c.header_comment.as_str());
    charter.insert("id", value(c.id.as_str()));
    charter.insert("title", value(c.title.as_str()));
    // A 章程: checked for the items its registration regulation requires.
    if c.title.trim_end().ends_with("章程") {
        charter.insert("role", value("章程"));
    }
    if let Some(number) = &c.number {
        charter.insert("number", value(number.as_str()));
    }
    match &c.scheme {
        Some(SchemeChoice::Named {
            name,
            restart: false,
        }) => {
            charter.insert("numbering", value(*name));
        }
        Some(SchemeChoice::Named { name, .. }) => {
            let mut numbering = Table::new();
            numbering.insert("scheme", value(*name));
            numbering.insert("restart", value(true));
            charter.insert("numbering", Item::Table(numbering));
        }
        Some(SchemeChoice::Custom {
            groups,
            levels,
            continuous,
        }) => {
            let mut numbering = Table::new();
            if !groups.is_empty() {
                numbering.insert("groups", strings(groups));
            }
            numbering.insert("levels", strings(levels));
            if continuous.iter().any(|c| *c) {
                let mut array = Array::new();
                for flag in continuous {
                    array.push(*flag);
                }
                numbering.insert("continuous", value(array));
            }
            numbering.decor_mut().set_prefix("\n");
            charter.insert("numbering", Item::Table(numbering));
        }
        None => {}
    }
    if !c.preamble.is_empty() {
        charter.insert("preamble", value(paragraphs(&c.preamble)));
    }
    if !c.notes.is_empty() {
        charter.insert("note", strings(&c.notes));
    }
    doc.insert("charter", Item::Table(charter));
    if !c.org.is_empty() {
        let mut org = Table::new();
        for (key, val) in &c.org {
            org.insert(key, value(val.as_str()));
        }
        org.decor_mut().set_prefix("\n");
        doc.insert("org", Item::Table(org));
    }
    let mut layout = Table::new();
    if c.cover {
        layout.insert("cover", value(true));
    }
    if c.approval_under_title && c.approval.is_some() {
        layout.insert("approval", value("title"));
    }
    if let Some(signature) = c.signature {
        layout.insert("signature", value(signature));
    }
    if !layout.is_empty() {
        layout.decor_mut().set_prefix("\n");
        doc.insert("layout", Item::Table(layout));
    }
    if !c.sections.is_empty() {
        let mut sections = ArrayOfTables::new();
        for node in &c.sections {
            sections.push(node_table(node, 0, c.groups, &c.tables));
        }
        doc.insert("section", Item::ArrayOfTables(sections));
    }
    if let Some(a) = &c.approval {
        let mut approval = Table::new();
        approval.insert("body", value(a.body.as_str()));
        approval.insert("term", value(i64::from(a.term)));
        approval.insert("session", value(i64::from(a.session)));
        approval.insert("date", value(date_value(a.date)));
        if let Some(effective) = a.effective {
            approval.insert("effective", value(date_value(effective)));
        }
        approval.insert("statement", value(a.statement.as_str()));
        approval.decor_mut().set_prefix("\n");
        doc.insert("approval", Item::Table(approval));
    }
    if !c.appendices.is_empty() {
        let mut appendices = ArrayOfTables::new();
        for appendix in &c.appendices {
            appendices.push(appendix_table(appendix, &c.tables));
        }
        doc.insert("appendix", Item::ArrayOfTables(appendices));
    }
    if let Some(comment) = &c.trailing_comment {
        doc.set_trailing(comment.as_str());
    }
    doc.to_string()
}

/// `org.toml`: the organisation's keys at the top level.
pub fn org_toml(comment: &str, fields: &[(&'static str, String)]) -> String {
    let mut doc = DocumentMut::new();
    for (key, val) in fields {
        doc.insert(key, value(val.as_str()));
    }
    format!("{comment}{doc}")
}

/// `# ` before every line of `text`.
pub fn comment(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "#\n".to_string()
            } else {
                format!("# {l}\n")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_valid_toml_with_charter_keys_first() {
        let node = Node {
            level: 1,
            label: "一、".into(),
            line: 1,
            heading: Some("总则".into()),
            text: vec!["第一段\"引号\"和\\反斜杠。".into(), "第二段。".into()],
            children: vec![Node {
                level: 2,
                label: "(一)".into(),
                line: 2,
                heading: Some("守信。".into()),
                text: vec!["按时服务。".into()],
                tables: Vec::new(),
                children: Vec::new(),
                id: "守信".into(),
                notes: vec!["守信的要求。".into()],
            }],
            tables: Vec::new(),
            id: "总则".into(),
            notes: Vec::new(),
        };
        let text = charter_toml(&Charter {
            header_comment: comment("imported"),
            id: "imported".into(),
            title: "服务制度".into(),
            number: None,
            scheme: Some(SchemeChoice::Custom {
                groups: Vec::new(),
                levels: vec!["{zh}、".into(), "({zh})".into()],
                continuous: vec![false, false],
            }),
            preamble: vec!["为规范服务，制定本制度。".into()],
            notes: vec!["全文的说明。".into()],
            org: vec![("name", "示范中心".into())],
            signature: Some(false),
            cover: false,
            approval_under_title: false,
            sections: vec![node],
            groups: 1,
            tables: Vec::new(),
            approval: Some(ApprovalOut {
                body: "理事会".into(),
                term: 2,
                session: 4,
                date: Date::new(2025, 3, 1).unwrap_or_else(|| unreachable!()),
                effective: None,
                statement: "本制度经审议通过。".into(),
            }),
            trailing_comment: Some(comment("[approval]\ndate = 2025-01-01")),
            appendices: Vec::new(),
        });
        let parsed: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(
            parsed["charter"]["preamble"].as_str(),
            Some("为规范服务，制定本制度。")
        );
        assert_eq!(
            parsed["section"][0]["text"].as_str(),
            Some("第一段\"引号\"和\\反斜杠。\n\n第二段。")
        );
        assert_eq!(
            parsed["section"][0]["clause"][0]["heading"].as_str(),
            Some("守信。")
        );
        assert_eq!(
            parsed["section"][0]["clause"][0]["note"][0].as_str(),
            Some("守信的要求。")
        );
        assert_eq!(parsed["charter"]["note"][0].as_str(), Some("全文的说明。"));
        let charter_at = text.find("[charter]").unwrap_or(usize::MAX);
        let numbering_at = text.find("[charter.numbering]").unwrap_or(0);
        let preamble_at = text.find("preamble").unwrap_or(usize::MAX);
        assert!(
            charter_at < preamble_at && preamble_at < numbering_at,
            "{text}"
        );
        assert!(text.contains("\n  [[section.clause]]"), "{text}");
        assert!(text.ends_with("# date = 2025-01-01\n"), "{text}");
    }
}
