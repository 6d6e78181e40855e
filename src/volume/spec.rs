//! `volume.toml`: the optional description of a volume in an organisation's
//! folder: its title, date, cover logo, and which charters in which order.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Loc, SourceMap};
use crate::sandbox::{SOURCE_LIMIT, Sandbox, read_bounded};

/// File name of a volume's description, beside the organisation's org.toml.
pub const SPEC_FILE: &str = "volume.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Title on the cover; default 规章制度汇编.
    pub title: Option<Spanned<String>>,
    /// Date on the cover, YYYY-MM-DD; default the latest approval.
    pub date: Option<Spanned<toml::value::Datetime>>,
    /// Cover logo, relative to the folder; default the organisation's.
    pub logo: Option<Spanned<String>>,
    /// The charters bound, in order: ids (file stems) or paths relative to
    /// the folder. Default: every charter, by 编号 then title.
    pub charters: Option<Vec<Spanned<String>>>,
}

/// The spec of `folder`, `Default` when it has none; `None` after an error.
pub fn load(
    folder: &Path,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<(Spec, Option<crate::diag::FileId>)> {
    let path = folder.join(SPEC_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Some((Spec::default(), None));
    }
    // Like every file a charter names: inside the project after symlinks,
    // a regular file, bounded.
    let read = sandbox
        .resolve(folder, SPEC_FILE, SOURCE_LIMIT)
        .and_then(|real| read_bounded(&real, SOURCE_LIMIT));
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(refusal) => {
            diags.push(
                Diagnostic::error(refusal.describe(&path.display().to_string()))
                    .help(refusal.hint()),
            );
            return None;
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let file = sources.add(&path, text.clone());
    // A BOM (Notepad's) becomes spaces of the same length: TOML skips them
    // and every span still points into `text` as shown.
    let body = match text.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}"),
        None => text.clone(),
    };
    let body = body.as_str();
    // Syntax first, said as the charter loader says it (a full-width quote
    // typed with a Chinese input method…); then each key and its type, so
    // that every mistake is reported at its place with what to write.
    let (root, errors) = toml::de::DeTable::parse_recoverable(body);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            diags.push(crate::load::syntax::syntax_error(
                &text,
                file,
                span,
                error.message().trim(),
            ));
        }
        return None;
    }
    if !keys_and_types(root.get_ref(), file, diags) {
        return None;
    }
    match toml::from_str::<Spec>(body) {
        Ok(spec) => {
            // The title goes into the PDF and the DOCX, which Word refuses
            // with a control character in it.
            if let Some(title) = &spec.title
                && let Some((_, c)) = crate::hygiene::first_forbidden(title.get_ref())
            {
                diags.push(
                    Diagnostic::error(t!(
                        "volume-title-control",
                        file = SPEC_FILE,
                        code = crate::hygiene::code_point(c)
                    ))
                    .at(&Loc::new(file, title.span()))
                    .label(t!("volume-title-control-label"))
                    .help(t!("volume-title-control-help")),
                );
                return None;
            }
            Some((spec, Some(file)))
        }
        Err(err) => {
            let span = err.span().unwrap_or(0..0);
            let message = err.message().trim().to_string();
            diags.push(
                Diagnostic::error(format!("{SPEC_FILE}: {message}"))
                    .at(&Loc::new(file, span))
                    .label(message.lines().next().unwrap_or("").to_string())
                    .help(t!("volume-toml-help")),
            );
            None
        }
    }
}

/// The keys volume.toml may hold, each with what it must be.
const KEYS: &[&str] = &["title", "date", "logo", "charters"];

/// Reports every unknown key and every value of the wrong type; true when
/// there is none.
fn keys_and_types(table: &DeTable<'_>, file: crate::diag::FileId, diags: &mut Diagnostics) -> bool {
    let before = diags.error_count();
    let table_name = SPEC_FILE;
    for (key, value) in table.iter() {
        let name: &str = key.get_ref().as_ref();
        let at = |span| Loc::new(file, span);
        if !KEYS.contains(&name) {
            let d = Diagnostic::error(t!("unknown-key", key = name, table = table_name))
                .at(&at(key.span()))
                .label(t!("unknown-key-label", table = table_name));
            diags.push(match crate::diag::suggest(name, KEYS.iter().copied()) {
                Some(near) => d.help(t!("did-you-mean", name = near)),
                None => d.help(t!("volume-toml-help")),
            });
            continue;
        }
        let (expected, help) = match (name, value.get_ref()) {
            ("title" | "logo", DeValue::String(_)) => continue,
            ("date", DeValue::Datetime(dt)) if dt.date.is_some() && dt.time.is_none() => continue,
            ("charters", DeValue::Array(items)) => {
                for item in items.iter() {
                    if !matches!(item.get_ref(), DeValue::String(_)) {
                        diags.push(mismatch(
                            name,
                            item,
                            t!("expect-quoted"),
                            t!("volume-charters-help"),
                            at(item.span()),
                        ));
                    }
                }
                continue;
            }
            ("title" | "logo", _) => (t!("expect-quoted"), t!("help-quoted", key = name)),
            ("date", _) => (t!("expect-date"), t!("volume-date-help")),
            _ => (t!("expect-texts"), t!("volume-charters-help")),
        };
        diags.push(mismatch(name, value, expected, help, at(value.span())));
    }
    diags.error_count() == before
}

fn mismatch(
    key: &str,
    found: &Spanned<DeValue<'_>>,
    expected: String,
    help: String,
    loc: Loc,
) -> Diagnostic {
    let found = crate::load::type_name(found.get_ref());
    Diagnostic::error(t!(
        "type-mismatch",
        key = key,
        table = SPEC_FILE,
        expected = &expected,
        found = found
    ))
    .at(&loc)
    .label(t!("type-expected", expected = &expected))
    .help(help)
}
