//! `charter build`: resolve charters and write their outputs, in parallel,
//! skipping documents whose inputs have not changed since the last build.
//!
//! Phases: resolve every charter and fingerprint its inputs (parallel);
//! claim output paths (serial, to catch two charters writing one file);
//! render and write what changed (parallel); report in discovery order and
//! update the manifest.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{BuildArgs, Format};
use crate::cmd::Reporter;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::discover::{Job, discover};
use crate::document::Document;
use crate::fonts::{FontOptions, FontSet};
use crate::manifest::{Entry, Fingerprint, Manifest, relative_key};
use crate::output::{overwritten_input, write_all_or_nothing};
use crate::pdf::{PdfEngine, Standard};
use crate::pipeline::{Outcome, Pipeline, Resolved};
use crate::sandbox::Sandbox;
use crate::template::{Root, Template};

/// What became of one charter.
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Model,
    Failed,
    /// Same fingerprint as last time, outputs present.
    Fresh,
    Pending,
    Built,
}

struct Task<'a> {
    job: &'a Job,
    diags: Diagnostics,
    resolved: Option<Box<Resolved>>,
    /// Output stem relative to the output folder: `qingshan/articles`.
    key: String,
    fingerprint: String,
    state: State,
}

/// Counts of a build, for the summary line and for `watch`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub built: usize,
    pub unchanged: usize,
    pub failed: usize,
}

pub fn run(args: &BuildArgs, sandbox: &Sandbox) -> i32 {
    let (status, _) = build(args, &Backends::new(args, sandbox));
    status
}

/// One build; `watch` calls it again and again with fresh backends.
pub fn build(args: &BuildArgs, backends: &Backends) -> (i32, Summary) {
    let started = Instant::now();
    let pipeline = Pipeline::new(args.org.clone(), &backends.sandbox);
    let sources = &pipeline.sources;
    let mut reporter = Reporter::new(args.quiet);
    let mut diags = Diagnostics::new();
    let mut jobs = discover(&args.paths, &mut diags);
    if let Some(shard) = args.shard {
        jobs.retain(|job| shard.contains(&relative_key(&job.path, &job.root)));
    }
    reporter.report(&mut diags, sources);
    let threads = crate::parallel::threads(args.jobs);
    let manifest = if args.force {
        Manifest::default()
    } else {
        Manifest::load(&args.output)
    };
    let run_key = backends.run_key();

    // Resolve and fingerprint every charter.
    let mut tasks: Vec<Task> = crate::parallel::map(threads, &jobs, |job| {
        prepare(job, &pipeline, backends, &run_key, &args.output, &manifest)
    });

    // Two charters must not write the same files.
    let mut claimed: HashMap<String, PathBuf> = HashMap::new();
    for task in tasks
        .iter_mut()
        .filter(|t| matches!(t.state, State::Pending | State::Fresh))
    {
        if let Some(other) = claimed.insert(task.key.clone(), task.job.path.clone()) {
            task.diags.push(
                Diagnostic::error(format!(
                    "{} and {} both write {}.*",
                    other.display(),
                    task.job.path.display(),
                    args.output.join(&task.key).display()
                ))
                .help("give one of them another id in [charter], or move it into its organisation's own folder"),
            );
            task.state = State::Failed;
        }
    }

    let pending = tasks.iter().filter(|t| t.state == State::Pending).count();
    let folders: std::collections::BTreeSet<PathBuf> = tasks
        .iter()
        .filter(|t| t.state == State::Pending)
        .filter_map(|t| args.output.join(&t.key).parent().map(Path::to_path_buf))
        .collect();
    for folder in folders {
        crate::output::remove_stale_temporaries(&folder);
    }
    let progress = Progress::new(pending as u64, args.quiet);
    let pending_tasks: Vec<Mutex<&mut Task>> = tasks
        .iter_mut()
        .filter(|t| t.state == State::Pending)
        .map(Mutex::new)
        .collect();
    crate::parallel::map(threads, &pending_tasks, |slot| {
        let mut task = slot.lock().unwrap_or_else(|e| e.into_inner());
        let task = &mut **task;
        let Some(resolved) = task.resolved.as_deref() else {
            task.state = State::Failed;
            return;
        };
        let stem = args.output.join(&task.key);
        let inputs = backends.inputs(resolved);
        let written = backends
            .render(resolved, &stem, sources, &mut task.diags)
            .is_some_and(|outputs| write_all(outputs, &inputs, &mut task.diags));
        task.state = if written { State::Built } else { State::Failed };
        progress.done(&task.job.path, written);
    });
    drop(pending_tasks);
    progress.finish();

    let mut summary = Summary::default();
    let mut changes = std::collections::BTreeMap::new();
    for task in &mut tasks {
        match task.state {
            State::Built => {
                summary.built += 1;
                let outputs = backends
                    .formats
                    .iter()
                    .map(|f| format!("{}.{}", task.key, f.extension()))
                    .collect();
                changes.insert(
                    task.key.clone(),
                    Some(Entry {
                        fingerprint: task.fingerprint.clone(),
                        outputs,
                    }),
                );
            }
            State::Fresh => summary.unchanged += 1,
            State::Failed => {
                summary.failed += 1;
                if !task.key.is_empty() {
                    changes.insert(task.key.clone(), None);
                }
            }
            State::Model | State::Pending => {}
        }
        reporter.report(&mut task.diags, sources);
    }
    if !changes.is_empty()
        && let Err(err) = Manifest::update(&args.output, &changes)
    {
        eprintln!(
            "warning: cannot write the build manifest in {}: {err}; the next build rebuilds everything",
            args.output.display()
        );
    }
    if !args.quiet {
        eprintln!(
            "built {}, unchanged {}, failed {} in {:.2} s ({} warnings)",
            summary.built,
            summary.unchanged,
            summary.failed,
            started.elapsed().as_secs_f64(),
            reporter.warnings
        );
    }
    let status = i32::from(summary.failed > 0 || reporter.errors > 0);
    (status, summary)
}

