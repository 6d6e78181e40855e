//! What comes before the body: the organisation, the title, 编号, a note
//! under the title, and a cover notice to set aside.

use super::*;
use crate::import::clean::{NOTICE_WORDS, is_metadata};

pub(super) fn head(lines: &[Line], parsed: &mut Parsed) {
    let mut rest: Vec<&Line> = Vec::new();
    for line in lines {
        let t = line.text.trim_start_matches(is_space);
        let number = ["编号：", "编号:", "文号：", "文号:", "编号 "]
            .iter()
            .find_map(|p| t.strip_prefix(p));
        if let (Some(number), None) = (number, &parsed.number) {
            parsed.number = Some((line.no, number.trim_matches(is_space).to_string()));
            continue;
        }
        if parsed.approval.is_none()
            && let Some(approval) = parse_approval(line.no, &line.text)
        {
            let dated = approval.date.is_some();
            if !dated {
                parsed.unplaced.push(Note {
                    line: line.no,
                    text: line.text.clone(),
                    why: "approval sentence without a date ([approval] needs one): kept in the preamble; see the commented [approval] at the end of the charter".into(),
                });
            }
            parsed.approval = Some(approval);
            if dated {
                parsed.approval_under_title = true;
                continue;
            }
        }
        rest.push(line);
    }
    // A regulation filed as an attachment starts with 附件2: not its title.
    let mut lead = Vec::new();
    while rest
        .first()
        .is_some_and(|l| is_appendix_marker(&l.text) && l.text.chars().count() <= 6)
    {
        let line = rest.remove(0);
        parsed.unplaced.push(Note {
            line: line.no,
            text: line.text.clone(),
            why: "above the title: kept at the start of the preamble".into(),
        });
        lead.push(line.text.clone());
    }
    // A document-control table (文件名称, 文件编号, 编制/审核/批准) before
    // the regulation: a cover, set aside; its title and 编号 are used.
    let mut cover_title = None;
    if let Some(cover) = super::cover::cover_tables(&rest) {
        let lines: Vec<&Line> = rest.drain(..cover.rows).collect();
        let first = lines.first().map_or(0, |l| l.no);
        parsed.cover_page = lines
            .iter()
            .map(|l| (l.no, l.text.replace('\t', "  ")))
            .collect();
        if parsed.number.is_none() {
            parsed.number = cover.number.map(|n| (first, n));
        }
        parsed.org_line = parsed.org_line.take().or(cover.org);
        cover_title = cover.title.map(|t| (first, t));
    }
    let notice = cover_notice_end(&rest);
    parsed.cover_notice = rest
        .drain(..notice)
        .map(|l| (l.no, l.text.clone()))
        .collect();
    // A cover page repeats the title above the regulation's own: the
    // lines up to the repeat are the cover (charter prints its own).
    let squeezed = |t: &str| -> String { t.chars().filter(|c| !is_space(*c)).collect() };
    let repeated = (1..rest.len()).rev().find(|&j| {
        let t = &rest[j].text;
        title_like(t)
            && (rest[j].hint.title || ends_with_any(t, TITLE_WORDS))
            && rest[..j].iter().any(|l| squeezed(&l.text) == squeezed(t))
    });
    if let Some(j) = repeated {
        let cover: Vec<&Line> = rest.drain(..j).collect();
        if let Some(org) = cover.iter().find(|l| org_like(&l.text)) {
            parsed.org_line = Some((org.no, org.text.clone()));
        }
        parsed
            .cover_page
            .extend(cover.iter().map(|l| (l.no, l.text.clone())));
    }
    let mut start = 0;
    // Word said which paragraph is the title (its style, or centred bold).
    let hinted = rest.iter().position(|l| l.hint.title);
    // A table's row is never the title (a file that is one table).
    let first_two = (
        rest.first().filter(|l| l.hint.table.is_none()),
        rest.get(1).filter(|l| l.hint.table.is_none()),
    );
    match first_two {
        _ if hinted.is_some() => {
            let at = hinted.unwrap_or(0);
            parsed.title = Some((rest[at].no, rest[at].text.clone()));
            if at >= 1 && org_like(&rest[at - 1].text) {
                parsed.org_line = Some((rest[at - 1].no, rest[at - 1].text.clone()));
            }
            // Lines above a Word title other than the organisation lead
            // the preamble.
            for line in &rest[..at] {
                if parsed
                    .org_line
                    .as_ref()
                    .is_none_or(|(no, _)| *no != line.no)
                {
                    lead.push(line.text.clone());
                }
            }
            start = at + 1;
        }
        (Some(a), Some(b))
            if title_like(&a.text)
                && title_like(&b.text)
                && !ends_with_any(&a.text, TITLE_WORDS)
                && (ends_with_any(&a.text, ORG_SUFFIXES)
                    || ends_with_any(&b.text, TITLE_WORDS)) =>
        {
            parsed.org_line = Some((a.no, a.text.clone()));
            parsed.title = Some((b.no, b.text.clone()));
            start = 2;
        }
        (Some(a), _) if title_like(&a.text) => {
            parsed.title = Some((a.no, a.text.clone()));
            start = 1;
        }
        _ => {}
    }
    if parsed.title.is_none() {
        parsed.title = cover_title;
    }
    parsed.metadata = rest[start..]
        .iter()
        .take_while(|l| is_metadata(&l.text))
        .map(|l| (l.no, l.text.clone()))
        .collect();
    parsed.preamble = lead;
    parsed
        .preamble
        .extend(rest[start..].iter().map(|l| l.text.clone()));
}

/// A line of a cover notice: the letterhead (某某中心文件), the issue number
/// (某发〔2024〕3号) or the notice's title (关于印发《…》的通知).
fn notice_line(text: &str) -> bool {
    let text = text.trim_matches(is_space);
    let issue_number = text.ends_with('号')
        && (text.contains('〔') && text.contains('〕') || text.contains('[') && text.contains(']'));
    (title_like(text) && ends_with_any(text, NOTICE_WORDS)) || issue_number
}

/// Where the regulation starts after a cover notice: at its own title, the
/// last line before the body that ends like a title (…制度), with the
/// organisation's line above it when the title is split over two lines.
/// 0 when there is no notice.
fn cover_notice_end(rest: &[&Line]) -> usize {
    let Some(title) = rest
        .iter()
        .rposition(|l| title_like(&l.text) && ends_with_any(&l.text, TITLE_WORDS))
    else {
        return 0;
    };
    if !rest[..title].iter().any(|l| notice_line(&l.text)) {
        return 0;
    }
    match title.checked_sub(1).map(|i| &rest[i].text) {
        Some(above)
            if title_like(above) && ends_with_any(above, ORG_SUFFIXES) && !notice_line(above) =>
        {
            title - 1
        }
        _ => title,
    }
}
