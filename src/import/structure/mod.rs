//! Structure: cleaned lines → title, preamble, numbered nodes, approval.
//!
//! Levels come from label forms in order of first appearance (the first
//! form is level 1, a new form under it level 2 …). A label is taken as
//! structure only where its number fits the count at its level; anything
//! else stays text of the node before it and is reported.

use super::clean::{
    InputKind, Line, ORG_SUFFIXES, TITLE_WORDS, ends_sentence, ends_with_any, is_appendix_marker,
    is_space,
};
use super::labels::{Label, LabelForm, parse_label, parse_label_with};
use crate::format::scheme::MAX_LEVELS;

mod approval;
mod cover;
mod head;
mod levels;
mod nodes;
mod outline;
mod repair;
use repair::repair_labels;

use crate::zh::Date;
use approval::{date_line, signature_at_end, take_tail_signature};
pub use approval::{find_dates, is_approval_sentence, parse_approval};
use head::head;
use levels::{Counts, LevelMap, group_rank, heading_like};
use nodes::{
    CONTINUING, assemble, fold_empty_nodes, fold_lone_run_ins, split_heading, table_caption,
    wrapped_first_line,
};

/// A numbered node: section (1), clause (2), item (3), point (4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Node {
    pub level: usize,
    pub label: String,
    /// Input line of the label.
    pub line: usize,
    pub heading: Option<String>,
    pub text: Vec<String>,
    /// Tables under the node (indices into the input's tables).
    pub tables: Vec<usize>,
    pub children: Vec<Node>,
    pub id: String,
    /// Drafting notes (a model text's 【…】): `note`, never printed.
    pub notes: Vec<String>,
}

/// One level of the document's numbering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// The form most labels of the level have.
    pub form: LabelForm,
    /// Every way the level was written, with how often.
    pub variants: Vec<(LabelForm, usize)>,
    pub continuous: bool,
    pub count: usize,
    /// First label of this level and its input line.
    pub example: (usize, String),
    /// Where its labels stand in a Markdown file (`Hint::context`).
    pub context: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    pub line: usize,
    pub sentence: String,
    pub body: String,
    pub term: u32,
    pub session: u32,
    pub date: Option<Date>,
    pub effective: Option<Date>,
}

/// A line kept as text somewhere else than where it would belong, or a
/// recognised line worth a word in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub text: String,
    pub why: String,
}

#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub org_line: Option<(usize, String)>,
    pub title: Option<(usize, String)>,
    pub number: Option<(usize, String)>,
    pub preamble: Vec<String>,
    pub sections: Vec<Node>,
    pub levels: Vec<Level>,
    /// How many of `levels` are grouping levels (章, 节).
    pub groups: usize,
    /// Labels taken as structure whose number the original got wrong (or
    /// Word's automatic numbering showed wrongly): charter numbers them in
    /// order.
    pub renumbered: Vec<Note>,
    /// A metadata block under the title (发布部门 : …): kept at the start
    /// of the preamble.
    pub metadata: Vec<(usize, String)>,
    /// A cover page above the title (the title repeated on it): kept as a
    /// comment, `[layout] cover = true`.
    pub cover_page: Vec<(usize, String)>,
    /// A document-control form after the body (编制/审核/批准), set aside.
    pub closing_form: Vec<(usize, String)>,
    /// Captions taken from the line above a table: (table, caption).
    pub captions: Vec<(usize, String)>,
    /// Tables before the first node: their rows stay preamble text.
    pub loose_tables: Vec<usize>,
    pub approval: Option<Approval>,
    /// A cover notice before the regulation's own title (红头, 发文字号,
    /// 关于印发《…》的通知 and its text): not part of the regulation.
    pub cover_notice: Vec<(usize, String)>,
    /// An approval sentence written as a numbered article (line, label):
    /// kept as the article.
    pub approval_article: Option<(usize, String)>,
    /// The approval stood above the body, under the title.
    pub approval_under_title: bool,
    /// Signature lines after the approval: organisation and/or date.
    pub signature: Option<(usize, Option<String>, Option<Date>)>,
    /// From the first 附件 line after the body on.
    pub tail: Vec<Line>,
    pub unplaced: Vec<Note>,
    pub run_in_headings: usize,
    pub kind: Option<InputKind>,
}

