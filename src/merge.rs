//! Merge: a charter onto its `extends` chain by id, then organisation
//! variables from `org.toml`, the charter's `[org]` and `--org`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diag::{Diagnostic, Diagnostics, Loc, SourceMap, Sp, suggest};
use crate::load::{OrgFile, load_charter_file, load_org_file};
use crate::sandbox::{SOURCE_LIMIT, Sandbox};
use crate::source::*;

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
        let mut stack = Vec::new();
        let leaf = load_charter_file(path, &self.sources, diags, None)?;
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
        if let Some(org_path) = find_org_file(path, org_root, diags) {
            if let Some(file) = self.org_file(&org_path).as_ref() {
                org.overlay(&file.org);
                vars.extend(file.vars.clone());
            }
            diags.extend(self.org_file_diags(&org_path));
            inputs.push(org_path);
        }
        if let Some(base) = &base {
            org.overlay(&base.org);
        }
        org.overlay(&leaf.org);
        vars.extend(leaf.vars.clone());
        if let Some(org_path) = org_override {
            if let Some(file) = self.org_file(org_path).as_ref() {
                org.overlay(&file.org);
                vars.extend(file.vars.clone());
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
                        .label("named here")
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
                Diagnostic::error(format!("extends goes more than {MAX_CHAIN} models deep"))
                    .at(&extends.loc)
                    .label("one model too many")
                    .help("a model of a model of a model …: merge some of them into one"),
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
                Diagnostic::error(format!("cycle in extends: {}", chain.join(" → ")))
                    .at(&extends.loc)
                    .label("this extends closes the cycle")
                    .help("a model must not extend, directly or through others, the charter that extends it; remove one of the extends"),
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
                    let mut org = base.source.org.clone();
                    org.overlay(&model.org);
                    let mut merged = merge_charter(base.source, model, &mut model_diags);
                    merged.vars = vars;
                    merged.org = org;
                    merged
                }
                None => {
                    let meta = model.meta.clone();
                    let (org, vars) = (model.org.clone(), model.vars.clone());
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
                        Diagnostic::error(refusal.describe(&shown)).help(
                            "org.toml must be an ordinary file inside the folder of charters",
                        ),
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
        model: meta.model,
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

/// Merges a child's list of nodes onto the base list by id.
pub fn merge_list<T: Mergeable>(base: &mut Vec<T>, child: Vec<T>, diags: &mut Diagnostics) {
    for node in child {
        let existing = node.id().and_then(|id| {
            base.iter()
                .position(|b| b.id().is_some_and(|bid| bid.value == id.value))
        });
        let placement = placement(&node, diags);
        let node = match existing {
            Some(index) => {
                let mut merged = base.remove(index);
                merged.merge_from(node, diags);
                if placement.is_none() {
                    base.insert(index, merged);
                    continue;
                }
                merged
            }
            None => node,
        };
        let index = match &placement {
            None => base.len(),
            Some((target, after)) => match base
                .iter()
                .position(|b| b.id().is_some_and(|bid| bid.value == target.value))
            {
                Some(i) => i + usize::from(*after),
                None => {
                    let key = if *after { "after" } else { "before" };
                    let ids: Vec<&str> = base
                        .iter()
                        .filter_map(|b| b.id().map(|i| i.value.as_str()))
                        .collect();
                    let mut d = Diagnostic::error(format!(
                        "{key} = \"{}\": no sibling with this id",
                        target.value
                    ))
                    .at(&target.loc)
                    .label("not the id of a node at this level");
                    d = match suggest(&target.value, ids.iter().copied()) {
                        Some(near) => d.help(format!("did you mean \"{near}\"?")),
                        None if ids.is_empty() => d.help(
                            "there are no siblings with ids here to place it after or before",
                        ),
                        None => d.help(format!("siblings here: {}", ids.join(", "))),
                    };
                    diags.push(d);
                    base.len()
                }
            },
        };
        base.insert(index, node);
    }
}

/// `Some((target, true))` for `after`, `Some((target, false))` for `before`.
fn placement<T: Mergeable>(node: &T, diags: &mut Diagnostics) -> Option<(Sp<String>, bool)> {
    match (node.after(), node.before()) {
        (Some(after), Some(before)) => {
            diags.push(
                Diagnostic::error("a node cannot have both after and before")
                    .at(&before.loc)
                    .label("second placement")
                    .also(&after.loc, "first placement")
                    .help("keep one of after = \"…\" or before = \"…\""),
            );
            Some((after.clone(), true))
        }
        (Some(after), None) => Some((after.clone(), true)),
        (None, Some(before)) => Some((before.clone(), false)),
        (None, None) => None,
    }
}

/// Drops inherited nodes named by `remove = ["section.clause", "appendix.id"]`.
fn apply_removals(base: &mut CharterSource, remove: &[Sp<String>], diags: &mut Diagnostics) {
    for path in remove {
        let parts: Vec<&str> = path.value.split('.').collect();
        if remove_node(&mut base.sections, &parts) {
            continue;
        }
        if let ["appendix", id] = parts.as_slice()
            && let Some(i) = base
                .appendices
                .iter()
                .position(|a| a.id.as_ref().is_some_and(|x| x.value == *id))
        {
            base.appendices.remove(i);
            continue;
        }
        let mut known = Vec::new();
        collect_paths(&base.sections, "", &mut known);
        known.extend(
            base.appendices
                .iter()
                .filter_map(|a| a.id.as_ref().map(|i| format!("appendix.{}", i.value))),
        );
        let mut d = Diagnostic::error(format!("remove: no inherited node at \"{}\"", path.value))
            .at(&path.loc)
            .label("nothing to remove here");
        d = match suggest(&path.value, known.iter().map(String::as_str)) {
            Some(near) => d.help(format!("did you mean \"{near}\"?")),
            None => d.help("write the id path of a node of the model, e.g. \"principles.fair\", or \"appendix.<id>\""),
        };
        diags.push(d);
    }
}

fn remove_node(nodes: &mut Vec<NodeSource>, path: &[&str]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let Some(index) = nodes
        .iter()
        .position(|n| n.id.as_ref().is_some_and(|id| id.value == *first))
    else {
        return false;
    };
    if rest.is_empty() {
        nodes.remove(index);
        true
    } else {
        remove_node(&mut nodes[index].children, rest)
    }
}

/// Every id path of a node tree, for hints.
pub fn collect_paths(nodes: &[NodeSource], prefix: &str, out: &mut Vec<String>) {
    for node in nodes {
        if let Some(id) = &node.id {
            let path = if prefix.is_empty() {
                id.value.clone()
            } else {
                format!("{prefix}.{}", id.value)
            };
            collect_paths(&node.children, &path, out);
            out.push(path);
        }
    }
}

/// Two siblings with one id in the same file would silently merge: report them.
fn check_sibling_ids(source: &CharterSource, diags: &mut Diagnostics) {
    fn check<T: Mergeable>(list: &[T], what: &str, diags: &mut Diagnostics) {
        let mut seen: HashMap<&str, &Loc> = HashMap::new();
        for item in list {
            if let Some(id) = item.id() {
                if let Some(first) = seen.get(id.value.as_str()) {
                    diags.push(
                        Diagnostic::error(format!("duplicate id \"{}\" among {what}", id.value))
                            .at(&id.loc)
                            .label("second use")
                            .also(first, "first use")
                            .help("ids must be unique among siblings; rename one of them"),
                    );
                } else {
                    seen.insert(&id.value, &id.loc);
                }
            }
        }
    }
    fn walk(nodes: &[NodeSource], diags: &mut Diagnostics) {
        let what = match nodes.first().map(|n| n.level) {
            Some(1) => "sections",
            Some(2) => "clauses",
            Some(3) => "items",
            _ => "points",
        };
        check(nodes, what, diags);
        for node in nodes {
            walk(&node.children, diags);
        }
    }
    walk(&source.sections, diags);
    check(&source.appendices, "appendices", diags);
    for appendix in &source.appendices {
        check(&appendix.questions, "questions", diags);
        check(&appendix.fields, "fields", diags);
    }
}

macro_rules! placed {
    () => {
        fn id(&self) -> Option<&Sp<String>> {
            self.id.as_ref()
        }
        fn after(&self) -> Option<&Sp<String>> {
            self.after.as_ref()
        }
        fn before(&self) -> Option<&Sp<String>> {
            self.before.as_ref()
        }
        fn loc(&self) -> &Loc {
            &self.loc
        }
    };
}

impl Mergeable for NodeSource {
    placed!();
    fn merge_from(&mut self, child: Self, diags: &mut Diagnostics) {
        self.heading = child.heading.or(self.heading.take());
        self.text = child.text.or(self.text.take());
        merge_list(&mut self.children, child.children, diags);
    }
}

impl Mergeable for AppendixSource {
    placed!();
    fn merge_from(&mut self, child: Self, diags: &mut Diagnostics) {
        self.keys.extend(child.keys);
        self.kind = child.kind.or(self.kind.take());
        self.title = child.title.or(self.title.take());
        self.intro = child.intro.or(self.intro.take());
        self.scale = child.scale.or(self.scale.take());
        self.respondent = child.respondent.or(self.respondent.take());
        merge_list(&mut self.questions, child.questions, diags);
        merge_list(&mut self.fields, child.fields, diags);
    }
}

impl Mergeable for QuestionSource {
    placed!();
    fn merge_from(&mut self, child: Self, _diags: &mut Diagnostics) {
        self.keys.extend(child.keys);
        self.kind = child.kind.or(self.kind.take());
        self.text = child.text.or(self.text.take());
        self.lines = child.lines.or(self.lines.take());
    }
}

impl Mergeable for FieldSource {
    placed!();
    fn merge_from(&mut self, child: Self, _diags: &mut Diagnostics) {
        self.keys.extend(child.keys);
        self.label = child.label.or(self.label.take());
        self.lines = child.lines.or(self.lines.take());
    }
}
