//! The document body, headers and footers, built with docx-rs from the
//! resolved document: the same texts and labels as the PDF, in the same
//! order. Page parts, appendix tables and the redline are in the modules
//! beside it.

use std::collections::BTreeMap;

use docx_rs::{Docx, Header, IndentLevel, NumberingId, PageNumType, Paragraph, Table};

use crate::backend::layout::Theme;
use crate::document::{Document, Node, Reference};
use crate::format::NodeKind;
use crate::redline::{Op, Redline};

use super::page::page_margin;
use super::parts::level_lists;
use super::runs::{run, styled_run, text_with_refs};
use super::units::mm_to_twips;

/// Bookmark names of `ref()` targets: `_Ref` + a number in document order,
/// hidden in Word's bookmark list like the ones Word makes itself.
pub fn bookmark_names(doc: &Document) -> BTreeMap<String, (usize, String)> {
    let targets: std::collections::BTreeSet<&str> = doc
        .nodes()
        .iter()
        .flat_map(|n| n.refs.iter().map(|r| r.target.as_str()))
        .collect();
    doc.nodes()
        .iter()
        .filter(|n| targets.contains(n.path.as_str()))
        .enumerate()
        .map(|(i, n)| (n.path.clone(), (i + 1, format!("_Ref{:08}", i + 1))))
        .collect()
}

/// What a body is made of: paragraphs and tables, in order.
pub(super) enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

impl From<Paragraph> for Block {
    fn from(p: Paragraph) -> Self {
        Block::Paragraph(Box::new(p))
    }
}

impl From<Table> for Block {
    fn from(t: Table) -> Self {
        Block::Table(Box::new(t))
    }
}

/// `docx` with `blocks` added in order.
pub(super) fn add_blocks(mut docx: Docx, blocks: Vec<Block>) -> Docx {
    for block in blocks {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
        };
    }
    docx
}

pub struct BodyBuilder<'a> {
    pub doc: &'a Document,
    pub theme: &'a Theme,
    pub bookmarks: BTreeMap<String, (usize, String)>,
    /// Set for `charter diff --format docx`: the changes to track.
    pub redline: Option<&'a Redline>,
    /// Added to every numbering id: each regulation of a volume numbers
    /// its own lists (0 for a document alone).
    pub num_base: usize,
    /// Nodes numbered by a list instance of their own (see
    /// `parts::list_restarts`): path → numId.
    pub restarts: BTreeMap<String, usize>,
}

