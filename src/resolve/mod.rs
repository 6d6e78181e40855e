//! Validate, number and render a merged charter into the resolved
//! [`Document`]: [`approval`] settles the approval from `[approval]` and
//! the history, [`number`] computes every label, [`nodes`] renders the
//! node tree and [`appendix`] the appendices.

mod appendix;
mod approval;
mod conditions;
mod nodes;
mod number;
pub use number::node_path;
mod tables;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Loc, SourceMap};
use crate::document::*;
use crate::format::{
    ApprovalPlace, OrgKind, PLACEHOLDER, PageNumber, approval_note, approval_sentence,
    regulation_word,
};
use crate::lint::lint_text;
use crate::merge::Merged;
use crate::numbering::scheme_of;
use crate::render::Renderer;
use crate::sandbox::{IMAGE_LIMIT, Sandbox};
use crate::source::*;
use approval::{Settled, settle_approval};
use nodes::NodeCtx;
use number::number;

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
                Diagnostic::error(t!("resolve-no-id"))
                    .at(&header)
                    .label(t!("resolve-no-id-label"))
                    .help(t!("resolve-no-id-help")),
            );
            String::new()
        }
    };
    let Some(title) = source.meta.title.clone() else {
        if written("title") {
            return None;
        }
        diags.push(
            Diagnostic::error(t!("resolve-no-title"))
                .at(&header)
                .label(t!("resolve-no-title-label"))
                .help(t!("resolve-no-title-help")),
        );
        return None;
    };
    if let Some(beyond) = node_beyond(&source.sections, MAX_NODES) {
        diags.push(
            Diagnostic::error(t!("resolve-too-many-nodes", max = MAX_NODES))
                .at(&beyond.loc)
                .label(t!("resolve-too-many-nodes-label"))
                .help(t!("resolve-too-many-nodes-help")),
        );
        return None;
    }
    let scheme = scheme_of(source.meta.numbering.as_ref(), diags)?;
    let settled = settle_approval(source, diags);
    let org = resolve_org(source, &header, sources, sandbox, diags);

    // Variables first, then the title and number that other texts may use.
    let mut context = base_context(source, &org, settled.as_ref(), &id);
    // Conditions are settled before numbering, so the numbers close up.
    let (pruned_sections, pruned_appendices, excluded);
    let (all_sections, all_appendices) = if has_conditions(source) {
        let mut sections = source.sections.clone();
        let mut appendices = source.appendices.clone();
        excluded =
            conditions::Conditions::new(&context).prune(&mut sections, &mut appendices, diags);
        pruned_sections = sections;
        pruned_appendices = appendices;
        (pruned_sections.as_slice(), pruned_appendices.as_slice())
    } else {
        excluded = Vec::new();
        (source.sections.as_slice(), source.appendices.as_slice())
    };
    let numbered = number(all_sections, all_appendices, &scheme, diags);
    // One budget for every text and table of the charter.
    let budget = std::sync::Arc::new(crate::limits::Budget::new(crate::limits::limits()));
    let renderer = Renderer::new(&context, numbered.refs.clone(), budget.clone());
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
    let renderer = Renderer::new(&context, numbered.refs, budget);

    let mut origins = BTreeMap::new();
    let mut record = |key: String, text: &crate::source::Text| {
        origins.insert(key, sources.describe(&text.loc));
    };
    record("title".into(), &title);
    crate::drafting::notes(source.meta.notes.as_deref(), &t!("drafting-whole"), diags);
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
    let sections = ctx.nodes(all_sections, "");
    let appendices = ctx.appendices(all_appendices);
    let diags = ctx.diags;

    let kind_word = match source.meta.role.as_ref().map(|r| r.value.as_str()) {
        Some("章程") => "本章程",
        _ => regulation_word(&title_text),
    };
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
        // One appendix takes no number: 附件：会员代表名额分配表.
        appendix_list: match appendices.as_slice() {
            [only] => vec![only.title.clone()],
            all => all
                .iter()
                .map(|a| format!("{}. {}", a.number, a.title))
                .collect(),
        },
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
    let document = Document {
        schema: SCHEMA_VERSION,
        id,
        source: crate::diag::display_path(&source.path),
        title: title_text,
        number: number_text,
        role: source.meta.role.as_ref().map(|r| r.value.clone()),
        title_note,
        org,
        numbering: scheme.clone(),
        preamble,
        layout,
        sections,
        approval,
        closing,
        revisions,
        appendices,
        origins,
        excluded,
        print: None,
    };
    if document.role.as_deref() == Some("章程")
        && let Some(kind) = document.org.kind.as_deref().and_then(OrgKind::parse)
    {
        check_statute(&document, kind, &header, diags);
    }
    Some(document)
}

