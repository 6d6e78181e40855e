//! Applying a 修正案 to the old version's TOML. Places are resolved against
//! the old version first, so every item names places as the board read
//! them; then the changes are made as the studio's document view makes
//! them ([`crate::editing`]): texts and titles, tables and paragraphs,
//! insertions and moves in the order of the items, deletions last. Ids,
//! comments and layout of the file are kept; new nodes get new ids.

use std::collections::{BTreeMap, HashMap, HashSet};

use toml_edit::{DocumentMut, Item as TomlItem, value};

use super::parse::{Change, Item, Parsed, Side, Target};
use super::places::{Index, leading_label, normalise, number_in, places};
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::discover::Job;
use crate::document::{Document, Node};
use crate::editing::{Field, Op, Position, TableAction};
use crate::format::{NodeKind, Scheme};
use crate::sandbox::Sandbox;

/// A node to add, as read from a quotation.
#[derive(Clone, Debug)]
struct NewNode {
    kind: NodeKind,
    heading: Option<String>,
    paragraphs: Vec<String>,
    children: Vec<NewNode>,
}

/// The changes of one table: cells, rows removed, rows added.
#[derive(Default)]
struct TableEdits {
    loc: Option<Loc>,
    cells: Vec<(usize, usize, String)>,
    removed: Vec<usize>,
    added: Vec<(usize, Vec<String>)>,
}

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

