//! `charter volume`: an organisation's regulations bound into one volume
//! (制度汇编) with a cover and a 目录.
//!
//! Gathers every non-model charter under the organisation's folder,
//! orders them (volume.toml, else by 编号 then title), resolves them as a
//! build does, and hands them to the volume backend. Like a build it is
//! incremental: a volume whose charters and options are unchanged is not
//! rebuilt. Nothing is written when one charter fails.

mod spec;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::backend::volume::Volume;
use crate::backend::{Backends, Format};
use crate::diag::{Diagnostic, Diagnostics, Loc, SourceMap};
use crate::discover::discover;
use crate::manifest::{Entry, Fingerprint, Manifest};
use crate::pipeline::{Outcome, Pipeline, Resolved};

pub use spec::SPEC_FILE;

/// Title on the cover when none is given.
pub const DEFAULT_TITLE: &str = "规章制度汇编";

/// What `charter volume` was asked for.
pub struct Request {
    /// The organisation's folder.
    pub folder: PathBuf,
    /// A `.pdf` or `.docx` file; default `out/<org-folder>/<org-folder>-volume.*`.
    pub output: Option<PathBuf>,
    pub formats: Vec<Format>,
    pub title: Option<String>,
    /// YYYY-MM-DD.
    pub date: Option<String>,
    /// Organisation variables that override org.toml.
    pub org: Option<PathBuf>,
    pub force: bool,
    pub quiet: bool,
}

