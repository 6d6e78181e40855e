//! Reading an input file: text (any of the encodings charter decodes),
//! Markdown or DOCX, into numbered lines with what the reader knew of
//! them (table rows, the title) and the tables found.

use std::path::Path;

use super::clean::InputKind;
use super::{RawLine, docx, labels, tables};
use crate::diag::{Diagnostic, Diagnostics};

/// The input as numbered lines, and how it was written.
pub struct Input {
    pub lines: Vec<RawLine>,
    /// Tables found in the input; their rows are marked in `lines`.
    pub tables: Vec<tables::Table>,
    pub kind: InputKind,
    /// How a text input was encoded: `UTF-8`, `UTF-16LE`, `GB18030 (GBK)`.
    pub encoding: &'static str,
    /// A DOCX's tracked changes, read as accepted.
    pub tracked: docx::TrackedChanges,
}

/// Reads `.txt`, `.md` or `.docx`.
pub fn read_input(path: &Path, diags: &mut Diagnostics) -> Option<Input> {
    let shown = crate::diag::display_path(path);
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let kind = match extension.as_str() {
        "txt" | "text" => InputKind::Text,
        "md" | "markdown" => InputKind::Markdown,
        "docx" => InputKind::Docx,
        other => {
            let what = if other.is_empty() {
                "no extension".to_string()
            } else {
                format!(".{other}")
            };
            let mut d = Diagnostic::error(format!("cannot import {shown}: {what} is not a format charter reads"))
                .help("give a .txt, .md or .docx file; save a .doc or .wps file as .docx first (Word or WPS: Save As → Word Document)");
            if other == "pdf" {
                d = d.note("for a PDF, extract its text first, e.g. `pdftotext -layout FILE.pdf`, and import the .txt");
            }
            diags.push(d);
            return None;
        }
    };
    let bytes = match crate::sandbox::read_bounded(path, crate::sandbox::IMPORT_LIMIT) {
        Ok(bytes) => bytes,
        Err(refusal) => {
            diags.push(
                Diagnostic::error(refusal.describe(&shown))
                    .help("check the path of the regulation to import"),
            );
            return None;
        }
    };
    let mut encoding = "UTF-8";
    let mut tables = Vec::new();
    let mut tracked = docx::TrackedChanges::default();
    let lines: Vec<RawLine> = if kind == InputKind::Docx {
        tracked = docx::tracked_changes(&bytes).unwrap_or_default();
        match docx::read_docx(&bytes) {
            Ok(blocks) => docx_lines(blocks, &mut tables),
            Err(err) => {
                diags.push(
                    Diagnostic::error(format!("{shown} is not a readable DOCX file"))
                        .help("open it in Word or WPS and save it again as .docx (not .doc), or export it as text and import the .txt")
                        .note(err.to_string()),
                );
                return None;
            }
        }
    } else {
        match crate::encoding::decode(&bytes) {
            Ok(decoded) => {
                encoding = decoded.encoding;
                text_lines(&decoded.text, kind, &mut tables)
            }
            Err(err) => {
                diags.push(Diagnostic::error(err.describe(&shown)).help(
                    "save the file as UTF-8 (Notepad or WPS: Save As → Encoding → UTF-8), then import it again",
                ));
                return None;
            }
        }
    };
    Some(Input {
        lines,
        tables,
        kind,
        encoding,
        tracked,
    })
}

/// The lines of a text or Markdown input, numbered from 1, with the rows
/// of its tables marked.
pub fn text_lines(text: &str, kind: InputKind, tables: &mut Vec<tables::Table>) -> Vec<RawLine> {
    let mut lines: Vec<RawLine> = text
        .lines()
        .enumerate()
        .map(|(i, l)| RawLine::new(i + 1, l))
        .collect();
    tables::find(&mut lines, kind, tables);
    lines
}

/// A Word file's blocks as lines: a paragraph's line breaks start new
/// lines, a table gives one tab-separated line per row. Lines are numbered
/// from 1 in that order (the report's "line" of a DOCX).
fn docx_lines(blocks: Vec<docx::Block>, tables: &mut Vec<tables::Table>) -> Vec<RawLine> {
    let mut lines: Vec<RawLine> = Vec::new();
    // The title: a paragraph styled Title, else a first paragraph that is
    // centred or bold throughout.
    let styled = blocks.iter().position(
        |b| matches!(b, docx::Block::Paragraph(p) if p.title_style && !p.text.trim().is_empty()),
    );
    let first = blocks.iter().position(|b| match b {
        docx::Block::Paragraph(p) => !p.text.trim().is_empty(),
        docx::Block::Table(_) => true,
    });
    let title_at = styled.or(first.filter(|&i| {
        matches!(&blocks[i], docx::Block::Paragraph(p) if (p.centred || p.bold) && labels::parse_label(&p.text).is_none())
    }));
    for (index, block) in blocks.into_iter().enumerate() {
        match block {
            docx::Block::Paragraph(p) => {
                for (i, piece) in p.text.split('\n').enumerate() {
                    let mut line = RawLine::new(lines.len() + 1, piece);
                    line.hint.paragraph = i == 0;
                    line.hint.title = title_at == Some(index);
                    line.hint.centred = p.centred;
                    lines.push(line);
                }
            }
            docx::Block::Table(mut table) => {
                let at = tables.len();
                table.line = lines.len() + 1;
                for (r, row) in table.rows.iter().enumerate() {
                    let mut line = RawLine::new(lines.len() + 1, tables::Table::row_line(row));
                    line.hint.table = Some((at, r));
                    line.hint.paragraph = true;
                    lines.push(line);
                }
                tables.push(table);
            }
        }
    }
    lines
}
