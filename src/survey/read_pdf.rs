//! The field values of a filled PDF form (AcroForm), read without trusting
//! the file: every object the file defines is found by scanning for
//! `N G obj` (and inside object streams), the latest definition of a number
//! winning as an incremental update intends, so a broken or missing
//! cross-reference table does not matter. Work is bounded: the file's size
//! (read_bounded), the objects, the nesting depth, the bytes inflated.

use std::collections::BTreeMap;
use std::io::Read;

use super::form::{FilledForm, IDENTITY_FIELD};
use super::pdf_syntax::{Obj, Parser, find};

const MAX_OBJECTS: usize = 200_000;
const MAX_INFLATED: u64 = 64 << 20;
const MAX_PARENTS: usize = 16;
const MAX_TOKENS: usize = 20_000_000;

/// Why a PDF gave no form.
#[derive(Debug, PartialEq)]
pub enum PdfError {
    NotPdf,
    Encrypted,
    TooLarge,
}

/// The form's values by full field name.
pub fn read(bytes: &[u8]) -> Result<FilledForm, PdfError> {
    if !bytes.starts_with(b"%PDF-")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err(PdfError::NotPdf);
    }
    let objects = scan(bytes)?;
    if bytes.windows(8).any(|w| w == b"/Encrypt") {
        let encrypted =
            objects.values().any(|o| o.get(b"Encrypt").is_some()) || trailers_encrypted(bytes);
        if encrypted {
            return Err(PdfError::Encrypted);
        }
    }
    let mut form = FilledForm::default();
    for obj in objects.values() {
        let Some(Obj::Str(_)) = obj.get(b"T") else {
            continue;
        };
        let name = full_name(obj, &objects);
        let value = match obj.get(b"V") {
            Some(Obj::Name(n)) => String::from_utf8_lossy(n).into_owned(),
            Some(Obj::Str(s)) => text_string(s),
            Some(Obj::Array(items)) => items
                .iter()
                .filter_map(|i| match i {
                    Obj::Str(s) => Some(text_string(s)),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        };
        if name == IDENTITY_FIELD {
            form.identity = Some(value.clone());
        }
        form.values.push((name, value));
    }
    form.values.sort();
    form.values.dedup_by(|a, b| a.0 == b.0);
    Ok(form)
}

/// Whether a classic `trailer << … >>` names an /Encrypt dictionary.
fn trailers_encrypted(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"trailer") {
        let mut parser = Parser {
            bytes,
            pos: at + found + 7,
            budget: 10_000,
        };
        if let Some(obj) = parser.object(0)
            && obj.get(b"Encrypt").is_some()
        {
            return true;
        }
        at += found + 7;
    }
    false
}

/// `parent.child` as PDF readers name a field.
fn full_name(obj: &Obj, objects: &BTreeMap<u32, Obj>) -> String {
    let mut parts = Vec::new();
    let mut current = obj;
    for _ in 0..MAX_PARENTS {
        if let Some(Obj::Str(t)) = current.get(b"T") {
            parts.push(text_string(t));
        }
        match current.get(b"Parent") {
            Some(Obj::Ref(n)) => match objects.get(n) {
                Some(parent) => current = parent,
                None => break,
            },
            _ => break,
        }
    }
    parts.reverse();
    parts.join(".")
}

