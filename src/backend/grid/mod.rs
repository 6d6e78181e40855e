//! The GB/T 9704 character grid: body text broken into lines of 28 cells
//! before Typst sees it, every character on the grid.
//!
//! A Chinese character or full-width mark takes one cell, a half-width
//! letter or digit half a cell; nothing is compressed, squeezed or
//! stretched. A mark that may not begin a line (，。、；：？！）”》) takes the
//! character before it down to the next line, which leaves its own line
//! ragged (避头尾); an opening mark (（“《) never ends a line.
//!
//! Typst lays out the lines as given: half-width runs and marks whose
//! advance a font may differ on sit in boxes exactly their cells wide, and
//! punctuation Typst would compress (at a line's edge, or beside another
//! mark) is boxed too.

use serde::Serialize;

/// Half-cells of a character: 2 for full width, 1 for half width, 0 for
/// marks that combine with the character before.
pub fn half_cells(c: char) -> u8 {
    match c as u32 {
        0x0300..=0x036F | 0x200B..=0x200D | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2000..=0x2BFF
        | 0x2E80..=0x303F
        | 0x3040..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F000..=0x1FAFF
        | 0x20000..=0x3FFFD => 2,
        // Latin-1 marks printed full width in Chinese text.
        _ if matches!(c, '·' | '×' | '÷' | '§' | '°' | '±') => 2,
        _ => 1,
    }
}

/// Whether a character's advance in a CJK font is exactly one em: Han,
/// kana, the CJK marks, full-width forms, and the quotes, dashes, ellipsis
/// and middle dot Chinese fonts set full width. Anything else is put in a
/// box of its cells.
fn em_wide(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF01..=0xFF5E | 0x20000..=0x3FFFD)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Marks that may not begin a line.
const NO_START: &str = "，。、；：？！）》」』】〕〗〉”’…—·％‰℃ー々～,.;:?!)]}%";
/// Marks that may not end a line.
const NO_END: &str = "（《「『【〔〖〈“‘([{￥$";
/// The marks Typst compresses beside each other and at a line's edges.
const COMPRESSIBLE: &str = "，。、；：？！）》」』】〕〗〉”’（《「『【〔〖〈“‘．［］｛｝·・";

/// How a piece of a line is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Style {
    /// Body text (仿宋).
    #[serde(rename = "b")]
    Body,
    /// A label or heading in 黑体.
    #[serde(rename = "h1")]
    Heading1,
    /// A label or run-in heading in 楷体.
    #[serde(rename = "h2")]
    Heading2,
}

/// One unit of layout: a character, a run of half-width characters (a
/// number, a Latin word), or a gap.
#[derive(Clone, Debug)]
struct Unit {
    style: Style,
    text: String,
    half: usize,
    /// Set in a box of its cells.
    boxed: bool,
    /// A space: dropped at a line's edges.
    space: bool,
}

impl Unit {
    fn first(&self) -> char {
        self.text.chars().next().unwrap_or(' ')
    }
    fn last(&self) -> char {
        self.text.chars().last().unwrap_or(' ')
    }
}

/// A span of text in one style.
pub struct Span<'a> {
    pub style: Style,
    pub text: &'a str,
}

/// A gap of `half` half-cells between spans (after 第一条).
pub const GAP: &str = "\u{2002}";

/// Half-cells a run of half-width characters takes: its natural width
/// rounded up to whole half-cells (a digit is one; a Latin word as wide as
/// its letters), so what follows starts on the grid without a gap.
pub type Measure<'a> = &'a dyn Fn(&str, Style) -> usize;

/// Counts one half-cell per character (a font whose half-width glyphs all
/// fit half a cell).
pub fn by_count(text: &str, _: Style) -> usize {
    text.chars().count()
}

