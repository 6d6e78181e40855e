//! A table's rows and a row's cells, also where content controls or custom
//! XML wrap them.

use super::xml::Element;

pub(super) fn table_rows(tbl: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    for child in tbl.elements() {
        match child.name.as_str() {
            "tr" => out.push(child),
            "sdt" | "customXml" => {
                if let Some(content) = child.child("sdtContent").or(Some(child)) {
                    out.extend(content.children_named("tr"));
                }
            }
            _ => {}
        }
    }
    out
}

pub(super) fn row_cells(tr: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    for child in tr.elements() {
        match child.name.as_str() {
            "tc" => out.push(child),
            "sdt" | "customXml" => {
                if let Some(content) = child.child("sdtContent").or(Some(child)) {
                    out.extend(content.children_named("tc"));
                }
            }
            _ => {}
        }
    }
    out
}
