//! Structure: cleaned lines → title, preamble, numbered nodes, approval.
//!
//! Levels come from label forms in order of first appearance (the first
//! form is level 1, a new form under it level 2 …). A label is taken as
//! structure only where its number fits the count at its level; anything
//! else stays text of the node before it and is reported.

use super::clean::{
    InputKind, Line, NOTICE_WORDS, ORG_SUFFIXES, TITLE_WORDS, ends_sentence, ends_with_any,
    is_appendix_marker, is_space,
};
use super::labels::{Label, LabelForm, parse_label};
use crate::format::scheme::MAX_LEVELS;
use crate::zh::{Date, parse_zh_num};

/// A numbered node: section (1), clause (2), item (3), point (4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Node {
    pub level: usize,
    pub label: String,
    /// Input line of the label.
    pub line: usize,
    pub heading: Option<String>,
    pub text: Vec<String>,
    pub children: Vec<Node>,
    pub id: String,
}

/// One level of the document's numbering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// The form most labels of the level have.
    pub form: LabelForm,
    /// Every way the level was written, with how often.
    pub variants: Vec<(LabelForm, usize)>,
    pub continuous: bool,
    pub count: usize,
    /// First label of this level and its input line.
    pub example: (usize, String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    pub line: usize,
    pub sentence: String,
    pub body: String,
    pub term: u32,
    pub session: u32,
    pub date: Option<Date>,
    pub effective: Option<Date>,
}

/// A line kept as text somewhere else than where it would belong, or a
/// recognised line worth a word in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub text: String,
    pub why: String,
}

#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub org_line: Option<(usize, String)>,
    pub title: Option<(usize, String)>,
    pub number: Option<(usize, String)>,
    pub preamble: Vec<String>,
    pub sections: Vec<Node>,
    pub levels: Vec<Level>,
    pub approval: Option<Approval>,
    /// A cover notice before the regulation's own title (红头, 发文字号,
    /// 关于印发《…》的通知 and its text): not part of the regulation.
    pub cover_notice: Vec<(usize, String)>,
    /// An approval sentence written as a numbered article (line, label):
    /// kept as the article.
    pub approval_article: Option<(usize, String)>,
    /// The approval stood above the body, under the title.
    pub approval_under_title: bool,
    /// Signature lines after the approval: organisation and/or date.
    pub signature: Option<(usize, Option<String>, Option<Date>)>,
    /// From the first 附件 line after the body on.
    pub tail: Vec<Line>,
    pub unplaced: Vec<Note>,
    pub run_in_headings: usize,
    pub kind: Option<InputKind>,
}

/// Approving bodies, longest first.
const BODIES: &[&str] = &[
    "会员代表大会",
    "常务理事会",
    "执行委员会",
    "会员大会",
    "代表大会",
    "理事会",
    "董事会",
    "监事会",
    "委员会",
    "社员大会",
    "职工大会",
    "办公会",
];

/// `第X<unit>` anywhere in `text`: the number and the byte offset after it.
fn ordinal_before(text: &str, unit: char) -> Option<(u32, usize)> {
    let mut found = None;
    for (at, _) in text.match_indices('第') {
        let after = &text[at + '第'.len_utf8()..];
        let digits: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || "零〇一二三四五六七八九十百".contains(*c))
            .collect();
        let rest = &after[digits.len()..];
        if !digits.is_empty() && rest.starts_with(unit) {
            let n = parse_zh_num(&digits).and_then(|n| u32::try_from(n).ok());
            if let Some(n) = n {
                found = Some((n, at + '第'.len_utf8() + digits.len() + unit.len_utf8()));
            }
        }
    }
    found
}

/// 本制度经…第二届理事会第四次会议审议通过… / …第三届第5次理事会通过…
pub fn is_approval_sentence(text: &str) -> bool {
    let passed = ["通过", "批准", "审定"].iter().any(|w| text.contains(w));
    let meeting = BODIES.iter().any(|b| text.contains(b)) || text.contains("会议");
    let counted = ordinal_before(text, '届').is_some() || ordinal_before(text, '次').is_some();
    passed && meeting && counted && text.chars().count() <= 160
}

