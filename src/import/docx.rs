//! DOCX reader: the text of each paragraph with the list label Word shows in
//! front of it, resolved from `word/numbering.xml` (abstract numberings,
//! `w:numFmt`, `w:lvlText`, `w:start`, `w:lvlRestart`, `w:lvlOverride`).
//! Table rows come out as one line of tab-separated cells.

use std::collections::HashMap;

use docx_rs::{
    AbstractNumbering, DocumentChild, Docx, Level, Paragraph, ParagraphChild, RunChild, Table,
    TableCellContent, TableChild, TableRowChild,
};

use crate::zh::{alpha, circled, zh_num};

/// Levels Word has per list.
const WORD_LEVELS: usize = 9;

/// Why a file could not be read as DOCX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxError(pub String);

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The paragraphs of a DOCX file as Word shows them: list labels included
/// (`第三条 `, `（二）`), a table row as its cells joined by tabs (with a
/// leading tab), a line break inside a paragraph as `\n`.
pub fn read_docx_paragraphs(bytes: &[u8]) -> Result<Vec<String>, DocxError> {
    // Measured by inflating it ourselves before the reader sees it: a zip
    // bomb or an absurdly nested document is refused, not tried.
    check_package(bytes)?;
    // The reader is third-party code: a malformed file must give an error
    // message, not a crash.
    // It runs on a thread of its own with a deadline: should it still loop
    // on some damage the checks above do not catch, the import fails (and
    // the process ends) instead of hanging.
    let owned = bytes.to_vec();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let result = std::panic::catch_unwind(|| docx_rs::read_docx(&owned));
        std::panic::set_hook(hook);
        let _ = send.send(result);
    });
    let docx = match receive.recv_timeout(READ_DEADLINE) {
        Ok(Ok(Ok(docx))) => docx,
        Ok(Ok(Err(err))) => return Err(DocxError(err.to_string())),
        Ok(Err(_)) => return Err(DocxError("the DOCX reader failed on this file".into())),
        Err(_) => {
            return Err(DocxError(
                "the DOCX reader did not finish: the file is damaged".into(),
            ));
        }
    };
    let mut reader = Reader::new(&docx);
    let mut out = Vec::new();
    for child in &docx.document.children {
        reader.child(child, &mut out);
    }
    Ok(out)
}

/// Largest part of a DOCX, inflated (a 20 MB regulation's document.xml is
/// well under it).
pub const PART_LIMIT: u64 = 128 * 1024 * 1024;
/// Largest DOCX, all parts inflated.
pub const PACKAGE_LIMIT: u64 = 256 * 1024 * 1024;
/// Longest the DOCX reader may take.
const READ_DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);
/// Most parts in a DOCX.
const ENTRY_LIMIT: usize = 10_000;
/// Deepest XML nesting read (a table in a table in a table … ; real
/// documents stay under 40).
pub const DEPTH_LIMIT: usize = 256;

/// Checks a DOCX before it is read: every part's size as it inflates (the
/// sizes the zip claims are not trusted) and the nesting of its XML.
fn check_package(bytes: &[u8]) -> Result<(), DocxError> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError(format!("not a DOCX (zip) file: {e}")))?;
    if archive.len() > ENTRY_LIMIT {
        return Err(DocxError(format!(
            "the file has {} parts; a DOCX has a few dozen",
            archive.len()
        )));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|e| DocxError(format!("a part cannot be read: {e}")))?;
        let name = entry.name().to_string();
        let mut data = Vec::new();
        (&mut entry)
            .take(PART_LIMIT + 1)
            .read_to_end(&mut data)
            .map_err(|e| DocxError(format!("{name} cannot be inflated: {e}")))?;
        if data.len() as u64 > PART_LIMIT {
            return Err(DocxError(format!(
                "{name} inflates to more than {} MB: refused",
                PART_LIMIT / (1024 * 1024)
            )));
        }
        total += data.len() as u64;
        if total > PACKAGE_LIMIT {
            return Err(DocxError(format!(
                "the document inflates to more than {} MB: refused",
                PACKAGE_LIMIT / (1024 * 1024)
            )));
        }
        if (name.ends_with(".xml") || name.ends_with(".rels"))
            && let Some(why) = xml_problem(&data)
        {
            return Err(DocxError(format!("{name} {why}: refused")));
        }
    }
    Ok(())
}

