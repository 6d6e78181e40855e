//! Decimal outlines (a standard's 1 / 1.1 / 1.1.1, or 1、 / 3.1、 / 5.1.1、):
//! recognised when at least two two-part labels count cleanly (3.1 3.2
//! under 3, 4.1 after them), each under a heading of the top form numbered
//! as its first part. Their levels are their depth; other lists (a) (1) ①)
//! go below the deepest.

use super::super::clean::Line;
use super::super::labels::{LabelForm, parse_outline_label};
use crate::format::Counter;

/// A document's decimal outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Outline {
    /// The form of the top headings (`1 范围`: `{decimal} `; `1、`: `{n}、`).
    pub(super) top: LabelForm,
    /// Where the top headings stand in a Markdown file (`Hint::context`).
    pub(super) context: u16,
    /// The deepest label (5.1.1 → 3).
    pub(super) depth: usize,
}

/// The decimal outline of `lines`, if their two-part labels count cleanly.
pub(super) fn detect(lines: &[Line]) -> Option<Outline> {
    let labels: Vec<_> = lines
        .iter()
        .filter(|l| l.hint.table.is_none())
        .filter_map(|l| parse_outline_label(&l.text).map(|(label, _)| (label, l.hint.context)))
        .collect();
    let mut clean = 0usize;
    let mut twos = 0usize;
    let mut previous: Option<(u64, u64)> = None;
    // Top form candidates: (form, context, how often).
    let mut tops: Vec<(LabelForm, u16, usize)> = Vec::new();
    let mut depth = 1;
    for (i, (label, _)) in labels.iter().enumerate() {
        if label.form.counter != Counter::Decimal || label.parents.is_empty() {
            continue;
        }
        depth = depth.max(label.depth());
        if label.parents.len() != 1 {
            continue;
        }
        twos += 1;
        let (a, b) = (label.parents[0], label.number);
        let counts = match previous {
            Some((pa, pb)) => (a == pa && b == pb + 1) || (a > pa && b == 1),
            None => b == 1,
        };
        previous = Some((a, b));
        if !counts || b != 1 {
            clean += usize::from(counts);
            continue;
        }
        clean += 1;
        // The heading it sits under: the nearest label numbered `a` above
        // it with no parents, of a form that can print a decimal chain.
        let parent = labels[..i].iter().rev().find(|(l, _)| {
            l.parents.is_empty() && l.number == a && l.form.counter.in_decimal_chain()
        });
        if let Some((top, context)) = parent {
            match tops
                .iter_mut()
                .find(|(f, c, _)| f.same_level(&top.form) && c == context)
            {
                Some((_, _, n)) => *n += 1,
                None => tops.push((top.form.clone(), *context, 1)),
            }
        }
    }
    if twos < 2 || clean < 2 || clean * 10 < twos * 8 {
        return None;
    }
    let (top, context, _) = tops.into_iter().rev().max_by_key(|(_, _, n)| *n)?;
    Some(Outline {
        top,
        context,
        depth,
    })
}

/// The outlines to try: the one found as deep as its labels go, then each
/// shallower one down to two levels; without one, none.
pub(super) fn candidates(found: Option<Outline>) -> Vec<Option<Outline>> {
    match found {
        None => vec![None],
        Some(outline) => (2..=outline.depth.max(2))
            .rev()
            .map(|depth| {
                Some(Outline {
                    depth,
                    ..outline.clone()
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
                tabbed: false,
                joined: Vec::new(),
                hint: Default::default(),
            })
            .collect()
    }

    #[test]
    fn an_outline_that_counts_is_recognised() {
        let found = detect(&lines(
            "1 范围\n本标准规定了要求。\n2 术语\n2.1 样品\n2.2 批次\n3 要求\n3.1 通则\n3.1.1 外观\n",
        ));
        let found = found.unwrap_or_else(|| unreachable!());
        assert_eq!(found.top.pattern(), "{decimal} ");
        assert_eq!(found.depth, 3);
        let typed = detect(&lines("1、目的\n2、职责\n2.1、质量部\n2.2、生产部\n"));
        assert_eq!(typed.map(|o| o.top.pattern()).as_deref(), Some("{n}、"));
    }

    #[test]
    fn numbers_in_sentences_are_no_outline() {
        assert_eq!(detect(&lines("1、目的\n单价 1.5 元。\n2.3 万元\n")), None);
        // Two-part labels without headings numbered as their first part.
        assert_eq!(detect(&lines("3.1 甲\n3.2 乙\n")), None);
    }
}
