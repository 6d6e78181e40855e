//! The words of questionnaires and forms: scale points (很满意 … 很不满意),
//! table headers, questions, open questions, respondent fields.

use super::super::clean::is_space;

pub(super) const CHECKBOXES: &[char] = &['□', '☐', '○', '◯', '❑', '☑'];

pub fn is_scale_word(cell: &str) -> bool {
    const WORDS: &[&str] = &[
        "一般",
        "优",
        "良",
        "中",
        "差",
        "好",
        "较好",
        "较差",
        "很好",
        "很差",
        "非常好",
        "非常差",
        "优秀",
        "良好",
        "合格",
        "不合格",
        "及格",
        "不及格",
        "中立",
        "说不清",
        "不确定",
    ];
    let c = cell.trim_matches(is_space);
    c.chars().count() <= 6 && (c.ends_with("满意") || c.ends_with("同意") || WORDS.contains(&c))
}

pub(super) fn is_header_word(cell: &str) -> bool {
    const WORDS: &[&str] = &[
        "序号",
        "问题",
        "题目",
        "题号",
        "内容",
        "满意度",
        "评价",
        "项目",
        "评分",
        "选项",
        "评价内容",
        "调查内容",
        "评价项目",
        "满意程度",
        "调查项目",
        "评价等级",
    ];
    WORDS.contains(&cell.trim_matches(is_space))
}

pub(super) fn is_question(cell: &str) -> bool {
    cell.trim_end_matches(is_space).ends_with(['？', '?'])
}

/// Asks for a written answer rather than a point on the scale.
pub(super) fn asks_open(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "哪些",
        "那些",
        "什么",
        "建议",
        "意见",
        "改进",
        "收获",
        "为什么",
        "如何",
        "怎样",
        "其他",
    ];
    !text.contains("满意吗") && WORDS.iter().any(|w| text.contains(w))
}

/// `活动名称：` (and `日期：______`): a fill-in field above the grid.
pub(super) fn respondent_field(cell: &str) -> Option<String> {
    let c = cell.trim_matches(|ch: char| is_space(ch) || ch == '_' || ch == '＿');
    let label = c.strip_suffix(['：', ':'])?;
    (1..=10)
        .contains(&label.chars().count())
        .then(|| label.to_string())
}
