//! Chinese numerals and dates as they are written in regulations.

use std::fmt;

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const SMALL_UNITS: [&str; 4] = ["", "十", "百", "千"];
const BIG_UNITS: [&str; 3] = ["", "万", "亿"];

/// Largest number [`zh_num`] writes (9999 亿 9999 万 9999).
pub const ZH_NUM_MAX: u64 = 999_999_999_999;

/// Writes `n` in Chinese counting numerals: 3 → 三, 10 → 十, 21 → 二十一,
/// 105 → 一百零五, 110 → 一百一十, 1001 → 一千零一, 10010 → 一万零一十.
///
/// Numbers above [`ZH_NUM_MAX`] are written with Arabic digits.
pub fn zh_num(n: u64) -> String {
    if n == 0 {
        return "零".to_string();
    }
    if n > ZH_NUM_MAX {
        return n.to_string();
    }
    // Split into groups of four digits, most significant first.
    let groups = [n / 100_000_000, (n / 10_000) % 10_000, n % 10_000];
    let mut out = String::new();
    let mut pending_zero = false;
    for (index, &group) in groups.iter().enumerate() {
        let unit = BIG_UNITS[groups.len() - 1 - index];
        if group == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if !out.is_empty() && (pending_zero || group < 1000) {
            out.push('零');
        }
        out.push_str(&group_to_zh(group, out.is_empty()));
        out.push_str(unit);
        pending_zero = false;
    }
    out
}

/// One group of up to four digits. `leading` drops the 一 of 一十 at the start
/// of a number (十一, not 一十一) while keeping it inside (一百一十).
fn group_to_zh(group: u64, leading: bool) -> String {
    let digits = [
        group / 1000,
        (group / 100) % 10,
        (group / 10) % 10,
        group % 10,
    ];
    let mut out = String::new();
    let mut zero_run = false;
    for (position, &digit) in digits.iter().enumerate() {
        let unit = SMALL_UNITS[3 - position];
        if digit == 0 {
            zero_run = !out.is_empty();
            continue;
        }
        if zero_run {
            out.push('零');
            zero_run = false;
        }
        let skip_one = leading && out.is_empty() && digit == 1 && unit == "十";
        if !skip_one {
            out.push(DIGITS[digit as usize]);
        }
        out.push_str(unit);
    }
    out
}

/// Circled numbers ① to ⑳. Beyond twenty there is no glyph every font has.
pub fn circled(n: u64) -> Option<char> {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1),
        _ => None,
    }
}

