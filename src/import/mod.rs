//! Import: an existing regulation (plain text, Markdown or DOCX) → a charter
//! source, with its numbering, approval, appendices and the organisation's
//! names recognised.
//!
//! ```text
//! read (txt · md · docx) → clean (debris) → structure (title, levels, nodes,
//!   approval) → appendix (list, questionnaire, form) → names (org.* variables)
//!   → emit (TOML) + report
//! ```
//!
//! Nothing is dropped silently: removed debris, joined lines and every line
//! that could not be placed are listed in the report with their input line.

pub mod appendix;
pub mod clean;
pub mod docx;
pub mod emit;
mod html_table;
mod input;
mod joins;
pub mod labels;
mod model_text;
pub mod names;
mod repeated;
mod report;
pub mod structure;
mod table_body;
pub mod tables;
mod verify;

use crate::diag::{Diagnostic, Diagnostics};
use crate::format::is_valid_id;
use clean::InputKind;
use names::{Counts, OrgNames};
use structure::{Node, Note};

pub use clean::clean_text;
pub use docx::read_docx_paragraphs;
pub use input::{Input, read_input, text_lines};
pub use tables::{Hint, RawLine};

pub struct Options {
    /// The charter's id.
    pub id: String,
    /// The input's name, for the report and the header comment.
    pub source: String,
    /// Write the organisation into the charter's `[org]` (else into org.toml).
    pub org_inline: bool,
}

/// What was recognised, for tests and the command's summary.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub title: String,
    pub org: OrgNames,
    pub counts: Counts,
    pub scheme: String,
    pub levels: Vec<String>,
    pub nodes: usize,
    pub approval: bool,
    pub appendices: Vec<String>,
    pub unplaced: Vec<Note>,
}

pub struct Imported {
    pub charter: String,
    /// `org.toml` text: the organisation's keys.
    pub org_toml: String,
    pub report: String,
    pub summary: Summary,
}

/// `1–3, 7, 9–12`
pub(super) fn ranges(lines: &[usize]) -> String {
    let mut sorted = lines.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    // Every other line blank (Markdown): the count says more than a list.
    const SHOWN: usize = 8;
    if out.len() > SHOWN + 2 {
        let more = out.len() - SHOWN;
        out.truncate(SHOWN);
        return format!(
            "{} … and {more} more ({} lines)",
            out.join(", "),
            sorted.len()
        );
    }
    out.join(", ")
}

pub(super) fn short(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// Ids from headings (短而稳定), else positional; unique among siblings.
fn assign_ids(nodes: &mut [Node]) {
    let mut used: Vec<String> = Vec::new();
    for (i, node) in nodes.iter_mut().enumerate() {
        let prefix = ["s", "c", "i", "p"]
            .get(node.level.saturating_sub(1))
            .copied()
            .unwrap_or("n");
        let from_heading: String = node
            .heading
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(8)
            .collect();
        let base = if !from_heading.is_empty() && is_valid_id(&from_heading) {
            from_heading
        } else {
            format!("{prefix}{}", i + 1)
        };
        let mut id = base.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.push(id.clone());
        node.id = id;
        assign_ids(&mut node.children);
    }
}

pub(super) fn count_nodes(nodes: &[Node]) -> usize {
    nodes.iter().map(|n| 1 + count_nodes(&n.children)).sum()
}

/// The last node in document order (deepest last), for text without a place.
fn last_node(nodes: &mut [Node]) -> Option<&mut Node> {
    let last = nodes.last_mut()?;
    if last.children.is_empty() {
        Some(last)
    } else {
        last_node(&mut last.children)
    }
}

fn node_texts<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
    for node in nodes {
        out.extend(node.heading.as_deref());
        out.extend(node.text.iter().map(String::as_str));
        node_texts(&node.children, out);
    }
}

