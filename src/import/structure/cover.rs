//! A cover block written as tables before the regulation (controlled
//! documents of a company or a quality system: 文件名称, 文件编号, 版本,
//! 编制/审核/批准 and their dates). It is furniture of the original, not
//! the regulation: set aside like a cover page, its title, 编号 and
//! organisation read from its cells.

use super::{Line, org_like};
use crate::import::clean::is_space;

/// The words of a document-control form's key cells.
const FORM_KEYS: &[&str] = &[
    "文件名称",
    "文件标题",
    "文件编号",
    "编号",
    "版本",
    "版本号",
    "版次",
    "修订号",
    "编制",
    "拟制",
    "起草",
    "编写",
    "审核",
    "审批",
    "批准",
    "会签",
    "日期",
    "发布日期",
    "实施日期",
    "生效日期",
    "页数",
    "页码",
    "受控状态",
    "分发号",
    "编制部门",
    "归口部门",
];

const TITLE_KEYS: &[&str] = &["文件名称", "文件标题"];
const NUMBER_KEYS: &[&str] = &["文件编号", "编号"];

pub(super) struct Cover {
    /// How many of the leading lines are the cover's rows.
    pub rows: usize,
    pub title: Option<String>,
    pub number: Option<String>,
    /// A row that is the organisation alone (a merged top row).
    pub org: Option<(usize, String)>,
}

/// The key a cell names (文件编号, 文件编号：, 文件编号：SF-01), and the
/// value written in the same cell after it.
fn key_of(cell: &str) -> Option<(&'static str, &str)> {
    let squeezed: String = cell.chars().filter(|c| !is_space(*c)).collect();
    FORM_KEYS.iter().find_map(|&key| {
        let rest = squeezed.strip_prefix(key)?;
        if !rest.is_empty() && !rest.starts_with(['：', ':']) {
            return None;
        }
        let at = cell.find(['：', ':']).map_or(cell.len(), |at| {
            at + cell[at..].chars().next().map_or(0, char::len_utf8)
        });
        Some((key, cell[at..].trim_matches(is_space)))
    })
}

/// The cells of a table row as the input gave it (tab-separated).
fn cells(line: &Line) -> Vec<&str> {
    line.text
        .split('\t')
        .map(|c| c.trim_matches(is_space))
        .filter(|c| !c.is_empty())
        .collect()
}

/// The tables the document starts with, when they form a document-control
/// cover (at least two key cells, and no row that reads as a sentence).
pub(super) fn cover_tables(rest: &[&Line]) -> Option<Cover> {
    let mut rows = 0;
    let mut keys = 0;
    let mut cover = Cover {
        rows: 0,
        title: None,
        number: None,
        org: None,
    };
    while let Some(line) = rest.get(rows) {
        if line.hint.table.is_none() {
            break;
        }
        let row = cells(line);
        if row.len() == 1 && org_like(row[0]) && cover.org.is_none() {
            cover.org = Some((line.no, row[0].to_string()));
        }
        let mut i = 0;
        while i < row.len() {
            if let Some((key, inline)) = key_of(row[i]) {
                keys += 1;
                let value = if inline.is_empty() {
                    row.get(i + 1)
                        .copied()
                        .filter(|next| key_of(next).is_none())
                } else {
                    Some(inline)
                };
                if let Some(value) = value {
                    if TITLE_KEYS.contains(&key) && cover.title.is_none() {
                        cover.title = Some(value.to_string());
                    }
                    if NUMBER_KEYS.contains(&key) && cover.number.is_none() {
                        cover.number = Some(value.to_string());
                    }
                    if inline.is_empty() {
                        i += 1;
                    }
                }
            } else if row[i].contains(['。', '；']) {
                // Rules written in a table: not a cover.
                return None;
            }
            i += 1;
        }
        rows += 1;
    }
    cover.rows = rows;
    (keys >= 2).then_some(cover)
}

/// How many of the last lines of the body are a document-control form
/// written as a table (编制/审核/批准 and their dates), 0 when none.
pub(super) fn trailing_form(lines: &[Line]) -> usize {
    let Some(table) = lines.last().and_then(|l| l.hint.table).map(|(t, _)| t) else {
        return 0;
    };
    let rows = lines
        .iter()
        .rev()
        .take_while(|l| l.hint.table.is_some_and(|(t, _)| t == table))
        .count();
    let form: Vec<&Line> = lines[lines.len() - rows..].iter().collect();
    match cover_tables(&form) {
        Some(cover) if cover.rows == rows => rows,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tables::Hint;

    fn row(no: usize, text: &str) -> Line {
        Line {
            no,
            text: text.into(),
            tabbed: true,
            joined: Vec::new(),
            hint: Hint {
                table: Some((0, no)),
                ..Hint::default()
            },
        }
    }

    #[test]
    fn a_document_control_table_is_a_cover_with_its_title_and_number() {
        let lines = [
            row(1, "示范食品有限公司"),
            row(2, "文件名称\t原料验收管理规定\t文件编号：SF-QP-07"),
            row(3, "编制\t质量部\t日期\t2025-03-01"),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let cover = cover_tables(&refs).unwrap_or_else(|| panic!("a cover"));
        assert_eq!(cover.rows, 3);
        assert_eq!(cover.title.as_deref(), Some("原料验收管理规定"));
        assert_eq!(cover.number.as_deref(), Some("SF-QP-07"));
        assert_eq!(
            cover.org.map(|(_, o)| o).as_deref(),
            Some("示范食品有限公司")
        );
    }

    #[test]
    fn a_table_of_rules_or_of_data_is_not_a_cover() {
        let rules = [row(1, "编号\t要求"), row(2, "1\t进厂原料应当检验。")];
        let refs: Vec<&Line> = rules.iter().collect();
        assert!(cover_tables(&refs).is_none());
        let data = [row(1, "品名\t数量"), row(2, "面粉\t20")];
        let refs: Vec<&Line> = data.iter().collect();
        assert!(cover_tables(&refs).is_none());
        assert_eq!(trailing_form(&data), 0);
    }

    #[test]
    fn a_sign_off_table_at_the_end_is_a_form() {
        let mut lines = vec![Line {
            no: 1,
            text: "原料验收记录保存两年。".into(),
            tabbed: false,
            joined: Vec::new(),
            hint: Hint::default(),
        }];
        lines.push(row(2, "编制\t质量部\t审核\t生产部"));
        lines.push(row(3, "批准\t总经理\t日期\t2025-03-08"));
        assert_eq!(trailing_form(&lines), 2);
    }
}
