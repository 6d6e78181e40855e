//! The organisation in the text: its full name, the short form it gives
//! itself (以下简称“X”), a complaint phone and e-mail. They become
//! `{{ org.* }}` variables so the imported charter serves other
//! organisations too.

use super::clean::{ORG_SUFFIXES, ends_with_any, is_space};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgNames {
    pub name: Option<String>,
    /// Where the name was found, for the report.
    pub name_from: String,
    pub short_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Further phone numbers and addresses, left as text.
    pub other_contacts: Vec<String>,
    /// A name found but not sure enough to replace text with: (name, why).
    pub unsure: Option<(String, String)>,
}

/// Why `name` is not sure enough to become `{{ org.name }}`, if it is not:
/// it holds punctuation or quotes (“X”，又), does not end like an
/// organisation (办法所称…专项资金), or is the front of a longer word
/// wherever it stands (江苏省社会团|体).
fn doubt(name: &str, texts: &[&str], title: &str) -> Option<String> {
    let n = name.chars().count();
    if !(4..=40).contains(&n) {
        return Some(format!("{n} characters long"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| "“”\"'‘’，,。；;：:、（）()《》【】<>!！?？ \u{3000}".contains(*c))
    {
        return Some(format!("it holds \"{c}\""));
    }
    if name.contains("所称") || name.contains("本办法") || name.contains("本制度") {
        return Some("it is part of a definition (所称)".into());
    }
    if name.contains('的') {
        return Some("it is a description (…的…), not a name".into());
    }
    if !ends_with_any(name, ORG_SUFFIXES) {
        return Some("it does not end like an organisation's name (…会, …中心, …院)".into());
    }
    let mut followers: Vec<Option<char>> = Vec::new();
    for text in texts.iter().copied().chain(std::iter::once(title)) {
        for (at, _) in text.match_indices(name) {
            followers.push(text[at + name.len()..].chars().next());
        }
    }
    if let [first, rest @ ..] = followers.as_slice()
        && !rest.is_empty()
        && let Some(c) = first.filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        && rest.iter().all(|f| *f == Some(c))
    {
        return Some(format!(
            "wherever it stands it is followed by \"{c}\": the front of a longer word"
        ));
    }
    None
}

const SHORT_MARKERS: &[&str] = &["以下简称", "以下称", "下称", "简称"];

/// Verbs that end the words in front of a name: 规范【示范中心】.
const LONG_CUES: &[&str] = &[
    "规范", "加强", "提高", "提升", "促进", "保障", "推动", "推进", "明确", "完善", "做好", "健全",
    "落实", "根据", "依据", "按照", "属于", "为了", "关于", "维护", "建设", "发展",
];
const SHORT_CUES: &[char] = &[
    '为', '对', '在', '是', '由', '经', '使', '将', '向', '本', '的', '和', '及',
];

/// The words in front of a `（以下简称…）`, up to the start of the sentence.
fn before_short_marker(text: &str) -> Option<(String, String)> {
    let (at, marker) = SHORT_MARKERS
        .iter()
        .filter_map(|m| text.find(m).map(|at| (at, *m)))
        .min_by_key(|(at, _)| *at)?;
    let before = text[..at].trim_end_matches(|c: char| {
        is_space(c) || matches!(c, '（' | '(' | '，' | ',' | '“' | '"')
    });
    let sentence_start = before
        .rfind(['。', '；', '！', '？', '\n'])
        .map(|i| i + '。'.len_utf8())
        .unwrap_or(0);
    let before = before.get(sentence_start..).unwrap_or(before).to_string();
    let after = text[at + marker.len()..]
        .trim_start_matches(|c: char| is_space(c) || matches!(c, '：' | ':' | '为'));
    let short = match after.chars().next() {
        Some(open @ ('“' | '"' | '「' | '『' | '‘' | '\'')) => {
            let close = match open {
                '“' => '”',
                '「' => '」',
                '『' => '』',
                '‘' => '’',
                other => other,
            };
            let inner = &after[open.len_utf8()..];
            inner.split(close).next().unwrap_or("").to_string()
        }
        _ => after
            .split(|c: char| {
                is_space(c) || matches!(c, '）' | ')' | '，' | ',' | '。' | '；' | '、' | '”' | '"')
            })
            .next()
            .unwrap_or("")
            .to_string(),
    };
    Some((before, short))
}

/// The name at the end of `before`: after the last verb in front of it.
fn name_at_end(before: &str) -> Option<String> {
    let long = LONG_CUES
        .iter()
        .filter_map(|cue| before.rfind(cue).map(|at| at + cue.len()))
        .max();
    let start = long.or_else(|| {
        before
            .char_indices()
            .filter(|(_, c)| SHORT_CUES.contains(c))
            .map(|(i, c)| i + c.len_utf8())
            .next_back()
    });
    let name = &before[start.unwrap_or(0)..];
    let n = name.chars().count();
    (4..=50).contains(&n).then(|| name.to_string())
}

/// The longest start of a title that ends like an organisation's name:
/// `示范社会工作服务中心服务承诺制度` → `示范社会工作服务中心`.
fn name_in_title(title: &str) -> Option<String> {
    title
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&end| ends_with_any(&title[..end], ORG_SUFFIXES) && end < title.len())
        .filter(|&end| title[..end].chars().count() >= 4)
        .max()
        .map(|end| title[..end].to_string())
}

/// Finds the organisation's names in the texts (preamble first).
///
/// `candidates` are names printed on their own: the line above the title,
/// a running header, a signature.
pub fn find(texts: &[&str], candidates: &[(String, &'static str)], title: &str) -> OrgNames {
    let mut names = OrgNames::default();
    let found = texts.iter().find_map(|t| before_short_marker(t));
    let candidates: Vec<(String, &str)> = candidates
        .iter()
        .map(|(c, from)| (c.split(is_space).next().unwrap_or("").to_string(), *from))
        .filter(|(c, _)| c.chars().count() >= 4)
        .collect();
    if let Some((before, short)) = found {
        let from_candidate = candidates
            .iter()
            .filter(|(c, _)| before.ends_with(c.as_str()))
            .max_by_key(|(c, _)| c.len());
        // Another occurrence of a tail of `before` confirms where it starts.
        let all = texts.join("\n");
        let repeated = before
            .char_indices()
            .map(|(i, _)| &before[i..])
            .filter(|tail| tail.chars().count() >= 4 && ends_with_any(tail, ORG_SUFFIXES))
            .find(|tail| all.matches(*tail).count() >= 2)
            .map(str::to_string);
        let (name, from) = match (from_candidate, repeated, name_at_end(&before)) {
            (Some((c, from)), _, _) => (Some(c.clone()), *from),
            (None, Some(r), Some(cue)) if cue.len() <= r.len() => (Some(cue), "before 以下简称"),
            (None, Some(r), _) => (Some(r), "before 以下简称, found again in the text"),
            (None, None, cue) => (cue, "before 以下简称"),
        };
        names.name = name;
        names.name_from = from.to_string();
        let short_len = short.chars().count();
        if (1..=12).contains(&short_len) && names.name.as_deref() != Some(short.as_str()) {
            names.short_name = Some(short);
        }
    }
    if names.name.is_none() {
        if let Some((c, from)) = candidates.first() {
            names.name = Some(c.clone());
            names.name_from = from.to_string();
        } else if let Some(n) = name_in_title(title) {
            // Sure only when the body names it too.
            if texts.iter().any(|t| t.contains(n.as_str())) {
                names.name = Some(n);
                names.name_from = "in the title".into();
            } else {
                names.unsure = Some((n, "in the title only, never in the body".into()));
            }
        }
    }
    if let Some(name) = names.name.clone()
        && let Some(why) = doubt(&name, texts, title)
    {
        // Unsure: the text stays literal, the report says why.
        names.unsure = Some((name, why));
        names.name = None;
    }
    if names.name.is_none() {
        // A short name stands for the organisation: not without it.
        names.short_name = None;
    }
    for text in texts {
        for email in emails(text) {
            if names.email.is_none() {
                names.email = Some(email);
            } else if names.email.as_ref() != Some(&email) && !names.other_contacts.contains(&email)
            {
                names.other_contacts.push(email);
            }
        }
        for phone in phones(text) {
            if names.phone.is_none() {
                names.phone = Some(phone);
            } else if names.phone.as_ref() != Some(&phone) && !names.other_contacts.contains(&phone)
            {
                names.other_contacts.push(phone);
            }
        }
    }
    names
}

/// E-mail addresses in `text`.
pub fn emails(text: &str) -> Vec<String> {
    let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| local(c))
            .last()
            .map(|(i, _)| i)
            .unwrap_or(at);
        let end = text[at + 1..]
            .char_indices()
            .take_while(|&(_, c)| domain(c))
            .last()
            .map(|(i, c)| at + 1 + i + c.len_utf8())
            .unwrap_or(at + 1);
        let candidate = text[start..end].trim_end_matches(['.', '-']);
        let Some((user, host)) = candidate.split_once('@') else {
            continue;
        };
        let tld_ok = host
            .rsplit('.')
            .next()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
        if !user.is_empty() && host.contains('.') && tld_ok {
            out.push(candidate.to_string());
        }
    }
    out
}

/// Phone numbers in `text`: 0xx-xxxxxxxx, mobile 1xxxxxxxxxx, 400-xxx-xxxx,
/// or any 7–12 digits right after 电话/热线/手机.
pub fn phones(text: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        if !c.is_ascii_digit()
            || prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '@')
        {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (chars[j].1.is_ascii_digit()
                || (matches!(chars[j].1, '-' | ' ')
                    && chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit())))
        {
            j += 1;
        }
        let start = chars[i].0;
        let end = chars.get(j).map(|&(b, _)| b).unwrap_or(text.len());
        let run = &text[start..end];
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let next = chars.get(j).map(|&(_, c)| c);
        let glued = next.is_some_and(|n| {
            n.is_ascii_alphabetic()
                || n == '@'
                || n == '.' && chars.get(j + 1).is_some_and(|(_, c)| c.is_ascii_digit())
        });
        let before: String = text[..start]
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let cued = [
            "电话",
            "热线",
            "手机",
            "联系方式",
            "Tel",
            "TEL",
            "tel",
            "传真",
        ]
        .iter()
        .any(|w| before.contains(w));
        let area =
            digits.starts_with('0') && run.contains('-') && (10..=12).contains(&digits.len());
        let mobile = digits.len() == 11 && digits.starts_with('1') && !run.contains(' ');
        let service =
            (digits.starts_with("400") || digits.starts_with("800")) && digits.len() == 10;
        let plain = cued && (7..=12).contains(&digits.len());
        if !glued && (area || mobile || service || plain) {
            out.push(run.to_string());
        }
        i = j.max(i + 1);
    }
    out
}