/// Why a part's XML is refused before the DOCX reader sees it, if it is.
fn xml_problem(xml: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > DEPTH_LIMIT {
                    return Some(format!("nests elements more than {DEPTH_LIMIT} deep"));
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            // An element left open at the end sends docx-rs round in circles.
            Ok(Event::Eof) if depth > 0 => return Some("ends inside an element".into()),
            Ok(Event::Eof) => return None,
            Err(err) => return Some(format!("is not well-formed XML ({err})")),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// A list's level overrides: level → (start override, level override).
type Overrides<'a> = HashMap<usize, (Option<usize>, Option<&'a Level>)>;

struct Reader<'a> {
    abstracts: HashMap<usize, &'a AbstractNumbering>,
    /// numId → (abstractNumId, its level overrides).
    nums: HashMap<usize, (usize, Overrides<'a>)>,
    /// Paragraph style → its numbering (numId, level).
    styles: HashMap<String, (Option<usize>, Option<usize>)>,
    /// Counters per list. Lists sharing an abstract numbering continue each
    /// other (as in Word) unless one restarts with a start override.
    counters: HashMap<(bool, usize), [Option<u64>; WORD_LEVELS]>,
}

impl<'a> Reader<'a> {
    fn new(docx: &'a Docx) -> Self {
        let abstracts = docx
            .numberings
            .abstract_nums
            .iter()
            .map(|a| (a.id, a))
            .collect();
        let nums = docx
            .numberings
            .numberings
            .iter()
            .map(|n| {
                let overrides = n
                    .level_overrides
                    .iter()
                    .map(|o| (o.level, (o.override_start, o.override_level.as_ref())))
                    .collect();
                (n.id, (n.abstract_num_id, overrides))
            })
            .collect();
        let styles = docx
            .styles
            .styles
            .iter()
            .filter_map(|s| {
                let np = s.paragraph_property.numbering_property.as_ref()?;
                Some((
                    s.style_id.clone(),
                    (
                        np.id.as_ref().map(|i| i.id),
                        np.level.as_ref().map(|l| l.val),
                    ),
                ))
            })
            .collect();
        Self {
            abstracts,
            nums,
            styles,
            counters: HashMap::new(),
        }
    }

    fn child(&mut self, child: &DocumentChild, out: &mut Vec<String>) {
        match child {
            DocumentChild::Paragraph(p) => out.extend(self.paragraph(p)),
            DocumentChild::Table(t) => self.table(t, out),
            DocumentChild::StructuredDataTag(sdt) => {
                for c in &sdt.children {
                    match c {
                        docx_rs::StructuredDataTagChild::Paragraph(p) => {
                            out.extend(self.paragraph(p))
                        }
                        docx_rs::StructuredDataTagChild::Table(t) => self.table(t, out),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn table(&mut self, table: &Table, out: &mut Vec<String>) {
        for TableChild::TableRow(row) in &table.rows {
            let mut cells = Vec::new();
            for TableRowChild::TableCell(cell) in &row.cells {
                let mut texts = Vec::new();
                for content in &cell.children {
                    match content {
                        TableCellContent::Paragraph(p) => texts.extend(self.paragraph(p)),
                        TableCellContent::Table(t) => {
                            let mut inner = Vec::new();
                            self.table(t, &mut inner);
                            texts.extend(inner);
                        }
                        _ => {}
                    }
                }
                cells.push(texts.join("").replace(['\t', '\n'], " "));
            }
            out.push(format!("\t{}", cells.join("\t")));
        }
    }

    /// The paragraph's text with its list label; `None` for nothing at all.
    fn paragraph(&mut self, p: &Paragraph) -> Option<String> {
        let mut text = String::new();
        children_text(&p.children, &mut text);
        let numbering = p.property.numbering_property.as_ref().map(|np| {
            (
                np.id.as_ref().map(|i| i.id),
                np.level.as_ref().map(|l| l.val),
            )
        });
        let from_style = p
            .property
            .style
            .as_ref()
            .and_then(|s| self.styles.get(&s.val).copied());
        let (num_id, level) = match (numbering, from_style) {
            (Some((Some(id), level)), style) => (Some(id), level.or(style.and_then(|s| s.1))),
            (Some((None, level)), Some((id, style_level))) => (id, level.or(style_level)),
            (None, Some((id, level))) => (id, level),
            _ => (None, None),
        };
        let label = num_id
            .filter(|id| *id != 0)
            .and_then(|id| self.label(id, level.unwrap_or(0)));
        match label {
            Some(label) if !label.is_empty() => Some(format!("{label}{text}")),
            _ if text.trim().is_empty() && p.children.is_empty() => Some(String::new()),
            _ => Some(text),
        }
    }

    /// Counts the paragraph in its list and returns the label Word shows,
    /// followed by a space (Word's tab or space after the number).
    fn label(&mut self, num_id: usize, ilvl: usize) -> Option<String> {
        if ilvl >= WORD_LEVELS {
            return None;
        }
        let (abstract_id, overrides) = self.nums.get(&num_id)?;
        let abstract_num = self.abstracts.get(abstract_id)?;
        let level_of = |l: usize| -> Option<&'a Level> {
            overrides
                .get(&l)
                .and_then(|(_, level)| *level)
                .or_else(|| abstract_num.levels.iter().find(|lv| lv.level == l))
        };
        let level = level_of(ilvl)?;
        let start_of = |l: usize| -> u64 {
            overrides
                .get(&l)
                .and_then(|(start, _)| *start)
                .map(|s| s as u64)
                .or_else(|| level_of(l).map(|lv| json_u64(&lv.start).unwrap_or(1)))
                .unwrap_or(1)
        };
        let restarted = overrides.values().any(|(start, _)| start.is_some());
        let key = if restarted {
            (true, num_id)
        } else {
            (false, *abstract_id)
        };
        let counters = self.counters.entry(key).or_insert([None; WORD_LEVELS]);
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n + 1,
            None => start_of(ilvl),
        });
        for (deeper, counter) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            // w:lvlRestart n: restart only after level n (1-based) or above;
            // 0: never. Without it, after any level above.
            let restart_after = level_of(deeper)
                .and_then(|lv| lv.level_restart.as_ref())
                .and_then(json_u64);
            let restart = match restart_after {
                None => true,
                Some(0) => false,
                Some(n) => (ilvl as u64) < n,
            };
            if restart {
                *counter = None;
            }
        }
        let counters = *counters;
        let format = level.format.val.as_str();
        if format == "bullet" {
            return None;
        }
        let legal = level.is_lgl.is_some();
        let pattern = serde_json::to_value(&level.text)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut label = String::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let l = d as usize - 1;
                let n = counters[l].unwrap_or_else(|| start_of(l));
                let fmt = if legal && l < ilvl {
                    "decimal"
                } else {
                    level_of(l)
                        .map(|lv| lv.format.val.as_str())
                        .unwrap_or("decimal")
                };
                label.push_str(&format_number(n, fmt));
                continue;
            }
            label.push(c);
        }
        if label.is_empty() {
            return Some(String::new());
        }
        let suffix = serde_json::to_value(&level.suffix)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        if suffix != "nothing" {
            label.push(' ');
        }
        Some(label)
    }
}

