//! PDF backend: the template compiled in-process by Typst, with the resolved
//! document as data.
//!
//! The [`World`] a template sees holds only: the template's own folder, the
//! document as `/charter.json`, and the charter's logo as `/assets/logo.*`.
//! No other path is readable and packages are not available.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::syntax::{FileId, Source};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::backend::fonts::FontSet;
use crate::backend::grid::Style;
use crate::backend::layout::{Root, Template};
use crate::diag::{Diagnostic, Diagnostics, Loc, SourceMap};
use crate::document::Document;

mod refusals;
mod world;
use refusals::locate_refused_glyphs;
use world::{CharterWorld, read_template_file};

/// Virtual path of the document data.
pub const DATA_PATH: &str = "/charter.json";
/// Virtual path of a tally report for `templates/tally.typ`.
pub const TALLY_PATH: &str = "/tally.json";
/// Virtual path of a diff for `templates/redline.typ`.
pub const REDLINE_PATH: &str = "/redline.json";
/// Virtual path of a 修正案 for `templates/amendment.typ`.
pub const AMENDMENT_PATH: &str = "/amendment.json";
/// Virtual path of a volume for `templates/volume.typ`.
pub const VOLUME_PATH: &str = "/volume.json";

/// What one PDF is made from, besides its template.
pub struct PdfJob {
    /// JSON the template reads at `data_path`.
    pub data: Vec<u8>,
    pub data_path: &'static str,
    /// Stable identity of the document (PDF /ID), e.g. organisation/charter.
    pub ident: String,
    /// The creation date; else SOURCE_DATE_EPOCH, else none.
    pub date: Option<crate::zh::Date>,
    /// Logo file, served to the template at `/assets/logo.<ext>`.
    pub logo: Option<(String, PathBuf)>,
    /// The 编号 (an OFD custom datum).
    pub number: Option<String>,
}
/// What one paragraph, table cell or list entry adds to the typeset
/// measure besides its characters. Layout costs per item as well as per
/// byte (measured: ~200 bytes of memory per byte of text, ~30 KB per item),
/// so ten thousand short answers weigh more than their few characters.
pub const ITEM_WEIGHT: usize = 64;

/// The typeset measure of some texts: their bytes, plus [`ITEM_WEIGHT`] each.
pub fn typeset_weight<'a>(texts: impl IntoIterator<Item = &'a String>) -> usize {
    texts.into_iter().map(|t| t.len() + ITEM_WEIGHT).sum()
}

/// The typeset measure of data a template reads: its strings, as
/// [`typeset_weight`] counts them (keys are not printed, so not counted).
pub fn json_weight(value: &serde_json::Value) -> usize {
    let mut weight = 0;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(s) => weight += s.len() + ITEM_WEIGHT,
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    weight
}

/// Whether a typeset measure of `size` fits one PDF (`--limit typeset`,
/// 4 MB by default: about 1.4 million Chinese characters, some 2,000
/// pages). A huge document fails alone, before layout, instead of taking
/// a batch down.
pub fn fits_typeset(size: usize, what: &str, remedy: &str, diags: &mut Diagnostics) -> bool {
    let limit = crate::limits::limits().typeset;
    if size as u64 <= limit {
        return true;
    }
    diags.push(
        Diagnostic::error(t!(
            "pdf-too-much-text",
            what = what,
            size = crate::limits::mb(size as u64),
            limit = crate::limits::mb(limit)
        ))
        .help(t!(
            "pdf-too-much-text-help",
            remedy = remedy,
            raise = crate::limits::raise_hint("typeset")
        )),
    );
    false
}

/// Creator string written into every PDF (no version: same bytes across builds).
const CREATOR: &str = "charter";

/// Which PDF standard to enforce.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Standard {
    /// PDF 1.7
    #[value(name = "1.7")]
    Pdf17,
    /// PDF/A-2b for archiving
    #[value(name = "a-2b")]
    A2b,
}

/// What a laid-out document is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Pdf(Standard),
    Ofd,
}

/// Shared by every document of a run: fonts, the standard library, parsed
/// template sources.
pub struct PdfEngine {
    library: LazyHash<Library>,
    /// With `sys.inputs.volume` set: a template imported by volume.typ
    /// does not set /charter.json itself.
    volume_library: LazyHash<Library>,
    fonts: Arc<FontSet>,
    sources: Mutex<HashMap<(Root, FileId), Source>>,
    /// Template files registered in the [`SourceMap`] for messages.
    registered: Mutex<HashMap<(Root, String), crate::diag::FileId>>,
    /// The last preview's pages as SVG by their layout's hash: a keystroke
    /// exports again only the pages it changed.
    svg_pages: Mutex<HashMap<u128, Arc<str>>>,
}

