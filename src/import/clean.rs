//! Extraction debris: what Word, PDF and Markdown converters leave in a text
//! that is not part of the regulation. Bookmark markers, Markdown marks,
//! blank lines and empty table cells, page numbers, running headers and
//! footers repeated on every page, and hard line breaks inside a sentence.
//!
//! Nothing is removed without a record: every removal and every join keeps
//! its input line numbers for the import report.

use std::collections::BTreeMap;

pub use super::joins::is_metadata;
use super::joins::join_broken;
use super::labels::parse_label;
use super::tables::{Hint, RawLine};

mod markdown;
use markdown::{markdown_block, markdown_context, strip_markdown};

/// How the input was written; Markdown marks are only undone for Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Markdown,
    Docx,
}

/// One line of the cleaned input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based input line number (paragraph number for DOCX).
    pub no: usize,
    /// Trimmed text; tabs inside separate table cells.
    pub text: String,
    /// The input line had a tab: a table cell or a row of cells.
    pub tabbed: bool,
    /// Further input lines joined onto this one (a sentence broken by a
    /// hard line break).
    pub joined: Vec<usize>,
    /// What the reader knew: a table row, the title, a Word paragraph.
    pub hint: Hint,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Debris {
    Blank,
    Bookmark,
    Markdown,
    TableRule,
    PageNumber,
    RunningHeader,
}

impl Debris {
    pub fn describe(self) -> &'static str {
        match self {
            Debris::Blank => "blank lines and empty table cells",
            Debris::Bookmark => {
                "bookmark markers ([bookmark: …], {#… .anchor}) removed inside the line"
            }
            Debris::Markdown => "Markdown marks (#, **, \\, |) removed inside the line",
            Debris::TableRule => "table rules and lines of underscores",
            Debris::PageNumber => "page numbers",
            Debris::RunningHeader => "running headers/footers (the same line on several pages)",
        }
    }

    /// Whether the whole line went (else only marks inside it).
    pub fn removes_line(self) -> bool {
        !matches!(self, Debris::Bookmark | Debris::Markdown)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    pub debris: Debris,
    pub no: usize,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct Cleaned {
    pub lines: Vec<Line>,
    pub removed: Vec<Removed>,
    /// Distinct running header/footer lines, as found.
    pub headers: Vec<String>,
}

/// A line at least this often (digits ignored) is a running header or footer.
const HEADER_REPEATS: usize = 3;

pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}'
}

/// Ends a sentence (or a lead-in): a line ending so is complete.
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '…' | '!' | '?' | ';' | ':' | '.'
    )
}

/// The line ends a sentence, looking through closing quotes and brackets (。” 。）).
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        is_space(c) || matches!(c, '”' | '’' | '"' | '）' | ')' | '」' | '』' | '》')
    });
    trimmed.chars().last().is_some_and(is_terminal)
}

/// Words a regulation's title ends with.
pub const TITLE_WORDS: &[&str] = &[
    "制度",
    "章程",
    "办法",
    "规定",
    "细则",
    "规则",
    "准则",
    "守则",
    "条例",
    "方案",
    "规范",
    "公约",
    "须知",
    "试行）",
    "试行)",
    "承诺书",
    "问卷",
    "表",
];

/// Words the title of a cover notice or a letterhead ends with
/// (关于印发《…》的通知, 某某中心文件).
pub const NOTICE_WORDS: &[&str] = &["通知", "文件"];

/// Words an organisation's name ends with.
pub const ORG_SUFFIXES: &[&str] = &[
    "中心",
    "协会",
    "学会",
    "研究会",
    "促进会",
    "联合会",
    "商会",
    "基金会",
    "服务社",
    "工作室",
    "之家",
    "家园",
    "研究院",
    "书院",
    "服务站",
    "事务所",
    // Companies' procedures are imported too (a cover names the company).
    "公司",
    "集团",
    "厂",
    "社",
    "会",
    "院",
    "站",
    "所",
    "馆",
    "园",
    "团",
    "队",
];

pub fn ends_with_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.ends_with(w))
}

