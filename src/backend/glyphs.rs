//! Missing glyphs: Typst prints tofu silently, so every rendered character
//! is checked against the fonts of the role that prints it, and a warning
//! names the character, its code point and the TOML line it came from.

use std::collections::BTreeMap;

use crate::backend::fonts::FontSet;
use crate::backend::layout::Theme;
use crate::diag::{Diagnostic, Loc, SourceMap};
use crate::document::{Document, Table};
use crate::format::NodeKind;

/// A text of the document, the role whose font prints it, and its origin key.
struct Printed<'a> {
    text: &'a str,
    role: &'static str,
    origin: Option<String>,
}

fn printed(doc: &Document) -> Vec<Printed<'_>> {
    let mut out = vec![Printed {
        text: &doc.title,
        role: "title",
        origin: Some("title".into()),
    }];
    out.push(Printed {
        text: &doc.org.name,
        role: "title",
        origin: None,
    });
    for p in &doc.preamble {
        out.push(Printed {
            text: p,
            role: "body",
            origin: Some("preamble".into()),
        });
    }
    for node in doc.nodes() {
        let heading_role = match node.kind {
            NodeKind::Section => "heading1",
            NodeKind::Clause => "heading2",
            NodeKind::Item | NodeKind::Point => "body",
        };
        out.push(Printed {
            text: &node.label,
            role: heading_role,
            origin: None,
        });
        if let Some(h) = &node.heading {
            out.push(Printed {
                text: h,
                role: heading_role,
                origin: Some(format!("{}#heading", node.path)),
            });
        }
        for t in &node.text {
            out.push(Printed {
                text: t,
                role: "body",
                origin: Some(format!("{}#text", node.path)),
            });
        }
        tables(&node.tables, &node.path, &mut out);
    }
    if let Some(statement) = &doc.closing.statement {
        out.push(Printed {
            text: statement,
            role: "body",
            origin: None,
        });
    }
    for appendix in &doc.appendices {
        let key = |field: &str| Some(format!("appendix.{}#{field}", appendix.id));
        out.push(Printed {
            text: &appendix.title,
            role: "title",
            origin: key("title"),
        });
        for p in &appendix.intro {
            out.push(Printed {
                text: p,
                role: "body",
                origin: key("intro"),
            });
        }
        for s in appendix.scale.iter().chain(&appendix.respondent) {
            out.push(Printed {
                text: s,
                role: "body",
                origin: None,
            });
        }
        for q in &appendix.questions {
            out.push(Printed {
                text: &q.text,
                role: "body",
                origin: Some(format!("appendix.{}.{}#text", appendix.id, q.id)),
            });
        }
        for f in &appendix.fields {
            out.push(Printed {
                text: &f.label,
                role: "heading1",
                origin: Some(format!("appendix.{}.{}#label", appendix.id, f.id)),
            });
        }
        tables(
            &appendix.tables,
            &format!("appendix.{}", appendix.id),
            &mut out,
        );
    }
    out
}

/// The texts of tables: captions and cells.
fn tables<'a>(tables: &'a [Table], path: &str, out: &mut Vec<Printed<'a>>) {
    for table in tables {
        let key = format!("{path}.{}", table.id);
        out.extend(table.caption.iter().map(|c| Printed {
            text: c,
            role: "body",
            origin: Some(format!("{key}#caption")),
        }));
        for cell in table.header.iter().chain(&table.rows).flatten() {
            out.push(Printed {
                text: &cell.text,
                role: "body",
                origin: Some(format!("{key}#cell")),
            });
        }
    }
}

/// One warning per missing character and role, at the first place it occurs.
pub fn check(
    doc: &Document,
    theme: &Theme,
    fonts: &FontSet,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    // (char, role) → (origin of first use, number of uses). Each distinct
    // character is looked up in the fonts once per role, not once per use.
    let mut uses: BTreeMap<(char, &'static str), (Option<String>, usize)> = BTreeMap::new();
    for item in printed(doc) {
        for c in item.text.chars() {
            if c.is_whitespace() || c.is_control() {
                continue;
            }
            let entry = uses
                .entry((c, item.role))
                .or_insert((item.origin.clone(), 0));
            entry.1 += 1;
        }
    }
    let mut families_of: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut missing = BTreeMap::new();
    for ((c, role), found) in uses {
        let families = families_of
            .entry(role)
            .or_insert_with(|| theme.families(role));
        if !fonts.covers(families, c) {
            missing.insert((c, role), found);
        }
    }
    missing
        .into_iter()
        .map(|((c, role), (origin, count))| {
            let families = families_of
                .get(role)
                .map(|f| f.join(", "))
                .unwrap_or_default();
            let mut d = Diagnostic::warning(t!(
                "glyph-missing",
                char = c,
                code = crate::hygiene::code_point(c),
                role = role,
                families = families
            ))
            .help(t!("glyph-missing-help"));
            let origin = origin.and_then(|key| doc.origins.get(&key).cloned());
            match origin.as_deref().and_then(|o| locate(o, c, sources)) {
                Some(loc) => d = d.at(&loc).label(t!("glyph-missing-label", char = c)),
                None => {
                    let place = origin.unwrap_or_else(|| t!("glyph-generated-text"));
                    d = d.note(t!("glyph-in", place = place));
                }
            }
            if count > 1 {
                d = d.note(t!("glyph-count", count = count));
            }
            d
        })
        .collect()
}

/// Where the charter wrote `c` first, for an error about that character
/// (PDF/A refuses a glyph no font has).
pub fn place_of(doc: &Document, c: char, sources: &SourceMap) -> Option<Loc> {
    printed(doc)
        .iter()
        .filter(|p| p.text.contains(c))
        .filter_map(|p| doc.origins.get(p.origin.as_ref()?))
        .find_map(|origin| locate(origin, c, sources))
}

/// The character on the line `origin` (`path:line`) names, or the whole line.
fn locate(origin: &str, c: char, sources: &SourceMap) -> Option<Loc> {
    let (name, line) = origin.rsplit_once(':')?;
    let line_loc = sources.line_loc(name, line.parse().ok()?)?;
    let text = sources.text(line_loc.file);
    // A text may run over several lines of a multi-line string: look a little further.
    let rest = text.get(line_loc.span.start..)?;
    let window = rest
        .char_indices()
        .nth(2000)
        .map_or(rest, |(end, _)| &rest[..end]);
    Some(match window.find(c) {
        Some(at) => Loc::new(
            line_loc.file,
            line_loc.span.start + at..line_loc.span.start + at + c.len_utf8(),
        ),
        None => line_loc,
    })
}
