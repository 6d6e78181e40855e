//! The document body, headers and footers, built with docx-rs from the
//! resolved document: the same texts and labels as the PDF, in the same order.

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, Comment, Delete, Docx, FieldCharType, Footer, Header, HeightRule, IndentLevel,
    Insert, InstrText, NumberingId, PageMargin, PageNumType, PageSize, Paragraph, Run, RunFonts,
    Section, Table, TableCell, TableRow, VAlignType, WidthType,
};

use crate::diff::tokens::Op;
use crate::diff::{Diff, Item, Kind};
use crate::document::{Appendix, Document, Node, Reference};
use crate::source::{AppendixKind, PageNumber, QuestionKind};
use crate::template::Theme;

use super::parts::{APPENDIX_NUM_ID, level_lists, role_font, text_width};
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

fn fonts(theme: &Theme, role: &str) -> RunFonts {
    let f = role_font(theme, role);
    RunFonts::new()
        .east_asia(&f.east_asia)
        .ascii(&f.ascii)
        .hi_ansi(&f.ascii)
        .cs(&f.ascii)
}

/// A run of text; every run names its East-Asian and Latin fonts.
fn run(theme: &Theme, role: &str, text: &str) -> Run {
    Run::new().add_text(text).fonts(fonts(theme, role))
}

fn styled_run(theme: &Theme, role: &str, style: &str, text: &str) -> Run {
    run(theme, role, text).style(style)
}

/// A field: begin, instruction, separate, cached result, end.
fn field(
    paragraph: Paragraph,
    theme: &Theme,
    role: &str,
    instruction: &str,
    result: &str,
) -> Paragraph {
    paragraph
        .add_run(
            Run::new()
                .fonts(fonts(theme, role))
                .add_field_char(FieldCharType::Begin, false),
        )
        .add_run(
            Run::new()
                .fonts(fonts(theme, role))
                .add_instr_text(InstrText::Unsupported(instruction.to_string())),
        )
        .add_run(
            Run::new()
                .fonts(fonts(theme, role))
                .add_field_char(FieldCharType::Separate, false),
        )
        .add_run(run(theme, role, result))
        .add_run(
            Run::new()
                .fonts(fonts(theme, role))
                .add_field_char(FieldCharType::End, false),
        )
}

/// A paragraph of text whose `ref()` labels become REF fields to bookmarks,
/// with the current label as the cached result.
fn text_with_refs(
    mut paragraph: Paragraph,
    theme: &Theme,
    style: Option<&str>,
    text: &str,
    refs: &[&Reference],
    bookmarks: &BTreeMap<String, (usize, String)>,
) -> Paragraph {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let plain = |p: Paragraph, s: &str| {
        if s.is_empty() {
            return p;
        }
        match style {
            Some(style) => p.add_run(styled_run(theme, "body", style, s)),
            None => p.add_run(run(theme, "body", s)),
        }
    };
    for reference in refs {
        let (start, end) = (
            reference.start.min(chars.len()),
            reference.end.min(chars.len()),
        );
        if start < at || end < start {
            continue;
        }
        let before: String = chars[at..start].iter().collect();
        paragraph = plain(paragraph, &before);
        let label: String = chars[start..end].iter().collect();
        paragraph = match bookmarks.get(&reference.target) {
            // \n: the target's own label, no context of higher levels; \h: a link.
            Some((_, name)) => field(
                paragraph,
                theme,
                "body",
                &format!(" REF {name} \\n \\h "),
                &label,
            ),
            None => plain(paragraph, &label),
        };
        at = end;
    }
    let rest: String = chars[at.min(chars.len())..].iter().collect();
    plain(paragraph, &rest)
}

pub struct BodyBuilder<'a> {
    pub doc: &'a Document,
    pub theme: &'a Theme,
    pub bookmarks: BTreeMap<String, (usize, String)>,
    /// Set for `charter diff --format docx`: the changes to track.
    pub redline: Option<Redline<'a>>,
}

/// The tracked changes of a redline DOCX, by whom and when.
pub struct Redline<'a> {
    pub diff: &'a Diff,
    /// The earlier version, for the texts outside the numbered body (title,
    /// preamble, approval sentence, signature).
    pub old: &'a Document,
    /// The approving body and session: 理事会（第三届第一次会议）.
    pub author: String,
    /// The new approval date, as an ISO date-time.
    pub date: String,
}

