//! Token diffs of Chinese text: Unicode words (UAX #29: each Han character a
//! token, numbers and Latin words whole), diffed with `similar`, then a
//! semantic cleanup so a change reads as a whole phrase rather than a
//! scatter of single characters.

use crate::redline::{Op, Segment};
use similar::{Algorithm, DiffTag, capture_diff_slices};
use unicode_segmentation::UnicodeSegmentation;

pub fn tokens(text: &str) -> Vec<&str> {
    text.split_word_bounds().collect()
}

/// Full- and half-width punctuation compared as equal (`--ignore-punct-width`).
pub fn punct_key(token: &str) -> String {
    token
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' => ',',
            '；' => ';',
            '：' => ':',
            '？' => '?',
            '！' => '!',
            '　' => ' ',
            other => other,
        })
        .collect()
}

/// The token diff of two texts, semantically cleaned up.
pub fn diff(old: &str, new: &str, ignore_punct_width: bool) -> Vec<Segment> {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let key = |t: &&str| {
        if ignore_punct_width {
            punct_key(t)
        } else {
            t.to_string()
        }
    };
    let old_keys: Vec<String> = old_tokens.iter().map(key).collect();
    let new_keys: Vec<String> = new_tokens.iter().map(key).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);
    let mut segments = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            // Equal runs show the new text (with --ignore-punct-width it may differ in width only).
            DiffTag::Equal => push(&mut segments, Op::Equal, new_tokens[new_range].concat()),
            DiffTag::Delete => push(&mut segments, Op::Delete, old_tokens[old_range].concat()),
            DiffTag::Insert => push(&mut segments, Op::Insert, new_tokens[new_range].concat()),
            DiffTag::Replace => {
                push(&mut segments, Op::Delete, old_tokens[old_range].concat());
                push(&mut segments, Op::Insert, new_tokens[new_range].concat());
            }
        }
    }
    semantic_cleanup(segments)
}

fn push(segments: &mut Vec<Segment>, op: Op, text: String) {
    if text.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some(last) if last.op == op => last.text.push_str(&text),
        _ => segments.push(Segment { op, text }),
    }
}

/// Folds short equalities between changes into the changes (as in
/// diff-match-patch's semantic cleanup): an equality no longer than the
/// changes on both sides of it is shown as deleted and re-inserted, so
/// 由「部门负责人」改为「分管副主任」 reads as one phrase, not as
/// 部门负[-责-]{+管+}…. Deletions come before insertions in each change.
pub fn semantic_cleanup(mut segments: Vec<Segment>) -> Vec<Segment> {
    let len = |s: &Segment| s.text.chars().count();
    loop {
        let mut changed = false;
        let mut i = 0;
        while i < segments.len() {
            if segments[i].op != Op::Equal || i == 0 || i + 1 == segments.len() {
                i += 1;
                continue;
            }
            let side = |range: &mut dyn Iterator<Item = &Segment>| -> (usize, usize) {
                let (mut deleted, mut inserted) = (0, 0);
                for s in range.take_while(|s| s.op != Op::Equal) {
                    match s.op {
                        Op::Delete => deleted += len(s),
                        Op::Insert => inserted += len(s),
                        Op::Equal => {}
                    }
                }
                (deleted, inserted)
            };
            let before = side(&mut segments[..i].iter().rev());
            let after = side(&mut segments[i + 1..].iter());
            let equal = len(&segments[i]);
            let has_changes = before != (0, 0) && after != (0, 0);
            if has_changes && equal <= before.0.max(before.1) && equal <= after.0.max(after.1) {
                let text = segments[i].text.clone();
                segments[i] = Segment {
                    op: Op::Delete,
                    text: text.clone(),
                };
                segments.insert(
                    i + 1,
                    Segment {
                        op: Op::Insert,
                        text,
                    },
                );
                changed = true;
            }
            i += 1;
        }
        if !changed {
            return normalise(segments);
        }
        segments = normalise(segments);
    }
}

/// Within each run of changes, all deletions first, then all insertions.
fn normalise(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out = Vec::new();
    let (mut deleted, mut inserted) = (String::new(), String::new());
    let flush = |out: &mut Vec<Segment>, deleted: &mut String, inserted: &mut String| {
        if !deleted.is_empty() {
            push(out, Op::Delete, std::mem::take(deleted));
        }
        if !inserted.is_empty() {
            push(out, Op::Insert, std::mem::take(inserted));
        }
    };
    for s in segments {
        match s.op {
            Op::Delete => deleted.push_str(&s.text),
            Op::Insert => inserted.push_str(&s.text),
            Op::Equal => {
                flush(&mut out, &mut deleted, &mut inserted);
                push(&mut out, Op::Equal, s.text);
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    out
}

/// The old text and the new text a segment list stands for.
pub fn sides(segments: &[Segment]) -> (String, String) {
    let mut old = String::new();
    let mut new = String::new();
    for s in segments {
        match s.op {
            Op::Equal => {
                old.push_str(&s.text);
                new.push_str(&s.text);
            }
            Op::Delete => old.push_str(&s.text),
            Op::Insert => new.push_str(&s.text),
        }
    }
    (old, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_characters_are_tokens_and_numbers_whole() {
        assert_eq!(
            tokens("第12条规定2025年"),
            ["第", "12", "条", "规", "定", "2025", "年"]
        );
        assert_eq!(
            tokens("email service@example.org"),
            ["email", " ", "service", "@", "example.org"]
        );
    }

    #[test]
    fn a_changed_phrase_reads_as_one_change() {
        let segments = diff(
            "由部门负责人进行批评教育",
            "由分管副主任进行批评教育",
            false,
        );
        assert_eq!(
            segments,
            [
                Segment {
                    op: Op::Equal,
                    text: "由".into()
                },
                Segment {
                    op: Op::Delete,
                    text: "部门负责人".into()
                },
                Segment {
                    op: Op::Insert,
                    text: "分管副主任".into()
                },
                Segment {
                    op: Op::Equal,
                    text: "进行批评教育".into()
                },
            ]
        );
    }

    #[test]
    fn sides_rebuild_both_texts() {
        let (old, new) = (
            "收到投诉后一个工作日内登记，五个工作日内答复",
            "收到投诉后当日登记，三个工作日内调查核实并答复",
        );
        let segments = diff(old, new, false);
        assert_eq!(sides(&segments), (old.to_string(), new.to_string()));
    }

    #[test]
    fn punctuation_width_can_be_ignored() {
        let segments = diff(
            "中心(以下简称“中心”),遵守",
            "中心（以下简称“中心”），遵守",
            true,
        );
        assert!(segments.iter().all(|s| s.op == Op::Equal), "{segments:?}");
        let segments = diff("中心(以下简称)", "中心（以下简称）", false);
        assert!(segments.iter().any(|s| s.op != Op::Equal));
    }
}