/// A short line without sentence punctuation: a title, heading or name.
fn title_like(text: &str) -> bool {
    let n = text.chars().count();
    (2..=40).contains(&n)
        && !ends_sentence(text)
        && !text.contains(['，', ',', '。', '；', ';'])
        // A word of its own (目的) is a heading even ending in 的; a line
        // broken inside a sentence is longer.
        && (!text.ends_with(CONTINUING) || n <= 4)
}

struct Flat {
    level: usize,
    label: String,
    line: usize,
    heading: Option<String>,
    text: Vec<String>,
    tables: Vec<usize>,
    awaiting_text: bool,
    /// The last paragraph is a wrapped line that the next line goes on.
    open_paragraph: bool,
    /// The heading is a short first sentence split off the text.
    run_in: bool,
}

pub fn parse(lines: &[Line]) -> Parsed {
    let mut parsed = Parsed::default();
    let repaired = repair_labels(lines, &mut parsed);
    let lines = repaired.as_slice();
    let found = outline::detect(lines);
    let decimal = found.is_some();
    // With chapters, the body starts at the first chapter: numbered notes
    // above it (说明 一、二、) belong to the preamble.
    let top_rank = lines
        .iter()
        .filter(|l| l.hint.table.is_none())
        .filter_map(|l| parse_label(&l.text))
        .filter(|(label, rest)| heading_like(rest) && group_rank(&label.form).is_some())
        .filter_map(|(label, _)| group_rank(&label.form))
        .min();
    let first_label = lines.iter().position(|l| {
        l.hint.table.is_none()
            && parse_label_with(&l.text, decimal).is_some_and(|(label, rest)| match top_rank {
                Some(rank) => group_rank(&label.form) == Some(rank) && heading_like(rest),
                None => label.number == 1,
            })
    });
    let body_start = first_label.unwrap_or(lines.len());
    let tail_start = lines
        .iter()
        .enumerate()
        .skip(first_label.map(|i| i + 1).unwrap_or(0))
        .find(|(_, l)| l.hint.table.is_none() && is_appendix_marker(&l.text))
        .map(|(i, _)| i)
        .unwrap_or(lines.len());
    let head_end = body_start.min(tail_start);
    head(&lines[..head_end], &mut parsed);
    let body_end = tail_start.max(head_end);
    parsed.tail = lines[body_end..].to_vec();
    // A sign-off form at the end (编制/审核/批准): set aside like a cover.
    let form = cover::trailing_form(&lines[head_end..body_end]);
    let body_end = body_end - form;
    parsed.closing_form = lines[body_end..body_end + form]
        .iter()
        .map(|l| (l.no, l.text.replace('\t', "  ")))
        .collect();
    // A decimal outline (1 / 1.1 / 1.1.1) whose labels count: its levels
    // are its depth, as deep as leaves the fewest lines unplaced (a (1)
    // list under 5.1 and 5.2.1 headings under 5.2 cannot both be level 3).
    let mut best: Option<Parsed> = None;
    for outline in outline::candidates(found) {
        let mut map = LevelMap::new(lines);
        if let Some(outline) = outline {
            map.with_outline(outline);
        }
        let mut tried = parsed.clone();
        body(&lines[head_end..body_end], map, &mut tried);
        if best
            .as_ref()
            .is_none_or(|b| tried.unplaced.len() < b.unplaced.len())
        {
            best = Some(tried);
        }
    }
    best.unwrap_or(parsed)
}

