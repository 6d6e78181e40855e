//! Numbering labels at the start of a line (一、 （一） (一) 1、 1. （1） (1)
//! ① a. 第一章 第一条 …), and the numbering scheme that reproduces them.
//!
//! A label keeps the document's own characters: `(一)` stays half-width,
//! `（1）` full-width, so the scheme chosen prints what the original printed.

use crate::format::{Counter, Scheme};
use crate::zh::{alpha, circled, parse_zh_num, zh_num};

/// The shape of a label: what comes before and after the counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelForm {
    pub prefix: String,
    pub counter: Counter,
    pub suffix: String,
}

impl LabelForm {
    /// The pattern as written in `[charter.numbering] levels`.
    pub fn pattern(&self) -> String {
        let placeholder = match self.counter {
            Counter::N => "{n}",
            Counter::Zh => "{zh}",
            Counter::Circled => "{circled}",
            Counter::Alpha => "{alpha}",
            Counter::Decimal => "{decimal}",
        };
        format!("{}{placeholder}{}", self.prefix, self.suffix)
    }

    /// The label of number `n` in this form.
    pub fn render(&self, n: u64) -> String {
        let number = match self.counter {
            Counter::N | Counter::Decimal => n.to_string(),
            Counter::Zh => zh_num(n),
            Counter::Circled => circled(n).map(String::from).unwrap_or_default(),
            Counter::Alpha => alpha(n),
        };
        format!("{}{number}{}", self.prefix, self.suffix)
    }

    /// The form with full- and half-width punctuation taken as one: `(一)`
    /// and `（一）` in one document are one level written two ways.
    pub fn same_level(&self, other: &LabelForm) -> bool {
        fn wide(s: &str) -> String {
            s.chars()
                .map(|c| match c {
                    '(' => '（',
                    ')' => '）',
                    '.' => '．',
                    other => other,
                })
                .collect()
        }
        self.counter == other.counter
            && wide(&self.prefix) == wide(&other.prefix)
            && wide(&self.suffix) == wide(&other.suffix)
    }

    /// 第X条 counts on across chapters by convention.
    pub fn conventionally_continuous(&self) -> bool {
        self.prefix == "第" && self.suffix == "条"
    }
}

/// A label found at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub form: LabelForm,
    pub number: u64,
    /// The label as written (`（一）`, `1、`).
    pub written: String,
    /// A decimal label's numbers before its own (`5.1.2` → 5, 1).
    pub parents: Vec<u64>,
}

impl Label {
    /// How deep a decimal label is (`5.1.2` → 3); 1 for any other.
    pub fn depth(&self) -> usize {
        self.parents.len() + 1
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

fn is_zh_digit(c: char) -> bool {
    matches!(
        c,
        '零' | '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百'
    )
}

fn ascii_digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        // Full-width digits count as digits; the label is printed in ASCII.
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// A Chinese numeral written the way `zh_num` writes it (so `{zh}` prints
/// it back unchanged).
fn zh_number(text: &str) -> Option<u64> {
    let n = parse_zh_num(text)?;
    (n > 0 && zh_num(n) == text).then_some(n)
}

/// Splits off the longest prefix of `s` whose characters satisfy `pred`.
fn take_while(s: &str, pred: impl Fn(char) -> bool) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|&(_, c)| !pred(c))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    s.split_at(end)
}

fn digits_number(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.chars().count() > 3 {
        return None;
    }
    let mut n: u64 = 0;
    for c in digits.chars() {
        n = n * 10 + u64::from(ascii_digit_value(c)?);
    }
    (n > 0).then_some(n)
}

/// The counter at the start of `s`: Chinese numeral or digits.
fn counter_at(s: &str) -> Option<(Counter, u64, &str)> {
    let (zh, rest) = take_while(s, is_zh_digit);
    if !zh.is_empty() {
        return zh_number(zh).map(|n| (Counter::Zh, n, rest));
    }
    let (digits, rest) = take_while(s, |c| ascii_digit_value(c).is_some());
    digits_number(digits).map(|n| (Counter::N, n, rest))
}

/// Recognises a label at the start of `line`; returns it and the text after
/// it (leading spaces removed). Decimal outline labels (`3.1`, `1 范围`)
/// are not labels here: see `parse_outline_label`.
pub fn parse_label(line: &str) -> Option<(Label, &str)> {
    parse_label_with(line, false)
}

/// A label, decimal outline labels (`3.1、`, `5.1.1 `, a bare `1 范围`)
/// included: for a document whose outline counts as one.
pub fn parse_outline_label(line: &str) -> Option<(Label, &str)> {
    parse_label_with(line, true)
}