/// The dates in `text` (2025年3月1日, 二〇二五年三月一日, 2025-03-01, 2025.3.1)
/// with the byte offsets where each starts and ends.
pub fn find_dates(text: &str) -> Vec<(usize, usize, Date)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit = |c: char| -> Option<u32> {
        match c {
            '0'..='9' => c.to_digit(10),
            '〇' | '零' | 'О' | 'O' => Some(0),
            _ => "一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .map(|p| p as u32 + 1),
        }
    };
    // A small number after 年/月: digits or Chinese (十二, 二十一).
    let small = |from: usize| -> Option<(u32, usize)> {
        let mut end = from;
        let mut s = String::new();
        while let Some(&(_, c)) = chars.get(end) {
            if c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c) {
                s.push(c);
                end += 1;
            } else {
                break;
            }
        }
        if s.is_empty() || s.chars().count() > 3 {
            return None;
        }
        let n = parse_zh_num(&s)?;
        Some((u32::try_from(n).ok()?, end))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let year: Option<u32> = chars[i..i + 4]
            .iter()
            .try_fold(0u32, |acc, &(_, c)| digit(c).map(|d| acc * 10 + d));
        let before_is_digit = i > 0 && digit(chars[i - 1].1).is_some();
        let (Some(year), false) = (year, before_is_digit) else {
            i += 1;
            continue;
        };
        let sep = chars.get(i + 4).map(|&(_, c)| c);
        let parsed = match sep {
            Some('年') => small(i + 5).and_then(|(m, e)| {
                (chars.get(e).map(|&(_, c)| c) == Some('月'))
                    .then_some(())
                    .and_then(|_| small(e + 1))
                    .filter(|&(_, e2)| matches!(chars.get(e2).map(|&(_, c)| c), Some('日' | '号')))
                    .map(|(d, e2)| (m, d, e2 + 1))
            }),
            Some('-' | '.' | '/') => small(i + 5).and_then(|(m, e)| {
                (chars.get(e).map(|&(_, c)| c) == sep)
                    .then_some(())
                    .and_then(|_| small(e + 1))
                    .map(|(d, e2)| (m, d, e2))
            }),
            _ => None,
        };
        match parsed.and_then(|(m, d, end)| {
            let date = Date::new(
                u16::try_from(year).ok()?,
                u8::try_from(m).ok()?,
                u8::try_from(d).ok()?,
            )?;
            Some((date, end))
        }) {
            Some((date, end)) => {
                let end_byte = chars.get(end).map(|&(b, _)| b).unwrap_or(text.len());
                out.push((chars[i].0, end_byte, date));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

pub fn parse_approval(line: usize, text: &str) -> Option<Approval> {
    let sentence = text;
    if !is_approval_sentence(text) {
        return None;
    }
    let term = ordinal_before(text, '届');
    let session = ordinal_before(text, '次');
    let (term, session) = match (term, session) {
        (Some((t, _)), Some((s, _))) => (t, s),
        _ => return None,
    };
    let body = BODIES
        .iter()
        .find(|b| text.contains(*b))
        .map(|b| b.to_string())
        .unwrap_or_else(|| "理事会".to_string());
    let mut date = None;
    let mut effective = None;
    let squeezed: String = text.chars().filter(|c| !is_space(*c)).collect();
    let text = squeezed.as_str();
    for (at, end, found) in find_dates(text) {
        // 自2025年4月1日起施行: the day it takes effect, not the meeting's.
        let before: String = text[..at].chars().rev().take(2).collect();
        if before.contains('自') || text[end..].starts_with('起') {
            effective = Some(found);
        } else if date.is_none() {
            date = Some(found);
        }
    }
    Some(Approval {
        line,
        sentence: sentence.to_string(),
        body,
        term,
        session,
        date,
        effective,
    })
}

/// A short line without sentence punctuation: a title, heading or name.
fn title_like(text: &str) -> bool {
    let n = text.chars().count();
    (2..=40).contains(&n)
        && !ends_sentence(text)
        && !text.contains(['，', ',', '。', '；', ';'])
        && !text.ends_with(CONTINUING)
}

/// A line ending so goes on in the next one.
const CONTINUING: [char; 9] = ['，', '、', '和', '或', '及', '与', '的', '第', ','];

/// Longer than a clause heading: a title-like line this long after a
/// clause label (第二十四条) is the first line of a paragraph that wrapped, as
/// text taken from a PDF gives it. Section titles (level 1) may be longer.
const CLAUSE_HEADING_MAX: usize = 17;

fn wrapped_first_line(level: usize, text: &str) -> bool {
    let text = text.trim_matches(is_space);
    level >= 2 && title_like(text) && text.chars().count() > CLAUSE_HEADING_MAX
}

/// Run-in headings (公平公正。) are a habit of a whole list. Where fewer than
/// half of the siblings start with a short sentence, that sentence is part
/// of their text (理事会每年至少召开两次会议。会议须……).
fn fold_lone_run_ins(flats: &mut [Flat]) {
    let mut groups: std::collections::BTreeMap<(Option<usize>, usize), Vec<usize>> =
        std::collections::BTreeMap::new();
    let mut parents: Vec<usize> = Vec::new();
    for (i, flat) in flats.iter().enumerate() {
        while parents
            .last()
            .is_some_and(|&p| flats[p].level >= flat.level)
        {
            parents.pop();
        }
        groups
            .entry((parents.last().copied(), flat.level))
            .or_default()
            .push(i);
        parents.push(i);
    }
    for siblings in groups.values() {
        let with_text = siblings
            .iter()
            .filter(|&&i| !flats[i].text.is_empty())
            .count();
        let run_ins: Vec<usize> = siblings
            .iter()
            .copied()
            .filter(|&i| flats[i].run_in)
            .collect();
        if run_ins.len() * 2 >= with_text {
            continue;
        }
        for i in run_ins {
            let flat = &mut flats[i];
            if let (Some(heading), Some(first)) = (flat.heading.take(), flat.text.first_mut()) {
                first.insert_str(0, &heading);
            }
            flat.run_in = false;
        }
    }
}

/// Run-in heading: a first sentence short enough to be a lead (公平公正。).
const RUN_IN_MAX: usize = 16;

/// Splits a label's text into heading and text.
fn split_heading(rest: &str) -> (Option<String>, Option<String>) {
    let rest = rest.trim_matches(is_space);
    if rest.is_empty() {
        return (None, None);
    }
    if title_like(rest) {
        return (Some(rest.to_string()), None);
    }
    if let Some(at) = rest.find('。') {
        let lead = &rest[..at + '。'.len_utf8()];
        let after = rest[lead.len()..].trim_matches(is_space);
        if lead.chars().count() <= RUN_IN_MAX && !lead.contains(['，', ',']) && !after.is_empty() {
            return (Some(lead.to_string()), Some(after.to_string()));
        }
    }
    (None, Some(rest.to_string()))
}

/// A line holding only a date (落款日期).
fn date_line(text: &str) -> Option<Date> {
    // PDF text often spaces the date out: 2025 年 3 月 1 日.
    let text: String = text.chars().filter(|c| !is_space(*c)).collect();
    let text = text.as_str();
    let dates = find_dates(text);
    let (at, _, date) = *dates.first()?;
    let rest: String = text[..at]
        .chars()
        .chain(
            text[at..]
                .chars()
                .skip_while(|c| !matches!(c, '日' | '号'))
                .skip(1),
        )
        .filter(|c| !is_space(*c))
        .collect();
    (rest.is_empty() || rest == "日期：" || rest == "日期:").then_some(date)
}

struct Flat {
    level: usize,
    label: String,
    line: usize,
    heading: Option<String>,
    text: Vec<String>,
    awaiting_text: bool,
    /// The last paragraph is a wrapped line that the next line goes on.
    open_paragraph: bool,
    /// The heading is a short first sentence split off the text.
    run_in: bool,
}

pub fn parse(lines: &[Line]) -> Parsed {
    let mut parsed = Parsed::default();
    let first_label = lines
        .iter()
        .position(|l| parse_label(&l.text).is_some_and(|(label, _)| label.number == 1));
    let body_start = first_label.unwrap_or(lines.len());
    let tail_start = lines
        .iter()
        .enumerate()
        .skip(first_label.map(|i| i + 1).unwrap_or(0))
        .find(|(_, l)| is_appendix_marker(&l.text))
        .map(|(i, _)| i)
        .unwrap_or(lines.len());
    let head_end = body_start.min(tail_start);
    head(&lines[..head_end], &mut parsed);
    let body_end = tail_start.max(head_end);
    parsed.tail = lines[body_end..].to_vec();
    body(&lines[head_end..body_end], &mut parsed);
    parsed
}

fn head(lines: &[Line], parsed: &mut Parsed) {
    let mut rest: Vec<&Line> = Vec::new();
    for line in lines {
        let t = line.text.trim_start_matches(is_space);
        let number = ["编号：", "编号:", "文号：", "文号:", "编号 "]
            .iter()
            .find_map(|p| t.strip_prefix(p));
        if let (Some(number), None) = (number, &parsed.number) {
            parsed.number = Some((line.no, number.trim_matches(is_space).to_string()));
            continue;
        }
        if parsed.approval.is_none()
            && let Some(approval) = parse_approval(line.no, &line.text)
        {
            let dated = approval.date.is_some();
            if !dated {
                parsed.unplaced.push(Note {
                    line: line.no,
                    text: line.text.clone(),
                    why: "approval sentence without a date ([approval] needs one): kept in the preamble; see the commented [approval] at the end of the charter".into(),
                });
            }
            parsed.approval = Some(approval);
            if dated {
                parsed.approval_under_title = true;
                continue;
            }
        }
        rest.push(line);
    }
    // A regulation filed as an attachment starts with 附件2: not its title.
    let mut lead = Vec::new();
    while rest
        .first()
        .is_some_and(|l| is_appendix_marker(&l.text) && l.text.chars().count() <= 6)
    {
        let line = rest.remove(0);
        parsed.unplaced.push(Note {
            line: line.no,
            text: line.text.clone(),
            why: "above the title: kept at the start of the preamble".into(),
        });
        lead.push(line.text.clone());
    }
    let notice = cover_notice_end(&rest);
    parsed.cover_notice = rest
        .drain(..notice)
        .map(|l| (l.no, l.text.clone()))
        .collect();
    let mut start = 0;
    match (rest.first(), rest.get(1)) {
        (Some(a), Some(b))
            if title_like(&a.text)
                && title_like(&b.text)
                && !ends_with_any(&a.text, TITLE_WORDS)
                && (ends_with_any(&a.text, ORG_SUFFIXES)
                    || ends_with_any(&b.text, TITLE_WORDS)) =>
        {
            parsed.org_line = Some((a.no, a.text.clone()));
            parsed.title = Some((b.no, b.text.clone()));
            start = 2;
        }
        (Some(a), _) if title_like(&a.text) => {
            parsed.title = Some((a.no, a.text.clone()));
            start = 1;
        }
        _ => {}
    }
    parsed.preamble = lead;
    parsed
        .preamble
        .extend(rest[start..].iter().map(|l| l.text.clone()));
}

/// A line of a cover notice: the letterhead (某某中心文件), the issue number
/// (某发〔2024〕3号) or the notice's title (关于印发《…》的通知).
fn notice_line(text: &str) -> bool {
    let text = text.trim_matches(is_space);
    let issue_number = text.ends_with('号')
        && (text.contains('〔') && text.contains('〕') || text.contains('[') && text.contains(']'));
    (title_like(text) && ends_with_any(text, NOTICE_WORDS)) || issue_number
}

/// Where the regulation starts after a cover notice: at its own title, the
/// last line before the body that ends like a title (…制度), with the
/// organisation's line above it when the title is split over two lines.
/// 0 when there is no notice.
fn cover_notice_end(rest: &[&Line]) -> usize {
    let Some(title) = rest
        .iter()
        .rposition(|l| title_like(&l.text) && ends_with_any(&l.text, TITLE_WORDS))
    else {
        return 0;
    };
    if !rest[..title].iter().any(|l| notice_line(&l.text)) {
        return 0;
    }
    match title.checked_sub(1).map(|i| &rest[i].text) {
        Some(above)
            if title_like(above) && ends_with_any(above, ORG_SUFFIXES) && !notice_line(above) =>
        {
            title - 1
        }
        _ => title,
    }
}

fn body(lines: &[Line], parsed: &mut Parsed) {
    let mut flats: Vec<Flat> = Vec::new();
    let mut levels: Vec<Level> = Vec::new();
    // Count within the current parent, and across parents, per level.
    let mut local = [0u64; MAX_LEVELS];
    let mut global = [0u64; MAX_LEVELS];
    // Evidence per level: first children that restarted at 1 / counted on.
    let mut restarts = [0usize; MAX_LEVELS];
    let mut continues = [0usize; MAX_LEVELS];
    let mut depth = 0usize;
    // (node index, paragraph index) of an approval sentence kept as text.
    let mut approval_at: Option<(usize, usize)> = None;
    let mut in_closing = false;
    let mut after_approval = 0usize;
    // With the approval under the title or in an article, the body may end
    // in a signature: the last lines, if they are an organisation and/or a date.
    let mut signature_lines: Vec<(usize, String)> = Vec::new();

    let push_text =
        |flats: &mut Vec<Flat>, parsed: &mut Parsed, text: String| match flats.last_mut() {
            Some(flat) if flat.awaiting_text && wrapped_first_line(flat.level, &text) => {
                flat.awaiting_text = false;
                flat.open_paragraph = true;
                flat.text.push(text);
            }
            Some(flat) if flat.open_paragraph => {
                flat.open_paragraph = false;
                match flat.text.last_mut() {
                    Some(last) => last.push_str(&text),
                    None => flat.text.push(text),
                }
            }
            Some(flat) if flat.awaiting_text => {
                flat.awaiting_text = false;
                let (heading, text) = split_heading(&text);
                flat.run_in = heading.is_some() && text.is_some();
                flat.heading = heading;
                flat.text.extend(text);
            }
            Some(flat) => flat.text.push(text),
            None => parsed.preamble.push(text),
        };

    for line in lines {
        if in_closing {
            // After the approval sentence: a signature, or text out of place.
            if after_approval < 2 && parsed.signature.as_ref().is_none_or(|s| s.2.is_none()) {
                if let Some(date) = date_line(&line.text) {
                    let org = parsed.signature.take().and_then(|s| s.1);
                    parsed.signature = Some((line.no, org, Some(date)));
                    after_approval += 1;
                    continue;
                }
                if parsed.signature.is_none() && org_like(&line.text) {
                    parsed.signature = Some((line.no, Some(line.text.clone()), None));
                    after_approval += 1;
                    continue;
                }
            }
            after_approval += 1;
            parsed.unplaced.push(Note {
                line: line.no,
                text: line.text.clone(),
                why: "text after the approval sentence: kept as text of the last node, printed before the approval".into(),
            });
            push_text(&mut flats, parsed, line.text.clone());
            continue;
        }
        // An approval sentence under a label (第五条 本制度经……通过) is an
        // article of the regulation: [approval] would print it a second time.
        if parsed.approval.is_none()
            && parsed.approval_article.is_none()
            && let Some((label, rest)) = parse_label(&line.text)
            && is_approval_sentence(rest)
        {
            parsed.approval_article = Some((line.no, label.written.clone()));
        }
        if parsed.approval.is_none()
            && parse_label(&line.text).is_none()
            && let Some(approval) = parse_approval(line.no, &line.text)
        {
            // Kept as text until it is known whether [approval] can hold it.
            if let Some(index) = flats.len().checked_sub(1) {
                approval_at = Some((index, flats[index].text.len()));
                flats[index].text.push(line.text.clone());
                flats[index].awaiting_text = false;
            } else {
                parsed.preamble.push(line.text.clone());
            }
            parsed.approval = Some(approval);
            in_closing = true;
            continue;
        }
        let Some((label, rest)) = parse_label(&line.text) else {
            let signature_like = (parsed.approval_under_title || parsed.approval_article.is_some())
                && parsed.signature.is_none()
                && (date_line(&line.text).is_some() || org_like(&line.text));
            let paragraphs = flats.last().map_or(0, |f| f.text.len());
            push_text(&mut flats, parsed, line.text.clone());
            match flats.last() {
                Some(f) if signature_like && f.text.len() == paragraphs + 1 => {
                    signature_lines.push((line.no, line.text.clone()));
                }
                _ => signature_lines.clear(),
            }
            continue;
        };
        signature_lines.clear();
        // 参照第十二条（一）、\n（六）所列事项: a line broken before a
        // reference, not a new item.
        let continuing = flats.last().is_some_and(|f| {
            !f.awaiting_text && f.text.last().is_some_and(|t| t.ends_with(CONTINUING))
        });
        if continuing {
            if let Some(last) = flats.last_mut().and_then(|f| f.text.last_mut()) {
                last.push_str(&line.text);
            }
            parsed.unplaced.push(Note {
                line: line.no,
                text: line.text.clone(),
                why: format!(
                    "starts with {} but continues the sentence before it: joined to it",
                    label.written
                ),
            });
            continue;
        }
        let known = levels.iter().position(|l| l.form.same_level(&label.form));
        let level = known.map(|i| i + 1).unwrap_or(levels.len() + 1);
        let reject = |why: String| Note {
            line: line.no,
            text: line.text.clone(),
            why,
        };
        let verdict: Result<(), String> = if level > depth + 1 {
            Err(format!(
                "label {} is level {level} but follows a level-{depth} node: kept as text",
                label.written
            ))
        } else if level > MAX_LEVELS {
            Err(format!(
                "label {} would be a fifth level (a charter has four): kept as text",
                label.written
            ))
        } else if known.is_none() && label.number != 1 {
            Err(format!(
                "label {} starts a new level but is not its first: kept as text",
                label.written
            ))
        } else {
            let index = level - 1;
            let restart = local[index] + 1;
            let counted_on = global[index] + 1;
            let first_child = local[index] == 0;
            if label.number == restart || (first_child && label.number == counted_on) {
                Ok(())
            } else if label.number > restart && label.number <= restart + 2 {
                parsed.unplaced.push(Note {
                    line: line.no,
                    text: line.text.clone(),
                    why: format!(
                        "numbering skips: {} where {} was due; charter numbers it {}",
                        label.written,
                        label.form.render(restart),
                        label.form.render(restart)
                    ),
                });
                Ok(())
            } else {
                Err(format!(
                    "label {} does not continue the count ({} was due): kept as text",
                    label.written,
                    label.form.render(restart)
                ))
            }
        };
        if let Err(why) = verdict {
            parsed.unplaced.push(reject(why));
            // After an unfinished sentence it is the rest of that sentence.
            match flats.last_mut().and_then(|f| f.text.last_mut()) {
                Some(last) if !ends_sentence(last) => last.push_str(&line.text),
                _ => push_text(&mut flats, parsed, line.text.clone()),
            }
            continue;
        }
        accept(
            &label,
            level,
            &mut levels,
            line,
            &mut local,
            &mut global,
            &mut restarts,
            &mut continues,
        );
        depth = level;
        let wrapped = wrapped_first_line(level, rest);
        let (heading, text) = if wrapped {
            (None, Some(rest.trim_matches(is_space).to_string()))
        } else {
            split_heading(rest)
        };
        let run_in = heading.is_some() && text.is_some();
        flats.push(Flat {
            level,
            label: label.written.clone(),
            line: line.no,
            awaiting_text: heading.is_none() && text.is_none(),
            open_paragraph: wrapped,
            run_in,
            heading,
            text: text.into_iter().collect(),
        });
    }

    if let Some((org, date)) = signature_at_end(&signature_lines) {
        if parsed.approval_under_title {
            if let Some(last) = flats.last_mut() {
                last.text
                    .truncate(last.text.len().saturating_sub(signature_lines.len()));
            }
            parsed.signature = Some((signature_lines[0].0, org, Some(date)));
        } else {
            // Under an approval article there is no [approval] to sign.
            for (no, text) in signature_lines {
                parsed.unplaced.push(Note {
                    line: no,
                    text,
                    why: "signature under the approval article: kept as its text".into(),
                });
            }
        }
    }
    // The signature may follow the list of appendices (附件：1. … 2. …).
    if parsed.signature.is_none() && parsed.approval.is_some() {
        take_tail_signature(parsed);
    }

    // The approval sentence stays text unless [approval] can hold it (it
    // needs a date, from the sentence or the signature under it).
    if let Some(approval) = &mut parsed.approval
        && approval.date.is_none()
    {
        approval.date = parsed.signature.as_ref().and_then(|s| s.2);
    }
    let complete = parsed.approval.as_ref().is_some_and(|a| a.date.is_some());
    if let (Some((node, paragraph)), true) = (approval_at, complete)
        && let Some(flat) = flats.get_mut(node)
        && paragraph < flat.text.len()
    {
        flat.text.remove(paragraph);
    }
    if let (Some(approval), false) = (&parsed.approval, complete)
        && approval_at.is_some()
    {
        parsed.unplaced.push(Note {
            line: approval.line,
            text: approval.sentence.clone(),
            why: "approval sentence without a date ([approval] needs one): kept as text where it stood; see the commented [approval] at the end of the charter".into(),
        });
    }
    if !complete && let Some((no, org, date)) = parsed.signature.take() {
        let text: Vec<String> = org.into_iter().chain(date.map(|d| d.zh())).collect();
        for t in &text {
            push_text(&mut flats, parsed, t.clone());
        }
        parsed.unplaced.push(Note {
            line: no,
            text: text.join(" "),
            why: "signature without an approval to sign: kept as text".into(),
        });
    }

    for level in &levels {
        for (form, n) in level.variants.iter().filter(|(f, _)| *f != level.form) {
            parsed.unplaced.push(Note {
                line: level.example.0,
                text: form.render(1),
                why: format!(
                    "{n} label(s) written {} among {}: charter prints them all as {}",
                    form.pattern(),
                    level.form.pattern(),
                    level.form.pattern()
                ),
            });
        }
    }
    for (i, level) in levels.iter_mut().enumerate() {
        level.continuous = if continues[i] > 0 && restarts[i] == 0 {
            true
        } else if restarts[i] > 0 {
            false
        } else {
            level.form.conventionally_continuous()
        };
    }
    parsed.levels = levels;
    let mut flats = fold_empty_nodes(flats, parsed);
    fold_lone_run_ins(&mut flats);
    parsed.run_in_headings = flats.iter().filter(|f| f.run_in).count();
    parsed.sections = assemble(flats);
}

fn org_like(text: &str) -> bool {
    title_like(text) && ends_with_any(text, ORG_SUFFIXES)
}

/// Signature lines (organisation, date) right after the 附件 list, before
/// the first appendix: taken out of the tail.
/// An organisation line and a date, or a date alone.
fn signature_at_end(lines: &[(usize, String)]) -> Option<(Option<String>, Date)> {
    match lines {
        [(_, date)] => Some((None, date_line(date)?)),
        [(_, org), (_, date)] if org_like(org) => Some((Some(org.clone()), date_line(date)?)),
        _ => None,
    }
}

fn take_tail_signature(parsed: &mut Parsed) {
    let tail = &parsed.tail;
    let mut i = 1;
    while tail.get(i).is_some_and(|l| {
        parse_label(&l.text)
            .is_some_and(|(label, _)| label.form.counter == crate::format::Counter::N)
    }) {
        i += 1;
    }
    let start = i;
    let mut org = None;
    let mut date = None;
    while i < tail.len() && i < start + 2 {
        let text = &tail[i].text;
        if date.is_none()
            && let Some(d) = date_line(text)
        {
            date = Some(d);
        } else if org.is_none() && date.is_none() && org_like(text) {
            org = Some(text.clone());
        } else {
            break;
        }
        i += 1;
    }
    let ends_block = tail.get(i).is_none_or(|l| is_appendix_marker(&l.text));
    if tail.is_empty() || i == start || !ends_block {
        return;
    }
    let no = tail[start].no;
    parsed.tail.drain(start..i);
    parsed.signature = Some((no, org, date));
}

#[allow(clippy::too_many_arguments)]
fn accept(
    label: &Label,
    level: usize,
    levels: &mut Vec<Level>,
    line: &Line,
    local: &mut [u64; MAX_LEVELS],
    global: &mut [u64; MAX_LEVELS],
    restarts: &mut [usize; MAX_LEVELS],
    continues: &mut [usize; MAX_LEVELS],
) {
    let index = level - 1;
    if index == levels.len() {
        levels.push(Level {
            form: label.form.clone(),
            variants: Vec::new(),
            continuous: false,
            count: 0,
            example: (line.no, label.written.clone()),
        });
    }
    if let Some(l) = levels.get_mut(index) {
        l.count += 1;
        match l.variants.iter_mut().find(|(f, _)| *f == label.form) {
            Some((_, n)) => *n += 1,
            None => l.variants.push((label.form.clone(), 1)),
        }
        // The most frequent way of writing it (the first on a tie) wins.
        if let Some((form, _)) = l.variants.iter().rev().max_by_key(|(_, n)| *n) {
            l.form = form.clone();
        }
    }
    // A first child under a second or later parent tells whether the level
    // restarts (1) or counts on (global + 1).
    if local[index] == 0 && global[index] > 0 {
        if label.number == 1 {
            restarts[index] += 1;
        } else if label.number == global[index] + 1 {
            continues[index] += 1;
        }
    }
    local[index] = label.number;
    global[index] = label.number;
    for count in local.iter_mut().skip(index + 1) {
        *count = 0;
    }
}

/// Flat nodes in document order → the tree.
/// A label with no heading, no text and nothing under it (a stray 2、 at the
/// end) cannot be a node of the charter: it goes back as text where it
/// stood, and the report says so.
fn fold_empty_nodes(flats: Vec<Flat>, parsed: &mut Parsed) -> Vec<Flat> {
    let mut out: Vec<Flat> = Vec::with_capacity(flats.len());
    let mut iter = flats.into_iter().peekable();
    while let Some(flat) = iter.next() {
        let has_children = iter.peek().is_some_and(|next| next.level > flat.level);
        if flat.heading.is_some() || !flat.text.is_empty() || has_children {
            out.push(flat);
            continue;
        }
        parsed.unplaced.push(Note {
            line: flat.line,
            text: flat.label.clone(),
            why: "a label with nothing after it: kept as text".into(),
        });
        match out.last_mut() {
            Some(previous) => previous.text.push(flat.label),
            None => parsed.preamble.push(flat.label),
        }
    }
    out
}

fn assemble(flats: Vec<Flat>) -> Vec<Node> {
    fn take(flats: &mut std::iter::Peekable<std::vec::IntoIter<Flat>>, level: usize) -> Vec<Node> {
        let mut out = Vec::new();
        while let Some(flat) = flats.next_if(|f| f.level >= level) {
            let children = take(flats, flat.level + 1);
            out.push(Node {
                level: flat.level,
                label: flat.label,
                line: flat.line,
                heading: flat.heading,
                text: flat.text,
                children,
                id: String::new(),
            });
        }
        out
    }
    let mut iter = flats.into_iter().peekable();
    take(&mut iter, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
                tabbed: false,
                joined: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn approval_sentences() {
        let a = parse_approval(
            1,
            "本制度经示范中心第二届理事会第四次会议审议通过，自审议通过之日起施行。",
        );
        let a = a.unwrap_or_else(|| unreachable!());
        assert_eq!(
            (a.term, a.session, a.body.as_str(), a.date),
            (2, 4, "理事会", None)
        );
        let b = parse_approval(
            1,
            "本办法于2024年6月18日经第三届第5次理事会通过，自2024年7月1日起施行。",
        )
        .unwrap_or_else(|| unreachable!());
        assert_eq!((b.term, b.session), (3, 5));
        assert_eq!(b.date, Date::new(2024, 6, 18));
        assert_eq!(b.effective, Date::new(2024, 7, 1));
        assert!(parse_approval(1, "本公约的修订须报理事会讨论通过。").is_none());
        let c = parse_approval(1, "（二〇二三年五月二十日第一届会员大会第三次会议通过）")
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            (c.body.as_str(), c.date),
            ("会员大会", Date::new(2023, 5, 20))
        );
    }

    #[test]
    fn a_long_line_under_a_bare_label_is_wrapped_text_not_a_heading() {
        // PDF text: the label alone, then the paragraph wrapped mid-word.
        let parsed = parse(&lines(
            "第一章 总则\n第一条\n本会每年向社会公开年度工作报告和财务会\n计报告，接受社会监督。\n第二条\n会员义务\n遵守本章程。\n",
        ));
        let articles = &parsed.sections[0].children;
        assert_eq!(articles[0].heading, None);
        assert_eq!(
            articles[0].text,
            ["本会每年向社会公开年度工作报告和财务会计报告，接受社会监督。"]
        );
        // A short line there is still a heading.
        assert_eq!(articles[1].heading.as_deref(), Some("会员义务"));
        assert_eq!(articles[1].text, ["遵守本章程。"]);
    }

    #[test]
    fn a_short_first_sentence_in_one_article_of_many_is_text() {
        let parsed = parse(&lines(
            "第一章 总则\n第一条 本会设理事会。理事会每年召开两次会议。\n第二条 理事任期五年，可以连任。\n第三条 理事会决议须过半数通过。\n第四条 监事列席理事会会议。\n",
        ));
        let articles = &parsed.sections[0].children;
        assert_eq!(articles[0].heading, None);
        assert_eq!(articles[0].text, ["本会设理事会。理事会每年召开两次会议。"]);
        assert_eq!(parsed.run_in_headings, 0);
    }

    #[test]
    fn a_long_line_after_a_clause_label_wraps_on_the_next() {
        let parsed = parse(&lines(
            "第一章 总则\n第一条 本会每年向社会公开年度工作报告和财务会\n计报告，接受社会监督。\n",
        ));
        let article = &parsed.sections[0].children[0];
        assert_eq!(article.heading, None);
        assert_eq!(
            article.text,
            ["本会每年向社会公开年度工作报告和财务会计报告，接受社会监督。"]
        );
    }

    #[test]
    fn levels_headings_and_text() {
        let parsed = parse(&lines(
            "示范社会工作服务中心\n服务公约\n为规范服务，制定本公约。\n一、总则\n本公约适用于全体人员。\n二、服务原则\n（一）公平公正。一视同仁。\n（二）热情接待来访群众，及时登记诉求。\n1、接待\n2、解答\n（三）信息公开\n三、附则\n本公约经第一届理事会第二次会议审议通过，即日起施行。\n",
        ));
        assert_eq!(
            parsed.org_line.map(|o| o.1).as_deref(),
            Some("示范社会工作服务中心")
        );
        assert_eq!(parsed.title.map(|t| t.1).as_deref(), Some("服务公约"));
        assert_eq!(parsed.preamble, ["为规范服务，制定本公约。"]);
        let patterns: Vec<String> = parsed.levels.iter().map(|l| l.form.pattern()).collect();
        assert_eq!(patterns, ["{zh}、", "（{zh}）", "{n}、"]);
        assert_eq!(parsed.sections.len(), 3);
        let principles = &parsed.sections[1];
        assert_eq!(principles.heading.as_deref(), Some("服务原则"));
        assert_eq!(
            principles.children[0].heading.as_deref(),
            Some("公平公正。")
        );
        assert_eq!(principles.children[0].text, ["一视同仁。"]);
        assert_eq!(principles.children[1].children.len(), 2);
        assert_eq!(principles.children[2].heading.as_deref(), Some("信息公开"));
        // No date: the approval sentence stays in the text and is reported.
        assert_eq!(parsed.approval.as_ref().map(|a| a.term), Some(1));
        assert!(parsed.sections[2].text[0].starts_with("本公约经"));
        assert_eq!(parsed.unplaced.len(), 1);
    }

    #[test]
    fn cross_references_and_stray_labels_stay_text() {
        let parsed = parse(&lines(
            "章程\n第一章 总则\n第一条 名称。\n第二条 参照第一条办理。\n第二章 会员\n第三条 会员。\n5. 不成序的编号\n第四条 其他。\n",
        ));
        let patterns: Vec<String> = parsed.levels.iter().map(|l| l.form.pattern()).collect();
        assert_eq!(patterns, ["第{zh}章", "第{zh}条"]);
        assert!(parsed.levels[1].continuous);
        assert_eq!(
            parsed.sections[1].children[0].text,
            ["会员。", "5. 不成序的编号"]
        );
        assert_eq!(parsed.unplaced.len(), 1);
    }

    #[test]
    fn mixed_full_and_half_width_labels_are_one_level() {
        let parsed = parse(&lines(
            "制度\n一、总则\n（一）甲。\n(二)乙。\n（三）丙。\n二、附则\n(一)丁。\n",
        ));
        assert_eq!(parsed.levels.len(), 2);
        assert_eq!(parsed.levels[1].form.pattern(), "（{zh}）");
        assert_eq!(parsed.sections[0].children.len(), 3);
        assert_eq!(parsed.unplaced.len(), 1, "{:?}", parsed.unplaced);
    }

    #[test]
    fn dated_approval_and_signature_leave_the_text() {
        let parsed = parse(&lines(
            "服务制度\n一、总则\n正文。\n本制度经示范中心第二届理事会第四次会议审议通过，自审议通过之日起施行。\n示范中心\n2025年3月1日\n",
        ));
        assert_eq!(parsed.sections[0].text, ["正文。"]);
        assert_eq!(parsed.approval.and_then(|a| a.date), Date::new(2025, 3, 1));
        assert!(parsed.signature.is_some());
        assert!(parsed.unplaced.is_empty());
    }

    #[test]
    fn an_approval_sentence_under_a_label_stays_an_article() {
        let parsed = parse(&lines(
            "财务制度\n第一条 收支两条线。\n第二条 本制度经2025年1月10日第二届理事会第三次会议审议通过。\n第三条 本制度由理事会负责解释。\n",
        ));
        assert!(parsed.approval.is_none());
        assert_eq!(parsed.approval_article, Some((3, "第二条".to_string())));
        let texts: Vec<&str> = parsed.sections.iter().map(|n| n.text[0].as_str()).collect();
        assert_eq!(
            texts,
            [
                "收支两条线。",
                "本制度经2025年1月10日第二届理事会第三次会议审议通过。",
                "本制度由理事会负责解释。"
            ]
        );
    }

    #[test]
    fn a_signature_under_an_approval_article_is_flagged() {
        let parsed = parse(&lines(
            "财务制度\n第一条 收支两条线。\n第二条 本制度经2025年1月10日第二届理事会第三次会议审议通过。\n示范服务社\n2025年1月10日\n",
        ));
        let flagged: Vec<usize> = parsed.unplaced.iter().map(|n| n.line).collect();
        assert_eq!(flagged, [4, 5]);
        assert_eq!(parsed.sections[1].text.len(), 3);
    }

    #[test]
    fn an_approval_under_the_title_leaves_the_signature_at_the_end() {
        let parsed = parse(&lines(
            "服务制度\n（2025年3月1日第二届理事会第四次会议审议通过）\n一、总则\n正文。\n示范服务社\n2025年3月1日\n",
        ));
        assert!(parsed.approval_under_title);
        assert_eq!(parsed.sections[0].text, ["正文。"]);
        let (_, org, date) = parsed.signature.unwrap_or_default();
        assert_eq!(org.as_deref(), Some("示范服务社"));
        assert_eq!(date, Date::new(2025, 3, 1));
    }

    #[test]
    fn a_cover_notice_before_the_title_is_set_aside() {
        let parsed = parse(&lines(
            "示范服务社文件\n示发〔2024〕3号\n关于印发《示范服务社财务制度》的通知\n各部门：\n现将制度印发给你们，请遵照执行。\n示范服务社\n2024年3月1日\n示范服务社\n财务制度\n第一条 收支两条线。\n",
        ));
        let notice: Vec<usize> = parsed.cover_notice.iter().map(|(no, _)| *no).collect();
        assert_eq!(notice, [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(parsed.org_line.map(|(no, _)| no), Some(8));
        assert_eq!(parsed.title.map(|(_, t)| t).as_deref(), Some("财务制度"));
        assert!(parsed.preamble.is_empty(), "{:?}", parsed.preamble);
    }

    #[test]
    fn a_title_without_a_notice_above_it_keeps_the_preamble() {
        let parsed = parse(&lines(
            "示范服务社\n财务制度\n为规范财务管理，制定本制度。\n第一条 收支两条线。\n",
        ));
        assert!(parsed.cover_notice.is_empty());
        assert_eq!(parsed.preamble, ["为规范财务管理，制定本制度。"]);
    }

    #[test]
    fn a_stray_label_at_the_end_goes_back_as_text() {
        let parsed = parse(&lines("第一章 总则\n第一条 收支两条线。\n（1）\n"));
        let article = &parsed.sections[0].children[0];
        assert!(article.children.is_empty());
        assert_eq!(article.text, ["收支两条线。", "（1）"]);
        assert_eq!(
            parsed.unplaced.iter().map(|n| n.line).collect::<Vec<_>>(),
            [3]
        );
    }
}
