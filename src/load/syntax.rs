//! TOML syntax errors said in the user's terms: a full-width quote, bracket
//! or equals sign typed with a Chinese input method, a number written as a
//! Chinese word, and otherwise the parser's own complaint, translated.

use crate::diag::{Diagnostic, FileId, Loc};

/// The diagnostic for a TOML syntax error at `span` of `text`.
pub(crate) fn syntax_error(
    text: &str,
    file: FileId,
    span: std::ops::Range<usize>,
    message: &str,
) -> Diagnostic {
    let (line_start, line) = line_at(text, span.start);
    if let Some((offset, mark, ascii)) = fullwidth_mark(line) {
        let at = line_start + offset;
        return Diagnostic::error(t!("toml-fullwidth", mark = mark, ascii = ascii))
            .at(&Loc::new(file, at..at + mark.len_utf8()))
            .label(t!("toml-fullwidth-label", mark = mark))
            .help(t!("toml-fullwidth-help", mark = mark, ascii = ascii));
    }
    if let Some((key, value_at, word, n)) = number_word(line) {
        let at = line_start + value_at;
        return Diagnostic::error(t!("toml-number-word", key = &key))
            .at(&Loc::new(file, at..at + word.len()))
            .label(t!("toml-number-word-label"))
            .help(t!("toml-number-word-help", key = &key, n = n));
    }
    let detail = detail(message);
    Diagnostic::error(t!("toml-malformed", detail = &detail))
        .at(&Loc::new(file, span))
        .label(detail)
        .help(hint(message))
}

/// The line holding byte `at`, with the offset where it starts.
fn line_at(text: &str, at: usize) -> (usize, &str) {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, text[start..end].trim_end_matches('\r'))
}

/// A full-width mark where TOML syntax needs its ASCII twin: `［charter］`,
/// `title ＝ "…"`, `title = “…”`, `title = "…”`. Marks inside a properly
/// quoted string are text and not reported.
fn fullwidth_mark(line: &str) -> Option<(usize, char, char)> {
    let ascii = |c: char| match c {
        '“' | '”' | '＂' => Some('"'),
        '‘' | '’' | '＇' => Some('\''),
        '［' | '【' => Some('['),
        '］' | '】' => Some(']'),
        '＝' => Some('='),
        '，' => Some(','),
        _ => None,
    };
    let body = line.trim_start();
    let indent = line.len() - body.len();
    if body.starts_with('#') {
        return None;
    }
    // A table header: [charter］ or ［charter].
    if body.starts_with('［') || (body.starts_with('[') && !body.contains('=')) {
        let (i, c) = body
            .char_indices()
            .find(|(_, c)| matches!(c, '［' | '］' | '【' | '】'))?;
        return Some((indent + i, c, ascii(c)?));
    }
    let (key_end, separator) = match (body.find('='), body.find('＝')) {
        (Some(a), Some(b)) if b < a => (b, '＝'),
        (None, Some(b)) => (b, '＝'),
        (Some(a), _) => (a, '='),
        (None, None) => return None,
    };
    if separator == '＝' {
        return Some((indent + key_end, '＝', '='));
    }
    let value_at = indent + key_end + 1;
    let value = &line[value_at..];
    // Outside ASCII-quoted strings, any full-width mark is syntax.
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut last_fullwidth_quote = None;
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                } else if matches!(c, '“' | '”' | '＂') {
                    last_fullwidth_quote = Some((value_at + i, c));
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => return None,
                _ => {
                    if let Some(a) = ascii(c) {
                        return Some((value_at + i, c, a));
                    }
                }
            },
        }
    }
    // A string left open whose intended close is a full-width quote.
    if quote == Some('"') {
        let (at, c) = last_fullwidth_quote?;
        return Some((at, c, '"'));
    }
    None
}