/// Resolves a charter and decides whether it must be built.
fn prepare<'a>(
    job: &'a Job,
    pipeline: &Pipeline,
    backends: &Backends,
    run_key: &str,
    output: &Path,
    manifest: &Manifest,
) -> Task<'a> {
    let mut diags = Diagnostics::new();
    let mut task = Task {
        job,
        diags: Diagnostics::new(),
        resolved: None,
        key: String::new(),
        fingerprint: String::new(),
        state: State::Failed,
    };
    match pipeline.resolve(job, &mut diags) {
        Outcome::Model => task.state = State::Model,
        Outcome::Failed => task.state = State::Failed,
        Outcome::Resolved(resolved) => {
            task.key = format!("{}/{}", resolved.org_folder, resolved.document.id);
            task.fingerprint = backends.fingerprint(&resolved, run_key);
            task.state = if manifest.is_fresh(output, &task.key, &task.fingerprint) {
                State::Fresh
            } else {
                State::Pending
            };
            task.resolved = Some(resolved);
        }
    }
    task.diags = diags;
    task
}

/// One line per charter when not on a terminal, a bar when on one; nothing with -q.
struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
}

impl Progress {
    fn new(total: u64, quiet: bool) -> Self {
        use std::io::IsTerminal;
        if quiet || total == 0 {
            return Self {
                bar: None,
                plain: false,
            };
        }
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total);
            if let Ok(style) =
                ProgressStyle::with_template("{elapsed_precise} [{bar:32}] {pos}/{len} {msg}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            Self {
                bar: Some(bar),
                plain: false,
            }
        } else {
            Self {
                bar: None,
                plain: true,
            }
        }
    }

    fn done(&self, path: &Path, ok: bool) {
        let word = if ok { "built" } else { "failed" };
        match &self.bar {
            Some(bar) => {
                bar.set_message(format!("{word} {}", path.display()));
                bar.inc(1);
            }
            None if self.plain => eprintln!("{word} {}", path.display()),
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A template found by name or path, or why not.
type Located = Result<Arc<Template>, Box<Diagnostic>>;

/// The output backends of a run: one font set, one Typst engine and one
/// template cache, shared by every thread.
pub struct Backends {
    /// Templates named by path must lie inside it.
    pub sandbox: Sandbox,
    font_paths: Vec<PathBuf>,
    standard: Standard,
    formats: Vec<Format>,
    fonts: OnceLock<Arc<FontSet>>,
    pdf: OnceLock<PdfEngine>,
    templates: Mutex<HashMap<String, Located>>,
    template_fingerprints: Mutex<HashMap<String, String>>,
}

impl Backends {
    pub fn new(args: &BuildArgs, sandbox: &Sandbox) -> Self {
        let mut formats = args.format.clone();
        formats.sort();
        formats.dedup();
        Self {
            sandbox: sandbox.clone(),
            font_paths: args.font_path.clone(),
            standard: args.pdf_standard,
            formats,
            fonts: OnceLock::new(),
            pdf: OnceLock::new(),
            templates: Mutex::new(HashMap::new()),
            template_fingerprints: Mutex::new(HashMap::new()),
        }
    }

    fn fonts(&self) -> &Arc<FontSet> {
        self.fonts.get_or_init(|| {
            Arc::new(FontSet::new(&FontOptions {
                paths: self.font_paths.clone(),
                no_system: false,
            }))
        })
    }

    fn pdf_engine(&self) -> &PdfEngine {
        self.pdf
            .get_or_init(|| PdfEngine::new(self.fonts().clone()))
    }

    fn template(&self, spec: &str) -> Result<Arc<Template>, Box<Diagnostic>> {
        self.templates
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(spec.to_string())
            .or_insert_with(|| crate::template::locate(spec, &self.sandbox).map(Arc::new))
            .clone()
    }

    /// What every document of the run shares: the program, the options and,
    /// for PDF, the fonts available.
    fn run_key(&self) -> String {
        let mut f = Fingerprint::new();
        f.add("version", env!("CARGO_PKG_VERSION").as_bytes());
        if let Ok(exe) = std::env::current_exe() {
            f.add_file_stamp(&exe);
        }
        let formats: Vec<&str> = self.formats.iter().map(|x| x.extension()).collect();
        f.add("formats", formats.join(",").as_bytes());
        f.add("standard", format!("{:?}", self.standard).as_bytes());
        if self.formats.contains(&Format::Pdf) {
            for (family, _, origin) in self.fonts().list() {
                f.add("font", format!("{family} {origin}").as_bytes());
                if let crate::fonts::Origin::File(path) | crate::fonts::Origin::System(path) =
                    origin
                {
                    f.add_file_stamp(&path);
                }
            }
        }
        f.finish()
    }

    /// The template's files: all of its folder for a template on disk.
    fn template_fingerprint(&self, spec: &str) -> String {
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
        if let Ok(template) = self.template(spec)
            && let Root::Dir(dir) = &template.root
        {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| crate::sandbox::check_file(p, crate::sandbox::IMAGE_LIMIT).is_ok())
                .collect();
            files.sort();
            for file in files {
                f.add_file(&file);
            }
        }
        let value = f.finish();
        self.template_fingerprints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(spec.to_string(), value.clone());
        value
    }

    /// Every input of one document: its sources through `extends`, its org
    /// files, the template and theme, the logo, the run's key, and the
    /// resolved document itself.
    fn fingerprint(&self, resolved: &Resolved, run_key: &str) -> String {
        let doc = &resolved.document;
        let mut f = Fingerprint::new();
        f.add("run", run_key.as_bytes());
        for input in &resolved.inputs {
            f.add_file(input);
        }
        f.add(
            "template",
            self.template_fingerprint(&doc.layout.template).as_bytes(),
        );
        if let Some(logo) = &doc.org.logo {
            f.add_file(Path::new(logo));
        }
        f.add("document", &serde_json::to_vec(doc).unwrap_or_default());
        f.finish()
    }

    /// Every file a document was made from: its sources, the logo and the
    /// template's files. No output may be written over one of them.
    pub fn inputs(&self, resolved: &Resolved) -> Vec<PathBuf> {
        let mut inputs = resolved.inputs.clone();
        inputs.extend(resolved.document.org.logo.as_ref().map(PathBuf::from));
        if let Ok(template) = self.template(&resolved.document.layout.template)
            && let Root::Dir(dir) = &template.root
        {
            inputs.extend(
                std::fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
        inputs
    }

    /// Renders every format; `None` when one failed (then nothing is written,
    /// so the previous outputs stay).
    pub fn render(
        &self,
        resolved: &Resolved,
        stem: &Path,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<(PathBuf, Vec<u8>)>> {
        let doc = &resolved.document;
        let mut rendered = Vec::new();
        for format in &self.formats {
            let bytes = match format {
                Format::Json => Some(json_bytes(doc)),
                Format::Pdf => self.pdf(doc, sources, diags),
                Format::Docx => self.docx(doc, diags),
            };
            rendered.push((stem.with_extension(format.extension()), bytes?));
        }
        Some(rendered)
    }

    fn docx(&self, doc: &Document, diags: &mut Diagnostics) -> Option<Vec<u8>> {
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

    fn pdf(&self, doc: &Document, sources: &SourceMap, diags: &mut Diagnostics) -> Option<Vec<u8>> {
        let template = match self.template(&doc.layout.template) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d.note(format!("in {}", doc.source)));
                return None;
            }
        };
        let engine = self.pdf_engine();
        for warning in crate::glyphs::check(doc, &template.theme, engine.fonts(), sources) {
            diags.push(warning);
        }
        let (bytes, messages) = engine.render(doc, &template, self.standard, sources);
        for d in messages {
            diags.push(d.note(format!("while building {}", doc.source)));
        }
        bytes
    }
}

/// Writes all of a charter's outputs or none of them.
fn write_all(
    outputs: Vec<(PathBuf, Vec<u8>)>,
    inputs: &[PathBuf],
    diags: &mut Diagnostics,
) -> bool {
    for (path, _) in &outputs {
        if let Some(input) = overwritten_input(path, inputs) {
            diags.push(
                Diagnostic::error(format!(
                    "{} would overwrite {}, an input of this charter",
                    path.display(),
                    input.display()
                ))
                .help("build into another folder with -o DIR"),
            );
            return false;
        }
    }
    match write_all_or_nothing(&outputs) {
        Ok(()) => true,
        Err(err) => {
            diags.push(
                Diagnostic::error(format!("{err}; none of this charter's files were changed"))
                    .help("check that the output folder is writable (-o DIR to choose another)"),
            );
            false
        }
    }
}

pub fn json_bytes(document: &Document) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
