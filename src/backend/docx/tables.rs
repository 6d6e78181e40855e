//! Tables: the questionnaire grid, the form, and the 修订对照表.

use docx_rs::{
    AlignmentType, Docx, HeightRule, IndentLevel, NumberingId, Paragraph, Table, TableCell,
    TableRow, VAlignType, VMergeType, WidthType,
};

use crate::backend::layout::Theme;
use crate::document::{Appendix, Cell, Document, Question, Table as TextTable};
use crate::format::Align;
use crate::format::{AppendixKind, QuestionKind};
use crate::redline::Redline;

use super::body::{Block, BodyBuilder};
use super::page::page_margin;
use super::parts::APPENDIX_NUM_ID;
use super::props::text_width;
use super::runs::{run, styled_run};
use super::units::mm_to_twips;

impl BodyBuilder<'_> {
    pub(super) fn appendix(&self, appendix: &Appendix, first: bool, out: &mut Vec<Block>) {
        let theme = self.theme;
        let title =
            Paragraph::new()
                .style("AppendixTitle")
                .add_run(run(theme, "title", &appendix.title));
        if self.survey() {
            // A print of the forms alone: no 附件N label, each copy on a new page.
            out.push(
                if first {
                    title
                } else {
                    title.page_break_before(true)
                }
                .into(),
            );
        } else {
            // The label 附件N comes from list numbering, like the clause labels.
            out.push(
                Paragraph::new()
                    .style("AppendixLabel")
                    .page_break_before(true)
                    .numbering(
                        NumberingId::new(APPENDIX_NUM_ID + self.num_base),
                        IndentLevel::new(0),
                    )
                    .into(),
            );
            out.push(title.into());
        }
        for p in &appendix.intro {
            out.push(
                Paragraph::new()
                    .style("Normal")
                    .add_run(run(theme, "body", p))
                    .into(),
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
            out.push(p.into());
        }
        match appendix.kind {
            AppendixKind::Questionnaire => {
                let mut rated: Vec<&Question> = Vec::new();
                for question in &appendix.questions {
                    match question.kind {
                        QuestionKind::Rated => rated.push(question),
                        QuestionKind::Open => {
                            if !rated.is_empty() {
                                out.push(self.survey_grid(appendix, &rated).into());
                                rated.clear();
                            }
                            out.push(
                                Paragraph::new()
                                    .style("TableText")
                                    .keep_next(true)
                                    .add_run(run(
                                        theme,
                                        "body",
                                        &format!("{}. {}", question.number, question.text),
                                    ))
                                    .into(),
                            );
                            for line in 0..question.lines {
                                let p = Paragraph::new().style("AnswerLine");
                                out.push(
                                    if line + 1 < question.lines {
                                        p.keep_next(true)
                                    } else {
                                        p
                                    }
                                    .into(),
                                );
                            }
                        }
                    }
                }
                if !rated.is_empty() {
                    out.push(self.survey_grid(appendix, &rated).into());
                }
            }
            AppendixKind::Form => out.push(self.form_table(appendix).into()),
            AppendixKind::Text => {}
        }
        for table in &appendix.tables {
            self.text_table(table, out);
        }
    }

    /// A table of the text: its caption, then the table, the header rows
    /// repeating on each page, merged cells as gridSpan and vMerge, each
    /// column aligned as written.
    pub(super) fn text_table(&self, table: &TextTable, out: &mut Vec<Block>) {
        let theme = self.theme;
        if let Some(caption) = &table.caption {
            out.push(
                Paragraph::new()
                    .style("TableCaption")
                    .keep_next(true)
                    .add_run(run(theme, "heading1", caption))
                    .into(),
            );
        }
        let width = text_width(theme) as usize;
        let grid: Vec<usize> = table
            .widths
            .iter()
            .map(|w| (w * width as f64).round() as usize)
            .collect();
        let span_width =
            |column: usize, span: usize| -> usize { grid.iter().skip(column).take(span).sum() };
        let mut rows = Vec::new();
        for (header, cells) in table
            .header
            .iter()
            .map(|r| (true, r))
            .chain(table.rows.iter().map(|r| (false, r)))
        {
            rows.push(self.text_row(table, cells, header, &span_width));
        }
        // Cells spanning down continue as vMerge cells in the rows below.
        let rows = self.merge_down(table, rows, &span_width);
        out.push(
            Table::new(rows)
                .style("CharterTable")
                .set_grid(grid.clone())
                .width(width, WidthType::Dxa)
                .into(),
        );
    }

    /// One row's cells in column order, the continuations of cells from the
    /// rows above left to [`Self::merge_down`].
    fn text_row(
        &self,
        table: &TextTable,
        cells: &[Cell],
        header: bool,
        span_width: &dyn Fn(usize, usize) -> usize,
    ) -> Vec<(usize, TableCell)> {
        let theme = self.theme;
        cells
            .iter()
            .map(|cell| {
                let span = cell.colspan as usize;
                let align = match table.align.get(cell.column).copied().unwrap_or_default() {
                    Align::Left => AlignmentType::Left,
                    Align::Center => AlignmentType::Center,
                    Align::Right => AlignmentType::Right,
                };
                let (style, role) = if header {
                    ("TableHead", "heading1")
                } else {
                    ("TableText", "body")
                };
                let mut c = TableCell::new()
                    .width(span_width(cell.column, span), WidthType::Dxa)
                    .vertical_align(VAlignType::Center);
                if span > 1 {
                    c = c.grid_span(span);
                }
                if cell.rowspan > 1 {
                    c = c.vertical_merge(VMergeType::Restart);
                }
                for line in cell.text.split('\n') {
                    let mut p = Paragraph::new().style(style);
                    if !header {
                        p = p.align(align);
                    }
                    c = c.add_paragraph(p.add_run(run(theme, role, line)));
                }
                (cell.column, c)
            })
            .collect()
    }

    /// The rows with a vMerge continuation cell wherever a cell above spans
    /// down, in column order.
    fn merge_down(
        &self,
        table: &TextTable,
        rows: Vec<Vec<(usize, TableCell)>>,
        span_width: &dyn Fn(usize, usize) -> usize,
    ) -> Vec<TableRow> {
        let all: Vec<&Vec<Cell>> = table.header.iter().chain(&table.rows).collect();
        let header_rows = table.header.len();
        let mut out = Vec::new();
        for (index, mut cells) in rows.into_iter().enumerate() {
            // Header and body rows are spanned apart.
            let first = if index < header_rows { 0 } else { header_rows };
            for (above, row) in all.iter().enumerate().take(index).skip(first) {
                for cell in row.iter() {
                    if above + cell.rowspan as usize > index {
                        let span = cell.colspan as usize;
                        // In the style of its row: a header row is all
                        // TableHead, so it repeats on every page.
                        let style = if index < header_rows {
                            "TableHead"
                        } else {
                            "TableText"
                        };
                        let mut c = TableCell::new()
                            .width(span_width(cell.column, span), WidthType::Dxa)
                            .vertical_merge(VMergeType::Continue)
                            .add_paragraph(Paragraph::new().style(style));
                        if span > 1 {
                            c = c.grid_span(span);
                        }
                        cells.push((cell.column, c));
                    }
                }
            }
            cells.sort_by_key(|(column, _)| *column);
            let row = TableRow::new(cells.into_iter().map(|(_, c)| c).collect());
            out.push(if index < header_rows {
                row.cant_split()
            } else {
                row
            });
        }
        out
    }

    /// 序号 | 问题 | one column per scale point, a ☐ in each cell. The header
    /// row repeats on a new page (marked when the package is finished).
    fn survey_grid(&self, appendix: &Appendix, questions: &[&Question]) -> Table {
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
}

/// A document holding the 修订对照表 of a diff.
pub fn change_table(doc: &Document, theme: &Theme, redline: &Redline) -> Docx {
    let (subtitle, rows) = (&redline.subtitle, &redline.table);
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
