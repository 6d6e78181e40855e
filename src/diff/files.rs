//! The files `charter diff` writes, per format: the redline (DOCX, PDF), the
//! 修订对照表, the 修正案; text and JSON go to standard output without -o.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::{Diff, Options};
use crate::backend::pdf::{Output, Standard};
use crate::backend::{Backends, RedlineMode};
use crate::diag::{Diagnostics, SourceMap};
use crate::document::Document;

/// What a comparison's formats became.
pub enum Written {
    /// Files to write, with their paths.
    Files(Vec<(PathBuf, Vec<u8>)>),
    /// Printed to standard output; whether that worked.
    Printed(bool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Changes grouped by section (coloured on a terminal)
    Text,
    /// The stable schema of docs/diff.md
    Json,
    /// The new version with tracked changes (w:ins / w:del)
    Docx,
    /// Redline: insertions underlined, deletions struck, change bars, a summary page
    Pdf,
    /// The PDF redline's twin as OFD (GB/T 33190)
    Ofd,
    /// 修订对照表 as DOCX and PDF: 序号 | 原条款 | 修订后条款 | 修订说明
    Table,
    /// 修正案 in the statutory style (一、将第五条修改为：“……”): text, or -o X.pdf / X.docx / X.txt
    Amendment,
}

/// The comparison of `old` and `new` (of the organisation in `org_folder`)
/// in `format`, to `output` or its default path under out/.
pub fn outputs(
    (old, new, org_folder): (&Document, &Document, &str),
    diff: &Diff,
    options: Options,
    (format, output, backends): (DiffFormat, Option<&Path>, &Backends),
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Written> {
    let stem = |suffix: &str| {
        PathBuf::from("out")
            .join(org_folder)
            .join(format!("{}-{suffix}", new.id))
    };
    let redline = || super::redline::build(old, new, diff, options);
    let date = new.approval.as_ref().map(|a| a.date);
    let outputs: Option<Vec<(PathBuf, Vec<u8>)>> = match format {
        DiffFormat::Text | DiffFormat::Json => {
            let bytes = if format == DiffFormat::Text {
                let colour = output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none();
                super::output::to_text(diff, colour).into_bytes()
            } else {
                let mut bytes = serde_json::to_vec_pretty(diff).unwrap_or_default();
                bytes.push(b'\n');
                bytes
            };
            match output {
                Some(path) => Some(vec![(path.to_path_buf(), bytes)]),
                None => {
                    use std::io::Write;
                    return Some(Written::Printed(
                        std::io::stdout().write_all(&bytes).is_ok(),
                    ));
                }
            }
        }
        DiffFormat::Docx => {
            let path = output
                .map(Path::to_path_buf)
                .unwrap_or_else(|| stem("diff").with_extension("docx"));
            backends
                .redline_docx(new, &redline(), RedlineMode::Redline, diags)
                .map(|bytes| vec![(path, bytes)])
        }
        DiffFormat::Pdf | DiffFormat::Ofd => {
            let (extension, to) = match format {
                DiffFormat::Ofd => ("ofd", Output::Ofd),
                _ => ("pdf", Output::Pdf(Standard::Pdf17)),
            };
            let path = output
                .map(Path::to_path_buf)
                .unwrap_or_else(|| stem("diff").with_extension(extension));
            let mode = (RedlineMode::Redline, to);
            backends
                .redline_pdf(&redline(), mode, date, sources, diags)
                .map(|bytes| vec![(path, bytes)])
        }
        DiffFormat::Amendment => {
            let amendment = crate::amendment::write::amendment(old, new, diff);
            match crate::amendment::run::outputs(
                &amendment,
                new,
                output,
                (backends, date, sources),
                diags,
            ) {
                Ok(outputs) => outputs,
                Err(printed) => return Some(Written::Printed(printed)),
            }
        }
        DiffFormat::Table => {
            // Both a DOCX and a PDF, or the one the -o extension names.
            let table = output
                .map(Path::to_path_buf)
                .unwrap_or_else(|| stem("修订对照表"));
            let extension = table
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase());
            let redline = redline();
            let docx = (extension.as_deref() != Some("pdf")).then(|| {
                backends
                    .redline_docx(new, &redline, RedlineMode::Table, diags)
                    .map(|bytes| (table.with_extension("docx"), bytes))
            });
            let pdf = (extension.as_deref() != Some("docx")).then(|| {
                backends
                    .redline_pdf(
                        &redline,
                        (RedlineMode::Table, Output::Pdf(Standard::Pdf17)),
                        date,
                        sources,
                        diags,
                    )
                    .map(|bytes| (table.with_extension("pdf"), bytes))
            });
            docx.into_iter().chain(pdf).collect()
        }
    };
    outputs.map(Written::Files)
}