impl PdfEngine {
    pub fn new(fonts: Arc<FontSet>) -> Self {
        Self {
            library: LazyHash::new(Library::default()),
            volume_library: LazyHash::new(volume_library()),
            fonts,
            sources: Mutex::new(HashMap::new()),
            registered: Mutex::new(HashMap::new()),
            svg_pages: Mutex::new(HashMap::new()),
        }
    }

    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Compiles `doc` with `template`. Errors and warnings are reported
    /// pointing into the template, or at the charter's line for a glyph.
    pub fn render(
        &self,
        doc: &Document,
        template: &Template,
        outputs: &[Output],
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Vec<u8>>> {
        let job = self.document_job(doc, template, diags)?;
        let mut found = Diagnostics::new();
        let bytes = self.render_outputs(job, template, outputs, sources, &mut found);
        locate_refused_glyphs(doc, found, sources, diags);
        bytes
    }

    /// The pages of `doc` as SVG, compiled exactly as [`PdfEngine::render`]
    /// compiles them (same data, same template): the studio's preview.
    pub fn render_svg(
        &self,
        doc: &Document,
        template: &Template,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<(u128, Arc<str>)>> {
        let job = self.document_job(doc, template, diags)?;
        let mut found = Diagnostics::new();
        let world = CharterWorld::new(self, &job, template, diags)?;
        let compiled = self.compile(&world, template, sources, &mut found);
        locate_refused_glyphs(doc, found, sources, diags);
        let options = typst_svg::SvgOptions::default();
        let mut kept = self.svg_pages.lock().unwrap_or_else(|e| e.into_inner());
        let mut now = HashMap::new();
        let pages = compiled?
            .pages()
            .iter()
            .map(|page| {
                let hash = typst::utils::hash128(page);
                let svg = kept
                    .get(&hash)
                    .cloned()
                    .unwrap_or_else(|| typst_svg::svg(page, &options).into());
                now.insert(hash, svg.clone());
                (hash, svg)
            })
            .collect();
        *kept = now;
        drop(kept);
        // A long session of previews: keep the cache warm for the next
        // keystroke, but drop what several previews have not used.
        typst::comemo::evict(30);
        Some(pages)
    }

    /// The data a charter template reads: the document, its logo at a
    /// virtual path and, on a grid, every body paragraph broken into lines.
    fn document_job(
        &self,
        doc: &Document,
        template: &Template,
        diags: &mut Diagnostics,
    ) -> Option<PdfJob> {
        let (value, logo) = self.document_value(doc, template, diags)?;
        Some(PdfJob {
            data: serde_json::to_vec(&value).unwrap_or_default(),
            data_path: DATA_PATH,
            ident: format!("{}/{}", doc.org.name, doc.id),
            date: doc.approval.as_ref().map(|a| a.date),
            logo,
            number: doc.number.clone(),
        })
    }

    /// The document as its template reads it, and its logo (virtual path,
    /// file), which the template sees at a fixed virtual path.
    pub fn document_value(
        &self,
        doc: &Document,
        template: &Template,
        diags: &mut Diagnostics,
    ) -> Option<(serde_json::Value, Option<(String, PathBuf)>)> {
        let size = typeset_weight(&doc.reading_order());
        let copies = doc.print.as_ref().map_or(1, |p| p.copies.max(1) as usize);
        if !fits_typeset(
            size.saturating_mul(copies),
            &doc.source,
            &t!("pdf-typeset-remedy"),
            diags,
        ) {
            return None;
        }
        let mut data_doc = doc.clone();
        let logo = doc.org.logo.as_deref().map(|path| logo_at(Path::new(path)));
        data_doc.org.logo = logo.as_ref().map(|(virtual_path, _)| virtual_path.clone());
        // A template on a character grid gets every body paragraph broken
        // into its lines (backend/grid.rs).
        let mut value = serde_json::to_value(&data_doc).unwrap_or_default();
        if let Some(grid) = &template.theme.grid {
            let theme = &template.theme;
            let size = theme.size.get("body").copied().unwrap_or(16.0);
            let families = |role: &str| -> Vec<String> {
                theme
                    .font
                    .get(role)
                    .map(|f| f.pdf.clone())
                    .unwrap_or_default()
            };
            let roles = [
                (Style::Body, families("body")),
                (Style::Heading1, families("heading1")),
                (Style::Heading2, families("heading2")),
            ];
            let half = grid.char_pitch_pt / 2.0;
            let tracking = grid.char_pitch_pt - size;
            // Half-cells a half-width run takes: its natural width, tracked.
            let measure = |text: &str, style: Style| -> usize {
                let families = roles
                    .iter()
                    .find(|(s, _)| *s == style)
                    .map(|(_, f)| f.as_slice())
                    .unwrap_or_default();
                let count = text.chars().count();
                let natural: f64 = text
                    .chars()
                    .map(|c| self.fonts.advance(families, c).unwrap_or(0.5) * size)
                    .sum::<f64>()
                    + tracking * count.saturating_sub(1) as f64;
                // Up to 15 % of a half-cell may overlap what follows (楷体
                // digits are 0.555 em): not visible, and the count stays.
                ((natural / half) - 0.15).ceil().max(1.0) as usize
            };
            crate::backend::grid::annotate(&mut value, doc, grid.chars as usize, &measure);
        }
        Some((value, logo))
    }

    /// Typesets a job: the laid-out pages, or `None` with the errors reported.
    fn compile(
        &self,
        world: &CharterWorld,
        template: &Template,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<PagedDocument> {
        let result = typst::compile::<PagedDocument>(world);
        for warning in &result.warnings {
            diags.push(self.convert(warning, world, template, sources));
        }
        match result.output {
            Ok(document) => {
                // Exporting costs per page: a layout far longer than its
                // text suggests stops here.
                let pages = document.pages().len() as u64;
                let limit = crate::limits::limits().pages;
                if pages > limit {
                    diags.push(
                        Diagnostic::error(t!(
                            "pdf-too-many-pages",
                            what = world.ident(),
                            pages = pages,
                            limit = limit
                        ))
                        .help(t!(
                            "pdf-too-many-pages-help",
                            raise = crate::limits::raise_hint("pages")
                        )),
                    );
                    return None;
                }
                Some(document)
            }
            Err(errors) => {
                for error in &errors {
                    diags.push(self.convert(error, world, template, sources));
                }
                None
            }
        }
    }

    /// Compiles any data with a template (the charter, a tally, a
    /// redline) once, and exports it in each of `outputs`.
    pub fn render_outputs(
        &self,
        job: PdfJob,
        template: &Template,
        outputs: &[Output],
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Vec<u8>>> {
        if outputs.contains(&Output::Pdf(Standard::A2b)) && timestamp(job.date).is_none() {
            diags.push(Diagnostic::error(t!("pdf-a2b-no-date")).help(t!("pdf-a2b-no-date-help")));
            return None;
        }
        let world = CharterWorld::new(self, &job, template, diags)?;
        let document = self.compile(&world, template, sources, diags)?;
        outputs
            .iter()
            .map(|o| self.export(&document, &job, *o, &world, template, sources, diags))
            .collect()
    }

    /// A volume (templates/volume.typ over [`VOLUME_PATH`]): its file in
    /// each of `outputs` (none: a DOCX alone needs only the layout) and the
    /// physical page (from 1) on which each regulation starts.
    pub fn render_volume(
        &self,
        job: PdfJob,
        template: &Template,
        outputs: &[Output],
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<(Vec<Vec<u8>>, Vec<usize>)> {
        use typst::foundations::{Label, Selector};
        use typst::introspection::Introspector;
        let world = CharterWorld::new(self, &job, template, diags)?;
        let document = self.compile(&world, template, sources, diags)?;
        let introspector = document.introspector();
        let starts = Label::new(typst::utils::PicoStr::intern("charter-start"))
            .map(|label| introspector.query(&Selector::Label(label)))
            .unwrap_or_default()
            .iter()
            .filter_map(|c| introspector.page(c.location()?))
            .map(|page| page.get())
            .collect();
        let files = outputs
            .iter()
            .map(|o| self.export(&document, &job, *o, &world, template, sources, diags))
            .collect::<Option<_>>()?;
        Some((files, starts))
    }

    #[allow(clippy::too_many_arguments)]
    fn export(
        &self,
        document: &PagedDocument,
        job: &PdfJob,
        output: Output,
        world: &CharterWorld,
        template: &Template,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Vec<u8>> {
        let standard = match output {
            Output::Pdf(standard) => standard,
            Output::Ofd => return crate::backend::ofd::export(document, job, diags),
        };
        let standards = match standard {
            Standard::Pdf17 => PdfStandards::default(),
            Standard::A2b => match PdfStandards::new(&[PdfStandard::A_2b]) {
                Ok(s) => s,
                Err(err) => {
                    diags.push(
                        Diagnostic::error(t!(
                            "pdf-a2b-unavailable",
                            reason = err.message().to_string()
                        ))
                        .help(t!("pdf-a2b-unavailable-help")),
                    );
                    return None;
                }
            },
        };
        let options = PdfOptions {
            ident: Smart::Custom(job.ident.clone()),
            creator: Smart::Custom(Some(CREATOR.to_string())),
            timestamp: timestamp(job.date),
            standards,
            ..PdfOptions::default()
        };
        let bytes = match typst_pdf::pdf(document, &options) {
            Ok(bytes) => Some(bytes),
            Err(errors) => {
                for error in &errors {
                    diags.push(self.convert(error, world, template, sources));
                }
                None
            }
        };
        // Keep memory flat over a long batch: drop cache entries unused for a while.
        typst::comemo::evict(10);
        bytes
    }

    fn source(&self, template: &Template, id: FileId) -> FileResult<Source> {
        let key = (template.root.clone(), id);
        if let Some(source) = self
            .sources
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(source.clone());
        }
        let bytes = read_template_file(template, id)?;
        let text = String::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text);
        self.sources
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, source.clone());
        Ok(source)
    }

    /// A Typst diagnostic as ours, located in the template file.
    fn convert(
        &self,
        diagnostic: &SourceDiagnostic,
        world: &CharterWorld,
        template: &Template,
        sources: &SourceMap,
    ) -> Diagnostic {
        let message = diagnostic.message.to_string();
        // A glyph no font has is the charter's problem (its text), not the template's.
        let glyph = message.contains("could not be displayed");
        let mut d = match (diagnostic.severity, glyph) {
            (TypstSeverity::Error, true) => Diagnostic::error(message.clone()),
            (TypstSeverity::Error, false) => Diagnostic::error(t!(
                "pdf-template-failed",
                template = template.display_main(),
                message = &message
            )),
            (TypstSeverity::Warning, _) => Diagnostic::warning(t!(
                "pdf-template-warning",
                template = template.display_main(),
                message = &message
            )),
        };
        let file = diagnostic.span.id();
        let range = world.range(diagnostic.span);
        if let (Some(file), Some(range)) = (file, range) {
            let name = file.vpath().get_without_slash().to_string();
            if file != world.data_id
                && let Some(ours) = self.register(template, &name, sources)
            {
                d = d.at(&Loc::new(ours, range)).label(message.clone());
            }
        }
        for hint in &diagnostic.hints {
            d = d.note(hint.v.to_string());
        }
        if glyph {
            d = d.help(t!("pdf-glyph-help"));
        } else if d.help.is_none() {
            d = d.help(t!("pdf-template-help", template = template.display_main()));
        }
        d
    }

    /// Registers a template file in the source map once, for carets.
    fn register(
        &self,
        template: &Template,
        name: &str,
        sources: &SourceMap,
    ) -> Option<crate::diag::FileId> {
        let key = (template.root.clone(), name.to_string());
        let mut registered = self.registered.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = registered.get(&key) {
            return Some(*id);
        }
        let bytes = template.read(name).ok()?;
        let path = template
            .path_of(name)
            .unwrap_or_else(|| PathBuf::from(t!("layout-built-in", file = name)));
        let id = sources.add(&path, String::from_utf8_lossy(&bytes).into_owned());
        registered.insert(key, id);
        Some(id)
    }
}

/// A logo file and the fixed virtual path a template sees it at
/// (`/assets/logo.<ext>`): file ids stay few, as Typst interns them for the
/// life of the process.
pub fn logo_at(path: &Path) -> (String, PathBuf) {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_else(|| "png".into());
    (format!("/assets/logo.{extension}"), path.to_path_buf())
}

/// The standard library with `sys.inputs.volume` set.
fn volume_library() -> Library {
    let mut inputs = typst::foundations::Dict::new();
    inputs.insert("volume".into(), typst::foundations::Value::Bool(true));
    Library::builder().with_inputs(inputs).build()
}

/// The PDF creation date: the given date, else SOURCE_DATE_EPOCH, else none.
fn timestamp(date: Option<crate::zh::Date>) -> Option<Timestamp> {
    if let Some(d) = date {
        return Datetime::from_ymd(i32::from(d.year), d.month, d.day).map(Timestamp::new_utc);
    }
    let seconds: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let days = seconds.div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Datetime::from_ymd(y, m, d).map(Timestamp::new_utc)
}

/// Howard Hinnant's civil_from_days.
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u8, d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20148), (2025, 3, 1));
    }
}
