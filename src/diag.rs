//! Diagnostics in the rustc style: `path:line:col`, the source line with a
//! caret under the span, and a hint saying what to do.
//!
//! Every stage reports into a [`Diagnostics`] list instead of returning on the
//! first problem, so one run shows all mistakes of a charter.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files, line_starts};
use codespan_reporting::term;

/// Index of a file in the [`SourceMap`].
pub type FileId = usize;

/// A position in a source file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    pub file: FileId,
    pub span: Range<usize>,
}

impl Loc {
    pub fn new(file: FileId, span: Range<usize>) -> Self {
        Self { file, span }
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Sp<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Self { value, loc }
    }
}

struct SourceFile {
    /// Path as shown to the user (relative to the working directory when possible).
    name: String,
    path: PathBuf,
    text: Arc<str>,
    line_starts: Vec<usize>,
}

/// All files read during a run, shared between threads.
///
/// Files are only ever appended, so a [`FileId`] stays valid for the run.
#[derive(Default, Clone)]
pub struct SourceMap {
    files: Arc<RwLock<Vec<Arc<SourceFile>>>>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a file's text and returns its id.
    pub fn add(&self, path: &Path, text: impl Into<Arc<str>>) -> FileId {
        let text: Arc<str> = text.into();
        // Messages quote this copy: control characters must not reach a
        // terminal. Same byte lengths, so spans into the original stay valid.
        let text: Arc<str> = match crate::hygiene::first_forbidden(&text) {
            Some(_) => crate::hygiene::same_length_printable(&text).into(),
            None => text,
        };
        let file = Arc::new(SourceFile {
            name: display_path(path),
            path: path.to_path_buf(),
            line_starts: line_starts(&text).collect(),
            text,
        });
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        files.push(file);
        files.len() - 1
    }

    fn get(&self, id: FileId) -> Option<Arc<SourceFile>> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        files.get(id).cloned()
    }

    pub fn text(&self, id: FileId) -> Arc<str> {
        self.get(id)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| Arc::from(""))
    }

    pub fn path(&self, id: FileId) -> PathBuf {
        self.get(id).map(|f| f.path.clone()).unwrap_or_default()
    }

    pub fn name(&self, id: FileId) -> String {
        self.get(id).map(|f| f.name.clone()).unwrap_or_default()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, loc: &Loc) -> (usize, usize) {
        let Some(file) = self.get(loc.file) else {
            return (1, 1);
        };
        let line = match file.line_starts.binary_search(&loc.span.start) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = file.line_starts.get(line).copied().unwrap_or(0);
        let end = loc.span.start.min(file.text.len());
        let column = file
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, column + 1)
    }

    /// The span of line `line` (1-based) of the file shown as `name`.
    pub fn line_loc(&self, name: &str, line: usize) -> Option<Loc> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        let id = files.iter().rposition(|f| f.name == name)?;
        let file = &files[id];
        let start = *file.line_starts.get(line.checked_sub(1)?)?;
        let end = file
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(file.text.len());
        let end = file.text[..end]
            .trim_end_matches(['\n', '\r'])
            .len()
            .max(start);
        Some(Loc::new(id, start..end))
    }

    /// `path:line` of a location, as used in warnings about rendered text.
    pub fn describe(&self, loc: &Loc) -> String {
        let (line, _) = self.line_col(loc);
        format!("{}:{}", self.name(loc.file), line)
    }
}