/// Builds the volume; the exit status.
pub fn build(
    request: &Request,
    backends: &Backends,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    let started = Instant::now();
    let folder = &request.folder;
    if !folder.is_dir() {
        diags.push(
            Diagnostic::error(t!(
                "volume-no-folder",
                folder = folder.display().to_string()
            ))
            .help(t!("volume-no-folder-help")),
        );
        return 2;
    }
    let Some(Gathered {
        charters,
        title,
        date,
        logo,
        spec_file,
    }) = gather(request, backends, sources, diags)
    else {
        return 1;
    };
    let Some(targets) = outputs(request, &charters[0], diags) else {
        return 2;
    };
    let formats: Vec<Format> = targets.iter().map(|(format, _)| *format).collect();

    // Incremental: the same charters, options and program give the same
    // volume. By default its entry sits in out/'s manifest beside the
    // build's (qingshan/qingshan-volume).
    let first_target = &targets[0].1;
    let (dir, key) = match &request.output {
        None => (
            PathBuf::from("out"),
            format!("{0}/{0}-volume", charters[0].org_folder),
        ),
        Some(_) => (
            first_target
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
            first_target
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
    };
    let run_key = backends.run_key(&formats);
    let mut fingerprint = Fingerprint::new();
    fingerprint
        .add("run", run_key.as_bytes())
        .add("volume", title.as_bytes())
        .add("date", date.as_deref().unwrap_or("").as_bytes());
    for path in logo
        .iter()
        .chain(spec_file.map(|_| folder.join(SPEC_FILE)).iter())
    {
        fingerprint.add_file(path);
    }
    for charter in &charters {
        fingerprint.add(
            "charter",
            crate::batch::fingerprint(backends, charter, &run_key).as_bytes(),
        );
    }
    let fingerprint = fingerprint.finish();
    if !request.force && Manifest::load(&dir).is_fresh(&dir, &key, &fingerprint) {
        if !request.quiet {
            eprintln!(
                "{}",
                t!(
                    "volume-unchanged",
                    path = first_target.display().to_string(),
                    regulations = regulations(charters.len())
                )
            );
        }
        return 0;
    }

    let mut inputs: Vec<PathBuf> = Vec::new();
    for charter in &charters {
        inputs.extend(backends.inputs(&charter.document, &charter.inputs));
    }
    inputs.extend(logo.iter().cloned());
    inputs.extend(spec_file.map(|_| folder.join(SPEC_FILE)));
    let volume = volume_of(Gathered {
        charters,
        title,
        date,
        logo,
        spec_file,
    });
    let Some(bound) = backends.volume(&volume, &formats, sources, diags) else {
        return 1;
    };
    let files: Vec<(PathBuf, Vec<u8>)> = bound
        .files
        .into_iter()
        .filter_map(|(format, bytes)| {
            let (_, path) = targets.iter().find(|(f, _)| *f == format)?;
            Some((path.clone(), bytes))
        })
        .collect();
    if !crate::cmd::write_files(&files, &inputs, diags) {
        return 1;
    }
    let outputs = files
        .iter()
        .filter_map(|(path, _)| {
            path.strip_prefix(&dir)
                .ok()
                .or_else(|| path.file_name().map(Path::new))
                .map(|p| p.to_string_lossy().into_owned())
        })
        .collect();
    let changes = BTreeMap::from([(
        key,
        Some(Entry {
            fingerprint,
            outputs,
        }),
    )]);
    if let Err(err) = Manifest::update(&dir, &changes) {
        eprintln!(
            "{}: {}",
            t!("severity-warning"),
            t!(
                "volume-manifest-unwritten",
                dir = dir.display().to_string(),
                reason = err.to_string()
            )
        );
    }
    if !request.quiet {
        for (path, _) in &files {
            eprintln!("{}", t!("output-wrote", path = path.display().to_string()));
        }
        let pages: Vec<String> = volume
            .charters
            .iter()
            .zip(&bound.first_pages)
            .map(|(doc, page)| {
                t!(
                    "volume-page",
                    page = format!("{page:>3}"),
                    title = &doc.title
                )
            })
            .collect();
        eprintln!("{}", pages.join("\n"));
        eprintln!(
            "{}",
            t!(
                "volume-bound",
                regulations = regulations(volume.charters.len()),
                seconds = format!("{:.2}", started.elapsed().as_secs_f64())
            )
        );
    }
    0
}

/// An organisation's charters, resolved and in order, with the cover's
/// title, date and logo.
pub struct Gathered {
    pub charters: Vec<Resolved>,
    pub title: String,
    pub date: Option<String>,
    pub logo: Option<PathBuf>,
    /// volume.toml, when the folder has one.
    spec_file: Option<crate::diag::FileId>,
}

/// Resolves and orders the charters of `request.folder` (a folder that
/// exists); `None` when one failed, there is none, or volume.toml is wrong.
pub fn gather(
    request: &Request,
    backends: &Backends,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Gathered> {
    let folder = &request.folder;
    let (spec, spec_file) = spec::load(folder, &backends.sandbox, sources, diags)?;
    let pipeline = Pipeline::with_sources(request.org.clone(), sources.clone(), &backends.sandbox);
    let jobs = discover(std::slice::from_ref(folder), diags);
    let outcomes = crate::parallel::map(crate::parallel::threads(None), &jobs, |job| {
        let mut found = Diagnostics::new();
        let outcome = pipeline.resolve(job, &mut found);
        (outcome, found)
    });
    let mut charters: Vec<Resolved> = Vec::new();
    let mut failed = 0;
    for (outcome, found) in outcomes {
        diags.extend(found);
        match outcome {
            Outcome::Resolved(resolved) => charters.push(*resolved),
            Outcome::Failed => failed += 1,
            Outcome::Model => {}
        }
    }
    if failed > 0 {
        diags.push(
            Diagnostic::error(t!(
                "volume-failed",
                failed = failed,
                folder = folder.display().to_string()
            ))
            .help(t!("volume-failed-help")),
        );
        return None;
    }
    if charters.is_empty() {
        diags.push(
            Diagnostic::error(t!("volume-empty", folder = folder.display().to_string()))
                .help(t!("volume-empty-help")),
        );
        return None;
    }
    let charters = select(charters, &spec, spec_file, folder, diags)?;
    if !one_organisation(&charters, diags) {
        return None;
    }
    let date = cover_date(request, &spec, spec_file, &charters, diags)?;
    let logo = match &spec.logo {
        Some(logo) => {
            match backends
                .sandbox
                .resolve(folder, logo.get_ref(), crate::sandbox::IMAGE_LIMIT)
            {
                Ok(path) => Some(path),
                Err(refusal) => {
                    let mut d = Diagnostic::error(t!(
                        "volume-logo",
                        reason = refusal.describe(logo.get_ref())
                    ))
                    .help(refusal.hint());
                    if let Some(file) = spec_file {
                        d = d.at(&Loc::new(file, logo.span())).label(t!("named-here"));
                    }
                    diags.push(d);
                    return None;
                }
            }
        }
        None => charters[0].document.org.logo.as_ref().map(PathBuf::from),
    };
    let title = request
        .title
        .clone()
        .or_else(|| spec.title.as_ref().map(|t| t.get_ref().clone()))
        .unwrap_or_else(|| DEFAULT_TITLE.to_string());
    Some(Gathered {
        charters,
        title,
        date,
        logo,
        spec_file,
    })
}

/// The volume of `request.folder` rendered in `formats`, written nowhere
/// (the studio's download).
pub fn bind(
    request: &Request,
    formats: &[Format],
    backends: &Backends,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Vec<(Format, Vec<u8>)>> {
    let gathered = gather(request, backends, sources, diags)?;
    let volume = volume_of(gathered);
    Some(backends.volume(&volume, formats, sources, diags)?.files)
}

/// The regulations as a volume binds them: without covers of their own.
fn volume_of(gathered: Gathered) -> Volume {
    Volume {
        title: gathered.title,
        date: gathered.date,
        logo: gathered.logo,
        charters: gathered
            .charters
            .into_iter()
            .map(|c| {
                let mut doc = c.document;
                doc.layout.cover = false;
                doc
            })
            .collect(),
    }
}

fn regulations(count: usize) -> String {
    if count == 1 {
        t!("volume-one-regulation")
    } else {
        t!("volume-regulations", count = count)
    }
}

/// The charters volume.toml names, in its order; else all of them by 编号
/// (those without one last), then title.
fn select(
    mut charters: Vec<Resolved>,
    spec: &spec::Spec,
    spec_file: Option<crate::diag::FileId>,
    folder: &Path,
    diags: &mut Diagnostics,
) -> Option<Vec<Resolved>> {
    let Some(names) = &spec.charters else {
        charters.sort_by(|a, b| {
            let (a, b) = (&a.document, &b.document);
            (a.number.is_none(), &a.number, &a.title, &a.id).cmp(&(
                b.number.is_none(),
                &b.number,
                &b.title,
                &b.id,
            ))
        });
        return Some(charters);
    };
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let ids: Vec<String> = charters.iter().map(|c| c.document.id.clone()).collect();
    let mut chosen: Vec<Option<usize>> = Vec::new();
    let mut ok = true;
    for name in names {
        let wanted = name.get_ref();
        let by_path = canonical(&folder.join(wanted));
        let found = charters.iter().position(|c| {
            c.document.id == *wanted || c.inputs.first().is_some_and(|p| canonical(p) == by_path)
        });
        let problem = match found {
            None => Some(t!(
                "volume-no-charter",
                name = wanted,
                folder = folder.display().to_string()
            )),
            Some(i) if chosen.contains(&Some(i)) => Some(t!("volume-listed-twice", name = wanted)),
            Some(_) => None,
        };
        if let Some(message) = problem {
            ok = false;
            let mut d = Diagnostic::error(message);
            if let Some(file) = spec_file {
                d = d
                    .at(&Loc::new(file, name.span()))
                    .label(t!("volume-in-charters"));
            }
            d = match crate::diag::suggest(wanted, ids.iter().map(String::as_str)) {
                Some(near) => d.help(t!("did-you-mean", name = near)),
                None => d.help(t!(
                    "volume-charters-here",
                    ids = ids.join(&t!("list-separator"))
                )),
            };
            diags.push(d);
        }
        chosen.push(found);
    }
    if !ok {
        return None;
    }
    let mut slots: Vec<Option<Resolved>> = charters.into_iter().map(Some).collect();
    Some(
        chosen
            .into_iter()
            .flatten()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take))
            .collect(),
    )
}

/// A volume is one organisation's.
fn one_organisation(charters: &[Resolved], diags: &mut Diagnostics) -> bool {
    let first = &charters[0].document;
    let other = charters
        .iter()
        .find(|c| c.document.org.name != first.org.name);
    match other {
        None => true,
        Some(other) => {
            diags.push(
                Diagnostic::error(t!(
                    "volume-two-organisations",
                    first = &first.source,
                    first_org = &first.org.name,
                    other = &other.document.source,
                    other_org = &other.document.org.name
                ))
                .help(t!("volume-two-organisations-help")),
            );
            false
        }
    }
}

/// The cover's date: --date, volume.toml's, else the latest approval.
fn cover_date(
    request: &Request,
    spec: &spec::Spec,
    spec_file: Option<crate::diag::FileId>,
    charters: &[Resolved],
    diags: &mut Diagnostics,
) -> Option<Option<String>> {
    if let Some(text) = &request.date {
        return match crate::zh::Date::parse(text.trim()) {
            Some(date) => Some(Some(date.zh())),
            None => {
                diags.push(
                    Diagnostic::error(t!("volume-date-option", text = text))
                        .help(t!("volume-date-option-help")),
                );
                None
            }
        };
    }
    if let Some(date) = &spec.date {
        let day = date
            .get_ref()
            .date
            .and_then(|d| crate::zh::Date::new(d.year, d.month, d.day));
        return match day {
            Some(day) => Some(Some(day.zh())),
            None => {
                let mut d =
                    Diagnostic::error(t!("volume-date-invalid")).help(t!("volume-date-help"));
                if let Some(file) = spec_file {
                    d = d
                        .at(&Loc::new(file, date.span()))
                        .label(t!("volume-date-label"));
                }
                diags.push(d);
                None
            }
        };
    }
    Some(
        charters
            .iter()
            .filter_map(|c| c.document.approval.as_ref().map(|a| a.date))
            .max()
            .map(|d| d.zh()),
    )
}

/// The files to write: `-o FILE.pdf` or `FILE.docx` writes that format; by
/// default every format asked for, as `out/<org-folder>/<org-folder>-volume.*`.
fn outputs(
    request: &Request,
    first: &Resolved,
    diags: &mut Diagnostics,
) -> Option<Vec<(Format, PathBuf)>> {
    let mut formats: Vec<Format> = request
        .formats
        .iter()
        .copied()
        .filter(|f| *f != Format::Json)
        .collect();
    formats.sort();
    formats.dedup();
    match &request.output {
        None if formats.is_empty() => {
            diags.push(Diagnostic::error(t!("volume-formats")).help(t!("volume-formats-help")));
            None
        }
        None => {
            let folder = &first.org_folder;
            let stem = PathBuf::from("out")
                .join(folder)
                .join(format!("{folder}-volume"));
            Some(
                formats
                    .into_iter()
                    .map(|f| (f, stem.with_extension(f.extension())))
                    .collect(),
            )
        }
        Some(path) => {
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some("pdf") => Format::Pdf,
                Some("docx") => Format::Docx,
                Some("ofd") => Format::Ofd,
                _ => {
                    diags.push(
                        Diagnostic::error(t!(
                            "volume-output-extension",
                            path = path.display().to_string()
                        ))
                        .help(t!("volume-output-extension-help")),
                    );
                    return None;
                }
            };
            Some(vec![(format, path.clone())])
        }
    }
}
