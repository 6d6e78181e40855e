//! A volume's outputs: every regulation of an organisation in one PDF
//! (templates/volume.typ, one Typst compile: its 目录 reads the printed page
//! numbers from the layout itself) and one DOCX (whose 目录 carries the page
//! numbers of that layout).

use std::path::PathBuf;

use crate::backend::pdf::{self, PdfJob, VOLUME_PATH, fits_typeset, logo_at};
use crate::backend::{Backends, Format, docx, glyphs};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::document::Document;

/// What a volume binds.
pub struct Volume {
    /// On the cover, e.g. 规章制度汇编.
    pub title: String,
    /// On the cover, as printed (2026年1月1日).
    pub date: Option<String>,
    /// Cover logo.
    pub logo: Option<PathBuf>,
    /// The regulations in order, each without a cover of its own.
    pub charters: Vec<Document>,
}

/// A rendered volume.
pub struct Bound {
    pub files: Vec<(Format, Vec<u8>)>,
    /// The printed number of each regulation's first page.
    pub first_pages: Vec<usize>,
}

impl Backends {
    /// Renders `volume` in `formats` (PDF, DOCX). The DOCX's 目录 takes its
    /// page numbers from the PDF's layout, so the PDF is laid out either way
    /// (and exported only when asked for).
    pub fn volume(
        &self,
        volume: &Volume,
        formats: &[Format],
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Bound> {
        // One compile typesets every regulation: the limit of one PDF holds
        // for the whole volume, so a huge one fails alone with a message.
        let size: usize = volume
            .charters
            .iter()
            .map(|d| pdf::typeset_weight(&d.reading_order()))
            .sum();
        if !fits_typeset(
            size,
            &t!("volume-what"),
            &t!("volume-typeset-remedy"),
            diags,
        ) {
            return None;
        }
        let formal = self.template("formal", diags)?;
        let plain = self.template("plain", diags)?;
        let volume_template = self.template("volume", diags)?;
        let engine = self.pdf_engine();
        let mut values = Vec::new();
        let mut themes = Vec::new();
        let mut failed = false;
        for doc in &volume.charters {
            let own = self.template(&doc.layout.template, diags);
            let set_in = match doc.layout.template.as_str() {
                "plain" => &plain,
                "formal" => &formal,
                other => {
                    diags.push(
                        Diagnostic::warning(t!(
                            "volume-own-template",
                            source = &doc.source,
                            template = other
                        ))
                        .help(t!("volume-own-template-help")),
                    );
                    &formal
                }
            };
            themes.push(
                own.map(|t| t.theme.clone())
                    .unwrap_or_else(|| set_in.theme.clone()),
            );
            for warning in glyphs::check(doc, &set_in.theme, engine.fonts(), sources) {
                diags.push(warning);
            }
            match engine.document_value(doc, set_in, diags) {
                Some((value, _)) => values.push(value),
                None => failed = true,
            }
        }
        if failed {
            return None;
        }
        let org = &volume.charters.first()?.org;
        let logo = volume.logo.as_deref().map(logo_at);
        let data = serde_json::json!({
            "title": volume.title,
            "date": volume.date,
            "org": {
                "name": org.name,
                "name_en": org.name_en,
                "logo": logo.as_ref().map(|(virtual_path, _)| virtual_path),
            },
            "charters": values,
        });
        let job = PdfJob {
            data: serde_json::to_vec(&data).unwrap_or_default(),
            data_path: VOLUME_PATH,
            ident: format!("{}/volume/{}", org.name, volume.title),
            date: volume
                .charters
                .iter()
                .filter_map(|d| d.approval.as_ref().map(|a| a.date))
                .max(),
            logo,
            number: None,
        };
        // PDF and OFD from the one layout; a DOCX alone exports neither.
        let outputs: Vec<pdf::Output> = formats
            .iter()
            .filter_map(|f| match f {
                Format::Pdf => Some(pdf::Output::Pdf(pdf::Standard::Pdf17)),
                Format::Ofd => Some(pdf::Output::Ofd),
                _ => None,
            })
            .collect();
        let (mut laid_out, starts) =
            engine.render_volume(job, &volume_template, &outputs, sources, diags)?;
        laid_out.reverse();
        let first = starts.first().copied().unwrap_or(1);
        let first_pages: Vec<usize> = starts.iter().map(|s| s + 1 - first).collect();
        if first_pages.len() != volume.charters.len() {
            diags.push(
                Diagnostic::error(t!(
                    "volume-template-marks",
                    marked = first_pages.len(),
                    count = volume.charters.len()
                ))
                .help(t!("volume-template-marks-help")),
            );
            return None;
        }
        let mut files = Vec::new();
        for format in formats {
            match format {
                Format::Pdf | Format::Ofd => files.push((*format, laid_out.pop()?)),
                Format::Docx => {
                    let themes: Vec<_> = themes.iter().collect();
                    let bytes = docx::render_volume(volume, &themes, &first_pages, diags)?;
                    files.push((Format::Docx, bytes));
                }
                Format::Json => {}
            }
        }
        Some(Bound { files, first_pages })
    }
}
