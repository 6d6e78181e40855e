//! The object syntax of a PDF (see [`super::read_pdf`]): the objects a
//! form's fields are made of, and a bounded parser of one object at a time.

/// Objects nested deeper than this are refused.
const MAX_DEPTH: usize = 32;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real,
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Vec<(Vec<u8>, Obj)>),
    Ref(u32),
    /// A dict followed by stream data (its byte range in the file or in
    /// an inflated object stream).
    Stream(Vec<(Vec<u8>, Obj)>, std::ops::Range<usize>),
}

impl Obj {
    pub(super) fn get(&self, key: &[u8]) -> Option<&Obj> {
        match self {
            Obj::Dict(entries) | Obj::Stream(entries, _) => {
                entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            _ => None,
        }
    }
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(super) struct Parser<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    /// Tokens left: a hostile file cannot make one object cost more.
    pub(super) budget: usize,
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl Parser<'_> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(super) fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() || b == 0 {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(b) = self.peek() {
                    if b == b'\n' || b == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    pub(super) fn regular(&mut self) -> &[u8] {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() || is_delimiter(b) {
                break;
            }
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    pub(super) fn object(&mut self, depth: usize) -> Option<Obj> {
        if depth > MAX_DEPTH || self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        self.skip_space();
        match self.peek()? {
            b'/' => {
                self.pos += 1;
                Some(Obj::Name(decode_name(self.regular())))
            }
            b'(' => self.literal().map(Obj::Str),
            b'<' if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek()? {
                        b'>' => {
                            // `>>`, or a lone `>` at the end of a cut file.
                            self.pos = (self.pos + 2).min(self.bytes.len());
                            return Some(Obj::Dict(entries));
                        }
                        b'/' => {
                            self.pos += 1;
                            let key = decode_name(self.regular());
                            let value = self.object(depth + 1)?;
                            entries.push((key, value));
                        }
                        _ => return None,
                    }
                }
            }
            b'<' => {
                self.pos += 1;
                let start = self.pos;
                let end = start + self.bytes[start..].iter().position(|&b| b == b'>')?;
                self.pos = end + 1;
                let digits: Vec<u8> = self.bytes[start..end]
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit())
                    .copied()
                    .collect();
                let value = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                Some(Obj::Str(
                    digits
                        .chunks(2)
                        .map(|p| value(p[0]) << 4 | p.get(1).map(|&c| value(c)).unwrap_or(0))
                        .collect(),
                ))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(Obj::Array(items));
                    }
                    items.push(self.object(depth + 1)?);
                }
            }
            b => {
                if is_delimiter(b) {
                    return None;
                }
                let token = self.regular().to_vec();
                match token.as_slice() {
                    b"true" => Some(Obj::Bool(true)),
                    b"false" => Some(Obj::Bool(false)),
                    b"null" => Some(Obj::Null),
                    _ => {
                        let text = std::str::from_utf8(&token).ok()?;
                        if let Ok(n) = text.parse::<i64>() {
                            // `N G R` is a reference.
                            let save = self.pos;
                            self.skip_space();
                            let generation = self.regular().to_vec();
                            self.skip_space();
                            if !generation.is_empty()
                                && generation.iter().all(u8::is_ascii_digit)
                                && self.peek() == Some(b'R')
                                && self
                                    .bytes
                                    .get(self.pos + 1)
                                    .is_none_or(|b| b.is_ascii_whitespace() || is_delimiter(*b))
                            {
                                self.pos += 1;
                                return Some(Obj::Ref(u32::try_from(n).ok()?));
                            }
                            self.pos = save;
                            Some(Obj::Int(n))
                        } else if text.parse::<f64>().is_ok() {
                            Some(Obj::Real)
                        } else {
                            None
                        }
                    }
                }
            }
        }
    }

    pub(super) fn literal(&mut self) -> Option<Vec<u8>> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(out);
                    }
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
    }

    /// After a dict: `stream` … `endstream`, the data's range.
    pub(super) fn stream_data(
        &mut self,
        dict: &[(Vec<u8>, Obj)],
    ) -> Option<std::ops::Range<usize>> {
        self.skip_space();
        if !self
            .bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(b"stream"))
        {
            return None;
        }
        let mut start = self.pos + 6;
        if self.bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if self.bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let declared = dict
            .iter()
            .find(|(k, _)| k == b"Length")
            .and_then(|(_, v)| match v {
                Obj::Int(n) if *n >= 0 => usize::try_from(*n).ok(),
                _ => None,
            });
        if let Some(length) = declared {
            let end = start.checked_add(length)?;
            if end <= self.bytes.len() {
                let after = &self.bytes[end..];
                let trimmed = after
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .unwrap_or(after.len());
                if after[trimmed..].starts_with(b"endstream") {
                    return Some(start..end);
                }
            }
        }
        let end = start + find(&self.bytes[start..], b"endstream")?;
        let mut trimmed = end;
        while trimmed > start && matches!(self.bytes[trimmed - 1], b'\r' | b'\n') {
            trimmed -= 1;
        }
        Some(start..trimmed)
    }
}

/// A name with its `#xx` escapes decoded.
fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && i + 2 < raw.len()
            && let Ok(text) = std::str::from_utf8(&raw[i + 1..i + 3])
            && let Ok(value) = u8::from_str_radix(text, 16)
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}
