//! The diff as text (grouped by section, coloured on a terminal) and the
//! rows of the 修订对照表.

use super::{Diff, NodeChange};
use crate::redline::{Kind, Op, Segment, TableRow};

/// The Chinese name of a metadata field, as shown to a board.
pub fn field_name(field: &str) -> &str {
    match field {
        "title" => "标题",
        "number" => "编号",
        "org" => "组织名称",
        "preamble" => "序言",
        "approval" => "审议通过",
        "effective" => "施行日期",
        "statement" => "审议通过语句",
        "revision" => "版本",
        "appendices" => "附件",
        other => other,
    }
}

/// A label as the board reads it: 原第五条 → 第六条.
fn labels(change: &NodeChange) -> String {
    match (&change.old_label, &change.new_label) {
        (Some(old), Some(new)) if old != new => format!("原{old} → {new}"),
        (_, Some(new)) => new.clone(),
        (Some(old), None) => format!("原{old}"),
        (None, None) => String::new(),
    }
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Added => "新增",
        Kind::Removed => "删除",
        Kind::Modified => "修改",
        Kind::Moved => "调整位置",
        Kind::Renumbered => "序号调整",
        Kind::Reference => "引用更新",
        Kind::Unchanged => "未修改",
    }
}

/// Inline rendering of token operations: [-deleted-]{+inserted+}, or ANSI
/// colours (red struck, green underlined) on a terminal.
pub fn inline(ops: &[Segment], colour: bool) -> String {
    let mut out = String::new();
    for s in ops {
        match (s.op, colour) {
            (Op::Equal, _) => out.push_str(&s.text),
            (Op::Delete, true) => out.push_str(&format!("\x1b[31;9m{}\x1b[0m", s.text)),
            (Op::Insert, true) => out.push_str(&format!("\x1b[32;4m{}\x1b[0m", s.text)),
            (Op::Delete, false) => out.push_str(&format!("[-{}-]", s.text)),
            (Op::Insert, false) => out.push_str(&format!("{{+{}+}}", s.text)),
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace('\n', " ")
}

/// The diff as text, grouped by section; renumbering listed once at the end.
pub fn to_text(diff: &Diff, colour: bool) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "--- {}  {}\n",
        diff.from.source,
        diff.from.approval.as_deref().unwrap_or("")
    ));
    out.push_str(&format!(
        "+++ {}  {}\n",
        diff.to.source,
        diff.to.approval.as_deref().unwrap_or("")
    ));
    if diff.is_empty() {
        out.push_str("no changes: the two versions say the same\n");
        return out;
    }
    if !diff.metadata.is_empty() {
        out.push('\n');
        for m in &diff.metadata {
            let ops = super::tokens::diff(&m.old, &m.new, false);
            out.push_str(&format!(
                "{}：{}\n",
                field_name(&m.field),
                one_line(&inline(&ops, colour))
            ));
        }
    }
    let mut section = None;
    for change in diff.nodes.iter().filter(|c| c.kind != Kind::Renumbered) {
        if section != Some(&change.section) {
            section = Some(&change.section);
            out.push_str(&format!("\n{}\n", change.section));
        }
        let body = match change.kind {
            Kind::Added => format!(
                "{}{}",
                change.new_heading.as_deref().unwrap_or(""),
                change.new_text.as_deref().unwrap_or("")
            ),
            Kind::Removed => format!(
                "{}{}",
                change.old_heading.as_deref().unwrap_or(""),
                change.old_text.as_deref().unwrap_or("")
            ),
            _ if !change.ops.is_empty() => inline(&change.ops, colour),
            _ => String::new(),
        };
        let mark = match change.kind {
            Kind::Added => "+",
            Kind::Removed => "-",
            Kind::Moved => "↷",
            Kind::Reference => "⇄",
            _ => "~",
        };
        let from = match (&change.old_path, change.kind) {
            (Some(old), Kind::Moved) => format!(" (原位置 {old})"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "  {mark} {} {}{from} [{}]: {}\n",
            kind_word(change.kind),
            labels(change),
            change.path,
            one_line(&body)
        ));
        for line in super::tables::describe(&change.tables) {
            out.push_str(&format!("      {line}\n"));
        }
    }
    let renumbered: Vec<&NodeChange> = diff
        .nodes
        .iter()
        .filter(|c| c.kind == Kind::Renumbered)
        .collect();
    if !renumbered.is_empty() {
        out.push_str("\n序号调整（内容未变）：");
        out.push_str(
            &renumbered
                .iter()
                .map(|c| labels(c))
                .collect::<Vec<_>>()
                .join("，"),
        );
        out.push('\n');
    }
    let s = &diff.summary;
    out.push_str(&format!(
        "\n{} added, {} removed, {} modified, {} moved, {} renumbered, {} reference only, {} metadata\n",
        s.added, s.removed, s.modified, s.moved, s.renumbered, s.reference, s.metadata
    ));
    out
}