/// Comment ids start here, apart from bookmark ids (1…) and revision ids,
/// which are renumbered from 100001 when the package is finished.
const COMMENT_IDS: usize = 10_001;

fn whole(op: Op, text: &str) -> Vec<crate::diff::tokens::Segment> {
    vec![crate::diff::tokens::Segment {
        op,
        text: text.to_string(),
    }]
}

/// Splits whole-text segments into paragraphs.
fn split_lines(
    lines: Vec<(Vec<crate::diff::tokens::Segment>, Op)>,
) -> Vec<(Vec<crate::diff::tokens::Segment>, Op)> {
    lines
        .into_iter()
        .flat_map(|(segments, _)| crate::diff::paragraphs(&segments))
        .collect()
}

/// A removed node's text as printed: section title on its own line, a
/// clause's heading leading its text.
fn join_old(change: &crate::diff::NodeChange) -> String {
    let heading = change.old_heading.clone().unwrap_or_default();
    let text = change.old_text.clone().unwrap_or_default();
    if change.level == 1 && !text.is_empty() {
        format!("{heading}\n{text}")
    } else {
        format!("{heading}{text}")
    }
}

impl BodyBuilder<'_> {
    /// `charter survey`: the appendices alone.
    fn survey(&self) -> bool {
        self.doc.print.as_ref().is_some_and(|p| p.kind == "survey")
    }

    /// Paragraph style of a node, the font role of its heading, and the
    /// character style of its text.
    fn node_style(&self, node: &Node) -> (&'static str, &'static str, Option<&'static str>) {
        let chapters = self.doc.numbering.has_chapters();
        match (node.level, chapters, node.heading.is_some()) {
            (1, _, _) => ("Heading1", "heading1", None),
            (2, false, true) => ("Heading2", "heading2", Some("ClauseText")),
            (2, _, _) => ("Clause", "heading2", None),
            (3, _, _) => ("Clause3", "body", None),
            _ => ("Clause4", "body", None),
        }
    }

    /// The first paragraph of a node: its style and list numbering.
    fn numbered(&self, node: &Node, style: &str) -> Paragraph {
        let level = usize::from(node.level);
        let (list, ilvl) = level_lists(&self.doc.numbering)
            .get(level - 1)
            .copied()
            .unwrap_or((1, level - 1));
        Paragraph::new()
            .style(style)
            .numbering(NumberingId::new(list), IndentLevel::new(ilvl))
    }

    fn node_paragraphs(&self, node: &Node, out: &mut Vec<Paragraph>) {
        self.own_paragraphs(node, out);
        for child in &node.children {
            self.node_paragraphs(child, out);
        }
    }

    /// A node's paragraphs, without its children.
    fn own_paragraphs(&self, node: &Node, out: &mut Vec<Paragraph>) {
        let (style, heading_role, text_style) = self.node_style(node);
        let mut first = self.numbered(node, style);
        let bookmark = self.bookmarks.get(&node.path);
        if let Some((id, name)) = bookmark {
            first = first.add_bookmark_start(*id, name.clone());
        }
        if let Some(heading) = &node.heading {
            let run = if node.level == 1 {
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
        if node.level > 1
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
        out.push(first);
        for (index, text) in texts {
            out.push(text_with_refs(
                Paragraph::new().style("Normal"),
                self.theme,
                None,
                text,
                &refs_in(index),
                &self.bookmarks,
            ));
        }
    }

    /// The redline body: the new document with tracked changes, removed
    /// nodes and old places of moved ones as deletions, a comment on each
    /// deletion and move saying what happened.
    fn redline_paragraphs(&self, redline: &Redline, out: &mut Vec<Paragraph>) {
        let mut comment_id = COMMENT_IDS;
        for item in crate::diff::merged(self.doc, redline.diff) {
            match item {
                Item::New(node, None) => self.own_paragraphs(node, out),
                Item::New(node, Some(change)) => match change.kind {
                    Kind::Renumbered | Kind::Unchanged => self.own_paragraphs(node, out),
                    Kind::Added | Kind::Moved => {
                        let lines =
                            vec![(whole(Op::Insert, &crate::diff::full_text(node)), Op::Insert)];
                        let lines = split_lines(lines);
                        let note = (change.kind == Kind::Moved).then(|| {
                            format!(
                                "调整位置：原{} → {}",
                                change.old_label.as_deref().unwrap_or(""),
                                node.label
                            )
                        });
                        self.tracked(node, lines, true, redline, note, &mut comment_id, out);
                    }
                    _ => {
                        let lines = crate::diff::paragraphs(&change.ops);
                        self.tracked(node, lines, false, redline, None, &mut comment_id, out);
                    }
                },
                Item::Gone(change) => {
                    let text = match change.kind {
                        Kind::Moved => {
                            let old = crate::diff::tokens::sides(&change.ops).0;
                            if change.ops.is_empty() {
                                join_old(change)
                            } else {
                                old
                            }
                        }
                        _ => join_old(change),
                    };
                    let lines = split_lines(vec![(whole(Op::Delete, &text), Op::Delete)]);
                    let note = match change.kind {
                        Kind::Moved => format!(
                            "调整位置：原{}移至{}",
                            change.old_label.as_deref().unwrap_or(""),
                            change.new_label.as_deref().unwrap_or("")
                        ),
                        _ => format!("删除：原{}", change.old_label.as_deref().unwrap_or("")),
                    };
                    let style = match change.level {
                        1 => "Heading1",
                        2 => "Clause",
                        3 => "Clause3",
                        _ => "Clause4",
                    };
                    let mut paragraphs = Vec::new();
                    for (index, (segments, _)) in lines.iter().enumerate() {
                        let mut p =
                            Paragraph::new().style(if index == 0 { style } else { "Normal" });
                        if index == 0 {
                            p = p.add_comment_start(self.comment(comment_id, &note, redline));
                        }
                        for segment in segments {
                            p = p.add_delete(self.deleted(&segment.text, redline));
                        }
                        if index == 0 {
                            p = p.add_comment_end(comment_id);
                            comment_id += 1;
                        }
                        paragraphs.push(p.delete(&redline.author, &redline.date));
                    }
                    out.extend(paragraphs);
                }
            }
        }
    }

    /// Paragraphs of `new` (one per line); in a redline, tracked against the
    /// old version's text returned by `old_of`.
    fn block(
        &self,
        style: &str,
        role: &str,
        old_of: &dyn Fn(&Document) -> String,
        new: &str,
        out: &mut Vec<Paragraph>,
    ) {
        let old = self
            .redline
            .as_ref()
            .map(|r| old_of(r.old))
            .filter(|old| old != new);
        match (&self.redline, old) {
            (Some(redline), Some(old)) => {
                let lines = crate::diff::paragraphs(&crate::diff::tokens::diff(&old, new, false));
                let count = lines.len();
                for (index, (segments, mark)) in lines.into_iter().enumerate() {
                    let mut p = Paragraph::new().style(style);
                    for segment in segments {
                        p = match segment.op {
                            Op::Equal => p.add_run(run(self.theme, role, &segment.text)),
                            Op::Delete => p.add_delete(self.deleted(&segment.text, redline)),
                            Op::Insert => p.add_insert(self.inserted(&segment.text, redline)),
                        };
                    }
                    p = match (mark, index + 1 == count) {
                        (_, true) | (Op::Equal, _) => p,
                        (Op::Insert, _) => p.insert(&redline.author, &redline.date),
                        (Op::Delete, _) => p.delete(&redline.author, &redline.date),
                    };
                    out.push(p);
                }
            }
            _ => {
                for line in new.split('\n').filter(|l| !l.is_empty()) {
                    out.push(
                        Paragraph::new()
                            .style(style)
                            .add_run(run(self.theme, role, line)),
                    );
                }
            }
        }
    }

    fn comment(&self, id: usize, note: &str, redline: &Redline) -> Comment {
        Comment::new(id)
            .author(&redline.author)
            .date(&redline.date)
            .add_paragraph(Paragraph::new().add_run(run(self.theme, "body", note)))
    }

    fn deleted(&self, text: &str, redline: &Redline) -> Delete {
        Delete::new()
            .add_run(
                Run::new()
                    .fonts(fonts(self.theme, "body"))
                    .add_delete_text(text),
            )
            .author(&redline.author)
            .date(&redline.date)
    }

    fn inserted(&self, text: &str, redline: &Redline) -> Insert {
        Insert::new(run(self.theme, "body", text))
            .author(&redline.author)
            .date(&redline.date)
    }

    /// A changed node's paragraphs from token operations. `whole_insert`:
    /// the node is new here (added, or moved here), so its paragraph marks
    /// are inserted too.
    #[allow(clippy::too_many_arguments)]
    fn tracked(
        &self,
        node: &Node,
        lines: Vec<(Vec<crate::diff::tokens::Segment>, Op)>,
        whole_insert: bool,
        redline: &Redline,
        note: Option<String>,
        comment_id: &mut usize,
        out: &mut Vec<Paragraph>,
    ) {
        let (style, _, _) = self.node_style(node);
        let count = lines.len();
        for (index, (segments, mark)) in lines.into_iter().enumerate() {
            let mut p = if index == 0 {
                self.numbered(node, style)
            } else {
                Paragraph::new().style("Normal")
            };
            if index == 0
                && let Some(note) = &note
            {
                p = p.add_comment_start(self.comment(*comment_id, note, redline));
            }
            for segment in segments {
                p = match segment.op {
                    Op::Equal => p.add_run(run(
                        self.theme,
                        if node.level == 1 && index == 0 {
                            "heading1"
                        } else {
                            "body"
                        },
                        &segment.text,
                    )),
                    Op::Delete => p.add_delete(self.deleted(&segment.text, redline)),
                    Op::Insert => p.add_insert(self.inserted(&segment.text, redline)),
                };
            }
            if index == 0 && note.is_some() {
                p = p.add_comment_end(*comment_id);
                *comment_id += 1;
            }
            let mark = if whole_insert {
                Op::Insert
            } else if index + 1 == count {
                Op::Equal
            } else {
                mark
            };
            p = match mark {
                Op::Insert => p.insert(&redline.author, &redline.date),
                Op::Delete => p.delete(&redline.author, &redline.date),
                Op::Equal => p,
            };
            out.push(p);
        }
    }

    fn cover(&self) -> Section {
        let doc = self.doc;
        let mut section = Section::new()
            .page_size(page_size(self.theme))
            .page_margin(page_margin(self.theme));
        section = section.add_paragraph(Paragraph::new().style("CoverOrg").add_run(run(
            self.theme,
            "title",
            &doc.org.name,
        )));
        if let Some(en) = &doc.org.name_en {
            section = section.add_paragraph(
                Paragraph::new()
                    .style("CoverText")
                    .add_run(run(self.theme, "body", en)),
            );
        }
        section = section.add_paragraph(
            Paragraph::new()
                .style("CoverTitle")
                .add_run(run(self.theme, "title", &doc.title)),
        );
        if let Some(number) = &doc.number {
            section = section.add_paragraph(Paragraph::new().style("CoverText").add_run(run(
                self.theme,
                "body",
                &format!("编号：{number}"),
            )));
        }
        if let Some(signature) = &doc.closing.signature {
            section = section.add_paragraph(Paragraph::new().style("CoverText").add_run(run(
                self.theme,
                "body",
                &signature.date,
            )));
        }
        section
    }

    fn header(&self) -> Header {
        let doc = self.doc;
        let mut p = Paragraph::new()
            .style("Header")
            .add_run(run(self.theme, "title", &doc.org.name))
            .add_run(Run::new().fonts(fonts(self.theme, "title")).add_tab())
            .add_run(run(self.theme, "title", &doc.title));
        if let Some(number) = &doc.number {
            p = p
                .add_run(Run::new().fonts(fonts(self.theme, "title")).add_tab())
                .add_run(run(self.theme, "title", number));
        }
        Header::new().add_paragraph(p)
    }

    /// Page number paragraph: — N — on the outer side, or 第 N 页 共 M 页 centred.
    fn footer(&self, odd: bool) -> Footer {
        let theme = self.theme;
        let p = Paragraph::new().style("Footer");
        let p = match self.doc.layout.page_number {
            PageNumber::Dash => {
                let p = p.align(if odd {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                });
                let p = p.add_run(run(theme, "title", "— "));
                let p = field(p, theme, "title", " PAGE ", "1");
                p.add_run(run(theme, "title", " —"))
            }
            PageNumber::Total => {
                // With a cover in its own section, the total counts the body's pages.
                let total = if self.doc.layout.cover {
                    " SECTIONPAGES "
                } else {
                    " NUMPAGES "
                };
                let p = p
                    .align(AlignmentType::Center)
                    .add_run(run(theme, "title", "第 "));
                let p = field(p, theme, "title", " PAGE ", "1");
                let p = p.add_run(run(theme, "title", " 页 共 "));
                let p = field(p, theme, "title", total, "1");
                p.add_run(run(theme, "title", " 页"))
            }
            PageNumber::None => p,
        };
        Footer::new().add_paragraph(p)
    }

    fn closing(&self, out: &mut Vec<Paragraph>) {
        let statement = |d: &Document| d.closing.statement.clone().unwrap_or_default();
        self.block("Closing", "body", &statement, &statement(self.doc), out);
        let list = |d: &Document| {
            d.closing
                .appendix_list
                .iter()
                .enumerate()
                .map(|(i, entry)| {
                    if i == 0 {
                        format!("附件：{entry}")
                    } else {
                        entry.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        self.block("AppendixList", "body", &list, &list(self.doc), out);
        if self.doc.closing.signature.is_some() {
            out.push(Paragraph::new().style("Signature"));
            let org = |d: &Document| {
                d.closing
                    .signature
                    .as_ref()
                    .map(|s| s.org.clone())
                    .unwrap_or_default()
            };
            let date = |d: &Document| {
                d.closing
                    .signature
                    .as_ref()
                    .map(|s| s.date.clone())
                    .unwrap_or_default()
            };
            self.block("Signature", "body", &org, &org(self.doc), out);
            self.block("Signature", "body", &date, &date(self.doc), out);
        }
    }

    fn appendix(&self, appendix: &Appendix, first: bool, mut docx: Docx) -> Docx {
        let theme = self.theme;
        let title =
            Paragraph::new()
                .style("AppendixTitle")
                .add_run(run(theme, "title", &appendix.title));
        if self.survey() {
            // A print of the forms alone: no 附件N label, each copy on a new page.
            docx = docx.add_paragraph(if first {
                title
            } else {
                title.page_break_before(true)
            });
        } else {
            // The label 附件N comes from list numbering, like the clause labels.
            docx = docx.add_paragraph(
                Paragraph::new()
                    .style("AppendixLabel")
                    .page_break_before(true)
                    .numbering(NumberingId::new(APPENDIX_NUM_ID), IndentLevel::new(0)),
            );
            docx = docx.add_paragraph(title);
        }
        for p in &appendix.intro {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .style("Normal")
                    .add_run(run(theme, "body", p)),
            );
        }
        if !appendix.respondent.is_empty() {
            let mut p = Paragraph::new().style("TableText");
            for (i, field) in appendix.respondent.iter().enumerate() {
                if i > 0 {
                    p = p.add_run(run(theme, "body", "\u{3000}\u{3000}"));
                }
                p = p
                    .add_run(run(theme, "body", &format!("{field}：")))
                    .add_run(run(theme, "body", &"\u{3000}".repeat(8)).underline("single"));
            }
            docx = docx.add_paragraph(p);
        }
        match appendix.kind {
            AppendixKind::Questionnaire => {
                let mut rated: Vec<&crate::document::Question> = Vec::new();
                for question in &appendix.questions {
                    match question.kind {
                        QuestionKind::Rated => rated.push(question),
                        QuestionKind::Open => {
                            if !rated.is_empty() {
                                docx = docx.add_table(self.survey_grid(appendix, &rated));
                                rated.clear();
                            }
                            docx = docx.add_paragraph(
                                Paragraph::new()
                                    .style("TableText")
                                    .keep_next(true)
                                    .add_run(run(
                                        theme,
                                        "body",
                                        &format!("{}. {}", question.number, question.text),
                                    )),
                            );
                            for line in 0..question.lines {
                                let p = Paragraph::new().style("AnswerLine");
                                docx = docx.add_paragraph(if line + 1 < question.lines {
                                    p.keep_next(true)
                                } else {
                                    p
                                });
                            }
                        }
                    }
                }
                if !rated.is_empty() {
                    docx = docx.add_table(self.survey_grid(appendix, &rated));
                }
            }
            AppendixKind::Form => docx = docx.add_table(self.form_table(appendix)),
        }
        docx
    }

    /// 序号 | 问题 | one column per scale point, a ☐ in each cell. The header
    /// row repeats on a new page (marked when the package is finished).
    fn survey_grid(&self, appendix: &Appendix, questions: &[&crate::document::Question]) -> Table {
        let theme = self.theme;
        let width = text_width(theme) as usize;
        let number_width = 700;
        // Each scale column as wide as its label; the question takes the rest.
        let char_twips = (theme.size("table", 12.0) * 20.0) as usize;
        let scale_widths: Vec<usize> = appendix
            .scale
            .iter()
            .map(|s| s.chars().count() * char_twips + 200)
            .collect();
        let question_width = width
            .saturating_sub(number_width + scale_widths.iter().sum::<usize>())
            .max(1500);
        let head = |text: &str, w: usize| {
            TableCell::new()
                .width(w, WidthType::Dxa)
                .vertical_align(VAlignType::Center)
                .add_paragraph(
                    Paragraph::new()
                        .style("TableHead")
                        .add_run(run(theme, "heading1", text)),
                )
        };
        let mut header = vec![head("序号", number_width), head("问题", question_width)];
        header.extend(
            appendix
                .scale
                .iter()
                .zip(&scale_widths)
                .map(|(s, w)| head(s, *w)),
        );
        let mut rows = vec![TableRow::new(header)];
        for q in questions {
            let mut cells = vec![
                TableCell::new()
                    .width(number_width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(
                        Paragraph::new()
                            .style("TableText")
                            .align(AlignmentType::Center)
                            .add_run(run(theme, "body", &q.number.to_string())),
                    ),
                TableCell::new()
                    .width(question_width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(
                        Paragraph::new()
                            .style("TableText")
                            .add_run(run(theme, "body", &q.text)),
                    ),
            ];
            for scale_width in &scale_widths {
                cells.push(
                    TableCell::new()
                        .width(*scale_width, WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(
                            Paragraph::new()
                                .style("TableText")
                                .align(AlignmentType::Center)
                                .add_run(styled_run(theme, "symbols", "Symbol", "☐")),
                        ),
                );
            }
            rows.push(TableRow::new(cells).cant_split());
        }
        let mut grid = vec![number_width, question_width];
        grid.extend(&scale_widths);
        Table::new(rows)
            .style("SurveyGrid")
            .set_grid(grid)
            .width(width, WidthType::Dxa)
    }

    /// Label | answer box, rows as tall as the field's writing lines.
    fn form_table(&self, appendix: &Appendix) -> Table {
        let theme = self.theme;
        let width = text_width(theme) as usize;
        let label_width = 1800;
        let answer_width = width.saturating_sub(label_width).max(1500);
        let line_height = theme.size("table", 12.0) * 2.0;
        let rows = appendix
            .fields
            .iter()
            .map(|f| {
                TableRow::new(vec![
                    TableCell::new()
                        .width(label_width, WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(
                            Paragraph::new()
                                .style("TableHead")
                                .add_run(run(theme, "heading1", &f.label)),
                        ),
                    TableCell::new()
                        .width(answer_width, WidthType::Dxa)
                        .add_paragraph(Paragraph::new().style("FormText")),
                ])
                .row_height((line_height * f64::from(f.lines.max(1)) * 20.0) as f32)
                .height_rule(HeightRule::AtLeast)
                .cant_split()
            })
            .collect();
        Table::new(rows)
            .style("CharterTable")
            .set_grid(vec![label_width, answer_width])
            .width(width, WidthType::Dxa)
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
            for (index, appendix) in doc.appendices.iter().enumerate() {
                docx = self.appendix(appendix, index == 0, docx);
            }
            return docx;
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

        // Title (with the organisation when the title does not name it), 编号, preamble.
        let title = |d: &Document| {
            if d.title.contains(&d.org.name) {
                d.title.clone()
            } else {
                format!("{}{}", d.org.name, d.title)
            }
        };
        let number = |d: &Document| {
            d.number
                .as_ref()
                .map(|n| format!("编号：{n}"))
                .unwrap_or_default()
        };
        let title_note = |d: &Document| d.title_note.clone().unwrap_or_default();
        let preamble = |d: &Document| d.preamble.join("\n");
        let mut front = Vec::new();
        self.block("Title", "title", &title, &title(doc), &mut front);
        self.block(
            "TitleNote",
            "heading2",
            &title_note,
            &title_note(doc),
            &mut front,
        );
        if !doc.layout.cover {
            self.block("Number", "body", &number, &number(doc), &mut front);
        }
        self.block("Normal", "body", &preamble, &preamble(doc), &mut front);
        for p in front {
            docx = docx.add_paragraph(p);
        }
        let mut paragraphs = Vec::new();
        match &self.redline {
            Some(redline) => self.redline_paragraphs(redline, &mut paragraphs),
            None => {
                for section in &doc.sections {
                    self.node_paragraphs(section, &mut paragraphs);
                }
            }
        }
        self.closing(&mut paragraphs);
        for p in paragraphs {
            docx = docx.add_paragraph(p);
        }
        for appendix in &doc.appendices {
            docx = self.appendix(appendix, false, docx);
        }
        docx
    }
}

fn page_size(theme: &Theme) -> PageSize {
    PageSize::new().size(
        mm_to_twips(theme.page.width_mm),
        mm_to_twips(theme.page.height_mm),
    )
}

fn page_margin(theme: &Theme) -> PageMargin {
    let page = &theme.page;
    // The page number sits `footer_mm` below the text block.
    let footer = page.bottom_mm
        - page.footer_mm.unwrap_or(7.0)
        - theme.size("page_number", 14.0) * 25.4 / 72.0;
    PageMargin {
        top: mm_to_twips(page.top_mm) as i32,
        left: mm_to_twips(page.left_mm) as i32,
        bottom: mm_to_twips(page.bottom_mm) as i32,
        right: mm_to_twips(page.right_mm) as i32,
        header: mm_to_twips((page.top_mm - 15.0).max(8.0)) as i32,
        footer: mm_to_twips(footer.max(5.0)) as i32,
        gutter: 0,
    }
}

/// A document holding the 修订对照表 of a diff.
pub fn change_table(
    doc: &Document,
    theme: &Theme,
    subtitle: &str,
    rows: &[crate::diff::output::TableRow],
) -> Docx {
    let width = text_width(theme) as usize;
    let widths = [
        width * 8 / 100,
        width * 37 / 100,
        width * 37 / 100,
        width - width * 82 / 100,
    ];
    let cell = |text: &str, w: usize, style: &str, role: &str| {
        let mut c = TableCell::new()
            .width(w, WidthType::Dxa)
            .vertical_align(VAlignType::Center);
        for line in text.split('\n') {
            c = c.add_paragraph(
                Paragraph::new()
                    .style(style)
                    .add_run(run(theme, role, line)),
            );
        }
        c
    };
    let mut table_rows = vec![TableRow::new(
        ["序号", "原条款", "修订后条款", "修订说明"]
            .iter()
            .zip(widths)
            .map(|(h, w)| cell(h, w, "TableHead", "heading1"))
            .collect(),
    )];
    for row in rows {
        if row.old == "—" && row.new == "—" {
            // Renumbering and reference updates, once, across the text columns.
            table_rows.push(TableRow::new(vec![
                cell(&row.number.to_string(), widths[0], "TableHead", "body"),
                cell(
                    &row.note,
                    widths[1] + widths[2] + widths[3],
                    "TableText",
                    "body",
                )
                .grid_span(3),
            ]));
            continue;
        }
        table_rows.push(TableRow::new(vec![
            cell(&row.number.to_string(), widths[0], "TableHead", "body"),
            cell(&row.old, widths[1], "TableText", "body"),
            cell(&row.new, widths[2], "TableText", "body"),
            cell(&row.note, widths[3], "TableText", "body"),
        ]));
    }
    let table = Table::new(table_rows)
        .style("SurveyGrid")
        .set_grid(widths.to_vec())
        .width(width, WidthType::Dxa);
    Docx::new()
        .page_size(
            mm_to_twips(theme.page.width_mm),
            mm_to_twips(theme.page.height_mm),
        )
        .page_margin(page_margin(theme))
        .add_paragraph(Paragraph::new().style("Title").add_run(run(
            theme,
            "title",
            &format!("{}修订对照表", doc.title),
        )))
        .add_paragraph(
            Paragraph::new()
                .style("CoverText")
                .add_run(run(theme, "body", subtitle)),
        )
        .add_table(table)
}
