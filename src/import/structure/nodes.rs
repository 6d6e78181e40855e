//! Nodes from labelled lines: which labels are taken as structure, run-in
//! headings, and the tree assembled from the flat list.

use super::*;

/// A line ending so goes on in the next one.
pub(super) const CONTINUING: [char; 9] = ['，', '、', '和', '或', '及', '与', '的', '第', ','];

/// Longer than a clause heading: a title-like line this long after a
/// clause label (第二十四条) is the first line of a paragraph that wrapped, as
/// text taken from a PDF gives it. Section titles (level 1) may be longer.
pub(super) const CLAUSE_HEADING_MAX: usize = 17;

pub(super) fn wrapped_first_line(level: usize, text: &str) -> bool {
    let text = text.trim_matches(is_space);
    level >= 2 && title_like(text) && text.chars().count() > CLAUSE_HEADING_MAX
}

/// Run-in headings (公平公正。) are a habit of a whole list. Where fewer than
/// half of the siblings start with a short sentence, that sentence is part
/// of their text (理事会每年至少召开两次会议。会议须……).
pub(super) fn fold_lone_run_ins(flats: &mut [Flat]) {
    let mut groups: std::collections::BTreeMap<(Option<usize>, usize), Vec<usize>> =
        std::collections::BTreeMap::new();
    let mut parents: Vec<usize> = Vec::new();
    for (i, flat) in flats.iter().enumerate() {
        while parents
            .last()
            .is_some_and(|&p| flats[p].level >= flat.level)
        {
            parents.pop();
        }
        groups
            .entry((parents.last().copied(), flat.level))
            .or_default()
            .push(i);
        parents.push(i);
    }
    for siblings in groups.values() {
        let with_text = siblings
            .iter()
            .filter(|&&i| !flats[i].text.is_empty())
            .count();
        let run_ins: Vec<usize> = siblings
            .iter()
            .copied()
            .filter(|&i| flats[i].run_in)
            .collect();
        if run_ins.len() * 2 >= with_text {
            continue;
        }
        for i in run_ins {
            let flat = &mut flats[i];
            if let (Some(heading), Some(first)) = (flat.heading.take(), flat.text.first_mut()) {
                first.insert_str(0, &heading);
            }
            flat.run_in = false;
        }
    }
}

/// Run-in heading: a first sentence short enough to be a lead (公平公正。).
pub(super) const RUN_IN_MAX: usize = 16;

/// Splits a label's text into heading and text.
pub(super) fn split_heading(rest: &str) -> (Option<String>, Option<String>) {
    let rest = rest.trim_matches(is_space);
    if rest.is_empty() {
        return (None, None);
    }
    if title_like(rest) {
        return (Some(rest.to_string()), None);
    }
    if let Some(at) = rest.find('。') {
        let lead = &rest[..at + '。'.len_utf8()];
        let after = rest[lead.len()..].trim_matches(is_space);
        if lead.chars().count() <= RUN_IN_MAX && !lead.contains(['，', ',']) && !after.is_empty() {
            return (Some(lead.to_string()), Some(after.to_string()));
        }
    }
    (None, Some(rest.to_string()))
}

/// A caption for a table: the short line right above it that names a
/// table (会费标准表, 表1 会员代表名额), taken off the node's text.
pub(super) fn table_caption(text: &mut Vec<String>) -> Option<String> {
    let last = text.last()?;
    let t = last.trim_matches(is_space);
    let names_table =
        t.ends_with('表') || t.starts_with('表') || t.contains("一览") || t.contains("标准");
    if title_like(t) && t.chars().count() <= 30 && names_table && parse_label(t).is_none() {
        let caption = t.to_string();
        text.pop();
        return Some(caption);
    }
    None
}

/// Flat nodes in document order → the tree.
/// A label with no heading, no text and nothing under it (a stray 2、 at the
/// end) cannot be a node of the charter: it goes back as text where it
/// stood, and the report says so.
pub(super) fn fold_empty_nodes(flats: Vec<Flat>, parsed: &mut Parsed) -> Vec<Flat> {
    let mut out: Vec<Flat> = Vec::with_capacity(flats.len());
    let mut iter = flats.into_iter().peekable();
    while let Some(flat) = iter.next() {
        let has_children = iter.peek().is_some_and(|next| next.level > flat.level);
        if flat.heading.is_some()
            || !flat.text.is_empty()
            || !flat.tables.is_empty()
            || has_children
        {
            out.push(flat);
            continue;
        }
        parsed.unplaced.push(Note {
            line: flat.line,
            text: flat.label.clone(),
            why: "a label with nothing after it: kept as text".into(),
        });
        match out.last_mut() {
            Some(previous) => previous.text.push(flat.label),
            None => parsed.preamble.push(flat.label),
        }
    }
    out
}

pub(super) fn assemble(flats: Vec<Flat>) -> Vec<Node> {
    fn take(flats: &mut std::iter::Peekable<std::vec::IntoIter<Flat>>, level: usize) -> Vec<Node> {
        let mut out = Vec::new();
        while let Some(flat) = flats.next_if(|f| f.level >= level) {
            let children = take(flats, flat.level + 1);
            out.push(Node {
                level: flat.level,
                label: flat.label,
                line: flat.line,
                heading: flat.heading,
                text: flat.text,
                tables: flat.tables,
                children,
                id: String::new(),
                notes: Vec::new(),
            });
        }
        out
    }
    let mut iter = flats.into_iter().peekable();
    take(&mut iter, 1)
}
