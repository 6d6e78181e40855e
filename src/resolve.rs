//! Validate, number and render a merged charter into the resolved [`Document`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Loc, SourceMap, Sp};
use crate::document::*;
use crate::format::scheme::ref_label;
use crate::format::{
    AppendixKind, ApprovalPlace, DEFAULT_OPEN_LINES, DEFAULT_SCALE, PLACEHOLDER, PageNumber,
    QuestionKind, Scheme, approval_note, approval_sentence, regulation_word,
};
use crate::lint::lint_text;
use crate::merge::Merged;
use crate::numbering::{Counters, scheme_of};
use crate::render::{RefTable, Renderer};
use crate::sandbox::{IMAGE_LIMIT, Sandbox};
use crate::source::*;
use crate::zh::Date;

/// Most numbered nodes one charter may have (the Civil Code has 1,260
/// articles): a file of a million empty sections fails alone.
pub const MAX_NODES: usize = 20_000;

/// The node after the first `limit` in document order, if there is one.
fn node_beyond(nodes: &[NodeSource], limit: usize) -> Option<&NodeSource> {
    let mut stack: Vec<&NodeSource> = nodes.iter().rev().collect();
    let mut seen = 0;
    while let Some(node) = stack.pop() {
        if seen == limit {
            return Some(node);
        }
        seen += 1;
        stack.extend(node.children.iter().rev());
    }
    None
}

/// The approval as settled from `[approval]` and the revision history.
struct Settled {
    body: Option<crate::source::Text>,
    term: u32,
    session: u32,
    date: Date,
    effective: Option<Date>,
    statement: Option<crate::source::Text>,
}

/// Numbers a node tree and records the labels `ref()` can name.
struct Numbered {
    labels: BTreeMap<String, (u64, String)>,
    refs: RefTable,
}

