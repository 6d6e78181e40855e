//! Labels damaged by one stray character, read as the count expects them.

use super::super::clean::Line;
use super::super::labels::{Label, parse_label};
use super::{Note, Parsed};

/// Where a label is damaged by one stray character (第点三十九条, a typing
/// slip) and the labels of its form around it count exactly to it (第三十八条
/// before, 第四十条 after), the character is taken out: otherwise the line
/// stays text and every later article prints one number lower. Each repair
/// is reported.
pub(super) fn repair_labels(lines: &[Line], parsed: &mut Parsed) -> Vec<Line> {
    let labels: Vec<Option<Label>> = lines
        .iter()
        .map(|l| {
            (l.hint.table.is_none())
                .then(|| parse_label(&l.text).map(|(label, _)| label))
                .flatten()
        })
        .collect();
    let mut out = lines.to_vec();
    for (i, line) in lines.iter().enumerate() {
        if labels[i].is_some() || line.hint.table.is_some() {
            continue;
        }
        let starts: Vec<usize> = line.text.char_indices().map(|(at, _)| at).take(6).collect();
        for &at in starts.iter().skip(1) {
            let Some(c) = line.text[at..].chars().next() else {
                continue;
            };
            let candidate = format!("{}{}", &line.text[..at], &line.text[at + c.len_utf8()..]);
            let Some((label, rest)) = parse_label(&candidate) else {
                continue;
            };
            if rest.is_empty() || label.form.prefix != "第" {
                continue;
            }
            let same = |l: &&Option<Label>| l.as_ref().is_some_and(|l| l.form == label.form);
            let before = labels[..i].iter().rev().find(same).and_then(Option::as_ref);
            let after = labels[i + 1..].iter().find(same).and_then(Option::as_ref);
            let fits = before.is_some_and(|b| b.number + 1 == label.number)
                && after.is_some_and(|a| a.number == label.number + 1);
            if fits {
                parsed.renumbered.push(Note {
                    line: line.no,
                    text: line.text.chars().take(8).collect(),
                    why: format!(
                        "label {} damaged by a stray \"{c}\" where the count expects it: read as {}",
                        line.text.chars().take(label.written.chars().count() + 1).collect::<String>(),
                        label.written
                    ),
                });
                out[i].text = candidate;
                break;
            }
        }
    }
    out
}
