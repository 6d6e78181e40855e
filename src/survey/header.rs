//! What each column of an answer sheet's header names. Sheets come from
//! our own template (question ids), from a hand-made spreadsheet (numbers:
//! 1, Q1, 第1题) or from online survey tools, whose exports head each
//! column with the numbered question text (`1.您对服务态度的评价`, often
//! with `[单选题]` after it) and add columns of their own (提交答卷时间 …).

use crate::document::Appendix;
use crate::format::QuestionKind;

pub(super) enum Column {
    Rated(usize),
    Open(usize),
    /// A respondent field such as 活动名称.
    Respondent(String),
    /// A column survey tools add (序号, 提交答卷时间, 来自IP …): not ours.
    Metadata,
    Ignored,
}

/// Columns online survey tools add to every export.
const METADATA: &[&str] = &[
    "序号",
    "编号",
    "答卷编号",
    "提交答卷时间",
    "提交时间",
    "答题时间",
    "开始时间",
    "结束时间",
    "所用时间",
    "答题时长",
    "来源",
    "来源详情",
    "来自IP",
    "IP",
    "IP地址",
    "总分",
    "用户ID",
    "微信昵称",
];

/// The column a header cell names.
pub(super) fn column(name: &str, appendix: &Appendix) -> Column {
    let name = name.trim();
    let questions = &appendix.questions;
    let as_column = |index: usize| match questions[index].kind {
        QuestionKind::Rated => Column::Rated(index),
        QuestionKind::Open => Column::Open(index),
    };
    if let Some(index) = questions.iter().position(|q| q.id == name) {
        return as_column(index);
    }
    let squeezed = squeeze(name);
    if let Some(field) = appendix.respondent.iter().find(|r| squeeze(r) == squeezed) {
        return Column::Respondent(field.clone());
    }
    if METADATA.iter().any(|m| squeeze(m) == squeezed) {
        return Column::Metadata;
    }
    let (number, text) = split_number(name);
    let text = squeeze(&without_kind_note(text));
    // The text decides when there is one; a bare number names by number.
    if text.chars().count() >= 2 {
        let matches = |q: &crate::document::Question| {
            let own = squeeze(&q.text);
            own == text
                || (text.chars().count() >= 4 && own.contains(&text))
                || (own.chars().count() >= 4 && text.contains(&own))
        };
        let numbered = number.and_then(|n| questions.iter().position(|q| q.number == n));
        if let Some(index) = numbered.filter(|i| matches(&questions[*i])) {
            return as_column(index);
        }
        if let Some(index) = questions.iter().position(|q| squeeze(&q.text) == text) {
            return as_column(index);
        }
        if let Some(index) = questions.iter().position(matches) {
            return as_column(index);
        }
        return Column::Ignored;
    }
    match number.and_then(|n| questions.iter().position(|q| q.number == n)) {
        Some(index) => as_column(index),
        None => Column::Ignored,
    }
}

/// A leading question number (`1.`, `1、`, `Q1`, `第1题`, `（1）`) and the rest.
fn split_number(name: &str) -> (Option<usize>, &str) {
    let mut rest = name.trim_start();
    let mut prefixed = false;
    for prefix in ["第", "Q", "q", "（", "("] {
        if let Some(after) = rest.strip_prefix(prefix) {
            rest = after;
            prefixed = true;
            break;
        }
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return (None, name);
    }
    let after = &rest[digits.len()..];
    let after = after
        .strip_prefix('题')
        .or_else(|| after.strip_prefix('）'))
        .or_else(|| after.strip_prefix(')'))
        .unwrap_or(after);
    let after = after.trim_start_matches(['.', '．', '、', ':', '：', ' ', '\u{3000}']);
    // "2024年活动" is text, not question 2024: a number stands alone or is
    // marked as one.
    let marked = prefixed || after.len() < rest.len() - digits.len() || after.is_empty();
    match (digits.parse().ok(), marked) {
        (Some(n), true) => (Some(n), after),
        _ => (None, name),
    }
}

/// The text without a note of the question's kind that survey tools add:
/// `[单选题]`, `（单选题）`, `【矩阵量表题】`.
fn without_kind_note(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut note = String::new();
    for c in text.chars() {
        match c {
            '[' | '【' | '（' | '(' => {
                depth += 1;
                note.clear();
            }
            ']' | '】' | '）' | ')' if depth > 0 => {
                depth -= 1;
                if !note.ends_with('题') {
                    out.push_str(&note);
                }
            }
            _ if depth > 0 => note.push(c),
            _ => out.push(c),
        }
    }
    out
}

/// Letters and digits only: spaces and punctuation differ between a
/// question as printed and as a tool exports it.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_texts_are_read_from_a_header() {
        assert_eq!(split_number("1.您对服务态度的评价").0, Some(1));
        assert_eq!(split_number("Q3").0, Some(3));
        assert_eq!(split_number("第12题").0, Some(12));
        assert_eq!(split_number("2024年活动").0, None);
        assert_eq!(
            squeeze(&without_kind_note("您对服务态度的评价[单选题]")),
            "您对服务态度的评价"
        );
        assert_eq!(squeeze(&without_kind_note("活动（线上）")), "活动线上");
    }
}
