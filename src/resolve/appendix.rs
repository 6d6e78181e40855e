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
                        Diagnostic::error(t!("resolve-appendix-id"))
                            .at(&appendix.loc)
                            .label(t!("resolve-appendix-id-label"))
                            .help(t!("resolve-appendix-id-help")),
                    );
                    format!("#{number}")
                }
            };
            let Some(kind) = appendix.kind.as_ref().map(|k| k.value) else {
                if written("kind") {
                    continue;
                }
                self.diags.push(
                    Diagnostic::error(t!("resolve-appendix-kind", id = &id))
                        .at(&appendix.loc)
                        .label(t!("resolve-appendix-kind-label"))
                        .help(t!("resolve-appendix-kind-help")),
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
                        Diagnostic::error(t!("resolve-appendix-title", id = &id))
                            .at(&appendix.loc)
                            .label(t!("resolve-no-title-here"))
                            .help(t!("resolve-appendix-title-help")),
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
                            Diagnostic::error(t!("resolve-scale"))
                                .at(&appendix.loc)
                                .label(t!("resolve-scale-label"))
                                .help(t!("resolve-scale-help")),
                        );
                    }
                    if appendix.questions.is_empty() {
                        self.diags.push(
                            Diagnostic::error(t!("resolve-no-questions", id = &id))
                                .at(&appendix.loc)
                                .label(t!("resolve-no-questions-label"))
                                .help(t!("resolve-no-questions-help")),
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
                                Diagnostic::error(t!("resolve-question-text"))
                                    .at(&question.loc)
                                    .label(t!("resolve-question-text-label"))
                                    .help(t!("resolve-question-text-help")),
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
                            Diagnostic::error(t!("resolve-no-fields", id = &id))
                                .at(&appendix.loc)
                                .label(t!("resolve-no-fields-label"))
                                .help(t!("resolve-no-fields-help")),
                        );
                    }
                    for (f_index, field) in appendix.fields.iter().enumerate() {
                        let Some(label) = &field.label else {
                            if field.keys.iter().any(|k| k == "label") {
                                continue;
                            }
                            self.diags.push(
                                Diagnostic::error(t!("resolve-field-label"))
                                    .at(&field.loc)
                                    .label(t!("resolve-field-label-label"))
                                    .help(t!("resolve-field-label-help")),
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
                            Diagnostic::error(t!("resolve-form-questions", id = &id))
                                .at(&appendix.questions[0].loc)
                                .label(t!("resolve-questions-belong"))
                                .help(t!("resolve-form-questions-help")),
                        );
                    }
                }
                AppendixKind::Text => {
                    if intro.is_empty() && appendix.tables.is_empty() {
                        self.diags.push(
                            Diagnostic::error(t!("resolve-appendix-empty", id = &id))
                                .at(&appendix.loc)
                                .label(t!("resolve-nothing-to-print"))
                                .help(t!("resolve-appendix-empty-help")),
                        );
                    }
                    if let Some(first) = appendix.questions.first() {
                        self.diags.push(
                            Diagnostic::error(t!("resolve-text-questions", id = &id))
                                .at(&first.loc)
                                .label(t!("resolve-questions-belong"))
                                .help(t!("resolve-text-questions-help")),
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
