//! Render: every text field is a MiniJinja template over `org`, `charter`,
//! `approval`, `revision`, `vars`, with the filters `zh_num`, `zh_date`,
//! `zh_date_upper` and the function `ref(path)`.
//!
//! Undefined variables are errors, reported at the TOML string that holds the
//! template (inside it when the string is written without escapes).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};

use crate::diag::{Diagnostic, Diagnostics, Loc, suggest};
use crate::document::Reference;
use crate::limits::{Budget, limits, mb, raise_hint};
use crate::source::Text;

mod filters;
use filters::{Bounded, bounded_join, bounded_replace, date_filter, zh_num_filter};

/// Marks a `ref()` result inside rendered text until it is located:
/// START nonce target SEP label END. The nonce is drawn afresh for every
/// renderer and never reaches the context, so private-use characters in a
/// charter's own text stay text and cannot forge a reference.
const REF_START: char = '\u{E000}';
const REF_SEP: char = '\u{E001}';
const REF_END: char = '\u{E002}';

/// Most bytes one text field may render to.
pub const TEXT_LIMIT: usize = 1024 * 1024;
/// Most MiniJinja instructions one text field may run (a loop over a few
/// hundred items takes a few thousand).
pub const FUEL: u64 = 1_000_000;

/// Statements a charter text may use; `set`, `macro`, `call` and the like
/// build values of unbounded size and are refused.
const STATEMENTS: &[&str] = &["if", "elif", "else", "endif", "for", "endfor"];
/// MiniJinja's filters that are not offered: they build strings or lists
/// far larger than their input (`indent`, `format`, `batch` …).
const REMOVED_FILTERS: &[&str] = &[
    "indent",
    "format",
    "pprint",
    "tojson",
    "urlencode",
    "batch",
    "slice",
    "groupby",
    "chain",
    "zip",
    "dictsort",
    "items",
    "lines",
    "split",
    "list",
    "sum",
];

const ROOTS: &[&str] = &["org", "charter", "approval", "revision", "vars", "options"];
const FILTERS: &[&str] = &["zh_num", "zh_date", "zh_date_upper"];

/// What `ref(path)` can name: node paths and appendix ids.
#[derive(Default, Clone)]
pub struct RefTable {
    /// path → (label as named in a sentence, the node has no id of its own)
    pub entries: BTreeMap<String, (String, bool)>,
}

/// A rendered text field: paragraphs, and where `ref()` labels sit in them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub paragraphs: Vec<String>,
    pub refs: Vec<Reference>,
}

pub struct Renderer {
    env: Environment<'static>,
    nonce: String,
    context: Value,
    refs: Arc<RefTable>,
    /// Targets without an id of their own that `ref()` named while rendering.
    positional_hits: Arc<Mutex<Vec<String>>>,
    /// What the charter's texts may still spend, all of them together.
    budget: Arc<Budget>,
}