/// `term = 一`, `session = 第四次`: a bare Chinese number as a value. Gives
/// the key, the value's offset in the line, the value and its number.
fn number_word(line: &str) -> Option<(String, usize, String, u64)> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim().trim_matches('"').to_string();
    let lead = value.len() - value.trim_start().len();
    let word = value.trim().split('#').next()?.trim();
    let digits: String = word
        .trim_start_matches('第')
        .trim_end_matches(['届', '次', '条', '人', '年', '名', '个'])
        .to_string();
    let n = crate::zh::parse_zh_num(&digits)?;
    if word.chars().any(|c| c.is_ascii()) {
        return None;
    }
    let offset = line.len() - value.len() + lead;
    Some((key, offset, word.to_string(), n))
}

/// The parser's complaint, its first line, in the user's language.
fn detail(message: &str) -> String {
    let first = message.lines().next().unwrap_or("").trim();
    // "invalid basic string, expected `\"`": the complaint, then what the parser wanted.
    let complaint = first.split(", expected").next().unwrap_or(first).trim();
    let id = match complaint {
        "invalid basic string" | "invalid string" | "missing opening quote" => "toml-detail-string",
        "invalid multi-line basic string" | "invalid multi-line literal string" => {
            "toml-detail-multiline"
        }
        "invalid literal string" => "toml-detail-string",
        "missing comma between array elements" => "toml-detail-array-comma",
        "unclosed array" | "missing array opening" => "toml-detail-array",
        "unclosed table" | "unclosed array table" | "invalid table" | "missing table open" => {
            "toml-detail-table"
        }
        "missing assignment between key-value pairs" | "invalid key-value pair" => {
            "toml-detail-assignment"
        }
        "missing value" | "missing value for key" | "invalid value" => "toml-detail-value",
        "invalid key" | "invalid unquoted key" | "unquoted keys cannot be empty" => {
            "toml-detail-key"
        }
        "invalid date-time" => "toml-detail-date",
        "extra comma in array" | "extra comma in inline table" => "toml-detail-extra-comma",
        "unclosed inline table" | "missing inline table opening" => "toml-detail-inline-table",
        _ if complaint.starts_with("duplicate key") => "toml-detail-duplicate",
        _ => return first.to_string(),
    };
    crate::i18n::tr(id, &[])
}

fn hint(message: &str) -> String {
    let lower = message.to_lowercase();
    if lower.contains("date") || lower.contains("day") || lower.contains("month") {
        t!("toml-hint-date")
    } else if lower.contains("duplicate") {
        t!("toml-hint-duplicate")
    } else if lower.contains("string") || lower.contains("quote") {
        t!("toml-hint-quotes")
    } else {
        t!("toml-hint-general")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_marks_are_found_where_syntax_needs_ascii() {
        assert_eq!(fullwidth_mark("title = “服务”").map(|m| m.1), Some('“'));
        assert_eq!(fullwidth_mark("title = \"服务”").map(|m| m.1), Some('”'));
        assert_eq!(fullwidth_mark("title ＝ \"服务\"").map(|m| m.1), Some('＝'));
        assert_eq!(fullwidth_mark("［charter]").map(|m| m.1), Some('［'));
        assert_eq!(fullwidth_mark("[charter］").map(|m| m.1), Some('］'));
        assert_eq!(
            fullwidth_mark("x = [\"a\"，\"b\"]").map(|m| m.1),
            Some('，')
        );
        // Inside a closed string, full-width quotes are text.
        assert_eq!(fullwidth_mark("text = \"称“协会”。\""), None);
        assert_eq!(fullwidth_mark("# “注释”"), None);
    }

    #[test]
    fn chinese_number_words_are_read() {
        let (key, _, word, n) = number_word("term = 一").unwrap_or_default();
        assert_eq!((key.as_str(), word.as_str(), n), ("term", "一", 1));
        assert_eq!(number_word("session = 第四次").map(|m| m.3), Some(4));
        assert_eq!(number_word("title = 服务"), None);
        assert_eq!(number_word("term = 2"), None);
    }
}
