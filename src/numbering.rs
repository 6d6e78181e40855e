//! Number: the scheme a charter asks for, and labels counted level by level
//! as the tree is walked (一、 / （一） / 1. / （1）, 第一章 / 第一条 …).
//!
//! Labels are computed from the structure alone, so they are known before any
//! text is rendered and `ref()` can print them.

use crate::diag::{Diagnostic, Diagnostics, Loc, Sp, suggest};
use crate::format::scheme::{
    LevelFormat, MAX_GROUPS, MAX_NUMBERED, PatternError, SCHEMES, Scheme, parse_pattern,
};
use crate::source::NumberingSource;

/// The scheme a charter asks for, or `None` after reporting why not.
pub fn scheme_of(source: Option<&Sp<NumberingSource>>, diags: &mut Diagnostics) -> Option<Scheme> {
    let Some(source) = source else {
        return Scheme::named("gbt9704", false);
    };
    match &source.value {
        NumberingSource::Named { name, restart } => {
            let scheme = Scheme::named(name, *restart);
            if scheme.is_none() {
                let mut d = Diagnostic::error(t!("number-unknown-scheme", name = name))
                    .at(&source.loc)
                    .label(t!("number-unknown-scheme-label"));
                d = match suggest(name, SCHEMES.iter().copied()) {
                    Some(near) => d.help(t!("did-you-mean", name = near)),
                    None => d.help(t!("number-unknown-scheme-help")),
                };
                diags.push(d);
            }
            scheme
        }
        NumberingSource::Custom {
            groups,
            levels,
            continuous,
            restart,
        } => custom_scheme(
            groups.as_deref(),
            levels,
            continuous,
            *restart,
            &source.loc,
            diags,
        ),
    }
}

/// A scheme of the charter's own patterns. Without `groups`, the first of
/// `levels` is the sections' level (as in `gbt9704`).
fn custom_scheme(
    groups: Option<&[Sp<String>]>,
    levels: &[Sp<String>],
    continuous: &[bool],
    restart: bool,
    loc: &Loc,
    diags: &mut Diagnostics,
) -> Option<Scheme> {
    let (groups, numbered) = match groups {
        Some(groups) => (groups, levels),
        None => levels.split_at(levels.len().min(1)),
    };
    let bad_count = groups.is_empty() || groups.len() > MAX_GROUPS || numbered.len() > MAX_NUMBERED;
    if bad_count {
        diags.push(
            Diagnostic::error(t!(
                "number-level-count",
                max_groups = MAX_GROUPS,
                max_numbered = MAX_NUMBERED,
                groups = groups.len(),
                numbered = numbered.len()
            ))
            .at(loc)
            .label(t!("number-level-count-label"))
            .help(t!("number-level-count-help")),
        );
        return None;
    }
    if continuous.len() > levels.len() {
        diags.push(
            Diagnostic::error(t!("number-continuous"))
                .at(loc)
                .label(t!("number-continuous-label"))
                .help(t!("number-continuous-help")),
        );
    }
    // `continuous` follows `levels` as written.
    let offset = levels.len() - numbered.len();
    let mut out = Vec::new();
    let mut ok = true;
    for (index, pattern) in groups.iter().chain(numbered).enumerate() {
        let group = index < groups.len();
        let written = index
            .checked_sub(groups.len())
            .map(|i| i + offset)
            .unwrap_or(index);
        let is_continuous = !group && !restart && continuous.get(written).copied().unwrap_or(false);
        match parse_pattern(&pattern.value, is_continuous) {
            Ok(level) => out.push(LevelFormat { group, ..level }),
            Err(PatternError(problem)) => {
                ok = false;
                let message = match problem {
                    "more than one placeholder" => t!("number-pattern-two-placeholders"),
                    "no placeholder" => t!("number-pattern-no-placeholder"),
                    "unknown placeholder" => t!("number-pattern-unknown-placeholder"),
                    other => other.to_string(),
                };
                diags.push(
                    Diagnostic::error(t!(
                        "number-bad-pattern",
                        pattern = &pattern.value,
                        problem = &message
                    ))
                    .at(&pattern.loc)
                    .label(message)
                    .help(t!("number-bad-pattern-help")),
                );
            }
        }
    }
    ok.then(|| Scheme {
        name: "custom".into(),
        levels: out,
    })
}