fn units(spans: &[Span], measure: Measure) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for span in spans {
        if span.text == GAP {
            out.push(Unit {
                style: span.style,
                text: String::new(),
                half: 1,
                boxed: true,
                space: false,
            });
            continue;
        }
        let chars: Vec<char> = span.text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let half = half_cells(c) as usize;
            let space = c == ' ' || c == '\t';
            let in_run = |u: &Unit| u.style == span.style && is_half_width_run(u);
            // A space between two words of a Latin run stays in the run: the
            // words keep their natural spacing (Luzhou Neighbourhood).
            let inner_space = c == ' '
                && chars
                    .get(i + 1)
                    .is_some_and(|n| half_cells(*n) == 1 && *n != ' ' && *n != '\t');
            match out.last_mut() {
                // A mark that combines joins the character before.
                Some(last) if half == 0 => last.text.push(c),
                // Half-width characters (a number, a word, words) stay together.
                Some(last) if half == 1 && (!space || inner_space) && in_run(last) => {
                    last.text.push(c);
                    last.half += 1;
                }
                // —— and …… are one mark: never split.
                Some(last)
                    if matches!(c, '—' | '…')
                        && last.text.chars().all(|p| p == c)
                        && last.text.chars().count() == 1 =>
                {
                    last.text.push(c);
                    last.half += 2;
                }
                _ => out.push(Unit {
                    style: span.style,
                    text: c.to_string(),
                    half: if space { 1 } else { half },
                    boxed: space || half == 1 || !em_wide(c),
                    space,
                }),
            }
        }
    }
    // A closing mark right after a half-width run goes into the run's box:
    // the run's rounding up to whole half-cells then falls after the mark,
    // inside its own white space, not as a gap before it (5:30。).
    let mut merged: Vec<Unit> = Vec::with_capacity(out.len());
    for unit in out {
        let closes = !unit.boxed
            && unit.text.chars().count() == 1
            && NO_START.contains(unit.first())
            && half_cells(unit.first()) == 2;
        match merged.last_mut() {
            Some(last) if closes && is_half_width_run(last) => {
                last.text.push_str(&unit.text);
                last.half += 2;
            }
            _ => merged.push(unit),
        }
    }
    for unit in &mut merged {
        if unit.boxed && !unit.space && unit.text.chars().any(|c| half_cells(c) == 1) {
            // Digits and Latin in the body font whatever the line's
            // style: 楷体's digits are wider than half a cell.
            unit.style = Style::Body;
            unit.half = measure(&unit.text, unit.style);
        }
    }
    merged
}

/// A run of half-width characters (a number, Latin words with the spaces
/// between them), set in a box of its measured cells.
fn is_half_width_run(unit: &Unit) -> bool {
    unit.boxed
        && !unit.space
        && !unit.text.is_empty()
        && unit.half > 0
        && unit.text.chars().all(|c| half_cells(c) == 1)
}

/// A piece of a line as the template gets it: text in a style, a box
/// `half` half-cells wide, or a guard (an empty box, `0` in the JSON) that
/// keeps Typst from compressing the mark beside it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Piece {
    Text(Style, String),
    Boxed(Style, String, usize),
    Guard(u8),
}

/// A line: its pieces (the common case, body text alone, as one string).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Line {
    Plain(String),
    Pieces(Vec<Piece>),
}

/// A paragraph broken into lines, with its indents in half-cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    /// Indent of the first line.
    pub first: usize,
    /// Indent of the lines after it.
    pub rest: usize,
    pub lines: Vec<Line>,
}

/// In the template's data: `{first, rest, text}` with the lines joined by
/// line breaks when they are all plain body text (most paragraphs: one
/// string for Typst to set), else `{first, rest, lines}`.
impl Serialize for Paragraph {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("first", &self.first)?;
        map.serialize_entry("rest", &self.rest)?;
        let plain: Option<Vec<&str>> = self
            .lines
            .iter()
            .map(|l| match l {
                Line::Plain(text) => Some(text.as_str()),
                Line::Pieces(_) => None,
            })
            .collect();
        match plain {
            Some(lines) => map.serialize_entry("text", &lines.join("\n"))?,
            None => map.serialize_entry("lines", &self.lines)?,
        }
        map.end()
    }
}

