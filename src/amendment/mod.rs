//! The 修正案: how a board amends a charter. [`write`] says the changes
//! between two versions in the statutory style (一、将第五条修改为：“……”),
//! [`parse`] reads such a text back — ours or typed by hand — and [`apply`]
//! makes the changes to the old version's TOML, keeping its ids and comments.

pub mod apply;
pub mod parse;
pub mod places;
pub mod run;
pub mod write;

use serde::Serialize;

use crate::zh::zh_num;

/// The sentence that says once that the numbers follow the changes.
pub const CLOSING: &str = "此外，对条款顺序作相应调整。";

/// A 修正案 as written out.
#[derive(Clone, Debug, Serialize)]
pub struct Amendment {
    /// 《青山社会工作服务中心服务承诺制度》修正案
    pub title: String,
    /// （2026年3月1日第二届理事会第五次会议通过）, when the new version
    /// names another meeting than the old.
    pub note: Option<String>,
    /// Each item without its number, quoted paragraphs on lines of their own.
    pub items: Vec<String>,
    pub closing: Option<String>,
    /// Changes a 修正案 cannot say yet (left out of it, reported).
    #[serde(skip)]
    pub unsupported: Vec<String>,
}

impl Amendment {
    /// Numbered items: 一、…
    pub fn numbered(&self) -> Vec<String> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, item)| format!("{}、{item}", zh_num(i as u64 + 1)))
            .collect()
    }

    /// As plain text, a paragraph a line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        out.push('\n');
        if let Some(note) = &self.note {
            out.push_str(note);
            out.push('\n');
        }
        out.push('\n');
        for item in self.numbered() {
            out.push_str(&item);
            out.push('\n');
        }
        if let Some(closing) = &self.closing {
            out.push_str(closing);
            out.push('\n');
        }
        out
    }

    /// Paragraphs as printed: title, note, then each item's lines.
    pub fn paragraphs(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .numbered()
            .iter()
            .flat_map(|item| item.split('\n').map(str::to_string).collect::<Vec<_>>())
            .collect();
        out.extend(self.closing.clone());
        out
    }
}

/// The meeting a 修正案's note names: （2026年3月1日第二届理事会第五次会议通过）.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    pub date: crate::zh::Date,
    pub term: u32,
    pub session: u32,
    /// The note as written, without its brackets.
    pub text: String,
}

impl Meeting {
    /// Reads a note: a date 2026年3月1日, 第Z届 and 第Z次会议.
    pub fn parse(note: &str) -> Option<Meeting> {
        let inner = note
            .trim()
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')'])
            .trim();
        let (year, rest) = inner.split_once('年')?;
        let (month, rest) = rest.split_once('月')?;
        let (day, rest) = rest.split_once('日')?;
        let date = crate::zh::Date::new(
            year.trim().parse().ok()?,
            month.trim().parse().ok()?,
            day.trim().parse().ok()?,
        )?;
        let number_before = |text: &str, word: char| -> Option<u32> {
            let end = text.find(word)?;
            let start = text[..end].rfind('第')? + '第'.len_utf8();
            u32::try_from(crate::zh::parse_zh_num(&text[start..end])?).ok()
        };
        let term = number_before(rest, '届')?;
        let session = number_before(rest.split_once('届')?.1, '次')?;
        Some(Meeting {
            date,
            term,
            session,
            text: inner.to_string(),
        })
    }

    /// 根据2026年3月1日第二届理事会第五次会议通过的修正案修正
    pub fn publication_line(&self) -> String {
        let meeting = self.text.trim_end_matches("通过");
        format!("根据{meeting}通过的修正案修正")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_names_its_meeting() {
        let meeting = Meeting::parse("（2026年3月1日第二届理事会第五次会议通过）");
        let meeting = meeting.unwrap_or_else(|| Meeting {
            date: crate::zh::Date::new(1, 1, 1).unwrap_or_else(|| unreachable!()),
            term: 0,
            session: 0,
            text: String::new(),
        });
        assert_eq!((meeting.term, meeting.session), (2, 5));
        assert_eq!(meeting.date.to_string(), "2026-03-01");
        assert_eq!(
            meeting.publication_line(),
            "根据2026年3月1日第二届理事会第五次会议通过的修正案修正"
        );
    }
}
