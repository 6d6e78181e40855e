//! Applying a 修正案 to the old version's TOML. Places are resolved against
//! the old version first, so every item names places as the board read
//! them; then the changes are made as the studio's document view makes
//! them ([`crate::editing`]): texts and titles, tables and paragraphs,
//! insertions and moves in the order of the items, deletions last. Ids,
//! comments and layout of the file are kept; new nodes get new ids.

mod parts;
mod place;

use std::collections::{BTreeMap, HashMap, HashSet};

use parts::{TableEdits, set_in_list};

use toml_edit::{DocumentMut, Item as TomlItem, value};

use super::parse::{Change, Item, Parsed, Side, Target};
use super::places::{Index, leading_label, normalise, number_in, places};
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::discover::Job;
use crate::document::{Document, Node};
use crate::editing::{Field, Op, Position, TableAction};
use crate::format::{NodeKind, Scheme};
use crate::sandbox::Sandbox;

pub struct Applier<'a> {
    text: String,
    job: &'a Job,
    sandbox: &'a Sandbox,
    old: &'a Document,
    index: Index,
    scheme: Scheme,
    /// Levels whose nodes mostly have a run-in heading (公平公正。).
    headed_levels: HashSet<u8>,
    /// Per anchor and side, the node last put there: the next goes after it.
    cursors: HashMap<(String, u8), String>,
    /// Paragraphs of a node by its old paragraphs: each replaced by none,
    /// one or several.
    paragraphs: BTreeMap<String, Vec<Vec<String>>>,
    tables: BTreeMap<(String, usize), TableEdits>,
    deletions: Vec<(String, Loc)>,
    /// The item being applied, and the item that last changed each node's paragraphs.
    loc_now: Option<Loc>,
    paragraph_locs: HashMap<String, Loc>,
    /// Nodes whose text was written out that held cross-references, with
    /// their targets: the references are put back once the numbers are known.
    literal: Vec<(String, Vec<String>, Loc)>,
    org: Option<std::path::PathBuf>,
    pub applied: usize,
}

impl<'a> Applier<'a> {
    pub fn new(
        text: &str,
        job: &'a Job,
        sandbox: &'a Sandbox,
        old: &'a Document,
        org: Option<std::path::PathBuf>,
    ) -> Self {
        let all = places(old);
        let index = Index::new(&all);
        let mut by_level: BTreeMap<u8, (usize, usize)> = BTreeMap::new();
        for node in old.nodes() {
            let entry = by_level.entry(node.level).or_default();
            entry.0 += 1;
            if node.heading.is_some() && node.kind != NodeKind::Section {
                entry.1 += 1;
            }
        }
        Applier {
            text: text.to_string(),
            job,
            sandbox,
            old,
            index,
            scheme: old.numbering.clone(),
            headed_levels: by_level
                .into_iter()
                .filter(|(_, (all, headed))| headed * 2 > *all)
                .map(|(level, _)| level)
                .collect(),
            cursors: HashMap::new(),
            paragraphs: BTreeMap::new(),
            tables: BTreeMap::new(),
            deletions: Vec::new(),
            loc_now: None,
            paragraph_locs: HashMap::new(),
            literal: Vec::new(),
            org,
            applied: 0,
        }
    }

    /// Applies every item; the new text, or `None` after errors (reported).
    pub fn run(mut self, parsed: &Parsed, file: &str, diags: &mut Diagnostics) -> Option<String> {
        let before = diags.error_count();
        // Texts, titles, paragraphs and tables first, by the old places.
        for item in &parsed.items {
            if !matches!(item.change, Change::Insert { .. } | Change::Move { .. }) {
                self.edit(item, file, diags);
            }
        }
        self.write_paragraphs(diags);
        self.write_tables(diags);
        for item in &parsed.items {
            if matches!(item.change, Change::Insert { .. } | Change::Move { .. }) {
                self.place(item, file, diags);
            }
        }
        for (path, loc) in std::mem::take(&mut self.deletions) {
            self.op(
                Op::Delete {
                    target: path.clone(),
                },
                &loc,
                diags,
            );
        }
        if diags.error_count() == before {
            self.restore_references(diags);
        }
        (diags.error_count() == before).then_some(self.text)
    }