/// Warns of every item the regulation of `kind` requires of a 章程 that
/// `doc` does not contain, and of figures it states that the regulation
/// does not allow.
fn check_statute(doc: &Document, kind: OrgKind, header: &Loc, diags: &mut Diagnostics) {
    for missing in crate::statute::missing(doc, kind) {
        diags.push(
            Diagnostic::warning(t!(
                "statute-missing",
                what = &missing.what,
                source = &missing.source
            ))
            .at(header)
            .label(t!("statute-missing-label"))
            .help(t!("statute-missing-help", kind = kind.alias())),
        );
    }
    for figure in crate::statute::figures(doc, kind) {
        diags.push(
            Diagnostic::warning(t!("statute-figure", stated = &figure.stated))
                .at(header)
                .label(t!("statute-figure-label"))
                .help(t!("statute-figure-help", rule = &figure.rule)),
        );
    }
}

/// Whether any node, table or appendix carries a `when`.
fn has_conditions(source: &CharterSource) -> bool {
    fn nodes(list: &[NodeSource]) -> bool {
        list.iter().any(|n| {
            n.when.is_some() || n.tables.iter().any(|t| t.when.is_some()) || nodes(&n.children)
        })
    }
    nodes(&source.sections)
        || source
            .appendices
            .iter()
            .any(|a| a.when.is_some() || a.tables.iter().any(|t| t.when.is_some()))
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
        "options": source.options.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect::<serde_json::Map<_, _>>(),
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
        && let NumberingSource::Named { name, .. } = &numbering.value
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
    let free = [
        ("org.extra", &source.org.extra),
        ("vars", &source.vars),
        ("options", &source.options),
    ];
    let unfilled = source
        .org
        .fields
        .iter()
        .map(|(key, value)| {
            (
                format!("org.{key}"),
                value.value.contains(PLACEHOLDER),
                &value.loc,
            )
        })
        .chain(free.into_iter().flat_map(|(table, values)| {
            values.iter().map(move |(key, value)| {
                let filled = value
                    .value
                    .as_str()
                    .is_some_and(|v| v.contains(PLACEHOLDER));
                (format!("{table}.{key}"), filled, &value.loc)
            })
        }));
    for (name, placeholder, loc) in unfilled {
        if placeholder {
            diags.push(
                Diagnostic::warning(t!(
                    "resolve-placeholder",
                    name = &name,
                    placeholder = PLACEHOLDER
                ))
                .at(loc)
                .label(t!("resolve-placeholder-label"))
                .help(t!("resolve-placeholder-help", name = &name)),
            );
        }
    }
    let field = |key: &str| source.org.fields.get(key).map(|v| v.value.clone());
    let name = match field("name") {
        Some(name) => name,
        None => {
            diags.push(
                Diagnostic::error(t!("resolve-no-org-name"))
                    .at(header)
                    .label(t!("resolve-no-org-name-label"))
                    .help(t!("resolve-no-org-name-help")),
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
                    Diagnostic::error(t!("resolve-logo", problem = refusal.describe(&shown)))
                        .at(&logo.loc)
                        .label(t!("resolve-logo-label"))
                        .help(refusal.hint()),
                );
                None
            }
        }
    });
    let kind = source.org.fields.get("kind").and_then(|kind| {
        let named = crate::format::OrgKind::parse(&kind.value);
        if named.is_none() && !kind.value.contains(PLACEHOLDER) {
            diags.push(
                Diagnostic::error(t!("resolve-unknown-kind", kind = &kind.value))
                    .at(&kind.loc)
                    .label(t!("resolve-unknown-kind-label"))
                    .help(t!("resolve-unknown-kind-help")),
            );
        }
        named.map(|k| k.name().to_string())
    });
    Org {
        name,
        kind,
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
        label_gap: layout.label_gap.as_ref().is_none_or(|g| g.value),
    }
}

