//! An HTML table inside Markdown (`<table>…</table>`, as legal databases and
//! converters write merged cells): rows, `<th>`/`<td>` cells with their
//! `rowspan` and `colspan`, header rows from `<thead>` or rows of `<th>`.
//! Tolerant of what hand-written HTML leaves out (closing tags, quotes).

use super::tables::{Cell, RawLine, Table};

/// At most this many lines from `<table` to `</table>`: a block that does
/// not close by then is left as text.
const MAX_LINES: usize = 5_000;
/// Spans beyond these are a damaged table, not a layout.
const MAX_SPAN: u32 = 64;

/// The first line at or after a position that closes a table, remembered:
/// many `<table` lines before one far `</table` (or none) cost one scan.
#[derive(Default)]
pub struct Closings {
    /// The last answer: the first closing line at or after where it was
    /// asked (None: there is none).
    known: Option<Option<usize>>,
}

impl Closings {
    fn first_from(&mut self, lines: &[RawLine], from: usize) -> Option<usize> {
        if let Some(known) = self.known
            && known.is_none_or(|close| close >= from)
        {
            return known;
        }
        let found = lines[from..]
            .iter()
            .position(|l| has_tag(&l.text, "</table"))
            .map(|at| from + at);
        self.known = Some(found);
        found
    }

    /// The lines changed (a table was put in their place): ask again.
    pub fn forget(&mut self) {
        self.known = None;
    }
}

/// Whether `text` holds `tag` (lower case), in any case.
fn has_tag(text: &str, tag: &str) -> bool {
    text.as_bytes()
        .windows(tag.len())
        .any(|w| w.eq_ignore_ascii_case(tag.as_bytes()))
}

/// The HTML table starting at `start`: (end, table).
pub fn html_table(
    lines: &[RawLine],
    start: usize,
    closings: &mut Closings,
) -> Option<(usize, Table)> {
    let first = lines.get(start)?;
    let opening = first.text.trim_start().as_bytes();
    if !opening
        .get(..6)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"<table"))
    {
        return None;
    }
    let close = closings.first_from(lines, start)?;
    if close - start >= MAX_LINES {
        return None;
    }
    let end = close + 1;
    let html: Vec<&str> = lines[start..end].iter().map(|l| l.text.as_str()).collect();
    let (mut rows, header_rows) = parse(&html.join("\n"));
    if rows.is_empty() {
        return None;
    }
    // A span past the last row or past the grid cannot be laid out.
    let count = rows.len();
    for (r, row) in rows.iter_mut().enumerate() {
        for cell in row.iter_mut() {
            let left = u32::try_from(count - r).unwrap_or(MAX_SPAN);
            cell.rowspan = cell.rowspan.clamp(1, left.min(MAX_SPAN));
            cell.colspan = cell.colspan.clamp(1, MAX_SPAN);
        }
    }
    Some((
        end,
        Table {
            rows,
            header_rows: header_rows.min(count.saturating_sub(1)),
            widths: Vec::new(),
            align: Vec::new(),
            line: first.no,
            caption: None,
            from: "an HTML table in Markdown (rowspan and colspan kept)",
        },
    ))
}