/// Breaks `spans` into lines of `width` half-cells, the first indented by
/// `first`, the others by `rest`.
pub fn paragraph(
    spans: &[Span],
    measure: Measure,
    width: usize,
    first: usize,
    rest: usize,
) -> Paragraph {
    let units = units(spans, measure);
    let mut lines: Vec<Vec<Unit>> = Vec::new();
    let mut current: Vec<Unit> = Vec::new();
    let mut used = 0usize;
    let capacity =
        |lines: &Vec<Vec<Unit>>| width.saturating_sub(if lines.is_empty() { first } else { rest });
    let mut queue: std::collections::VecDeque<Unit> = units.into();
    while let Some(unit) = queue.pop_front() {
        if unit.space && current.is_empty() && !lines.is_empty() {
            continue;
        }
        let cap = capacity(&lines);
        if used + unit.half <= cap {
            used += unit.half;
            current.push(unit);
            continue;
        }
        // Latin words that do not all fit go on after a space, as much as fits.
        if let Some((head, tail)) = split_at_space(&unit, cap.saturating_sub(used), measure) {
            used += head.half;
            current.push(head);
            queue.push_front(tail);
            continue;
        }
        // A half-width run longer than a line is broken where it must.
        if current.is_empty() {
            let (head, tail) = split_unit(unit, cap.max(1));
            used = head.half;
            current.push(head);
            if let Some(tail) = tail {
                queue.push_front(tail);
            }
            continue;
        }
        // 避头尾: what may not start the next line takes the character before
        // it along; what may not end this one goes down too.
        let mut carry = vec![unit];
        while current.len() > 1
            && (NO_START.contains(carry[0].first())
                || current
                    .last()
                    .is_some_and(|u| NO_END.contains(u.last()) || u.space))
        {
            if let Some(u) = current.pop() {
                carry.insert(0, u);
            }
        }
        while current.last().is_some_and(|u| u.space) {
            current.pop();
        }
        lines.push(std::mem::take(&mut current));
        used = 0;
        for u in carry.into_iter().rev() {
            queue.push_front(u);
        }
    }
    while current.last().is_some_and(|u| u.space) {
        current.pop();
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    Paragraph {
        first,
        rest,
        lines: lines.into_iter().map(finish_line).collect(),
    }
}

/// A run of Latin words split after its last word that fits `room`
/// half-cells: the head and what follows the space, each measured.
fn split_at_space(unit: &Unit, room: usize, measure: Measure) -> Option<(Unit, Unit)> {
    if !unit.boxed || unit.space || room == 0 {
        return None;
    }
    let spaces: Vec<usize> = unit.text.match_indices(' ').map(|(i, _)| i).collect();
    spaces.into_iter().rev().find_map(|at| {
        let head = &unit.text[..at];
        let tail = &unit.text[at + 1..];
        let half = measure(head, unit.style);
        (half <= room && !head.is_empty() && !tail.is_empty()).then(|| {
            let make = |text: &str, half: usize| Unit {
                text: text.to_string(),
                half,
                ..unit.clone()
            };
            (make(head, half), make(tail, measure(tail, unit.style)))
        })
    })
}

fn split_unit(unit: Unit, half: usize) -> (Unit, Option<Unit>) {
    let mut head = String::new();
    let mut used = 0;
    let mut chars = unit.text.chars().peekable();
    while let Some(&c) = chars.peek() {
        let w = (half_cells(c) as usize).max(if head.is_empty() { 1 } else { 0 });
        if used + w > half && !head.is_empty() {
            break;
        }
        used += w;
        head.push(c);
        chars.next();
    }
    let tail: String = chars.collect();
    let rest = unit.half.saturating_sub(used);
    let make = |text: String, half: usize| Unit {
        text,
        half,
        ..unit.clone()
    };
    let tail = (!tail.is_empty()).then(|| make(tail, rest));
    (make(head, used), tail)
}

/// Merges units into runs, with a guard where Typst would compress a mark:
/// before an opening mark that starts the line (Typst pulls it into the
/// margin by half its width), and between two marks in a row (Typst takes
/// half a cell out of the pair). A mark ending a line only loses advance
/// after its ink, which moves nothing.
fn finish_line(units: Vec<Unit>) -> Line {
    let compressible =
        |u: &Unit| !u.boxed && u.text.chars().count() == 1 && COMPRESSIBLE.contains(u.first());
    let mut pieces: Vec<Piece> = Vec::new();
    let mut previous_mark = false;
    for (i, unit) in units.into_iter().enumerate() {
        let mark = compressible(&unit);
        if mark && (i == 0 || previous_mark) {
            pieces.push(Piece::Guard(0));
        }
        previous_mark = mark;
        if unit.boxed {
            pieces.push(Piece::Boxed(unit.style, unit.text, unit.half));
            continue;
        }
        match pieces.last_mut() {
            Some(Piece::Text(style, text)) if *style == unit.style => text.push_str(&unit.text),
            _ => pieces.push(Piece::Text(unit.style, unit.text)),
        }
    }
    match pieces.as_slice() {
        [] => Line::Plain(String::new()),
        [Piece::Guard(_)] => Line::Plain(String::new()),
        [Piece::Text(Style::Body, text)] => Line::Plain(text.clone()),
        _ => Line::Pieces(pieces),
    }
}

/// Half-cells of a text (for centring a heading on whole cells).
pub fn width_of(text: &str) -> usize {
    text.chars().map(|c| half_cells(c) as usize).sum()
}

/// Half-cells a broken line takes.
pub(crate) fn line_width(line: &Line) -> usize {
    match line {
        Line::Plain(text) => width_of(text),
        Line::Pieces(pieces) => pieces
            .iter()
            .map(|p| match p {
                Piece::Text(_, text) => width_of(text),
                Piece::Boxed(_, _, half) => *half,
                Piece::Guard(_) => 0,
            })
            .sum(),
    }
}

mod annotate;
pub use annotate::annotate;

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Vec<Span<'_>> {
        vec![Span {
            style: Style::Body,
            text,
        }]
    }

    fn texts(p: &Paragraph) -> Vec<String> {
        p.lines
            .iter()
            .map(|l| match l {
                Line::Plain(t) => t.clone(),
                Line::Pieces(pieces) => pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(_, t) | Piece::Boxed(_, t, _) => t.as_str(),
                        Piece::Guard(_) => "",
                    })
                    .collect(),
            })
            .collect()
    }

    fn cells(line: &str) -> usize {
        width_of(line)
    }

    #[test]
    fn full_lines_hold_28_cells_and_the_first_26_after_its_indent() {
        let text = "本中心坚持以服务对象为中心开展各项工作并接受社会监督".repeat(4);
        let p = paragraph(&body(&text), &by_count, 56, 4, 0);
        let lines = texts(&p);
        assert_eq!(cells(&lines[0]), 52);
        assert!(lines[1..lines.len() - 1].iter().all(|l| cells(l) == 56));
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn a_mark_never_starts_a_line_it_takes_a_character_down() {
        // 26 characters fill the first line; the comma would start line 2.
        let text = format!("{}，后文。", "甲".repeat(26));
        let p = paragraph(&body(&text), &by_count, 56, 4, 0);
        let lines = texts(&p);
        assert_eq!(lines[0], "甲".repeat(25));
        assert_eq!(lines[1], "甲，后文。");
        // Two marks in a row (。”) go down with the character before.
        let text = format!("{}。”后文", "乙".repeat(27));
        let lines = texts(&paragraph(&body(&text), &by_count, 56, 0, 0));
        assert_eq!(lines[0], "乙".repeat(26));
        assert_eq!(lines[1], "乙。”后文");
    }

    #[test]
    fn an_opening_mark_never_ends_a_line() {
        let text = format!("{}“引文”", "丙".repeat(27));
        let lines = texts(&paragraph(&body(&text), &by_count, 56, 0, 0));
        assert_eq!(lines[0], "丙".repeat(27));
        assert!(lines[1].starts_with('“'));
    }

    #[test]
    fn numbers_and_latin_words_take_half_cells_and_stay_whole() {
        let text = format!("{}于2025年3月1日施行，见Mutual Aid。", "丁".repeat(20));
        let p = paragraph(&body(&text), &by_count, 56, 0, 0);
        let lines = texts(&p);
        assert!(lines.iter().all(|l| cells(l) <= 56), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("2025")));
        let Line::Pieces(pieces) = &p.lines[0] else {
            panic!("{:?}", p.lines[0])
        };
        assert!(pieces.contains(&Piece::Boxed(Style::Body, "2025".into(), 4)));
    }

    #[test]
    fn guards_before_a_leading_mark_and_between_marks() {
        let p = paragraph(&body("（一）本会：“宗旨。”"), &by_count, 56, 0, 0);
        let Line::Pieces(pieces) = &p.lines[0] else {
            panic!("{:?}", p.lines[0])
        };
        let guard = Piece::Guard(0);
        let text = |t: &str| Piece::Text(Style::Body, t.into());
        assert_eq!(
            pieces,
            &[
                guard.clone(),
                text("（一）本会："),
                guard.clone(),
                text("“宗旨。"),
                guard,
                text("”")
            ]
        );
    }

    #[test]
    fn styles_and_the_gap_after_a_label() {
        let spans = [
            Span {
                style: Style::Heading1,
                text: "第一条",
            },
            Span {
                style: Style::Body,
                text: GAP,
            },
            Span {
                style: Style::Body,
                text: "本会名称。",
            },
        ];
        let p = paragraph(&spans, &by_count, 56, 4, 0);
        let Line::Pieces(pieces) = &p.lines[0] else {
            panic!()
        };
        assert_eq!(pieces[0], Piece::Text(Style::Heading1, "第一条".into()));
        assert_eq!(pieces[1], Piece::Boxed(Style::Body, String::new(), 1));
    }
}
