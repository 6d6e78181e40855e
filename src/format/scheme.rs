//! Numbering schemes: the label pattern of every level (一、 / （一） / 1. /
//! （1）, 第一章 / 第一条 …) and how each level counts. Shared by the front
//! end (which numbers nodes), the resolved document and the DOCX writer
//! (which turns the patterns into Word list levels).

use serde::Serialize;

use crate::zh::{alpha, circled, zh_num};

/// Names of the built-in schemes.
pub const SCHEMES: &[&str] = &["gbt9704", "articles", "arabic", "decimal"];

/// Most grouping levels a scheme has (编, 章, 节).
pub const MAX_GROUPS: usize = 3;
/// Most numbered levels a scheme has (条, （一）, 1., （1）, ①, a., …).
pub const MAX_NUMBERED: usize = 8;
/// Most levels a scheme has in all.
pub const MAX_LEVELS: usize = MAX_GROUPS + MAX_NUMBERED;

/// What a node is: a grouping heading (章, 节) or a numbered level. Its
/// place in the scheme follows from its kind and its depth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A heading with a title that groups what follows: 一、 in gbt9704,
    /// 第一章 and, nested, 第一节 in articles.
    Section,
    /// The first numbered level: （一） in gbt9704, 第一条 in articles.
    Clause,
    /// The next: 1. in gbt9704, （一） in articles.
    Item,
    /// Every level below, nested as deep as the scheme goes.
    Point,
}
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
    /// 1 / 1.1 / 1.1.1: the number after the numbers of the decimal levels
    /// above it (a standard's outline, GB/T 1.1).
    Decimal,
}

impl Counter {
    pub fn placeholder(&self) -> &'static str {
        match self {
            Counter::N => "{n}",
            Counter::Zh => "{zh}",
            Counter::Circled => "{circled}",
            Counter::Alpha => "{alpha}",
            Counter::Decimal => "{decimal}",
        }
    }

    /// Whether a level of this counter takes part in a decimal label below
    /// it: `{n}` and `{decimal}` levels (3、 then 3.1、).
    pub fn in_decimal_chain(&self) -> bool {
        matches!(self, Counter::N | Counter::Decimal)
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
    /// A grouping level: its nodes are headings with titles (章, 节).
    #[serde(default)]
    pub group: bool,
}

impl LevelFormat {
    pub fn label(&self, n: u64) -> Option<String> {
        self.label_in(n, "")
    }

    /// The numbers a `{decimal}` level prints for number `n` under a parent
    /// whose numbers are `parent` (`3` → `3.1`); empty for a level that is
    /// not in a decimal chain.
    pub fn chain(&self, n: u64, parent: &str) -> String {
        match self.counter {
            Counter::Decimal if !parent.is_empty() => format!("{parent}.{n}"),
            Counter::Decimal | Counter::N => n.to_string(),
            _ => String::new(),
        }
    }

    /// The label of number `n` under a parent whose decimal numbers are
    /// `parent` (only `{decimal}` levels print them).
    pub fn label_in(&self, n: u64, parent: &str) -> Option<String> {
        let number = match self.counter {
            Counter::Decimal => self.chain(n, parent),
            Counter::N => n.to_string(),
            Counter::Zh => zh_num(n),
            Counter::Circled => circled(n)?.to_string(),
            Counter::Alpha => alpha(n),
        };
        Some(format!("{}{}{}", self.prefix, number, self.suffix))
    }
}

/// A numbering scheme: its grouping levels, then its numbered levels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scheme {
    /// `gbt9704`, `articles`, `arabic` or `custom`.
    pub name: String,
    /// Grouping levels first (`group`), then numbered levels; a node's
    /// `level` is its 1-based index here.
    pub levels: Vec<LevelFormat>,
}

impl Scheme {
    /// A built-in scheme. `restart`: numbered levels count from 1 again in
    /// every group (第一条 in every chapter) instead of counting on.
    pub fn named(name: &str, restart: bool) -> Option<Scheme> {
        let (groups, numbered, continuous): (&[&str], &[&str], bool) = match name {
            "gbt9704" => (
                &["{zh}、"],
                &["（{zh}）", "{n}.", "（{n}）", "{circled}", "{alpha}."],
                false,
            ),
            "articles" => (
                &["第{zh}章", "第{zh}节"],
                &[
                    "第{zh}条",
                    "（{zh}）",
                    "{n}.",
                    "（{n}）",
                    "{circled}",
                    "{alpha}.",
                ],
                !restart,
            ),
            "arabic" => (&["{n}、"], &["（{n}）", "{circled}", "{alpha}."], false),
            // A standard's outline: 1 / 1.1 / 1.1.1, then a) and (1) lists.
            "decimal" => (
                &["{decimal} "],
                &[
                    "{decimal} ",
                    "{decimal} ",
                    "{decimal} ",
                    "{alpha})",
                    "({n})",
                    "{circled}",
                ],
                false,
            ),
            _ => return None,
        };
        let mut levels = Vec::new();
        for pattern in groups {
            levels.push(LevelFormat {
                group: true,
                ..parse_pattern(pattern, false).ok()?
            });
        }
        for (index, pattern) in numbered.iter().enumerate() {
            levels.push(parse_pattern(pattern, index == 0 && continuous).ok()?);
        }
        Some(Scheme {
            name: name.to_string(),
            levels,
        })
    }