/// A PDF text string: UTF-16BE with its mark, UTF-8 with its mark, or
/// PDFDocEncoding (read as Latin-1, which it equals for what forms hold).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Every object the file defines, by number; later definitions win.
fn scan(bytes: &[u8]) -> Result<BTreeMap<u32, Obj>, PdfError> {
    let mut found: BTreeMap<u32, Obj> = BTreeMap::new();
    let mut streams = Vec::new();
    let mut count = 0usize;
    let mut at = 0;
    let mut inflated_total = 0u64;
    // Tokens for the whole file: many small objects cost as much as one big one.
    let mut tokens = MAX_TOKENS;
    while let Some(offset) = find(&bytes[at..], b"obj") {
        let pos = at + offset;
        at = pos + 3;
        // `obj` must follow "N G " and be followed by a delimiter.
        if bytes
            .get(pos + 3)
            .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        let Some(number) = header_number(bytes, pos) else {
            continue;
        };
        count += 1;
        if count > MAX_OBJECTS {
            return Err(PdfError::TooLarge);
        }
        let given = tokens.min(1_000_000);
        let mut parser = Parser {
            bytes,
            pos: pos + 3,
            budget: given,
        };
        let parsed = parser.object(0);
        tokens -= given - parser.budget;
        if tokens == 0 {
            return Err(PdfError::TooLarge);
        }
        let Some(obj) = parsed else {
            continue;
        };
        let obj = match obj {
            Obj::Dict(entries) => match parser.stream_data(&entries) {
                Some(range) => {
                    at = range.end;
                    Obj::Stream(entries, range)
                }
                None => Obj::Dict(entries),
            },
            other => other,
        };
        if let Obj::Stream(entries, range) = &obj
            && matches!(
                Obj::Dict(entries.clone()).get(b"Type"),
                Some(Obj::Name(n)) if n == b"ObjStm"
            )
        {
            streams.push((number, entries.clone(), range.clone()));
        }
        found.insert(number, obj);
    }
    // Objects inside object streams, unless the file defines them plainly
    // (a plain definition comes from a later update or is the same object).
    for (_, entries, range) in streams {
        let dict = Obj::Dict(entries);
        let data = match inflate(
            &dict,
            &bytes[range],
            MAX_INFLATED.saturating_sub(inflated_total),
        ) {
            Some(data) => data,
            None => continue,
        };
        inflated_total += data.len() as u64;
        let n = match dict.get(b"N") {
            Some(Obj::Int(n)) if *n >= 0 => *n as usize,
            _ => continue,
        };
        let first = match dict.get(b"First") {
            Some(Obj::Int(f)) if *f >= 0 => *f as usize,
            _ => continue,
        };
        let mut header = Parser {
            bytes: &data,
            pos: 0,
            budget: 1_000_000,
        };
        let mut pairs = Vec::new();
        for _ in 0..n.min(MAX_OBJECTS) {
            match (header.object(0), header.object(0)) {
                (Some(Obj::Int(num)), Some(Obj::Int(off))) if num >= 0 && off >= 0 => {
                    pairs.push((num as u32, off as usize))
                }
                _ => break,
            }
        }
        for (num, off) in pairs {
            count += 1;
            if count > MAX_OBJECTS {
                return Err(PdfError::TooLarge);
            }
            let given = tokens.min(1_000_000);
            let mut parser = Parser {
                bytes: &data,
                pos: first.saturating_add(off),
                budget: given,
            };
            let parsed = parser.object(0);
            tokens -= given - parser.budget;
            if tokens == 0 {
                return Err(PdfError::TooLarge);
            }
            if let Some(obj) = parsed {
                found.entry(num).or_insert(obj);
            }
        }
    }
    Ok(found)
}

/// The object number of `N G obj` whose `obj` keyword is at `pos`.
fn header_number(bytes: &[u8], pos: usize) -> Option<u32> {
    let mut i = pos;
    let skip_space = |i: &mut usize| {
        while *i > 0 && bytes[*i - 1].is_ascii_whitespace() {
            *i -= 1;
        }
    };
    let digits = |i: &mut usize| -> Option<std::ops::Range<usize>> {
        let end = *i;
        while *i > 0 && bytes[*i - 1].is_ascii_digit() {
            *i -= 1;
        }
        (*i < end && end - *i <= 10).then_some(*i..end)
    };
    skip_space(&mut i);
    digits(&mut i)?;
    let before = i;
    skip_space(&mut i);
    if i == before {
        return None;
    }
    let number = digits(&mut i)?;
    if i > 0 && !bytes[i - 1].is_ascii_whitespace() {
        return None;
    }
    std::str::from_utf8(&bytes[number]).ok()?.parse().ok()
}

