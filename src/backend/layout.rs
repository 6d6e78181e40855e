//! Layout templates: a Typst file for the PDF plus a theme (`<name>.toml`)
//! that the DOCX writer shares.
//!
//! `template = "formal"` names a template of the project: `templates/formal.typ`
//! when the working folder has one (so a project can edit its templates),
//! else the copy compiled into the binary. A value with a `/` or ending in
//! `.typ` is a path to your own template.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::sandbox::{IMAGE_LIMIT, Refusal, SOURCE_LIMIT, Sandbox, read_bounded};

/// The templates shipped with charter, compiled in.
const EMBEDDED: &[(&str, &str)] = &[
    ("formal.typ", include_str!("../../templates/formal.typ")),
    (
        "formal-layout.typ",
        include_str!("../../templates/formal-layout.typ"),
    ),
    ("formal.toml", include_str!("../../templates/formal.toml")),
    ("plain.typ", include_str!("../../templates/plain.typ")),
    ("plain.toml", include_str!("../../templates/plain.toml")),
    ("tally.typ", include_str!("../../templates/tally.typ")),
    ("redline.typ", include_str!("../../templates/redline.typ")),
    ("volume.typ", include_str!("../../templates/volume.typ")),
    (
        "amendment.typ",
        include_str!("../../templates/amendment.typ"),
    ),
];

/// Names of the shipped templates.
pub const NAMES: &[&str] = &["formal", "plain"];

