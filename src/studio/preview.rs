//! `POST /api/preview`: an unsaved source in; its diagnostics, outline and
//! pages (SVG, from the template the PDF is built with) out.
//!
//! Each preview resolves afresh (a model edited on disk is seen at once);
//! the fonts, the Typst engine and its caches live as long as the server.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use super::Studio;
use super::api::PreviewRequest;
use crate::diag::{Diagnostic, Diagnostics, Loc, Severity, SourceMap};
use crate::document::{Document, Node};
use crate::pipeline::Outcome;

#[derive(Serialize)]
pub struct Preview {
    /// The charter resolved and typeset without errors.
    pub ok: bool,
    /// A model charter (`model = true`): checked, not typeset.
    pub model: bool,
    pub title: Option<String>,
    pub diagnostics: Vec<Problem>,
    pub outline: Vec<Heading>,
    /// The document view's tree: every node with its texts as written,
    /// whether it is the model's, and its tables (none when it does not load).
    pub tree: Option<Vec<crate::editing::EditNode>>,
    /// `None` when the source did not get as far as pages: the page keeps
    /// showing the last ones.
    pub pages: Option<Vec<Page>>,
    /// Time spent resolving and typesetting, in milliseconds.
    pub millis: u128,
}

/// A diagnostic with everything the page shows: where, the line, the hint.
#[derive(Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub message: String,
    pub label: String,
    pub hint: Option<String>,
    pub notes: Vec<String>,
    /// The file it is in, as messages name it; `None` for one in no file.
    pub file: Option<String>,
    /// In the charter being edited (click jumps to the line).
    pub here: bool,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    /// The line itself.
    pub source_line: Option<String>,
}

/// One entry of the outline: a title, section, clause or appendix.
#[derive(Serialize)]
pub struct Heading {
    pub label: String,
    pub text: String,
    /// 0 for the title and appendices, then the node's depth from 1.
    pub depth: usize,
    /// Line in the charter being edited; `None` when it comes from a model.
    pub line: Option<usize>,
    /// `file:line` where it was written.
    pub origin: Option<String>,
    /// That file relative to the served folder (a model it extends), to
    /// open it at `origin_line`.
    pub origin_file: Option<String>,
    pub origin_line: Option<usize>,
}

#[derive(Serialize)]
pub struct Page {
    /// Of the page's SVG: an unchanged page keeps its hash.
    pub hash: String,
    /// Where the SVG is: `/api/page/{hash}.svg`.
    pub url: String,
    /// The SVG itself, when asked for with `"inline": true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg: Option<String>,
}

/// The pages of recent previews by hash, served as `/api/page/{hash}.svg`:
/// the browser loads only the pages that changed, as images.
#[derive(Default)]
pub struct PageCache {
    pages: HashMap<String, Arc<str>>,
    order: VecDeque<String>,
}

/// Pages kept: a few previews of a long regulation.
const CACHED_PAGES: usize = 600;

impl PageCache {
    fn insert(&mut self, hash: &str, svg: Arc<str>) {
        if self.pages.insert(hash.to_string(), svg).is_none() {
            self.order.push_back(hash.to_string());
        }
        while self.order.len() > CACHED_PAGES {
            if let Some(old) = self.order.pop_front() {
                self.pages.remove(&old);
            }
        }
    }

    pub fn get(&self, hash: &str) -> Option<Arc<str>> {
        self.pages.get(hash).cloned()
    }
}

pub fn run(studio: &Studio, file: &Path, request: &PreviewRequest) -> Preview {
    let started = Instant::now();
    let pipeline = studio.pipeline();
    let mut diags = Diagnostics::new();
    let outcome = pipeline.resolve_source(&studio.job(file), Some(&request.source), &mut diags);
    let sources = &pipeline.sources;
    let mut preview = Preview {
        ok: false,
        model: matches!(outcome, Outcome::Model),
        title: None,
        diagnostics: Vec::new(),
        outline: Vec::new(),
        tree: super::document::tree(studio, file, &request.source),
        pages: None,
        millis: 0,
    };
    if let Outcome::Resolved(resolved) = &outcome {
        let doc = &resolved.document;
        preview.title = Some(doc.title.clone());
        preview.outline = outline(doc, &crate::diag::display_path(file));
        for heading in &mut preview.outline {
            let Some((name, line)) = heading.origin.as_deref().and_then(|o| o.rsplit_once(':'))
            else {
                continue;
            };
            let absolute = std::env::current_dir().unwrap_or_default().join(name);
            if let Ok(real) = std::fs::canonicalize(absolute)
                && real.starts_with(studio.folder.root())
            {
                heading.origin_file = Some(studio.relative(&real));
                heading.origin_line = line.parse().ok();
            }
        }
        preview.pages = studio
            .backends
            .preview(doc, sources, &mut diags)
            .map(|pages| {
                let mut cache = studio.pages.lock().unwrap_or_else(|e| e.into_inner());
                pages
                    .into_iter()
                    .map(|(layout, svg)| {
                        // Named by the page's layout (which decides its SVG):
                        // the same page keeps its name, and the browser its image.
                        let hash = format!("{layout:032x}");
                        cache.insert(&hash, svg.clone());
                        Page {
                            url: format!("/api/page/{hash}.svg"),
                            svg: request.inline.then(|| svg.to_string()),
                            hash,
                        }
                    })
                    .collect()
            });
    }
    diags.sort();
    preview.ok = preview.pages.is_some() && !diags.has_errors();
    preview.diagnostics = diags
        .list
        .iter()
        .map(|d| problem(d, sources, file))
        .collect();
    preview.millis = started.elapsed().as_millis();
    // After a heavy preview the caches hold gigabytes nobody will reuse:
    // drop them and hand the memory back, at the cost of one slower
    // keystroke. A light preview keeps them warm.
    // Judged mostly by size: on a busy machine a light preview can take
    // seconds, and emptying the caches then only makes the next one slower.
    let heavy = preview.millis > 10_000 || preview.pages.as_ref().is_some_and(|p| p.len() > 60);
    if heavy {
        typst::comemo::evict(0);
        // SAFETY: mimalloc's own collection, callable from any thread.
        unsafe { libmimalloc_sys::mi_collect(true) };
    }
    preview
}

