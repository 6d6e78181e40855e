//! Answers in Office files: the content controls of a filled DOCX form and
//! the first sheet of an XLSX export. Both are read as streams of XML events
//! (no tree, no recursion), from parts whose inflated size is bounded.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::docx_form::{CHOOSE, WRITE_HERE};
use super::error::FormError;
use super::form::{FilledForm, IDENTITY_FIELD};
use crate::hygiene::xml_escape;

/// Largest inflated part read (a zip bomb stops here).
const PART_LIMIT: u64 = 32 << 20;
/// Cells of a sheet read at most.
const MAX_CELLS: usize = 2_000_000;

/// One part of an OOXML package, if present.
pub fn part(bytes: &[u8], name: &str) -> Result<Option<Vec<u8>>, FormError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(FormError::library)?;
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(FormError::library(e)),
    };
    let mut data = Vec::new();
    file.take(PART_LIMIT + 1)
        .read_to_end(&mut data)
        .map_err(FormError::library)?;
    if data.len() as u64 > PART_LIMIT {
        return Err(FormError::PartTooLarge {
            part: name.to_string(),
            megabytes: PART_LIMIT >> 20,
        });
    }
    Ok(Some(data))
}

/// What kind of package a zip is.
pub fn is_docx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes))
        .map(|mut a| a.by_name("word/document.xml").is_ok())
        .unwrap_or(false)
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The tagged content controls of a DOCX and their text (a control still
/// showing its placeholder is empty; a checkbox is its state), and the
/// `CharterForm` custom property.
pub fn read_docx(bytes: &[u8]) -> Result<FilledForm, FormError> {
    let document = part(bytes, "word/document.xml")?.ok_or_else(|| FormError::PartMissing {
        part: "word/document.xml".into(),
    })?;
    let mut form = FilledForm::default();
    if let Some(custom) = part(bytes, "docProps/custom.xml")? {
        form.identity = custom_property(&custom, "CharterForm");
    }
    struct Control {
        tag: Option<String>,
        placeholder: bool,
        checked: Option<bool>,
        in_content: bool,
        text: String,
    }
    let mut stack: Vec<Control> = Vec::new();
    let mut reader = Reader::from_reader(document.as_slice());
    let mut buf = Vec::new();
    let mut in_text = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| FormError::in_part("word/document.xml", e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match local(e.name().as_ref()) {
                    b"sdt" if !empty => {
                        if stack.len() > 64 {
                            return Err(FormError::ControlsNestedTooDeep);
                        }
                        stack.push(Control {
                            tag: None,
                            placeholder: false,
                            checked: None,
                            in_content: false,
                            text: String::new(),
                        });
                    }
                    b"tag" => {
                        if let Some(c) = stack.last_mut().filter(|c| !c.in_content) {
                            c.tag = attr(e, b"val");
                        }
                    }
                    b"showingPlcHdr" => {
                        if let Some(c) = stack.last_mut().filter(|c| !c.in_content) {
                            c.placeholder =
                                attr(e, b"val").is_none_or(|v| v != "0" && v != "false");
                        }
                    }
                    b"checked" => {
                        if let Some(c) = stack.last_mut().filter(|c| !c.in_content) {
                            c.checked =
                                Some(attr(e, b"val").is_none_or(|v| v == "1" || v == "true"));
                        }
                    }
                    b"sdtContent" if !empty => {
                        if let Some(c) = stack.last_mut() {
                            c.in_content = true;
                        }
                    }
                    b"t" => in_text = !empty,
                    b"br" | b"cr" => {
                        if let Some(c) = stack.last_mut().filter(|c| c.in_content) {
                            c.text.push('\n');
                        }
                    }
                    b"tab" => {
                        if let Some(c) = stack.last_mut().filter(|c| c.in_content) {
                            c.text.push('\t');
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                if let Some(c) = stack.last_mut().filter(|c| c.in_content) {
                    let text = t.decode().map_err(FormError::library)?;
                    if c.text.len() < 1 << 20 {
                        c.text.push_str(&text);
                    }
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = stack.last_mut().filter(|c| c.in_content) {
                    let name = r.decode().map_err(FormError::library)?;
                    if let Some(ch) = entity(&name) {
                        c.text.push(ch);
                    }
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                b"t" => in_text = false,
                b"p" => {
                    if let Some(c) = stack
                        .last_mut()
                        .filter(|c| c.in_content && !c.text.is_empty())
                    {
                        c.text.push('\n');
                    }
                }
                b"sdt" => {
                    if let Some(c) = stack.pop()
                        && let Some(tag) = c.tag
                    {
                        let text = match c.checked {
                            Some(true) => "1".to_string(),
                            Some(false) => String::new(),
                            None if c.placeholder => String::new(),
                            None => c.text.trim().to_string(),
                        };
                        // A placeholder left as typed text is no answer.
                        let text = if text == CHOOSE || text == WRITE_HERE {
                            String::new()
                        } else {
                            text
                        };
                        if tag == IDENTITY_FIELD && form.identity.is_none() {
                            form.identity = Some(text.clone());
                        }
                        form.values.push((tag, text));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(form)
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let code = name.strip_prefix('#')?;
            let n = match code.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(n)
        }
    }
}

/// A custom document property's text by name.
fn custom_property(xml: &[u8], wanted: &str) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut inside = false;
    let mut value = String::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if local(e.name().as_ref()) == b"property" => {
                inside = attr(&e, b"name").as_deref() == Some(wanted);
            }
            Event::Text(t) if inside => {
                value.push_str(&t.decode().ok()?);
            }
            Event::End(e) if local(e.name().as_ref()) == b"property" && inside => {
                return Some(value);
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The first worksheet of an XLSX as rows of cell texts (row numbers as in
/// the sheet: a missing row is an empty one), for the CSV tally.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, FormError> {
    let shared = match part(bytes, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let sheet_name = first_sheet(bytes)?;
    let sheet = part(bytes, &sheet_name)?.ok_or_else(|| FormError::PartMissing {
        part: sheet_name.clone(),
    })?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut reader = Reader::from_reader(sheet.as_slice());
    let mut buf = Vec::new();
    let mut cells = 0usize;
    // The cell being read: its column, type, and text.
    let mut cell: Option<(usize, String, String)> = None;
    let mut in_value = false;
    let mut row_index = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| FormError::in_part(&sheet_name, e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match local(e.name().as_ref()) {
                b"row" => {
                    row_index = attr(e, b"r")
                        .and_then(|r| r.parse::<usize>().ok())
                        .unwrap_or(row_index + 1);
                }
                b"c" => {
                    let column = attr(e, b"r")
                        .map(|r| column_index(&r))
                        .unwrap_or_else(|| rows.get(row_index.wrapping_sub(1)).map_or(0, Vec::len));
                    let kind = attr(e, b"t").unwrap_or_default();
                    cell = Some((column, kind, String::new()));
                    cells += 1;
                    if cells > MAX_CELLS {
                        return Err(FormError::TooManyCells { max: MAX_CELLS });
                    }
                    if row_index == 0 || row_index > 1_000_000 || column > 16_384 {
                        return Err(FormError::CellOutsideSheet { row: row_index });
                    }
                }
                b"v" | b"t" => in_value = !matches!(event, Event::Empty(_)),
                _ => {}
            },
            Event::Text(t) if in_value => {
                if let Some((_, _, text)) = cell.as_mut() {
                    let raw = t.decode().map_err(FormError::library)?;
                    text.push_str(&raw);
                }
            }
            Event::GeneralRef(r) if in_value => {
                if let Some((_, _, text)) = cell.as_mut() {
                    let name = r.decode().map_err(FormError::library)?;
                    if let Some(ch) = entity(&name) {
                        text.push(ch);
                    }
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                b"v" | b"t" => in_value = false,
                b"c" => {
                    if let Some((column, kind, text)) = cell.take() {
                        let value = match kind.as_str() {
                            "s" => text
                                .trim()
                                .parse::<usize>()
                                .ok()
                                .and_then(|i| shared.get(i).cloned())
                                .unwrap_or_default(),
                            _ => text,
                        };
                        while rows.len() < row_index {
                            rows.push(Vec::new());
                        }
                        let row = &mut rows[row_index - 1];
                        while row.len() <= column {
                            row.push(String::new());
                        }
                        row[column] = value;
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(rows)
}

/// `B12` → 1 (0-based column).
fn column_index(reference: &str) -> usize {
    let mut n = 0usize;
    for c in reference.chars().take_while(char::is_ascii_alphabetic) {
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
        if n > 100_000 {
            break;
        }
    }
    n.saturating_sub(1)
}

fn shared_strings(xml: &[u8]) -> Result<Vec<String>, FormError> {
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    // Phonetic runs (<rPh>) are not part of the text.
    let mut in_phonetic = false;
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| FormError::in_part("xl/sharedStrings.xml", e))?
        {
            Event::Start(e) => match local(e.name().as_ref()) {
                b"si" => current = Some(String::new()),
                b"rPh" => in_phonetic = true,
                b"t" if !in_phonetic => in_text = true,
                _ => {}
            },
            Event::Empty(e) if local(e.name().as_ref()) == b"si" => out.push(String::new()),
            Event::Text(t) if in_text => {
                if let Some(s) = current.as_mut() {
                    s.push_str(&t.decode().map_err(FormError::library)?);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(s) = current.as_mut() {
                    let name = r.decode().map_err(FormError::library)?;
                    if let Some(ch) = entity(&name) {
                        s.push(ch);
                    }
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                b"t" => in_text = false,
                b"rPh" => in_phonetic = false,
                b"si" => {
                    out.push(current.take().unwrap_or_default());
                    if out.len() > MAX_CELLS {
                        return Err(FormError::TooManySharedStrings);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The part of the workbook's first sheet (`xl/worksheets/sheet1.xml` as a rule).
fn first_sheet(bytes: &[u8]) -> Result<String, FormError> {
    let fallback = "xl/worksheets/sheet1.xml".to_string();
    let (Some(workbook), Some(rels)) = (
        part(bytes, "xl/workbook.xml")?,
        part(bytes, "xl/_rels/workbook.xml.rels")?,
    ) else {
        return Ok(fallback);
    };
    let mut first_id = None;
    let mut reader = Reader::from_reader(workbook.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(FormError::library)?
        {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == b"sheet" => {
                first_id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref().ends_with(b":id"))
                    .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()));
                break;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let Some(id) = first_id else {
        return Ok(fallback);
    };
    let mut reader = Reader::from_reader(rels.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(FormError::library)?
        {
            Event::Start(e) | Event::Empty(e)
                if local(e.name().as_ref()) == b"Relationship"
                    && attr(&e, b"Id").as_deref() == Some(id.as_str()) =>
            {
                let target = attr(&e, b"Target").unwrap_or_default();
                let target = target.trim_start_matches('/');
                return Ok(if target.starts_with("xl/") {
                    target.to_string()
                } else {
                    format!("xl/{target}")
                });
            }
            Event::Eof => return Ok(fallback),
            _ => {}
        }
        buf.clear();
    }
}

/// An XLSX with one sheet holding `header` in bold as its first row (the
/// answer sheet to fill). Inline strings, fixed timestamps: same header,
/// same bytes.
pub fn write_xlsx(header: &[String]) -> Result<Vec<u8>, FormError> {
    let mut row = String::new();
    for (i, name) in header.iter().enumerate() {
        row.push_str(&format!(
            "<c r=\"{}1\" t=\"inlineStr\" s=\"1\"><is><t>{}</t></is></c>",
            column_name(i),
            xml_escape(name)
        ));
    }
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><cols><col min=\"1\" max=\"{}\" width=\"24\" customWidth=\"1\"/></cols><sheetData><row r=\"1\">{row}</row></sheetData></worksheet>",
        header.len().max(1)
    );
    let mut parts = std::collections::BTreeMap::new();
    let put = |parts: &mut std::collections::BTreeMap<String, Vec<u8>>, name: &str, text: &str| {
        parts.insert(name.to_string(), text.as_bytes().to_vec());
    };
    put(
        &mut parts,
        "[Content_Types].xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>",
    );
    put(
        &mut parts,
        "_rels/.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
    );
    put(
        &mut parts,
        "xl/workbook.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"答卷\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
    );
    put(
        &mut parts,
        "xl/_rels/workbook.xml.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>",
    );
    put(
        &mut parts,
        "xl/styles.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><fonts count=\"2\"><font><sz val=\"11\"/><name val=\"宋体\"/></font><font><b/><sz val=\"11\"/><name val=\"宋体\"/></font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>",
    );
    put(&mut parts, "xl/worksheets/sheet1.xml", &sheet);
    crate::backend::docx::package::Package { parts }
        .write()
        .map_err(FormError::library)
}

fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_and_indices() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_index("AA3"), 26);
        assert_eq!(column_index("C7"), 2);
    }

    #[test]
    fn the_template_reads_back() {
        let header = vec!["overall".to_string(), "1.您对服务态度的评价".to_string()];
        let bytes = write_xlsx(&header).unwrap_or_default();
        assert_eq!(read_xlsx(&bytes), Ok(vec![header]));
    }

    /// A part that inflates past the limit is refused, not read whole.
    #[test]
    fn a_zip_bomb_is_refused() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let _ = zip.start_file("word/document.xml", options);
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..40 {
            let _ = zip.write_all(&zeros);
        }
        let bytes = zip.finish().map(|c| c.into_inner()).unwrap_or_default();
        assert!(bytes.len() < 1 << 20, "the bomb is small: {}", bytes.len());
        assert!(read_docx(&bytes).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Damaged packages are read or refused, never a panic.
        #[test]
        fn a_damaged_package_is_read_or_refused(
            at in 0usize..100_000,
            byte in proptest::prelude::any::<u8>()
        ) {
            let header = vec!["q1".to_string(), "活动名称".to_string()];
            let mut bytes = write_xlsx(&header).unwrap_or_default();
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            let _ = read_xlsx(&bytes);
            let _ = read_docx(&bytes);
        }
    }
}