/// A label; `decimal`: decimal outline labels too.
pub fn parse_label_with(line: &str, decimal: bool) -> Option<(Label, &str)> {
    let line = line.trim_start_matches(is_space);
    let (form, number, parents, rest) = match decimal.then(|| decimal_parts(line)).flatten() {
        Some(found) => found,
        None => {
            let (form, number, rest) = label_parts(line)?;
            (form, number, Vec::new(), rest)
        }
    };
    let written_len = line.len() - rest.len();
    let label = Label {
        form,
        number,
        written: line[..written_len].trim_end_matches(is_space).to_string(),
        parents,
    };
    Some((label, rest.trim_start_matches(is_space)))
}

/// A decimal outline label: two to eight numbers joined by `.` (`5.1.1`),
/// then `、`, `.`, a space or the end of the line; or one number followed
/// by a space and a short heading (`1 范围`). `1.5倍`, `3.2万元` and
/// `2025 年` are not.
fn decimal_parts(line: &str) -> Option<(LabelForm, u64, Vec<u64>, &str)> {
    let mut numbers = Vec::new();
    let mut rest = line;
    loop {
        let (digits, after) = take_while(rest, |c| ascii_digit_value(c).is_some());
        numbers.push(digits_number(digits)?);
        rest = after;
        let next = after.chars().next();
        let more = matches!(next, Some('.' | '．'))
            && after[next.map_or(0, char::len_utf8)..]
                .chars()
                .next()
                .is_some_and(|c| ascii_digit_value(c).is_some());
        if !more || numbers.len() == 8 {
            break;
        }
        rest = &after[next.map_or(0, char::len_utf8)..];
    }
    let next = rest.chars().next();
    let (suffix, after) = match next {
        Some('、') => ("、", &rest['、'.len_utf8()..]),
        Some(c @ ('.' | '．')) if numbers.len() > 1 => {
            (if c == '.' { "." } else { "．" }, &rest[c.len_utf8()..])
        }
        Some(c) if is_space(c) => (" ", rest),
        None if numbers.len() > 1 => (" ", rest),
        _ => return None,
    };
    if numbers.len() == 1 {
        // One number: only `1 范围`, a space and a short heading.
        let heading = after.trim_matches(is_space);
        let n = heading.chars().count();
        let cjk = heading
            .chars()
            .next()
            .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if suffix != " "
            || !(1..=20).contains(&n)
            || !cjk
            || heading.contains(['，', '。', '；', '：', ',', ';', ':'])
        {
            return None;
        }
    } else if after
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '%')
    {
        return None;
    }
    let number = numbers.pop()?;
    let form = LabelForm {
        prefix: String::new(),
        counter: Counter::Decimal,
        suffix: suffix.to_string(),
    };
    Some((form, number, numbers, after))
}

fn label_parts(line: &str) -> Option<(LabelForm, u64, &str)> {
    let first = line.chars().next()?;
    let form = |prefix: &str, counter: Counter, suffix: &str| LabelForm {
        prefix: prefix.to_string(),
        counter,
        suffix: suffix.to_string(),
    };
    // 第一编 第一章 第一节 第一条, also 第3条.
    if let Some(after) = line.strip_prefix('第') {
        let (counter, n, rest) = counter_at(after)?;
        let unit = rest.chars().next()?;
        if !matches!(unit, '编' | '章' | '节' | '条') {
            return None;
        }
        let rest = &rest[unit.len_utf8()..];
        return Some((form("第", counter, &unit.to_string()), n, rest));
    }
    // （一） (一) （1） (1) （a）
    if first == '（' || first == '(' {
        let inner = &line[first.len_utf8()..];
        let (counter, n, rest) = match counter_at(inner) {
            Some(found) => found,
            None => {
                let c = inner.chars().next().filter(|c| c.is_ascii_lowercase())?;
                (Counter::Alpha, u64::from(c as u8 - b'a' + 1), &inner[1..])
            }
        };
        let close = rest.chars().next()?;
        if !matches!(close, '）' | ')') {
            return None;
        }
        let rest = &rest[close.len_utf8()..];
        return Some((
            form(&first.to_string(), counter, &close.to_string()),
            n,
            rest,
        ));
    }
    // ① ②
    if let Some(n) = (1..=20u64).find(|&n| circled(n) == Some(first)) {
        return Some((form("", Counter::Circled, ""), n, &line[first.len_utf8()..]));
    }
    // a. a、 a)
    if first.is_ascii_lowercase() {
        let rest = &line[1..];
        let suffix = rest.chars().next()?;
        if !matches!(suffix, '.' | '、' | ')' | '）' | '．') {
            return None;
        }
        let after = &rest[suffix.len_utf8()..];
        // a.m., e.g. and the like are words, not labels.
        if after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return None;
        }
        return Some((
            form("", Counter::Alpha, &suffix.to_string()),
            u64::from(first as u8 - b'a' + 1),
            after,
        ));
    }
    // 一、 1、 1. 1） 一．
    let (counter, n, rest) = counter_at(line)?;
    let suffix = rest.chars().next()?;
    let allowed = match counter {
        Counter::Zh => matches!(suffix, '、' | '.' | '．'),
        _ => matches!(suffix, '、' | '.' | '．' | ')' | '）'),
    };
    if !allowed {
        return None;
    }
    let after = &rest[suffix.len_utf8()..];
    // 1.5倍, 3.2 万元: a decimal number, not a label.
    if matches!(suffix, '.' | '．') && after.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((form("", counter, &suffix.to_string()), n, after))
}

