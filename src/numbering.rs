//! Number: labels per scheme (一、 / （一） / 1. / （1）, 第一章 / 第一条 …).
//!
//! Labels are computed from the structure alone, so they are known before any
//! text is rendered and `ref()` can print them.

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Loc, Sp, suggest};
use crate::source::NumberingSource;
use crate::zh::{alpha, circled, zh_num};

/// Names of the built-in schemes.
pub const SCHEMES: &[&str] = &["gbt9704", "articles", "arabic"];

/// The deepest level a charter has: section, clause, item, point.
pub const MAX_LEVELS: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Counter {
    /// 1 2 3
    N,
    /// 一 二 … 十一
    Zh,
    /// ① ② … ⑳
    Circled,
    /// a b … z aa
    Alpha,
}

impl Counter {
    fn placeholder(&self) -> &'static str {
        match self {
            Counter::N => "{n}",
            Counter::Zh => "{zh}",
            Counter::Circled => "{circled}",
            Counter::Alpha => "{alpha}",
        }
    }
}

/// One level's label pattern, e.g. `（{zh}）` = prefix `（`, counter, suffix `）`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LevelFormat {
    pub pattern: String,
    pub prefix: String,
    pub counter: Counter,
    pub suffix: String,
    /// Counting goes on across parents (第一条 … 第二十一条 across chapters).
    pub continuous: bool,
}

impl LevelFormat {
    pub fn label(&self, n: u64) -> Option<String> {
        let number = match self.counter {
            Counter::N => n.to_string(),
            Counter::Zh => zh_num(n),
            Counter::Circled => circled(n)?.to_string(),
            Counter::Alpha => alpha(n),
        };
        Some(format!("{}{}{}", self.prefix, number, self.suffix))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scheme {
    /// `gbt9704`, `articles`, `arabic` or `custom`.
    pub name: String,
    pub levels: Vec<LevelFormat>,
}

impl Scheme {
    pub fn named(name: &str) -> Option<Scheme> {
        let (patterns, continuous): ([&str; 4], [bool; 4]) = match name {
            "gbt9704" => (["{zh}、", "（{zh}）", "{n}.", "（{n}）"], [false; 4]),
            "articles" => (
                ["第{zh}章", "第{zh}条", "（{zh}）", "{n}."],
                [false, true, false, false],
            ),
            "arabic" => (["{n}、", "（{n}）", "{circled}", "{alpha}."], [false; 4]),
            _ => return None,
        };
        let levels = patterns
            .iter()
            .zip(continuous)
            .map(|(pattern, continuous)| parse_pattern(pattern, continuous).ok())
            .collect::<Option<Vec<_>>>()?;
        Some(Scheme {
            name: name.to_string(),
            levels,
        })
    }

    /// The scheme a charter asks for, or `None` after reporting why not.
    pub fn from_source(
        source: Option<&Sp<NumberingSource>>,
        diags: &mut Diagnostics,
    ) -> Option<Scheme> {
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

    /// Chapters: level 1 is a heading of its own (第一章 总则), as in `articles`.
    pub fn has_chapters(&self) -> bool {
        self.levels
            .first()
            .is_some_and(|l| l.suffix.ends_with('章'))
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
            Err(message) => {
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

fn parse_pattern(pattern: &str, continuous: bool) -> Result<LevelFormat, String> {
    const COUNTERS: [Counter; 4] = [Counter::N, Counter::Zh, Counter::Circled, Counter::Alpha];
    let mut found = None;
    for counter in COUNTERS {
        if let Some(at) = pattern.find(counter.placeholder()) {
            if found.is_some() {
                return Err("more than one placeholder".into());
            }
            found = Some((counter, at));
        }
    }
    let Some((counter, at)) = found else {
        return Err("no placeholder".into());
    };
    let prefix = &pattern[..at];
    let suffix = &pattern[at + counter.placeholder().len()..];
    if prefix.contains('{') || suffix.contains('{') {
        return Err("unknown placeholder".into());
    }
    Ok(LevelFormat {
        pattern: pattern.to_string(),
        prefix: prefix.to_string(),
        suffix: suffix.to_string(),
        counter,
        continuous,
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

/// A label as written inside a sentence: the trailing 、 or . of 一、 and 1.
/// is list punctuation, not part of the name (参照第五条, 参照本制度一).
pub fn ref_label(label: &str) -> String {
    label.trim_end_matches(['、', '.', '．', ' ']).to_string()
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
    fn custom_patterns() {
        let level = parse_pattern("({n})", false);
        assert_eq!(level.ok().and_then(|l| l.label(12)), Some("(12)".into()));
        assert!(parse_pattern("{zh}{n}", false).is_err());
        assert!(parse_pattern("第条", false).is_err());
        assert!(parse_pattern("{roman}.{n}", false).is_err());
    }

    #[test]
    fn circled_beyond_twenty_has_no_label() {
        let level = parse_pattern("{circled}", false);
        assert_eq!(level.ok().and_then(|l| l.label(21)), None);
    }

    #[test]
    fn unknown_scheme_suggests() {
        let mut diags = Diagnostics::new();
        let source = Sp::new(NumberingSource::Named("gbt9407".into()), Loc::new(0, 0..1));
        assert!(Scheme::from_source(Some(&source), &mut diags).is_none());
        assert!(
            diags.list[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("gbt9704")
        );
    }

    #[test]
    fn reference_labels_drop_list_punctuation() {
        assert_eq!(ref_label("一、"), "一");
        assert_eq!(ref_label("1."), "1");
        assert_eq!(ref_label("（一）"), "（一）");
        assert_eq!(ref_label("第五条"), "第五条");
    }
}
