//! The node tree rendered: labels from numbering, texts from templates.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::Node;
use crate::format::scheme::ref_label;
use crate::format::{NodeKind, Scheme};
use crate::lint::lint_text;
use crate::render::Renderer;
use crate::source::*;

use super::number::{Numbering, node_path};

pub(super) struct NodeCtx<'a, 'r> {
    pub(super) renderer: &'a Renderer,
    pub(super) labels: &'a BTreeMap<String, Numbering>,
    pub(super) scheme: &'a Scheme,
    pub(super) diags: &'a mut Diagnostics,
    pub(super) record: &'r mut dyn FnMut(String, &crate::source::Text),
}

impl NodeCtx<'_, '_> {
    pub(super) fn nodes(&mut self, nodes: &[NodeSource], prefix: &str) -> Vec<Node> {
        let mut out = Vec::new();
        for (index, node) in nodes.iter().enumerate() {
            let path = node_path(prefix, node, index);
            let Some(Numbering {
                number,
                label,
                level,
            }) = self.labels.get(&path).cloned()
            else {
                continue;
            };
            crate::drafting::notes(node.notes.as_deref(), &label, self.diags);
            let empty = node.heading.is_none()
                && node.text.is_none()
                && node.children.is_empty()
                && node.tables.is_empty();
            if node.kind == NodeKind::Section && node.heading.is_none() {
                let hint = if self.scheme.has_chapters() {
                    t!("resolve-section-title-chapter-help")
                } else {
                    t!("resolve-section-title-help")
                };
                self.diags.push(
                    Diagnostic::error(t!("resolve-section-title"))
                        .at(&node.loc)
                        .label(t!("resolve-no-title-here"))
                        .help(hint),
                );
            } else if empty {
                self.diags.push(
                    Diagnostic::error(t!("resolve-empty-node"))
                        .at(&node.loc)
                        .label(t!("resolve-nothing-to-print"))
                        .help(t!("resolve-empty-node-help")),
                );
            }
            let heading = node.heading.as_ref().and_then(|h| {
                (self.record)(format!("{path}#heading"), h);
                lint_text(h, self.diags);
                self.renderer.line(h, self.diags)
            });
            let rendered = node
                .text
                .as_ref()
                .and_then(|t| {
                    (self.record)(format!("{path}#text"), t);
                    lint_text(t, self.diags);
                    self.renderer.paragraphs(t, self.diags)
                })
                .unwrap_or_default();
            let tables = self.tables(&node.tables, &path);
            let children = self.nodes(&node.children, &path);
            out.push(Node {
                id: path.rsplit('.').next().unwrap_or(&path).to_string(),
                path,
                kind: node.kind,
                level: u8::try_from(level).unwrap_or(u8::MAX),
                number,
                ref_label: ref_label(&label),
                label,
                heading,
                text: rendered.paragraphs,
                refs: rendered.refs,
                tables,
                children,
            });
        }
        out
    }
}