/// The numbering of the charter: a named scheme or custom patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeChoice {
    /// A built-in scheme; `restart`: its articles count from 第一条 in
    /// every chapter.
    Named { name: &'static str, restart: bool },
    /// With `groups` (章, 节 named apart), `levels` are the numbered
    /// levels; without, the first of `levels` is the sections'.
    Custom {
        groups: Vec<String>,
        levels: Vec<String>,
        continuous: Vec<bool>,
    },
}

impl SchemeChoice {
    pub fn describe(&self) -> String {
        match self {
            SchemeChoice::Named {
                name,
                restart: false,
            } => format!("\"{name}\""),
            SchemeChoice::Named { name, .. } => {
                format!("\"{name}\", counted from 1 again in every chapter")
            }
            SchemeChoice::Custom { .. } => "custom".to_string(),
        }
    }
}

/// The named scheme that prints exactly `levels` (the first `groups` of
/// them grouping levels, the rest numbered, with the same continuity),
/// else a custom scheme with the document's own patterns.
pub fn choose_scheme(levels: &[(LabelForm, bool)], groups: usize) -> SchemeChoice {
    let groups = groups.clamp(1, levels.len().max(1));
    let (group_levels, numbered_levels) = levels.split_at(groups.min(levels.len()));
    for name in ["gbt9704", "articles", "arabic", "decimal"] {
        for restart in [false, true] {
            let Some(scheme) = Scheme::named(name, restart) else {
                continue;
            };
            let scheme_groups = &scheme.levels[..scheme.groups()];
            let numbered = &scheme.levels[scheme.groups()..];
            let fits_groups = group_levels.len() <= scheme_groups.len()
                && group_levels
                    .iter()
                    .zip(scheme_groups)
                    .all(|((form, _), l)| l.pattern == form.pattern());
            let fits_numbered = numbered_levels.len() <= numbered.len()
                && numbered_levels
                    .iter()
                    .zip(numbered)
                    .all(|((form, continuous), l)| {
                        l.pattern == form.pattern() && l.continuous == *continuous
                    });
            if fits_groups && fits_numbered && !levels.is_empty() {
                return SchemeChoice::Named { name, restart };
            }
        }
    }
    let patterns = |levels: &[(LabelForm, bool)]| -> Vec<String> {
        levels.iter().map(|(f, _)| f.pattern()).collect()
    };
    if groups <= 1 {
        SchemeChoice::Custom {
            groups: Vec::new(),
            levels: patterns(levels),
            continuous: levels.iter().map(|(_, c)| *c).collect(),
        }
    } else {
        SchemeChoice::Custom {
            groups: patterns(group_levels),
            levels: patterns(numbered_levels),
            continuous: numbered_levels.iter().map(|(_, c)| *c).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(line: &str) -> Option<(String, u64, String)> {
        parse_label(line).map(|(l, rest)| (l.form.pattern(), l.number, rest.to_string()))
    }

    #[test]
    fn recognises_every_label_form() {
        let cases = [
            ("一、总体要求", "{zh}、", 1, "总体要求"),
            ("十二、 附则", "{zh}、", 12, "附则"),
            ("（三）公开透明。", "（{zh}）", 3, "公开透明。"),
            ("(二) 便民", "({zh})", 2, "便民"),
            ("1、 总体要求", "{n}、", 1, "总体要求"),
            ("2.服务", "{n}.", 2, "服务"),
            ("（4） 接待", "（{n}）", 4, "接待"),
            ("(10)接待", "({n})", 10, "接待"),
            ("3）联系", "{n}）", 3, "联系"),
            ("②热线", "{circled}", 2, "热线"),
            ("b. 邮件", "{alpha}.", 2, "邮件"),
            ("第一章 总则", "第{zh}章", 1, "总则"),
            ("第二十一条　会员", "第{zh}条", 21, "会员"),
            ("第3条 名称", "第{n}条", 3, "名称"),
            ("\t4.\t服务", "{n}.", 4, "服务"),
        ];
        for (line, pattern, n, rest) in cases {
            assert_eq!(
                pat(line),
                Some((pattern.to_string(), n, rest.to_string())),
                "{line}"
            );
        }
    }

    #[test]
    fn decimal_outline_labels() {
        let outline = |line: &str| {
            parse_outline_label(line)
                .map(|(l, rest)| (l.form.pattern(), l.parents, l.number, rest.to_string()))
        };
        assert_eq!(
            outline("5.1.1、 放行"),
            Some(("{decimal}、".into(), vec![5, 1], 1, "放行".into()))
        );
        assert_eq!(
            outline("3.2 要求如下。"),
            Some(("{decimal} ".into(), vec![3], 2, "要求如下。".into()))
        );
        assert_eq!(
            outline("4 技术要求"),
            Some(("{decimal} ".into(), vec![], 4, "技术要求".into()))
        );
        assert_eq!(outline("1、总则").map(|o| o.0), Some("{n}、".into()));
        for line in [
            "1.5倍的标准",
            "3.2万元",
            "2025 年度计划",
            "3 个工作日内办结。",
            "1.2.3a 型号",
        ] {
            assert_eq!(
                outline(line).map(|o| o.0).filter(|p| p.contains("decimal")),
                None,
                "{line}"
            );
        }
        // Without the outline, a decimal label is text.
        assert_eq!(pat("3.1 范围"), None);
    }

    #[test]
    fn ordinary_text_is_not_a_label() {
        for line in [
            "1.5倍的标准",
            "2025年3月1日",
            "一经查实，予以处理。",
            "第三方机构",
            "十分重要",
            "e.g. 示例",
            "（以下简称“中心”）",
            "一二、三",
            "",
        ] {
            assert_eq!(pat(line), None, "{line}");
        }
    }

    #[test]
    fn forms_render_their_labels() {
        let (label, _) = parse_label("(十一) 其他").unwrap_or_else(|| unreachable!());
        assert_eq!(label.form.render(11), "(十一)");
        assert_eq!(label.written, "(十一)");
    }

    #[test]
    fn chooses_named_schemes_and_custom_patterns() {
        let form = |line: &str| {
            parse_label(line)
                .map(|(l, _)| l.form)
                .unwrap_or_else(|| unreachable!())
        };
        assert_eq!(
            choose_scheme(&[(form("一、"), false), (form("（一）"), false)], 1),
            SchemeChoice::Named {
                name: "gbt9704",
                restart: false
            }
        );
        assert_eq!(
            choose_scheme(&[(form("1、"), false), (form("（1）"), false)], 1),
            SchemeChoice::Named {
                name: "arabic",
                restart: false
            }
        );
        assert_eq!(
            choose_scheme(&[(form("第一章"), false), (form("第一条"), true)], 1),
            SchemeChoice::Named {
                name: "articles",
                restart: false
            }
        );
        assert_eq!(
            choose_scheme(&[(form("第一章"), false), (form("第一条"), false)], 1),
            SchemeChoice::Named {
                name: "articles",
                restart: true
            }
        );
        assert_eq!(
            choose_scheme(&[(form("一、"), false), (form("(一)"), false)], 1),
            SchemeChoice::Custom {
                groups: Vec::new(),
                levels: vec!["{zh}、".into(), "({zh})".into()],
                continuous: vec![false, false]
            }
        );
        assert_eq!(
            choose_scheme(
                &[
                    (form("一、"), false),
                    (form("（一）"), false),
                    (form("1、"), false)
                ],
                1
            ),
            SchemeChoice::Custom {
                groups: Vec::new(),
                levels: vec!["{zh}、".into(), "（{zh}）".into(), "{n}、".into()],
                continuous: vec![false; 3]
            }
        );
        // 节 under 章: the articles scheme names both.
        let with_sections = [
            (form("第一章"), false),
            (form("第一节"), false),
            (form("第一条"), true),
            (form("（一）"), false),
        ];
        assert_eq!(
            choose_scheme(&with_sections, 2),
            SchemeChoice::Named {
                name: "articles",
                restart: false
            }
        );
        // Groups of its own: named apart.
        assert_eq!(
            choose_scheme(
                &[
                    (form("第一编"), false),
                    (form("第一章"), false),
                    (form("第1条"), true)
                ],
                2
            ),
            SchemeChoice::Custom {
                groups: vec!["第{zh}编".into(), "第{zh}章".into()],
                levels: vec!["第{n}条".into()],
                continuous: vec![true]
            }
        );
    }
}
