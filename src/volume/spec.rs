//! `volume.toml`: the optional description of a volume in an organisation's
//! folder: its title, date, cover logo, and which charters in which order.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

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
    match toml::from_str::<Spec>(text.trim_start_matches('\u{feff}')) {
        Ok(spec) => {
            // The title goes into the PDF and the DOCX, which Word refuses
            // with a control character in it.
            if let Some(title) = &spec.title
                && let Some((_, c)) = crate::hygiene::first_forbidden(title.get_ref())
            {
                diags.push(
                    Diagnostic::error(format!(
                        "{SPEC_FILE}: the title holds a control character ({})",
                        crate::hygiene::code_point(c)
                    ))
                    .at(&Loc::new(file, title.span()))
                    .label("control character in here")
                    .help("write the title as plain text"),
                );
                return None;
            }
            Some((spec, Some(file)))
        }
        Err(err) => {
            let offset = text.len() - text.trim_start_matches('\u{feff}').len();
            let span = err
                .span()
                .map(|s| s.start + offset..s.end + offset)
                .unwrap_or(0..0);
            let message = err.message().trim().to_string();
            diags.push(
                Diagnostic::error(format!("{SPEC_FILE}: {message}"))
                    .at(&Loc::new(file, span))
                    .label(message.lines().next().unwrap_or("").to_string())
                    .help("volume.toml may hold title = \"…\", date = YYYY-MM-DD, logo = \"FILE\" and charters = [\"id\", …]"),
            );
            None
        }
    }
}
