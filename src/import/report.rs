//! The import report: what was recognised, what was cleaned, and every
//! line not placed, with its input line.

use std::fmt::Write as _;

use super::appendix::{Kind, Tail};
use super::clean::{Cleaned, Debris};
use super::labels::SchemeChoice;
use super::names::{Counts, OrgNames};
use super::structure::{Node, Note, Parsed};
use super::{Input, Options, count_nodes, preamble_is_empty, ranges, short};

/// Everything the report speaks of.
pub(super) struct Facts<'a> {
    pub input: &'a Input,
    pub options: &'a Options,
    /// Control characters removed.
    pub controls: usize,
    pub cleaned: &'a Cleaned,
    pub parsed: &'a Parsed,
    pub tail: &'a Tail,
    pub title_from_file: bool,
    pub org: &'a OrgNames,
    pub counts: &'a Counts,
    pub scheme: Option<&'a SchemeChoice>,
    pub sections: &'a [Node],
    pub appendices: &'a [super::appendix::Appendix],
    pub org_fields: &'a [(&'static str, String)],
    pub unplaced: &'a [Note],
    pub drafted: &'a super::model_text::Drafted,
}

/// The report as printed on standard error.
pub(super) fn write(facts: &Facts) -> String {
    let &Facts {
        input,
        options,
        controls,
        cleaned,
        parsed,
        tail,
        title_from_file,
        org,
        counts,
        scheme,
        sections,
        appendices,
        org_fields,
        unplaced,
        drafted,
    } = facts;
    let mut r = String::new();
    let total_lines = input.lines.len();
    let _ = writeln!(
        r,
        "imported {} ({total_lines} lines): {} numbered nodes, {} appendices",
        options.source,
        count_nodes(sections),
        appendices.len()
    );
    let _ = writeln!(r, "recognised:");
    if input.encoding != "UTF-8" {
        let _ = writeln!(
            r,
            "  encoding      {}: read as such; the charter is written in UTF-8",
            input.encoding
        );
    }
    if input.tracked.any() {
        let t = input.tracked;
        let _ = writeln!(
            r,
            "  tracked changes  read as accepted: {} insertion(s) kept, {} deletion(s) left out, {} move(s) kept where they were moved to; the original's rejected view is not imported",
            t.insertions, t.deletions, t.moves
        );
    }
    if drafted.blanks > 0 || drafted.notes > 0 {
        let _ = writeln!(
            r,
            "  {}",
            t!(
                "drafting-import",
                blanks = drafted.blanks,
                notes = drafted.notes,
                placeholder = crate::format::PLACEHOLDER
            )
        );
    }
    if controls > 0 {
        let _ = writeln!(
            r,
            "  removed       {controls} control character{} (a DOCX with them does not open in Word)",
            if controls == 1 { "" } else { "s" }
        );
    }
    match &parsed.title {
        Some((line, t)) => {
            let _ = writeln!(r, "  title         {t} (line {line})");
        }
        None if title_from_file => {
            let _ = writeln!(
                r,
                "  title         none found: set to \"制度\"; edit title in [charter]"
            );
        }
        None => {}
    }
    if let Some((line, n)) = &parsed.number {
        let _ = writeln!(r, "  number        {n} (line {line})");
    }
    match &org.name {
        Some(name) => {
            let _ = writeln!(
                r,
                "  organisation  {name} ({}) → {{{{ org.name }}}} ×{}",
                org.name_from, counts.name
            );
        }
        None => match &org.unsure {
            Some((name, why)) => {
                let _ = writeln!(
                    r,
                    "  organisation  not sure of \"{name}\" ({why}): the text is kept literal; org.name is {} to fill in",
                    crate::format::PLACEHOLDER
                );
            }
            None => {
                let _ = writeln!(
                    r,
                    "  organisation  not found: org.name is {} to fill in",
                    crate::format::PLACEHOLDER
                );
            }
        },
    }
    if let Some(s) = &org.short_name {
        let _ = writeln!(
            r,
            "  short name    {s} (以下简称) → {{{{ org.short_name }}}} ×{}",
            counts.short_name
        );
        if [
            "中心",
            "机构",
            "本会",
            "协会",
            "学会",
            "基金会",
            "服务社",
            "社",
            "会",
        ]
        .contains(&s.as_str())
        {
            let _ = writeln!(
                r,
                "                (a common word: every \"{s}\" became the variable; check uses that mean another body)"
            );
        }
    }
    if let Some(p) = &org.phone {
        let _ = writeln!(
            r,
            "  phone         {p} → {{{{ org.phone }}}} ×{}",
            counts.phone
        );
    }
    if let Some(e) = &org.email {
        let _ = writeln!(
            r,
            "  e-mail        {e} → {{{{ org.email }}}} ×{}",
            counts.email
        );
    }
    for other in &org.other_contacts {
        let _ = writeln!(r, "  contact       {other} (another one: left as text)");
    }
    match &scheme {
        Some(s) => {
            let _ = writeln!(r, "  numbering     {}", s.describe());
            for (i, level) in parsed.levels.iter().enumerate() {
                let _ = writeln!(
                    r,
                    "    level {}     {}  pattern {:<10} {} nodes, e.g. line {}{}",
                    i + 1,
                    level.example.1,
                    level.form.pattern(),
                    level.count,
                    level.example.0,
                    if level.continuous {
                        ", counted on across parents"
                    } else {
                        ""
                    }
                );
            }
        }
        None => {
            let _ = writeln!(
                r,
                "  numbering     no numbered labels: the text is the preamble"
            );
        }
    }
    let nested_groups: usize = parsed.levels[..parsed.groups.min(parsed.levels.len())]
        .iter()
        .skip(1)
        .map(|l| l.count)
        .sum();
    if nested_groups > 0 {
        let patterns: Vec<String> = parsed.levels[1..parsed.groups]
            .iter()
            .map(|l| l.form.pattern())
            .collect();
        let _ = writeln!(
            r,
            "  groups        {nested_groups} heading{} inside {} ({}), each holding what follows it",
            if nested_groups == 1 { "" } else { "s" },
            parsed.levels[0].form.pattern(),
            patterns.join(", ")
        );
    }
    if !input.tables.is_empty() {
        let _ = writeln!(r, "  tables        {}", input.tables.len());
        for table in &input.tables {
            let _ = writeln!(
                r,
                "    line {:<6} {} rows × {} columns, {}{}{}",
                table.line,
                table.rows.len(),
                table.columns(),
                table.from,
                if table.header_rows > 0 {
                    format!(
                        ", {} header row{}",
                        table.header_rows,
                        if table.header_rows == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                },
                if table
                    .rows
                    .iter()
                    .flatten()
                    .any(|c| c.colspan > 1 || c.rowspan > 1)
                {
                    ", merged cells"
                } else {
                    ""
                }
            );
        }
    }
    let _ = writeln!(r, "  run-in heads  {}", parsed.run_in_headings);
    if !preamble_is_empty(&parsed.preamble) {
        let _ = writeln!(
            r,
            "  preamble      {} paragraph{}",
            parsed.preamble.len(),
            if parsed.preamble.len() == 1 { "" } else { "s" }
        );
    }
    match (
        &parsed.approval,
        parsed.approval.as_ref().and_then(|a| a.date),
        &parsed.approval_article,
    ) {
        (Some(a), Some(date), _) => {
            let _ = writeln!(
                r,
                "  approval      {}, {} (line {}) → [approval], statement kept verbatim{}{}",
                crate::format::session(&a.body, a.term, a.session),
                date,
                a.line,
                if parsed.approval_under_title {
                    ", under the title: [layout] approval = \"title\""
                } else {
                    ""
                },
                if parsed.signature.is_some() {
                    ", with the signature under it"
                } else {
                    "; no signature in the original: [layout] signature = false"
                }
            );
        }
        (Some(a), None, _) => {
            let _ = writeln!(
                r,
                "  approval      {} (line {}) without a date: kept as text; a commented [approval] closes the charter",
                crate::format::session(&a.body, a.term, a.session),
                a.line
            );
        }
        (None, _, Some((line, label))) => {
            let _ = writeln!(
                r,
                "  approval      in {label} (line {line}): kept as that article, no [approval]; move it to [approval] if the sentence should follow the last section"
            );
        }
        _ => {
            let _ = writeln!(r, "  approval      none found");
        }
    }
    for (i, a) in appendices.iter().enumerate() {
        let what = match a.kind {
            Kind::Questionnaire => format!(
                "questionnaire, scale {}, {} questions ({} open){}",
                if a.scale.is_empty() {
                    "default".to_string()
                } else {
                    a.scale.join("/")
                },
                a.questions.len(),
                a.questions.iter().filter(|q| q.open).count(),
                if a.respondent.is_empty() {
                    String::new()
                } else {
                    format!(", fields {}", a.respondent.join("/"))
                }
            ),
            Kind::Form => format!("form, {} fields", a.fields.len()),
            Kind::Text => format!(
                "text, {} paragraph{}, {} table{}",
                a.intro.len(),
                if a.intro.len() == 1 { "" } else { "s" },
                a.tables.len(),
                if a.tables.len() == 1 { "" } else { "s" }
            ),
        };
        let _ = writeln!(
            r,
            "  附件{}         {} (line {}): {what}, id \"{}\"",
            i + 1,
            a.title,
            a.line,
            a.id
        );
    }
    for note in &tail.recognised {
        let _ = writeln!(
            r,
            "  line {:<8} {} — {}",
            note.line,
            short(&note.text, 30),
            note.why
        );
    }
    let fields: Vec<&str> = org_fields.iter().map(|(k, _)| *k).collect();
    let _ = writeln!(
        r,
        "  variables     org.{} {}",
        fields.join(", org."),
        if options.org_inline {
            "in the charter's [org]"
        } else {
            "in the org file"
        }
    );

    let nothing_cleaned = cleaned.removed.is_empty()
        && cleaned.lines.iter().all(|l| l.joined.is_empty())
        && parsed.cover_notice.is_empty()
        && parsed.cover_page.is_empty()
        && parsed.closing_form.is_empty();
    let _ = writeln!(
        r,
        "cleaned (not in the charter):{}",
        if nothing_cleaned { " nothing" } else { "" }
    );
    let mut groups: Vec<Debris> = cleaned.removed.iter().map(|d| d.debris).collect();
    groups.sort();
    groups.dedup();
    for debris in groups {
        let lines: Vec<usize> = cleaned
            .removed
            .iter()
            .filter(|d| d.debris == debris)
            .map(|d| d.no)
            .collect();
        let _ = writeln!(
            r,
            "  {}: line{} {}",
            debris.describe(),
            if lines.len() > 1 { "s" } else { "" },
            ranges(&lines)
        );
        if debris == Debris::RunningHeader {
            for header in &cleaned.headers {
                let _ = writeln!(r, "      \"{}\"", short(header, 40));
            }
        }
    }
    let joins: Vec<String> = cleaned
        .lines
        .iter()
        .filter(|l| !l.joined.is_empty())
        .map(|l| {
            std::iter::once(l.no)
                .chain(l.joined.iter().copied())
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    if !joins.is_empty() {
        let _ = writeln!(
            r,
            "  hard line breaks inside a sentence, joined: lines {}",
            joins.join(", ")
        );
    }
    if let (Some((first, text)), Some((last, _))) =
        (parsed.cover_notice.first(), parsed.cover_notice.last())
    {
        let _ = writeln!(
            r,
            "  cover notice before the regulation's title: lines {first}-{last} (\"{}\" …), kept as a comment at the top of the charter",
            short(text, 20)
        );
    }
    if let (Some((first, text)), Some((last, _))) =
        (parsed.cover_page.first(), parsed.cover_page.last())
    {
        let _ = writeln!(
            r,
            "  cover page: lines {first}-{last} (\"{}\" …), kept as a comment at the top of the charter; [layout] cover = true prints charter's own",
            short(text, 20)
        );
    }
    if let (Some((first, text)), Some((last, _))) =
        (parsed.closing_form.first(), parsed.closing_form.last())
    {
        let _ = writeln!(
            r,
            "  sign-off form after the regulation: lines {first}-{last} (\"{}\" …), kept as a comment at the end of the charter",
            short(text, 20)
        );
    }
    if let (Some((first, text)), Some((last, _))) =
        (parsed.metadata.first(), parsed.metadata.last())
    {
        let _ = writeln!(
            r,
            "  metadata block under the title: lines {first}-{last} (\"{}\" …), kept at the start of the preamble; delete it there if it is not part of the regulation",
            short(text, 20)
        );
    }
    for table in &parsed.loose_tables {
        if let Some(t) = input.tables.get(*table) {
            let _ = writeln!(
                r,
                "  table at line {} stands before the first section: its rows are kept as preamble text",
                t.line
            );
        }
    }
    if !parsed.renumbered.is_empty() {
        let _ = writeln!(
            r,
            "renumbered ({}; placed, but the original's label differs):",
            parsed.renumbered.len()
        );
        for note in &parsed.renumbered {
            let _ = writeln!(
                r,
                "  line {:<5} {} — {}",
                note.line,
                short(&note.text, 30),
                note.why
            );
        }
    }
    if unplaced.is_empty() {
        let _ = writeln!(r, "not placed: none");
    } else {
        let _ = writeln!(
            r,
            "not placed ({}; kept as text, check these):",
            unplaced.len()
        );
        for note in unplaced {
            let _ = writeln!(
                r,
                "  line {:<5} {} — {}",
                note.line,
                short(&note.text, 30),
                note.why
            );
        }
    }

    r
}
