//! What a 章程 must contain: the items its registration regulation lists
//! (社会团体登记管理条例 第十四条, 基金会管理条例 第十条, 民办非企业单位
//! 登记管理暂行条例 第十条), looked for in the resolved text, and the
//! figures a regulation fixes where the 章程 states them.
//!
//! Each item is one or more facets, each found by the words 章程 use for
//! the provision (see [`Facet`]), ours and other organisations' alike, so an
//! imported 章程 is checked as well as one made from the kit.

use crate::document::{Document, Node};
use crate::format::{NodeKind, OrgKind};

mod items;
use items::{Facet, requirements};

/// One thing the regulation requires, as the message names it.
pub struct Missing {
    /// `终止程序和终止后资产的处理`, or the facets missing of it.
    pub what: String,
    /// `社会团体登记管理条例第十四条第八项`.
    pub source: String,
}

/// A figure a 章程 states that the regulation does not allow.
pub struct Figure {
    /// What the 章程 says, e.g. `理事会由3至9名理事组成`.
    pub stated: String,
    /// What the regulation fixes, with its article.
    pub rule: String,
}

/// What a 章程 says: its chapters' and 节's titles, and its paragraphs
/// (each node's heading and text together, with its tables' cells).
struct Said {
    titles: Vec<String>,
    paragraphs: Vec<String>,
}

fn said(doc: &Document) -> Said {
    fn walk(nodes: &[Node], out: &mut Said) {
        for node in nodes {
            let heading = node.heading.clone().unwrap_or_default();
            if node.kind == NodeKind::Section {
                out.titles.push(heading.clone());
            }
            let mut text = heading;
            for paragraph in &node.text {
                text.push_str(paragraph);
            }
            for table in &node.tables {
                text.push_str(&table.texts().join(""));
            }
            out.paragraphs.push(text);
            walk(&node.children, out);
        }
    }
    let mut out = Said {
        titles: Vec::new(),
        paragraphs: vec![doc.title.clone()],
    };
    out.paragraphs.extend(doc.preamble.iter().cloned());
    walk(&doc.sections, &mut out);
    out
}

impl Said {
    fn has(&self, facet: &Facet) -> bool {
        facet.titles.iter().any(|words| {
            self.titles
                .iter()
                .any(|t| words.iter().all(|w| t.contains(w)))
        }) || facet.texts.iter().any(|words| {
            self.paragraphs
                .iter()
                .any(|p| words.iter().all(|w| p.contains(w)))
        })
    }
}

/// The items of the regulation `doc` (a 章程 of a `kind` organisation) does
/// not contain.
pub fn missing(doc: &Document, kind: OrgKind) -> Vec<Missing> {
    let (regulation, article, items) = requirements(kind);
    let said = said(doc);
    items
        .iter()
        .filter_map(|item| {
            let absent: Vec<&str> = item
                .facets
                .iter()
                .filter(|f| !said.has(f))
                .map(|f| f.name)
                .collect();
            if absent.is_empty() {
                return None;
            }
            let what = if absent.len() == item.facets.len() {
                item.name.to_string()
            } else {
                format!("{}（“{}”之一）", absent.join("、"), item.name)
            };
            Some(Missing {
                what,
                source: format!("{regulation}{article}{}", item.number),
            })
        })
        .collect()
}

/// Figures the 章程 states that its regulation does not allow. Only the
/// 基金会管理条例 fixes such figures (第二十条, 第二十一条).
pub fn figures(doc: &Document, kind: OrgKind) -> Vec<Figure> {
    if kind != OrgKind::Foundation {
        return Vec::new();
    }
    let mut out = Vec::new();
    for paragraph in said(doc).paragraphs {
        for sentence in paragraph.split(['。', '；']) {
            if sentence.contains("理事") && !sentence.contains("监事") {
                if let Some((low, high)) = range(sentence)
                    && (sentence.contains("组成") || sentence.contains("理事为"))
                    && (low < 5 || high > 25)
                {
                    out.push(Figure {
                        stated: sentence.trim().to_string(),
                        rule: t!("statute-rule-directors"),
                    });
                }
                if sentence.contains("任期")
                    && let Some(years) = number_before(sentence, '年')
                    && years > 5
                {
                    out.push(Figure {
                        stated: sentence.trim().to_string(),
                        rule: t!("statute-rule-term"),
                    });
                }
            }
            if sentence.contains("理事会")
                && let Some(at) = sentence.find("每年至少召开")
                && let Some(times) = leading_number(&sentence[at + "每年至少召开".len()..])
                && times < 2
            {
                out.push(Figure {
                    stated: sentence.trim().to_string(),
                    rule: t!("statute-rule-meetings"),
                });
            }
        }
    }
    out
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "零〇一二两三四五六七八九十百".contains(c)
}

/// The number a text starts with (digits or Chinese numerals).
fn leading_number(text: &str) -> Option<u64> {
    let digits: String = text
        .trim_start()
        .chars()
        .take_while(|c| is_numeral(*c))
        .collect();
    crate::zh::parse_zh_num(&digits)
}

/// The number written just before the first `unit` that has one.
fn number_before(text: &str, unit: char) -> Option<u64> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|i| chars[*i] == unit)
        .find_map(|i| {
            let start = (0..i).rev().take_while(|j| is_numeral(chars[*j])).last()?;
            crate::zh::parse_zh_num(&chars[start..i].iter().collect::<String>())
        })
}

/// `N至M` (also 到, -, —, ～) with an optional 名 or 人 after each number.
fn range(text: &str) -> Option<(u64, u64)> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|i| "至到-—－~～".contains(chars[*i]))
        .find_map(|i| {
            let mut before = i;
            while before > 0 && "名人".contains(chars[before - 1]) {
                before -= 1;
            }
            let start = (0..before)
                .rev()
                .take_while(|j| is_numeral(chars[*j]))
                .last()?;
            let low = crate::zh::parse_zh_num(&chars[start..before].iter().collect::<String>())?;
            let high = leading_number(&chars[i + 1..].iter().collect::<String>())?;
            Some((low, high))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_numbers_in_digits_or_chinese() {
        assert_eq!(range("理事会由五名至二十五名理事组成"), Some((5, 25)));
        assert_eq!(range("理事为3人至9人"), Some((3, 9)));
        assert_eq!(number_before("理事每届任期六年", '年'), Some(6));
        assert_eq!(leading_number("2次会议"), Some(2));
    }
}
