//! Merge: a charter onto its `extends` chain by id, then organisation
//! variables from `org.toml`, the charter's `[org]` and `--org`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diag::{Diagnostic, Diagnostics, SourceMap, Sp};
use crate::load::{OrgFile, load_charter_file, load_org_file};
use crate::sandbox::{SOURCE_LIMIT, Sandbox};
use crate::source::*;

mod lists;

use lists::{apply_removals, check_sibling_ids};
pub use lists::{collect_paths, merge_list};

/// Longest chain of `extends` followed.
const MAX_CHAIN: usize = 64;

/// A merged charter plus what it was made from.
#[derive(Clone, Debug)]
pub struct Merged {
    pub source: CharterSource,
    /// Every file that went into it: the chain of `extends` and the org files.
    pub inputs: Vec<PathBuf>,
}

/// Loads charters and their models, caching models shared by many charters.
pub struct Merger {
    pub sources: SourceMap,
    /// `extends` must stay inside it.
    pub sandbox: Sandbox,
    models: Mutex<HashMap<PathBuf, Arc<ModelResult>>>,
    org_files: Mutex<HashMap<PathBuf, Arc<Option<OrgFile>>>>,
    org_diags: Mutex<HashMap<PathBuf, Diagnostics>>,
}

struct ModelResult {
    merged: Option<Merged>,
    diags: Diagnostics,
}

impl Merger {
    pub fn new(sources: SourceMap, sandbox: Sandbox) -> Self {
        Self {
            sources,
            sandbox,
            models: Mutex::new(HashMap::new()),
            org_files: Mutex::new(HashMap::new()),
            org_diags: Mutex::new(HashMap::new()),
        }
    }

    /// Loads `path` with its chain of models and merges them.
    /// `org_root` bounds the upward search for `org.toml`; `org_override` is `--org`.
    pub fn load(
        &self,
        path: &Path,
        org_root: &Path,
        org_override: Option<&Path>,
        diags: &mut Diagnostics,
    ) -> Option<Merged> {
        let leaf = load_charter_file(path, &self.sources, diags, None)?;
        self.merge_leaf(path, leaf, org_root, org_override, diags)
    }

