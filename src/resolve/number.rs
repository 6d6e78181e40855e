//! Every label, computed from the structure alone before any text is
//! rendered, so `ref()` can print it.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::format::Scheme;
use crate::format::scheme::ref_label;
use crate::numbering::Counters;
use crate::render::RefTable;
use crate::source::*;

/// Numbers a node tree and records the labels `ref()` can name.
pub(super) struct Numbered {
    pub(super) labels: BTreeMap<String, (u64, String)>,
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
    let mut counters = Counters::new();
    fn walk(
        nodes: &[NodeSource],
        prefix: &str,
        scheme: &Scheme,
        counters: &mut Counters,
        out: &mut Numbered,
        diags: &mut Diagnostics,
    ) {
        for (index, node) in nodes.iter().enumerate() {
            let path = node_path(prefix, node, index);
            let level = usize::from(node.level);
            let Some(format) = scheme.levels.get(level - 1) else {
                diags.push(
                    Diagnostic::error(format!(
                        "numbering \"{}\" has {} levels; this node is at level {level}",
                        scheme.name,
                        scheme.levels.len()
                    ))
                    .at(&node.loc)
                    .label("no label pattern for this level")
                    .help("add a pattern for this level to [charter.numbering] levels"),
                );
                continue;
            };
            let n = counters.next(scheme, level);
            let Some(label) = format.label(n) else {
                diags.push(
                    Diagnostic::error(format!(
                        "\"{}\" has no label for number {n}",
                        format.pattern
                    ))
                    .at(&node.loc)
                    .label(format!("the {n}th node at this level"))
                    .help("circled numbers stop at ⑳; use a pattern with {n} for long lists"),
                );
                continue;
            };
            out.refs
                .entries
                .insert(path.clone(), (ref_label(&label), node.id.is_none()));
            out.labels.insert(path.clone(), (n, label));
            walk(&node.children, &path, scheme, counters, out, diags);
        }
    }
    walk(sections, "", scheme, &mut counters, &mut numbered, diags);
    for (index, appendix) in appendices.iter().enumerate() {
        if let Some(id) = &appendix.id {
            numbered
                .refs
                .entries
                .entry(id.value.clone())
                .or_insert_with(|| (format!("附件{}", index + 1), false));
        }
    }
    numbered
}

/// `prefix.id`, or `prefix.#n` for a node without an id.
pub(super) fn node_path(prefix: &str, node: &NodeSource, index: usize) -> String {
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
