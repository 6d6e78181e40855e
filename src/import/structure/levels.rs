//! Which level a label is at. Grouping headings (第X编, 第X章, 第X节) take
//! their place by rank, whatever order they first appear in: a 节 found
//! in the fourth chapter still sits between 章 and 条. Numbered labels take
//! the levels below in order of first appearance. Without grouping
//! headings, the first label form seen groups (一、 in gbt9704).

use super::outline::Outline;
use super::*;
use crate::format::Counter;

/// Rank of a grouping unit: 编 above 章 above 节.
pub(super) fn group_rank(form: &LabelForm) -> Option<u8> {
    if form.prefix != "第" {
        return None;
    }
    match form.suffix.as_str() {
        "编" => Some(0),
        "章" => Some(1),
        "节" => Some(2),
        _ => None,
    }
}

/// A grouping label stands alone or before a short title (第一节 会员大会);
/// before a sentence it is a reference (第三章规定的……).
pub(super) fn heading_like(rest: &str) -> bool {
    let rest = rest.trim_matches(is_space);
    rest.is_empty() || title_like(rest)
}

pub(super) struct LevelMap {
    /// Ranks of the grouping units the document has, highest first.
    ranks: Vec<u8>,
    /// No grouping units: the first form seen groups.
    implicit: Option<(LabelForm, u16)>,
    /// Level formats by index (level - 1); a grouping slot stays `None`
    /// until its first label.
    pub(super) levels: Vec<Option<Level>>,
    /// A decimal outline: its labels take the levels of their depth.
    outline: Option<Outline>,
}

impl LevelMap {
    /// Finds the grouping units of the body's labels.
    pub(super) fn new(lines: &[Line]) -> LevelMap {
        let mut ranks: Vec<u8> = lines
            .iter()
            .filter(|l| l.hint.table.is_none())
            .filter_map(|l| parse_label(&l.text))
            .filter(|(label, rest)| heading_like(rest) && group_rank(&label.form).is_some())
            .filter_map(|(label, _)| group_rank(&label.form))
            .collect();
        ranks.sort_unstable();
        ranks.dedup();
        LevelMap {
            levels: vec![None; ranks.len()],
            ranks,
            implicit: None,
            outline: None,
        }
    }

    /// Levels 1… are the outline's depths (without grouping units only:
    /// 第X章 and a decimal outline in one document keep the 章).
    pub(super) fn with_outline(&mut self, outline: Outline) {
        if !self.ranks.is_empty() {
            return;
        }
        self.implicit = Some((outline.top.clone(), outline.context));
        self.levels.resize(outline.depth.min(MAX_LEVELS), None);
        self.outline = Some(outline);
    }

    pub(super) fn has_outline(&self) -> bool {
        self.outline.is_some()
    }

    /// A decimal label deeper than the outline's levels (they stop above
    /// it, for a list under a shallower heading to take that level).
    pub(super) fn beyond_outline(&self, label: &Label) -> bool {
        self.outline.as_ref().is_some_and(|o| {
            label.form.counter == Counter::Decimal
                && !label.parents.is_empty()
                && label.depth() > o.depth
        })
    }

    /// How many grouping levels.
    pub(super) fn groups(&self) -> usize {
        self.ranks.len().max(usize::from(self.implicit.is_some()))
    }

    /// The 1-based level of `label`; `None` for a grouping label in a
    /// sentence (a reference, kept as text).
    /// `context`: where the label stands in a Markdown file (heading depth,
    /// quote and list nesting, see `Hint::context`); one form in two
    /// contexts (`### 1.` headings, `  1.` items in a nested list) is two
    /// levels.
    pub(super) fn level_of(&mut self, label: &Label, rest: &str, context: u16) -> Option<usize> {
        if let Some(rank) = group_rank(&label.form)
            && let Some(at) = self.ranks.iter().position(|&r| r == rank)
        {
            return heading_like(rest).then_some(at + 1);
        }
        if self.outline.is_some()
            && label.form.counter == Counter::Decimal
            && !label.parents.is_empty()
        {
            return Some(label.depth());
        }
        if self.ranks.is_empty() && self.implicit.is_none() {
            self.implicit = Some((label.form.clone(), context));
        }
        if self
            .implicit
            .as_ref()
            .is_some_and(|(f, c)| f.same_level(&label.form) && *c == context)
        {
            return Some(1);
        }
        let groups = self.groups();
        let known = self.levels[groups.min(self.levels.len())..]
            .iter()
            .position(|l| {
                l.as_ref()
                    .is_some_and(|l| l.form.same_level(&label.form) && l.context == context)
            });
        Some(match known {
            Some(i) => groups + i + 1,
            None => self.levels.len().max(groups) + 1,
        })
    }

