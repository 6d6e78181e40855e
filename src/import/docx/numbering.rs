//! Word's automatic numbering: the label Word shows in front of a list
//! paragraph, from `word/numbering.xml` (abstract numberings, `w:numFmt`,
//! `w:lvlText`, `w:start`, `w:lvlRestart`, `w:isLgl`, `w:suff`, and the
//! `w:lvlOverride`s of each list).

use std::collections::HashMap;

use super::xml::Element;
use crate::zh::{alpha, circled, zh_num};

/// Levels Word has per list.
const WORD_LEVELS: usize = 9;

#[derive(Clone, Debug, Default)]
struct Level {
    start: u64,
    format: String,
    text: String,
    /// `w:lvlRestart`: None = after any level above; Some(0) = never.
    restart_after: Option<u64>,
    legal: bool,
    /// `w:suff`: tab (default), space or nothing.
    suffix_nothing: bool,
}

impl Level {
    fn read(lvl: &Element) -> Level {
        Level {
            start: lvl.val("start").and_then(|v| v.parse().ok()).unwrap_or(1),
            format: lvl.val("numFmt").unwrap_or("decimal").to_string(),
            text: lvl.val("lvlText").unwrap_or("").to_string(),
            restart_after: lvl.val("lvlRestart").and_then(|v| v.parse().ok()),
            legal: lvl.toggle("isLgl").unwrap_or(false),
            suffix_nothing: lvl.val("suff") == Some("nothing"),
        }
    }
}

fn levels_of(parent: &Element) -> HashMap<usize, Level> {
    parent
        .children_named("lvl")
        .filter_map(|l| Some((l.attr("ilvl")?.parse().ok()?, Level::read(l))))
        .collect()
}

struct List {
    abstract_id: String,
    start_overrides: HashMap<usize, u64>,
    level_overrides: HashMap<usize, Level>,
}

/// The lists of a document and their counters as the paragraphs go by.
#[derive(Default)]
pub struct Numbering {
    abstracts: HashMap<String, HashMap<usize, Level>>,
    lists: HashMap<String, List>,
    /// Counters per list. Lists sharing an abstract numbering continue
    /// each other (as in Word) unless one restarts with a start override.
    counters: HashMap<(bool, String), [Option<u64>; WORD_LEVELS]>,
}

impl Numbering {
    pub fn read(root: Option<&Element>) -> Numbering {
        let mut numbering = Numbering::default();
        let Some(root) = root else {
            return numbering;
        };
        for a in root.children_named("abstractNum") {
            if let Some(id) = a.attr("abstractNumId") {
                numbering.abstracts.insert(id.to_string(), levels_of(a));
            }
        }
        for num in root.children_named("num") {
            let (Some(id), Some(abstract_id)) = (num.attr("numId"), num.val("abstractNumId"))
            else {
                continue;
            };
            let mut list = List {
                abstract_id: abstract_id.to_string(),
                start_overrides: HashMap::new(),
                level_overrides: HashMap::new(),
            };
            for o in num.children_named("lvlOverride") {
                let Some(ilvl) = o.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if let Some(start) = o.val("startOverride").and_then(|v| v.parse().ok()) {
                    list.start_overrides.insert(ilvl, start);
                }
                if let Some(level) = o.child("lvl") {
                    list.level_overrides.insert(ilvl, Level::read(level));
                }
            }
            numbering.lists.insert(id.to_string(), list);
        }
        numbering
    }

    /// Counts a paragraph of list `num_id` at level `ilvl` and returns the
    /// label Word shows, followed by a space (Word's tab or space).
    pub fn label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        if ilvl >= WORD_LEVELS || num_id == "0" {
            return None;
        }
        let list = self.lists.get(num_id)?;
        let abstract_levels = self.abstracts.get(&list.abstract_id)?;
        let level_of = |l: usize| -> Option<&Level> {
            list.level_overrides
                .get(&l)
                .or_else(|| abstract_levels.get(&l))
        };
        let start_of = |l: usize| -> u64 {
            list.start_overrides
                .get(&l)
                .copied()
                .or_else(|| level_of(l).map(|lv| lv.start))
                .unwrap_or(1)
        };
        let level = level_of(ilvl)?;
        let key = if list.start_overrides.is_empty() {
            (false, list.abstract_id.clone())
        } else {
            (true, num_id.to_string())
        };
        let counters = self.counters.entry(key).or_insert([None; WORD_LEVELS]);
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n + 1,
            None => start_of(ilvl),
        });
        for (deeper, counter) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = match level_of(deeper).and_then(|lv| lv.restart_after) {
                None => true,
                Some(0) => false,
                Some(n) => (ilvl as u64) < n,
            };
            if restart {
                *counter = None;
            }
        }
        let counters = *counters;
        if level.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let l = d as usize - 1;
                let n = counters[l].unwrap_or_else(|| start_of(l));
                let format = if level.legal && l < ilvl {
                    "decimal"
                } else {
                    level_of(l).map_or("decimal", |lv| lv.format.as_str())
                };
                label.push_str(&format_number(n, format));
                continue;
            }
            label.push(c);
        }
        if label.is_empty() {
            return Some(String::new());
        }
        if !level.suffix_nothing {
            label.push(' ');
        }
        Some(label)
    }
}

/// A number in one of Word's `w:numFmt` formats.
pub fn format_number(n: u64, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "ideographDigital" => zh_num(n),
        "chineseLegalSimplified" => zh_num(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                '百' => '佰',
                other => other,
            })
            .collect(),
        "ideographTraditional" => ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
            .get((n as usize).wrapping_sub(1))
            .map(|s| s.to_string())
            .unwrap_or_else(|| n.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => circled(n)
            .map(String::from)
            .unwrap_or_else(|| n.to_string()),
        "lowerLetter" => alpha(n),
        "upperLetter" => alpha(n).to_uppercase(),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(11, "chineseCounting"), "十一");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(28, "lowerLetter"), "ab");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "拾贰");
    }
}
