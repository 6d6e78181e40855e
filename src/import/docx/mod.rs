//! DOCX reader: the document's paragraphs (with the list label Word shows
//! in front of each, its style, alignment and weight) and its tables (with
//! column widths, header rows, `w:gridSpan` and `w:vMerge` spans).
//!
//! Read with quick-xml, parts bounded in size and nesting: tracked
//! insertions count, deletions do not; field codes are left out, field
//! results kept.

mod numbering;
mod rows;
use rows::{row_cells, table_rows};
mod xml;

use std::collections::HashMap;
use std::io::Read;

use super::tables::{Cell, Table};
use numbering::Numbering;
pub use numbering::format_number;
use xml::Element;

/// Why a file could not be read as DOCX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxError(pub String);

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Largest part of a DOCX, inflated (a 20 MB regulation's document.xml is
/// well under it).
pub const PART_LIMIT: u64 = 128 * 1024 * 1024;
/// Most parts in a DOCX.
const ENTRY_LIMIT: usize = 10_000;
pub use xml::DEPTH_LIMIT;

/// A paragraph as Word shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// Its text with the list label in front; a line break inside is `\n`.
    pub text: String,
    /// Styled Title (标题) or a heading style named so.
    pub title_style: bool,
    pub centred: bool,
    /// `w:jc` as written (own or from the style): left, center, right, both.
    pub align: Option<String>,
    /// All of its text is bold.
    pub bold: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// The blocks of a DOCX file in reading order.
pub fn read_docx(bytes: &[u8]) -> Result<Vec<Block>, DocxError> {
    let mut package = Package::open(bytes)?;
    let main = package.main_part()?;
    let related = package.relations_of(&main);
    let styles_root = match related.get("styles") {
        Some(path) => package.xml(path)?,
        None => None,
    };
    let numbering_root = match related.get("numbering") {
        Some(path) => package.xml(path)?,
        None => None,
    };
    let document = package
        .xml(&main)?
        .ok_or_else(|| DocxError(format!("{main} is missing")))?;
    let body = document
        .child("body")
        .ok_or_else(|| DocxError(format!("{main} has no w:body")))?;
    let mut reader = Reader {
        styles: Styles::read(styles_root.as_ref()),
        numbering: Numbering::read(numbering_root.as_ref()),
    };
    let mut out = Vec::new();
    reader.blocks(body, &mut out);
    Ok(out)
}

/// Tracked changes in a DOCX's body: the import reads the accepted view
/// (insertions and moved-to text kept, deletions and moved-from text left out).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrackedChanges {
    pub insertions: usize,
    pub deletions: usize,
    pub moves: usize,
}

impl TrackedChanges {
    pub fn any(&self) -> bool {
        self.insertions + self.deletions + self.moves > 0
    }
}

/// Counts the tracked changes (w:ins, w:del, w:moveFrom/w:moveTo pairs) of
/// the main part, paragraph-mark changes included.
pub fn tracked_changes(bytes: &[u8]) -> Result<TrackedChanges, DocxError> {
    fn walk(e: &Element, out: &mut TrackedChanges) {
        for child in e.elements() {
            match child.name.as_str() {
                "ins" => out.insertions += 1,
                "del" => out.deletions += 1,
                "moveTo" => out.moves += 1,
                _ => {}
            }
            walk(child, out);
        }
    }
    let mut package = Package::open(bytes)?;
    let main = package.main_part()?;
    let mut out = TrackedChanges::default();
    if let Some(document) = package.xml(&main)? {
        walk(&document, &mut out);
    }
    Ok(out)
}

/// The paragraphs of a DOCX file as text lines: list labels included
/// (`第三条 `, `（二）`), a table row as its cells joined by tabs (with a
/// leading tab), a line break inside a paragraph as `\n`.
pub fn read_docx_paragraphs(bytes: &[u8]) -> Result<Vec<String>, DocxError> {
    let mut out = Vec::new();
    for block in read_docx(bytes)? {
        match block {
            Block::Paragraph(p) => out.push(p.text),
            Block::Table(t) => out.extend(t.rows.iter().map(|r| Table::row_line(r))),
        }
    }
    Ok(out)
}

struct Package {
    archive: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
}