/// What a substitution replaced, for the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub name: usize,
    pub short_name: usize,
    pub phone: usize,
    pub email: usize,
}

// Private-use stand-ins while the text is escaped: no template syntax and
// no organisation name contains them.
const NAME: char = '\u{F8F0}';
const SHORT: char = '\u{F8F1}';
const PHONE: char = '\u{F8F2}';
const EMAIL: char = '\u{F8F3}';

/// The text as a MiniJinja template: literal `{{ {% {#` escaped, the
/// organisation's names and contacts replaced by `{{ org.* }}`.
pub fn substitute(text: &str, names: &OrgNames, counts: &mut Counts) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !(NAME..=EMAIL).contains(c))
        .collect();
    let replace = |out: &mut String, what: &Option<String>, mark: char, count: &mut usize| {
        if let Some(w) = what.as_deref().filter(|w| !w.is_empty()) {
            *count += out.matches(w).count();
            *out = out.replace(w, &mark.to_string());
        }
    };
    replace(&mut out, &names.name, NAME, &mut counts.name);
    replace(&mut out, &names.email, EMAIL, &mut counts.email);
    replace(&mut out, &names.phone, PHONE, &mut counts.phone);
    replace(&mut out, &names.short_name, SHORT, &mut counts.short_name);
    let mut escaped = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('{', Some(&next @ ('{' | '%' | '#'))) => {
                chars.next();
                escaped.push_str(&format!("{{{{ \"{{{next}\" }}}}"));
            }
            // A brace just before a variable would make `{{{`.
            ('{', Some(NAME..=EMAIL)) => escaped.push_str("{{ \"{\" }}"),
            (NAME, _) => escaped.push_str("{{ org.name }}"),
            (SHORT, _) => escaped.push_str("{{ org.short_name }}"),
            (PHONE, _) => escaped.push_str("{{ org.phone }}"),
            (EMAIL, _) => escaped.push_str("{{ org.email }}"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_short_names_from_the_preamble() {
        let names = find(
            &["为进一步加强和规范示范市和平社区服务中心（以下简称“中心”）的工作，制定本制度。"],
            &[],
            "服务制度",
        );
        assert_eq!(names.name.as_deref(), Some("示范市和平社区服务中心"));
        assert_eq!(names.short_name.as_deref(), Some("中心"));
        let names = find(
            &["为规范示范市青禾社会工作服务社(以下简称服务社)的志愿服务，制定本办法。"],
            &[],
            "制度",
        );
        assert_eq!(names.name.as_deref(), Some("示范市青禾社会工作服务社"));
        assert_eq!(names.short_name.as_deref(), Some("服务社"));
    }

    #[test]
    fn a_name_printed_above_the_title_wins() {
        let names = find(
            &["为进一步规范示范文化与体育服务中心（以下简称“示范”）工作。"],
            &[(
                "示范文化与体育服务中心".to_string(),
                "printed above the title",
            )],
            "服务制度",
        );
        assert_eq!(names.name.as_deref(), Some("示范文化与体育服务中心"));
        assert_eq!(names.short_name.as_deref(), Some("示范"));
    }

    #[test]
    fn name_in_the_title() {
        let title = "示范青年志愿者协会服务承诺制度";
        let names = find(&["示范青年志愿者协会全体员工遵守本制度。"], &[], title);
        assert_eq!(names.name.as_deref(), Some("示范青年志愿者协会"));
        // Named in the title only: not sure, kept literal and said.
        let names = find(&["本制度适用于全体员工。"], &[], title);
        assert_eq!(names.name, None);
        assert!(names.unsure.is_some());
    }

    #[test]
    fn phones_and_emails() {
        let text = "投诉电话010-5555-0101和邮箱help@example.org，或拨打13800000000；2025-03-01起24小时受理，第3条。";
        assert_eq!(emails(text), ["help@example.org"]);
        assert_eq!(phones(text), ["010-5555-0101", "13800000000"]);
        assert!(phones("服务热线 4005550000").contains(&"4005550000".to_string()));
        assert!(phones("1.5倍，2025年").is_empty());
    }

    #[test]
    fn substitutes_and_escapes() {
        let names = OrgNames {
            name: Some("示范中心".into()),
            short_name: Some("中心".into()),
            phone: Some("010-5555-0101".into()),
            ..OrgNames::default()
        };
        let mut counts = Counts::default();
        let out = substitute(
            "示范中心（以下简称“中心”）电话010-5555-0101，{{x}}",
            &names,
            &mut counts,
        );
        assert_eq!(
            out,
            "{{ org.name }}（以下简称“{{ org.short_name }}”）电话{{ org.phone }}，{{ \"{{\" }}x}}"
        );
        assert_eq!((counts.name, counts.short_name, counts.phone), (1, 1, 1));
        // A literal brace right before a name must not open `{{{`.
        assert_eq!(
            substitute("{示范中心}", &names, &mut counts),
            "{{ \"{\" }}{{ org.name }}}"
        );
    }
}
