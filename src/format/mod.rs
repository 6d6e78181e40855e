//! The format's shared vocabulary: the choices a charter names (page
//! numbers, where the approval goes, kinds of appendix and question), the
//! numbering schemes, the id rule, the placeholder and the defaults, and the
//! one way the approving session is written (第二届理事会第四次会议).
//!
//! The source, the resolved document, import and the backends all speak
//! it, so the document model stands on its own.

pub mod scheme;

pub use scheme::{Counter, LevelFormat, NodeKind, Scheme};

use serde::Serialize;

use crate::zh::{Date, zh_num};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageNumber {
    Dash,
    Total,
    None,
}

/// Where the approval sentence is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApprovalPlace {
    /// After the last section (本制度经……审议通过，自……起施行。).
    #[default]
    Closing,
    /// Under the title, as a note in brackets (（2025年3月1日……通过）).
    Title,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AppendixKind {
    Questionnaire,
    Form,
    /// Paragraphs and tables: a fee schedule, a list of posts ….
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    Rated,
    Open,
}

/// How a table column is aligned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// The kinds of social organisation, each registered under its own regulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrgKind {
    /// 社会团体 (协会, 学会, 商会): 社会团体登记管理条例.
    Association,
    /// 基金会: 基金会管理条例.
    Foundation,
    /// 社会服务机构 (民办非企业单位): 民办非企业单位登记管理暂行条例.
    SocialService,
}

impl OrgKind {
    pub const ALL: [OrgKind; 3] = [Self::Association, Self::Foundation, Self::SocialService];

    /// The Chinese name, as org.toml writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Association => "社会团体",
            Self::Foundation => "基金会",
            Self::SocialService => "社会服务机构",
        }
    }

    /// The English alias, also the name of its folder of models.
    pub fn alias(self) -> &'static str {
        match self {
            Self::Association => "association",
            Self::Foundation => "foundation",
            Self::SocialService => "social-service",
        }
    }

    /// A kind by its Chinese name, its alias, or the older name 民办非企业单位.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.name() == text || k.alias() == text)
            .or(match text {
                "民办非企业单位" | "social_service" => Some(Self::SocialService),
                _ => None,
            })
    }
}

/// Value `charter new` and `charter import` write for what they cannot know.
pub const PLACEHOLDER: &str = "【待填写】";

/// The scale printed when a questionnaire gives none, best first.
pub const DEFAULT_SCALE: [&str; 5] = ["很满意", "满意", "一般", "不满意", "很不满意"];

/// Writing lines under an open question when `lines` is not given.
pub const DEFAULT_OPEN_LINES: u32 = 3;

/// An id is letters of any script, digits, `-` and `_`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The approving session: 第二届理事会第四次会议.
pub fn session(body: &str, term: u32, session: u32) -> String {
    format!(
        "第{}届{body}第{}次会议",
        zh_num(term.into()),
        zh_num(session.into())
    )
}

/// 本制度, 本章程, 本办法 … from the title's last word.
pub fn regulation_word(title: &str) -> &'static str {
    const WORDS: &[(&str, &str)] = &[
        ("章程", "本章程"),
        ("办法", "本办法"),
        ("细则", "本细则"),
        ("规则", "本规则"),
        ("规定", "本规定"),
        ("准则", "本准则"),
        ("守则", "本守则"),
        ("条例", "本条例"),
        ("方案", "本方案"),
    ];
    WORDS
        .iter()
        .find(|(suffix, _)| title.ends_with(suffix))
        .map(|(_, word)| *word)
        .unwrap_or("本制度")
}

/// 本制度经某中心第二届理事会第四次会议审议通过，自审议通过之日起施行。
/// A 章程 (`word` 本章程) is voted on and takes effect once the
/// registration authority approves it (社会团体登记管理条例 第十四条 and
/// 第十八条 and their counterparts): 表决通过，自登记管理机关核准之日起生效.
pub fn approval_sentence(
    word: &str,
    org: &str,
    body: &str,
    term: u32,
    meeting: u32,
    effective: Option<Date>,
) -> String {
    let constitution = word == "本章程";
    let from = match effective {
        None if constitution => "自登记管理机关核准之日起生效".to_string(),
        None => "自审议通过之日起施行".to_string(),
        Some(date) => format!("自{}起施行", date.zh()),
    };
    let passed = if constitution {
        "表决通过"
    } else {
        "审议通过"
    };
    format!(
        "{word}经{org}{}{passed}，{from}。",
        session(body, term, meeting)
    )
}

/// （2025年3月1日第二届理事会第四次会议审议通过）: the approval as a note
/// under the title.
pub fn approval_note(
    body: &str,
    date: Date,
    term: u32,
    meeting: u32,
    effective: Option<Date>,
) -> String {
    let from = effective
        .map(|d| format!("，自{}起施行", d.zh()))
        .unwrap_or_default();
    format!(
        "（{}{}审议通过{from}）",
        date.zh(),
        session(body, term, meeting)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_is_written_one_way() {
        assert_eq!(session("理事会", 2, 4), "第二届理事会第四次会议");
        let date = Date::new(2025, 3, 1).unwrap_or_else(|| unreachable!());
        assert_eq!(
            approval_sentence("本制度", "甲中心", "理事会", 2, 4, None),
            "本制度经甲中心第二届理事会第四次会议审议通过，自审议通过之日起施行。"
        );
        assert_eq!(
            approval_note("理事会", date, 3, 2, Some(date)),
            "（2025年3月1日第三届理事会第二次会议审议通过，自2025年3月1日起施行）"
        );
        assert_eq!(regulation_word("协会章程"), "本章程");
        assert!(is_valid_id("服务原则") && !is_valid_id("a.b"));
    }
}