impl Package {
    fn open(bytes: &[u8]) -> Result<Package, DocxError> {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec()))
            .map_err(|e| DocxError(format!("not a DOCX (zip) file: {e}")))?;
        if archive.len() > ENTRY_LIMIT {
            return Err(DocxError(format!(
                "the file has {} parts; a DOCX has a few dozen",
                archive.len()
            )));
        }
        Ok(Package { archive })
    }

    /// A part's bytes, inflated under the limit (the sizes the zip claims
    /// are not trusted); `None` when the package has no such part.
    fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        let mut entry = match self.archive.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(DocxError(format!("{name} cannot be read: {e}"))),
        };
        let mut data = Vec::new();
        (&mut entry)
            .take(PART_LIMIT + 1)
            .read_to_end(&mut data)
            .map_err(|e| DocxError(format!("{name} cannot be inflated: {e}")))?;
        if data.len() as u64 > PART_LIMIT {
            return Err(DocxError(format!(
                "{name} inflates to more than {} MB: refused",
                PART_LIMIT / (1024 * 1024)
            )));
        }
        Ok(Some(data))
    }

    fn xml(&mut self, name: &str) -> Result<Option<Element>, DocxError> {
        match self.bytes(name)? {
            Some(data) => xml::parse(&data)
                .map(Some)
                .map_err(|why| DocxError(format!("{name} {why}: refused"))),
            None => Ok(None),
        }
    }

    /// The main document part, from the package relationships.
    fn main_part(&mut self) -> Result<String, DocxError> {
        let from_rels = self.xml("_rels/.rels")?.and_then(|rels| {
            rels.children_named("Relationship")
                .find(|r| {
                    r.attr("Type")
                        .is_some_and(|t| t.ends_with("/officeDocument"))
                })
                .and_then(|r| r.attr("Target"))
                .map(|t| t.trim_start_matches('/').to_string())
        });
        Ok(from_rels.unwrap_or_else(|| "word/document.xml".to_string()))
    }

    /// Parts related to `part` by relationship type (`styles`, `numbering`).
    fn relations_of(&mut self, part: &str) -> HashMap<String, String> {
        let (folder, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        let mut out = HashMap::new();
        if let Ok(Some(rels)) = self.xml(&rels_name) {
            for r in rels.children_named("Relationship") {
                let (Some(kind), Some(target)) = (r.attr("Type"), r.attr("Target")) else {
                    continue;
                };
                let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None if folder.is_empty() => target.to_string(),
                    None => format!("{folder}/{target}"),
                };
                out.entry(kind).or_insert(path);
            }
        }
        for (kind, default) in [
            ("styles", "word/styles.xml"),
            ("numbering", "word/numbering.xml"),
        ] {
            out.entry(kind.to_string())
                .or_insert_with(|| default.to_string());
        }
        out
    }
}

/// What a paragraph style gives its paragraphs.
#[derive(Clone, Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    numbering: Option<(Option<String>, Option<usize>)>,
    align: Option<String>,
    bold: Option<bool>,
}

#[derive(Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default: Option<String>,
}

/// How many `w:basedOn` steps are followed (a loop stops here).
const STYLE_CHAIN: usize = 16;

impl Styles {
    fn read(root: Option<&Element>) -> Styles {
        let mut styles = Styles::default();
        let Some(root) = root else { return styles };
        for s in root.children_named("style") {
            if s.attr("type") != Some("paragraph") {
                continue;
            }
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let ppr = s.child("pPr");
            let style = Style {
                name: s.val("name").unwrap_or("").to_lowercase(),
                based_on: s.val("basedOn").map(str::to_string),
                numbering: ppr.and_then(|p| p.child("numPr")).map(num_pr),
                align: ppr.and_then(|p| p.val("jc")).map(str::to_string),
                bold: s.child("rPr").and_then(|r| r.toggle("b")),
            };
            if matches!(s.attr("default"), Some("1" | "true")) {
                styles.default = Some(id.to_string());
            }
            styles.by_id.insert(id.to_string(), style);
        }
        styles
    }