fn json_u64<T: serde::Serialize>(value: &T) -> Option<u64> {
    serde_json::to_value(value).ok().and_then(|v| v.as_u64())
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

fn run_text(children: &[RunChild], out: &mut String) {
    for child in children {
        match child {
            RunChild::Text(t) => out.push_str(&t.text),
            RunChild::Tab(_) | RunChild::PTab(_) => out.push('\t'),
            RunChild::Break(_) | RunChild::CarriageReturn(_) => out.push('\n'),
            _ => {}
        }
    }
}

fn children_text(children: &[ParagraphChild], out: &mut String) {
    for child in children {
        match child {
            ParagraphChild::Run(run) => run_text(&run.children, out),
            ParagraphChild::Insert(insert) => {
                for c in &insert.children {
                    if let docx_rs::InsertChild::Run(run) = c {
                        run_text(&run.children, out);
                    }
                }
            }
            ParagraphChild::Hyperlink(link) => children_text(&link.children, out),
            ParagraphChild::StructuredDataTag(sdt) => {
                for c in &sdt.children {
                    if let docx_rs::StructuredDataTagChild::Run(run) = c {
                        run_text(&run.children, out);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::{
        AbstractNumbering, IndentLevel, Level, LevelJc, LevelOverride, LevelText, NumberFormat,
        Numbering, NumberingId, Run, Start, TableCell, TableRow,
    };

    fn level(l: usize, format: &str, text: &str) -> Level {
        Level::new(
            l,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
    }

    fn para(text: &str, num: usize, lvl: usize) -> Paragraph {
        Paragraph::new()
            .add_run(Run::new().add_text(text))
            .numbering(NumberingId::new(num), IndentLevel::new(lvl))
    }

    fn pack(docx: Docx) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        docx.build()
            .pack(&mut buf)
            .unwrap_or_else(|e| panic!("{e}"));
        buf.into_inner()
    }

    #[test]
    fn resolves_chinese_list_numbering() {
        let docx = Docx::new()
            .add_abstract_numbering(
                AbstractNumbering::new(1)
                    .add_level(level(0, "chineseCounting", "%1、"))
                    .add_level(level(1, "chineseCounting", "（%2）"))
                    .add_level(level(2, "decimal", "%3."))
                    .add_level(level(3, "decimalEnclosedCircle", "%4")),
            )
            .add_abstract_numbering(AbstractNumbering::new(2).add_level(level(
                0,
                "chineseCountingThousand",
                "第%1条",
            )))
            .add_numbering(Numbering::new(1, 1))
            .add_numbering(Numbering::new(2, 2))
            .add_numbering(Numbering::new(3, 2).add_override(LevelOverride::new(0).start(5)))
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text("示范制度")))
            .add_paragraph(para("总则", 1, 0))
            .add_paragraph(para("公平。", 1, 1))
            .add_paragraph(para("守信。", 1, 1))
            .add_paragraph(para("按时。", 1, 2))
            .add_paragraph(para("准点。", 1, 3))
            .add_paragraph(para("服务", 1, 0))
            .add_paragraph(para("热情。", 1, 1))
            .add_paragraph(para("名称。", 2, 0))
            .add_paragraph(para("住所。", 2, 0))
            .add_paragraph(para("宗旨。", 3, 0))
            .add_table(Table::new(vec![TableRow::new(vec![
                TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("1"))),
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text("您满意吗？"))),
            ])]));
        let paragraphs = read_docx_paragraphs(&pack(docx)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            paragraphs,
            [
                "示范制度",
                "一、 总则",
                "（一） 公平。",
                "（二） 守信。",
                "1. 按时。",
                "① 准点。",
                "二、 服务",
                "（一） 热情。",
                "第一条 名称。",
                "第二条 住所。",
                "第五条 宗旨。",
                "\t1\t您满意吗？",
            ]
        );
    }

    #[test]
    fn not_a_docx_is_an_error() {
        assert!(read_docx_paragraphs(b"plain text, not a zip").is_err());
        assert!(read_docx_paragraphs(&[]).is_err());
    }

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