/// Counts nodes as the tree is walked in document order: a continuous
/// level (第X条 in `articles`) counts on through the whole document, every
/// other level counts from 1 under each parent.
#[derive(Default)]
pub struct Counters {
    continuous: std::collections::HashMap<usize, u64>,
    under: std::collections::HashMap<(String, usize), u64>,
}

impl Counters {
    pub fn new() -> Self {
        Self::default()
    }

    /// Enters a node of `level` (1-based) under the node at `parent` (its
    /// path; "" for the top) and returns its number.
    pub fn next(&mut self, scheme: &Scheme, level: usize, parent: &str) -> u64 {
        let continuous = scheme.levels.get(level - 1).is_some_and(|l| l.continuous);
        let count = if continuous {
            self.continuous.entry(level).or_insert(0)
        } else {
            self.under.entry((parent.to_string(), level)).or_insert(0)
        };
        *count += 1;
        *count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Labels of a tree given as the level of each node in document order,
    /// each node's parent the nearest node before it on a shallower level.
    fn labels(scheme: &Scheme, shape: &[usize]) -> Vec<String> {
        let mut counters = Counters::new();
        let mut stack: Vec<(usize, String)> = Vec::new();
        shape
            .iter()
            .enumerate()
            .map(|(index, &level)| {
                while stack.last().is_some_and(|(l, _)| *l >= level) {
                    stack.pop();
                }
                let parent = stack.last().map(|(_, p)| p.clone()).unwrap_or_default();
                let n = counters.next(scheme, level, &parent);
                stack.push((level, format!("{parent}/{index}")));
                scheme.levels[level - 1].label(n).unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn gbt9704_restarts_below_each_parent() {
        let scheme = Scheme::named("gbt9704", false).unwrap_or_else(|| unreachable!());
        assert_eq!(
            labels(&scheme, &[1, 2, 2, 3, 4, 4, 3, 1, 2]),
            [
                "一、",
                "（一）",
                "（二）",
                "1.",
                "（1）",
                "（2）",
                "2.",
                "二、",
                "（一）"
            ]
        );
    }

    #[test]
    fn articles_count_across_chapters() {
        let scheme = Scheme::named("articles", false).unwrap_or_else(|| unreachable!());
        let mut shape = vec![1];
        shape.extend([3; 20]);
        shape.extend([1, 2, 3, 2, 3, 4]);
        let out = labels(&scheme, &shape);
        assert_eq!(out[0], "第一章");
        assert_eq!(out[20], "第二十条");
        assert_eq!(
            out[21..],
            [
                "第二章",
                "第一节",
                "第二十一条",
                "第二节",
                "第二十二条",
                "（一）"
            ]
        );
        assert!(scheme.has_chapters());
        let restart = Scheme::named("articles", true).unwrap_or_else(|| unreachable!());
        assert_eq!(
            labels(&restart, &[1, 3, 3, 1, 3]),
            ["第一章", "第一条", "第二条", "第二章", "第一条"]
        );
    }

    #[test]
    fn arabic_uses_circled_and_letters() {
        let scheme = Scheme::named("arabic", false).unwrap_or_else(|| unreachable!());
        assert_eq!(
            labels(&scheme, &[1, 2, 3, 3, 4]),
            ["1、", "（1）", "①", "②", "a."]
        );
    }

    #[test]
    fn unknown_scheme_suggests() {
        let mut diags = Diagnostics::new();
        let source = Sp::new(
            NumberingSource::Named {
                name: "gbt9407".into(),
                restart: false,
            },
            Loc::new(0, 0..1),
        );
        assert!(scheme_of(Some(&source), &mut diags).is_none());
        assert!(
            diags.list[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("gbt9704")
        );
    }
}
