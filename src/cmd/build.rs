//! `charter build`: resolve charters and write their outputs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::{BuildArgs, Format};
use crate::cmd::Reporter;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::discover::discover;
use crate::document::Document;
use crate::fonts::FontSet;
use crate::output::write_atomic;
use crate::pdf::{PdfEngine, Standard};
use crate::pipeline::{Outcome, Pipeline, Resolved};
use crate::template::Template;

pub fn run(args: &BuildArgs) -> i32 {
    let started = std::time::Instant::now();
    let pipeline = Pipeline::new(args.org.clone());
    let mut reporter = Reporter::new(args.quiet);
    let mut diags = Diagnostics::new();
    let jobs = discover(&args.paths, &mut diags);
    reporter.report(&mut diags, &pipeline.sources);
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let mut backends = Backends::new(args);

    let (mut built, mut failed) = (0, 0);
    let mut claimed: HashMap<PathBuf, PathBuf> = HashMap::new();
    for job in &jobs {
        let mut diags = Diagnostics::new();
        if let Outcome::Resolved(resolved) = pipeline.resolve(job, &mut diags) {
            let stem = args
                .output
                .join(&resolved.org_folder)
                .join(&resolved.document.id);
            if let Some(other) = claimed.insert(stem.clone(), job.path.clone()) {
                diags.push(
                    Diagnostic::error(format!(
                        "{} and {} both write {}.*",
                        other.display(),
                        job.path.display(),
                        stem.display()
                    ))
                    .help("give one of them another id in [charter], or move it into its organisation's own folder"),
                );
                failed += 1;
            } else {
                let outputs =
                    backends.render(&resolved, &stem, &formats, &pipeline.sources, &mut diags);
                if outputs.is_some_and(|outputs| write_all(outputs, &mut diags)) {
                    built += 1;
                } else {
                    failed += 1;
                }
            }
        } else if diags.has_errors() {
            failed += 1;
        }
        reporter.report(&mut diags, &pipeline.sources);
    }
    if !args.quiet {
        eprintln!(
            "built {built}, failed {failed} in {:.2} s ({} warnings)",
            started.elapsed().as_secs_f64(),
            reporter.warnings
        );
    }
    i32::from(failed > 0 || reporter.errors > 0)
}

/// The output backends of a run, created on first use and shared by every document.
pub struct Backends {
    font_paths: Vec<PathBuf>,
    standard: Standard,
    pdf: Option<PdfEngine>,
    templates: HashMap<String, Result<Arc<Template>, Box<Diagnostic>>>,
}

impl Backends {
    pub fn new(args: &BuildArgs) -> Self {
        Self {
            font_paths: args.font_path.clone(),
            standard: args.pdf_standard,
            pdf: None,
            templates: HashMap::new(),
        }
    }

    fn template(&mut self, spec: &str) -> Result<Arc<Template>, Box<Diagnostic>> {
        self.templates
            .entry(spec.to_string())
            .or_insert_with(|| crate::template::locate(spec).map(Arc::new))
            .clone()
    }

    fn pdf_engine(&mut self) -> &PdfEngine {
        let paths = self.font_paths.clone();
        self.pdf.get_or_insert_with(|| {
            let fonts = FontSet::new(&crate::fonts::FontOptions {
                paths,
                no_system: false,
            });
            PdfEngine::new(Arc::new(fonts))
        })
    }

    /// Renders every format; `None` when one failed (then nothing is written,
    /// so the previous outputs stay).
    pub fn render(
        &mut self,
        resolved: &Resolved,
        stem: &Path,
        formats: &[Format],
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<(PathBuf, Vec<u8>)>> {
        let doc = &resolved.document;
        let mut rendered = Vec::new();
        for format in formats {
            let bytes = match format {
                Format::Json => Some(json_bytes(doc)),
                Format::Pdf => self.pdf(doc, sources, diags),
                Format::Docx => self.docx(doc, diags),
            };
            rendered.push((stem.with_extension(format.extension()), bytes?));
        }
        Some(rendered)
    }

    fn docx(&mut self, doc: &Document, diags: &mut Diagnostics) -> Option<Vec<u8>> {
        let template = match self.template(&doc.layout.template) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d.note(format!("in {}", doc.source)));
                return None;
            }
        };
        match crate::docx::render(doc, &template.theme) {
            Ok(bytes) => Some(bytes),
            Err(message) => {
                diags.push(
                    Diagnostic::error(format!(
                        "cannot write the DOCX of {}: {message}",
                        doc.source
                    ))
                    .help("this is a bug in charter; please report it with the charter file"),
                );
                None
            }
        }
    }

    fn pdf(
        &mut self,
        doc: &Document,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let template = match self.template(&doc.layout.template) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d.note(format!("in {}", doc.source)));
                return None;
            }
        };
        let standard = self.standard;
        let engine = self.pdf_engine();
        for warning in crate::glyphs::check(doc, &template.theme, engine.fonts(), sources) {
            diags.push(warning);
        }
        let (bytes, messages) = engine.render(doc, &template, standard, sources);
        for d in messages {
            diags.push(d.note(format!("while building {}", doc.source)));
        }
        bytes
    }
}

fn write_all(outputs: Vec<(PathBuf, Vec<u8>)>, diags: &mut Diagnostics) -> bool {
    for (path, bytes) in outputs {
        if let Err(err) = write_atomic(&path, &bytes) {
            diags.push(
                Diagnostic::error(format!("cannot write {}: {err}", path.display()))
                    .help("check that the output folder is writable (-o DIR to choose another)"),
            );
            return false;
        }
    }
    true
}

pub fn json_bytes(document: &Document) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
