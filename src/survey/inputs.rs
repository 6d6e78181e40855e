//! The inputs of `charter survey tally`: files and folders, each read as a
//! sheet by what it is (its first bytes, not only its name): a PDF or DOCX
//! form, an XLSX export, or a CSV.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::document::{Appendix, Document};

use super::tally::{Sheet, SheetRow, check_identity, csv_bytes_sheet, form_sheet};

/// Files read at most from the folders given.
const MAX_FILES: usize = 10_000;

/// What a folder may hold that the tally reads.
const EXTENSIONS: &[&str] = &["csv", "txt", "xlsx", "pdf", "docx"];

/// The files named, folders replaced by the files in them (sorted by name,
/// hidden files and other kinds skipped with a warning).
pub fn expand(paths: &[PathBuf], diags: &mut Diagnostics) -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let name = crate::diag::display_path(path);
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(err) => {
                diags.push(
                    Diagnostic::error(t!(
                        "survey-folder-unreadable",
                        name = &name,
                        error = err.to_string()
                    ))
                    .help(t!("survey-read-help")),
                );
                return None;
            }
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"))
            })
            .collect();
        found.sort();
        let before = files.len();
        for file in found {
            let extension = file
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            if EXTENSIONS.contains(&extension.as_str()) {
                files.push(file);
            } else {
                diags.push(
                    Diagnostic::warning(t!(
                        "survey-folder-skipped",
                        name = crate::diag::display_path(&file)
                    ))
                    .help(t!("survey-folder-skipped-help")),
                );
            }
            if files.len() > MAX_FILES {
                diags.push(
                    Diagnostic::error(t!("survey-too-many-files", count = MAX_FILES))
                        .help(t!("survey-too-many-files-help")),
                );
                return None;
            }
        }
        if files.len() == before {
            diags.push(
                Diagnostic::error(t!("survey-folder-empty", name = &name))
                    .help(t!("survey-folder-empty-help")),
            );
            return None;
        }
    }
    Some(files)
}

/// One input's answers as a sheet, or an error saying why not.
pub fn sheet_of(
    doc: &Document,
    appendix: &Appendix,
    bytes: &[u8],
    path: &Path,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Sheet> {
    let name = crate::diag::display_path(path);
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let unreadable = |diags: &mut Diagnostics, kind: &str, error: String| {
        diags.push(
            Diagnostic::error(t!(
                "survey-file-unreadable",
                name = &name,
                kind = kind,
                error = error
            ))
            .help(t!("survey-file-unreadable-help")),
        );
    };
    if bytes.starts_with(b"%PDF-") || extension == "pdf" {
        let form = match super::read_pdf::read(bytes) {
            Ok(form) => form,
            Err(err) => {
                let error = match err {
                    super::read_pdf::PdfError::NotPdf => t!("survey-pdf-not-pdf"),
                    super::read_pdf::PdfError::Encrypted => t!("survey-pdf-encrypted"),
                    super::read_pdf::PdfError::TooLarge => t!("survey-pdf-too-large"),
                };
                unreadable(diags, "PDF", error);
                return None;
            }
        };
        if !check_identity(doc, appendix, &form, &name, diags) {
            return None;
        }
        return Some(form_sheet(appendix, &form, &name));
    }
    if bytes.starts_with(b"PK\x03\x04") || extension == "docx" || extension == "xlsx" {
        if super::read_office::is_docx(bytes) {
            let form = match super::read_office::read_docx(bytes) {
                Ok(form) => form,
                Err(error) => {
                    unreadable(diags, "DOCX", error.to_string());
                    return None;
                }
            };
            if !check_identity(doc, appendix, &form, &name, diags) {
                return None;
            }
            return Some(form_sheet(appendix, &form, &name));
        }
        let rows = match super::read_office::read_xlsx(bytes) {
            Ok(rows) => rows,
            Err(error) => {
                unreadable(diags, "XLSX", error.to_string());
                return None;
            }
        };
        let mut rows = rows.into_iter();
        let Some(header) = rows.next().filter(|h| !h.is_empty()) else {
            diags.push(
                Diagnostic::error(t!("survey-empty", name = &name)).help(t!("survey-empty-help")),
            );
            return None;
        };
        let width = header.len();
        let rows = rows
            .enumerate()
            .map(|(i, mut cells)| {
                // A sheet leaves trailing empty cells out; pad to the header.
                if cells.len() < width {
                    cells.resize(width, String::new());
                }
                SheetRow {
                    line: i as u64 + 2,
                    cells: Ok(cells),
                }
            })
            .collect();
        return Some(Sheet {
            name,
            header,
            rows,
            lines: None,
            form: false,
        });
    }
    csv_bytes_sheet(bytes, path, sources, diags)
}