/// Shows paths relative to the working directory when they are below it,
/// so messages read like `charters/orgs/a/x.toml:3:1`.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    let shown = relative.as_deref().unwrap_or(path);
    // `./a.toml` from walking "." reads better as `a.toml`.
    let without_dot: PathBuf = shown
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    without_dot.to_string_lossy().into_owned()
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = String;
    type Source = Arc<str>;

    fn name(&'a self, id: FileId) -> Result<String, FilesError> {
        self.get(id)
            .map(|f| f.name.clone())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<Arc<str>, FilesError> {
        self.get(id)
            .map(|f| f.text.clone())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.get(id).ok_or(FilesError::FileMissing)?;
        Ok(match file.line_starts.binary_search(&byte_index) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        })
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.get(id).ok_or(FilesError::FileMissing)?;
        let start = *file
            .line_starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: file.line_starts.len().saturating_sub(1),
            })?;
        let end = file
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A drafting note (【…】 of a model text): shown by `check` and the
    /// studio, never printed, never a reason to fail.
    Note,
    Warning,
    Error,
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Primary location; `None` for problems that are not in a file
    /// (a missing file is reported at the `extends` that names it instead).
    pub loc: Option<Loc>,
    /// Short text printed under the caret.
    pub label: String,
    /// Further locations, e.g. the other half of a disagreement.
    pub secondary: Vec<(Loc, String)>,
    /// What to do about it.
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            loc: None,
            label: String::new(),
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// A drafting note: shown, never printed, not counted as a warning.
    pub fn drafting(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::error(message)
        }
    }

    pub fn is_drafting(&self) -> bool {
        self.severity == Severity::Note
    }

    pub fn at(mut self, loc: &Loc) -> Self {
        self.loc = Some(loc.clone());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn also(mut self, loc: &Loc, label: impl Into<String>) -> Self {
        self.secondary.push((loc.clone(), label.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn to_codespan(&self) -> CsDiagnostic<FileId> {
        let severity = match self.severity {
            Severity::Note => CsSeverity::Note,
            Severity::Warning => CsSeverity::Warning,
            Severity::Error => CsSeverity::Error,
        };
        let mut labels = Vec::new();
        if let Some(loc) = &self.loc {
            labels.push(Label::primary(loc.file, loc.span.clone()).with_message(&self.label));
        }
        for (loc, message) in &self.secondary {
            labels.push(Label::secondary(loc.file, loc.span.clone()).with_message(message));
        }
        let printable = crate::hygiene::printable;
        let mut notes: Vec<String> = self
            .help
            .iter()
            .map(|h| format!("{}: {}", t!("prefix-help"), printable(h)))
            .collect();
        notes.extend(
            self.notes
                .iter()
                .map(|n| format!("{}: {}", t!("prefix-note"), printable(n))),
        );
        for label in &mut labels {
            label.message = printable(&label.message);
        }
        CsDiagnostic::new(severity)
            .with_message(printable(&self.message))
            .with_labels(labels)
            .with_notes(notes)
    }

    /// Renders the diagnostic as plain text (no colour).
    pub fn render(&self, sources: &SourceMap) -> String {
        let config = term::Config::default();
        let text = term::emit_into_string(&config, sources, &self.to_codespan())
            .unwrap_or_else(|_| format!("{}: {}\n", severity_word(self.severity), self.message));
        self.localized(text)
    }

    /// Writes the diagnostic to standard error, coloured when it is a terminal.
    pub fn emit(&self, sources: &SourceMap) {
        use codespan_reporting::term::termcolor::Buffer;
        use std::io::IsTerminal;
        let mut buffer =
            if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                Buffer::ansi()
            } else {
                Buffer::no_color()
            };
        let config = term::Config::default();
        match term::emit_to_write_style(&mut buffer, &config, sources, &self.to_codespan()) {
            Ok(()) => eprint!(
                "{}",
                self.localized(String::from_utf8_lossy(buffer.as_slice()).into_owned())
            ),
            Err(_) => eprint!("{}", self.render(sources)),
        }
    }

    /// The severity word codespan prints first (`error`, `warning`) in the
    /// language of the messages.
    fn localized(&self, text: String) -> String {
        if crate::i18n::lang() == crate::i18n::Lang::En {
            return text;
        }
        let english = severity_word(self.severity);
        let shown = match self.severity {
            Severity::Note => t!("severity-note"),
            Severity::Warning => t!("severity-warning"),
            Severity::Error => t!("severity-error"),
        };
        match text.find(english) {
            Some(at) if !text[..at].contains('\n') => {
                format!("{}{shown}{}", &text[..at], &text[at + english.len()..])
            }
            _ => text,
        }
    }

    /// A sort key that keeps diagnostics in reading order.
    fn order_key(&self) -> (usize, usize) {
        match &self.loc {
            Some(loc) => (loc.file, loc.span.start),
            None => (usize::MAX, 0),
        }
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Note => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// Most diagnostics kept for one file: a file of 100,000 unknown keys is
/// reported by its first mistakes and a count, in linear time.
pub const PER_FILE_LIMIT: usize = 100;

/// Diagnostics collected by a stage.
#[derive(Default, Debug, Clone)]
pub struct Diagnostics {
    pub list: Vec<Diagnostic>,
    seen: std::collections::HashSet<Diagnostic>,
    /// Per file: how many were kept, and how many more were left out.
    per_file: std::collections::HashMap<(FileId, bool), (usize, usize)>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.seen.contains(&diagnostic) {
            return;
        }
        if let Some(loc) = &diagnostic.loc {
            // Drafting notes have a count of their own: a model text's fifty
            // notes never crowd out its warnings.
            let key = (loc.file, diagnostic.is_drafting());
            let (kept, dropped) = self.per_file.entry(key).or_default();
            if *kept >= PER_FILE_LIMIT {
                *dropped += 1;
                if *dropped == 1 {
                    self.list.push(
                        Diagnostic {
                            loc: Some(Loc::new(loc.file, 0..0)),
                            ..Diagnostic::error(t!("too-many-problems"))
                        }
                        .label(t!("too-many-problems-label"))
                        .help(t!("too-many-problems-help", shown = PER_FILE_LIMIT)),
                    );
                }
                return;
            }
            *kept += 1;
        }
        self.seen.insert(diagnostic.clone());
        self.list.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for diagnostic in other.list {
            self.push(diagnostic);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn drafting_count(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts into reading order: by file, then position.
    pub fn sort(&mut self) {
        self.list.sort_by_key(Diagnostic::order_key);
    }

    pub fn render(&self, sources: &SourceMap) -> String {
        self.list.iter().map(|d| d.render(sources)).collect()
    }
}

/// Prints diagnostics to standard error, each once (a model's errors show
/// once, not once per charter extending it), counting errors, warnings and
/// drafting notes.
#[derive(Default)]
pub struct Reporter {
    printed: std::collections::HashSet<String>,
    pub errors: usize,
    pub warnings: usize,
    /// Drafting notes: counted always, printed only when `show_drafting`.
    pub drafting: usize,
    pub show_drafting: bool,
    pub quiet: bool,
}

impl Reporter {
    pub fn new(quiet: bool) -> Self {
        Self {
            quiet,
            ..Self::default()
        }
    }

    /// Prints drafting notes too (`check`).
    pub fn showing_drafting(mut self) -> Self {
        self.show_drafting = true;
        self
    }

    /// `check`'s last line: charters, errors, warnings, drafting notes.
    pub fn check_summary(&self, count: usize, ok: usize, models: usize, failed: usize) -> String {
        let mut summary = t!(
            "check-summary",
            count = count,
            ok = ok,
            models = models,
            failed = failed,
            errors = self.errors,
            warnings = self.warnings
        );
        if self.drafting > 0 {
            summary.push('\n');
            summary.push_str(&t!("drafting-summary", count = self.drafting));
        }
        summary
    }

    pub fn report(&mut self, diags: &mut Diagnostics, sources: &SourceMap) {
        diags.sort();
        for d in &diags.list {
            let shown = match d.severity {
                Severity::Error => true,
                Severity::Warning => !self.quiet,
                Severity::Note => self.show_drafting && !self.quiet,
            };
            // Quiet warnings are not even rendered (a batch of hundreds);
            // drafting notes are, to be counted once however many charters
            // extend the model that holds them.
            if !shown && d.severity != Severity::Note {
                continue;
            }
            if !self.printed.insert(d.render(sources)) {
                continue;
            }
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Note => self.drafting += 1,
            }
            if shown {
                d.emit(sources);
            }
        }
    }
}

/// The valid name closest to `given`, for "did you mean" hints.
pub fn suggest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_lower = given.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&given_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, candidate)| {
            let limit = (candidate.chars().count().max(given.chars().count()) / 3).max(1);
            *distance <= limit
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_path_line_column_and_caret() {
        let sources = SourceMap::new();
        let text = "[charter]\ntitel = \"x\"\n";
        let file = sources.add(Path::new("a/b.toml"), text);
        let d = Diagnostic::error("unknown key \"titel\" in [charter]")
            .at(&Loc::new(file, 10..15))
            .label("not a key of [charter]")
            .help("did you mean \"title\"?");
        let out = d.render(&sources);
        assert!(out.contains("a/b.toml:2:1"), "{out}");
        assert!(out.contains("titel = \"x\""), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("help: did you mean \"title\"?"), "{out}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let sources = SourceMap::new();
        let text = "title = \"服务\"\nx";
        let file = sources.add(Path::new("c.toml"), text);
        let offset = text.find('x').unwrap_or(0);
        assert_eq!(
            sources.line_col(&Loc::new(file, offset..offset + 1)),
            (2, 1)
        );
        let quote = "title = \"服务".len();
        assert_eq!(sources.line_col(&Loc::new(file, quote..quote + 1)), (1, 12));
    }

    #[test]
    fn suggests_nearest_key_only_when_close() {
        let keys = ["title", "number", "numbering", "preamble"];
        assert_eq!(suggest("titel", keys), Some("title"));
        assert_eq!(suggest("numberin", keys), Some("numbering"));
        assert_eq!(suggest("colour", keys), None);
    }
}
