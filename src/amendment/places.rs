//! Places as readers cite them: 第四章第二节第十八条, 第十八条第一项,
//! 五、（一）; and the way back, from a citation typed by hand (第18条,
//! 五、(一)) to the node.

use std::collections::BTreeMap;

use crate::document::{Document, Node};
use crate::format::NodeKind;
use crate::zh::{parse_zh_num, zh_num};

/// A node of a document with its citation.
pub struct Place<'a> {
    pub node: &'a Node,
    /// Path of the parent node; `None` at the top.
    pub parent: Option<String>,
    /// As the 修正案 names it: 第四章第二节第十八条, 五、服务时限, 五、（一）.
    pub citation: String,
    /// Other ways of naming it (第十八条 alone, 第十八条（一）, …).
    pub aliases: Vec<String>,
}

/// Every node of `doc`, in reading order, with its citation.
pub fn places(doc: &Document) -> Vec<Place<'_>> {
    let mut out = Vec::new();
    walk(&doc.sections, None, &[], &mut out);
    out
}

/// What a node adds to its children's citations, and what they add under a 条.
#[derive(Clone)]
struct Part {
    /// 第四章, 五、, 第十八条, 第一项.
    text: String,
    /// Whether it is an article (第X条): items below it are cited 第X项.
    article: bool,
    /// A section: left out of the short form of a citation.
    section: bool,
}

fn walk<'a>(nodes: &'a [Node], parent: Option<&str>, above: &[Part], out: &mut Vec<Place<'a>>) {
    let under_article = above.iter().any(|p| p.article);
    for node in nodes {
        let article = node.label.starts_with('第') && node.label.ends_with('条');
        let own = if under_article {
            let word = if node.kind == NodeKind::Item || above.last().is_some_and(|p| p.article) {
                "项"
            } else {
                "目"
            };
            match number_in(&node.label) {
                Some(n) => format!("第{}{word}", zh_num(n)),
                None => node.label.clone(),
            }
        } else {
            node.label.clone()
        };
        let outline_section = node.kind == NodeKind::Section && !is_numbered_word(&node.label);
        let path_above: String = above.iter().map(|p| p.text.as_str()).collect();
        // An outline section stands alone with its title (五、服务时限),
        // and is named by its label (五、) before what it holds.
        let citation = if outline_section {
            format!(
                "{path_above}{}{}",
                node.label,
                node.heading.as_deref().unwrap_or("")
            )
        } else {
            format!("{path_above}{own}")
        };
        let mut aliases = vec![format!("{path_above}{own}")];
        let short: String = above
            .iter()
            .filter(|p| !p.section)
            .map(|p| p.text.as_str())
            .collect();
        aliases.push(format!("{short}{own}"));
        // The labels as printed, one after another: 第十八条（一）, 五、服务时限（一）.
        let raw: String = above.iter().map(|p| p.text.as_str()).collect::<String>();
        aliases.push(format!("{raw}{}", node.label));
        if outline_section {
            aliases.push(format!("{short}{}", node.label));
        }
        aliases.retain(|a| *a != citation);
        aliases.dedup();
        out.push(Place {
            node,
            parent: parent.map(str::to_string),
            citation,
            aliases,
        });
        let mut below = above.to_vec();
        below.push(Part {
            text: own,
            article,
            section: node.kind == NodeKind::Section,
        });
        walk(&node.children, Some(&node.path), &below, out);
    }
}

/// Whether a label is a numbered word (第四章, 第二节, 第十八条) rather
/// than an outline number (五、).
fn is_numbered_word(label: &str) -> bool {
    label.starts_with('第')
}

/// The number in a label: 一 in （一）, 3 in 3., 十八 in 第十八条.
pub fn number_in(label: &str) -> Option<u64> {
    let digits: String = label
        .chars()
        .skip_while(|c| !is_numeral(*c))
        .take_while(|c| is_numeral(*c))
        .collect();
    parse_zh_num(&digits)
}

pub fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇零一二三四五六七八九十百千两".contains(c)
}

/// A citation as typed, made comparable: no spaces, full-width brackets
/// and colons, Arabic numbers of 条, 章, 节, 款, 项 and 目 written in
/// Chinese (第18条 → 第十八条), a full stop after a digit as ASCII.
pub fn normalise(text: &str) -> String {
    let mapped: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            '．' => '.',
            c => c,
        })
        .collect();
    // 第18条 → 第十八条, and （3） inside a citation stays as written.
    let chars: Vec<char> = mapped.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '第' {
            let digits: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let after = chars.get(i + 1 + digits.chars().count());
            if !digits.is_empty()
                && after.is_some_and(|c| "章节条款项目".contains(*c))
                && let Ok(n) = digits.parse::<u64>()
            {
                out.push('第');
                out.push_str(&zh_num(n));
                i += 1 + digits.chars().count();
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Looks places up by any of their names. A name two nodes share is kept
/// only as one's citation.
pub struct Index {
    by_name: BTreeMap<String, Vec<String>>,
}

impl Index {
    pub fn new(places: &[Place]) -> Self {
        let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for place in places {
            by_name
                .entry(normalise(&place.citation))
                .or_default()
                .insert(0, place.node.path.clone());
            for alias in &place.aliases {
                let paths = by_name.entry(normalise(alias)).or_default();
                if !paths.contains(&place.node.path) {
                    paths.push(place.node.path.clone());
                }
            }
        }
        Index { by_name }
    }

    /// The path of the node named `name`; for a name two nodes share, the
    /// one it is the citation of, if any.
    pub fn find(&self, name: &str) -> Option<&str> {
        let key = normalise(name);
        let key = key.trim_end_matches(['的', '。']);
        self.by_name
            .get(key)
            .and_then(|paths| paths.first())
            .map(String::as_str)
    }
}

/// The shape of a label, numbers aside: 第Z条, （Z）, D.
pub fn shape(label: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in normalise(label).chars() {
        let class = if c.is_ascii_digit() {
            Some('D')
        } else if is_numeral(c) {
            Some('Z')
        } else {
            None
        };
        match class {
            Some(k) if last == Some(k) => {}
            Some(k) => out.push(k),
            None => out.push(c),
        }
        last = class;
    }
    out
}

/// The label a line starts with, if it starts with one of the shapes of
/// `scheme` (第十一条, （一）, 3.), and the rest of the line.
pub fn leading_label<'t>(
    line: &'t str,
    scheme: &crate::format::Scheme,
) -> Option<(usize, &'t str, &'t str)> {
    for (index, level) in scheme.levels.iter().enumerate() {
        let Some(sample) = level.label(1) else {
            continue;
        };
        let wanted = shape(&sample);
        // The shortest prefix of the line with that shape.
        let mut ends: Vec<usize> = line.char_indices().map(|(i, _)| i).skip(1).collect();
        ends.push(line.len());
        for end in ends.into_iter().take(12) {
            let prefix = &line[..end];
            if shape(prefix) == wanted
                && !line[end..]
                    .chars()
                    .next()
                    .is_some_and(|c| is_numeral(c) && c != '两')
            {
                let rest = line[end..].trim_start_matches(['\u{3000}', ' ']);
                return Some((index + 1, prefix, rest));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_citations_compare_with_ours() {
        assert_eq!(normalise("第18条第2款"), "第十八条第二款");
        assert_eq!(normalise("五、 (一)"), "五、（一）");
        assert_eq!(shape("（十二）"), "（Z）");
        assert_eq!(shape("12."), "D.");
        assert_eq!(number_in("第二十一条"), Some(21));
    }
}
