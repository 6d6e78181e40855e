//! Reading a 修正案: its note (the meeting that adopted it) and its items,
//! full- or half-width punctuation alike. Places are kept as written; the
//! old version resolves them (see [`super::apply`]).

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc};
use crate::zh::parse_zh_num;

use super::Meeting;

/// A place as written, with where.
#[derive(Clone, Debug)]
pub struct Target {
    pub text: String,
    pub loc: Loc,
}

/// Where an insertion or a move goes, relative to a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    After,
    Before,
    /// At the end of a place (在第三章中增加一条).
    In,
}

/// What one item does.
#[derive(Clone, Debug)]
pub enum Change {
    /// 将名称修改为“……”
    Title(String),
    /// 将序言修改为：“……”
    Preamble(Vec<String>),
    /// 将第五条修改为：“……” (or 第五条第二款: one paragraph)
    Replace {
        target: Target,
        paragraphs: Vec<String>,
    },
    /// 将一、总体要求的正文修改为：“……”
    Body {
        target: Target,
        paragraphs: Vec<String>,
    },
    /// 第四章第二节的节名修改为“……”
    Rename { target: Target, title: String },
    /// 删去第八条、第九条。
    Delete { targets: Vec<Target> },
    /// 在第十条后增加一条，作为第十一条：“……”
    Insert {
        anchor: Target,
        side: Side,
        /// 条, 章, 节, 项, 款 …
        unit: String,
        paragraphs: Vec<String>,
    },
    /// 将第十条移至第十五条后，作为第十四条。
    Move {
        target: Target,
        anchor: Target,
        side: Side,
    },
    /// 将第五条表格第3行第2列修改为“……”
    Cell {
        target: Target,
        table: usize,
        row: usize,
        col: usize,
        text: String,
    },
    /// 删去第五条表格第3行、第4行。
    DeleteRows {
        target: Target,
        table: usize,
        rows: Vec<usize>,
    },
    /// 在第五条表格第3行后增加一行：“a｜b｜c”; `after` 0: before the first row.
    InsertRow {
        target: Target,
        table: usize,
        after: usize,
        cells: Vec<String>,
    },
    /// 将附件1的标题修改为“……”
    AppendixTitle { appendix: Target, text: String },
    /// 将附件1的说明修改为：“……”
    AppendixIntro {
        appendix: Target,
        paragraphs: Vec<String>,
    },
    /// 将附件1第3题修改为“……”
    Question {
        appendix: Target,
        number: usize,
        text: String,
    },
    /// 将附件2第2栏修改为“……”
    Field {
        appendix: Target,
        number: usize,
        text: String,
    },
}

/// An item with the place of its first line.
#[derive(Clone, Debug)]
pub struct Item {
    pub change: Change,
    pub loc: Loc,
}

/// A 修正案 as read.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub meeting: Option<Meeting>,
    pub items: Vec<Item>,
}

/// One line of the file: its text, made comparable, and its byte range.
struct Line<'t> {
    raw: &'t str,
    start: usize,
}