pub fn resolve(
    merged: &Merged,
    sources: &SourceMap,
    sandbox: &Sandbox,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let source = &merged.source;
    let errors_before = diags.error_count();
    let header = source
        .header
        .clone()
        .unwrap_or_else(|| Loc::new(source.file, 0..0));

    let written = |key: &str| source.meta.keys.iter().any(|k| k == key);
    let id = match &source.meta.id {
        Some(id) => id.value.clone(),
        None if written("id") => String::new(),
        None => {
            diags.push(
                Diagnostic::error("the charter has no id")
                    .at(&header)
                    .label("[charter] needs an id")
                    .help("add id = \"service-commitment\" to [charter]: it names the output files and stays the same across versions"),
            );
            String::new()
        }
    };
    let Some(title) = source.meta.title.clone() else {
        if written("title") {
            return None;
        }
        diags.push(
            Diagnostic::error("the charter has no title")
                .at(&header)
                .label("[charter] needs a title")
                .help("add title = \"服务承诺制度\" to [charter]"),
        );
        return None;
    };
    if let Some(beyond) = node_beyond(&source.sections, MAX_NODES) {
        diags.push(
            Diagnostic::error(format!(
                "more than {MAX_NODES} numbered nodes in one charter"
            ))
            .at(&beyond.loc)
            .label("one node too many")
            .help("split the regulation into several charters"),
        );
        return None;
    }
    let scheme = scheme_of(source.meta.numbering.as_ref(), diags)?;
    let numbered = number(&source.sections, &source.appendices, &scheme, diags);
    let settled = settle_approval(source, diags);
    let org = resolve_org(source, &header, sources, sandbox, diags);

    // Variables first, then the title and number that other texts may use.
    let mut context = base_context(source, &org, settled.as_ref(), &id);
    let renderer = Renderer::new(&context, numbered.refs.clone());
    let title_text = renderer.line(&title, diags).unwrap_or_default();
    let number_text = source
        .meta
        .number
        .as_ref()
        .and_then(|n| renderer.line(n, diags));
    context["charter"]["title"] = title_text.clone().into();
    if let Some(number) = &number_text {
        context["charter"]["number"] = number.clone().into();
    }
    let renderer = Renderer::new(&context, numbered.refs);

    let mut origins = BTreeMap::new();
    let mut record = |key: String, text: &crate::source::Text| {
        origins.insert(key, sources.describe(&text.loc));
    };
    record("title".into(), &title);
    let preamble = match &source.meta.preamble {
        Some(text) => {
            record("preamble".into(), text);
            lint_text(text, diags);
            renderer
                .paragraphs(text, diags)
                .map(|r| r.paragraphs)
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    let mut ctx = NodeCtx {
        renderer: &renderer,
        labels: &numbered.labels,
        scheme: &scheme,
        diags,
        record: &mut record,
    };
    let sections = ctx.nodes(&source.sections, "");
    let appendices = ctx.appendices(&source.appendices);
    let diags = ctx.diags;

    let kind_word = regulation_word(&title_text);
    let layout = resolve_layout(&source.layout, sources, sandbox, settled.is_some(), diags);
    let approval = settled.map(|s| {
        let body = s
            .body
            .as_ref()
            .and_then(|b| renderer.line(b, diags))
            .unwrap_or_else(|| "理事会".to_string());
        let statement = match &s.statement {
            Some(text) => {
                lint_text(text, diags);
                renderer.line(text, diags).unwrap_or_default()
            }
            None => match layout.approval {
                ApprovalPlace::Closing => {
                    approval_sentence(kind_word, &org.name, &body, s.term, s.session, s.effective)
                }
                ApprovalPlace::Title => {
                    approval_note(&body, s.date, s.term, s.session, s.effective)
                }
            },
        };
        Approval {
            body,
            term: s.term,
            session: s.session,
            date: s.date,
            effective: s.effective,
            statement,
        }
    });
    let revisions = source
        .revisions
        .iter()
        .flatten()
        .filter_map(|r| {
            Some(Revision {
                version: r.version.as_ref().map(|v| v.value.clone()),
                date: r.date.as_ref()?.value,
                term: r.term.as_ref()?.value,
                session: r.session.as_ref()?.value,
                summary: r.summary.as_ref().and_then(|s| renderer.line(s, diags)),
            })
        })
        .collect();

    let statement = approval.as_ref().map(|a| a.statement.clone());
    let (title_note, statement) = match layout.approval {
        ApprovalPlace::Title => (statement, None),
        ApprovalPlace::Closing => (None, statement),
    };
    let closing = Closing {
        statement,
        appendix_list: appendices
            .iter()
            .map(|a| format!("{}. {}", a.number, a.title))
            .collect(),
        signature: match (&approval, layout.signature) {
            (Some(a), true) => Some(Signature {
                org: org.name.clone(),
                date: a.date.zh(),
            }),
            _ => None,
        },
    };

    if diags.error_count() > errors_before {
        return None;
    }
    Some(Document {
        schema: SCHEMA_VERSION,
        id,
        source: crate::diag::display_path(&source.path),
        title: title_text,
        number: number_text,
        title_note,
        org,
        numbering: scheme,
        preamble,
        layout,
        sections,
        approval,
        closing,
        revisions,
        appendices,
        origins,
        print: None,
    })
}

fn base_context(
    source: &CharterSource,
    org: &Org,
    approval: Option<&Settled>,
    id: &str,
) -> serde_json::Value {
    let mut org_value = serde_json::to_value(org).unwrap_or_default();
    // `org.extra` holds the free table; templates reach it as org.extra.key.
    if org_value.get("extra").is_none() {
        org_value["extra"] = serde_json::json!({});
    }
    let mut context = serde_json::json!({
        "org": org_value,
        "charter": { "id": id },
        "vars": source.vars.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect::<serde_json::Map<_, _>>(),
    });
    if let Some(a) = approval {
        context["approval"] = serde_json::json!({
            "body": a.body.as_ref().map(|b| b.src.clone()).unwrap_or_else(|| "理事会".into()),
            "term": a.term,
            "session": a.session,
            "date": a.date.to_string(),
            "effective": a.effective.map(|d| d.to_string()).unwrap_or_else(|| "upon-approval".into()),
        });
    }
    if let Some(current) = source.revisions.as_ref().and_then(|r| r.last()) {
        let mut revision = serde_json::Map::new();
        if let Some(v) = &current.version {
            revision.insert("version".into(), v.value.clone().into());
        }
        if let Some(d) = &current.date {
            revision.insert("date".into(), d.value.to_string().into());
        }
        if let Some(t) = &current.term {
            revision.insert("term".into(), t.value.into());
        }
        if let Some(s) = &current.session {
            revision.insert("session".into(), s.value.into());
        }
        if let Some(s) = &current.summary {
            revision.insert("summary".into(), s.src.clone().into());
        }
        context["revision"] = revision.into();
    }
    if let Some(numbering) = &source.meta.numbering
        && let NumberingSource::Named(name) = &numbering.value
    {
        context["charter"]["numbering"] = name.clone().into();
    }
    context
}

fn resolve_org(
    source: &CharterSource,
    header: &Loc,
    sources: &SourceMap,
    sandbox: &Sandbox,
    diags: &mut Diagnostics,
) -> Org {
    for (key, value) in &source.org.fields {
        if value.value.contains(PLACEHOLDER) {
            diags.push(
                Diagnostic::warning(format!("org.{key} is still the placeholder {PLACEHOLDER}"))
                    .at(&value.loc)
                    .label("to fill in")
                    .help(format!("write the organisation's real {key} here")),
            );
        }
    }
    let field = |key: &str| source.org.fields.get(key).map(|v| v.value.clone());
    let name = match field("name") {
        Some(name) => name,
        None => {
            diags.push(
                Diagnostic::error("no organisation name for this charter")
                    .at(header)
                    .label("org.name is needed")
                    .help("put name = \"…\" in an org.toml in the charter's folder (or a folder above it), in [org], or pass --org FILE"),
            );
            String::new()
        }
    };
    // A logo path is relative to the file that names it, and must be an
    // image inside the project; it is checked here, read only when printed.
    let logo = source.org.fields.get("logo").and_then(|logo| {
        let file = sources.path(logo.loc.file);
        let dir = file.parent().unwrap_or(Path::new("."));
        match sandbox.resolve(dir, &logo.value, IMAGE_LIMIT) {
            Ok(_) => Some(relative_to_file(sources, &logo.loc, &logo.value)),
            Err(refusal) => {
                let shown = crate::diag::display_path(&dir.join(&logo.value));
                diags.push(
                    Diagnostic::error(format!("logo: {}", refusal.describe(&shown)))
                        .at(&logo.loc)
                        .label("the organisation's logo")
                        .help(refusal.hint()),
                );
                None
            }
        }
    });
    Org {
        name,
        short_name: field("short_name"),
        name_en: field("name_en"),
        code: field("code"),
        phone: field("phone"),
        email: field("email"),
        address: field("address"),
        website: field("website"),
        logo,
        supervisor: field("supervisor"),
        registrar: field("registrar"),
        extra: source
            .org
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
    }
}

fn resolve_layout(
    layout: &LayoutSource,
    sources: &SourceMap,
    sandbox: &Sandbox,
    approved: bool,
    diags: &mut Diagnostics,
) -> Layout {
    // A bare name is a template of the project; a path is relative to the
    // file naming it. Either must exist (inside the project) now, so that a
    // mistake is reported at this line rather than by a backend.
    let template = match &layout.template {
        None => "formal".into(),
        Some(t) => {
            let spec = if crate::backend::layout::is_path(&t.value) {
                relative_to_file(sources, &t.loc, &t.value)
            } else {
                t.value.clone()
            };
            crate::backend::layout::locate(&spec, sandbox, Some(&t.loc), diags);
            spec
        }
    };
    Layout {
        template,
        cover: layout.cover.as_ref().is_some_and(|c| c.value),
        header: layout.header.as_ref().is_none_or(|h| h.value),
        page_number: layout
            .page_number
            .as_ref()
            .map(|p| p.value)
            .unwrap_or(PageNumber::Dash),
        signature: layout.signature.as_ref().map_or(approved, |s| s.value),
        approval: layout
            .approval
            .as_ref()
            .map(|a| a.value)
            .unwrap_or_default(),
    }
}

/// Settles the approval from `[approval]` and the last `[[revision]]`,
/// reporting where they disagree.
fn settle_approval(source: &CharterSource, diags: &mut Diagnostics) -> Option<Settled> {
    let revisions = source.revisions.as_deref().unwrap_or(&[]);
    check_revision_order(revisions, diags);
    let last = revisions.last();
    match (&source.approval, last) {
        (Some(approval), last) => {
            let loc = approval
                .loc
                .clone()
                .unwrap_or_else(|| Loc::new(source.file, 0..0));
            let mut missing = Vec::new();
            let written = |key: &str| approval.keys.iter().any(|k| k == key);
            let term = pick(
                &approval.term,
                last.and_then(|r| r.term.as_ref()),
                "term",
                &mut missing,
                diags,
            );
            let session = pick(
                &approval.session,
                last.and_then(|r| r.session.as_ref()),
                "session",
                &mut missing,
                diags,
            );
            let date = pick(
                &approval.date,
                last.and_then(|r| r.date.as_ref()),
                "date",
                &mut missing,
                diags,
            );
            missing.retain(|key| !written(key));
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::error(format!("[approval] is missing {}", missing.join(", ")))
                        .at(&loc)
                        .label("incomplete approval")
                        .help("give body, term, session and date, e.g. term = 2, session = 4, date = 2025-03-01"),
                );
                return None;
            }
            let effective = approval.effective.as_ref().and_then(|e| match &e.value {
                Effective::UponApproval => None,
                Effective::On(d) => Some(*d),
            });
            let date = date?;
            if let (Some(effective), Some(e)) = (effective, &approval.effective)
                && effective < date
            {
                diags.push(
                    Diagnostic::warning("the charter takes effect before it is approved")
                        .at(&e.loc)
                        .label(format!("before the approval date {date}"))
                        .help("check effective and date in [approval]"),
                );
            }
            Some(Settled {
                body: approval.body.clone(),
                term: term?,
                session: session?,
                date,
                effective,
                statement: approval.statement.clone(),
            })
        }
        (None, Some(last)) => Some(Settled {
            body: None,
            term: last.term.as_ref()?.value,
            session: last.session.as_ref()?.value,
            date: last.date.as_ref()?.value,
            effective: None,
            statement: None,
        }),
        (None, None) => {
            if !source.meta.model.as_ref().is_some_and(|m| m.value) {
                let loc = source
                    .header
                    .clone()
                    .unwrap_or_else(|| Loc::new(source.file, 0..0));
                diags.push(
                    Diagnostic::warning("no [approval] and no [[revision]]: the approval sentence and signature are left out")
                        .at(&loc)
                        .label("not yet approved")
                        .help("add [approval] with body, term, session and date once the board has approved it"),
                );
            }
            None
        }
    }
}