fn body(lines: &[Line], mut map: LevelMap, parsed: &mut Parsed) {
    let mut flats: Vec<Flat> = Vec::new();
    let mut counts = Counts::default();
    let mut depth = 0usize;
    // The deepest grouping level open (第一章 → 1, its 第一节 → 2).
    let mut open_groups = 0usize;
    // (node index, paragraph index) of an approval sentence kept as text.
    let mut approval_at: Option<(usize, usize)> = None;
    let mut in_closing = false;
    let mut after_approval = 0usize;
    let decimal = map.has_outline();
    // With the approval under the title or in an article, the body may end
    // in a signature: the last lines, if they are an organisation and/or a date.
    let mut signature_lines: Vec<(usize, String)> = Vec::new();

    let push_text =
        |flats: &mut Vec<Flat>, parsed: &mut Parsed, text: String| match flats.last_mut() {
            Some(flat) if flat.awaiting_text && wrapped_first_line(flat.level, &text) => {
                flat.awaiting_text = false;
                flat.open_paragraph = true;
                flat.text.push(text);
            }
            Some(flat) if flat.open_paragraph => {
                flat.open_paragraph = false;
                match flat.text.last_mut() {
                    Some(last) => last.push_str(&text),
                    None => flat.text.push(text),
                }
            }
            Some(flat) if flat.awaiting_text => {
                flat.awaiting_text = false;
                let (heading, text) = split_heading(&text);
                flat.run_in = heading.is_some() && text.is_some();
                flat.heading = heading;
                flat.text.extend(text);
            }
            Some(flat) => flat.text.push(text),
            None => parsed.preamble.push(text),
        };

    for line in lines {
        if let Some((table, row)) = line.hint.table {
            if row == 0 {
                match flats.last_mut() {
                    Some(flat) => {
                        if let Some(caption) = table_caption(&mut flat.text) {
                            parsed.captions.push((table, caption));
                        }
                        flat.tables.push(table);
                        flat.awaiting_text = false;
                        flat.open_paragraph = false;
                    }
                    None => parsed.loose_tables.push(table),
                }
            }
            if flats.is_empty() {
                parsed
                    .preamble
                    .push(line.text.replace('\t', " ").trim().to_string());
            }
            continue;
        }
        if in_closing {
            // After the approval sentence: a signature, or text out of place.
            if after_approval < 2 && parsed.signature.as_ref().is_none_or(|s| s.2.is_none()) {
                if let Some(date) = date_line(&line.text) {
                    let org = parsed.signature.take().and_then(|s| s.1);
                    parsed.signature = Some((line.no, org, Some(date)));
                    after_approval += 1;
                    continue;
                }
                if parsed.signature.is_none() && org_like(&line.text) {
                    parsed.signature = Some((line.no, Some(line.text.clone()), None));
                    after_approval += 1;
                    continue;
                }
            }
            after_approval += 1;
            parsed.unplaced.push(Note {
                line: line.no,
                text: line.text.clone(),
                why: "text after the approval sentence: kept as text of the last node, printed before the approval".into(),
            });
            push_text(&mut flats, parsed, line.text.clone());
            continue;
        }
        // An approval sentence under a label (第五条 本制度经……通过) is an
        // article of the regulation: [approval] would print it a second time.
        if parsed.approval.is_none()
            && parsed.approval_article.is_none()
            && let Some((label, rest)) = parse_label(&line.text)
            && is_approval_sentence(rest)
        {
            parsed.approval_article = Some((line.no, label.written.clone()));
        }
        if parsed.approval.is_none()
            && parse_label(&line.text).is_none()
            && let Some(approval) = parse_approval(line.no, &line.text)
        {
            // Kept as text until it is known whether [approval] can hold it.
            if let Some(index) = flats.len().checked_sub(1) {
                approval_at = Some((index, flats[index].text.len()));
                flats[index].text.push(line.text.clone());
                flats[index].awaiting_text = false;
            } else {
                parsed.preamble.push(line.text.clone());
            }
            parsed.approval = Some(approval);
            in_closing = true;
            continue;
        }
        let Some((label, rest)) = parse_label_with(&line.text, decimal) else {
            let signature_like = (parsed.approval_under_title || parsed.approval_article.is_some())
                && parsed.signature.is_none()
                && (date_line(&line.text).is_some() || org_like(&line.text));
            let paragraphs = flats.last().map_or(0, |f| f.text.len());
            push_text(&mut flats, parsed, line.text.clone());
            match flats.last() {
                Some(f) if signature_like && f.text.len() == paragraphs + 1 => {
                    signature_lines.push((line.no, line.text.clone()));
                }
                _ => signature_lines.clear(),
            }
            continue;
        };
        signature_lines.clear();
        // 参照第十二条（一）、\n（六）所列事项: a line broken before a
        // reference, not a new item.
        let continuing = flats.last().is_some_and(|f| {
            !f.awaiting_text && f.text.last().is_some_and(|t| t.ends_with(CONTINUING))
        });
        if continuing {
            if let Some(last) = flats.last_mut().and_then(|f| f.text.last_mut()) {
                last.push_str(&line.text);
            }
            parsed.unplaced.push(Note {
                line: line.no,
                text: line.text.clone(),
                why: format!(
                    "starts with {} but continues the sentence before it: joined to it",
                    label.written
                ),
            });
            continue;
        }
        let Some(level) = map.level_of(&label, rest, line.hint.context) else {
            // 第三章规定的……: a reference at the start of a sentence.
            push_text(&mut flats, parsed, line.text.clone());
            continue;
        };
        let reject = |why: String| Note {
            line: line.no,
            text: line.text.clone(),
            why,
        };
        let group = map.is_group(level);
        // Why the label is not taken as structure, if it is not.
        let rejected: Option<String> = if !map.fits(level, depth, open_groups) {
            Some(format!(
                "label {} is level {level} but follows a level-{depth} node: kept as text",
                label.written
            ))
        } else if map.beyond_outline(&label) {
            Some(format!(
                "label {} is deeper than the outline's levels: kept as text",
                label.written
            ))
        } else if !label.parents.is_empty() && counts.open(level - 1) != label.parents {
            Some(format!(
                "label {} is not under the heading its numbers name: kept as text",
                label.written
            ))
        } else if level > MAX_LEVELS {
            Some(format!(
                "label {} would be level {level} (a charter has {MAX_LEVELS}): kept as text",
                label.written
            ))
        } else if map.is_new(level) && label.number != 1 && !group {
            Some(format!(
                "label {} starts a new level but is not its first: kept as text",
                label.written
            ))
        } else {
            let (restart, counted_on, first_child) = counts.due(level);
            let renumber = |why: String| Note {
                line: line.no,
                text: line.text.clone(),
                why,
            };
            if label.number == restart || (first_child && label.number == counted_on) {
                None
            } else if label.number > restart && label.number <= restart + 2 {
                parsed.renumbered.push(renumber(format!(
                    "numbering skips: {} where {} was due; charter numbers it {}",
                    label.written,
                    label.form.render(restart),
                    label.form.render(restart)
                )));
                None
            } else if group {
                // A chapter heading is a chapter whatever its number says:
                // Word's automatic numbering mixed with typed chapters
                // shows 附则 as 第一章 after 第六章.
                parsed.renumbered.push(renumber(format!(
                    "the original shows {} where {} was due (a slip, or Word's automatic numbering mixed with typed numbers): charter numbers it {}",
                    label.written,
                    label.form.render(restart),
                    label.form.render(restart)
                )));
                None
            } else {
                Some(format!(
                    "label {} does not continue the count ({} was due): kept as text",
                    label.written,
                    label.form.render(restart)
                ))
            }
        };
        if let Some(why) = rejected {
            parsed.unplaced.push(reject(why));
            // After an unfinished sentence it is the rest of that sentence.
            // (A heading of an outline, 5.2.1、, is never a sentence's rest.)
            match flats.last_mut().and_then(|f| f.text.last_mut()) {
                Some(last) if !ends_sentence(last) && label.parents.is_empty() => {
                    last.push_str(&line.text)
                }
                _ => push_text(&mut flats, parsed, line.text.clone()),
            }
            continue;
        }
        map.record(&label, level, line);
        let (restart, _, _) = counts.due(level);
        // A renumbered group counts as the number due.
        // (One numbered below the count, 第一章 after 第四章, too: the
        // chapters after it count on from where charter put it.)
        let number = if group
            && label.number != restart
            && (label.number > restart + 2 || label.number < restart)
        {
            restart
        } else {
            label.number
        };
        counts.count(level, number);
        if group {
            open_groups = level;
        }
        depth = level;
        let wrapped = wrapped_first_line(level, rest);
        let (heading, text) = if wrapped {
            (None, Some(rest.trim_matches(is_space).to_string()))
        } else {
            split_heading(rest)
        };
        let run_in = heading.is_some() && text.is_some();
        flats.push(Flat {
            level,
            label: label.written.clone(),
            line: line.no,
            tables: Vec::new(),
            awaiting_text: heading.is_none() && text.is_none(),
            open_paragraph: wrapped,
            run_in,
            heading,
            text: text.into_iter().collect(),
        });
    }

    if let Some((org, date)) = signature_at_end(&signature_lines) {
        if parsed.approval_under_title {
            if let Some(last) = flats.last_mut() {
                last.text
                    .truncate(last.text.len().saturating_sub(signature_lines.len()));
            }
            parsed.signature = Some((signature_lines[0].0, org, Some(date)));
        } else {
            // Under an approval article there is no [approval] to sign.
            for (no, text) in signature_lines {
                parsed.unplaced.push(Note {
                    line: no,
                    text,
                    why: "signature under the approval article: kept as its text".into(),
                });
            }
        }
    }
    // The signature may follow the list of appendices (附件：1. … 2. …).
    if parsed.signature.is_none() && parsed.approval.is_some() {
        take_tail_signature(parsed);
    }

    // The approval sentence stays text unless [approval] can hold it (it
    // needs a date, from the sentence or the signature under it).
    if let Some(approval) = &mut parsed.approval
        && approval.date.is_none()
    {
        approval.date = parsed.signature.as_ref().and_then(|s| s.2);
    }
    let complete = parsed.approval.as_ref().is_some_and(|a| a.date.is_some());
    if let (Some((node, paragraph)), true) = (approval_at, complete)
        && let Some(flat) = flats.get_mut(node)
        && paragraph < flat.text.len()
    {
        flat.text.remove(paragraph);
    }
    if let (Some(approval), false) = (&parsed.approval, complete)
        && approval_at.is_some()
    {
        parsed.unplaced.push(Note {
            line: approval.line,
            text: approval.sentence.clone(),
            why: "approval sentence without a date ([approval] needs one): kept as text where it stood; see the commented [approval] at the end of the charter".into(),
        });
    }
    if !complete && let Some((no, org, date)) = parsed.signature.take() {
        let text: Vec<String> = org.into_iter().chain(date.map(|d| d.zh())).collect();
        for t in &text {
            push_text(&mut flats, parsed, t.clone());
        }
        parsed.unplaced.push(Note {
            line: no,
            text: text.join(" "),
            why: "signature without an approval to sign: kept as text".into(),
        });
    }

    let restarts = counts.restarts.clone();
    let continues = counts.continues.clone();
    let (mut levels, groups, renumber) = map.finish();
    for (i, level) in levels.iter_mut().enumerate() {
        // Evidence is by old level; find the old index of new level i.
        let old = renumber.iter().position(|&n| n == i + 1).unwrap_or(i);
        let restarted = restarts.get(old).copied().unwrap_or(0);
        let continued = continues.get(old).copied().unwrap_or(0);
        level.continuous = if i < groups {
            false
        } else if continued > 0 && restarted == 0 {
            true
        } else if restarted > 0 {
            false
        } else {
            level.form.conventionally_continuous()
        };
    }
    for flat in &mut flats {
        flat.level = renumber.get(flat.level - 1).copied().unwrap_or(flat.level);
    }
    for level in &levels {
        for (form, n) in level.variants.iter().filter(|(f, _)| *f != level.form) {
            parsed.renumbered.push(Note {
                line: level.example.0,
                text: form.render(1),
                why: format!(
                    "{n} label(s) written {} among {}: charter prints them all as {}",
                    form.pattern(),
                    level.form.pattern(),
                    level.form.pattern()
                ),
            });
        }
    }
    parsed.levels = levels;
    parsed.groups = groups;
    let mut flats = fold_empty_nodes(flats, parsed);
    fold_lone_run_ins(&mut flats);
    parsed.run_in_headings = flats.iter().filter(|f| f.run_in).count();
    parsed.sections = assemble(flats);
}

