//! The node tree rendered: labels from numbering, texts from templates.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::Node;
use crate::format::Scheme;
use crate::format::scheme::ref_label;
use crate::lint::lint_text;
use crate::render::Renderer;
use crate::source::*;

use super::number::node_path;

pub(super) struct NodeCtx<'a, 'r> {
    pub(super) renderer: &'a Renderer,
    pub(super) labels: &'a BTreeMap<String, (u64, String)>,
    pub(super) scheme: &'a Scheme,
    pub(super) diags: &'a mut Diagnostics,
    pub(super) record: &'r mut dyn FnMut(String, &crate::source::Text),
}

impl NodeCtx<'_, '_> {
    pub(super) fn nodes(&mut self, nodes: &[NodeSource], prefix: &str) -> Vec<Node> {
        let mut out = Vec::new();
        for (index, node) in nodes.iter().enumerate() {
            let path = node_path(prefix, node, index);
            let Some((number, label)) = self.labels.get(&path).cloned() else {
                continue;
            };
            if node.level == 1 && node.heading.is_none() {
                let hint = if self.scheme.has_chapters() {
                    "add title = \"总则\": a chapter needs a title"
                } else {
                    "add title = \"…\" to this [[section]]"
                };
                self.diags.push(
                    Diagnostic::error("a section needs a title")
                        .at(&node.loc)
                        .label("no title")
                        .help(hint),
                );
            } else if node.heading.is_none() && node.text.is_none() && node.children.is_empty() {
                self.diags.push(
                    Diagnostic::error("an empty node: no heading, no text, nothing below it")
                        .at(&node.loc)
                        .label("nothing to print")
                        .help("add text = \"…\", or remove the entry"),
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
            let children = self.nodes(&node.children, &path);
            out.push(Node {
                id: path.rsplit('.').next().unwrap_or(&path).to_string(),
                path,
                level: node.level,
                number,
                ref_label: ref_label(&label),
                label,
                heading,
                text: rendered.paragraphs,
                refs: rendered.refs,
                children,
            });
        }
        out
    }
}