    /// The chain from a style up through what it is based on.
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = id.or(self.default.as_deref()).map(str::to_string);
        while let Some(id) = next.take() {
            if out.len() >= STYLE_CHAIN {
                break;
            }
            let Some(style) = self.by_id.get(&id) else {
                break;
            };
            out.push(style);
            next = style.based_on.clone();
        }
        out
    }
}

fn num_pr(np: &Element) -> (Option<String>, Option<usize>) {
    (
        np.val("numId").map(str::to_string),
        np.val("ilvl").and_then(|v| v.parse().ok()),
    )
}

struct Reader {
    styles: Styles,
    numbering: Numbering,
}

impl Reader {
    fn blocks(&mut self, parent: &Element, out: &mut Vec<Block>) {
        for child in parent.elements() {
            match child.name.as_str() {
                "p" => out.push(Block::Paragraph(self.paragraph(child))),
                "tbl" => out.push(Block::Table(self.table(child))),
                "sdt" => {
                    if let Some(content) = child.child("sdtContent") {
                        self.blocks(content, out);
                    }
                }
                "customXml" | "ins" | "moveTo" | "sdtContent" => self.blocks(child, out),
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: &Element) -> Paragraph {
        let ppr = p.child("pPr");
        let style_id = ppr.and_then(|pr| pr.val("pStyle"));
        let chain = self.styles.chain(style_id);
        let own_numbering = ppr.and_then(|pr| pr.child("numPr")).map(num_pr);
        let style_numbering = chain.iter().find_map(|s| s.numbering.clone());
        let (num_id, ilvl) = match (own_numbering, style_numbering) {
            (Some((Some(id), level)), style) => (Some(id), level.or(style.and_then(|s| s.1))),
            (Some((None, level)), Some((id, style_level))) => (id, level.or(style_level)),
            (None, Some((id, level))) => (id, level),
            _ => (None, None),
        };
        let align = ppr
            .and_then(|pr| pr.val("jc"))
            .map(str::to_string)
            .or_else(|| chain.iter().find_map(|s| s.align.clone()));
        let centred = align.as_deref() == Some("center");
        let style_bold = chain.iter().find_map(|s| s.bold).unwrap_or(false);
        let title_style = chain
            .first()
            .is_some_and(|s| s.name == "title" || s.name == "标题");
        let mut text = String::new();
        let mut weight = Weight::default();
        runs(p, style_bold, &mut text, &mut weight);
        let label = num_id
            .and_then(|id| self.numbering.label(&id, ilvl.unwrap_or(0)))
            .unwrap_or_default();
        Paragraph {
            text: format!("{label}{text}"),
            title_style,
            centred,
            align,
            bold: weight.bold > 0 && weight.plain == 0,
        }
    }

    fn table(&mut self, tbl: &Element) -> Table {
        let widths: Vec<u32> = tbl
            .child("tblGrid")
            .map(|g| {
                g.children_named("gridCol")
                    .map(|c| c.attr("w").and_then(|w| w.parse().ok()).unwrap_or(0))
                    .collect()
            })
            .unwrap_or_default();
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut marked_header = 0usize;
        let mut header_run = true;
        // Per grid column: the (row, cell) a vertical merge started at.
        let mut merging: HashMap<usize, (usize, usize)> = HashMap::new();
        // (grid column, w:jc) of body cells: the column's alignment.
        let mut aligns: Vec<(usize, Option<String>)> = Vec::new();
        for tr in table_rows(tbl) {
            let trpr = tr.child("trPr");
            let header = trpr.and_then(|t| t.toggle("tblHeader")).unwrap_or(false);
            if header && header_run {
                marked_header += 1;
            } else {
                header_run = false;
            }
            let mut column: usize = trpr
                .and_then(|t| t.val("gridBefore"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let row_index = rows.len();
            let mut row: Vec<Cell> = Vec::new();
            for tc in row_cells(tr) {
                let tcpr = tc.child("tcPr");
                let span: usize = tcpr
                    .and_then(|t| t.val("gridSpan"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let vmerge = tcpr.and_then(|t| t.child("vMerge"));
                let continues =
                    vmerge.is_some_and(|v| v.attr("val").is_none_or(|v| v == "continue"));
                if continues && let Some(&(r, c)) = merging.get(&column) {
                    if let Some(cell) = rows.get_mut(r).and_then(|row| row.get_mut(c)) {
                        cell.rowspan += 1;
                    }
                    column += span;
                    continue;
                }
                let (text, align) = self.cell_text(tc);
                if row_index >= marked_header.max(1) && span == 1 {
                    aligns.push((column, align));
                }
                if vmerge.is_some() {
                    merging.insert(column, (row_index, row.len()));
                } else {
                    merging.remove(&column);
                }
                row.push(Cell {
                    text,
                    colspan: span as u32,
                    rowspan: 1,
                });
                column += span;
            }
            rows.push(row);
        }
        let header_rows = if marked_header > 0 {
            marked_header
        } else {
            usize::from(rows.len() >= 2)
        };
        let total: u32 = widths.iter().sum();
        let widths = if total > 0 && widths.iter().all(|&w| w > 0) {
            widths
                .iter()
                .map(|&w| ((w as f64 * 100.0 / total as f64).round() as u32).max(1))
                .collect()
        } else {
            Vec::new()
        };
        let columns = rows
            .iter()
            .map(|r| r.iter().map(|c| c.colspan as usize).sum::<usize>())
            .max()
            .unwrap_or(0);
        let align: Vec<String> = (0..columns)
            .map(|column| {
                let mut counts: Vec<(&str, usize)> = Vec::new();
                for (_, a) in aligns.iter().filter(|(c, _)| *c == column) {
                    let a = match a.as_deref() {
                        Some("center") => "center",
                        Some("right" | "end") => "right",
                        _ => "left",
                    };
                    match counts.iter_mut().find(|(k, _)| *k == a) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((a, 1)),
                    }
                }
                counts
                    .iter()
                    .max_by_key(|(_, n)| *n)
                    .map_or("left", |(a, _)| a)
                    .to_string()
            })
            .collect();
        Table {
            rows,
            header_rows,
            align,
            widths,
            line: 0,
            caption: None,
            from: "a Word table",
        }
        .squared()
    }

    /// A cell's paragraphs, one after another (a table inside it row by
    /// row), and its first paragraph's alignment.
    fn cell_text(&mut self, tc: &Element) -> (String, Option<String>) {
        let mut blocks = Vec::new();
        self.blocks(tc, &mut blocks);
        let mut pieces: Vec<String> = Vec::new();
        let mut align = None;
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    if align.is_none() {
                        align = p.align.clone();
                    }
                    pieces.push(p.text)
                }
                Block::Table(t) => pieces.extend(t.rows.iter().map(|r| {
                    r.iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })),
            }
        }
        let mut out = String::new();
        for piece in pieces.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            let ascii_seam = out
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && piece
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if ascii_seam {
                out.push(' ');
            }
            out.push_str(piece);
        }
        (out.replace(['\t', '\n'], " "), align)
    }
}

/// Characters of bold and of plain text in a paragraph.
#[derive(Default)]
struct Weight {
    bold: usize,
    plain: usize,
}

/// The text of the runs under `parent`, in order.
fn runs(parent: &Element, style_bold: bool, out: &mut String, weight: &mut Weight) {
    for child in parent.elements() {
        match child.name.as_str() {
            "r" => {
                let bold = child
                    .child("rPr")
                    .and_then(|r| r.toggle("b"))
                    .unwrap_or(style_bold);
                let before = out.chars().count();
                run(child, out);
                let added = out
                    .chars()
                    .skip(before)
                    .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
                    .count();
                if bold {
                    weight.bold += added;
                } else {
                    weight.plain += added;
                }
            }
            "ins" | "moveTo" | "hyperlink" | "smartTag" | "customXml" | "fldSimple"
            | "sdtContent" | "bdo" | "dir" => runs(child, style_bold, out, weight),
            "sdt" => {
                if let Some(content) = child.child("sdtContent") {
                    runs(content, style_bold, out, weight);
                }
            }
            _ => {}
        }
    }
}

fn run(r: &Element, out: &mut String) {
    for child in r.elements() {
        match child.name.as_str() {
            "t" => out.push_str(&child.text()),
            "tab" | "ptab" => out.push('\t'),
            "br" if !matches!(child.attr("type"), Some("page" | "column")) => out.push('\n'),
            "cr" => out.push('\n'),
            "noBreakHyphen" => out.push('-'),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