impl Renderer {
    pub fn new(context: &serde_json::Value, refs: RefTable, budget: Arc<Budget>) -> Self {
        let refs = Arc::new(refs);
        let positional_hits = Arc::new(Mutex::new(Vec::new()));
        let nonce = fresh_nonce();
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_debug(true);
        env.set_fuel(Some(FUEL));
        for name in REMOVED_FILTERS {
            env.remove_filter(name);
        }
        env.remove_global("namespace");
        env.remove_global("debug");
        env.add_filter("replace", bounded_replace);
        env.add_filter("join", bounded_join);
        env.add_filter("zh_num", zh_num_filter);
        env.add_filter("zh_date", |value: Value| {
            date_filter(value, "zh_date").map(|d| d.zh())
        });
        env.add_filter("zh_date_upper", |value: Value| {
            date_filter(value, "zh_date_upper").map(|d| d.zh_upper())
        });
        let table = refs.clone();
        let hits = positional_hits.clone();
        let mark = nonce.clone();
        env.add_function("ref", move |path: String| -> Result<String, Error> {
            match table.entries.get(&path) {
                Some((label, positional)) => {
                    if *positional {
                        hits.lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(path.clone());
                    }
                    Ok(format!("{REF_START}{mark}{path}{REF_SEP}{label}{REF_END}"))
                }
                // Recognised by `describe_error` by this prefix, not shown.
                None => Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("ref: no node at \"{path}\""),
                )),
            }
        });
        Self {
            env,
            nonce,
            context: Value::from(minijinja::value::Serde(context)),
            refs,
            positional_hits,
            budget,
        }
    }

    /// The charter's budget, which its tables spend too.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// The error of a charter whose texts, together, went over `limit`.
    fn overrun(&self, text: &Text, limit: &str, diags: &mut Diagnostics) {
        if !self.budget.first_overrun() {
            return;
        }
        let message = match limit {
            "text" => t!("limit-text", max = mb(limits().text)),
            _ => t!("limit-steps", max = limits().steps),
        };
        diags.push(
            Diagnostic::error(message)
                .at(&text.loc)
                .label(t!("limit-reached-here"))
                .help(t!("limit-texts-help", raise = raise_hint(limit))),
        );
    }

    /// Renders a field made of paragraphs (preamble, text, intro).
    pub fn paragraphs(&self, text: &Text, diags: &mut Diagnostics) -> Option<Rendered> {
        let raw = self.raw(text, diags)?;
        Some(locate_refs(&normalize(&raw), &self.nonce))
    }

    /// Renders a one-line field (title, heading, label), joining any line breaks.
    pub fn line(&self, text: &Text, diags: &mut Diagnostics) -> Option<String> {
        let raw = self.raw(text, diags)?;
        let joined = normalize(&raw).join("");
        Some(locate_refs(&[joined], &self.nonce).paragraphs.concat())
    }

    fn raw(&self, text: &Text, diags: &mut Diagnostics) -> Option<String> {
        // Once the charter's budget ran out (and was reported), no more work.
        if self.budget.exhausted() {
            return None;
        }
        if !(text.src.contains("{{") || text.src.contains("{%") || text.src.contains("{#")) {
            if !self.budget.spend_text(text.src.len() as u64) {
                self.overrun(text, "text", diags);
                return None;
            }
            return Some(text.src.clone());
        }
        if let Some(d) = refused_syntax(text) {
            diags.push(d);
            return None;
        }
        // A text stops at its own limit or at what the charter has left,
        // whichever comes first: the total is checked while rendering.
        let left = usize::try_from(self.budget.text_left()).unwrap_or(usize::MAX);
        let mut out = Bounded::new(TEXT_LIMIT.min(left));
        let mut steps = 0;
        let result = self
            .env
            .template_from_str(&text.src)
            .and_then(|t| t.render_captured_to(self.context.clone(), &mut out))
            .map(|captured| {
                steps = captured.state().fuel_levels().map_or(0, |(used, _)| used);
            });
        if !self.budget.spend_steps(steps) {
            self.overrun(text, "steps", diags);
            return None;
        }
        let hits: Vec<String> = std::mem::take(
            &mut *self
                .positional_hits
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        for path in hits {
            diags.push(
                Diagnostic::warning(t!("render-ref-positional", path = &path))
                    .at(&text.loc)
                    .label(t!("render-ref-positional-label"))
                    .help(t!("render-ref-positional-help")),
            );
        }
        if out.overflowed && out.cap < TEXT_LIMIT {
            self.budget.spend_text(u64::MAX);
            self.overrun(text, "text", diags);
            return None;
        }
        if out.overflowed {
            diags.push(
                Diagnostic::error(t!("limit-one-text", max = TEXT_LIMIT / (1024 * 1024)))
                    .at(&text.loc)
                    .label(t!("limit-one-text-label"))
                    .help(t!("limit-one-text-help")),
            );
            return None;
        }
        self.budget.spend_text(out.bytes.len() as u64);
        match result {
            Ok(()) => Some(String::from_utf8_lossy(&out.bytes).into_owned()),
            Err(err) => {
                diags.push(self.describe_error(&err, text));
                None
            }
        }
    }

    fn describe_error(&self, err: &Error, text: &Text) -> Diagnostic {
        let range = err.range();
        let snippet = range
            .clone()
            .and_then(|r| text.src.get(r))
            .unwrap_or("")
            .trim()
            .to_string();
        let loc = match (text.verbatim_at, range) {
            (Some(at), Some(r)) => Loc::new(text.loc.file, at + r.start..at + r.end),
            _ => text.loc.clone(),
        };
        let detail = err.detail().unwrap_or("").to_string();
        match err.kind() {
            ErrorKind::UndefinedError => {
                let name = variable_path(&snippet);
                let shown = if name.is_empty() {
                    snippet.clone()
                } else {
                    name.clone()
                };
                Diagnostic::error(t!("render-undefined", name = &shown))
                    .at(&loc)
                    .label(t!("render-undefined-label"))
                    .help(undefined_hint(&name))
            }
            ErrorKind::UnknownFilter => {
                let name = detail
                    .split_whitespace()
                    .last()
                    .unwrap_or(&snippet)
                    .trim_matches(|c| c == '`' || c == '"' || c == '\'')
                    .to_string();
                let named = if name.is_empty() {
                    snippet.clone()
                } else {
                    name
                };
                let mut d = Diagnostic::error(t!("render-unknown-filter", name = &named))
                    .at(&loc)
                    .label(t!("render-unknown-filter-label"));
                d = match suggest(&named, FILTERS.iter().copied()) {
                    Some(near) => d.help(t!("did-you-mean", name = near)),
                    None => d.help(t!("render-unknown-filter-help")),
                };
                d
            }
            ErrorKind::UnknownFunction => {
                Diagnostic::error(t!("render-unknown-function", snippet = &snippet))
                    .at(&loc)
                    .label(t!("render-unknown-function-label"))
                    .help(t!("render-unknown-function-help"))
            }
            ErrorKind::InvalidOperation if detail.starts_with("ref:") => {
                let path = detail.split('"').nth(1).unwrap_or("").to_string();
                let mut d = Diagnostic::error(t!("render-ref-missing", path = &path))
                    .at(&loc)
                    .label(t!("render-ref-missing-label"));
                d = match suggest(&path, self.refs.entries.keys().map(String::as_str)) {
                    Some(near) => d.help(t!("did-you-mean", name = near)),
                    None => d.help(t!("render-ref-missing-help")),
                };
                d
            }
            ErrorKind::OutOfFuel => Diagnostic::error(t!("limit-fuel"))
                .at(&text.loc)
                .label(t!("limit-fuel-label", steps = FUEL))
                .help(t!("limit-fuel-help")),
            ErrorKind::SyntaxError => Diagnostic::error(t!("render-syntax", detail = &detail))
                .at(&loc)
                .label(t!("render-syntax-label"))
                .help(t!("render-syntax-help")),
            _ => {
                let message = if detail.is_empty() {
                    err.kind().to_string()
                } else {
                    detail
                };
                Diagnostic::error(t!("render-failed", detail = message))
                    .at(&loc)
                    .label(err.kind().to_string())
                    .help(t!("render-failed-help"))
            }
        }
    }
}

