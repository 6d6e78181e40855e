//! Every label, computed from the structure alone before any text is
//! rendered, so `ref()` can print it.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::format::scheme::ref_label;
use crate::format::{NodeKind, Scheme};
use crate::numbering::Counters;
use crate::render::RefTable;
use crate::source::*;

/// A node's place in the numbering.
#[derive(Clone, Debug)]
pub(super) struct Numbering {
    /// Its position among the nodes counted together.
    pub(super) number: u64,
    pub(super) label: String,
    /// Its 1-based level in the scheme.
    pub(super) level: usize,
}

/// Numbers a node tree and records the labels `ref()` can name.
pub(super) struct Numbered {
    pub(super) labels: BTreeMap<String, Numbering>,
    pub(super) refs: RefTable,
}

/// Computes every label before any text is rendered.
pub(super) fn number(
    sections: &[NodeSource],
    appendices: &[AppendixSource],
    scheme: &Scheme,
    diags: &mut Diagnostics,
) -> Numbered {
    let mut numbered = Numbered {
        labels: BTreeMap::new(),
        refs: RefTable::default(),
    };
    let mut walker = Walker {
        scheme,
        counters: Counters::new(),
        out: &mut numbered,
        diags,
    };
    walker.walk(sections, "", 0, 0, "");
    for (index, appendix) in appendices.iter().enumerate() {
        if let Some(id) = &appendix.id {
            numbered
                .refs
                .entries
                .entry(id.value.clone())
                .or_insert_with(|| (appendix_label(index + 1, appendices.len()), false));
        }
    }
    numbered
}

struct Walker<'a> {
    scheme: &'a Scheme,
    counters: Counters,
    out: &'a mut Numbered,
    diags: &'a mut Diagnostics,
}

impl Walker<'_> {
    /// Numbers `nodes` below `prefix`, inside `sections` sections and
    /// `points` points; `chain`: the decimal numbers of the parent (`3.1`),
    /// which a `{decimal}` level prints before its own.
    fn walk(
        &mut self,
        nodes: &[NodeSource],
        prefix: &str,
        sections: usize,
        points: usize,
        chain: &str,
    ) {
        for (index, node) in nodes.iter().enumerate() {
            let path = node_path(prefix, node, index);
            let depth = match node.kind {
                NodeKind::Section => sections + 1,
                NodeKind::Point => points + 1,
                NodeKind::Clause | NodeKind::Item => 0,
            };
            let Some(level) = self.scheme.level_of(node.kind, depth) else {
                self.too_deep(node, depth);
                continue;
            };
            let format = &self.scheme.levels[level - 1];
            let n = self.counters.next(self.scheme, level, prefix);
            let Some(label) = format.label_in(n, chain) else {
                self.diags.push(
                    Diagnostic::error(t!("resolve-no-label", pattern = &format.pattern, n = n))
                        .at(&node.loc)
                        .label(t!("resolve-no-label-label", n = n))
                        .help(t!("resolve-no-label-help")),
                );
                continue;
            };
            self.out
                .refs
                .entries
                .insert(path.clone(), (ref_label(&label), node.id.is_none()));
            self.out.labels.insert(
                path.clone(),
                Numbering {
                    number: n,
                    label,
                    level,
                },
            );
            let (sections, points) = match node.kind {
                NodeKind::Section => (depth, points),
                NodeKind::Point => (sections, depth),
                NodeKind::Clause | NodeKind::Item => (sections, points),
            };
            let own = format.chain(n, chain);
            self.walk(&node.children, &path, sections, points, &own);
        }
    }

    fn too_deep(&mut self, node: &NodeSource, depth: usize) {
        let scheme = self.scheme;
        let patterns = |group: bool| {
            scheme
                .levels
                .iter()
                .filter(|l| l.group == group)
                .map(|l| l.pattern.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let d = match node.kind {
            NodeKind::Section => {
                let (name, groups, patterns) = (&scheme.name, scheme.groups(), patterns(true));
                let message = if groups == 1 {
                    t!(
                        "resolve-too-deep-section-one",
                        name = name,
                        groups = groups,
                        patterns = patterns,
                        depth = depth
                    )
                } else {
                    t!(
                        "resolve-too-deep-section",
                        name = name,
                        groups = groups,
                        patterns = patterns,
                        depth = depth
                    )
                };
                Diagnostic::error(message).help(t!("resolve-too-deep-section-help"))
            }
            _ => Diagnostic::error(t!(
                "resolve-too-deep",
                name = &scheme.name,
                levels = scheme.levels.len() - scheme.groups(),
                patterns = patterns(false)
            ))
            .help(t!("resolve-too-deep-help")),
        };
        self.diags
            .push(d.at(&node.loc).label(t!("resolve-too-deep-label")));
    }
}

/// `prefix.id`, or `prefix.#n` for a node without an id.
pub fn node_path(prefix: &str, node: &NodeSource, index: usize) -> String {
    let own = match &node.id {
        Some(id) => id.value.clone(),
        None => format!("#{}", index + 1),
    };
    if prefix.is_empty() {
        own
    } else {
        format!("{prefix}.{own}")
    }
}

/// 附件1, 附件2 …; one appendix alone takes no number: 附件.
pub fn appendix_label(number: usize, count: usize) -> String {
    if count == 1 {
        "附件".to_string()
    } else {
        format!("附件{number}")
    }
}