/// A stream's data, inflated if it is FlateDecode (the only filter object
/// streams use in practice), at most `limit` bytes.
fn inflate(dict: &Obj, data: &[u8], limit: u64) -> Option<Vec<u8>> {
    let filter = match dict.get(b"Filter") {
        None => None,
        Some(Obj::Name(n)) => Some(n.clone()),
        Some(Obj::Array(items)) if items.len() == 1 => match &items[0] {
            Obj::Name(n) => Some(n.clone()),
            _ => return None,
        },
        _ => return None,
    };
    if dict.get(b"DecodeParms").is_some() {
        return None;
    }
    match filter.as_deref() {
        None => Some(data.to_vec()),
        Some(b"FlateDecode") => {
            let mut out = Vec::new();
            let decoder = flate2::read::ZlibDecoder::new(data);
            // A damaged stream still gives what inflated before the damage.
            let _ = decoder.take(limit).read_to_end(&mut out);
            Some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_from_plain_objects_with_parents() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<< /T (q_overall) /V /2 /Kids [2 0 R] >>\nendobj\n2 0 obj\n<< /Parent 1 0 R /AS /2 >>\nendobj\n3 0 obj\n<< /T <FEFF6D3B52A8> /V (\\(x\\)) >>\nendobj\n4 0 obj << /T (g) >> endobj 5 0 obj << /T (c) /Parent 4 0 R /V (y) >> endobj\n";
        let form = read(pdf).unwrap_or_default();
        assert_eq!(form.value("q_overall"), Some("2"));
        assert_eq!(form.value("活动"), Some("(x)"));
        assert_eq!(form.value("g.c"), Some("y"));
    }

    #[test]
    fn later_definitions_win_and_garbage_is_bounded() {
        let pdf = b"%PDF-1.4\n1 0 obj << /T (a) /V (old) >> endobj\n1 0 obj << /T (a) /V (new) >> endobj\n";
        assert_eq!(read(pdf).unwrap_or_default().value("a"), Some("new"));
        let deep = format!("%PDF-1.4\n1 0 obj {} endobj", "[".repeat(100_000));
        assert!(read(deep.as_bytes()).is_ok());
        assert_eq!(read(b"not a pdf").err(), Some(PdfError::NotPdf));
    }

    #[test]
    fn object_streams_are_read() {
        let body = b"1 0 << /T (x) /V (inside) >>";
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = std::io::Write::write_all(&mut encoder, body);
        let data = encoder.finish().unwrap_or_default();
        let mut pdf = format!(
            "%PDF-1.5\n9 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
            data.len()
        )
        .into_bytes();
        pdf.extend(&data);
        pdf.extend(b"\nendstream\nendobj\n");
        assert_eq!(read(&pdf).unwrap_or_default().value("x"), Some("inside"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Hostile input: whatever follows the header, reading ends without a panic.
        #[test]
        fn arbitrary_bytes_are_read_or_refused(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048)
        ) {
            let mut pdf = b"%PDF-1.7\n".to_vec();
            pdf.extend(bytes);
            let _ = read(&pdf);
        }

        /// A form cut short or with a byte changed anywhere.
        #[test]
        fn a_damaged_form_is_read_or_refused(
            cut in 0usize..400,
            at in 0usize..400,
            byte in proptest::prelude::any::<u8>()
        ) {
            let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /T (q_a) /V /2 /Kids [2 0 R] >>\nendobj\n2 0 obj\n<< /Parent 1 0 R /AS /2 /Length 5 >>\nstream\nhello\nendstream\nendobj\n3 0 obj\n<< /T <FEFF6D3B> /V (\\(x\\)) /Parent 3 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n".to_vec();
            let at = at % pdf.len();
            pdf[at] = byte;
            pdf.truncate(cut.min(pdf.len()));
            let _ = read(&pdf);
        }
    }
}
