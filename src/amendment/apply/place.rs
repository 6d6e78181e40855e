//! Insertions and moves: a quotation read as nodes, put after (before,
//! in) the place it names, moves one sibling at a time or written anew
//! under another parent.

use super::*;

/// A node moves past at most this many siblings, one step at a time.
const MAX_MOVE_STEPS: usize = 10_000;

/// A node to add, as read from a quotation.
#[derive(Clone, Debug)]
pub(super) struct NewNode {
    kind: NodeKind,
    heading: Option<String>,
    paragraphs: Vec<String>,
    children: Vec<NewNode>,
}

impl<'a> Applier<'a> {
    /// Insertions and moves, in the order of the items.
    pub(super) fn place(&mut self, item: &Item, file: &str, diags: &mut Diagnostics) {
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
    pub(super) fn insert_paragraph(
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
    pub(super) fn read_tree(
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
    pub(super) fn add_at(
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

    pub(super) fn add_tree(
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
    pub(super) fn move_to(
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
    pub(super) fn siblings(&self, path: &str) -> Option<Vec<String>> {
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
}

/// A node of the old version, to write anew elsewhere.
pub(super) fn copy_of(node: &Node) -> NewNode {
    NewNode {
        kind: node.kind,
        heading: node.heading.clone(),
        paragraphs: node.text.clone(),
        children: node.children.iter().map(copy_of).collect(),
    }
}