/// `[bookmark: _Toc123]` (Word → text), `[]{#_Toc123 .anchor}` and
/// `{#_Toc123 .anchor}` (pandoc), `<a id="_Toc123"></a>` (HTML-ish Markdown).
fn strip_bookmarks(text: &str) -> (String, bool) {
    let mut out = text.to_string();
    let mut found = false;
    let patterns: [(&str, &str); 5] = [
        ("[bookmark:", "]"),
        ("[]{#", "}"),
        ("{#_", "}"),
        ("<a id=", "</a>"),
        ("<a name=", "</a>"),
    ];
    for (open, close) in patterns {
        while let Some(start) = out.find(open) {
            let Some(len) = out[start..].find(close) else {
                break;
            };
            out.replace_range(start..start + len + close.len(), "");
            found = true;
        }
    }
    (out, found)
}

/// `- 3 -`, `— 3 —`, `第 3 页 共 9 页`, `第3页`, `3/9`, `Page 3 of 9`.
pub fn is_page_number(text: &str) -> bool {
    let s: String = text.chars().filter(|c| !is_space(*c)).collect();
    let digits = |t: &str| !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
    let dashes = ['-', '—', '–', '－', '―', '~', '·', '•'];
    let inner = s.trim_matches(|c| dashes.contains(&c));
    if inner.len() < s.len() && digits(inner) {
        return true;
    }
    if let Some((a, b)) = s.split_once('/') {
        return digits(a) && digits(b);
    }
    let lower = s.to_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return match rest.split_once("of") {
            Some((a, b)) => digits(a) && digits(b),
            None => digits(rest),
        };
    }
    let page = |t: &str| {
        t.strip_prefix('第')
            .and_then(|r| r.strip_suffix('页'))
            .is_some_and(digits)
    };
    let total = |t: &str| {
        t.strip_prefix('共')
            .and_then(|r| r.strip_suffix('页'))
            .is_some_and(digits)
    };
    if page(&s) {
        return true;
    }
    for sep in ["共", "/共", "，共", ",共"] {
        if let Some(at) = s.find(sep)
            && at > 0
            && page(&s[..at])
            && total(&s[at + sep.len() - "共".len()..])
        {
            return true;
        }
    }
    if let Some(at) = s.find("第")
        && at > 0
        && total(&s[..at])
        && page(&s[at..])
    {
        return true;
    }
    false
}

fn is_rule(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !is_space(*c)).collect();
    t.chars().count() >= 3
        && t.chars()
            .all(|c| matches!(c, '_' | '-' | '—' | '=' | '.' | '…' | '＿'))
}

/// Scale points and check boxes repeat in questionnaires; they are content.
fn is_form_cell(text: &str) -> bool {
    text.contains(['□', '☐', '○', '◯', '❑', '■', '√'])
        || text.contains("满意")
        || text.contains("同意")
}

/// Whether `text` starts an appendix: 附件, 附件1, 附件一：, 附表2.
pub fn is_appendix_marker(text: &str) -> bool {
    let t = text.trim_start_matches(is_space);
    t.starts_with("附件") || t.starts_with("附表")
}

