//! Finishing the package docx-rs writes: our own styles, numbering, fonts,
//! settings, properties and theme; property children sorted into schema
//! order; process-global ids removed; a zip with fixed timestamps and order,
//! so the same document gives the same bytes.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::xml::{self, Element, Node, XmlError};

pub const THEME_PART: &str = "word/theme/theme1.xml";
const THEME_TYPE: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
const THEME_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";

/// The parts of a package, by name.
pub struct Package {
    pub parts: BTreeMap<String, Vec<u8>>,
}

impl Package {
    pub fn read(bytes: &[u8]) -> Result<Self, XmlError> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let mut parts = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).map_err(|e| e.to_string())?;
            if file.is_dir() {
                continue;
            }
            let mut data = Vec::new();
            file.read_to_end(&mut data).map_err(|e| e.to_string())?;
            parts.insert(file.name().to_string(), data);
        }
        Ok(Self { parts })
    }

    pub fn set(&mut self, name: &str, data: Vec<u8>) {
        self.parts.insert(name.to_string(), data);
    }

    /// Applies `f` to the parsed XML of a part and stores the result.
    pub fn edit(&mut self, name: &str, f: &mut dyn FnMut(&mut Element)) -> Result<(), XmlError> {
        let Some(bytes) = self.parts.get(name) else {
            return Ok(());
        };
        let mut root = xml::parse(bytes).map_err(|e| format!("{name}: {e}"))?;
        f(&mut root);
        self.parts.insert(name.to_string(), xml::write(&root));
        Ok(())
    }

    /// Adds the theme part with its content type and relationship.
    pub fn add_theme(&mut self, theme: Vec<u8>) -> Result<(), XmlError> {
        self.set(THEME_PART, theme);
        self.edit("[Content_Types].xml", &mut |types| {
            let exists = types
                .elements()
                .any(|e| e.get_attr("PartName") == Some("/word/theme/theme1.xml"));
            if !exists {
                types.children.push(Node::Element(
                    Element::new("Override")
                        .attr("PartName", "/word/theme/theme1.xml")
                        .attr("ContentType", THEME_TYPE),
                ));
            }
        })?;
        self.edit("word/_rels/document.xml.rels", &mut |rels| {
            let exists = rels
                .elements()
                .any(|e| e.get_attr("Type") == Some(THEME_REL));
            if !exists {
                rels.children.push(Node::Element(
                    Element::new("Relationship")
                        .attr("Id", "rIdTheme1")
                        .attr("Type", THEME_REL)
                        .attr("Target", "theme/theme1.xml"),
                ));
            }
        })
    }

    /// Adds a part of the main document (a header, a footer) with its
    /// content type and a relationship `id` from the document.
    pub fn add_part(
        &mut self,
        name: &str,
        content_type: &str,
        relationship: &str,
        id: &str,
        data: Vec<u8>,
    ) -> Result<(), XmlError> {
        self.set(name, data);
        let part_name = format!("/{name}");
        self.edit("[Content_Types].xml", &mut |types| {
            types.children.push(Node::Element(
                Element::new("Override")
                    .attr("PartName", &part_name)
                    .attr("ContentType", content_type),
            ));
        })?;
        let target = name.trim_start_matches("word/");
        self.edit("word/_rels/document.xml.rels", &mut |rels| {
            rels.children.push(Node::Element(
                Element::new("Relationship")
                    .attr("Id", id)
                    .attr("Type", relationship)
                    .attr("Target", target),
            ));
        })
    }

    /// Sorts the WordprocessingML parts docx-rs wrote into schema order and
    /// drops the ids it draws from process-wide counters (they would differ
    /// between a single build and a batch). Parts named in `ours` were written
    /// in order by charter and are left alone.
    pub fn normalise(&mut self, ours: &[&str]) -> Result<(), XmlError> {
        let names: Vec<String> = self
            .parts
            .keys()
            .filter(|n| {
                n.starts_with("word/") && n.ends_with(".xml") && !n.starts_with("word/theme/")
            })
            .filter(|n| !ours.contains(&n.as_str()))
            .cloned()
            .collect();
        for name in names {
            self.edit(&name, &mut |root| {
                root.walk_mut(&mut |e| {
                    e.attrs.retain(|(k, _)| {
                        !matches!(
                            k.as_str(),
                            "w14:paraId"
                                | "w14:textId"
                                | "w:rsidR"
                                | "w:rsidRDefault"
                                | "w:rsidP"
                                | "w:rsidRPr"
                        )
                    });
                    // docx-rs gives grid columns a w:type the schema does not have.
                    if e.name == "w:gridCol" {
                        e.attrs.retain(|(k, _)| k != "w:type");
                    }
                });
                mark_repeating_header_rows(root);
                number_revisions(root);
                xml::sort_schema(root);
            })?;
        }
        Ok(())
    }

    /// Writes the package: `[Content_Types].xml` first, then parts by name,
    /// all dated 1980-01-01 so the bytes depend on the content only.
    pub fn write(&self) -> Result<Vec<u8>, XmlError> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        let mut names: Vec<&String> = self.parts.keys().collect();
        names.sort_by_key(|n| {
            (
                n.as_str() != "[Content_Types].xml",
                n.as_str() != "_rels/.rels",
                n.as_str(),
            )
        });
        for name in names {
            zip.start_file(name.as_str(), options)
                .map_err(|e| e.to_string())?;
            zip.write_all(&self.parts[name])
                .map_err(|e| e.to_string())?;
        }
        let cursor = zip.finish().map_err(|e| e.to_string())?;
        Ok(cursor.into_inner())
    }
}

/// The first row of a survey grid is a header row that repeats on each page.
fn mark_repeating_header_rows(root: &mut Element) {
    // A table's header rows are its leading rows whose every paragraph is
    // in the TableHead style (the survey grid, a text table's header, the
    // 修订对照表): Word repeats them on every page.
    let heading = |row: &Element| {
        let mut styles = Vec::new();
        collect_styles(row, &mut styles);
        !styles.is_empty() && styles.iter().all(|s| s == "TableHead")
    };
    root.walk_mut(&mut |e| {
        if e.name != "w:tbl" {
            return;
        }
        for row in e.elements_mut().filter(|c| c.name == "w:tr") {
            if !heading(row) {
                break;
            }
            if row.find("w:trPr").is_none() {
                row.children
                    .insert(0, Node::Element(Element::new("w:trPr")));
            }
            if let Some(trpr) = row.find_mut("w:trPr")
                && trpr.find("w:tblHeader").is_none()
            {
                trpr.children
                    .push(Node::Element(Element::new("w:tblHeader")));
            }
        }
    });
}

/// The paragraph style of every paragraph below `e` (none: "").
fn collect_styles(e: &Element, out: &mut Vec<String>) {
    if e.name == "w:p" {
        let style = e
            .find("w:pPr")
            .and_then(|p| p.find("w:pStyle"))
            .and_then(|s| s.get_attr("w:val"))
            .unwrap_or("");
        out.push(style.to_string());
        return;
    }
    for child in e.elements() {
        collect_styles(child, out);
    }
}

/// Revision ids in document order from 100001: docx-rs draws them from a
/// process-wide counter, so they would differ between builds in one run.
fn number_revisions(root: &mut Element) {
    let mut next = 100_001;
    root.walk_mut(&mut |e| {
        if matches!(e.name.as_str(), "w:ins" | "w:del") && e.get_attr("w:id").is_some() {
            e.set_attr("w:id", &next.to_string());
            next += 1;
        }
    });
}