/// The value from `[approval]`, checked against the last revision; or the
/// revision's when `[approval]` leaves it out.
fn pick<T: PartialEq + Copy + std::fmt::Display>(
    approval: &Option<Sp<T>>,
    revision: Option<&Sp<T>>,
    key: &str,
    missing: &mut Vec<&'static str>,
    diags: &mut Diagnostics,
) -> Option<T> {
    match (approval, revision) {
        (Some(a), Some(r)) if a.value != r.value => {
            diags.push(
                Diagnostic::error(format!(
                    "the last [[revision]] disagrees with [approval]: {key} {} vs {}",
                    r.value, a.value
                ))
                .at(&r.loc)
                .label(format!("revision says {}", r.value))
                .also(&a.loc, format!("[approval] says {}", a.value))
                .help(format!("the last revision is the current version: make its {key} equal to [approval]'s, or leave [approval] out and it is taken from the revision")),
            );
            None
        }
        (Some(a), _) => Some(a.value),
        (None, Some(r)) => Some(r.value),
        (None, None) => {
            missing.push(match key {
                "term" => "term",
                "session" => "session",
                _ => "date",
            });
            None
        }
    }
}

fn check_revision_order(revisions: &[RevisionSource], diags: &mut Diagnostics) {
    for revision in revisions {
        let missing: Vec<&str> = ["date", "term", "session"]
            .into_iter()
            .filter(|key| !revision.keys.iter().any(|k| k == key))
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(format!("[[revision]] is missing {}", missing.join(", ")))
                    .at(&revision.loc)
                    .label("incomplete revision")
                    .help("each revision needs date, term and session (version and summary are optional)"),
            );
        }
    }
    for pair in revisions.windows(2) {
        if let (Some(a), Some(b)) = (&pair[0].date, &pair[1].date)
            && b.value < a.value
        {
            diags.push(
                    Diagnostic::error("revisions must be listed oldest first")
                        .at(&b.loc)
                        .label(format!("{} comes after {}", b.value, a.value))
                        .also(&a.loc, "later date")
                        .help("order the [[revision]] entries by date; the last one is the current version"),
                );
        }
    }
}