/// Cleans the input lines (`(line number, text)`).
pub fn clean(raw: &[RawLine], kind: InputKind) -> Cleaned {
    let mut removed = Vec::new();
    let mut previous_blank = true;
    let mut lines: Vec<Line> = Vec::new();
    for RawLine { no, text, hint } in raw {
        if hint.table.is_some() {
            // A table row stays, empty cells and all: the table is read
            // from the input's tables, the row line only marks its place.
            lines.push(Line {
                no: *no,
                text: text.trim_matches(is_space).to_string(),
                tabbed: true,
                joined: Vec::new(),
                hint: *hint,
            });
            continue;
        }
        let lead_gap = text.chars().take_while(|c| is_space(*c)).count();
        let (text, bookmarks) = strip_bookmarks(text);
        if bookmarks {
            removed.push(Removed {
                debris: Debris::Bookmark,
                no: *no,
                text: text.trim().to_string(),
            });
        }
        let mut hint = *hint;
        if kind == InputKind::Markdown {
            hint.block = markdown_block(text.as_str(), previous_blank);
            hint.context = markdown_context(text.as_str());
            previous_blank = text
                .trim_matches(is_space)
                .trim_start_matches('>')
                .trim()
                .is_empty();
        }
        let hint = &hint;
        let Some((text, marks)) = strip_markdown(&text, kind == InputKind::Markdown) else {
            removed.push(Removed {
                debris: Debris::TableRule,
                no: *no,
                text: text.clone(),
            });
            continue;
        };
        if marks {
            removed.push(Removed {
                debris: Debris::Markdown,
                no: *no,
                text: text.trim().to_string(),
            });
        }
        // Columns: tabs (Word's text export) or wide gaps (pdftotext -layout);
        // check boxes mark a form's row.
        let inner = text.trim_matches(is_space);
        let tabbed = text.contains('\t')
            || inner.contains("   ")
            || inner.contains("\u{3000}\u{3000}")
            || inner.contains(['□', '☐']);
        let trimmed = text.trim_matches(is_space);
        if trimmed.is_empty() {
            removed.push(Removed {
                debris: Debris::Blank,
                no: *no,
                text: String::new(),
            });
            continue;
        }
        if is_rule(trimmed) {
            removed.push(Removed {
                debris: Debris::TableRule,
                no: *no,
                text: trimmed.to_string(),
            });
            continue;
        }
        // A blank wrapped onto this line (宗旨：<spaces>⏎<spaces>。): no
        // sentence starts with its closing punctuation after a gap, so the
        // gap is the blank's rest (____, a 【待填写】 once imported).
        let text = if lead_gap >= 3 && trimmed.starts_with(['。', '；', '，']) {
            format!("____{trimmed}")
        } else {
            trimmed.to_string()
        };
        lines.push(Line {
            no: *no,
            text,
            tabbed,
            joined: Vec::new(),
            hint: *hint,
        });
    }

    // The appendices start at the first 附件 line after the first label: in
    // them, lone numbers are question numbers, not page numbers.
    let first_label = lines
        .iter()
        .position(|l| parse_label(&l.text).is_some())
        .unwrap_or(0);
    let appendix_start = lines
        .iter()
        .enumerate()
        .skip(first_label)
        .find(|(_, l)| is_appendix_marker(&l.text))
        .map(|(i, _)| i)
        .unwrap_or(lines.len());
    let mut keep = vec![true; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        let bare_number = i < appendix_start
            && !line.tabbed
            && line.text.len() <= 3
            && line.text.chars().all(|c| c.is_ascii_digit());
        if line.hint.table.is_none() && (is_page_number(&line.text) || bare_number) {
            keep[i] = false;
            removed.push(Removed {
                debris: Debris::PageNumber,
                no: line.no,
                text: line.text.clone(),
            });
        }
    }

    let page_numbers: Vec<bool> = keep.iter().map(|k| !k).collect();

    // Running headers and footers: the same line (page numbers in it
    // ignored) on several pages.
    let key = |text: &str| -> String {
        text.chars()
            .filter(|c| !is_space(*c))
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        if keep[i]
            && line.hint.table.is_none()
            && line.text.chars().count() >= 4
            && !ends_sentence(&line.text)
            && parse_label(&line.text).is_none()
            && !is_form_cell(&line.text)
        {
            *counts.entry(key(&line.text)).or_default() += 1;
        }
    }
    let mut headers = Vec::new();
    let mut kept_title = false;
    for (i, line) in lines.iter().enumerate() {
        if !keep[i]
            || line.hint.table.is_some()
            || counts.get(&key(&line.text)).copied().unwrap_or(0) < HEADER_REPEATS
        {
            continue;
        }
        // A header that repeats the title: its first occurrence at the top is the title.
        if !kept_title && i < 3 && ends_with_any(&line.text, TITLE_WORDS) {
            kept_title = true;
            continue;
        }
        keep[i] = false;
        if !headers.contains(&line.text) {
            headers.push(line.text.clone());
        }
        removed.push(Removed {
            debris: Debris::RunningHeader,
            no: line.no,
            text: line.text.clone(),
        });
    }
    // A header on two pages only (a short document), right by the page
    // number; and pieces of a header that wrapped (a lone 心 under the
    // name), always beside the header. Exact text here: 附件1 and 附件2
    // at the top of their pages are not a header.
    for (min, beside_page_number) in [(2, true), (HEADER_REPEATS, false)] {
        let mut places: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, line) in lines.iter().enumerate() {
            if keep[i]
                && line.hint.table.is_none()
                && !ends_sentence(&line.text)
                && parse_label(&line.text).is_none()
                && !is_form_cell(&line.text)
            {
                places.entry(line.text.clone()).or_default().push(i);
            }
        }
        let gone = |i: usize, at: &[bool]| -> bool { at.get(i).copied().unwrap_or(false) };
        let removed_now: Vec<bool> = keep.iter().map(|k| !k).collect();
        let beside = |i: usize| {
            let marks = if beside_page_number {
                &page_numbers
            } else {
                &removed_now
            };
            (i > 0 && gone(i - 1, marks)) || gone(i + 1, marks)
        };
        for at in places.values().filter(|at| at.len() >= min) {
            if !at.iter().all(|&i| beside(i)) {
                continue;
            }
            for &i in at {
                keep[i] = false;
                removed.push(Removed {
                    debris: Debris::RunningHeader,
                    no: lines[i].no,
                    text: lines[i].text.clone(),
                });
                if !headers.contains(&lines[i].text) {
                    headers.push(lines[i].text.clone());
                }
            }
        }
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect();
    removed.sort_by_key(|r| (r.no, r.debris));
    Cleaned {
        lines: join_broken(lines),
        removed,
        headers,
    }
}

