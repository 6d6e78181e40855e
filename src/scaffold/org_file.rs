//! An organisation's org.toml, written new or completed: keys that are
//! missing are added, a value already there is never changed (a filled-in
//! phone number is worth more than any default).

use toml_edit::{DocumentMut, Item, Table, Value};

use std::borrow::Cow;

use super::kit::{Entry, Initial};
use crate::format::PLACEHOLDER;

/// What goes into org.toml: the organisation's fields, `[vars]` and
/// `[options]`, each key with its value (or the placeholder) and comment.
pub struct Wanted {
    pub org: Vec<Entry>,
    pub vars: Vec<Entry>,
    pub options: Vec<Entry>,
}

/// A new org.toml, in the `[org]` table form with `[vars]` and `[options]`.
pub fn new_file(name: &str, kind: Option<&str>, wanted: &Wanted) -> String {
    let mut doc = DocumentMut::new();
    doc.decor_mut().set_prefix(format!(
        "# {name}：本文件夹里每一份制度都从这里读取机构的信息。\n\
         # 标 {PLACEHOLDER} 的请按实际填写，再运行 charter check 检查。\n\n"
    ));
    let mut org = Table::new();
    if let Some(kind) = kind {
        org.insert(
            "kind",
            entry_item(kind.into(), "社会团体、基金会 或 社会服务机构"),
        );
    }
    org.insert("name", entry_item(name.into(), "全称"));
    let mut added = Vec::new();
    fill(&mut org, &wanted.org, "", &mut added);
    doc.insert("org", Item::Table(org));
    for (name, entries) in [("vars", &wanted.vars), ("options", &wanted.options)] {
        if entries.is_empty() {
            continue;
        }
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        fill(&mut table, entries, "", &mut added);
        doc.insert(name, Item::Table(table));
    }
    doc.to_string()
}

/// The keys of `wanted` that `text` (an existing org.toml, either form)
/// lacks, added; `None` when nothing is missing or the file is not TOML
/// (then it is left alone). Returns the new text and the keys added.
pub fn complete(
    text: &str,
    name: &str,
    kind: Option<&str>,
    wanted: &Wanted,
) -> Option<(String, Vec<String>)> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let mut added = Vec::new();
    // The `[org]` table form, or the organisation's keys at the top level.
    let nested = doc.get("org").is_some_and(Item::is_table);
    {
        let org: &mut Table = if nested {
            doc.get_mut("org")?.as_table_mut()?
        } else {
            doc.as_table_mut()
        };
        let prefix = if nested { "org." } else { "" };
        let mut head = Vec::new();
        if let Some(kind) = kind {
            head.push(Entry {
                key: Cow::Borrowed("kind"),
                initial: Some(Initial::Text(Cow::Owned(kind.to_string()))),
                comment: "社会团体、基金会 或 社会服务机构",
            });
        }
        head.push(Entry {
            key: Cow::Borrowed("name"),
            initial: Some(Initial::Text(Cow::Owned(name.to_string()))),
            comment: "全称",
        });
        fill(org, &head, prefix, &mut added);
        fill(org, &wanted.org, prefix, &mut added);
    }
    for (table_name, entries) in [("vars", &wanted.vars), ("options", &wanted.options)] {
        if entries.is_empty() {
            continue;
        }
        if doc.get(table_name).is_none() {
            let mut table = Table::new();
            table.decor_mut().set_prefix("\n");
            doc.insert(table_name, Item::Table(table));
        }
        let Some(table) = doc.get_mut(table_name).and_then(Item::as_table_mut) else {
            // `vars = 3` or such: not ours to fix; check reports it.
            continue;
        };
        fill(table, entries, &format!("{table_name}."), &mut added);
    }
    (!added.is_empty()).then(|| (doc.to_string(), added))
}

/// Adds each entry `table` does not have yet, naming it in `added`.
fn fill(table: &mut Table, entries: &[Entry], prefix: &str, added: &mut Vec<String>) {
    for entry in entries {
        if table.contains_key(&entry.key) {
            continue;
        }
        let value: Value = match &entry.initial {
            None => PLACEHOLDER.into(),
            Some(Initial::Text(text)) => text.as_ref().into(),
            Some(Initial::Bool(flag)) => (*flag).into(),
        };
        table.insert(&entry.key, entry_item(value, entry.comment));
        added.push(format!("{prefix}{}", entry.key));
    }
}

fn entry_item(value: Value, comment: &str) -> Item {
    Item::Value(value.decorated(" ", format!("   # {comment}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted() -> Wanted {
        Wanted {
            org: vec![Entry {
                key: Cow::Borrowed("phone"),
                initial: None,
                comment: "电话",
            }],
            vars: vec![Entry {
                key: Cow::Borrowed("purpose"),
                initial: None,
                comment: "宗旨",
            }],
            options: vec![Entry {
                key: Cow::Borrowed("party"),
                initial: Some(Initial::Bool(true)),
                comment: "党组织",
            }],
        }
    }

    #[test]
    fn a_filled_in_value_is_never_changed() {
        let text = "# ours\nname = \"甲会\"\nphone = \"0592-1234\"   # keep me\n";
        let (done, added) =
            complete(text, "乙会", Some("社会团体"), &wanted()).unwrap_or_else(|| unreachable!());
        assert!(done.contains("name = \"甲会\""), "{done}");
        assert!(done.contains("phone = \"0592-1234\"   # keep me"), "{done}");
        assert!(done.starts_with("# ours\n"), "{done}");
        assert_eq!(added, ["kind", "vars.purpose", "options.party"]);
        // Run again: nothing is missing, nothing is written.
        assert!(complete(&done, "乙会", Some("社会团体"), &wanted()).is_none());
    }

    #[test]
    fn a_new_file_reads_back() {
        let text = new_file("甲会", Some("社会团体"), &wanted());
        let table: toml::Table = toml::from_str(&text).unwrap_or_default();
        assert_eq!(table["org"]["name"].as_str(), Some("甲会"));
        assert_eq!(table["org"]["phone"].as_str(), Some(PLACEHOLDER));
        assert_eq!(table["options"]["party"].as_bool(), Some(true));
    }
}
