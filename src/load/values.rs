//! Strings and free tables: control characters refused at their place,
//! where a string sits in the file, id hints, TOML values as JSON.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc};

/// Reports every key and string holding a control character (see
/// [`crate::hygiene`]), at the character itself when the TOML shows it.
pub(super) fn check_characters(
    table: &DeTable<'_>,
    text: &str,
    file: FileId,
    diags: &mut Diagnostics,
) {
    fn value(v: &Spanned<DeValue<'_>>, text: &str, file: FileId, diags: &mut Diagnostics) {
        match v.get_ref() {
            DeValue::String(s) => string(s, v.span(), text, file, diags),
            DeValue::Array(items) => items.iter().for_each(|i| value(i, text, file, diags)),
            DeValue::Table(t) => check_characters(t, text, file, diags),
            _ => {}
        }
    }
    fn string(
        s: &str,
        span: std::ops::Range<usize>,
        text: &str,
        file: FileId,
        diags: &mut Diagnostics,
    ) {
        let Some((_, c)) = crate::hygiene::first_forbidden(s) else {
            return;
        };
        let at = forbidden_offset(text, span.clone(), c).unwrap_or(span.start);
        let end = (at + 1..=text.len())
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(at);
        diags.push(
            Diagnostic::error(t!(
                "control-character",
                code = crate::hygiene::code_point(c)
            ))
            .at(&Loc::new(file, at..end))
            .label(t!("control-character-label"))
            .help(t!("control-character-help")),
        );
    }
    for (key, v) in table.iter() {
        string(key.get_ref(), key.span(), text, file, diags);
        value(v, text, file, diags);
    }
}

/// Where, inside the TOML string at `span`, the character `c` is written:
/// the character itself, or the escape (`\u0007`, `\x07`, `\e`, `\b`, `\f`) that makes it.
pub(super) fn forbidden_offset(text: &str, span: std::ops::Range<usize>, c: char) -> Option<usize> {
    let raw = text.get(span.clone())?;
    if let Some(i) = raw.find(c) {
        return Some(span.start + i);
    }
    let code = u32::from(c);
    let escapes = [
        format!("\\u{code:04x}"),
        format!("\\u{code:04X}"),
        format!("\\U{code:08x}"),
        format!("\\U{code:08X}"),
        format!("\\x{code:02x}"),
        format!("\\x{code:02X}"),
    ];
    let short = match c {
        '\u{8}' => Some("\\b"),
        '\u{c}' => Some("\\f"),
        '\u{1b}' => Some("\\e"),
        '\r' => Some("\\r"),
        _ => None,
    };
    escapes
        .iter()
        .map(String::as_str)
        .chain(short)
        .filter_map(|e| raw.find(e))
        .min()
        .map(|i| span.start + i)
}

/// Offset of a string's content in the file when the TOML holds it
/// verbatim (no escapes), so template errors can point inside it.
pub(super) fn verbatim_offset(
    text: &str,
    span: std::ops::Range<usize>,
    content: &str,
) -> Option<usize> {
    let raw = text.get(span.clone())?;
    let mut start = span.start;
    let delimiter = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    start += delimiter;
    let after = text.get(start..)?;
    if delimiter == 3 {
        // TOML drops a newline right after the opening delimiter.
        if after.starts_with("\r\n") {
            start += 2;
        } else if after.starts_with('\n') {
            start += 1;
        }
    }
    (text.get(start..start + content.len()) == Some(content)).then_some(start)
}

/// A best guess at a valid id for a hint.
pub(super) fn sanitize_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('-').to_string();
    if cleaned.is_empty() {
        "my-id".into()
    } else {
        cleaned
    }
}

pub(super) fn to_json(value: &DeValue<'_>) -> serde_json::Value {
    use serde_json::Value;
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(i.as_str().to_string())),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.as_str().to_string())),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(dt) => Value::String(dt.to_string()),
        DeValue::Array(items) => Value::Array(items.iter().map(|v| to_json(v.get_ref())).collect()),
        DeValue::Table(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref())))
                .collect(),
        ),
    }
}
