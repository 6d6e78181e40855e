//! Backends: a resolved document (or a redline, or a tally) in, PDF, DOCX or
//! JSON out, through one entry point, [`Backends`].
//!
//! Backends read the resolved document, the redline model and the layout
//! theme only, never the TOML source or the stages that made the document;
//! `tests/architecture.rs` keeps it so.

pub mod docx;
pub mod fonts;
pub mod glyphs;
pub mod grid;
pub mod layout;
pub mod ofd;
pub mod pdf;
pub mod volume;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::diag::{Diagnostics, SourceMap};
use crate::document::Document;
use crate::manifest::Fingerprint;
use crate::redline::Redline;
use crate::sandbox::Sandbox;
use fonts::{FontOptions, FontSet};
use layout::{Root, Template, Theme};
use pdf::{Output, PdfEngine, PdfJob, Standard};

/// An output format of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    Pdf,
    Docx,
    Json,
    /// OFD (GB/T 33190-2016), from the PDF's layout
    Ofd,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Json => "json",
            Format::Ofd => "ofd",
        }
    }
}

/// What a redline output shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedlineMode {
    /// The new text with the changes marked.
    Redline,
    /// The 修订对照表: 序号 | 原条款 | 修订后条款 | 修订说明.
    Table,
}

/// How PDFs are made: extra font folders and the standard to meet.
#[derive(Clone, Debug)]
pub struct Options {
    pub font_paths: Vec<PathBuf>,
    pub standard: Standard,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            font_paths: Vec::new(),
            standard: Standard::Pdf17,
        }
    }
}

/// A template located once per run: the template, or why not.
type Located = (Option<Arc<Template>>, Diagnostics);

/// The backends of a run: one font set, one Typst engine and one template
/// cache, shared by every thread and every document.
pub struct Backends {
    /// Templates named by path must lie inside it.
    pub sandbox: Sandbox,
    options: Options,
    fonts: OnceLock<Arc<FontSet>>,
    pdf: OnceLock<PdfEngine>,
    templates: Mutex<HashMap<String, Located>>,
    template_fingerprints: Mutex<HashMap<String, String>>,
}

impl Backends {
    pub fn new(sandbox: &Sandbox, options: Options) -> Self {
        Self {
            sandbox: sandbox.clone(),
            options,
            fonts: OnceLock::new(),
            pdf: OnceLock::new(),
            templates: Mutex::new(HashMap::new()),
            template_fingerprints: Mutex::new(HashMap::new()),
        }
    }

    pub fn fonts(&self) -> &Arc<FontSet> {
        self.fonts.get_or_init(|| {
            Arc::new(FontSet::new(&FontOptions {
                paths: self.options.font_paths.clone(),
                no_system: false,
            }))
        })
    }

    fn pdf_engine(&self) -> &PdfEngine {
        self.pdf
            .get_or_init(|| PdfEngine::new(self.fonts().clone()))
    }

    /// The template `spec` names (`formal`, `plain`, `redline`, a path),
    /// located once per run.
    pub fn template(&self, spec: &str, diags: &mut Diagnostics) -> Option<Arc<Template>> {
        let (template, problems) = self
            .templates
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(spec.to_string())
            .or_insert_with(|| {
                let mut problems = Diagnostics::new();
                let template = layout::locate(spec, &self.sandbox, None, &mut problems);
                (template.map(Arc::new), problems)
            })
            .clone();
        diags.extend(problems);
        template
    }

    /// The theme of a document's template; the default theme when the
    /// template cannot be found (its error is reported by the PDF).
    pub fn theme(&self, spec: &str) -> Theme {
        self.template(spec, &mut Diagnostics::new())
            .map(|t| t.theme.clone())
            .unwrap_or_else(layout::default_theme)
    }