/// A path written in a file, made relative to the working directory.
fn relative_to_file(sources: &SourceMap, loc: &Loc, path: &str) -> String {
    let file = sources.path(loc.file);
    let joined = file.parent().unwrap_or(Path::new(".")).join(path);
    crate::diag::display_path(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_charter;

    /// Resolves `text` as a charter of its own (no model, no org file).
    fn resolved(text: &str) -> (Option<Document>, Diagnostics, SourceMap) {
        let sources = SourceMap::new();
        let path = Path::new("r.toml");
        let file = sources.add(path, text);
        let mut diags = Diagnostics::new();
        let Some(source) = parse_charter(text, file, path, &mut diags) else {
            return (None, diags, sources);
        };
        let merged = Merged {
            source,
            inputs: vec![path.to_path_buf()],
        };
        let doc = resolve(&merged, &sources, &Sandbox::working_folder(), &mut diags);
        (doc, diags, sources)
    }

    const CHARTER: &str = r#"[charter]
id = "rules"
title = "服务章程"
numbering = "articles"

[org]
name = "甲中心"

[[section]]
id = "general"
title = "总则"

  [[section.clause]]
  id = "aim"
  text = "为了规范服务，制定本章程。"

  [[section.clause]]
  id = "scope"
  text = "本章程适用于全体人员，见{{ ref('general.aim') }}。"

[[section]]
id = "last"
title = "附则"

  [[section.clause]]
  text = "本章程由理事会负责解释。"

[approval]
body = "理事会"
term = 2
session = 4
date = 2025-03-01
"#;

    #[test]
    fn labels_references_and_the_approval_sentence() {
        let (doc, diags, sources) = resolved(CHARTER);
        let doc = doc.unwrap_or_else(|| panic!("{}", diags.render(&sources)));
        let labels: Vec<&str> = doc.nodes().iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["第一章", "第一条", "第二条", "第二章", "第三条"]);
        let scope = doc.find("general.scope").unwrap_or_else(|| unreachable!());
        assert_eq!(scope.text, ["本章程适用于全体人员，见第一条。"]);
        assert_eq!(scope.refs.len(), 1);
        assert_eq!(
            doc.closing.statement.as_deref(),
            Some("本章程经甲中心第二届理事会第四次会议表决通过，自登记管理机关核准之日起生效。")
        );
        assert_eq!(
            doc.closing.signature.map(|s| s.date),
            Some("2025年3月1日".into())
        );
    }

    #[test]
    fn the_approval_can_go_under_the_title() {
        let text = CHARTER.replace("[approval]", "[layout]\napproval = \"title\"\n\n[approval]");
        let (doc, diags, sources) = resolved(&text);
        let doc = doc.unwrap_or_else(|| panic!("{}", diags.render(&sources)));
        assert_eq!(
            doc.title_note.as_deref(),
            Some("（2025年3月1日第二届理事会第四次会议审议通过）")
        );
        assert!(doc.closing.statement.is_none());
    }

    #[test]
    fn a_revision_that_disagrees_with_the_approval_is_an_error_at_both() {
        let text = format!(
            "{CHARTER}\n[[revision]]\nversion = \"1.0\"\ndate = 2025-03-01\nterm = 2\nsession = 5\n"
        );
        let (doc, diags, sources) = resolved(&text);
        assert!(doc.is_none());
        let out = diags.render(&sources);
        assert!(
            out.contains("disagrees with [approval]: session 5 vs 4"),
            "{out}"
        );
    }

    #[test]
    fn a_false_condition_leaves_the_node_out_and_the_numbers_close_up() {
        let text = CHARTER
            .replace(
                "[org]\nname = \"甲中心\"\n",
                "[org]\nname = \"甲中心\"\nkind = \"foundation\"\n\n[options]\nparty = false\n",
            )
            .replace(
                "  id = \"scope\"\n",
                "  id = \"scope\"\n  when = \"not options.party\"\n",
            )
            .replace(
                "  id = \"aim\"\n",
                "  id = \"aim\"\n  when = \"options.party\"\n",
            );
        let (doc, diags, sources) = resolved(&text.replace("ref('general.aim')", "org.kind"));
        let doc = doc.unwrap_or_else(|| panic!("{}", diags.render(&sources)));
        let labels: Vec<&str> = doc.nodes().iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["第一章", "第一条", "第二章", "第二条"]);
        assert_eq!(doc.org.kind.as_deref(), Some("基金会"));
        assert_eq!(doc.excluded.len(), 1);
        assert_eq!(doc.excluded[0].path, "general.aim");
        // A ref() to a node left out is an error, not a stale label.
        let (doc, diags, sources) = resolved(&text);
        assert!(doc.is_none());
        assert!(diags.render(&sources).contains("general.aim"));
    }

    #[test]
    fn a_missing_title_and_id_are_reported_at_the_header() {
        let (doc, diags, sources) = resolved("[charter]\nnumber = \"X-1\"\n[org]\nname = \"甲\"\n");
        assert!(doc.is_none());
        let out = diags.render(&sources);
        assert!(out.contains("the charter has no id"), "{out}");
        assert!(out.contains("the charter has no title"), "{out}");
    }
}