/// Computes every label before any text is rendered.
fn number(
    sections: &[NodeSource],
    appendices: &[AppendixSource],
    scheme: &Scheme,
    diags: &mut Diagnostics,
) -> Numbered {
    let mut numbered = Numbered {
        labels: BTreeMap::new(),
        refs: RefTable::default(),
    };
    let mut counters = Counters::new();
    fn walk(
        nodes: &[NodeSource],
        prefix: &str,
        scheme: &Scheme,
        counters: &mut Counters,
        out: &mut Numbered,
        diags: &mut Diagnostics,
    ) {
        for (index, node) in nodes.iter().enumerate() {
            let path = node_path(prefix, node, index);
            let level = usize::from(node.level);
            let Some(format) = scheme.levels.get(level - 1) else {
                diags.push(
                    Diagnostic::error(format!(
                        "numbering \"{}\" has {} levels; this node is at level {level}",
                        scheme.name,
                        scheme.levels.len()
                    ))
                    .at(&node.loc)
                    .label("no label pattern for this level")
                    .help("add a pattern for this level to [charter.numbering] levels"),
                );
                continue;
            };
            let n = counters.next(scheme, level);
            let Some(label) = format.label(n) else {
                diags.push(
                    Diagnostic::error(format!(
                        "\"{}\" has no label for number {n}",
                        format.pattern
                    ))
                    .at(&node.loc)
                    .label(format!("the {n}th node at this level"))
                    .help("circled numbers stop at ⑳; use a pattern with {n} for long lists"),
                );
                continue;
            };
            out.refs
                .entries
                .insert(path.clone(), (ref_label(&label), node.id.is_none()));
            out.labels.insert(path.clone(), (n, label));
            walk(&node.children, &path, scheme, counters, out, diags);
        }
    }
    walk(sections, "", scheme, &mut counters, &mut numbered, diags);
    for (index, appendix) in appendices.iter().enumerate() {
        if let Some(id) = &appendix.id {
            numbered
                .refs
                .entries
                .entry(id.value.clone())
                .or_insert_with(|| (format!("附件{}", index + 1), false));
        }
    }
    numbered
}