/// Reads `text`, registered in the source map as `file`. Lines that are
/// not items are errors, reported with their place.
pub fn parse(text: &str, file: FileId, diags: &mut Diagnostics) -> Parsed {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let trimmed = raw.trim_end_matches(['\n', '\r']);
        lines.push(Line {
            raw: trimmed,
            start,
        });
        start += raw.len();
    }
    let mut parsed = Parsed::default();
    let mut index = 0;
    let mut seen_item = false;
    while index < lines.len() {
        let line = &lines[index];
        let content = line.raw.trim();
        let lead = line.raw.len() - line.raw.trim_start().len();
        let loc = Loc::new(file, line.start + lead..line.start + line.raw.len());
        index += 1;
        if content.is_empty() {
            continue;
        }
        let Some(body) = item_body(content) else {
            if !seen_item {
                // The title, the note, a sentence introducing the items.
                if parsed.meeting.is_none()
                    && (content.starts_with('（') || content.starts_with('('))
                {
                    parsed.meeting = Meeting::parse(content);
                }
                continue;
            }
            if content.starts_with("此外")
                || content.starts_with("本修正案")
                || content.starts_with("本决定")
            {
                continue;
            }
            diags.push(
                Diagnostic::error(t!("amendment-bad-item"))
                    .at(&loc)
                    .label(t!("amendment-bad-item-label"))
                    .help(t!("amendment-bad-item-help")),
            );
            continue;
        };
        seen_item = true;
        let body = normalise_quotes(body, true);
        // The quotation, when the item has one: from its first “ to the
        // line that closes it (followed by no line opening with “).
        let quote_start = body.find('“');
        let mut head = body.clone();
        let mut quoted: Option<Vec<String>> = None;
        if let Some(open) = quote_start {
            head = body[..open].to_string();
            let mut paragraphs = vec![body[open + '“'.len_utf8()..].to_string()];
            let mut closed = closes(&paragraphs[0]) && !continues(&lines, index);
            while !closed && index < lines.len() {
                let next = normalise_quotes(lines[index].raw.trim(), false);
                index += 1;
                if next.is_empty() {
                    continue;
                }
                paragraphs.push(next.trim_start_matches('“').to_string());
                closed = closes(paragraphs.last().map_or("", String::as_str))
                    && !continues(&lines, index);
            }
            if !closed {
                diags.push(
                    Diagnostic::error(t!("amendment-unclosed"))
                        .at(&loc)
                        .label(t!("amendment-unclosed-label"))
                        .help(t!("amendment-unclosed-help")),
                );
                continue;
            }
            if let Some(last) = paragraphs.last_mut() {
                let cut = last
                    .strip_suffix("”。")
                    .or_else(|| last.strip_suffix('”'))
                    .unwrap_or(last)
                    .to_string();
                *last = cut;
            }
            quoted = Some(paragraphs);
        }
        match change(head.trim(), quoted, &loc) {
            Some(change) => parsed.items.push(Item { change, loc }),
            None => diags.push(
                Diagnostic::error(t!("amendment-bad-item"))
                    .at(&loc)
                    .label(t!("amendment-bad-item-label"))
                    .help(t!("amendment-bad-item-help")),
            ),
        }
    }
    parsed
}

/// The text after an item's number (一、, 十二、, 3、), if the line is an item.
fn item_body(line: &str) -> Option<&str> {
    let digits = line
        .char_indices()
        .take_while(|(_, c)| "一二三四五六七八九十百零〇".contains(*c) || c.is_ascii_digit())
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let rest = &line[digits..];
    let mark = rest.chars().next()?;
    if !"、，,.．".contains(mark) {
        return None;
    }
    let body = rest[mark.len_utf8()..].trim_start();
    let starts = ["将", "删去", "在", "第", "附件", "序言", "名称"];
    starts.iter().any(|s| body.starts_with(s)).then_some(body)
}

/// Typed quotation marks as the full-width ones: a " opening the first
/// quotation of an item, a " ending a line.
fn normalise_quotes(line: &str, head: bool) -> String {
    // A colon typed half-width before the quotation (修改为:"…").
    let quote = line.find(['“', '"']).unwrap_or(line.len());
    let mut out = format!("{}{}", line[..quote].replace(':', "："), &line[quote..]);
    if head
        && !out.contains('“')
        && let Some(at) = out.find('"')
    {
        out.replace_range(at..at + 1, "“");
    }
    if !head && out.starts_with('"') {
        out.replace_range(0..1, "“");
    }
    for ending in ["\"。", "\""] {
        if out.ends_with(ending) && !out.ends_with("“") {
            let at = out.len() - ending.len();
            out.replace_range(at..at + 1, "”");
            break;
        }
    }
    out
}

fn closes(text: &str) -> bool {
    text.ends_with('”') || text.ends_with("”。")
}

/// Whether the next non-blank line goes on with the quotation (opens with “).
fn continues(lines: &[Line], from: usize) -> bool {
    lines[from.min(lines.len())..]
        .iter()
        .map(|l| l.raw.trim())
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with('“') || l.starts_with('"'))
}