/// The dotted variable at the start of an expression: `org.phone | x` → `org.phone`.
fn variable_path(expression: &str) -> String {
    expression
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect::<String>()
        .trim_end_matches('.')
        .to_string()
}

fn undefined_hint(name: &str) -> String {
    let mut parts = name.splitn(2, '.');
    let root = parts.next().unwrap_or("");
    let field = parts.next().unwrap_or("").split('.').next().unwrap_or("");
    match root {
        "org" if !field.is_empty() => t!("render-undefined-org-help", field = field),
        "vars" if !field.is_empty() => t!("render-undefined-vars-help", field = field),
        // Not "did you mean \"options\"?" for an option that is not set.
        "options" if !field.is_empty() => t!("render-undefined-options-help", field = field),
        "approval" => t!("render-undefined-approval-help"),
        "revision" => t!("render-undefined-revision-help"),
        "charter" if !field.is_empty() => t!("render-undefined-charter-help", field = field),
        _ => match suggest(root, ROOTS.iter().copied()) {
            Some(near) => t!("render-undefined-near-help", name = near),
            None => t!("render-undefined-help"),
        },
    }
}

/// A character of Chinese text: between two of them a line break is no space.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF      // CJK radicals, punctuation, kana, unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF  // extension planes
        | 0xE000..=0xE002    // our ref marks: labels are Chinese
    ) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Splits rendered text into paragraphs at blank lines and joins the lines of