pub(super) fn org_like(text: &str) -> bool {
    title_like(text) && ends_with_any(text, ORG_SUFFIXES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
                tabbed: false,
                joined: Vec::new(),
                hint: Default::default(),
            })
            .collect()
    }

    #[test]
    fn approval_sentences() {
        let a = parse_approval(
            1,
            "本制度经示范中心第二届理事会第四次会议审议通过，自审议通过之日起施行。",
        );
        let a = a.unwrap_or_else(|| unreachable!());
        assert_eq!(
            (a.term, a.session, a.body.as_str(), a.date),
            (2, 4, "理事会", None)
        );
        let b = parse_approval(
            1,
            "本办法于2024年6月18日经第三届第5次理事会通过，自2024年7月1日起施行。",
        )
        .unwrap_or_else(|| unreachable!());
        assert_eq!((b.term, b.session), (3, 5));
        assert_eq!(b.date, Date::new(2024, 6, 18));
        assert_eq!(b.effective, Date::new(2024, 7, 1));
        assert!(parse_approval(1, "本公约的修订须报理事会讨论通过。").is_none());
        let c = parse_approval(1, "（二〇二三年五月二十日第一届会员大会第三次会议通过）")
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            (c.body.as_str(), c.date),
            ("会员大会", Date::new(2023, 5, 20))
        );
    }

    #[test]
    fn a_long_line_under_a_bare_label_is_wrapped_text_not_a_heading() {
        // PDF text: the label alone, then the paragraph wrapped mid-word.
        let parsed = parse(&lines(
            "第一章 总则\n第一条\n本会每年向社会公开年度工作报告和财务会\n计报告，接受社会监督。\n第二条\n会员义务\n遵守本章程。\n",
        ));
        let articles = &parsed.sections[0].children;
        assert_eq!(articles[0].heading, None);
        assert_eq!(
            articles[0].text,
            ["本会每年向社会公开年度工作报告和财务会计报告，接受社会监督。"]
        );
        // A short line there is still a heading.
        assert_eq!(articles[1].heading.as_deref(), Some("会员义务"));
        assert_eq!(articles[1].text, ["遵守本章程。"]);
    }

    #[test]
    fn a_short_first_sentence_in_one_article_of_many_is_text() {
        let parsed = parse(&lines(
            "第一章 总则\n第一条 本会设理事会。理事会每年召开两次会议。\n第二条 理事任期五年，可以连任。\n第三条 理事会决议须过半数通过。\n第四条 监事列席理事会会议。\n",
        ));
        let articles = &parsed.sections[0].children;
        assert_eq!(articles[0].heading, None);
        assert_eq!(articles[0].text, ["本会设理事会。理事会每年召开两次会议。"]);
        assert_eq!(parsed.run_in_headings, 0);
    }

    #[test]
    fn a_long_line_after_a_clause_label_wraps_on_the_next() {
        let parsed = parse(&lines(
            "第一章 总则\n第一条 本会每年向社会公开年度工作报告和财务会\n计报告，接受社会监督。\n",
        ));
        let article = &parsed.sections[0].children[0];
        assert_eq!(article.heading, None);
        assert_eq!(
            article.text,
            ["本会每年向社会公开年度工作报告和财务会计报告，接受社会监督。"]
        );
    }

    #[test]
    fn levels_headings_and_text() {
        let parsed = parse(&lines(
            "示范社会工作服务中心\n服务公约\n为规范服务，制定本公约。\n一、总则\n本公约适用于全体人员。\n二、服务原则\n（一）公平公正。一视同仁。\n（二）热情接待来访群众，及时登记诉求。\n1、接待\n2、解答\n（三）信息公开\n三、附则\n本公约经第一届理事会第二次会议审议通过，即日起施行。\n",
        ));
        assert_eq!(
            parsed.org_line.map(|o| o.1).as_deref(),
            Some("示范社会工作服务中心")
        );
        assert_eq!(parsed.title.map(|t| t.1).as_deref(), Some("服务公约"));
        assert_eq!(parsed.preamble, ["为规范服务，制定本公约。"]);
        let patterns: Vec<String> = parsed.levels.iter().map(|l| l.form.pattern()).collect();
        assert_eq!(patterns, ["{zh}、", "（{zh}）", "{n}、"]);
        assert_eq!(parsed.sections.len(), 3);
        let principles = &parsed.sections[1];
        assert_eq!(principles.heading.as_deref(), Some("服务原则"));
        assert_eq!(
            principles.children[0].heading.as_deref(),
            Some("公平公正。")
        );
        assert_eq!(principles.children[0].text, ["一视同仁。"]);
        assert_eq!(principles.children[1].children.len(), 2);
        assert_eq!(principles.children[2].heading.as_deref(), Some("信息公开"));
        // No date: the approval sentence stays in the text and is reported.
        assert_eq!(parsed.approval.as_ref().map(|a| a.term), Some(1));
        assert!(parsed.sections[2].text[0].starts_with("本公约经"));
        assert_eq!(parsed.unplaced.len(), 1);
    }

    #[test]
    fn cross_references_and_stray_labels_stay_text() {
        let parsed = parse(&lines(
            "章程\n第一章 总则\n第一条 名称。\n第二条 参照第一条办理。\n第二章 会员\n第三条 会员。\n5. 不成序的编号\n第四条 其他。\n",
        ));
        let patterns: Vec<String> = parsed.levels.iter().map(|l| l.form.pattern()).collect();
        assert_eq!(patterns, ["第{zh}章", "第{zh}条"]);
        assert!(parsed.levels[1].continuous);
        assert_eq!(
            parsed.sections[1].children[0].text,
            ["会员。", "5. 不成序的编号"]
        );
        assert_eq!(parsed.unplaced.len(), 1);
    }

    #[test]
    fn mixed_full_and_half_width_labels_are_one_level() {
        let parsed = parse(&lines(
            "制度\n一、总则\n（一）甲。\n(二)乙。\n（三）丙。\n二、附则\n(一)丁。\n",
        ));
        assert_eq!(parsed.levels.len(), 2);
        assert_eq!(parsed.levels[1].form.pattern(), "（{zh}）");
        assert_eq!(parsed.sections[0].children.len(), 3);
        // Placed, and said: the half-width ones print full-width.
        assert!(parsed.unplaced.is_empty(), "{:?}", parsed.unplaced);
        assert_eq!(parsed.renumbered.len(), 1, "{:?}", parsed.renumbered);
    }

    #[test]
    fn sections_inside_chapters_wherever_they_first_appear() {
        let parsed = parse(&lines(
            "章程
第一章 总则
第一条 名称。
第二章 机构
第一节 大会
第二条 大会。
第二节 理事会
第三条 理事会。
（一）执行决议；
第三章 附则
第四条 解释。
",
        ));
        let patterns: Vec<String> = parsed.levels.iter().map(|l| l.form.pattern()).collect();
        assert_eq!(patterns, ["第{zh}章", "第{zh}节", "第{zh}条", "（{zh}）"]);
        assert_eq!(parsed.groups, 2);
        assert!(parsed.unplaced.is_empty(), "{:?}", parsed.unplaced);
        let chapter_two = &parsed.sections[1];
        assert_eq!(chapter_two.children.len(), 2);
        assert_eq!(chapter_two.children[1].label, "第二节");
        assert_eq!(chapter_two.children[1].children[0].label, "第三条");
        // 第一条 right under 第一章, 第四条 right under 第三章.
        assert_eq!(parsed.sections[0].children[0].level, 3);
        assert_eq!(parsed.sections[2].children[0].label, "第四条");
    }

    #[test]
    fn restarts_items_under_chapters_and_a_misnumbered_chapter() {
        let parsed = parse(&lines(
            "办法
第一章 总则
第一条 甲。
第二条 乙。
第二章 奖项
共设两项：
（一）甲奖
（二）乙奖
第三章 标准
第一条 丙。
第二条 丁。
第一章 附则
第一条 戊。
",
        ));
        assert!(parsed.unplaced.is_empty(), "{:?}", parsed.unplaced);
        assert_eq!(parsed.sections.len(), 4);
        assert_eq!(parsed.sections[1].text, ["共设两项："]);
        assert_eq!(parsed.sections[1].children[0].label, "（一）");
        assert!(!parsed.levels[1].continuous, "articles restart");
        let renumbered: Vec<usize> = parsed.renumbered.iter().map(|n| n.line).collect();
        assert_eq!(renumbered, [12]);
        assert_eq!(parsed.sections[3].children[0].text, ["戊。"]);
    }

    #[test]
    fn five_numbered_levels() {
        let parsed = parse(&lines(
            "规定
第一章 总则
第一条 甲：
（一）乙：
1. 丙：
（1）丁：
① 戊；
② 己。
",
        ));
        assert!(parsed.unplaced.is_empty(), "{:?}", parsed.unplaced);
        assert_eq!(parsed.levels.len(), 6);
        let point = &parsed.sections[0].children[0].children[0].children[0].children[0];
        assert_eq!(point.children.len(), 2);
        assert_eq!(point.children[1].text, ["己。"]);
    }

    #[test]
    fn dated_approval_and_signature_leave_the_text() {
        let parsed = parse(&lines(
            "服务制度\n一、总则\n正文。\n本制度经示范中心第二届理事会第四次会议审议通过，自审议通过之日起施行。\n示范中心\n2025年3月1日\n",
        ));
        assert_eq!(parsed.sections[0].text, ["正文。"]);
        assert_eq!(parsed.approval.and_then(|a| a.date), Date::new(2025, 3, 1));
        assert!(parsed.signature.is_some());
        assert!(parsed.unplaced.is_empty());
    }

    #[test]
    fn an_approval_sentence_under_a_label_stays_an_article() {
        let parsed = parse(&lines(
            "财务制度\n第一条 收支两条线。\n第二条 本制度经2025年1月10日第二届理事会第三次会议审议通过。\n第三条 本制度由理事会负责解释。\n",
        ));
        assert!(parsed.approval.is_none());
        assert_eq!(parsed.approval_article, Some((3, "第二条".to_string())));
        let texts: Vec<&str> = parsed.sections.iter().map(|n| n.text[0].as_str()).collect();
        assert_eq!(
            texts,
            [
                "收支两条线。",
                "本制度经2025年1月10日第二届理事会第三次会议审议通过。",
                "本制度由理事会负责解释。"
            ]
        );
    }

    #[test]
    fn a_signature_under_an_approval_article_is_flagged() {
        let parsed = parse(&lines(
            "财务制度\n第一条 收支两条线。\n第二条 本制度经2025年1月10日第二届理事会第三次会议审议通过。\n示范服务社\n2025年1月10日\n",
        ));
        let flagged: Vec<usize> = parsed.unplaced.iter().map(|n| n.line).collect();
        assert_eq!(flagged, [4, 5]);
        assert_eq!(parsed.sections[1].text.len(), 3);
    }

    #[test]
    fn an_approval_under_the_title_leaves_the_signature_at_the_end() {
        let parsed = parse(&lines(
            "服务制度\n（2025年3月1日第二届理事会第四次会议审议通过）\n一、总则\n正文。\n示范服务社\n2025年3月1日\n",
        ));
        assert!(parsed.approval_under_title);
        assert_eq!(parsed.sections[0].text, ["正文。"]);
        let (_, org, date) = parsed.signature.unwrap_or_default();
        assert_eq!(org.as_deref(), Some("示范服务社"));
        assert_eq!(date, Date::new(2025, 3, 1));
    }

    #[test]
    fn a_cover_notice_before_the_title_is_set_aside() {
        let parsed = parse(&lines(
            "示范服务社文件\n示发〔2024〕3号\n关于印发《示范服务社财务制度》的通知\n各部门：\n现将制度印发给你们，请遵照执行。\n示范服务社\n2024年3月1日\n示范服务社\n财务制度\n第一条 收支两条线。\n",
        ));
        let notice: Vec<usize> = parsed.cover_notice.iter().map(|(no, _)| *no).collect();
        assert_eq!(notice, [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(parsed.org_line.map(|(no, _)| no), Some(8));
        assert_eq!(parsed.title.map(|(_, t)| t).as_deref(), Some("财务制度"));
        assert!(parsed.preamble.is_empty(), "{:?}", parsed.preamble);
    }

    #[test]
    fn a_title_without_a_notice_above_it_keeps_the_preamble() {
        let parsed = parse(&lines(
            "示范服务社\n财务制度\n为规范财务管理，制定本制度。\n第一条 收支两条线。\n",
        ));
        assert!(parsed.cover_notice.is_empty());
        assert_eq!(parsed.preamble, ["为规范财务管理，制定本制度。"]);
    }

    #[test]
    fn a_stray_label_at_the_end_goes_back_as_text() {
        let parsed = parse(&lines("第一章 总则\n第一条 收支两条线。\n（1）\n"));
        let article = &parsed.sections[0].children[0];
        assert!(article.children.is_empty());
        assert_eq!(article.text, ["收支两条线。", "（1）"]);
        assert_eq!(
            parsed.unplaced.iter().map(|n| n.line).collect::<Vec<_>>(),
            [3]
        );
    }
}