/// The item's change from its text before the quotation and the quoted paragraphs.
fn change(head: &str, quoted: Option<Vec<String>>, loc: &Loc) -> Option<Change> {
    let head = head.trim_end_matches(['。', '：']).trim();
    let target = |text: &str| Target {
        text: text.trim().to_string(),
        loc: loc.clone(),
    };
    let one = |quoted: &Option<Vec<String>>| quoted.as_ref().map(|q| q.join("\n"));
    if let Some(rest) = head.strip_prefix("删去") {
        return deletion(rest, &target);
    }
    if let Some(rest) = head.strip_prefix('在') {
        let (anchor, rest) = rest.split_once("增加一")?;
        let (anchor, side) = side_of(anchor)?;
        let unit: String = rest.chars().take_while(|c| !"，,：".contains(*c)).collect();
        let paragraphs = quoted?;
        if unit == "行" {
            let (name, row) = anchor.rsplit_once("第")?;
            let (table_target, table) = table_of(name)?;
            let row = number(row.trim_end_matches(['行', '前', '后']))?;
            let after = if side == Side::Before {
                row.saturating_sub(1)
            } else {
                row
            };
            let cells = paragraphs
                .join("")
                .split(['｜', '|'])
                .map(|c| c.trim().to_string())
                .collect();
            return Some(Change::InsertRow {
                target: target(table_target),
                table,
                after,
                cells,
            });
        }
        return Some(Change::Insert {
            anchor: target(anchor),
            side,
            unit,
            paragraphs,
        });
    }
    let rest = head.strip_prefix('将').unwrap_or(head);
    if let Some((moved, to)) = rest.split_once("移至") {
        let to = to.split(['，', ',']).next().unwrap_or(to);
        let (anchor, side) = side_of(to)?;
        return Some(Change::Move {
            target: target(moved),
            anchor: target(anchor),
            side,
        });
    }
    let subject = rest.strip_suffix("修改为")?.trim();
    if subject == "名称" {
        return Some(Change::Title(one(&quoted)?));
    }
    if subject == "序言" {
        return Some(Change::Preamble(quoted?));
    }
    if subject.starts_with("附件") {
        return appendix_change(subject, quoted, &target);
    }
    for word in ["的章名", "的节名", "的标题"] {
        if let Some(place) = subject.strip_suffix(word) {
            return Some(Change::Rename {
                target: target(place),
                title: one(&quoted)?,
            });
        }
    }
    if let Some(place) = subject.strip_suffix("的正文") {
        return Some(Change::Body {
            target: target(place),
            paragraphs: quoted?,
        });
    }
    if subject.contains("表格") && subject.ends_with('列') {
        let (name, cell) = subject.split_once("表格")?;
        let named = format!("{name}表格");
        let (prefix, table) = table_of(&named)?;
        let (row, col) = cell.trim_start_matches('第').split_once("行第")?;
        return Some(Change::Cell {
            target: target(prefix),
            table,
            row: number(row)?,
            col: number(col.trim_end_matches('列'))?,
            text: one(&quoted)?,
        });
    }
    Some(Change::Replace {
        target: target(subject),
        paragraphs: quoted?,
    })
}

