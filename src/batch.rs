//! Batch builds: resolve charters and write their outputs, in parallel,
//! skipping documents whose inputs have not changed since the last build.
//!
//! Phases: resolve every charter and fingerprint its inputs (parallel);
//! claim output paths (serial, to catch two charters writing one file);
//! render and write what changed (parallel); report in discovery order and
//! update the manifest.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::backend::{Backends, Format, named};
use crate::diag::{Diagnostic, Diagnostics, Reporter};
use crate::discover::{Job, discover};
use crate::manifest::{Entry, Fingerprint, Manifest, Shard, relative_key};
use crate::output::{overwritten_input, write_all_or_nothing};
use crate::pipeline::{Outcome, Pipeline, Resolved};

/// What to build, and how.
#[derive(Clone, Debug)]
pub struct Batch {
    /// Charter files or folders; empty: charters/.
    pub paths: Vec<PathBuf>,
    /// Output folder: `<output>/<org-folder>/<charter-id>.<format>`.
    pub output: PathBuf,
    pub formats: Vec<Format>,
    /// `--org FILE`.
    pub org: Option<PathBuf>,
    /// Rebuild even what is unchanged.
    pub force: bool,
    pub quiet: bool,
    /// Worker threads; `None`: one per core.
    pub jobs: Option<usize>,
    pub shard: Option<Shard>,
}

/// Counts of a build, for the summary line and for `watch`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub built: usize,
    pub unchanged: usize,
    pub failed: usize,
}

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

/// One build; `watch` calls it again and again with fresh backends. The
/// exit status is 1 when a charter failed.
pub fn build(batch: &Batch, backends: &Backends) -> (i32, Summary) {
    let started = Instant::now();
    let mut formats = batch.formats.clone();
    formats.sort();
    formats.dedup();
    let pipeline = Pipeline::new(batch.org.clone(), &backends.sandbox);
    let sources = &pipeline.sources;
    let mut reporter = Reporter::new(batch.quiet);
    let mut diags = Diagnostics::new();
    let mut jobs = discover(&batch.paths, &mut diags);
    if let Some(shard) = batch.shard {
        jobs.retain(|job| shard.contains(&relative_key(&job.path, &job.root)));
    }
    reporter.report(&mut diags, sources);
    let threads = crate::parallel::threads(batch.jobs);
    let manifest = if batch.force {
        Manifest::default()
    } else {
        Manifest::load(&batch.output)
    };
    let run_key = backends.run_key(&formats);

    // Resolve and fingerprint every charter.
    let mut tasks: Vec<Task> = crate::parallel::map(threads, &jobs, |job| {
        prepare(job, &pipeline, backends, &run_key, &batch.output, &manifest)
    });
    claim(&mut tasks, &batch.output);

    let pending = tasks.iter().filter(|t| t.state == State::Pending).count();
    let folders: BTreeSet<PathBuf> = tasks
        .iter()
        .filter(|t| t.state == State::Pending)
        .filter_map(|t| batch.output.join(&t.key).parent().map(Path::to_path_buf))
        .collect();
    for folder in folders {
        crate::output::remove_stale_temporaries(&folder);
    }
    let progress = Progress::new(pending as u64, batch.quiet);
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
        let doc = &resolved.document;
        let inputs = backends.inputs(doc, &resolved.inputs);
        let written = backends
            .document(doc, &formats, sources, &mut task.diags)
            .is_some_and(|rendered| {
                let outputs = named(&batch.output.join(&task.key), rendered);
                write_all(outputs, &inputs, &mut task.diags)
            });
        task.state = if written { State::Built } else { State::Failed };
        progress.done(&task.job.path, written);
    });
    drop(pending_tasks);
    progress.finish();

    let mut summary = Summary::default();
    let mut changes = BTreeMap::new();
    for task in &mut tasks {
        match task.state {
            State::Built => {
                summary.built += 1;
                let outputs = formats
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
        && let Err(err) = Manifest::update(&batch.output, &changes)
    {
        eprintln!(
            "{}",
            t!(
                "build-manifest-unwritable",
                folder = batch.output.display().to_string(),
                error = err.to_string()
            )
        );
    }
    if !batch.quiet {
        eprintln!(
            "{}",
            t!(
                "build-summary",
                built = summary.built,
                unchanged = summary.unchanged,
                failed = summary.failed,
                seconds = format!("{:.2}", started.elapsed().as_secs_f64()),
                warnings = reporter.warnings
            )
        );
    }
    let status = i32::from(summary.failed > 0 || reporter.errors > 0);
    (status, summary)
}

/// Two charters must not write the same files: when they would, neither
/// is built (which of them is meant, only the user knows), and each is told
/// of the others.
fn claim(tasks: &mut [Task], output: &Path) {
    let mut claimants: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, task) in tasks.iter().enumerate() {
        if matches!(task.state, State::Pending | State::Fresh) {
            claimants.entry(task.key.clone()).or_default().push(index);
        }
    }
    for (key, indices) in claimants {
        if indices.len() < 2 {
            continue;
        }
        let paths: Vec<String> = indices
            .iter()
            .map(|i| crate::diag::display_path(&tasks[*i].job.path))
            .collect();
        for index in indices {
            let task = &mut tasks[index];
            task.diags.push(
                Diagnostic::error(t!(
                    "build-same-output",
                    charters = paths.join(&t!("build-and")),
                    output = crate::diag::display_path(&output.join(&key))
                ))
                .help(t!("build-same-output-help")),
            );
            task.state = State::Failed;
        }
    }
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
            task.fingerprint = fingerprint(backends, &resolved, run_key);
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

/// Every input of one document: its sources through `extends`, its org
/// files, the template and theme, the logo, the run's key, and the
/// resolved document itself.
pub fn fingerprint(backends: &Backends, resolved: &Resolved, run_key: &str) -> String {
    let doc = &resolved.document;
    let mut f = Fingerprint::new();
    f.add("run", run_key.as_bytes());
    for input in &resolved.inputs {
        f.add_file(input);
    }
    f.add(
        "template",
        backends
            .template_fingerprint(&doc.layout.template)
            .as_bytes(),
    );
    if let Some(logo) = &doc.org.logo {
        f.add_file(Path::new(logo));
    }
    f.add("document", &serde_json::to_vec(doc).unwrap_or_default());
    f.finish()
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
                Diagnostic::error(t!(
                    "build-overwrites-input",
                    output = path.display().to_string(),
                    input = input.display().to_string()
                ))
                .help(t!("build-overwrites-input-help")),
            );
            return false;
        }
    }
    match write_all_or_nothing(&outputs) {
        Ok(()) => true,
        Err(err) => {
            diags.push(
                Diagnostic::error(t!("build-write-failed", error = err.to_string()))
                    .help(t!("build-write-failed-help")),
            );
            false
        }
    }
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
        let word = if ok {
            t!("build-built")
        } else {
            t!("build-failed")
        };
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