/// A node moves past at most this many siblings, one step at a time.
const MAX_MOVE_STEPS: usize = 10_000;

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
    fn locate(
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

    fn refuse(&self, loc: &Loc, reason: String, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::error(t!("amendment-cannot-apply", reason = reason))
                .at(loc)
                .help(t!("amendment-cannot-apply-help")),
        );
    }

    /// One operation of the document view on the text; the node it selects.
    fn op(&mut self, op: Op, loc: &Loc, diags: &mut Diagnostics) -> Option<String> {
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

    fn node(&self, path: &str) -> Option<&'a Node> {
        self.old.find(path)
    }

    /// The old paragraphs of a node, as the paragraph edits see them.
    fn paragraph_state(&mut self, path: &str) -> &mut Vec<Vec<String>> {
        self.mark(path);
        let old = self.node(path).map(|n| n.text.clone()).unwrap_or_default();
        self.paragraphs
            .entry(path.to_string())
            .or_insert_with(|| old.into_iter().map(|p| vec![p]).collect())
    }

    /// Notes that the current item changes `path`'s paragraphs.
    fn mark(&mut self, path: &str) {
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
    fn restore_references(&mut self, diags: &mut Diagnostics) {
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

    fn edit(&mut self, item: &Item, file: &str, diags: &mut Diagnostics) {
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
    fn replace(&mut self, path: &str, paragraphs: &[String], loc: &Loc, diags: &mut Diagnostics) {
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
    fn write_paragraphs(&mut self, diags: &mut Diagnostics) {
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

    /// Cells (old numbering), then rows removed from the bottom up, then
    /// rows added after the old rows they follow.
    fn write_tables(&mut self, diags: &mut Diagnostics) {
        let edits = std::mem::take(&mut self.tables);
        for ((path, table), mut edit) in edits {
            let Some(loc) = edit.loc.clone() else {
                continue;
            };
            let action = |action: TableAction| Op::Table {
                target: path.clone(),
                table,
                action,
            };
            for (row, col, text) in &edit.cells {
                let (Some(row), Some(col)) = (row.checked_sub(1), col.checked_sub(1)) else {
                    continue;
                };
                self.op(
                    action(TableAction::SetCell {
                        row,
                        col,
                        text: text.clone(),
                    }),
                    &loc,
                    diags,
                );
            }
            edit.removed.sort_unstable();
            edit.removed.dedup();
            for row in edit.removed.iter().rev() {
                if let Some(row) = row.checked_sub(1) {
                    self.op(action(TableAction::RemoveRow { row }), &loc, diags);
                }
            }
            let mut placed: Vec<usize> = Vec::new();
            for (after, cells) in &edit.added {
                let gone = edit.removed.iter().filter(|r| **r <= *after).count();
                let earlier = placed.iter().filter(|a| **a <= *after).count();
                let at = after - gone + earlier;
                placed.push(*after);
                self.op(
                    action(TableAction::AddRow {
                        after: at.checked_sub(1),
                    }),
                    &loc,
                    diags,
                );
                for (col, text) in cells.iter().enumerate() {
                    if text.is_empty() {
                        continue;
                    }
                    self.op(
                        action(TableAction::SetCell {
                            row: at,
                            col,
                            text: text.clone(),
                        }),
                        &loc,
                        diags,
                    );
                }
            }
        }
    }

    /// Insertions and moves, in the order of the items.
    fn place(&mut self, item: &Item, file: &str, diags: &mut Diagnostics) {
        let loc = &item.loc;
        self.loc_now = Some(loc.clone());
        match &item.change {
            Change::Insert {
                anchor,
                side,
                unit,
                paragraphs,
            } => {
                let Some((anchor_path, paragraph)) = self.locate(anchor, file, diags) else {
                    return;
                };
                if unit == "款" {
                    self.insert_paragraph(&anchor_path, paragraph, *side, paragraphs, loc, diags);
                    self.applied += 1;
                    return;
                }
                let Some(tree) = self.read_tree(unit, &anchor_path, *side, paragraphs) else {
                    return self.refuse(
                        loc,
                        format!("cannot tell what the quotation adds ({unit})"),
                        diags,
                    );
                };
                if let Some(path) = self.add_at(&anchor_path, *side, &tree, loc, diags) {
                    self.cursors.insert((anchor_path, *side as u8), path);
                    self.applied += 1;
                }
            }
            Change::Move {
                target,
                anchor,
                side,
            } => {
                let (Some((path, _)), Some((anchor_path, _))) = (
                    self.locate(target, file, diags),
                    self.locate(anchor, file, diags),
                ) else {
                    return;
                };
                if let Some(placed) = self.move_to(&path, &anchor_path, *side, loc, diags) {
                    self.cursors.insert((anchor_path, *side as u8), placed);
                    self.applied += 1;
                }
            }
            _ => {}
        }
    }

    /// 在第五条第一款后增加一款: a paragraph written into the node's text.
    fn insert_paragraph(
        &mut self,
        path: &str,
        paragraph: Option<usize>,
        side: Side,
        paragraphs: &[String],
        loc: &Loc,
        diags: &mut Diagnostics,
    ) {
        let state = self.paragraph_state(path).clone();
        let mut state = state;
        match (paragraph.and_then(|k| k.checked_sub(1)), side) {
            (Some(i), Side::After) if i < state.len() => {
                state[i].extend(paragraphs.iter().cloned())
            }
            (Some(i), Side::Before) if i < state.len() => {
                let mut slot = paragraphs.to_vec();
                slot.append(&mut state[i]);
                state[i] = slot;
            }
            (None, _) => match state.last_mut() {
                Some(last) => last.extend(paragraphs.iter().cloned()),
                None => state.push(paragraphs.to_vec()),
            },
            _ => return self.refuse(loc, "no such 款".into(), diags),
        }
        self.mark(path);
        self.paragraphs.insert(path.to_string(), state);
        // The paragraphs are written now: insertions come after the edits.
        self.write_paragraphs(diags);
    }

    /// The nodes a quotation adds: its first line the node, lines opening
    /// with a deeper label its children.
    fn read_tree(
        &self,
        unit: &str,
        anchor: &str,
        side: Side,
        paragraphs: &[String],
    ) -> Option<NewNode> {
        let anchor_node = self.node(anchor)?;
        // The level the new node takes: the anchor's beside it, one below in it.
        let level = match side {
            Side::In => anchor_node.level as usize + 1,
            _ => anchor_node.level as usize,
        };
        let level = match unit {
            "章" | "部分" => 1,
            "节" => 2.min(self.scheme.groups().max(1)),
            _ => level,
        };
        let mut stack: Vec<(usize, NewNode)> = Vec::new();
        let mut done: Option<NewNode> = None;
        for (index, line) in paragraphs.iter().enumerate() {
            let label = leading_label(line, &self.scheme);
            let deeper =
                label.filter(|(l, _, _)| index > 0 && *l > stack.last().map_or(0, |s| s.0));
            if index == 0 || deeper.is_some() {
                let (node_level, rest) = match (index, label) {
                    (0, Some((l, _, rest))) => (l, rest.to_string()),
                    (0, None) => (level, line.clone()),
                    (_, Some((l, _, rest))) => (l, rest.to_string()),
                    _ => (level, line.clone()),
                };
                // Close the nodes at this level or deeper.
                while stack.last().is_some_and(|(l, _)| *l >= node_level) {
                    let (_, node) = stack.pop()?;
                    match stack.last_mut() {
                        Some((_, parent)) => parent.children.push(node),
                        None => done = Some(node),
                    }
                }
                let kind = self.scheme.kind_of(node_level);
                let node = if kind == NodeKind::Section {
                    NewNode {
                        kind,
                        heading: Some(rest),
                        paragraphs: Vec::new(),
                        children: Vec::new(),
                    }
                } else {
                    let headed = self.headed_levels.contains(&(node_level as u8));
                    let (heading, text) = split_heading(&rest, None, headed);
                    NewNode {
                        kind,
                        heading,
                        paragraphs: vec![text].into_iter().filter(|t| !t.is_empty()).collect(),
                        children: Vec::new(),
                    }
                };
                stack.push((node_level, node));
            } else if let Some((_, node)) = stack.last_mut() {
                node.paragraphs.push(line.clone());
            }
        }
        while let Some((_, node)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(node),
                None => done = Some(node),
            }
        }
        done
    }

    /// Adds `tree` beside or in `anchor` (after what was put there last).
    fn add_at(
        &mut self,
        anchor: &str,
        side: Side,
        tree: &NewNode,
        loc: &Loc,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let (target, position) = match self.cursors.get(&(anchor.to_string(), side as u8)) {
            Some(last) => (last.clone(), Position::After),
            None => (
                anchor.to_string(),
                match side {
                    Side::After => Position::After,
                    Side::Before => Position::Before,
                    Side::In => Position::Child,
                },
            ),
        };
        self.add_tree(Some(target), position, tree, loc, diags)
    }

    fn add_tree(
        &mut self,
        target: Option<String>,
        position: Position,
        tree: &NewNode,
        loc: &Loc,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let path = self.op(
            Op::Add {
                target,
                position,
                kind: tree.kind,
            },
            loc,
            diags,
        )?;
        let heading = tree.heading.clone().unwrap_or_default();
        if tree.kind == NodeKind::Section || !heading.is_empty() {
            self.op(
                Op::Edit {
                    target: path.clone(),
                    field: Field::Heading,
                    value: heading,
                },
                loc,
                diags,
            )?;
        }
        // A new node carries a placeholder text until given its own.
        self.op(
            Op::Edit {
                target: path.clone(),
                field: Field::Text,
                value: tree.paragraphs.join("\n\n"),
            },
            loc,
            diags,
        )?;
        for child in &tree.children {
            self.add_tree(Some(path.clone()), Position::Child, child, loc, diags)?;
        }
        Some(path)
    }

    /// Moves a node among its siblings one place at a time until it stands
    /// after (before) the anchor; to another parent, it is written there
    /// anew and the old one deleted.
    fn move_to(
        &mut self,
        path: &str,
        anchor: &str,
        side: Side,
        loc: &Loc,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let parent_of = |p: &str| p.rsplit_once('.').map(|(a, _)| a.to_string());
        let same_parent = match side {
            Side::In => parent_of(path).as_deref() == Some(anchor),
            _ => parent_of(path) == parent_of(anchor),
        };
        if !same_parent {
            let node = self.node(path)?;
            let tree = copy_of(node);
            let placed = self.add_at(anchor, side, &tree, loc, diags)?;
            self.deletions.push((path.to_string(), loc.clone()));
            return Some(placed);
        }
        let reference = self
            .cursors
            .get(&(anchor.to_string(), side as u8))
            .cloned()
            .map(|c| (c, Side::After))
            .unwrap_or((anchor.to_string(), side));
        for _ in 0..MAX_MOVE_STEPS {
            let siblings = self.siblings(path)?;
            let at = siblings.iter().position(|s| s == path)?;
            let wanted = match reference.1 {
                Side::In => siblings.len() - 1,
                _ => {
                    let r = siblings.iter().position(|s| *s == reference.0)?;
                    match (reference.1, r < at) {
                        (Side::After, true) => r + 1,
                        (Side::After, false) => r,
                        (_, true) => r,
                        (_, false) => r.saturating_sub(1),
                    }
                }
            };
            if wanted == at {
                return Some(path.to_string());
            }
            self.op(
                Op::Move {
                    target: path.to_string(),
                    up: wanted < at,
                },
                loc,
                diags,
            )?;
        }
        None
    }

    /// The paths of a node's siblings as the text stands now, in order.
    fn siblings(&self, path: &str) -> Option<Vec<String>> {
        let tree = crate::editing::tree(
            &self.text,
            &self.job.path,
            &self.job.root,
            self.sandbox,
            &mut Diagnostics::new(),
        )?;
        let mut level = &tree;
        let mut prefix = String::new();
        let segments: Vec<&str> = path.split('.').collect();
        for segment in &segments[..segments.len() - 1] {
            prefix = if prefix.is_empty() {
                segment.to_string()
            } else {
                format!("{prefix}.{segment}")
            };
            level = &level.iter().find(|n| n.path == prefix)?.children;
        }
        Some(level.iter().map(|n| n.path.clone()).collect())
    }

    /// Sets a key of `[charter]` in the file.
    fn set_charter_key(&mut self, key: &str, text: &str) {
        if let Ok(mut doc) = self.text.parse::<DocumentMut>() {
            let charter = doc
                .as_table_mut()
                .entry("charter")
                .or_insert_with(|| TomlItem::Table(toml_edit::Table::new()));
            if let Some(table) = charter.as_table_like_mut() {
                table.insert(key, value(text));
            }
            self.text = doc.to_string();
        }
    }

    /// The id of an appendix's question (or field) by its number.
    fn appendix_part(&self, appendix: &Target, number: usize, question: bool) -> Option<String> {
        let found = self.find_appendix(appendix)?;
        if question {
            found
                .questions
                .get(number.checked_sub(1)?)
                .map(|q| q.id.clone())
        } else {
            found
                .fields
                .get(number.checked_sub(1)?)
                .map(|f| f.id.clone())
        }
    }

    fn find_appendix(&self, appendix: &Target) -> Option<&'a crate::document::Appendix> {
        let name = normalise(&appendix.text);
        self.old
            .appendices
            .iter()
            .find(|a| normalise(&a.label) == name)
    }

    /// Edits the file's `[[appendix]]` that the place names.
    fn appendix(
        &mut self,
        appendix: &Target,
        loc: &Loc,
        diags: &mut Diagnostics,
        edit: impl FnOnce(&mut toml_edit::Table) -> bool,
    ) {
        let Some(id) = self.find_appendix(appendix).map(|a| a.id.clone()) else {
            return self.refuse(loc, format!("no {}", appendix.text), diags);
        };
        let Ok(mut doc) = self.text.parse::<DocumentMut>() else {
            return;
        };
        let table = doc
            .get_mut("appendix")
            .and_then(TomlItem::as_array_of_tables_mut)
            .and_then(|list| {
                list.iter_mut()
                    .find(|t| t.get("id").and_then(TomlItem::as_str) == Some(id.as_str()))
            });
        let edited = match table {
            Some(table) => edit(table),
            None => false,
        };
        if edited {
            self.text = doc.to_string();
            self.applied += 1;
        } else {
            self.refuse(
                loc,
                format!("{} is not written in this file", appendix.text),
                diags,
            );
        }
    }
}

/// Sets `key` of the entry of list `list` with id `id`, else of its `number`th.
fn set_in_list(
    table: &mut toml_edit::Table,
    list: &str,
    id: Option<&str>,
    number: usize,
    key: &str,
    text: &str,
) -> bool {
    let Some(entries) = table
        .get_mut(list)
        .and_then(TomlItem::as_array_of_tables_mut)
    else {
        return false;
    };
    let by_id = id.and_then(|id| {
        entries
            .iter()
            .position(|t| t.get("id").and_then(TomlItem::as_str) == Some(id))
    });
    let Some(entry) = by_id
        .or(number.checked_sub(1))
        .and_then(|i| entries.get_mut(i))
    else {
        return false;
    };
    entry.insert(key, value(text));
    true
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

/// A node of the old version, to write anew elsewhere.
fn copy_of(node: &Node) -> NewNode {
    NewNode {
        kind: node.kind,
        heading: node.heading.clone(),
        paragraphs: node.text.clone(),
        children: node.children.iter().map(copy_of).collect(),
    }
}