impl BodyBuilder<'_> {
    /// `charter survey`: the appendices alone.
    pub(super) fn survey(&self) -> bool {
        self.doc.print.as_ref().is_some_and(|p| p.kind == "survey")
    }

    /// Paragraph style of a node, the font role of its heading, and the
    /// character style of its text.
    pub(super) fn node_style(
        &self,
        node: &Node,
    ) -> (&'static str, &'static str, Option<&'static str>) {
        let chapters = self.doc.numbering.has_chapters();
        match (node.kind, chapters, node.heading.is_some()) {
            (NodeKind::Section, _, _) if node.level > 1 => ("Heading2", "heading1", None),
            (NodeKind::Section, _, _) => ("Heading1", "heading1", None),
            (NodeKind::Clause, false, true) => ("Heading2", "heading2", Some("ClauseText")),
            (NodeKind::Clause, _, _) => ("Clause", "heading2", None),
            (NodeKind::Item, _, _) => ("Clause3", "body", None),
            (NodeKind::Point, _, _) => ("Clause4", "body", None),
        }
    }

    /// The first paragraph of a node: its style and list numbering.
    pub(super) fn numbered(&self, node: &Node, style: &str) -> Paragraph {
        let level = usize::from(node.level);
        let (list, ilvl) = level_lists(&self.doc.numbering)
            .get(level - 1)
            .copied()
            .unwrap_or((1, level - 1));
        let num_id = self.restarts.get(&node.path).copied().unwrap_or(list);
        Paragraph::new().style(style).numbering(
            NumberingId::new(num_id + self.num_base),
            IndentLevel::new(ilvl),
        )
    }

    fn node_paragraphs(&self, node: &Node, out: &mut Vec<Block>) {
        self.own_paragraphs(node, out);
        for child in &node.children {
            self.node_paragraphs(child, out);
        }
    }

    /// A node's paragraphs, without its children.
    pub(super) fn own_paragraphs(&self, node: &Node, out: &mut Vec<Block>) {
        let (style, heading_role, text_style) = self.node_style(node);
        let mut first = self.numbered(node, style);
        let bookmark = self.bookmarks.get(&node.path);
        if let Some((id, name)) = bookmark {
            first = first.add_bookmark_start(*id, name.clone());
        }
        if let Some(heading) = &node.heading {
            let run = if node.kind == NodeKind::Section && self.doc.numbering.has_chapters() {
                // 第一章　总则: a full cell between label and heading, as in the PDF.
                run(self.theme, heading_role, &format!("\u{3000}{heading}"))
            } else if node.kind == NodeKind::Section {
                run(self.theme, heading_role, heading)
            } else if style == "Heading2" {
                run(self.theme, "heading2", heading)
            } else {
                styled_run(self.theme, "heading2", "RunInHeading", heading)
            };
            first = first.add_run(run);
        }
        let refs_in = |index: usize| -> Vec<&Reference> {
            node.refs.iter().filter(|r| r.paragraph == index).collect()
        };
        let mut texts = node.text.iter().enumerate();
        if node.kind != NodeKind::Section
            && let Some((index, text)) = texts.next()
        {
            first = text_with_refs(
                first,
                self.theme,
                text_style,
                text,
                &refs_in(index),
                &self.bookmarks,
            );
        }
        if let Some((id, _)) = bookmark {
            first = first.add_bookmark_end(*id);
        }
        out.push(first.into());
        for (index, text) in texts {
            out.push(
                text_with_refs(
                    Paragraph::new().style("Normal"),
                    self.theme,
                    None,
                    text,
                    &refs_in(index),
                    &self.bookmarks,
                )
                .into(),
            );
        }
        for table in &node.tables {
            self.text_table(table, out);
        }
    }

    /// The paragraphs of the front text `role` (see
    /// [`Document::front_texts`]), one per line; in a redline, with the
    /// changes tracked when it changed.
    fn block(&self, style: &str, font: &str, role: &str, out: &mut Vec<Block>) {
        let tracked = self
            .redline
            .and_then(|redline| Some((redline, redline.front.get(role)?)));
        match tracked {
            Some((redline, lines)) => {
                let count = lines.len();
                for (index, line) in lines.iter().enumerate() {
                    let mut p = Paragraph::new().style(style);
                    for segment in &line.segments {
                        p = match segment.op {
                            Op::Equal => p.add_run(run(self.theme, font, &segment.text)),
                            Op::Delete => p.add_delete(self.deleted(&segment.text, redline)),
                            Op::Insert => p.add_insert(self.inserted(&segment.text, redline)),
                        };
                    }
                    p = match (line.mark, index + 1 == count) {
                        (_, true) | (Op::Equal, _) => p,
                        (Op::Insert, _) => p.insert(&redline.author, &redline.date),
                        (Op::Delete, _) => p.delete(&redline.author, &redline.date),
                    };
                    out.push(p.into());
                }
            }
            None => {
                let text = self.doc.front_text(role);
                for line in text.split('\n').filter(|l| !l.is_empty()) {
                    out.push(
                        Paragraph::new()
                            .style(style)
                            .add_run(run(self.theme, font, line))
                            .into(),
                    );
                }
            }
        }
    }

    fn closing(&self, out: &mut Vec<Block>) {
        self.block("Closing", "body", "statement", out);
        self.block("AppendixList", "body", "appendix_list", out);
        if self.doc.closing.signature.is_some() {
            out.push(Paragraph::new().style("Signature").into());
            self.block("Signature", "body", "signature_org", out);
            self.block("Signature", "body", "signature_date", out);
        }
    }

    /// The whole document.
    pub fn build(&self) -> Docx {
        let doc = self.doc;
        let theme = self.theme;
        let mut docx = Docx::new();
        if doc.layout.cover && !self.survey() {
            docx = docx.add_section(self.cover());
        }
        docx = docx
            .page_size(
                mm_to_twips(theme.page.width_mm),
                mm_to_twips(theme.page.height_mm),
            )
            .page_margin(page_margin(theme))
            .page_num_type(PageNumType::new().start(1));
        if self.survey() {
            // The organisation on every page of the printed forms, no page numbers.
            docx = docx.header(self.header()).even_header(self.header());
            let mut forms = Vec::new();
            for (index, appendix) in doc.appendices.iter().enumerate() {
                self.appendix(appendix, index == 0, &mut forms);
            }
            return add_blocks(docx, forms);
        }
        let footer_odd = self.footer(true);
        docx = docx
            .footer(footer_odd.clone())
            .even_footer(self.footer(false))
            .first_footer(footer_odd);
        if doc.layout.header {
            // The running header starts on the second page of the body.
            let empty = Header::new().add_paragraph(Paragraph::new().style("Footer"));
            docx = docx
                .header(self.header())
                .even_header(self.header())
                .first_header(empty);
        }
        docx = docx.title_pg();
        let mut blocks = Vec::new();
        self.block("Title", "title", "title", &mut blocks);
        self.regulation(&mut blocks);
        add_blocks(docx, blocks)
    }

    /// Everything after the title: the note under it, 编号, preamble, body,
    /// closing and appendices.
    pub(super) fn regulation(&self, blocks: &mut Vec<Block>) {
        let doc = self.doc;
        self.block("TitleNote", "heading2", "title_note", blocks);
        if !doc.layout.cover {
            self.block("Number", "body", "number", blocks);
        }
        self.block("Normal", "body", "preamble", blocks);
        match self.redline {
            Some(redline) => self.redline_paragraphs(redline, blocks),
            None => {
                for section in &doc.sections {
                    self.node_paragraphs(section, blocks);
                }
            }
        }
        self.closing(blocks);
        for appendix in &doc.appendices {
            self.appendix(appendix, false, blocks);
        }
    }
}