fn clause(label: Option<&str>, heading: Option<&str>, text: Option<&str>) -> String {
    let label = label.unwrap_or("");
    let body = format!("{}{}", heading.unwrap_or(""), text.unwrap_or(""));
    // 第五条 is followed by a space in 章程 style; 一、（一） run straight on.
    if label.ends_with('条') || label.ends_with('章') {
        format!("{label}　{body}")
    } else {
        format!("{label}{body}")
    }
}

/// Ranges of consecutive renumberings, written once: 原第三条至第三十条依次改为第四条至第三十一条.
fn renumbering_note(changes: &[&NodeChange]) -> String {
    let pairs: Vec<(String, String)> = changes
        .iter()
        .filter_map(|c| Some((c.old_label.clone()?, c.new_label.clone()?)))
        .collect();
    match pairs.as_slice() {
        [] => String::new(),
        [(old, new)] => format!("原{old}改为{new}"),
        [first, .., last] => format!(
            "原{}至{}的序号依次改为{}至{}（共 {} 处，内容未变）",
            first.0,
            last.0,
            first.1,
            last.1,
            pairs.len()
        ),
    }
}

/// The rows of the 修订对照表, with renumbering and reference updates in one
/// closing row.
pub fn table_rows(diff: &Diff) -> Vec<TableRow> {
    let mut rows = Vec::new();
    for m in &diff.metadata {
        if m.field == "approval"
            || m.field == "revision"
            || m.field == "statement"
            || m.field == "effective"
        {
            continue;
        }
        rows.push(TableRow {
            number: 0,
            old: m.old.clone(),
            new: m.new.clone(),
            note: format!("修改{}", field_name(&m.field)),
        });
    }
    for c in &diff.nodes {
        // Each place named as a reader cites it: 五、服务时限（一）, 第四章第二节第十八条.
        let with_context = |context: &Option<String>, label: Option<&str>| {
            label.map(|l| format!("{}{l}", context.as_deref().unwrap_or("")))
        };
        let old = clause(
            with_context(&c.old_context, c.old_label.as_deref()).as_deref(),
            c.old_heading.as_deref(),
            c.old_text.as_deref(),
        );
        let new = clause(
            with_context(&c.context, c.new_label.as_deref()).as_deref(),
            c.new_heading.as_deref(),
            c.new_text.as_deref(),
        );
        let (old, new) = match c.kind {
            Kind::Added => (String::new(), new),
            Kind::Removed => (old, String::new()),
            Kind::Modified | Kind::Moved => (old, new),
            Kind::Renumbered | Kind::Reference | Kind::Unchanged => continue,
        };
        let note = match super::tables::summary(&c.tables) {
            Some(tables) => format!("{}（{tables}）", c.kind.note()),
            None => c.kind.note().to_string(),
        };
        rows.push(TableRow {
            number: 0,
            old,
            new,
            note,
        });
    }
    let renumbered: Vec<&NodeChange> = diff
        .nodes
        .iter()
        .filter(|c| c.kind == Kind::Renumbered)
        .collect();
    let references: Vec<&NodeChange> = diff
        .nodes
        .iter()
        .filter(|c| c.kind == Kind::Reference || c.refs_changed)
        .collect();
    if !renumbered.is_empty() || !references.is_empty() {
        let mut note = renumbering_note(&renumbered);
        if !references.is_empty() {
            let names: Vec<String> = references
                .iter()
                .filter_map(|c| c.new_label.clone())
                .collect();
            if !note.is_empty() {
                note.push('；');
            }
            note.push_str(&format!("{}中引用的条款序号随之更新", names.join("、")));
        }
        rows.push(TableRow {
            number: 0,
            old: "—".into(),
            new: "—".into(),
            note,
        });
    }
    for (i, row) in rows.iter_mut().enumerate() {
        row.number = i + 1;
    }
    rows
}