    /// How many grouping levels it has.
    pub fn groups(&self) -> usize {
        self.levels.iter().take_while(|l| l.group).count()
    }

    /// The 1-based level of a node of `kind`, `depth` deep among its kind
    /// (a 节 is the second section, a （1） the second point), if the scheme
    /// goes that deep.
    pub fn level_of(&self, kind: NodeKind, depth: usize) -> Option<usize> {
        let groups = self.groups();
        let index = match kind {
            NodeKind::Section if depth <= groups => depth.checked_sub(1)?,
            NodeKind::Section => return None,
            NodeKind::Clause => groups,
            NodeKind::Item => groups + 1,
            NodeKind::Point => groups + 1 + depth,
        };
        (index < self.levels.len()).then_some(index + 1)
    }

    /// The kind of nodes at a 1-based level.
    pub fn kind_of(&self, level: usize) -> NodeKind {
        let groups = self.groups();
        match level.saturating_sub(1) {
            i if i < groups => NodeKind::Section,
            i if i == groups => NodeKind::Clause,
            i if i == groups + 1 => NodeKind::Item,
            _ => NodeKind::Point,
        }
    }

    /// Chapters: the first grouping level is 第X章, a heading line of its own.
    pub fn has_chapters(&self) -> bool {
        self.levels
            .first()
            .is_some_and(|l| l.group && l.suffix.ends_with('章'))
    }
}

/// Why a pattern is not a label pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError(pub &'static str);

/// A label pattern: exactly one of `{n}`, `{zh}`, `{circled}`, `{alpha}`
/// with the text around it.
pub fn parse_pattern(pattern: &str, continuous: bool) -> Result<LevelFormat, PatternError> {
    const COUNTERS: [Counter; 5] = [
        Counter::N,
        Counter::Zh,
        Counter::Circled,
        Counter::Alpha,
        Counter::Decimal,
    ];
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
        group: false,
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
    fn decimal_levels_print_the_numbers_above_them() {
        let scheme = Scheme::named("decimal", false).unwrap_or_else(|| unreachable!());
        assert_eq!(scheme.groups(), 1);
        let top = &scheme.levels[0];
        let second = &scheme.levels[1];
        assert_eq!(top.label_in(3, ""), Some("3 ".into()));
        assert_eq!(second.label_in(1, &top.chain(3, "")), Some("3.1 ".into()));
        assert_eq!(scheme.levels[4].chain(2, "3.1"), "");
        let custom = parse_pattern("{decimal}、", false).unwrap_or_else(|_| unreachable!());
        assert_eq!(custom.label_in(2, "5.1"), Some("5.1.2、".into()));
    }

    #[test]
    fn circled_beyond_twenty_has_no_label() {
        let level = parse_pattern("{circled}", false);
        assert_eq!(level.ok().and_then(|l| l.label(21)), None);
    }

    #[test]
    fn kinds_and_depths_find_their_levels() {
        let articles = Scheme::named("articles", false).unwrap_or_else(|| unreachable!());
        assert_eq!(articles.groups(), 2);
        assert_eq!(articles.level_of(NodeKind::Section, 1), Some(1));
        assert_eq!(articles.level_of(NodeKind::Section, 2), Some(2));
        assert_eq!(articles.level_of(NodeKind::Section, 3), None);
        assert_eq!(articles.level_of(NodeKind::Clause, 0), Some(3));
        assert_eq!(articles.level_of(NodeKind::Item, 0), Some(4));
        assert_eq!(articles.level_of(NodeKind::Point, 4), Some(8));
        assert_eq!(articles.level_of(NodeKind::Point, 5), None);
        assert_eq!(articles.kind_of(2), NodeKind::Section);
        assert_eq!(articles.kind_of(3), NodeKind::Clause);
        assert!(articles.levels[2].continuous);
        let restart = Scheme::named("articles", true).unwrap_or_else(|| unreachable!());
        assert!(!restart.levels[2].continuous);
        let gbt = Scheme::named("gbt9704", false).unwrap_or_else(|| unreachable!());
        assert_eq!(gbt.level_of(NodeKind::Clause, 0), Some(2));
        assert_eq!(gbt.level_of(NodeKind::Point, 3), Some(6));
    }

    #[test]
    fn reference_labels_drop_list_punctuation() {
        assert_eq!(ref_label("一、"), "一");
        assert_eq!(ref_label("1."), "1");
        assert_eq!(ref_label("（一）"), "（一）");
        assert_eq!(ref_label("第五条"), "第五条");
    }
}
