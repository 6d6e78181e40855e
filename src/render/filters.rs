//! The filters charter adds to MiniJinja, and the output every text is
//! written to: each refuses to grow a text past its limit.

use minijinja::{Error, ErrorKind, Value};

use super::TEXT_LIMIT;
use crate::zh::{Date, zh_num};

pub(super) fn zh_num_filter(value: Value) -> Result<String, Error> {
    // A number still to fill in prints as the placeholder; check reports it
    // at its line in org.toml.
    if let Some(text) = value.as_str()
        && text.contains(crate::format::PLACEHOLDER)
    {
        return Ok(text.to_string());
    }
    let number = match value.as_i64() {
        Some(n) => u64::try_from(n).ok(),
        None => value.as_str().and_then(|s| s.trim().parse::<u64>().ok()),
    };
    number.map(zh_num).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            t!("render-zh-num", value = value.to_string()),
        )
    })
}

pub(super) fn date_filter(value: Value, name: &str) -> Result<Date, Error> {
    value.as_str().and_then(Date::parse).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            t!("render-date-filter", name = name, value = value.to_string()),
        )
    })
}

/// Output of one text, refusing to grow past its cap: [`TEXT_LIMIT`], or
/// less when the charter's budget has less left.
pub(super) struct Bounded {
    pub(super) bytes: Vec<u8>,
    pub(super) cap: usize,
    pub(super) overflowed: bool,
}

impl Bounded {
    pub(super) fn new(cap: usize) -> Self {
        Self {
            bytes: Vec::new(),
            cap,
            overflowed: false,
        }
    }
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.cap {
            self.overflowed = true;
            return Err(std::io::Error::other("text too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn too_long(what: &str) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        t!(
            "render-filter-too-long",
            what = what,
            max = TEXT_LIMIT / (1024 * 1024)
        ),
    )
}

/// `replace`, refusing results beyond [`TEXT_LIMIT`] (`replace("", "…")`
/// inserts between every character).
pub(super) fn bounded_replace(value: String, from: String, to: String) -> Result<String, Error> {
    let worst = value.len() + (value.len() / from.len().max(1) + 1) * to.len();
    if worst > TEXT_LIMIT
        && value.matches(from.as_str()).count() * to.len() + value.len() > TEXT_LIMIT
    {
        return Err(too_long("replace"));
    }
    Ok(value.replace(&from, &to))
}

/// `join`, refusing results beyond [`TEXT_LIMIT`].
pub(super) fn bounded_join(value: Value, joiner: Option<String>) -> Result<String, Error> {
    let joiner = joiner.unwrap_or_default();
    let mut out = String::new();
    for (index, item) in value.try_iter()?.enumerate() {
        if index > 0 {
            out.push_str(&joiner);
        }
        match item.as_str() {
            Some(s) => out.push_str(s),
            None => out.push_str(&item.to_string()),
        }
        if out.len() > TEXT_LIMIT {
            return Err(too_long("join"));
        }
    }
    Ok(out)
}