    /// The node a place names in the old version, and the paragraph (款)
    /// when it names one.
    pub(super) fn locate(
        &self,
        target: &Target,
        file: &str,
        diags: &mut Diagnostics,
    ) -> Option<(String, Option<usize>)> {
        let name = normalise(&target.text);
        let (place, paragraph) = match name.strip_suffix('款').and_then(|n| n.rsplit_once('第')) {
            Some((place, n)) if !place.is_empty() => {
                (place.to_string(), number_in(&format!("第{n}")))
            }
            _ => (name.clone(), None),
        };
        match self.index.find(&place) {
            Some(path) => Some((path.to_string(), paragraph.map(|n| n as usize))),
            None => {
                diags.push(
                    Diagnostic::error(t!(
                        "amendment-no-place",
                        place = target.text.clone(),
                        file = file
                    ))
                    .at(&target.loc)
                    .label(t!("amendment-no-place-label"))
                    .help(t!("amendment-no-place-help")),
                );
                None
            }
        }
    }

    pub(super) fn refuse(&self, loc: &Loc, reason: String, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::error(t!("amendment-cannot-apply", reason = reason))
                .at(loc)
                .help(t!("amendment-cannot-apply-help")),
        );
    }

    /// One operation of the document view on the text; the node it selects.
    pub(super) fn op(&mut self, op: Op, loc: &Loc, diags: &mut Diagnostics) -> Option<String> {
        let mut inner = Diagnostics::new();
        let applied = crate::editing::apply(
            &self.text,
            &self.job.path,
            &self.job.root,
            self.sandbox,
            &op,
            &mut inner,
        );
        match applied {
            Some(applied) if !inner.has_errors() => {
                self.text = applied.source;
                applied.select
            }
            _ => {
                let reason = inner
                    .list
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| d.message.clone())
                    .unwrap_or_else(|| "the charter does not resolve".into());
                self.refuse(loc, reason, diags);
                None
            }
        }
    }

    pub(super) fn node(&self, path: &str) -> Option<&'a Node> {
        self.old.find(path)
    }

    /// The old paragraphs of a node, as the paragraph edits see them.
    pub(super) fn paragraph_state(&mut self, path: &str) -> &mut Vec<Vec<String>> {
        self.mark(path);
        let old = self.node(path).map(|n| n.text.clone()).unwrap_or_default();
        self.paragraphs
            .entry(path.to_string())
            .or_insert_with(|| old.into_iter().map(|p| vec![p]).collect())
    }

    /// Notes that the current item changes `path`'s paragraphs.
    pub(super) fn mark(&mut self, path: &str) {
        if let Some(loc) = &self.loc_now {
            self.paragraph_locs.insert(path.to_string(), loc.clone());
            let targets: Vec<String> = self
                .node(path)
                .map(|n| n.refs.iter().map(|r| r.target.clone()).collect())
                .unwrap_or_default();
            if !targets.is_empty() && !self.literal.iter().any(|(p, _, _)| p == path) {
                self.literal.push((path.to_string(), targets, loc.clone()));
            }
        }
    }

    /// A text written out from the quotation reads 第十四条 where the old
    /// one said ref(…): the reference is put back where the target's label
    /// now stands, so it keeps following the numbers.
    pub(super) fn restore_references(&mut self, diags: &mut Diagnostics) {
        let literal = std::mem::take(&mut self.literal);
        if literal.is_empty() {
            return;
        }
        let pipeline = crate::pipeline::Pipeline::new(self.org.clone(), self.sandbox);
        let mut quiet = Diagnostics::new();
        let crate::pipeline::Outcome::Resolved(now) =
            pipeline.resolve_source(self.job, Some(&self.text), &mut quiet)
        else {
            return;
        };
        for (path, targets, loc) in literal {
            let Some(node) = now.document.find(&path) else {
                continue;
            };
            let mut labels: Vec<(String, String)> = targets
                .iter()
                .filter_map(|t| {
                    let label = now.document.find(t)?.ref_label.clone();
                    (!label.is_empty()).then(|| (label, t.clone()))
                })
                .collect();
            labels.sort_by_key(|(label, _)| std::cmp::Reverse(label.chars().count()));
            labels.dedup();
            let mut changed = false;
            let paragraphs: Vec<String> = node
                .text
                .iter()
                .map(|paragraph| {
                    let mut out = paragraph.replace('{', "{{ '{' }}");
                    for (label, target) in &labels {
                        if let Some(at) = out.find(label.as_str()) {
                            out.replace_range(
                                at..at + label.len(),
                                &format!("{{{{ ref('{target}') }}}}"),
                            );
                            changed = true;
                        }
                    }
                    out
                })
                .collect();
            if changed {
                self.op(
                    Op::Edit {
                        target: path,
                        field: Field::Text,
                        value: paragraphs.join("\n\n"),
                    },
                    &loc,
                    diags,
                );
            }
        }
    }

    pub(super) fn edit(&mut self, item: &Item, file: &str, diags: &mut Diagnostics) {
        let loc = &item.loc;
        self.loc_now = Some(loc.clone());
        match &item.change {
            Change::Title(title) => {
                self.set_charter_key("title", title);
                self.applied += 1;
            }
            Change::Preamble(paragraphs) => {
                self.set_charter_key("preamble", &paragraphs.join("\n\n"));
                self.applied += 1;
            }
            Change::Replace { target, paragraphs } => {
                let Some((path, paragraph)) = self.locate(target, file, diags) else {
                    return;
                };
                match paragraph {
                    Some(k) => {
                        let state = self.paragraph_state(&path);
                        match k.checked_sub(1).and_then(|i| state.get_mut(i)) {
                            Some(slot) => *slot = paragraphs.clone(),
                            None => {
                                return self.refuse(
                                    loc,
                                    format!("{} has no such 款", target.text),
                                    diags,
                                );
                            }
                        }
                    }
                    None => self.replace(&path, paragraphs, loc, diags),
                }
                self.applied += 1;
            }
            Change::Body { target, paragraphs } => {
                let Some((path, _)) = self.locate(target, file, diags) else {
                    return;
                };
                self.mark(&path);
                self.paragraphs
                    .insert(path, paragraphs.iter().map(|p| vec![p.clone()]).collect());
                self.applied += 1;
            }
            Change::Rename { target, title } => {
                let Some((path, _)) = self.locate(target, file, diags) else {
                    return;
                };
                self.op(
                    Op::Edit {
                        target: path,
                        field: Field::Heading,
                        value: title.clone(),
                    },
                    loc,
                    diags,
                );
                self.applied += 1;
            }
            Change::Delete { targets } => {
                for target in targets {
                    let Some((path, paragraph)) = self.locate(target, file, diags) else {
                        continue;
                    };
                    match paragraph {
                        Some(k) => {
                            let state = self.paragraph_state(&path);
                            match k.checked_sub(1).and_then(|i| state.get_mut(i)) {
                                Some(slot) => slot.clear(),
                                None => self.refuse(
                                    loc,
                                    format!("{} has no such 款", target.text),
                                    diags,
                                ),
                            }
                        }
                        None => self.deletions.push((path, loc.clone())),
                    }
                }
                self.applied += 1;
            }
            Change::Cell {
                target,
                table,
                row,
                col,
                text,
            } => {
                let Some((path, _)) = self.locate(target, file, diags) else {
                    return;
                };
                let edits = self.tables.entry((path, *table)).or_default();
                edits.loc.get_or_insert(loc.clone());
                edits.cells.push((*row, *col, text.clone()));
                self.applied += 1;
            }
            Change::DeleteRows {
                target,
                table,
                rows,
            } => {
                let Some((path, _)) = self.locate(target, file, diags) else {
                    return;
                };
                let edits = self.tables.entry((path, *table)).or_default();
                edits.loc.get_or_insert(loc.clone());
                edits.removed.extend(rows);
                self.applied += 1;
            }
            Change::InsertRow {
                target,
                table,
                after,
                cells,
            } => {
                let Some((path, _)) = self.locate(target, file, diags) else {
                    return;
                };
                let edits = self.tables.entry((path, *table)).or_default();
                edits.loc.get_or_insert(loc.clone());
                edits.added.push((*after, cells.clone()));
                self.applied += 1;
            }
            Change::AppendixTitle { appendix, text } => {
                self.appendix(appendix, loc, diags, |t| {
                    t.insert("title", value(text.clone()));
                    true
                });
            }
            Change::AppendixIntro {
                appendix,
                paragraphs,
            } => {
                self.appendix(appendix, loc, diags, |t| {
                    t.insert("intro", value(paragraphs.join("\n\n")));
                    true
                });
            }
            Change::Question {
                appendix,
                number,
                text,
            } => {
                let id = self.appendix_part(appendix, *number, true);
                self.appendix(appendix, loc, diags, |t| {
                    set_in_list(t, "question", id.as_deref(), *number, "text", text)
                });
            }
            Change::Field {
                appendix,
                number,
                text,
            } => {
                self.appendix(appendix, loc, diags, |t| {
                    set_in_list(t, "field", None, *number, "label", text)
                });
            }
            Change::Insert { .. } | Change::Move { .. } => {}
        }
    }

    /// A whole node replaced by the quotation: its label dropped, its
    /// run-in heading told from its text.
    pub(super) fn replace(
        &mut self,
        path: &str,
        paragraphs: &[String],
        loc: &Loc,
        diags: &mut Diagnostics,
    ) {
        let Some(node) = self.node(path) else {
            return;
        };
        if node.kind == NodeKind::Section {
            // A section's quotation: its title line, then its text.
            let mut lines = paragraphs.to_vec();
            let first = lines.first().cloned().unwrap_or_default();
            let title = strip_label(&first, &node.label, &self.scheme);
            if node.heading.as_deref() != Some(title.as_str()) {
                self.op(
                    Op::Edit {
                        target: path.to_string(),
                        field: Field::Heading,
                        value: title,
                    },
                    loc,
                    diags,
                );
            }
            lines.remove(0);
            self.mark(path);
            self.paragraphs.insert(
                path.to_string(),
                lines.into_iter().map(|p| vec![p]).collect(),
            );
            return;
        }
        let mut lines = paragraphs.to_vec();
        let first = strip_label(
            lines.first().map_or("", String::as_str),
            &node.label,
            &self.scheme,
        );
        let headed = node.heading.is_some() || self.headed_levels.contains(&node.level);
        let (heading, rest) = split_heading(&first, node.heading.as_deref(), headed);
        if heading != node.heading {
            self.op(
                Op::Edit {
                    target: path.to_string(),
                    field: Field::Heading,
                    value: heading.unwrap_or_default(),
                },
                loc,
                diags,
            );
        }
        match lines.first_mut() {
            Some(line) => *line = rest,
            None => lines.push(rest),
        }
        lines.retain(|l| !l.is_empty());
        if lines != node.text {
            self.mark(path);
            self.paragraphs.insert(
                path.to_string(),
                lines.into_iter().map(|p| vec![p]).collect(),
            );
        }
    }

    /// Writes each node's paragraphs as edited, where they changed.
    pub(super) fn write_paragraphs(&mut self, diags: &mut Diagnostics) {
        let edits = std::mem::take(&mut self.paragraphs);
        for (path, slots) in edits {
            let text: Vec<String> = slots.into_iter().flatten().collect();
            if self.node(&path).is_some_and(|n| n.text == text) {
                continue;
            }
            let Some(loc) = self.paragraph_locs.get(&path).cloned() else {
                continue;
            };
            self.op(
                Op::Edit {
                    target: path,
                    field: Field::Text,
                    value: text.join("\n\n"),
                },
                &loc,
                diags,
            );
        }
    }
}

/// The first line of a quotation without its label (第五条　, （一）).
fn strip_label(line: &str, label: &str, scheme: &Scheme) -> String {
    let gap = ['\u{3000}', ' '];
    if let Some(rest) = line.strip_prefix(label) {
        return rest.trim_start_matches(gap).to_string();
    }
    match leading_label(line, scheme) {
        Some((_, _, rest)) => rest.to_string(),
        None => line.trim_start_matches(gap).to_string(),
    }
}

/// A run-in heading told from the text: the current one when the text
/// opens with it; else, where headings are the rule, a short first
/// sentence (公平公正。).
fn split_heading(first: &str, current: Option<&str>, headed: bool) -> (Option<String>, String) {
    if let Some(heading) = current
        && let Some(rest) = first.strip_prefix(heading)
    {
        return (Some(heading.to_string()), rest.to_string());
    }
    if headed && let Some(end) = first.find('。') {
        let heading = &first[..end + '。'.len_utf8()];
        if heading.chars().count() <= 16 && end + '。'.len_utf8() < first.len() {
            return (
                Some(heading.to_string()),
                first[end + '。'.len_utf8()..].to_string(),
            );
        }
    }
    (None, first.to_string())
}