    /// Renders `doc` in every format of `formats`, the missing-glyph check
    /// included; `None` when one failed (then nothing should be written).
    pub fn document(
        &self,
        doc: &Document,
        formats: &[Format],
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<(Format, Vec<u8>)>> {
        // PDF and OFD from one layout.
        let outputs: Vec<Output> = formats
            .iter()
            .filter_map(|f| match f {
                Format::Pdf => Some(Output::Pdf(self.options.standard)),
                Format::Ofd => Some(Output::Ofd),
                _ => None,
            })
            .collect();
        let mut laid_out = if outputs.is_empty() {
            Vec::new()
        } else {
            self.pdf(doc, &outputs, sources, diags)?
        };
        laid_out.reverse();
        let mut rendered = Vec::new();
        for format in formats {
            let bytes = match format {
                Format::Json => Some(json_bytes(doc)),
                Format::Pdf | Format::Ofd => laid_out.pop(),
                Format::Docx => {
                    let theme = &self.template(&doc.layout.template, diags)?.theme;
                    docx::render(doc, theme, diags)
                }
            };
            rendered.push((*format, bytes?));
        }
        Some(rendered)
    }

    fn pdf(
        &self,
        doc: &Document,
        outputs: &[Output],
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Vec<u8>>> {
        let template = self.template(&doc.layout.template, diags)?;
        let engine = self.pdf_engine();
        for warning in glyphs::check(doc, &template.theme, engine.fonts(), sources) {
            diags.push(warning);
        }
        let mut messages = Diagnostics::new();
        let bytes = engine.render(doc, &template, outputs, sources, &mut messages);
        for d in messages.list {
            diags.push(d.note(t!("pdf-while-building", source = &doc.source)));
        }
        bytes
    }

    /// The pages of `doc` as SVG, from the same template and data as its
    /// PDF (the studio's live preview); missing glyphs are warned about.
    pub fn preview(
        &self,
        doc: &Document,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<(u128, std::sync::Arc<str>)>> {
        let template = self.template(&doc.layout.template, diags)?;
        let engine = self.pdf_engine();
        for warning in glyphs::check(doc, &template.theme, engine.fonts(), sources) {
            diags.push(warning);
        }
        engine.render_svg(doc, &template, sources, diags)
    }

    /// Compiles data other than a charter (a tally, a redline) with one of
    /// the built-in templates.
    pub fn data_pdf(
        &self,
        template: &str,
        job: PdfJob,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        self.data_file(template, job, Output::Pdf(Standard::Pdf17), sources, diags)
    }

    /// [`Backends::data_pdf`] as `output` (PDF or OFD).
    pub fn data_file(
        &self,
        template: &str,
        job: PdfJob,
        output: Output,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        // The data is what the template typesets: a tally lists every
        // written answer, a redline both versions. Measured before layout.
        let remedy = match template {
            "tally" => t!("pdf-tally-remedy"),
            _ => t!("pdf-redline-remedy"),
        };
        let data: serde_json::Value = serde_json::from_slice(&job.data).unwrap_or_default();
        if !pdf::fits_typeset(pdf::json_weight(&data), &job.ident, &remedy, diags) {
            return None;
        }
        let template = self.template(template, diags)?;
        self.pdf_engine()
            .render_outputs(job, &template, &[output], sources, diags)?
            .pop()
    }

    /// The redline or the 修订对照表 as a PDF or OFD (templates/redline.typ).
    pub fn redline_pdf(
        &self,
        redline: &Redline,
        (mode, output): (RedlineMode, Output),
        date: Option<crate::zh::Date>,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        #[derive(serde::Serialize)]
        struct Page<'a> {
            mode: &'static str,
            heading: &'static str,
            #[serde(flatten)]
            redline: &'a Redline,
        }
        let (mode, heading) = match mode {
            RedlineMode::Redline => ("redline", "修订对照（红线稿）"),
            RedlineMode::Table => ("table", "修订对照表"),
        };
        let job = PdfJob {
            data: serde_json::to_vec(&Page {
                mode,
                heading,
                redline,
            })
            .unwrap_or_default(),
            data_path: pdf::REDLINE_PATH,
            ident: format!("{}/{}/diff/{mode}", redline.org, redline.title),
            date,
            logo: None,
            number: None,
        };
        self.data_file("redline", job, output, sources, diags)
    }

    /// A 修正案 as a PDF (templates/amendment.typ), its texts as data.
    pub fn amendment_pdf(
        &self,
        amendment: &crate::amendment::Amendment,
        org: &str,
        date: Option<crate::zh::Date>,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let data = serde_json::json!({
            "title": amendment.title,
            "note": amendment.note,
            "org": org,
            "paragraphs": amendment.paragraphs(),
        });
        let job = PdfJob {
            data: serde_json::to_vec(&data).unwrap_or_default(),
            data_path: pdf::AMENDMENT_PATH,
            ident: format!("{org}/{}", amendment.title),
            date,
            logo: None,
            number: None,
        };
        self.data_pdf("amendment", job, sources, diags)
    }

    /// A 修正案 as a DOCX in the theme's fonts and page.
    pub fn amendment_docx(
        &self,
        doc: &Document,
        amendment: &crate::amendment::Amendment,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let theme = self.theme(&doc.layout.template);
        docx::render_amendment(doc, amendment, &theme, diags)
    }

    /// `doc`, the new version, with the redline's changes tracked, or the
    /// 修订对照表 alone, as a DOCX.
    pub fn redline_docx(
        &self,
        doc: &Document,
        redline: &Redline,
        mode: RedlineMode,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let theme = self.theme(&doc.layout.template);
        match mode {
            RedlineMode::Redline => docx::render_with(doc, &theme, Some(redline), diags),
            RedlineMode::Table => docx::render_change_table(doc, &theme, redline, diags),
        }
    }

    /// What every document of the run shares: the program, the options and,
    /// for PDF, the fonts available.
    pub fn run_key(&self, formats: &[Format]) -> String {
        let mut f = Fingerprint::new();
        f.add("version", env!("CARGO_PKG_VERSION").as_bytes());
        if let Ok(exe) = std::env::current_exe() {
            f.add_file_stamp(&exe);
        }
        let names: Vec<&str> = formats.iter().map(|x| x.extension()).collect();
        f.add("formats", names.join(",").as_bytes());
        f.add(
            "standard",
            format!("{:?}", self.options.standard).as_bytes(),
        );
        if formats.contains(&Format::Pdf) || formats.contains(&Format::Ofd) {
            for (family, _, origin) in self.fonts().list() {
                f.add("font", format!("{family} {origin}").as_bytes());
                if let fonts::Origin::File(path) | fonts::Origin::System(path) = origin {
                    f.add_file_stamp(&path);
                }
            }
        }
        f.finish()
    }

    /// The template's files: all of its folder for a template on disk.
    pub fn template_fingerprint(&self, spec: &str) -> String {
        if let Some(found) = self
            .template_fingerprints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(spec)
        {
            return found.clone();
        }
        let mut f = Fingerprint::new();
        f.add("template", spec.as_bytes());
        for file in self.template_files(spec) {
            f.add_file(&file);
        }
        let value = f.finish();
        self.template_fingerprints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(spec.to_string(), value.clone());
        value
    }

    /// The files of a template on disk (none for a built-in one).
    fn template_files(&self, spec: &str) -> Vec<PathBuf> {
        let Some(template) = self.template(spec, &mut Diagnostics::new()) else {
            return Vec::new();
        };
        let Root::Dir(dir) = &template.root else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| crate::sandbox::check_file(p, crate::sandbox::IMAGE_LIMIT).is_ok())
            .collect();
        files.sort();
        files
    }

    /// Every file a document was made from: its `sources` (charter, models,
    /// org files), the logo and the template's files. No output may be
    /// written over one of them.
    pub fn inputs(&self, doc: &Document, sources: &[PathBuf]) -> Vec<PathBuf> {
        let mut inputs = sources.to_vec();
        inputs.extend(doc.org.logo.as_ref().map(PathBuf::from));
        inputs.extend(self.template_files(&doc.layout.template));
        inputs
    }
}

/// The resolved document as JSON, as `--format json` writes it.
pub fn json_bytes(document: &Document) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `stem.<extension>` for each rendered format.
pub fn named(stem: &Path, rendered: Vec<(Format, Vec<u8>)>) -> Vec<(PathBuf, Vec<u8>)> {
    rendered
        .into_iter()
        .map(|(format, bytes)| (stem.with_extension(format.extension()), bytes))
        .collect()
}
