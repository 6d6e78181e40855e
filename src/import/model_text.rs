//! Model texts (示范文本): what a 民政 department's model leaves to the
//! drafter. Blanks (`____`, a gap of spaces between words, an empty `（  ）`)
//! become 【待填写】, which `check` reports; in a text that has blanks or
//! calls itself a model, each non-empty 【…】 is a drafting note: taken out
//! of the text into the node's `note` (shown by `check` and the studio,
//! never printed). Choices such as （专业性；学术性）are left as written: which
//! one applies is the drafter's decision, and the text reads as printed.

use super::structure::Node;
use crate::format::PLACEHOLDER;

/// What the pass found, for the report.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Drafted {
    pub blanks: usize,
    pub notes: usize,
    /// Notes of the text before the first numbered node: the charter's own.
    pub preamble_notes: Vec<String>,
    /// 【…】 were taken as notes (the text is a model).
    pub model: bool,
}

/// Turns blanks into 【待填写】 and, in a model text, 【…】 into notes.
pub fn apply(title: &str, sections: &mut [Node], preamble: &mut Vec<String>) -> Drafted {
    let mut drafted = Drafted::default();
    for text in preamble.iter_mut() {
        *text = fill_blanks(text, true, &mut drafted.blanks);
    }
    blanks_in(sections, &mut drafted.blanks);
    let says_model = ["示范文本", "范本", "示范章程"]
        .iter()
        .any(|w| title.contains(w) || preamble.iter().any(|p| p.contains(w)));
    drafted.model = drafted.blanks > 0 || says_model;
    if drafted.model {
        let mut notes = Vec::new();
        preamble.retain_mut(|text| take_notes(text, &mut notes));
        drafted.notes += notes.len();
        drafted.preamble_notes = notes;
        notes_in(sections, &mut drafted.notes);
    }
    drafted
}

fn blanks_in(nodes: &mut [Node], count: &mut usize) {
    for node in nodes {
        if let Some(heading) = &mut node.heading {
            // Headings are letter-spaced (总  则): only underscores are blanks.
            *heading = fill_blanks(heading, false, count);
        }
        for text in &mut node.text {
            *text = fill_blanks(text, true, count);
        }
        // （一）          ； — the gap after the label went with the label.
        if let Some(first) = node.text.first_mut()
            && node.heading.is_none()
            && !first.is_empty()
            && first.chars().all(|c| is_punctuation(c) || is_space(c))
        {
            first.insert_str(0, PLACEHOLDER);
            *count += 1;
        }
        blanks_in(&mut node.children, count);
    }
}

fn notes_in(nodes: &mut [Node], count: &mut usize) {
    for node in nodes {
        let mut notes = Vec::new();
        if let Some(heading) = &mut node.heading
            && !take_notes(heading, &mut notes)
        {
            // A heading that was only a note keeps its words: a node needs one.
            node.heading = None;
        }
        node.text.retain_mut(|text| take_notes(text, &mut notes));
        *count += notes.len();
        node.notes.extend(notes);
        notes_in(&mut node.children, count);
    }
}

