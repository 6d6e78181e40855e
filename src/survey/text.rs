//! The tally as a plain-text table, for a terminal or a file.

use super::tally::{RatedStats, Report};

fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn mean(m: Option<f64>) -> String {
    m.map(|m| format!("{m:.2}")).unwrap_or_else(|| "—".into())
}

/// Display width: Chinese characters take two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if crate::render::is_wide(c) { 2 } else { 1 })
        .sum()
}

fn pad(text: &str, to: usize) -> String {
    format!("{text}{}", " ".repeat(to.saturating_sub(width(text))))
}

/// The report as a plain-text table.
pub fn to_text(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} · {}\n", report.title, report.org));
    if let Some(activity) = &report.activity {
        out.push_str(&format!("活动：{activity}\n"));
    }
    out.push_str(&format!(
        "有效问卷 {} 份（共 {} 份，未计入 {} 份）  来源：{}\n",
        report.rows.counted, report.rows.total, report.rows.excluded, report.responses
    ));
    if report.forms > 0 {
        out.push_str(&format!("其中填写表单 {} 份\n", report.forms));
    }
    out.push('\n');
    let question_width = report
        .questions
        .iter()
        .filter(|q| q.stats.is_some())
        .map(|q| width(&q.text))
        .max()
        .unwrap_or(4)
        .clamp(4, 44);
    let mut head = format!(
        "{}{}{}",
        pad("序号", 6),
        pad("问题", question_width + 2),
        pad("回答", 6)
    );
    for point in &report.scale {
        head.push_str(&pad(point, width(point).max(4) + 2));
    }
    head.push_str(&format!("{}{}\n", pad("满意率", 9), "平均"));
    out.push_str(&head);
    let row = |label: &str, text: &str, s: &RatedStats| {
        let mut line = format!(
            "{}{}{}",
            pad(label, 6),
            pad(text, question_width + 2),
            pad(&s.answered.to_string(), 6)
        );
        for (point, count) in report.scale.iter().zip(&s.counts) {
            line.push_str(&pad(&count.to_string(), width(point).max(4) + 2));
        }
        line.push_str(&format!(
            "{}{}\n",
            pad(&percent(s.satisfaction_rate), 9),
            mean(s.mean)
        ));
        line
    };
    for q in &report.questions {
        if let Some(s) = &q.stats {
            let text: String = if width(&q.text) > question_width {
                let mut t = String::new();
                for c in q.text.chars() {
                    if width(&t) + 3 >= question_width {
                        break;
                    }
                    t.push(c);
                }
                t + "…"
            } else {
                q.text.clone()
            };
            out.push_str(&row(&q.number.to_string(), &text, s));
        }
    }
    out.push_str(&row("", "总体", &report.overall));
    out.push_str("\n满意率 = 前两个选项（");
    out.push_str(
        &report
            .scale
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join("、"),
    );
    out.push_str("）占回答的比例；平均 = 选项序号的平均值，1 为最好。\n");
    for q in &report.questions {
        if let Some(answers) = &q.answers {
            out.push_str(&format!(
                "\n{}. {}（{} 条）\n",
                q.number,
                q.text,
                answers.len()
            ));
            for a in answers {
                out.push_str(&format!("  - {}\n", a.text));
            }
        }
    }
    if !report.excluded.is_empty() || !report.ignored_columns.is_empty() {
        out.push_str("\n未计入：\n");
        for p in report.ignored_columns.iter().chain(&report.excluded) {
            // A sheet's problem names its line; a form's, the file.
            if p.line > 0 {
                out.push_str(&format!("  {} 第 {} 行：{}\n", p.source, p.line, p.message));
            } else {
                out.push_str(&format!("  {}：{}\n", p.source, p.message));
            }
        }
    }
    out
}
