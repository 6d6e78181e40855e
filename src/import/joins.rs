//! Hard line breaks inside a sentence (a line wrapped by hand, a page
//! break in text taken from a PDF): which lines stop mid-sentence, and
//! joining the rest of the sentence onto them.

use super::clean::{
    Line, NOTICE_WORDS, ORG_SUFFIXES, TITLE_WORDS, ends_sentence, ends_with_any,
    is_appendix_marker, is_space,
};
use super::labels::{parse_label, parse_outline_label};

/// A line that stops mid-sentence: no closing punctuation, and long or
/// punctuated enough to be prose rather than a heading or a title.
fn is_broken(line: &Line) -> bool {
    if line.tabbed
        || line.hint.title
        || line.hint.centred
        || is_metadata(&line.text)
        || ends_sentence(&line.text)
        || bracketed_whole(&line.text)
    {
        return false;
    }
    let body = match parse_label(&line.text) {
        // 第一节 会员大会（或会员代表大会）: a heading, however it ends.
        Some((label, _))
            if label.form.prefix == "第"
                && matches!(label.form.suffix.as_str(), "编" | "章" | "节") =>
        {
            return false;
        }
        Some((_, rest)) => rest,
        None => line.text.as_str(),
    };
    if body.contains(['，', '、', '；', '“', ',', '（']) {
        return true;
    }
    // A name or a title ends like one; prose broken at the page edge does not.
    !ends_with_any(body, TITLE_WORDS)
        && !ends_with_any(body, ORG_SUFFIXES)
        && !ends_with_any(body, NOTICE_WORDS)
        && body.chars().count() >= 20
}

/// A line that is one parenthesis from start to end, such as the approval
/// note under a title (（2024年3月8日第一届理事会第六次会议通过）), is complete.
fn bracketed_whole(text: &str) -> bool {
    let text = text.trim_matches(is_space);
    if !text.starts_with(['（', '(']) {
        return false;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + c.len_utf8() == text.len();
                }
            }
            _ => {}
        }
    }
    false
}

fn continues(line: &Line) -> bool {
    !line.tabbed
        && !line.hint.block
        && !line.hint.title
        && !line.hint.centred
        && !is_metadata(&line.text)
        && parse_label(&line.text).is_none()
        // 5.2.1、 after a broken line starts a heading of an outline.
        && parse_outline_label(&line.text).is_none()
        && !is_appendix_marker(&line.text)
}

/// A line of a metadata block, as legal databases put above a text
/// (`发布部门 : 国务院`, `实施日期：2017-03-15`): a short name, a colon, a value.
pub fn is_metadata(text: &str) -> bool {
    let text = text.trim_matches(is_space);
    let text = text
        .trim_start_matches(['•', '·', '●', '▪'])
        .trim_start_matches(is_space);
    let Some(at) = text.find([':', '：']) else {
        return false;
    };
    let key = text[..at].trim_matches(is_space);
    let value = text[at..]
        .trim_start_matches([':', '：'])
        .trim_matches(is_space);
    let n = key.chars().count();
    (2..=6).contains(&n)
        && key.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !value.is_empty()
        && value.chars().count() <= 60
        && !ends_sentence(value)
        && !is_appendix_marker(text)
}

/// Joins lines broken inside a sentence (a hard line break, a page break)
/// onto the line before.
pub(super) fn join_broken(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for line in lines {
        if let Some(last) = out.last_mut()
            && (is_broken(last) || starts_mid_sentence(last, &line))
            && continues(&line)
        {
            let glue = last
                .text
                .chars()
                .last()
                .zip(line.text.chars().next())
                .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
            if glue {
                last.text.push(' ');
            }
            last.text.push_str(&line.text);
            last.joined.push(line.no);
            last.joined.extend(line.joined);
            continue;
        }
        out.push(line);
    }
    out
}

/// A line that starts with punctuation no line of its own starts with
/// (，、。；：！？ and closing brackets or quotes) is the rest of the line
/// above, wrapped just before it.
fn starts_mid_sentence(last: &Line, line: &Line) -> bool {
    !last.tabbed
        && !line.hint.block
        && !last.hint.title
        && !last.hint.centred
        // ____。 is the rest of a blank wrapped onto this line (clean).
        && line.text.trim_start_matches('_').starts_with([
            '，', '、', '。', '；', '：', '！', '？', '）', '》', '」', '』', '”', '’', ',', ';',
        ])
}