fn substitute_nodes(nodes: &mut [Node], names: &OrgNames, counts: &mut Counts) {
    for node in nodes {
        node.heading = node
            .heading
            .as_deref()
            .map(|h| names::substitute(h, names, counts));
        for text in &mut node.text {
            *text = names::substitute(text, names, counts);
        }
        substitute_nodes(&mut node.children, names, counts);
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Imports the lines of a regulation.
pub fn import(input: &Input, options: &Options, diags: &mut Diagnostics) -> Option<Imported> {
    // Control characters would make a charter that does not load and a DOCX
    // Word refuses: they are removed here, and counted in the report.
    let mut controls = 0;
    let mut strip = |text: &str| -> String {
        let clean = crate::hygiene::strip(text);
        controls += text.chars().count() - clean.chars().count();
        clean
    };
    let mut lines: Vec<RawLine> = input
        .lines
        .iter()
        .map(|line| RawLine {
            text: strip(&line.text),
            ..line.clone()
        })
        .collect();
    let tables: Vec<tables::Table> = input
        .tables
        .iter()
        .map(|table| {
            let mut table = table.clone();
            for cell in table.rows.iter_mut().flatten() {
                cell.text = strip(&cell.text);
            }
            table
        })
        .collect();
    // A layout table repeated on every page: its repeats leave the text.
    let repeated = repeated::drop_repeated(&mut lines, &tables);
    let stripped = Input {
        lines,
        tables,
        kind: input.kind,
        encoding: input.encoding,
        tracked: input.tracked,
    };
    let input = &stripped;
    let cleaned = clean::clean(&input.lines, input.kind);
    if cleaned.lines.is_empty() {
        diags.push(
            Diagnostic::error(format!("{} has no text to import", options.source))
                .help("the file is empty or holds only blank lines, page numbers and headers; check that it is the regulation itself"),
        );
        return None;
    }
    let mut parsed = structure::parse(&cleaned.lines);
    let table_body = table_body::keep_tables(&mut parsed, &cleaned.lines);
    if parsed.number.is_none() {
        // 编号 printed in the running header on every page.
        parsed.number = input
            .lines
            .iter()
            .find_map(|RawLine { no, text: line, .. }| {
                let header = cleaned.headers.iter().find(|h| line.trim() == h.trim())?;
                let at = header.find("编号")?;
                let rest =
                    header[at + "编号".len()..].trim_start_matches(['：', ':', ' ', '\u{3000}']);
                // 编号：ST-01） or 编号：ST-01，第2页: the number ends at a space,
                // a closing bracket or punctuation.
                let number: String = rest
                    .chars()
                    .take_while(|&c| {
                        !clean::is_space(c)
                            && !matches!(
                                c,
                                '）' | ')' | '】' | ']' | '，' | ',' | '；' | ';' | '。'
                            )
                    })
                    .collect();
                (!number.is_empty()).then_some((*no, number))
            });
    }
    let tail = appendix::parse_tail(&parsed.tail, &input.tables);

    // Lines without a place go to the last node (or the preamble), in order.
    match last_node(&mut parsed.sections) {
        Some(node) => node.text.extend(tail.leftover.iter().cloned()),
        None => parsed.preamble.extend(tail.leftover.iter().cloned()),
    }
    let mut unplaced = parsed.unplaced.clone();
    unplaced.extend(tail.unplaced.iter().cloned());
    unplaced.sort_by_key(|n| n.line);

    let mut title_from_file = false;
    let title = match &parsed.title {
        Some((_, t)) => t.clone(),
        None => {
            title_from_file = true;
            "制度".to_string()
        }
    };
    assign_ids(&mut parsed.sections);

    // The organisation: names printed on their own confirm the one in the text.
    let mut candidates: Vec<(String, &'static str)> = parsed
        .org_line
        .iter()
        .map(|(_, t)| (t.clone(), "printed above the title"))
        .collect();
    candidates.extend(
        cleaned
            .headers
            .iter()
            .map(|h| (h.clone(), "in the running header")),
    );
    if let Some((_, Some(org), _)) = &parsed.signature {
        candidates.push((org.clone(), "in the signature"));
    }
    let mut texts: Vec<&str> = parsed.preamble.iter().map(String::as_str).collect();
    node_texts(&parsed.sections, &mut texts);
    if let Some(a) = &parsed.approval {
        texts.push(&a.sentence);
    }
    for a in &tail.appendices {
        texts.extend(a.intro.iter().map(String::as_str));
        texts.extend(a.questions.iter().map(|q| q.text.as_str()));
    }
    let org = names::find(&texts, &candidates, &title);

    let mut counts = Counts::default();
    let title_out = names::substitute(&title, &org, &mut counts);
    let mut preamble: Vec<String> = parsed
        .preamble
        .iter()
        .map(|p| names::substitute(p, &org, &mut counts))
        .collect();
    // The line above the title, when it is not surely the organisation's
    // name (示范仪器有限公司企业标准), stays as text rather than being lost.
    if org.name.is_none()
        && let Some((_, line)) = &parsed.org_line
    {
        preamble.insert(0, line.clone());
    }
    let mut sections = parsed.sections.clone();
    substitute_nodes(&mut sections, &org, &mut counts);
    let drafted = model_text::apply(&title_out, &mut sections, &mut preamble);
    // Tables: captions found above them, every cell a template like text.
    let mut tables = input.tables.clone();
    for (index, caption) in &parsed.captions {
        if let Some(t) = tables.get_mut(*index) {
            t.caption = Some(caption.clone());
        }
    }
    for t in &mut tables {
        t.caption = t
            .caption
            .as_deref()
            .map(|c| names::substitute(c, &org, &mut counts));
        for cell in t.rows.iter_mut().flatten() {
            cell.text = names::substitute(&cell.text, &org, &mut counts);
        }
    }
    let mut appendices = tail.appendices.clone();
    for a in &mut appendices {
        a.title = names::substitute(&a.title, &org, &mut counts);
        for t in &mut a.intro {
            *t = names::substitute(t, &org, &mut counts);
        }
        for q in &mut a.questions {
            q.text = names::substitute(&q.text, &org, &mut counts);
        }
        for s in a.scale.iter_mut().chain(a.respondent.iter_mut()) {
            *s = names::substitute(s, &org, &mut counts);
        }
        for f in &mut a.fields {
            f.label = names::substitute(&f.label, &org, &mut counts);
        }
    }
    let statement = parsed
        .approval
        .as_ref()
        .map(|a| names::substitute(&a.sentence, &org, &mut counts));

    let levels: Vec<(labels::LabelForm, bool)> = parsed
        .levels
        .iter()
        .map(|l| (l.form.clone(), l.continuous))
        .collect();
    let scheme = (!levels.is_empty()).then(|| labels::choose_scheme(&levels, parsed.groups));

    let mut org_fields: Vec<(&'static str, String)> = Vec::new();
    if let Some(name) = &org.name {
        org_fields.push(("name", name.clone()));
    }
    if let Some(short_name) = &org.short_name {
        org_fields.push(("short_name", short_name.clone()));
    }
    if let Some(phone) = &org.phone {
        org_fields.push(("phone", phone.clone()));
    }
    if let Some(email) = &org.email {
        org_fields.push(("email", email.clone()));
    }
    if org.name.is_none() {
        // A charter needs an organisation; the placeholder is flagged by check.
        org_fields.insert(0, ("name", crate::format::PLACEHOLDER.to_string()));
    }

    let approval_out = parsed.approval.as_ref().and_then(|a| {
        Some(emit::ApprovalOut {
            body: a.body.clone(),
            term: a.term,
            session: a.session,
            date: a.date?,
            effective: a.effective,
            statement: statement.clone().unwrap_or_default(),
        })
    });
    let trailing_comment = match (&parsed.approval, &approval_out) {
        (Some(a), None) => Some(
            "\n".to_string()
                + &emit::comment(&format!(
                    "The approval sentence (input line {}) has no date, and [approval] needs one.\n\
             Fill in the date, uncomment the table, and delete the sentence from the text above:\n\
             [approval]\nbody = {}\nterm = {}\nsession = {}\ndate = YYYY-MM-DD\nstatement = {}",
                    a.line,
                    quote(&a.body),
                    a.term,
                    a.session,
                    quote(statement.as_deref().unwrap_or(""))
                )),
        ),
        _ => None,
    };
    // The original's sign-off form at the end, set aside as a comment.
    let trailing_comment = match (trailing_comment, parsed.closing_form.is_empty()) {
        (comment, true) => comment,
        (comment, false) => {
            let mut form = String::from("The original's sign-off form after the regulation:");
            for (_, line) in &parsed.closing_form {
                form.push_str("\n  ");
                form.push_str(line);
            }
            Some(comment.unwrap_or_default() + "\n" + &emit::comment(&form))
        }
    };
    let signature = approval_out
        .as_ref()
        .map(|_| parsed.signature.is_some())
        .filter(|has| !has)
        .map(|_| false);

    let mut header = format!(
        "Imported by `charter import` from {}. Check the import report, then build.\n\
         Labels are computed by charter: the numbering scheme below reproduces the original's.",
        options.source
    );
    if !parsed.cover_notice.is_empty() {
        header.push_str("\n\nThe cover notice before the regulation's title, not part of it:");
        for (_, line) in &parsed.cover_notice {
            header.push_str("\n  ");
            header.push_str(line);
        }
    }
    if !parsed.cover_page.is_empty() {
        header.push_str(
            "\n\nThe original's cover page (charter prints its own: [layout] cover = true):",
        );
        for (_, line) in &parsed.cover_page {
            header.push_str("\n  ");
            header.push_str(line);
        }
    }
    let header_comment = emit::comment(&header);
    let mut spec = emit::Charter {
        cover: !parsed.cover_page.is_empty(),
        header_comment,
        id: options.id.clone(),
        title: title_out,
        number: parsed
            .number
            .as_ref()
            .map(|(_, n)| names::substitute(n, &OrgNames::default(), &mut Counts::default())),
        scheme: scheme.clone(),
        preamble,
        notes: drafted.preamble_notes.clone(),
        org: if options.org_inline {
            org_fields.clone()
        } else {
            Vec::new()
        },
        signature,
        approval_under_title: parsed.approval_under_title,
        sections: sections.clone(),
        groups: parsed.groups.max(1),
        tables: tables.clone(),
        approval: approval_out,
        trailing_comment,
        appendices: appendices.clone(),
    };
    // Never a charter `check` refuses: checked in memory (with the
    // organisation inline, wherever it is written), else its tables become
    // text where they stood, and the report says why.
    let refused = |spec: &mut emit::Charter| -> Option<String> {
        let own = std::mem::replace(&mut spec.org, org_fields.clone());
        let text = emit::charter_toml(spec);
        spec.org = own;
        verify::check_error(&text, &spec.id)
    };
    let fallback = refused(&mut spec);
    if fallback.is_some() {
        verify::tables_as_text(&mut spec);
    }
    let charter = emit::charter_toml(&spec);
    let org_toml = emit::org_toml(
        &emit::comment(&format!(
            "Organisation variables found by `charter import` in {}.",
            options.source
        )),
        &org_fields,
    );

    let mut report = report::write(&report::Facts {
        input,
        options,
        controls,
        cleaned: &cleaned,
        parsed: &parsed,
        tail: &tail,
        title_from_file,
        org: &org,
        counts: &counts,
        scheme: scheme.as_ref(),
        sections: &sections,
        appendices: &appendices,
        org_fields: &org_fields,
        unplaced: &unplaced,
        drafted: &drafted,
    });
    if let Some(why) = &fallback {
        report.push_str(&t!("import-check-fallback", why = why.as_str()));
        report.push('\n');
    }
    if table_body > 0 {
        report.push_str(&t!("import-table-body", tables = table_body));
        report.push('\n');
    }
    for (line, first) in &repeated {
        report.push_str(&t!(
            "import-repeated-table",
            first = short(first, 20),
            line = *line
        ));
        report.push('\n');
    }
    let summary = Summary {
        title,
        org: org.clone(),
        counts,
        scheme: scheme.as_ref().map(|s| s.describe()).unwrap_or_default(),
        levels: parsed.levels.iter().map(|l| l.form.pattern()).collect(),
        nodes: count_nodes(&sections),
        approval: parsed.approval.as_ref().is_some_and(|a| a.date.is_some()),
        appendices: appendices.iter().map(|a| a.title.clone()).collect(),
        unplaced,
    };
    Some(Imported {
        charter,
        org_toml,
        report,
        summary,
    })
}

pub(super) fn preamble_is_empty(preamble: &[String]) -> bool {
    preamble.iter().all(|p| p.trim().is_empty())
}

/// Imports a text given as a string (for tests): lines numbered from 1.
pub fn import_text(
    text: &str,
    kind: InputKind,
    options: &Options,
    diags: &mut Diagnostics,
) -> Option<Imported> {
    let mut tables = Vec::new();
    let lines = text_lines(text, kind, &mut tables);
    let input = Input {
        lines,
        tables,
        kind,
        encoding: "UTF-8",
        tracked: Default::default(),
    };
    import(&input, options, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The import of `text`, or a panic with the diagnostics.
    fn imported(text: &str, kind: InputKind) -> Imported {
        let mut diags = Diagnostics::new();
        import_text(text, kind, &options(), &mut diags).unwrap_or_else(|| panic!("{diags:?}"))
    }

    fn options() -> Options {
        Options {
            id: "imported".into(),
            source: "test.txt".into(),
            org_inline: true,
        }
    }

    const SAMPLE: &str = "示范社区服务中心\n服务承诺制度\n为规范示范社区服务中心（以下简称“中心”）的服务，制定本制度。\n1、 总体要求\n中心坚持公益宗旨。\n2、 服务原则\n（1） 公平公正。一视同仁。\n（2） 便民高效。投诉电话010-5555-0101。\n本制度经示范社区服务中心第一届理事会第二次会议审议通过，自2024年5月1日起施行。\n";

    #[test]
    fn the_number_in_a_running_header_stops_at_its_bracket() {
        let mut text = String::from("示范服务社财务制度\n");
        for page in 1..=3 {
            text.push_str(&format!(
                "第{}条 本条正文。\n示范服务社财务制度（编号：SF-CW-02）  第{page}页/共3页\n",
                crate::zh::zh_num(page)
            ));
        }
        let out = imported(&text, InputKind::Text);
        let doc: toml::Table = out
            .charter
            .parse()
            .unwrap_or_else(|e| panic!("{e}\n{}", out.charter));
        assert_eq!(doc["charter"]["number"].as_str(), Some("SF-CW-02"));
    }

    #[test]
    fn imports_a_small_regulation() {
        let out = imported(SAMPLE, InputKind::Text);
        let s = &out.summary;
        assert_eq!(s.title, "服务承诺制度");
        assert_eq!(s.org.name.as_deref(), Some("示范社区服务中心"));
        assert_eq!(s.org.short_name.as_deref(), Some("中心"));
        assert_eq!(s.org.phone.as_deref(), Some("010-5555-0101"));
        assert_eq!(s.scheme, "\"arabic\"");
        assert_eq!(s.nodes, 4);
        assert!(!s.approval, "no meeting date: not an [approval]");
        let doc: toml::Table = out
            .charter
            .parse()
            .unwrap_or_else(|e| panic!("{e}\n{}", out.charter));
        assert_eq!(doc["charter"]["numbering"].as_str(), Some("arabic"));
        assert_eq!(
            doc["charter"]["preamble"].as_str(),
            Some("为规范{{ org.name }}（以下简称“{{ org.short_name }}”）的服务，制定本制度。")
        );
        assert_eq!(
            doc["section"][1]["clause"][0]["heading"].as_str(),
            Some("公平公正。")
        );
        assert_eq!(
            doc["section"][1]["clause"][0]["id"].as_str(),
            Some("公平公正")
        );
        assert_eq!(doc["org"]["phone"].as_str(), Some("010-5555-0101"));
        assert!(out.charter.contains("# [approval]"), "{}", out.charter);
        assert!(out.report.contains("not placed (1;"), "{}", out.report);
    }

    #[test]
    fn articles_without_chapters_get_an_empty_title() {
        let out = imported(
            "示范服务公约\n第一条 为了规范服务，制定本公约。\n第二条 本公约自发布之日起施行。\n",
            InputKind::Text,
        );
        let doc: toml::Table = out.charter.parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc["section"][0]["title"].as_str(), Some(""));
        assert_eq!(
            doc["section"][0]["text"].as_str(),
            Some("为了规范服务，制定本公约。")
        );
        assert_eq!(out.summary.levels, ["第{zh}条"]);
    }

    #[test]
    fn empty_input_is_an_error() {
        let mut diags = Diagnostics::new();
        let out = import_text("\n\t\n- 1 -\n", InputKind::Text, &options(), &mut diags);
        assert!(out.is_none() && diags.list[0].help.is_some());
    }

    #[test]
    fn line_ranges() {
        assert_eq!(ranges(&[1, 2, 3, 7, 9, 10]), "1–3, 7, 9–10");
    }
}
