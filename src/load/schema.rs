//! The JSON Schema of the source format (`charter schema`,
//! docs/charter.schema.json), written from the loader's own key tables:
//! what the loader accepts and what an editor completes are one list.

use serde_json::{Map, Value, json};

use crate::format::NodeKind;

use super::keys::TOP_KEYS;
use super::nodes::{CELL_KEYS, child_keys, node_keys};

/// A key of a table of the format and what it holds.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    /// One line for an editor's hover.
    pub doc: &'static str,
}

impl Key {
    pub const fn new(name: &'static str, kind: Kind, doc: &'static str) -> Self {
        Self { name, kind, doc }
    }
}

/// What a key holds.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// Text that is a template (`{{ org.name }}`).
    Text,
    /// Text taken as written: a path, an id named by `after`, a pattern.
    Path,
    Id,
    Bool,
    /// A whole number, 1 or more.
    Count,
    /// A TOML date (2025-03-01) or the same in quotes.
    Date,
    /// A date or one of these words.
    DateOr(&'static [&'static str]),
    /// One of these words.
    Choice(&'static [&'static str]),
    /// `version`: text, or a number taken as written.
    Version,
    TextList,
    /// One text or a list of texts (`note`).
    TextOrList,
    PathList,
    BoolList,
    NumberList,
    ChoiceList(&'static [&'static str]),
    /// Table rows: lists of cells, a cell text or `{ text, colspan, rowspan }`.
    Rows,
    /// A table with these keys.
    Table(&'static [Key]),
    /// A list of tables with these keys (`[[revision]]`).
    Tables(&'static [Key]),
    /// Nodes of a kind, nested as the format nests them.
    Nodes(NodeKind),
    /// `[org]`: the organisation's fields and `[org.extra]`.
    Org,
    /// Keys of your own (`[vars]`, `[org.extra]`).
    Free,
    /// A scheme's name or a `[charter.numbering]` table.
    Numbering,
}

/// The names of `keys`, as the loader checks them.
pub fn names(keys: &[Key]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name).collect()
}

fn node_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Section => "section",
        NodeKind::Clause => "clause",
        NodeKind::Item => "item",
        NodeKind::Point => "point",
    }
}

fn object(keys: &[Key]) -> Value {
    let properties: Map<String, Value> = keys
        .iter()
        .map(|k| {
            let mut schema = kind(k.kind);
            if let Value::Object(map) = &mut schema {
                map.insert("description".into(), k.doc.into());
            }
            (k.name.to_string(), schema)
        })
        .collect();
    json!({ "type": "object", "properties": properties, "additionalProperties": false })
}

fn kind(kind: Kind) -> Value {
    let date = json!({ "type": "string", "format": "date" });
    match kind {
        Kind::Text | Kind::Path => json!({ "type": "string" }),
        Kind::Id => json!({ "type": "string", "pattern": "^[A-Za-z0-9_-]+$" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Count => json!({ "type": "integer", "minimum": 1 }),
        Kind::Date => date,
        Kind::DateOr(words) => json!({ "anyOf": [date, { "enum": words }] }),
        Kind::Choice(words) => json!({ "enum": words }),
        Kind::Version => json!({ "type": ["string", "number"] }),
        Kind::TextOrList => json!({
            "anyOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }]
        }),
        Kind::TextList | Kind::PathList => {
            json!({ "type": "array", "items": { "type": "string" } })
        }
        Kind::BoolList => json!({ "type": "array", "items": { "type": "boolean" } }),
        Kind::NumberList => {
            json!({ "type": "array", "items": { "type": "number", "exclusiveMinimum": 0 } })
        }
        Kind::ChoiceList(words) => json!({ "type": "array", "items": { "enum": words } }),
        Kind::Rows => json!({
            "type": "array",
            "items": { "type": "array", "items": { "$ref": "#/definitions/cell" } }
        }),
        Kind::Table(keys) => object(keys),
        Kind::Tables(keys) => json!({ "type": "array", "items": object(keys) }),
        Kind::Nodes(node) => json!({
            "type": "array",
            "items": { "$ref": format!("#/definitions/{}", node_name(node)) }
        }),
        Kind::Org => {
            let mut fields: Map<String, Value> = crate::source::OrgSource::KEYS
                .iter()
                .map(|k| (k.to_string(), json!({ "type": "string" })))
                .collect();
            fields.insert("extra".into(), json!({ "type": "object" }));
            json!({ "type": "object", "properties": fields, "additionalProperties": false })
        }
        Kind::Free => json!({ "type": "object" }),
        Kind::Numbering => json!({
            "anyOf": [
                { "enum": crate::format::scheme::SCHEMES },
                object(super::keys::NUMBERING_KEYS)
            ]
        }),
    }
}

/// The schema as a value.
pub fn schema() -> Value {
    let mut definitions = Map::new();
    let mut pending = vec![NodeKind::Section];
    while let Some(node) = pending.pop() {
        if definitions.contains_key(node_name(node)) {
            continue;
        }
        definitions.insert(node_name(node).into(), object(&node_keys(node)));
        pending.extend(child_keys(node).iter().map(|(_, child)| *child));
    }
    definitions.insert(
        "cell".into(),
        json!({ "anyOf": [{ "type": "string" }, object(CELL_KEYS)] }),
    );
    let mut root = object(TOP_KEYS);
    if let Value::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            "http://json-schema.org/draft-07/schema#".into(),
        );
        map.insert("title".into(), "charter source".into());
        map.insert(
            "description".into(),
            "A charter for `charter` (TOML): generated by `charter schema` from the loader's key tables."
                .into(),
        );
        map.insert("definitions".into(), Value::Object(definitions));
    }
    root
}

/// The schema as `charter schema` prints it.
pub fn json() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word the schema offers for a choice is one the loader takes.
    #[test]
    fn the_schemas_choices_load() {
        let schema = schema();
        let layout = &schema["properties"]["layout"]["properties"];
        for (key, table) in [("page_number", "layout"), ("approval", "layout")] {
            let words = layout[key]["enum"].as_array().cloned().unwrap_or_default();
            assert!(!words.is_empty(), "{key}");
            for word in words {
                let text = format!("[{table}]\n{key} = {word}\n");
                let sources = crate::diag::SourceMap::new();
                let file = sources.add(std::path::Path::new("t.toml"), text.as_str());
                let mut diags = crate::diag::Diagnostics::new();
                super::super::parse_charter(
                    &text,
                    file,
                    std::path::Path::new("t.toml"),
                    &mut diags,
                );
                assert!(diags.list.is_empty(), "{text}: {:?}", diags.list);
            }
        }
        let kinds = &schema["properties"]["appendix"]["items"]["properties"]["kind"]["enum"];
        assert_eq!(kinds, &json!(["questionnaire", "form", "text"]));
        assert_eq!(
            schema["properties"]["charter"]["properties"]["numbering"]["anyOf"][0]["enum"],
            json!(crate::format::scheme::SCHEMES)
        );
    }
}