/// The folder a template's files are read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Root {
    Embedded,
    Dir(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Template {
    /// As written in `[layout] template`.
    pub spec: String,
    pub root: Root,
    /// File name of the main `.typ` file inside the root.
    pub main: String,
    pub theme: Theme,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Theme {
    pub page: PageTheme,
    #[serde(default)]
    pub grid: Option<GridTheme>,
    /// Sizes in points by role: title, body, page_number, header, table …
    pub size: BTreeMap<String, f64>,
    /// Font roles: title, body, heading1, heading2, symbols.
    pub font: BTreeMap<String, FontRole>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct PageTheme {
    pub width_mm: f64,
    pub height_mm: f64,
    pub top_mm: f64,
    pub bottom_mm: f64,
    pub left_mm: f64,
    pub right_mm: f64,
    #[serde(default)]
    pub footer_mm: Option<f64>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GridTheme {
    pub lines: u32,
    pub chars: u32,
    pub line_pitch_pt: f64,
    pub char_pitch_pt: f64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct FontRole {
    /// Families for the PDF, tried in order.
    pub pdf: Vec<String>,
    #[serde(default)]
    pub bold: bool,
    /// Font name for DOCX (w:eastAsia), as Chinese Windows and WPS know it.
    pub docx: Option<String>,
    /// English name for w:ascii / w:hAnsi.
    pub docx_ascii: Option<String>,
}

impl Theme {
    /// PDF families of a role followed by the symbol fallbacks.
    pub fn families(&self, role: &str) -> Vec<String> {
        let mut out = self
            .font
            .get(role)
            .map(|r| r.pdf.clone())
            .unwrap_or_default();
        if role != "symbols" {
            out.extend(
                self.font
                    .get("symbols")
                    .map(|r| r.pdf.clone())
                    .unwrap_or_default(),
            );
        }
        out
    }

    /// Size of a role in points, with a fallback for themes that omit it.
    pub fn size(&self, role: &str, fallback: f64) -> f64 {
        self.size.get(role).copied().unwrap_or(fallback)
    }
}

impl Template {
    /// Reads a file of the template's folder: after symlinks it must stay
    /// in that folder and be a regular file of bounded size.
    pub fn read(&self, name: &str) -> Result<Vec<u8>, Refusal> {
        match &self.root {
            Root::Embedded => embedded(name)
                .map(|text| text.as_bytes().to_vec())
                .ok_or(Refusal::NotFound),
            Root::Dir(dir) => {
                let real =
                    Sandbox::new(dir)
                        .map_err(Refusal::Io)?
                        .resolve(dir, name, IMAGE_LIMIT)?;
                read_bounded(&real, IMAGE_LIMIT)
            }
        }
    }

    /// Where the template's main file is, for messages.
    pub fn display_main(&self) -> String {
        match &self.root {
            Root::Embedded => t!("layout-built-in", file = &self.main),
            Root::Dir(dir) => crate::diag::display_path(&dir.join(&self.main)),
        }
    }

    /// Path of a file of the template on disk, when it is on disk.
    pub fn path_of(&self, name: &str) -> Option<PathBuf> {
        match &self.root {
            Root::Embedded => None,
            Root::Dir(dir) => Some(dir.join(name)),
        }
    }
}

fn embedded(name: &str) -> Option<&'static str> {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The theme of the default template, used when a custom template has none.
pub fn default_theme() -> Theme {
    embedded("formal.toml")
        .and_then(|text| toml::from_str(text).ok())
        .unwrap_or_else(fallback_theme)
}

fn fallback_theme() -> Theme {
    // The built-in theme is tested to parse; this is only a typed fallback.
    Theme {
        page: PageTheme {
            width_mm: 210.0,
            height_mm: 297.0,
            top_mm: 37.0,
            bottom_mm: 35.0,
            left_mm: 28.0,
            right_mm: 26.0,
            footer_mm: Some(7.0),
        },
        grid: None,
        size: BTreeMap::new(),
        font: BTreeMap::new(),
    }
}

/// A template given as a path (`../my.typ`) rather than a name (`formal`).
pub fn is_path(template: &str) -> bool {
    template.contains('/') || template.contains('\\') || template.ends_with(".typ")
}

/// The project's own copy of a named template, `templates/<name>.typ`
/// under the project root, when it has one. One that leads out of the
/// project (a symlink) is an error, not silently replaced by the built-in.
fn local_copy(name: &str, sandbox: &Sandbox, diags: &mut Diagnostics) -> Option<Option<PathBuf>> {
    let dir = sandbox.root().join("templates");
    let file = format!("{name}.typ");
    match sandbox.resolve(&dir, &file, SOURCE_LIMIT) {
        Ok(real) => Some(real.parent().map(Path::to_path_buf)),
        Err(Refusal::NotFound) => Some(None),
        Err(refusal) => {
            diags.push(
                Diagnostic::error(t!(
                    "layout-template-refused",
                    reason = refusal.describe(&format!("templates/{file}"))
                ))
                .help(refusal.hint()),
            );
            None
        }
    }
}

/// Finds the template a document asks for. `spec` is a name or a path
/// (relative to the working folder), which must lie inside the project.
/// A problem is reported at `at`, the place that named the template.
pub fn locate(
    spec: &str,
    sandbox: &Sandbox,
    at: Option<&Loc>,
    diags: &mut Diagnostics,
) -> Option<Template> {
    let mut found = Diagnostics::new();
    let template = find(spec, sandbox, &mut found);
    for d in found.list {
        diags.push(match at {
            Some(loc) => d.at(loc).label(t!("layout-in-layout")),
            None => d,
        });
    }
    template
}

fn find(spec: &str, sandbox: &Sandbox, diags: &mut Diagnostics) -> Option<Template> {
    let (root, main) = if is_path(spec) {
        let real = match sandbox.resolve(Path::new("."), spec, SOURCE_LIMIT) {
            Ok(real) => real,
            Err(refusal) => {
                diags.push(
                    Diagnostic::error(t!(
                        "layout-template-refused",
                        reason = refusal.describe(spec)
                    ))
                    .help(t!("layout-template-path-help")),
                );
                return None;
            }
        };
        let dir = real.parent().unwrap_or(Path::new("/")).to_path_buf();
        let main = real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (Root::Dir(dir), main)
    } else {
        let main = format!("{spec}.typ");
        if let Some(dir) = local_copy(spec, sandbox, diags)? {
            (Root::Dir(dir), main)
        } else if embedded(&main).is_some() {
            (Root::Embedded, main)
        } else {
            let mut d = Diagnostic::error(t!("layout-unknown-template", name = spec));
            d = match crate::diag::suggest(spec, NAMES.iter().copied()) {
                Some(near) => d.help(t!("did-you-mean", name = near)),
                None => d.help(t!("layout-unknown-template-help")),
            };
            diags.push(d);
            return None;
        }
    };
    let mut template = Template {
        spec: spec.to_string(),
        root,
        main: main.clone(),
        theme: default_theme(),
    };
    let theme_name = format!("{}.toml", main.trim_end_matches(".typ"));
    if let Ok(bytes) = template.read(&theme_name) {
        let text = String::from_utf8_lossy(&bytes);
        match toml::from_str::<Theme>(&text) {
            Ok(theme) => template.theme = theme,
            Err(err) => {
                diags.push(
                    Diagnostic::error(t!(
                        "layout-theme-invalid",
                        theme = &theme_name,
                        template = spec,
                        reason = err.message().trim().to_string()
                    ))
                    .help(t!("layout-theme-invalid-help")),
                );
                return None;
            }
        }
    }
    Some(template)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_themes_parse() {
        for name in NAMES {
            let text = embedded(&format!("{name}.toml")).unwrap_or("");
            let theme: Result<Theme, _> = toml::from_str(text);
            assert!(theme.is_ok(), "{name}: {theme:?}");
        }
        let theme = default_theme();
        assert_eq!(theme.page.top_mm, 37.0);
        assert_eq!(
            theme.families("body"),
            ["FandolFang R", "Noto Sans Symbols2", "Noto Sans Symbols"]
        );
    }

    #[test]
    fn unknown_template_suggests() {
        let mut diags = Diagnostics::new();
        let found = crate::i18n::with(crate::i18n::Lang::En, || {
            locate("formall", &Sandbox::working_folder(), None, &mut diags)
        });
        assert!(found.is_none());
        assert_eq!(
            diags.list[0].help.as_deref(),
            Some("did you mean \"formal\"?")
        );
    }
}
