//! The appendices rendered: questionnaires and forms, checked.

use crate::diag::Diagnostic;
use crate::document::{Appendix, Field, Question};
use crate::format::{AppendixKind, DEFAULT_OPEN_LINES, DEFAULT_SCALE, QuestionKind};
use crate::lint::lint_text;
use crate::source::*;

use super::nodes::NodeCtx;

impl NodeCtx<'_, '_> {
    pub(super) fn appendices(&mut self, appendices: &[AppendixSource]) -> Vec<Appendix> {
        let mut out = Vec::new();
        for (index, appendix) in appendices.iter().enumerate() {
            let number = index + 1;
            let written = |key: &str| appendix.keys.iter().any(|k| k == key);
            let id = match &appendix.id {
                Some(id) => id.value.clone(),
                None if written("id") => format!("#{number}"),
                None => {
                    self.diags.push(
                        Diagnostic::error("an appendix needs an id")
                            .at(&appendix.loc)
                            .label("[[appendix]] without id")
                            .help("add id = \"satisfaction\": `charter survey --appendix` and merging find it by id"),
                    );
                    format!("#{number}")
                }
            };
            let Some(kind) = appendix.kind.as_ref().map(|k| k.value) else {
                if written("kind") {
                    continue;
                }
                self.diags.push(
                    Diagnostic::error(format!("appendix \"{id}\" needs a kind"))
                        .at(&appendix.loc)
                        .label("no kind")
                        .help("add kind = \"questionnaire\" or kind = \"form\""),
                );
                continue;
            };
            let title = match &appendix.title {
                Some(t) => {
                    (self.record)(format!("appendix.{id}#title"), t);
                    self.renderer.line(t, self.diags).unwrap_or_default()
                }
                None if written("title") => String::new(),
                None => {
                    self.diags.push(
                        Diagnostic::error(format!("appendix \"{id}\" needs a title"))
                            .at(&appendix.loc)
                            .label("no title")
                            .help("add title = \"服务对象满意度调查问卷\""),
                    );
                    String::new()
                }
            };
            let intro = appendix
                .intro
                .as_ref()
                .and_then(|t| {
                    (self.record)(format!("appendix.{id}#intro"), t);
                    lint_text(t, self.diags);
                    self.renderer.paragraphs(t, self.diags)
                })
                .map(|r| r.paragraphs)
                .unwrap_or_default();
            let lines = |texts: &Option<Vec<crate::source::Text>>, ctx: &mut Self| -> Vec<String> {
                texts
                    .iter()
                    .flatten()
                    .filter_map(|t| ctx.renderer.line(t, ctx.diags))
                    .collect()
            };
            let mut scale = lines(&appendix.scale, self);
            let respondent = lines(&appendix.respondent, self);
            let mut questions = Vec::new();
            let mut fields = Vec::new();
            match kind {
                AppendixKind::Questionnaire => {
                    if appendix.scale.is_none() {
                        scale = DEFAULT_SCALE.iter().map(|s| s.to_string()).collect();
                    } else if scale.len() < 2 {
                        self.diags.push(
                            Diagnostic::error("a scale needs at least two points")
                                .at(&appendix.loc)
                                .label("scale")
                                .help("write scale = [\"很满意\", \"满意\", \"一般\", \"不满意\", \"很不满意\"], best first"),
                        );
                    }
                    if appendix.questions.is_empty() {
                        self.diags.push(
                            Diagnostic::error(format!("questionnaire \"{id}\" has no questions"))
                                .at(&appendix.loc)
                                .label("no [[appendix.question]]")
                                .help("add [[appendix.question]] entries with text = \"…\""),
                        );
                    }
                    for (q_index, question) in appendix.questions.iter().enumerate() {
                        let q_id = question
                            .id
                            .as_ref()
                            .map(|i| i.value.clone())
                            .unwrap_or_else(|| format!("q{}", q_index + 1));
                        let Some(text) = &question.text else {
                            if question.keys.iter().any(|k| k == "text") {
                                continue;
                            }
                            self.diags.push(
                                Diagnostic::error("a question needs text")
                                    .at(&question.loc)
                                    .label("no text")
                                    .help("add text = \"您对本场活动总体满意吗？\""),
                            );
                            continue;
                        };
                        (self.record)(format!("appendix.{id}.{q_id}#text"), text);
                        lint_text(text, self.diags);
                        let kind = question
                            .kind
                            .as_ref()
                            .map(|k| k.value)
                            .unwrap_or(QuestionKind::Rated);
                        questions.push(Question {
                            id: q_id,
                            number: q_index + 1,
                            kind,
                            text: self.renderer.line(text, self.diags).unwrap_or_default(),
                            lines: question
                                .lines
                                .as_ref()
                                .map(|l| l.value)
                                .unwrap_or(match kind {
                                    QuestionKind::Open => DEFAULT_OPEN_LINES,
                                    QuestionKind::Rated => 0,
                                }),
                        });
                    }
                }
                AppendixKind::Form => {
                    if appendix.fields.is_empty() {
                        self.diags.push(
                            Diagnostic::error(format!("form \"{id}\" has no fields"))
                                .at(&appendix.loc)
                                .label("no [[appendix.field]]")
                                .help("add [[appendix.field]] entries with label = \"姓名\""),
                        );
                    }
                    for (f_index, field) in appendix.fields.iter().enumerate() {
                        let Some(label) = &field.label else {
                            if field.keys.iter().any(|k| k == "label") {
                                continue;
                            }
                            self.diags.push(
                                Diagnostic::error("a form field needs a label")
                                    .at(&field.loc)
                                    .label("no label")
                                    .help("add label = \"姓名\""),
                            );
                            continue;
                        };
                        let f_id = field
                            .id
                            .as_ref()
                            .map(|i| i.value.clone())
                            .unwrap_or_else(|| format!("f{}", f_index + 1));
                        (self.record)(format!("appendix.{id}.{f_id}#label"), label);
                        fields.push(Field {
                            id: f_id,
                            label: self.renderer.line(label, self.diags).unwrap_or_default(),
                            lines: field.lines.as_ref().map(|l| l.value).unwrap_or(1),
                        });
                    }
                    if !appendix.questions.is_empty() {
                        self.diags.push(
                            Diagnostic::error(format!("form \"{id}\" has questions"))
                                .at(&appendix.questions[0].loc)
                                .label("questions belong to a questionnaire")
                                .help("use [[appendix.field]] in a form, or set kind = \"questionnaire\""),
                        );
                    }
                }
                AppendixKind::Text => {
                    if intro.is_empty() && appendix.tables.is_empty() {
                        self.diags.push(
                            Diagnostic::error(format!(
                                "appendix \"{id}\" has neither text nor tables"
                            ))
                            .at(&appendix.loc)
                            .label("nothing to print")
                            .help("add intro = \"…\" or a [[appendix.table]]"),
                        );
                    }
                    if let Some(first) = appendix.questions.first() {
                        self.diags.push(
                            Diagnostic::error(format!("text appendix \"{id}\" has questions"))
                                .at(&first.loc)
                                .label("questions belong to a questionnaire")
                                .help("set kind = \"questionnaire\", or remove the questions"),
                        );
                    }
                }
            }
            let tables = self.tables(&appendix.tables, &format!("appendix.{id}"));
            out.push(Appendix {
                id,
                number,
                label: super::number::appendix_label(number, appendices.len()),
                kind,
                title,
                intro,
                scale,
                respondent,
                questions,
                fields,
                tables,
            });
        }
        out
    }
}
