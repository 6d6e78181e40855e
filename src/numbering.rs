//! Number: the scheme a charter asks for, and labels counted level by level
//! as the tree is walked (一、 / （一） / 1. / （1）, 第一章 / 第一条 …).
//!
//! Labels are computed from the structure alone, so they are known before any
//! text is rendered and `ref()` can print them.

use crate::diag::{Diagnostic, Diagnostics, Loc, Sp, suggest};
use crate::format::scheme::{MAX_LEVELS, SCHEMES, Scheme, parse_pattern};
use crate::source::NumberingSource;

/// The scheme a charter asks for, or `None` after reporting why not.
pub fn scheme_of(source: Option<&Sp<NumberingSource>>, diags: &mut Diagnostics) -> Option<Scheme> {
    let Some(source) = source else {
        return Scheme::named("gbt9704");
    };
    match &source.value {
        NumberingSource::Named(name) => {
            let scheme = Scheme::named(name);
            if scheme.is_none() {
                let mut d = Diagnostic::error(format!("unknown numbering scheme \"{name}\""))
                    .at(&source.loc)
                    .label("not a numbering scheme");
                d = match suggest(name, SCHEMES.iter().copied()) {
                    Some(near) => d.help(format!("did you mean \"{near}\"?")),
                    None => d.help(
                        "use \"gbt9704\" (一、（一）1.（1）), \"articles\" (第一章 第一条), \"arabic\" (1、（1）①a.), or a [charter.numbering] table with levels",
                    ),
                };
                diags.push(d);
            }
            scheme
        }
        NumberingSource::Custom { levels, continuous } => {
            custom_scheme(levels, continuous, &source.loc, diags)
        }
    }
}

fn custom_scheme(
    levels: &[Sp<String>],
    continuous: &[bool],
    loc: &Loc,
    diags: &mut Diagnostics,
) -> Option<Scheme> {
    if levels.is_empty() || levels.len() > MAX_LEVELS {
        diags.push(
            Diagnostic::error(format!(
                "numbering needs 1 to {MAX_LEVELS} levels, found {}",
                levels.len()
            ))
            .at(loc)
            .label("levels")
            .help("write levels = [\"{zh}、\", \"（{zh}）\", \"{n}.\", \"（{n}）\"]"),
        );
        return None;
    }
    if continuous.len() > levels.len() {
        diags.push(
            Diagnostic::error("continuous has more entries than levels")
                .at(loc)
                .label("one true/false per level")
                .help("give one true/false per level, e.g. continuous = [false, true]"),
        );
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (index, pattern) in levels.iter().enumerate() {
        let is_continuous = continuous.get(index).copied().unwrap_or(false);
        match parse_pattern(&pattern.value, is_continuous) {
            Ok(level) => out.push(level),
            Err(crate::format::scheme::PatternError(message)) => {
                ok = false;
                diags.push(
                    Diagnostic::error(format!("bad numbering pattern \"{}\": {message}", pattern.value))
                        .at(&pattern.loc)
                        .label(message)
                        .help("a pattern holds exactly one of {n}, {zh}, {circled}, {alpha}, e.g. \"（{zh}）\""),
                );
            }
        }
    }
    ok.then(|| Scheme {
        name: "custom".into(),
        levels: out,
    })
}

/// Counts nodes level by level as the tree is walked in document order.
pub struct Counters {
    counts: [u64; MAX_LEVELS],
}

impl Default for Counters {
    fn default() -> Self {
        Self::new()
    }
}

impl Counters {
    pub fn new() -> Self {
        Self {
            counts: [0; MAX_LEVELS],
        }
    }

    /// Enters a node of `level` (1-based) and returns its number.
    /// Deeper levels restart unless the scheme keeps them continuous.
    pub fn next(&mut self, scheme: &Scheme, level: usize) -> u64 {
        let index = level - 1;
        self.counts[index] += 1;
        for deeper in index + 1..MAX_LEVELS {
            let continuous = scheme.levels.get(deeper).is_some_and(|l| l.continuous);
            if !continuous {
                self.counts[deeper] = 0;
            }
        }
        self.counts[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(scheme: &Scheme, shape: &[usize]) -> Vec<String> {
        // shape: level of each node in document order
        let mut counters = Counters::new();
        shape
            .iter()
            .map(|&level| {
                let n = counters.next(scheme, level);
                scheme.levels[level - 1].label(n).unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn gbt9704_restarts_below_each_parent() {
        let scheme = Scheme::named("gbt9704").unwrap_or_else(|| unreachable!());
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
        let scheme = Scheme::named("articles").unwrap_or_else(|| unreachable!());
        let mut shape = vec![1];
        shape.extend([2; 20]);
        shape.push(1);
        shape.push(2);
        shape.push(3);
        let out = labels(&scheme, &shape);
        assert_eq!(out[0], "第一章");
        assert_eq!(out[20], "第二十条");
        assert_eq!(out[21], "第二章");
        assert_eq!(out[22], "第二十一条");
        assert_eq!(out[23], "（一）");
        assert!(scheme.has_chapters());
    }

    #[test]
    fn arabic_uses_circled_and_letters() {
        let scheme = Scheme::named("arabic").unwrap_or_else(|| unreachable!());
        assert_eq!(
            labels(&scheme, &[1, 2, 3, 3, 4]),
            ["1、", "（1）", "①", "②", "a."]
        );
    }

    #[test]
    fn unknown_scheme_suggests() {
        let mut diags = Diagnostics::new();
        let source = Sp::new(NumberingSource::Named("gbt9407".into()), Loc::new(0, 0..1));
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