/// `prefix.id`, or `prefix.#n` for a node without an id.
fn node_path(prefix: &str, node: &NodeSource, index: usize) -> String {
    let own = match &node.id {
        Some(id) => id.value.clone(),
        None => format!("#{}", index + 1),
    };
    if prefix.is_empty() {
        own
    } else {
        format!("{prefix}.{own}")
    }
}

struct NodeCtx<'a, 'r> {
    renderer: &'a Renderer,
    labels: &'a BTreeMap<String, (u64, String)>,
    scheme: &'a Scheme,
    diags: &'a mut Diagnostics,
    record: &'r mut dyn FnMut(String, &crate::source::Text),
}

impl NodeCtx<'_, '_> {
    fn nodes(&mut self, nodes: &[NodeSource], prefix: &str) -> Vec<Node> {
        let mut out = Vec::new();
        for (index, node) in nodes.iter().enumerate() {
            let path = node_path(prefix, node, index);
            let Some((number, label)) = self.labels.get(&path).cloned() else {
                continue;
            };
            if node.level == 1 && node.heading.is_none() {
                let hint = if self.scheme.has_chapters() {
                    "add title = \"总则\": a chapter needs a title"
                } else {
                    "add title = \"…\" to this [[section]]"
                };
                self.diags.push(
                    Diagnostic::error("a section needs a title")
                        .at(&node.loc)
                        .label("no title")
                        .help(hint),
                );
            } else if node.heading.is_none() && node.text.is_none() && node.children.is_empty() {
                self.diags.push(
                    Diagnostic::error("an empty node: no heading, no text, nothing below it")
                        .at(&node.loc)
                        .label("nothing to print")
                        .help("add text = \"…\", or remove the entry"),
                );
            }
            let heading = node.heading.as_ref().and_then(|h| {
                (self.record)(format!("{path}#heading"), h);
                lint_text(h, self.diags);
                self.renderer.line(h, self.diags)
            });
            let rendered = node
                .text
                .as_ref()
                .and_then(|t| {
                    (self.record)(format!("{path}#text"), t);
                    lint_text(t, self.diags);
                    self.renderer.paragraphs(t, self.diags)
                })
                .unwrap_or_default();
            let children = self.nodes(&node.children, &path);
            out.push(Node {
                id: path.rsplit('.').next().unwrap_or(&path).to_string(),
                path,
                level: node.level,
                number,
                ref_label: ref_label(&label),
                label,
                heading,
                text: rendered.paragraphs,
                refs: rendered.refs,
                children,
            });
        }
        out
    }