/// 删去第八条、第九条 / 删去第五条表格第3行、第4行.
fn deletion(rest: &str, target: &dyn Fn(&str) -> Target) -> Option<Change> {
    let parts: Vec<&str> = rest
        .split(['、', '，', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    if parts[0].contains("表格") && parts[0].ends_with('行') {
        let (name, row) = parts[0].rsplit_once('第')?;
        let (prefix, table) = table_of(name)?;
        let mut rows = vec![number(row.trim_end_matches('行'))?];
        for part in &parts[1..] {
            rows.push(number(
                part.trim_start_matches('第').trim_end_matches('行'),
            )?);
        }
        return Some(Change::DeleteRows {
            target: target(prefix),
            table,
            rows,
        });
    }
    Some(Change::Delete {
        targets: parts.iter().map(|p| target(p)).collect(),
    })
}

/// 附件1的标题 / 附件1的说明 / 附件1第3题 / 附件2第2栏.
fn appendix_change(
    subject: &str,
    quoted: Option<Vec<String>>,
    target: &dyn Fn(&str) -> Target,
) -> Option<Change> {
    let one = quoted.as_ref().map(|q| q.join("\n"));
    if let Some(name) = subject.strip_suffix("的标题") {
        return Some(Change::AppendixTitle {
            appendix: target(name),
            text: one?,
        });
    }
    if let Some(name) = subject.strip_suffix("的说明") {
        return Some(Change::AppendixIntro {
            appendix: target(name),
            paragraphs: quoted?,
        });
    }
    let (name, which) = subject.rsplit_once('第')?;
    if let Some(n) = which.strip_suffix('题') {
        return Some(Change::Question {
            appendix: target(name),
            number: number(n)?,
            text: one?,
        });
    }
    let n = which.strip_suffix('栏')?;
    Some(Change::Field {
        appendix: target(name),
        number: number(n)?,
        text: one?,
    })
}

/// A place followed by 后, 前 or 中.
fn side_of(text: &str) -> Option<(&str, Side)> {
    let text = text.trim();
    if let Some(place) = text.strip_suffix('后') {
        Some((place, Side::After))
    } else if let Some(place) = text.strip_suffix('前') {
        Some((place, Side::Before))
    } else {
        text.strip_suffix('中').map(|place| (place, Side::In))
    }
}

/// `第五条表格` → (第五条, 0); `第五条第二个表格` → (第五条, 1).
fn table_of(name: &str) -> Option<(&str, usize)> {
    let name = name.trim().strip_suffix("表格")?;
    if let Some(prefix) = name.strip_suffix("个") {
        let (place, n) = prefix.rsplit_once('第')?;
        return Some((place, number(n)?.checked_sub(1)?));
    }
    Some((name, 0))
}

fn number(text: &str) -> Option<usize> {
    usize::try_from(parse_zh_num(text.trim())?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;

    fn read(text: &str) -> (Parsed, Diagnostics) {
        let sources = SourceMap::new();
        let file = sources.add(std::path::Path::new("a.txt"), text);
        let mut diags = Diagnostics::new();
        (parse(text, file, &mut diags), diags)
    }

    #[test]
    fn items_in_the_statutory_style() {
        let text = "《某制度》修正案\n（2026年3月1日第二届理事会第五次会议通过）\n\n\
            一、将第五条修改为：“第五条　新的文字。\n“第二段。”\n\
            二、删去第八条、第九条。\n\
            三、在第十条后增加一条，作为第十一条：“第十一条　新增。”\n\
            四、第四章第二节的节名修改为\"新节名\"\n\
            五、将第3条移至第6条后，作为第六条。\n\
            六、将第五条表格第3行第2列修改为“两日”。\n\
            此外，对条款顺序作相应调整。\n";
        let (parsed, diags) = read(text);
        assert!(!diags.has_errors(), "{:?}", diags.list);
        assert_eq!(parsed.items.len(), 6);
        assert!(parsed.meeting.is_some());
        match &parsed.items[0].change {
            Change::Replace { target, paragraphs } => {
                assert_eq!(target.text, "第五条");
                assert_eq!(paragraphs, &["第五条　新的文字。", "第二段。"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&parsed.items[1].change, Change::Delete { targets } if targets.len() == 2)
        );
        assert!(
            matches!(&parsed.items[2].change, Change::Insert { side: Side::After, unit, .. } if unit == "条")
        );
        assert!(
            matches!(&parsed.items[3].change, Change::Rename { title, .. } if title == "新节名")
        );
        assert!(matches!(&parsed.items[4].change, Change::Move { .. }));
        assert!(
            matches!(&parsed.items[5].change, Change::Cell { row: 3, col: 2, text, .. } if text == "两日")
        );
    }

    #[test]
    fn a_line_that_is_no_item_is_an_error_at_its_line() {
        let (_, diags) = read("一、删去第八条。\n二、把第五条改一改\n");
        assert!(diags.has_errors());
        let (_, diags) = read("一、将第五条修改为：“不完\n");
        assert!(diags.has_errors());
    }
}