/// each: no space between two Chinese characters, one space otherwise.
pub fn normalize(raw: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in raw.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let (Some(last), Some(first)) = (current.chars().last(), line.chars().next())
            && !(is_wide(last) && is_wide(first))
        {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// Removes the ref marks and records where each label ended up. Only marks
/// carrying this renderer's nonce count; any other mark character is text.
fn locate_refs(paragraphs: &[String], nonce: &str) -> Rendered {
    let opening = format!("{REF_START}{nonce}");
    let mut out = Rendered::default();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let mut text = String::new();
        let mut chars = 0usize;
        let mut rest = paragraph.as_str();
        while let Some(start) = rest.find(&opening) {
            let after = &rest[start + opening.len()..];
            // Our own mark: the target is an id path and the label ours, so
            // the first SEP and END after the opening are its own.
            let (Some(sep), Some(end)) = (after.find(REF_SEP), after.find(REF_END)) else {
                break;
            };
            if sep > end {
                break;
            }
            let before = &rest[..start];
            text.push_str(before);
            chars += before.chars().count();
            let target = &after[..sep];
            let label = &after[sep + REF_SEP.len_utf8()..end];
            let length = label.chars().count();
            out.refs.push(Reference {
                paragraph: index,
                start: chars,
                end: chars + length,
                target: target.to_string(),
            });
            text.push_str(label);
            chars += length;
            rest = &after[end + REF_END.len_utf8()..];
        }
        text.push_str(rest);
        out.paragraphs.push(text);
    }
    out
}

/// A value no charter can guess: a ref mark it could write cannot carry it.
fn fresh_nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let mut a = state.build_hasher();
    a.write_u64(0x5eed);
    let mut b = std::collections::hash_map::RandomState::new().build_hasher();
    b.write_usize(&state as *const _ as usize);
    format!("{:016x}{:016x}", a.finish(), b.finish())
}

/// Refuses the template constructs that can build values of unbounded size:
/// `~`, `+`, `*`, `**` and statements other than `if` and `for`.
fn refused_syntax(text: &Text) -> Option<Diagnostic> {
    use minijinja::machinery::{Token, tokenize};
    let mut after_block_start = false;
    for token in tokenize(&text.src, false, Default::default()) {
        let Ok((token, span)) = token else {
            // Syntax errors are reported, with their place, by the renderer.
            return None;
        };
        let refused = match &token {
            Token::Tilde => Some(("~", t!("render-tilde-help"))),
            Token::Plus | Token::Mul | Token::Pow => Some((
                match token {
                    Token::Plus => "+",
                    Token::Mul => "*",
                    _ => "**",
                },
                t!("render-arithmetic-help"),
            )),
            Token::Ident(name) if after_block_start && !STATEMENTS.contains(name) => {
                Some((*name, t!("render-statement-help")))
            }
            _ => None,
        };
        after_block_start = matches!(token, Token::BlockStart);
        if let Some((what, help)) = refused {
            let range = span.start_offset as usize..span.end_offset as usize;
            let loc = match text.verbatim_at {
                Some(at) => Loc::new(text.loc.file, at + range.start..at + range.end),
                None => text.loc.clone(),
            };
            return Some(
                Diagnostic::error(t!("render-refused", what = what))
                    .at(&loc)
                    .label(t!("render-refused-label"))
                    .help(help),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests;
