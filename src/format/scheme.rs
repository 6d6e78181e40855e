//! Numbering schemes: the label pattern of every level (一、 / （一） / 1. /
//! （1）, 第一章 / 第一条 …) and how each level counts. Shared by the front
//! end (which numbers nodes), the resolved document and the DOCX writer
//! (which turns the patterns into Word list levels).

use serde::Serialize;

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
    pub fn placeholder(&self) -> &'static str {
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

    /// Chapters: level 1 is a heading of its own (第一章 总则), as in `articles`.
    pub fn has_chapters(&self) -> bool {
        self.levels
            .first()
            .is_some_and(|l| l.suffix.ends_with('章'))
    }
}

/// Why a pattern is not a label pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError(pub &'static str);

/// A label pattern: exactly one of `{n}`, `{zh}`, `{circled}`, `{alpha}`
/// with the text around it.
pub fn parse_pattern(pattern: &str, continuous: bool) -> Result<LevelFormat, PatternError> {
    const COUNTERS: [Counter; 4] = [Counter::N, Counter::Zh, Counter::Circled, Counter::Alpha];
    let mut found = None;
    for counter in COUNTERS {
        if let Some(at) = pattern.find(counter.placeholder()) {
            if found.is_some() {
                return Err(PatternError("more than one placeholder"));
            }
            found = Some((counter, at));
        }
    }
    let Some((counter, at)) = found else {
        return Err(PatternError("no placeholder"));
    };
    let prefix = &pattern[..at];
    let suffix = &pattern[at + counter.placeholder().len()..];
    if prefix.contains('{') || suffix.contains('{') {
        return Err(PatternError("unknown placeholder"));
    }
    Ok(LevelFormat {
        pattern: pattern.to_string(),
        prefix: prefix.to_string(),
        suffix: suffix.to_string(),
        counter,
        continuous,
    })
}

/// A label as written inside a sentence: the trailing 、 or . of 一、 and 1.
/// is list punctuation, not part of the name (参照第五条, 参照本制度一).
pub fn ref_label(label: &str) -> String {
    label.trim_end_matches(['、', '.', '．', ' ']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn reference_labels_drop_list_punctuation() {
        assert_eq!(ref_label("一、"), "一");
        assert_eq!(ref_label("1."), "1");
        assert_eq!(ref_label("（一）"), "（一）");
        assert_eq!(ref_label("第五条"), "第五条");
    }
}
