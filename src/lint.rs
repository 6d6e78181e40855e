//! Warnings about the typography of Chinese text: half-width punctuation
//! (`,` `(`) among Chinese characters, the commonest defect of hand-made
//! regulations.

use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::source::Text;

/// Half-width punctuation and the full-width form Chinese text uses.
const WIDTH_PAIRS: &[(char, char)] = &[
    (',', '，'),
    (';', '；'),
    (':', '：'),
    ('(', '（'),
    (')', '）'),
    ('?', '？'),
    ('!', '！'),
];

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
        || matches!(
            c,
            '（' | '）' | '，' | '。' | '、' | '；' | '：' | '“' | '”'
        )
}

/// Byte offsets of half-width punctuation next to Chinese characters,
/// outside `{{ … }}` and `{% … %}`.
pub fn half_width_punctuation(src: &str) -> Vec<(usize, char, char)> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut found = Vec::new();
    let mut in_template = false;
    for (i, &(offset, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|&(_, c)| c);
        if c == '{' && matches!(next, Some('{') | Some('%') | Some('#')) {
            in_template = true;
            continue;
        }
        if in_template {
            if matches!(c, '}' | '%' | '#') && next == Some('}') {
                in_template = false;
            }
            continue;
        }
        let Some(&(_, wide)) = WIDTH_PAIRS.iter().find(|(narrow, _)| *narrow == c) else {
            continue;
        };
        let before = chars[..i].iter().rev().map(|&(_, c)| c).find(|c| *c != ' ');
        let after = chars[i + 1..].iter().map(|&(_, c)| c).find(|c| *c != ' ');
        if before.is_some_and(is_han) || after.is_some_and(is_han) {
            found.push((offset, c, wide));
        }
    }
    found
}

/// One warning per text field, at its first offending character.
pub fn lint_text(text: &Text, diags: &mut Diagnostics) {
    crate::drafting::blanks(text, diags);
    let found = half_width_punctuation(&text.src);
    let Some(&(offset, narrow, wide)) = found.first() else {
        return;
    };
    let loc = match text.verbatim_at {
        Some(at) => Loc::new(text.loc.file, at + offset..at + offset + narrow.len_utf8()),
        None => text.loc.clone(),
    };
    let mut d = Diagnostic::warning(t!("lint-half-width", narrow = narrow))
        .at(&loc)
        .label(t!("lint-half-width-label", wide = wide))
        .help(t!("lint-half-width-help"));
    if found.len() > 1 {
        d = d.note(t!("lint-more", count = found.len() - 1));
    }
    diags.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_half_width_next_to_chinese() {
        let found = half_width_punctuation("中心(以下简称“中心”),遵守规定");
        let chars: Vec<char> = found.iter().map(|f| f.1).collect();
        assert_eq!(chars, ['(', ')', ',']);
    }

    #[test]
    fn ignores_times_urls_and_templates() {
        assert!(half_width_punctuation("工作日 9:00—17:00，网址 https://example.org").is_empty());
        assert!(
            half_width_punctuation("参照{{ ref('a.b') }}办理，{{ x | default(1, 2) }}").is_empty()
        );
    }
}
