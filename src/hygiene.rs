//! Text hygiene: characters that may not appear in a charter's text.
//!
//! C0 controls other than tab and newline, DEL, C1 controls and the
//! noncharacters U+FFFE/U+FFFF make a DOCX that Word refuses to open and can
//! drive a terminal; they are errors in sources, removed from imported text,
//! and shown escaped in messages.

/// Whether `c` is not allowed in text.
pub fn is_forbidden(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => true,
        _ => false,
    }
}

/// The first forbidden character of `text` and its byte offset. A carriage
/// return counts only when no line feed follows it (a CRLF line end is fine).
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\r' && chars.peek().is_none_or(|(_, next)| *next != '\n') {
            return Some((at, c));
        }
        if is_forbidden(c) {
            return Some((at, c));
        }
    }
    None
}

/// `U+0007`, for messages.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// `text` with forbidden characters (and lone carriage returns) removed.
pub fn strip(text: &str) -> String {
    if first_forbidden(text).is_none() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
        if !(lone_cr || is_forbidden(c)) {
            out.push(c);
        }
    }
    out
}

/// `text` safe to print on a terminal: every control character but newline
/// (and tab) shown as its code point, so no escape sequence reaches the screen.
pub fn printable(text: &str) -> String {
    if !text
        .chars()
        .any(|c| c != '\n' && c != '\t' && (c.is_control() || is_forbidden(c)))
    {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c != '\n' && c != '\t' && (c.is_control() || is_forbidden(c)) {
                format!("<{}>", code_point(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `text` with each forbidden character replaced by one of the same UTF-8
/// length (`?` or `¿`, `�`), so byte offsets into it stay valid: the copy of
/// a source file that error messages quote.
pub fn same_length_printable(text: &str) -> String {
    if first_forbidden(text).is_none() {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c == '\r' || !is_forbidden(c) {
                c
            } else {
                match c.len_utf8() {
                    1 => '?',
                    2 => '¿',
                    _ => '\u{fffd}',
                }
            }
        })
        .collect()
}

/// Text and attribute values escaped for XML (DOCX, OFD and form parts);
/// the characters [`is_forbidden`], which XML 1.0 cannot carry, dropped.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_forbidden_but_not_line_ends() {
        assert_eq!(first_forbidden("a\tb\r\nc\n"), None);
        assert_eq!(first_forbidden("a\u{7}b"), Some((1, '\u{7}')));
        assert_eq!(first_forbidden("甲\u{85}"), Some((3, '\u{85}')));
        assert_eq!(first_forbidden("a\rb"), Some((1, '\r')));
        assert_eq!(first_forbidden("\u{ffff}"), Some((0, '\u{ffff}')));
        assert_eq!(strip("a\u{1b}[31mb\rc\r\n"), "a[31mbc\r\n");
        assert_eq!(printable("a\u{1b}b"), "a<U+001B>b");
        assert_eq!(
            same_length_printable("a\u{7}\u{85}").len(),
            "a\u{7}\u{85}".len()
        );
    }
}
