//! Pairing the nodes of two versions: by id path, then by id across
//! parents (a moved node), then by text similarity; and which matched
//! nodes kept their order.

use std::collections::{HashMap, HashSet};

use crate::document::{Document, Node};

use super::full_text;

/// A node of a document with what the diff needs about it.
pub(super) struct Entry<'a> {
    pub(super) node: &'a Node,
    /// Index of the parent entry; None for sections.
    pub(super) parent: Option<usize>,
    /// Position among its siblings.
    pub(super) sibling: usize,
    /// Whether the node's own id (and every ancestor's) was written in the source.
    pub(super) identified: bool,
    pub(super) section: String,
    /// The places above it as a reader cites them (五、服务时限 before
    /// （一）; 第四章第二节 before 第十八条); `None` at the top.
    pub(super) context: Option<String>,
}

pub(super) fn flatten(doc: &Document) -> Vec<Entry<'_>> {
    let chapters = doc.numbering.has_chapters();
    #[allow(clippy::too_many_arguments)]
    fn walk<'a>(
        nodes: &'a [Node],
        parent: Option<usize>,
        identified: bool,
        section: &str,
        context: &str,
        chapters: bool,
        out: &mut Vec<Entry<'a>>,
    ) {
        for (sibling, node) in nodes.iter().enumerate() {
            let own = !node.id.starts_with('#');
            let section = if node.level == 1 {
                let gap = if node.label.ends_with('章') {
                    "　"
                } else {
                    ""
                };
                format!(
                    "{}{gap}{}",
                    node.label,
                    node.heading.as_deref().unwrap_or("")
                )
            } else {
                section.to_string()
            };
            let index = out.len();
            out.push(Entry {
                node,
                parent,
                sibling,
                identified: identified && own,
                section: section.clone(),
                context: (!context.is_empty()).then(|| context.to_string()),
            });
            let below = format!("{context}{}", citation_part(node, chapters));
            walk(
                &node.children,
                Some(index),
                identified && own,
                &section,
                &below,
                chapters,
                out,
            );
        }
    }
    let mut out = Vec::new();
    walk(&doc.sections, None, true, "", "", chapters, &mut out);
    out
}

/// A node's part of a citation: 第四章, 第二节, 第十八条 as labels alone;
/// a section of an outline scheme with its title (五、服务时限), as readers
/// name it.
pub fn citation_part(node: &Node, chapters: bool) -> String {
    if node.kind == crate::format::NodeKind::Section && !chapters {
        format!("{}{}", node.label, node.heading.as_deref().unwrap_or(""))
    } else {
        node.label.clone()
    }
}

/// The node's text with each cross-reference replaced by its target, so a
/// text that changed only because a target was renumbered compares equal.
pub(super) fn masked_text(node: &Node, rename: &dyn Fn(&str) -> String) -> String {
    let mut paragraphs: Vec<String> = node.text.clone();
    for (index, paragraph) in paragraphs.iter_mut().enumerate() {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut out = String::new();
        let mut at = 0;
        let mut refs: Vec<_> = node.refs.iter().filter(|r| r.paragraph == index).collect();
        refs.sort_by_key(|r| r.start);
        for r in refs {
            if r.start < at || r.end > chars.len() {
                continue;
            }
            out.extend(&chars[at..r.start]);
            out.push_str(&format!("\u{E000}{}\u{E001}", rename(&r.target)));
            at = r.end;
        }
        out.extend(&chars[at.min(chars.len())..]);
        *paragraph = out;
    }
    format!(
        "{}\n{}\n{}",
        node.heading.as_deref().unwrap_or(""),
        paragraphs.join("\n"),
        super::tables::lines(node).join("\n")
    )
}

pub(super) fn similarity(a: &str, b: &str) -> f32 {
    similar::TextDiff::from_chars(a, b).ratio()
}

/// Pairs old and new entries: by id path, then by leaf id across parents
/// (a moved node), then nodes without ids by text similarity.
pub(super) fn match_entries(old: &[Entry], new: &[Entry]) -> HashMap<usize, usize> {
    let mut matched: HashMap<usize, usize> = HashMap::new();
    let mut taken: HashSet<usize> = HashSet::new();
    let new_by_path: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .filter(|(_, e)| e.identified)
        .map(|(i, e)| (e.node.path.as_str(), i))
        .collect();
    for (i, e) in old.iter().enumerate() {
        if !e.identified {
            continue;
        }
        if let Some(&j) = new_by_path.get(e.node.path.as_str()) {
            matched.insert(i, j);
            taken.insert(j);
        }
    }
    // A node with its own id under another parent: moved there.
    let mut new_by_id: HashMap<(&str, u8), Vec<usize>> = HashMap::new();
    for (j, e) in new.iter().enumerate() {
        if !taken.contains(&j) && !e.node.id.starts_with('#') {
            new_by_id
                .entry((e.node.id.as_str(), e.node.level))
                .or_default()
                .push(j);
        }
    }
    for (i, e) in old.iter().enumerate() {
        if matched.contains_key(&i) || e.node.id.starts_with('#') {
            continue;
        }
        let old_unique = old
            .iter()
            .enumerate()
            .filter(|(k, o)| {
                !matched.contains_key(k) && o.node.id == e.node.id && o.node.level == e.node.level
            })
            .count()
            == 1;
        if let Some(candidates) = new_by_id.get(&(e.node.id.as_str(), e.node.level))
            && candidates.len() == 1
            && old_unique
            && !taken.contains(&candidates[0])
        {
            matched.insert(i, candidates[0]);
            taken.insert(candidates[0]);
        }
    }
    // Nodes without ids: the most similar unmatched node of the same level,
    // preferring one under the counterpart of the same parent.
    let threshold = 0.5;
    for (i, e) in old.iter().enumerate() {
        if matched.contains_key(&i) {
            continue;
        }
        let text = full_text(e.node);
        let parent_match = e.parent.and_then(|p| matched.get(&p).copied());
        let mut best: Option<(f32, usize)> = None;
        for (j, n) in new.iter().enumerate() {
            if taken.contains(&j)
                || n.node.level != e.node.level
                || (n.node.id.starts_with('#') != e.node.id.starts_with('#')
                    && !e.node.id.starts_with('#'))
            {
                continue;
            }
            let mut score = similarity(&text, &full_text(n.node));
            if n.parent == parent_match {
                score += 0.1;
            }
            if score >= threshold && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, j));
            }
        }
        if let Some((_, j)) = best {
            matched.insert(i, j);
            taken.insert(j);
        }
    }
    matched
}

/// Positions in `sequence` that belong to one longest increasing subsequence.
pub(super) fn longest_increasing(sequence: &[usize]) -> HashSet<usize> {
    // Patience sorting with back-pointers, O(n log n).
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; sequence.len()];
    for (i, &value) in sequence.iter().enumerate() {
        let at = tails.partition_point(|&t| sequence[t] < value);
        if at > 0 {
            previous[i] = Some(tails[at - 1]);
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut out = HashSet::new();
    let mut cursor = tails.last().copied();
    while let Some(i) = cursor {
        out.insert(i);
        cursor = previous[i];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lis_keeps_the_longest_run_in_order() {
        let keep = longest_increasing(&[0, 1, 5, 2, 3, 4]);
        let mut kept: Vec<usize> = keep.into_iter().collect();
        kept.sort();
        assert_eq!(kept, [0, 1, 3, 4, 5]);
        assert!(longest_increasing(&[]).is_empty());
    }
}