pub(super) fn problem(d: &Diagnostic, sources: &SourceMap, edited: &Path) -> Problem {
    let clean = |text: &str| super::files::shown(&crate::hygiene::printable(text));
    let mut p = Problem {
        severity: d.severity,
        message: clean(&d.message),
        label: clean(&d.label),
        hint: d.help.as_deref().map(clean),
        notes: d.notes.iter().map(|n| clean(n)).collect(),
        file: None,
        here: false,
        line: None,
        column: None,
        end_line: None,
        end_column: None,
        source_line: None,
    };
    if let Some(loc) = &d.loc {
        let (line, column) = sources.line_col(loc);
        let (end_line, end_column) =
            sources.line_col(&Loc::new(loc.file, loc.span.end..loc.span.end));
        p.file = Some(super::files::shown(&sources.name(loc.file)));
        p.here = sources.path(loc.file) == edited;
        p.line = Some(line);
        p.column = Some(column);
        p.end_line = Some(end_line);
        p.end_column = Some(end_column);
        p.source_line = sources
            .text(loc.file)
            .lines()
            .nth(line - 1)
            .map(str::to_string);
    }
    p
}

/// Where a node's texts were written: its line in the edited file, and
/// `file:line` of the first.
type Place<'a> = dyn Fn(&[String]) -> (Option<usize>, Option<String>) + 'a;

/// The title, the numbered nodes that carry a heading (and clauses), and
/// the appendices, each with its line when written in the edited file.
fn outline(doc: &Document, edited: &str) -> Vec<Heading> {
    let place = |keys: &[String]| -> (Option<usize>, Option<String>) {
        let origins: Vec<&String> = keys.iter().filter_map(|k| doc.origins.get(k)).collect();
        let here = origins.iter().find_map(|o| {
            let (name, line) = o.rsplit_once(':')?;
            (name == edited).then(|| line.parse().ok())?
        });
        (here, origins.first().map(|o| o.to_string()))
    };
    let mut out = Vec::new();
    let (line, origin) = place(&["title".into()]);
    out.push(Heading {
        label: String::new(),
        text: doc.title.clone(),
        depth: 0,
        line,
        origin,
        origin_file: None,
        origin_line: None,
    });
    fn walk(nodes: &[Node], depth: usize, out: &mut Vec<Heading>, place: &Place<'_>) {
        for node in nodes {
            let text = node
                .heading
                .clone()
                .or_else(|| node.text.first().map(|t| excerpt(t, 24)))
                .unwrap_or_default();
            let (line, origin) = place(&[
                format!("{}#heading", node.path),
                format!("{}#text", node.path),
            ]);
            out.push(Heading {
                label: node.label.clone(),
                text,
                depth,
                line,
                origin,
                origin_file: None,
                origin_line: None,
            });
            // Items and points are many and short: the outline stops at clauses.
            if matches!(node.kind, crate::format::NodeKind::Section) {
                walk(&node.children, depth + 1, out, place);
            }
        }
    }
    walk(&doc.sections, 1, &mut out, &place);
    for appendix in &doc.appendices {
        let (line, origin) = place(&[
            format!("appendix.{}#title", appendix.id),
            format!("appendix.{}#intro", appendix.id),
        ]);
        out.push(Heading {
            label: appendix.label.clone(),
            text: appendix.title.clone(),
            depth: 0,
            line,
            origin,
            origin_file: None,
            origin_line: None,
        });
    }
    out
}

fn excerpt(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().count() > chars {
        out.push('…');
    }
    out
}