    /// Whether a level-`level` node may follow a node at `depth` inside
    /// grouping levels 1..=`open`: a grouping heading one below an open
    /// one (第一节 under 第一章, not under 第一编); the first numbered level
    /// under any group (第一条 right under 第一章 where other chapters have
    /// 节); an item right under a group; anything else one level down or
    /// back up.
    pub(super) fn fits(&self, level: usize, depth: usize, open: usize) -> bool {
        let groups = self.groups();
        if level <= groups {
            level <= open + 1
        } else {
            level <= groups + 2 || level <= depth + 1
        }
    }

    pub(super) fn is_group(&self, level: usize) -> bool {
        level <= self.groups()
    }

    pub(super) fn is_new(&self, level: usize) -> bool {
        self.levels.get(level - 1).is_none_or(Option::is_none)
    }

    /// Records a label taken as structure at `level`.
    pub(super) fn record(&mut self, label: &Label, level: usize, line: &Line) {
        let index = level - 1;
        if self.levels.len() <= index {
            self.levels.resize(index + 1, None);
        }
        let slot = &mut self.levels[index];
        let l = slot.get_or_insert_with(|| Level {
            form: label.form.clone(),
            variants: Vec::new(),
            continuous: false,
            count: 0,
            example: (line.no, label.written.clone()),
            context: line.hint.context,
        });
        l.count += 1;
        match l.variants.iter_mut().find(|(f, _)| *f == label.form) {
            Some((_, n)) => *n += 1,
            None => l.variants.push((label.form.clone(), 1)),
        }
        // The most frequent way of writing it (the first on a tie) wins.
        if let Some((form, _)) = l.variants.iter().rev().max_by_key(|(_, n)| *n) {
            l.form = form.clone();
        }
    }

    /// The levels in use, and the new level of each old one (grouping
    /// slots that never got a label are dropped).
    pub(super) fn finish(self) -> (Vec<Level>, usize, Vec<usize>) {
        let groups = self.groups();
        let mut renumber = Vec::with_capacity(self.levels.len());
        let mut out = Vec::new();
        let mut kept_groups = 0;
        for (i, level) in self.levels.into_iter().enumerate() {
            match level {
                Some(level) => {
                    out.push(level);
                    if i < groups {
                        kept_groups += 1;
                    }
                    renumber.push(out.len());
                }
                None => renumber.push(out.len().max(1)),
            }
        }
        (out, kept_groups, renumber)
    }
}

/// Per level: the count within the current parent and across parents, and
/// the evidence of whether first children restart or count on.
#[derive(Default)]
pub(super) struct Counts {
    local: Vec<u64>,
    global: Vec<u64>,
    pub(super) restarts: Vec<usize>,
    pub(super) continues: Vec<usize>,
}

impl Counts {
    fn grow(&mut self, level: usize) {
        if self.local.len() < level {
            self.local.resize(level, 0);
            self.global.resize(level, 0);
            self.restarts.resize(level, 0);
            self.continues.resize(level, 0);
        }
    }

    /// The numbers of the open nodes of levels 1..=`levels` (a decimal
    /// label's parents must be these).
    pub(super) fn open(&self, levels: usize) -> Vec<u64> {
        (0..levels)
            .map(|i| self.local.get(i).copied().unwrap_or(0))
            .collect()
    }

    /// (the number due if it restarts, if it counts on, whether it is the
    /// first under its parent).
    pub(super) fn due(&mut self, level: usize) -> (u64, u64, bool) {
        self.grow(level);
        let i = level - 1;
        (self.local[i] + 1, self.global[i] + 1, self.local[i] == 0)
    }

    /// Counts a node numbered `number` at `level`.
    pub(super) fn count(&mut self, level: usize, number: u64) {
        self.grow(level);
        let i = level - 1;
        if self.local[i] == 0 && self.global[i] > 0 {
            if number == 1 {
                self.restarts[i] += 1;
            } else if number == self.global[i] + 1 {
                self.continues[i] += 1;
            }
        }
        self.local[i] = number;
        self.global[i] = number;
        for count in self.local.iter_mut().skip(i + 1) {
            *count = 0;
        }
    }
}