/// Lower-case letters a, b, … z, aa, ab … (spreadsheet style).
pub fn alpha(mut n: u64) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A calendar date, checked to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year > 0 && (1..=days).contains(&day)).then_some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        Self::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// 2025-03-01 → 2025年3月1日
    pub fn zh(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// 2025-03-01 → 二〇二五年三月一日
    pub fn zh_upper(&self) -> String {
        let year: String = self
            .year
            .to_string()
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(0) => '〇',
                Some(d) => DIGITS[d as usize],
                None => c,
            })
            .collect();
        format!(
            "{year}年{}月{}日",
            zh_num(self.month.into()),
            zh_num(self.day.into())
        )
    }

    /// The date as a TOML date value, for files charter edits or writes.
    pub fn to_toml(self) -> toml_edit::Datetime {
        toml_edit::Datetime {
            date: Some(toml_edit::Date {
                year: self.year,
                month: self.month,
                day: self.day,
            }),
            time: None,
            offset: None,
        }
    }

    /// Days since 1970-01-01, for PDF creation dates.
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses a number written in Chinese (二十一, 一百零五) or Arabic digits.
/// Used to read labels back, e.g. by the importer.
pub fn parse_zh_num(text: &str) -> Option<u64> {
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    // total: everything in front of the last 亿; wan: the 万 group; section: below 万.
    let mut total: u64 = 0;
    let mut wan: u64 = 0;
    let mut section: u64 = 0;
    let mut digit: Option<u64> = None;
    for c in text.chars() {
        let value = match c {
            '零' | '〇' => Some(0),
            '一' | '壹' => Some(1),
            '二' | '两' | '贰' => Some(2),
            '三' | '叁' => Some(3),
            '四' | '肆' => Some(4),
            '五' | '伍' => Some(5),
            '六' | '陆' => Some(6),
            '七' | '柒' => Some(7),
            '八' | '捌' => Some(8),
            '九' | '玖' => Some(9),
            _ => None,
        };
        if let Some(v) = value {
            digit = Some(v);
            continue;
        }
        match c {
            '十' | '拾' => section += digit.take().unwrap_or(1) * 10,
            '百' | '佰' => section += digit.take().unwrap_or(1) * 100,
            '千' | '仟' => section += digit.take().unwrap_or(1) * 1000,
            '万' => {
                let group = section + digit.take().unwrap_or(0);
                wan = group.max(1).checked_mul(10_000)?;
                section = 0;
            }
            '亿' => {
                let group = wan + section + digit.take().unwrap_or(0);
                total = (total + group.max(1)).checked_mul(100_000_000)?;
                wan = 0;
                section = 0;
            }
            _ => return None,
        }
    }
    let n = total + wan + section + digit.unwrap_or(0);
    (!text.is_empty()).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_numerals() {
        let cases = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (105, "一百零五"),
            (110, "一百一十"),
            (111, "一百一十一"),
            (200, "二百"),
            (1000, "一千"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (1100, "一千一百"),
            (2019, "二千零一十九"),
            (9999, "九千九百九十九"),
            (10_000, "一万"),
            (10_010, "一万零一十"),
            (100_000, "十万"),
            (100_001, "十万零一"),
            (1_001_000, "一百万一千"),
            (10_000_000, "一千万"),
            (100_000_000, "一亿"),
            (100_000_001, "一亿零一"),
            (120_000_000, "一亿二千万"),
            (120_000_005, "一亿二千万零五"),
        ];
        for (n, expected) in cases {
            assert_eq!(zh_num(n), expected, "{n}");
        }
    }

    #[test]
    fn numerals_round_trip_up_to_ten_thousand() {
        for n in (0..=10_000).chain([10_010, 100_001, 1_001_000, 120_000_005]) {
            assert_eq!(parse_zh_num(&zh_num(n)), Some(n), "{n} → {}", zh_num(n));
        }
    }

    #[test]
    fn circled_stops_at_twenty() {
        assert_eq!(circled(1), Some('①'));
        assert_eq!(circled(20), Some('⑳'));
        assert_eq!(circled(21), None);
        assert_eq!(circled(0), None);
    }

    #[test]
    fn alpha_continues_past_z() {
        assert_eq!(alpha(1), "a");
        assert_eq!(alpha(26), "z");
        assert_eq!(alpha(27), "aa");
        assert_eq!(alpha(52), "az");
        assert_eq!(alpha(53), "ba");
    }

    #[test]
    fn dates() {
        let date = Date::parse("2025-03-01");
        assert_eq!(date.map(|d| d.zh()), Some("2025年3月1日".to_string()));
        assert_eq!(
            date.map(|d| d.zh_upper()),
            Some("二〇二五年三月一日".to_string())
        );
        assert_eq!(
            Date::parse("2020-12-31").map(|d| d.zh_upper()),
            Some("二〇二〇年十二月三十一日".to_string())
        );
        assert_eq!(Date::parse("2025-02-30"), None);
        assert!(Date::parse("2024-02-29").is_some());
        assert_eq!(Date::parse("1900-02-29"), None);
        assert_eq!(Date::parse("2025-3-1"), None);
        assert_eq!(
            Date::parse("1970-01-01").map(|d| d.days_since_epoch()),
            Some(0)
        );
        assert_eq!(
            Date::parse("2025-03-01").map(|d| d.days_since_epoch()),
            Some(20148)
        );
    }
}