    /// [`Merger::load`] with the charter's text given (an unsaved edit in
    /// `charter serve`) instead of read from `path`; its models and org
    /// files are still read from disk.
    pub fn load_text(
        &self,
        path: &Path,
        text: &str,
        org_root: &Path,
        org_override: Option<&Path>,
        diags: &mut Diagnostics,
    ) -> Option<Merged> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let file = self.sources.add(path, text);
        let leaf = crate::load::parse_charter(text, file, path, diags)?;
        self.merge_leaf(path, leaf, org_root, org_override, diags)
    }

    fn merge_leaf(
        &self,
        path: &Path,
        leaf: CharterSource,
        org_root: &Path,
        org_override: Option<&Path>,
        diags: &mut Diagnostics,
    ) -> Option<Merged> {
        let mut stack = Vec::new();
        check_sibling_ids(&leaf, diags);
        let mut inputs = vec![path.to_path_buf()];
        let base = match &leaf.meta.extends {
            Some(extends) => {
                stack.push(canonical(path));
                let model = self.load_model(path, extends, &mut stack, diags)?;
                inputs.extend(model.inputs.iter().cloned());
                Some(model.source)
            }
            None => None,
        };

        // Organisation variables: org.toml < models' [org] < the charter's [org] < --org.
        let mut org = OrgSource::default();
        let mut vars = base.as_ref().map(|b| b.vars.clone()).unwrap_or_default();
        let mut options = base.as_ref().map(|b| b.options.clone()).unwrap_or_default();
        if let Some(org_path) = find_org_file(path, org_root, diags) {
            if let Some(file) = self.org_file(&org_path).as_ref() {
                org.overlay(&file.org);
                vars.extend(file.vars.clone());
                options.extend(file.options.clone());
            }
            diags.extend(self.org_file_diags(&org_path));
            inputs.push(org_path);
        }
        if let Some(base) = &base {
            org.overlay(&base.org);
        }
        org.overlay(&leaf.org);
        vars.extend(leaf.vars.clone());
        options.extend(leaf.options.clone());
        if let Some(org_path) = org_override {
            if let Some(file) = self.org_file(org_path).as_ref() {
                org.overlay(&file.org);
                vars.extend(file.vars.clone());
                options.extend(file.options.clone());
            }
            diags.extend(self.org_file_diags(org_path));
            inputs.push(org_path.to_path_buf());
        }

        let mut source = match base {
            Some(base) => merge_charter(base, leaf, diags),
            None => {
                let mut alone = CharterSource {
                    file: leaf.file,
                    path: leaf.path.clone(),
                    header: leaf.header.clone(),
                    ..CharterSource::default()
                };
                // Merging onto nothing applies `after`/`before` placement the same way.
                let meta = leaf.meta.clone();
                alone = merge_charter(alone, leaf, diags);
                alone.meta = meta;
                alone
            }
        };
        source.org = org;
        source.vars = vars;
        source.options = options;
        Some(Merged { source, inputs })
    }

    fn load_model(
        &self,
        child_path: &Path,
        extends: &Sp<String>,
        stack: &mut Vec<PathBuf>,
        diags: &mut Diagnostics,
    ) -> Option<Merged> {
        let dir = child_path.parent().unwrap_or(Path::new("."));
        // The model must be a file inside the project: refused before it is read.
        let key = match self.sandbox.resolve(dir, &extends.value, SOURCE_LIMIT) {
            Ok(real) => real,
            Err(refusal) => {
                let shown = crate::diag::display_path(&dir.join(&extends.value));
                diags.push(
                    Diagnostic::error(refusal.describe(&shown))
                        .at(&extends.loc)
                        .label(t!("merge-named-here"))
                        .help(refusal.hint()),
                );
                return None;
            }
        };
        // A model shared by many charters is known by one path (and one
        // display name), whichever charter reaches it first.
        let path = key.clone();
        if stack.len() >= MAX_CHAIN {
            diags.push(
                Diagnostic::error(t!("merge-too-deep", max = MAX_CHAIN))
                    .at(&extends.loc)
                    .label(t!("merge-too-deep-label"))
                    .help(t!("merge-too-deep-help")),
            );
            return None;
        }
        if let Some(position) = stack.iter().position(|p| *p == key) {
            let mut chain: Vec<String> = stack[position..]
                .iter()
                .map(|p| crate::diag::display_path(p))
                .collect();
            chain.push(crate::diag::display_path(&key));
            diags.push(
                Diagnostic::error(t!("merge-cycle", chain = chain.join(" → ")))
                    .at(&extends.loc)
                    .label(t!("merge-cycle-label"))
                    .help(t!("merge-cycle-help")),
            );
            return None;
        }
        if let Some(cached) = self.cached_model(&key) {
            diags.extend(cached.diags.clone());
            return cached.merged.clone();
        }
        let mut model_diags = Diagnostics::new();
        let merged = (|| {
            let model =
                load_charter_file(&path, &self.sources, &mut model_diags, Some(&extends.loc))?;
            check_sibling_ids(&model, &mut model_diags);
            let mut inputs = vec![path.clone()];
            let merged = match &model.meta.extends {
                Some(next) => {
                    stack.push(key.clone());
                    let base = self.load_model(&path, next, stack, &mut model_diags);
                    stack.pop();
                    let base = base?;
                    inputs.extend(base.inputs);
                    let vars = {
                        let mut vars = base.source.vars.clone();
                        vars.extend(model.vars.clone());
                        vars
                    };
                    let options = {
                        let mut options = base.source.options.clone();
                        options.extend(model.options.clone());
                        options
                    };
                    let mut org = base.source.org.clone();
                    org.overlay(&model.org);
                    let mut merged = merge_charter(base.source, model, &mut model_diags);
                    merged.vars = vars;
                    merged.options = options;
                    merged.org = org;
                    merged
                }
                None => {
                    let meta = model.meta.clone();
                    let (org, vars) = (model.org.clone(), model.vars.clone());
                    let options = model.options.clone();
                    let mut alone = CharterSource {
                        file: model.file,
                        path: model.path.clone(),
                        header: model.header.clone(),
                        ..CharterSource::default()
                    };
                    alone = merge_charter(alone, model, &mut model_diags);
                    alone.meta = meta;
                    alone.org = org;
                    alone.vars = vars;
                    alone.options = options;
                    alone
                }
            };
            Some(Merged {
                source: merged,
                inputs,
            })
        })();
        // A cycle found deeper is reported there; do not cache partial results of a cycle.
        let result = Arc::new(ModelResult {
            merged,
            diags: model_diags,
        });
        self.models
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, result.clone());
        diags.extend(result.diags.clone());
        result.merged.clone()
    }

    fn cached_model(&self, key: &Path) -> Option<Arc<ModelResult>> {
        self.models
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    fn org_file(&self, path: &Path) -> Arc<Option<OrgFile>> {
        let key = canonical(path);
        if let Some(found) = self
            .org_files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return found.clone();
        }
        let mut diags = Diagnostics::new();
        let loaded = Arc::new(load_org_file(path, &self.sources, &mut diags));
        self.org_files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone(), loaded.clone());
        self.org_diags
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, diags);
        loaded
    }

    fn org_file_diags(&self, path: &Path) -> Diagnostics {
        self.org_diags
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&canonical(path))
            .cloned()
            .unwrap_or_default()
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The nearest `org.toml` from the charter's folder up to `root` (inclusive).
/// One that leads, through a symlink, out of `root` is refused.
pub fn find_org_file(charter: &Path, root: &Path, diags: &mut Diagnostics) -> Option<PathBuf> {
    let root = canonical(root);
    let mut dir = canonical(charter).parent()?.to_path_buf();
    loop {
        let candidate = dir.join("org.toml");
        if candidate.symlink_metadata().is_ok() {
            let inside = Sandbox::new(&root)
                .map(|s| s.resolve(&dir, "org.toml", SOURCE_LIMIT))
                .map_err(crate::sandbox::Refusal::Io);
            return match inside {
                Ok(Ok(_)) => Some(candidate),
                Ok(Err(refusal)) | Err(refusal) => {
                    let shown = crate::diag::display_path(&candidate);
                    diags.push(
                        Diagnostic::error(refusal.describe(&shown)).help(t!("merge-org-file-help")),
                    );
                    None
                }
            };
        }
        if dir == root || !dir.starts_with(&root) {
            return None;
        }
        dir = dir.parent()?.to_path_buf();
    }
}

