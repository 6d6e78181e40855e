//! Text files as Chinese Windows writes them: UTF-8 (with or without a BOM),
//! UTF-16 with a BOM (Notepad's “Unicode”), or GBK/GB18030, the ANSI code page
//! that older Notepad and Excel's plain “CSV (逗号分隔)” use.
//!
//! Charter sources stay UTF-8 only (TOML requires it); imported regulations
//! and survey responses come from other programs and are decoded here.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// The text and the name of the encoding it was read in.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why bytes could not be read as text.
pub enum Undecodable {
    /// Mostly UTF-8 with a few bad bytes (a damaged file): where the first is.
    DamagedUtf8 { line: usize },
    /// Neither UTF-8, UTF-16 with a BOM nor GB18030.
    Unknown,
}

impl Undecodable {
    /// What is wrong with the file `shown`, for an error message.
    pub fn describe(&self, shown: &str) -> String {
        match self {
            Undecodable::DamagedUtf8 { line } => {
                t!("encoding-damaged", file = shown, line = *line)
            }
            Undecodable::Unknown => t!("encoding-unknown", file = shown),
        }
    }
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, Undecodable> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|text| Decoded {
                text: text.into_owned(),
                encoding: if encoding == UTF_8 {
                    "UTF-8"
                } else {
                    encoding.name()
                },
            })
            .ok_or(Undecodable::Unknown);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
        }),
        Err(err) => {
            // GBK text is invalid UTF-8 at nearly every Chinese character; a
            // UTF-8 file with a few bad bytes is damaged, not GBK.
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.matches('\u{fffd}').count();
            if bad * 100 < lossy.chars().count() {
                let line = bytes[..err.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                return Err(Undecodable::DamagedUtf8 { line });
            }
            GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| Decoded {
                    text: text.into_owned(),
                    encoding: "GB18030 (GBK)",
                })
                .ok_or(Undecodable::Unknown)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "第一条 本社坚持公益宗旨。\r\n第二条 服务热线010-5555-0101。\r\n";

    fn read(bytes: &[u8]) -> (String, &'static str) {
        match decode(bytes) {
            Ok(d) => (d.text, d.encoding),
            Err(_) => panic!("not decoded"),
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(read(TEXT.as_bytes()), (TEXT.to_string(), "UTF-8"));
        let with_bom = [b"\xef\xbb\xbf".as_slice(), TEXT.as_bytes()].concat();
        assert_eq!(read(&with_bom), (TEXT.to_string(), "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xff, 0xfe];
        le.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(&le), (TEXT.to_string(), "UTF-16LE"));
        let mut be = vec![0xfe, 0xff];
        be.extend(TEXT.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(read(&be), (TEXT.to_string(), "UTF-16BE"));
    }

    #[test]
    fn gbk() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        assert_eq!(read(&bytes), (TEXT.to_string(), "GB18030 (GBK)"));
    }

    #[test]
    fn damaged_utf8_is_not_taken_for_gbk() {
        let mut bytes = TEXT.repeat(20).into_bytes();
        let at = bytes.len() - 10;
        bytes[at] = 0xff;
        assert!(matches!(
            decode(&bytes),
            Err(Undecodable::DamagedUtf8 { line: 40 })
        ));
    }
}
