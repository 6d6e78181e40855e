//! One charter file from path to resolved document.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::discover::Job;
use crate::document::Document;
use crate::merge::Merger;
use crate::sandbox::Sandbox;

pub struct Pipeline {
    pub sources: SourceMap,
    merger: Merger,
    org_override: Option<PathBuf>,
}

/// A charter that resolved, with what it was made from.
pub struct Resolved {
    pub document: Document,
    /// Every file it was made from: its `extends` chain and org files.
    pub inputs: Vec<PathBuf>,
    /// Name of the organisation's folder: outputs go to `out/<org_folder>/`.
    pub org_folder: String,
}

pub enum Outcome {
    /// A model charter (`model = true`): checked, not built.
    Model,
    Resolved(Box<Resolved>),
    Failed,
}

impl Pipeline {
    /// Paths written inside files must stay inside `sandbox`.
    pub fn new(org_override: Option<PathBuf>, sandbox: &Sandbox) -> Self {
        Self::with_sources(org_override, SourceMap::new(), sandbox)
    }

    /// A pipeline registering files in an existing source map.
    pub fn with_sources(
        org_override: Option<PathBuf>,
        sources: SourceMap,
        sandbox: &Sandbox,
    ) -> Self {
        Self {
            merger: Merger::new(sources.clone(), sandbox.clone()),
            sources,
            org_override,
        }
    }

    /// Resolves one charter file given on the command line, for commands
    /// that work on a single charter (survey, tally, revise).
    pub fn resolve_file(&self, path: &Path, diags: &mut Diagnostics) -> Option<Resolved> {
        if !path.is_file() {
            diags.push(
                Diagnostic::error(t!("pipeline-no-file", path = path.display().to_string()))
                    .help(t!("pipeline-no-file-help")),
            );
            return None;
        }
        let jobs = crate::discover::discover(&[path.to_path_buf()], diags);
        match self.resolve(jobs.first()?, diags) {
            Outcome::Resolved(resolved) => Some(*resolved),
            Outcome::Model => {
                diags.push(
                    Diagnostic::error(t!("pipeline-model", path = path.display().to_string()))
                        .help(t!("pipeline-model-help")),
                );
                None
            }
            Outcome::Failed => None,
        }
    }

    pub fn sandbox(&self) -> &Sandbox {
        &self.merger.sandbox
    }

    pub fn resolve(&self, job: &Job, diags: &mut Diagnostics) -> Outcome {
        self.resolve_source(job, None, diags)
    }

    /// [`Pipeline::resolve`] with the charter's text given instead of read
    /// from `job.path` (the studio's unsaved edit); `None` reads the file.
    pub fn resolve_source(
        &self,
        job: &Job,
        text: Option<&str>,
        diags: &mut Diagnostics,
    ) -> Outcome {
        let errors_before = diags.error_count();
        let org_override = self.org_override.as_deref();
        let merged = match text {
            Some(text) => self
                .merger
                .load_text(&job.path, text, &job.root, org_override, diags),
            None => self.merger.load(&job.path, &job.root, org_override, diags),
        };
        let Some(merged) = merged else {
            return Outcome::Failed;
        };
        if merged.source.meta.model.as_ref().is_some_and(|m| m.value) {
            return if diags.error_count() > errors_before {
                Outcome::Failed
            } else {
                Outcome::Model
            };
        }
        // Go on after load errors: rendering finds the mistakes loading cannot
        // (undefined variables, missing ref targets), and a run reports all.
        let resolved = crate::resolve::resolve(&merged, &self.sources, self.sandbox(), diags);
        match resolved.filter(|_| diags.error_count() == errors_before) {
            Some(document) => Outcome::Resolved(Box::new(Resolved {
                org_folder: org_folder(&job.path, &merged.inputs),
                document,
                inputs: merged.inputs,
            })),
            None => Outcome::Failed,
        }
    }
}

/// The folder of the `org.toml` used, else the charter's own folder.
fn org_folder(charter: &Path, inputs: &[PathBuf]) -> String {
    let org_file = inputs
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == "org.toml"));
    let folder = org_file
        .and_then(|p| std::fs::canonicalize(p).ok())
        .or_else(|| std::fs::canonicalize(charter).ok())
        .and_then(|p| p.parent().map(Path::to_path_buf));
    folder
        .and_then(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "charters".into())
}