/// (rows, header rows) of the first table in `html`.
fn parse(html: &str) -> (Vec<Vec<Cell>>, usize) {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row: Option<Vec<Cell>> = None;
    let mut cell: Option<(Cell, bool)> = None;
    let mut in_head = false;
    let mut head_rows = 0;
    // Rows made only of <th> at the top count as header rows too.
    let mut th_rows = 0;
    let mut th_only = true;
    let finish_cell = |row: &mut Option<Vec<Cell>>, cell: &mut Option<(Cell, bool)>| {
        if let Some((mut c, _)) = cell.take() {
            c.text = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
            row.get_or_insert_with(Vec::new).push(c);
        }
    };
    let mut rest = html;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if let Some((c, _)) = &mut cell {
                c.text.push_str(&decode(rest));
            }
            break;
        };
        if let Some((c, _)) = &mut cell {
            c.text.push_str(&decode(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let close = after.find('>').unwrap_or(after.len());
        let tag = &after[..close];
        rest = after.get(close + 1..).unwrap_or("");
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("thead", open) => in_head = !open,
            ("tr", false) | ("tr", true) => {
                finish_cell(&mut row, &mut cell);
                if let Some(done) = row.take().filter(|r| !r.is_empty()) {
                    let all_th = th_only;
                    rows.push(done);
                    if in_head {
                        head_rows = rows.len();
                    } else if all_th && th_rows + 1 == rows.len() {
                        th_rows = rows.len();
                    }
                }
                th_only = true;
                if !closing {
                    row = Some(Vec::new());
                }
            }
            ("td" | "th", false) => {
                finish_cell(&mut row, &mut cell);
                th_only &= name == "th";
                let mut c = Cell::plain("");
                c.rowspan = attribute(tag, "rowspan").unwrap_or(1);
                c.colspan = attribute(tag, "colspan").unwrap_or(1);
                cell = Some((c, name == "th"));
            }
            ("td" | "th", true) => finish_cell(&mut row, &mut cell),
            ("br" | "p" | "div" | "li", _) => {
                if let Some((c, _)) = &mut cell {
                    c.text.push(' ');
                }
            }
            ("table", true) => break,
            _ => {}
        }
    }
    finish_cell(&mut row, &mut cell);
    if let Some(done) = row.take().filter(|r| !r.is_empty()) {
        rows.push(done);
    }
    (rows, head_rows.max(th_rows))
}

/// `rowspan="2"`, `rowspan='2'` or `rowspan=2` in a tag.
fn attribute(tag: &str, name: &str) -> Option<u32> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(name)? + name.len();
    let value = lower[at..].trim_start().strip_prefix('=')?.trim_start();
    let digits: String = value
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The text of HTML: its common entities decoded.
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let entity = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .map(|semi| &after[..semi]);
        let decoded = entity.and_then(|e| match e {
            "nbsp" => Some(' '),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (decoded, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e.len() + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<RawLine> {
        text.lines()
            .enumerate()
            .map(|(i, l)| RawLine::new(i + 1, l))
            .collect()
    }

    #[test]
    fn many_unclosed_openings_cost_one_scan() {
        let input = lines(&"<table><tr><td>x\n".repeat(20_000));
        let mut closings = Closings::default();
        for start in 0..input.len() {
            assert!(html_table(&input, start, &mut closings).is_none());
        }
    }

    #[test]
    fn rows_cells_spans_and_header() {
        let input = lines(
            "<table>\n<thead><tr><th rowspan=\"2\">项目</th><th colspan='2'>标准</th></tr>\n\
             <tr><th>上限</th><th>下限</th></tr></thead>\n\
             <tr><td>温度&nbsp;℃</td><td>30</td><td>10</td></tr>\n</table>\n后文",
        );
        let (end, table) =
            html_table(&input, 0, &mut Closings::default()).unwrap_or_else(|| panic!("a table"));
        assert_eq!(end, 5);
        assert_eq!(table.header_rows, 2);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0][0].rowspan, 2);
        assert_eq!(table.rows[0][1].colspan, 2);
        assert_eq!(table.rows[2][0].text, "温度 ℃");
    }

    #[test]
    fn unclosed_cells_and_spans_past_the_end_are_mended() {
        let input = lines("<TABLE><tr><td>甲<td rowspan=9>乙<tr><td>丙</table>");
        let (_, table) =
            html_table(&input, 0, &mut Closings::default()).unwrap_or_else(|| panic!("a table"));
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].len(), 2);
        assert_eq!(table.rows[0][1].rowspan, 2, "clamped to the rows left");
        assert_eq!(table.header_rows, 0);
        assert!(
            html_table(
                &lines("<table><tr><td>never closed"),
                0,
                &mut Closings::default()
            )
            .is_none()
        );
        assert_eq!(decode("a&amp;b&#x4e00;&#20108;&bogus"), "a&b一二&bogus");
    }
}
