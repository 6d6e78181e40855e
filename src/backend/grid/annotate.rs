//! The formal template's data on the grid: every body paragraph of a
//! resolved document broken into lines.

use super::{Line, Measure, Paragraph, Span, Style, line_width, paragraph, width_of};

/// Adds to the template's data the lines of every body paragraph, as the
/// formal template prints them: `grid` on each node (its first paragraph
/// with label and run-in heading, then the rest), and `grid` at the top
/// for the preamble, the approval statement and the list of appendices.
pub fn annotate(
    data: &mut serde_json::Value,
    doc: &crate::document::Document,
    chars: usize,
    measure: Measure,
) {
    let width = chars * 2;
    let indent = 4;
    let chapters = doc.numbering.has_chapters();
    let body = |text: &str| -> Paragraph {
        paragraph(
            &[Span {
                style: Style::Body,
                text,
            }],
            measure,
            width,
            indent,
            0,
        )
    };
    if let Some(sections) = data.get_mut("sections").and_then(|s| s.as_array_mut()) {
        for (value, node) in sections.iter_mut().zip(&doc.sections) {
            annotate_node(value, node, width, chapters, &doc.layout, measure);
        }
        // The body's last paragraph goes with the closing (the approval, the
        // 附件 list, the signature): they never stand on a page alone.
        if let Some(last) = last_node(sections)
            && last
                .get("tables")
                .and_then(|t| t.as_array())
                .is_none_or(|t| t.is_empty())
            && let Some(map) = last.as_object_mut()
        {
            map.insert("keep".into(), true.into());
        }
    }
    let closing = &doc.closing;
    let mut list = Vec::new();
    for (i, entry) in closing.appendix_list.iter().enumerate() {
        // 附件：1. … with the entries below aligned under the first.
        let lead = if i == 0 { "附件：" } else { "" };
        let spans = [
            Span {
                style: Style::Body,
                text: lead,
            },
            Span {
                style: Style::Body,
                text: entry,
            },
        ];
        let first = if i == 0 { indent } else { indent + 6 };
        list.push(paragraph(&spans, measure, width, first, indent + 6));
    }
    // The note under the title (楷体) and the signature: centred lines,
    // on whole cells.
    let centred = |text: &str, style: Style| -> Vec<Paragraph> {
        let broken = paragraph(&[Span { style, text }], measure, width, 0, 0);
        broken
            .lines
            .into_iter()
            .map(|line| {
                let offset = (width.saturating_sub(line_width(&line))) / 4 * 2;
                Paragraph {
                    first: offset,
                    rest: offset,
                    lines: vec![line],
                }
            })
            .collect()
    };
    let title_note = doc
        .title_note
        .as_deref()
        .map(|note| centred(note, Style::Heading2))
        .unwrap_or_default();
    // The signature: organisation over date, centred on each other, four
    // cells in from the right.
    let signature: Vec<Paragraph> = closing
        .signature
        .as_ref()
        .map(|s| {
            let lines: Vec<Line> = [s.org.as_str(), s.date.as_str()]
                .iter()
                .filter(|t| !t.is_empty())
                .map(|t| {
                    let p = paragraph(
                        &[Span {
                            style: Style::Body,
                            text: t,
                        }],
                        measure,
                        width,
                        0,
                        0,
                    );
                    p.lines
                        .into_iter()
                        .next()
                        .unwrap_or(Line::Plain(String::new()))
                })
                .collect();
            let block = lines.iter().map(line_width).max().unwrap_or(0);
            let right = width.saturating_sub(8);
            let left = right.saturating_sub(block) / 2 * 2;
            lines
                .into_iter()
                .map(|line| {
                    let offset = left + (block.saturating_sub(line_width(&line))) / 4 * 2;
                    Paragraph {
                        first: offset,
                        rest: offset,
                        lines: vec![line],
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let intros: Vec<Vec<Paragraph>> = doc
        .appendices
        .iter()
        .map(|a| a.intro.iter().map(|p| body(p)).collect())
        .collect();
    if let Some(appendices) = data.get_mut("appendices").and_then(|a| a.as_array_mut()) {
        for (value, intro) in appendices.iter_mut().zip(intros) {
            if let Some(map) = value.as_object_mut() {
                map.insert(
                    "grid_intro".into(),
                    serde_json::to_value(intro).unwrap_or_default(),
                );
            }
        }
    }
    let top = serde_json::json!({
        "preamble": doc.preamble.iter().map(|p| body(p)).collect::<Vec<_>>(),
        "title_note": title_note,
        "statement": closing.statement.as_deref().map(body),
        "appendix_list": list,
        "signature": signature,
    });
    if let Some(map) = data.as_object_mut() {
        map.insert("grid".into(), top);
    }
}

/// The last node in reading order: the last child of the last child ….
fn last_node(nodes: &mut [serde_json::Value]) -> Option<&mut serde_json::Value> {
    let last = nodes.last_mut()?;
    let has_children = last
        .get("children")
        .and_then(|c| c.as_array())
        .is_some_and(|c| !c.is_empty());
    if has_children {
        last.get_mut("children")
            .and_then(|c| c.as_array_mut())
            .and_then(|c| last_node(c))
    } else {
        Some(last)
    }
}

fn annotate_node(
    value: &mut serde_json::Value,
    node: &crate::document::Node,
    width: usize,
    chapters: bool,
    layout: &crate::document::Layout,
    measure: Measure,
) {
    use crate::format::NodeKind;
    let heading = node.heading.as_deref().unwrap_or("");
    let texts: Vec<&str> = node.text.iter().map(String::as_str).collect();
    let mut paragraphs = Vec::new();
    match node.kind {
        NodeKind::Section => {
            let (line, first, rest) = if chapters {
                // Centred on whole cells: 第一章　总则.
                let line = format!("{}\u{3000}{heading}", node.label);
                let offset = (width - width_of(&line).min(width)) / 4 * 2;
                (line, offset, offset)
            } else {
                (format!("{}{heading}", node.label), 4, 0)
            };
            paragraphs.push(paragraph(
                &[Span {
                    style: Style::Heading1,
                    text: &line,
                }],
                measure,
                width,
                first,
                rest,
            ));
        }
        kind => {
            let clause = kind == NodeKind::Clause;
            let mut spans = Vec::new();
            let label_style = match (clause, chapters) {
                (true, true) => Style::Heading1,
                (true, false) => Style::Heading2,
                _ => Style::Body,
            };
            // 第一条　: a full-width space after a label ending in a
            // character (labels ending in a mark need none).
            spans.push(Span {
                style: label_style,
                text: &node.label,
            });
            let gap = layout.gap_after(&node.label);
            if !gap.is_empty() {
                spans.push(Span {
                    style: label_style,
                    text: gap,
                });
            }
            if !heading.is_empty() {
                let style = if clause { Style::Heading2 } else { Style::Body };
                spans.push(Span {
                    style,
                    text: heading,
                });
            }
            if let Some(first) = texts.first() {
                spans.push(Span {
                    style: Style::Body,
                    text: first,
                });
            }
            paragraphs.push(paragraph(&spans, measure, width, 4, 0));
        }
    }
    let skip = usize::from(node.kind != NodeKind::Section);
    for text in texts.iter().skip(skip) {
        paragraphs.push(paragraph(
            &[Span {
                style: Style::Body,
                text,
            }],
            measure,
            width,
            4,
            0,
        ));
    }
    if let Some(map) = value.as_object_mut() {
        map.insert(
            "grid".into(),
            serde_json::to_value(&paragraphs).unwrap_or_default(),
        );
    }
    if let Some(children) = value.get_mut("children").and_then(|c| c.as_array_mut()) {
        for (child_value, child) in children.iter_mut().zip(&node.children) {
            annotate_node(child_value, child, width, chapters, layout, measure);
        }
    }
}