/// Merges `child` onto `base`: the child's fields win, nodes merge by id.
fn merge_charter(
    mut base: CharterSource,
    child: CharterSource,
    diags: &mut Diagnostics,
) -> CharterSource {
    let meta = child.meta;
    apply_removals(&mut base, &meta.remove, diags);
    let base_meta = std::mem::take(&mut base.meta);
    let mut keys = base_meta.keys;
    keys.extend(meta.keys);
    base.meta = Meta {
        keys,
        id: meta.id.or(base_meta.id),
        title: meta.title.or(base_meta.title),
        number: meta.number.or(base_meta.number),
        numbering: meta.numbering.or(base_meta.numbering),
        extends: meta.extends,
        preamble: meta.preamble.or(base_meta.preamble),
        notes: meta.notes.or(base_meta.notes),
        model: meta.model,
        role: meta.role.or(base_meta.role),
        remove: meta.remove,
    };
    base.file = child.file;
    base.path = child.path;
    base.header = child.header.or(base.header);

    let layout = child.layout;
    base.layout = LayoutSource {
        template: layout.template.or(base.layout.template),
        cover: layout.cover.or(base.layout.cover),
        header: layout.header.or(base.layout.header),
        page_number: layout.page_number.or(base.layout.page_number),
        signature: layout.signature.or(base.layout.signature),
        approval: layout.approval.or(base.layout.approval),
        label_gap: layout.label_gap.or(base.layout.label_gap),
    };
    merge_list(&mut base.sections, child.sections, diags);
    base.approval = match (base.approval.take(), child.approval) {
        (Some(mut b), Some(c)) => {
            b.loc = c.loc.or(b.loc);
            b.keys.extend(c.keys);
            b.body = c.body.or(b.body);
            b.term = c.term.or(b.term);
            b.session = c.session.or(b.session);
            b.date = c.date.or(b.date);
            b.effective = c.effective.or(b.effective);
            b.statement = c.statement.or(b.statement);
            Some(b)
        }
        (b, c) => c.or(b),
    };
    // The history belongs to the charter that states it; a child without one keeps its model's.
    if child.revisions.is_some() {
        base.revisions = child.revisions;
    }
    merge_list(&mut base.appendices, child.appendices, diags);
    base
}