    fn appendices(&mut self, appendices: &[AppendixSource]) -> Vec<Appendix> {
        let mut out = Vec::new();
        for (index, appendix) in appendices.iter().enumerate() {
            let number = index + 1;
            let written = |key: &str| appendix.keys.iter().any(|k| k == key);
            let id = match &appendix.id {
                Some(id) => id.value.clone(),
                None if written("id") => format!("#{number}"),
                None => {
                    self.diags.push(
                        Diagnostic::error("an appendix needs an id")
                            .at(&appendix.loc)
                            .label("[[appendix]] without id")
                            .help("add id = \"satisfaction\": `charter survey --appendix` and merging find it by id"),
                    );
                    format!("#{number}")
                }
            };
            let Some(kind) = appendix.kind.as_ref().map(|k| k.value) else {
                if written("kind") {
                    continue;
                }
                self.diags.push(
                    Diagnostic::error(format!("appendix \"{id}\" needs a kind"))
                        .at(&appendix.loc)
                        .label("no kind")
                        .help("add kind = \"questionnaire\" or kind = \"form\""),
                );
                continue;
            };
            let title = match &appendix.title {
                Some(t) => {
                    (self.record)(format!("appendix.{id}#title"), t);
                    self.renderer.line(t, self.diags).unwrap_or_default()
                }
                None if written("title") => String::new(),
                None => {
                    self.diags.push(
                        Diagnostic::error(format!("appendix \"{id}\" needs a title"))
                            .at(&appendix.loc)
                            .label("no title")
                            .help("add title = \"服务对象满意度调查问卷\""),
                    );
                    String::new()
                }
            };
            let intro = appendix
                .intro
                .as_ref()
                .and_then(|t| {
                    (self.record)(format!("appendix.{id}#intro"), t);
                    lint_text(t, self.diags);
                    self.renderer.paragraphs(t, self.diags)
                })
                .map(|r| r.paragraphs)
                .unwrap_or_default();
            let lines = |texts: &Option<Vec<crate::source::Text>>, ctx: &mut Self| -> Vec<String> {
                texts
                    .iter()
                    .flatten()
                    .filter_map(|t| ctx.renderer.line(t, ctx.diags))
                    .collect()
            };
            let mut scale = lines(&appendix.scale, self);
            let respondent = lines(&appendix.respondent, self);
            let mut questions = Vec::new();
            let mut fields = Vec::new();
            match kind {
                AppendixKind::Questionnaire => {
                    if appendix.scale.is_none() {
                        scale = DEFAULT_SCALE.iter().map(|s| s.to_string()).collect();
                    } else if scale.len() < 2 {
                        self.diags.push(
                            Diagnostic::error("a scale needs at least two points")
                                .at(&appendix.loc)
                                .label("scale")
                                .help("write scale = [\"很满意\", \"满意\", \"一般\", \"不满意\", \"很不满意\"], best first"),
                        );
                    }
                    if appendix.questions.is_empty() {
                        self.diags.push(
                            Diagnostic::error(format!("questionnaire \"{id}\" has no questions"))
                                .at(&appendix.loc)
                                .label("no [[appendix.question]]")
                                .help("add [[appendix.question]] entries with text = \"…\""),
                        );
                    }
                    for (q_index, question) in appendix.questions.iter().enumerate() {
                        let q_id = question
                            .id
                            .as_ref()
                            .map(|i| i.value.clone())
                            .unwrap_or_else(|| format!("q{}", q_index + 1));
                        let Some(text) = &question.text else {
                            if question.keys.iter().any(|k| k == "text") {
                                continue;
                            }
                            self.diags.push(
                                Diagnostic::error("a question needs text")
                                    .at(&question.loc)
                                    .label("no text")
                                    .help("add text = \"您对本场活动总体满意吗？\""),
                            );
                            continue;
                        };
                        (self.record)(format!("appendix.{id}.{q_id}#text"), text);
                        lint_text(text, self.diags);
                        let kind = question
                            .kind
                            .as_ref()
                            .map(|k| k.value)
                            .unwrap_or(QuestionKind::Rated);
                        questions.push(Question {
                            id: q_id,
                            number: q_index + 1,
                            kind,
                            text: self.renderer.line(text, self.diags).unwrap_or_default(),
                            lines: question
                                .lines
                                .as_ref()
                                .map(|l| l.value)
                                .unwrap_or(match kind {
                                    QuestionKind::Open => DEFAULT_OPEN_LINES,
                                    QuestionKind::Rated => 0,
                                }),
                        });
                    }
                }
                AppendixKind::Form => {
                    if appendix.fields.is_empty() {
                        self.diags.push(
                            Diagnostic::error(format!("form \"{id}\" has no fields"))
                                .at(&appendix.loc)
                                .label("no [[appendix.field]]")
                                .help("add [[appendix.field]] entries with label = \"姓名\""),
                        );
                    }
                    for (f_index, field) in appendix.fields.iter().enumerate() {
                        let Some(label) = &field.label else {
                            if field.keys.iter().any(|k| k == "label") {
                                continue;
                            }
                            self.diags.push(
                                Diagnostic::error("a form field needs a label")
                                    .at(&field.loc)
                                    .label("no label")
                                    .help("add label = \"姓名\""),
                            );
                            continue;
                        };
                        let f_id = field
                            .id
                            .as_ref()
                            .map(|i| i.value.clone())
                            .unwrap_or_else(|| format!("f{}", f_index + 1));
                        (self.record)(format!("appendix.{id}.{f_id}#label"), label);
                        fields.push(Field {
                            id: f_id,
                            label: self.renderer.line(label, self.diags).unwrap_or_default(),
                            lines: field.lines.as_ref().map(|l| l.value).unwrap_or(1),
                        });
                    }
                    if !appendix.questions.is_empty() {
                        self.diags.push(
                            Diagnostic::error(format!("form \"{id}\" has questions"))
                                .at(&appendix.questions[0].loc)
                                .label("questions belong to a questionnaire")
                                .help("use [[appendix.field]] in a form, or set kind = \"questionnaire\""),
                        );
                    }
                }
            }
            out.push(Appendix {
                id,
                number,
                label: format!("附件{number}"),
                kind,
                title,
                intro,
                scale,
                respondent,
                questions,
                fields,
            });
        }
        out
    }
}

/// A path written in a file, made relative to the working directory.
fn relative_to_file(sources: &SourceMap, loc: &Loc, path: &str) -> String {
    let file = sources.path(loc.file);
    let joined = file.parent().unwrap_or(Path::new(".")).join(path);
    crate::diag::display_path(&joined)
}