/// The text of a document after cleaning, one string per line: what the
/// importer works from and what a round trip must give back.
pub fn clean_text(text: &str, kind: InputKind) -> Vec<String> {
    let raw: Vec<RawLine> = text
        .lines()
        .enumerate()
        .map(|(i, l)| RawLine::new(i + 1, l))
        .collect();
    clean(&raw, kind)
        .lines
        .into_iter()
        .map(|l| l.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        clean_text(text, InputKind::Text)
    }

    #[test]
    fn page_numbers() {
        for s in [
            "- 3 -",
            "— 3 —",
            "–12–",
            "第 3 页 共 9 页",
            "第3页",
            "3/9",
            "3 / 9",
            "Page 2 of 7",
            "共9页 第3页",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["第三条", "2025/3/1 通知", "一、总体要求", "3、服务", "页"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn removes_bookmarks_blank_cells_and_markdown_marks() {
        let out = lines(
            "[bookmark: _Toc1][bookmark: _Toc2]一、总则\n\t\n\n## 二、服务\n**守时守信。**按约定时间服务。\n",
        );
        assert_eq!(out, ["一、总则", "二、服务", "守时守信。按约定时间服务。"]);
    }

    #[test]
    fn removes_running_headers_and_page_numbers() {
        let mut text = String::from("示范服务社规章\n服务公约\n");
        for page in 1..=4 {
            text.push_str(&format!(
                "示范服务社  编号：SF-ZD-01\n第{page}句正文在这里结束。\n- {page} -\n"
            ));
        }
        let cleaned = clean(
            &text
                .lines()
                .enumerate()
                .map(|(i, l)| RawLine::new(i + 1, l))
                .collect::<Vec<_>>(),
            InputKind::Text,
        );
        let texts: Vec<&str> = cleaned.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "示范服务社规章",
                "服务公约",
                "第1句正文在这里结束。",
                "第2句正文在这里结束。",
                "第3句正文在这里结束。",
                "第4句正文在这里结束。"
            ]
        );
        assert_eq!(cleaned.headers, ["示范服务社  编号：SF-ZD-01"]);
        assert_eq!(
            cleaned
                .removed
                .iter()
                .filter(|r| r.debris == Debris::PageNumber)
                .count(),
            4
        );
    }

    #[test]
    fn joins_sentences_broken_by_line_breaks() {
        let out = lines(
            "（三）服务对象对处理结果有异议的，可在收到\n\n答复后十日内申请复核。\n一、总则\n本章适用于全体人员。\n",
        );
        assert_eq!(
            out,
            [
                "（三）服务对象对处理结果有异议的，可在收到答复后十日内申请复核。",
                "一、总则",
                "本章适用于全体人员。"
            ]
        );
    }

    #[test]
    fn a_blank_wrapped_onto_the_next_line_is_kept() {
        let out = lines("本团体的宗旨：                \n                    。\n");
        assert_eq!(out, ["本团体的宗旨：____。"]);
    }

    #[test]
    fn a_bracketed_approval_note_is_not_joined_to_the_preamble() {
        let out = lines(
            "（2024年3月8日第一届理事会第六次会议通过）\n\n为规范志愿者管理，制定本办法。\n（一）服务对象（含家属）\n的意见。\n",
        );
        assert_eq!(
            out,
            [
                "（2024年3月8日第一届理事会第六次会议通过）",
                "为规范志愿者管理，制定本办法。",
                "（一）服务对象（含家属）的意见。",
            ]
        );
    }

    #[test]
    fn headings_titles_and_table_cells_are_not_joined() {
        let out = lines("示范社区服务中心\n服务承诺制度\n二、服务原则\n\t序号\n\t问题\n");
        assert_eq!(
            out,
            [
                "示范社区服务中心",
                "服务承诺制度",
                "二、服务原则",
                "序号",
                "问题"
            ]
        );
    }
}
