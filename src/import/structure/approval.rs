//! The approval sentence: approving body, term, session, date, effective
//! date; dates in any of the forms regulations write them.

use super::{Approval, Parsed, org_like};
use crate::import::clean::{is_appendix_marker, is_space};
use crate::import::labels::parse_label;
use crate::zh::{Date, parse_zh_num};

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

/// A line holding only a date (落款日期).
pub(super) fn date_line(text: &str) -> Option<Date> {
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

/// Signature lines (organisation, date) right after the 附件 list, before
/// the first appendix: taken out of the tail.
/// An organisation line and a date, or a date alone.
pub(super) fn signature_at_end(lines: &[(usize, String)]) -> Option<(Option<String>, Date)> {
    match lines {
        [(_, date)] => Some((None, date_line(date)?)),
        [(_, org), (_, date)] if org_like(org) => Some((Some(org.clone()), date_line(date)?)),
        _ => None,
    }
}

pub(super) fn take_tail_signature(parsed: &mut Parsed) {
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