/// Moves every non-empty 【…】 of `text` into `notes`; false when nothing
/// but notes was left (the paragraph goes).
fn take_notes(text: &mut String, notes: &mut Vec<String>) -> bool {
    if !text.contains('【') {
        return true;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('【') {
        let after = &rest[open + '【'.len_utf8()..];
        let Some(close) = closing(after) else {
            break;
        };
        let inner = after[..close].trim_matches(is_space);
        let whole = &rest[open..open + '【'.len_utf8() + close + '】'.len_utf8()];
        out.push_str(&rest[..open]);
        if inner.is_empty() || whole == PLACEHOLDER {
            // 【待填写】 is ours; an empty 【  】 names the convention itself.
            out.push_str(whole);
        } else {
            notes.push(inner.to_string());
        }
        rest = &rest[open + whole.len()..];
    }
    out.push_str(rest);
    let kept = out.trim_matches(is_space);
    let any = kept.chars().any(|c| !is_space(c) && !is_punctuation(c));
    *text = kept.to_string();
    any
}

/// The offset of the 】 that closes an open 【 (nested pairs counted).
fn closing(after: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in after.char_indices() {
        match c {
            '【' => depth += 1,
            '】' if depth == 0 => return Some(at),
            '】' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn is_space(c: char) -> bool {
    super::clean::is_space(c)
}

fn is_punctuation(c: char) -> bool {
    matches!(
        c,
        '。' | '，' | '；' | '：' | '、' | '.' | ',' | ';' | ':' | '（' | '）' | '(' | ')'
    )
}

/// Width in half-width units: a full-width space or underscore counts two.
fn width(c: char) -> usize {
    match c {
        '\u{3000}' | '＿' => 2,
        _ => 1,
    }
}

fn is_underscore(c: char) -> bool {
    matches!(c, '_' | '＿')
}

/// `text` with each blank as 【待填写】. `gaps`: a run of spaces between
/// words is a blank too (not in letter-spaced headings such as 说  明).
fn fill_blanks(text: &str, gaps: bool, count: &mut usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let gaps = gaps && !letter_spaced(&chars);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_underscore(c) {
            let j = run_end(&chars, i, is_underscore);
            let before = i.checked_sub(1).map(|k| chars[k]);
            let after = chars.get(j).copied();
            // file__name is an identifier, not a blank.
            let identifier = before.is_some_and(|b| b.is_ascii_alphanumeric())
                && after.is_some_and(|a| a.is_ascii_alphanumeric());
            if chars[i..j].iter().map(|&c| width(c)).sum::<usize>() >= 2 && !identifier {
                push_blank(&mut out, count);
                i = j;
                continue;
            }
        } else if is_space(c) && gaps && i > 0 {
            let j = run_end(&chars, i, is_space);
            if j < chars.len() && is_gap_blank(chars[i - 1], &chars[i..j], chars[j]) {
                push_blank(&mut out, count);
                i = j;
                continue;
            }
        } else if c == '（' || c == '(' {
            // An empty （    ） to fill in; （ ） with one space names the convention.
            let j = run_end(&chars, i + 1, is_space);
            let close = if c == '（' { '）' } else { ')' };
            let inner: usize = chars[i + 1..j].iter().map(|&c| width(c)).sum();
            if chars.get(j) == Some(&close) && inner >= 2 {
                out.push(c);
                push_blank(&mut out, count);
                out.push(close);
                i = j + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Where the run of characters matching `pred` from `from` ends.
fn run_end(chars: &[char], from: usize, pred: fn(char) -> bool) -> usize {
    chars[from..]
        .iter()
        .position(|&c| !pred(c))
        .map_or(chars.len(), |n| from + n)
}

fn push_blank(out: &mut String, count: &mut usize) {
    // Blanks next to each other (a blank, a space, a blank) are one.
    let kept = out.trim_end_matches(is_space).len();
    if out[..kept].ends_with(PLACEHOLDER) {
        out.truncate(kept);
    } else {
        out.push_str(PLACEHOLDER);
        *count += 1;
    }
}

/// A gap of spaces between two words is a blank when it is wider than any
/// separator: three half-width units, or two between Chinese characters
/// (a Chinese sentence has no spaces of its own).
fn is_gap_blank(before: char, gap: &[char], after: char) -> bool {
    // A tab separates columns (a table row as text), never a blank.
    if gap.contains(&'\t') {
        return false;
    }
    if before == '【' && after == '】' {
        // 【  】 names the notes' convention (“【  】内文字为制定要求”).
        return false;
    }
    let wide: usize = gap.iter().map(|&c| width(c)).sum();
    let ascii_gap = gap.iter().all(|&c| c == ' ');
    wide >= 3 || (wide == 2 && ascii_gap && !before.is_ascii() && !after.is_ascii())
}

/// 说  明, 总  则: every word one character long.
fn letter_spaced(chars: &[char]) -> bool {
    let words: Vec<usize> = chars
        .split(|&c| is_space(c))
        .filter(|w| !w.is_empty())
        .map(<[char]>::len)
        .collect();
    words.len() >= 2 && words.iter().all(|&n| n == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanks(text: &str) -> (String, usize) {
        let mut count = 0;
        (fill_blanks(text, true, &mut count), count)
    }

    #[test]
    fn underscores_spaces_and_empty_brackets_are_blanks() {
        assert_eq!(
            blanks("本会的名称是____。"),
            ("本会的名称是【待填写】。".into(), 1)
        );
        assert_eq!(blanks("每   年召开1次").1, 1);
        assert_eq!(blanks("经会长或者  ％的理事提议").1, 1);
        assert_eq!(blanks("设监事（    ）名").0, "设监事（【待填写】）名");
        assert_eq!(blanks("本章程经    年    月    日通过").1, 3);
        assert_eq!(blanks("____ ____").1, 1);
    }

    #[test]
    fn separators_mentions_and_identifiers_are_not_blanks() {
        assert_eq!(blanks("Python 3 与 Rust").1, 0);
        assert_eq!(blanks("使用 file__name 字段").1, 0);
        assert_eq!(blanks("（ ）内文字为可选项").1, 0);
        assert_eq!(blanks("目　录").1, 0);
        assert_eq!(blanks("说    明").1, 0);
        assert_eq!(blanks("一、总则　本办法适用").1, 0);
        assert_eq!(blanks("文件名称\t原料验收规定\t\t编号").1, 0);
    }

    #[test]
    fn notes_leave_the_text_and_empty_brackets_stay() {
        let mut notes = Vec::new();
        let mut text = "本会的名称是【待填写】。【全称】".to_string();
        assert!(take_notes(&mut text, &mut notes));
        assert_eq!(text, "本会的名称是【待填写】。");
        assert_eq!(notes, ["全称"]);
        let mut only = "【业务范围须具体、明确。】".to_string();
        assert!(!take_notes(&mut only, &mut notes));
        assert_eq!(blanks("【  】内文字为制定要求").1, 0);
        let mut mention = "【  】内文字为制定要求".to_string();
        assert!(take_notes(&mut mention, &mut notes));
        assert_eq!(mention, "【  】内文字为制定要求");
        let mut open = "未闭合的【说明".to_string();
        assert!(take_notes(&mut open, &mut notes));
        assert_eq!(open, "未闭合的【说明");
        assert_eq!(notes.len(), 2);
    }
}
