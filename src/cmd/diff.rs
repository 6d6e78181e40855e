//! `charter diff OLD NEW`: what changed between two versions of a charter.
//! Exit status like `diff`: 0 same, 1 different, 2 error.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use serde::Serialize;

use crate::cli::{DiffArgs, DiffFormat};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::diff::output::{TableRow, table_rows, to_text};
use crate::diff::tokens::{Op, Segment};
use crate::diff::{Diff, Item, Kind, Options, merged};
use crate::discover::Job;
use crate::document::Document;
use crate::fonts::{FontOptions, FontSet};
use crate::pdf::{PdfEngine, PdfJob, REDLINE_PATH, Standard};
use crate::pipeline::{Outcome, Pipeline};
use crate::sandbox::Sandbox;

pub fn run(args: &DiffArgs, sandbox: &Sandbox) -> i32 {
    crate::cmd::reported(|sources, diags| compare(args, sandbox, sources, diags))
}

fn compare(
    args: &DiffArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> i32 {
    let mut keep = Vec::new();
    let mut inputs = Vec::new();
    let (Some(old), Some(new)) = (
        side(
            &args.old,
            args.org.as_ref(),
            sandbox,
            sources,
            diags,
            &mut keep,
            &mut inputs,
        ),
        side(
            &args.new,
            args.org.as_ref(),
            sandbox,
            sources,
            diags,
            &mut keep,
            &mut inputs,
        ),
    ) else {
        return 2;
    };
    let write = |path: &Path, bytes: Vec<u8>, diags: &mut Diagnostics| {
        crate::cmd::write_outputs(&[(path.to_path_buf(), bytes)], &inputs, diags)
    };
    let emit = |output: Option<&Path>, bytes: Vec<u8>, diags: &mut Diagnostics| match output {
        Some(path) => write(path, bytes, diags),
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes).is_ok()
        }
    };
    let diff = crate::diff::diff(
        &old.0,
        &new.0,
        Options {
            ignore_punct_width: args.ignore_punct_width,
        },
    );
    let different = i32::from(!diff.is_empty());
    let default_stem = PathBuf::from("out")
        .join(&new.1)
        .join(format!("{}-diff", new.0.id));
    let written = match args.format {
        DiffFormat::Text => {
            let colour = args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            emit(
                args.output.as_deref(),
                to_text(&diff, colour).into_bytes(),
                diags,
            )
        }
        DiffFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(&diff).unwrap_or_default();
            bytes.push(b'\n');
            emit(args.output.as_deref(), bytes, diags)
        }
        DiffFormat::Docx => {
            let path = args
                .output
                .clone()
                .unwrap_or_else(|| default_stem.with_extension("docx"));
            let template = crate::template::locate(&new.0.layout.template, sandbox);
            let theme = template
                .map(|t| t.theme)
                .unwrap_or_else(|_| crate::template::default_theme());
            let redline = crate::docx::Redline {
                diff: &diff,
                old: &old.0,
                author: author(&new.0),
                date: format!("{}T00:00:00Z", revision_date(&new.0)),
            };
            match crate::docx::render_with(&new.0, &theme, Some(redline)) {
                Ok(bytes) => write(&path, bytes, diags),
                Err(message) => {
                    diags.push(Diagnostic::error(format!(
                        "cannot write the redline DOCX: {message}"
                    )));
                    false
                }
            }
        }
        DiffFormat::Pdf => {
            let path = args
                .output
                .clone()
                .unwrap_or_else(|| default_stem.with_extension("pdf"));
            redline_pdf(&new.0, &diff, "redline", args, sandbox, sources, diags)
                .is_some_and(|bytes| write(&path, bytes, diags))
        }
        DiffFormat::Table => {
            // Both a DOCX and a PDF, or the one the -o extension names.
            let stem = args.output.clone().unwrap_or_else(|| {
                PathBuf::from("out")
                    .join(&new.1)
                    .join(format!("{}-修订对照表", new.0.id))
            });
            let extension = stem.extension().map(|e| e.to_string_lossy().to_lowercase());
            let rows = table_rows(&diff);
            let mut ok = true;
            if extension.as_deref() != Some("pdf") {
                let template = crate::template::locate(&new.0.layout.template, sandbox);
                let theme = template
                    .map(|t| t.theme)
                    .unwrap_or_else(|_| crate::template::default_theme());
                ok &=
                    match crate::docx::render_change_table(&new.0, &theme, &subtitle(&diff), &rows)
                    {
                        Ok(bytes) => write(&stem.with_extension("docx"), bytes, diags),
                        Err(message) => {
                            diags.push(Diagnostic::error(format!(
                                "cannot write the 修订对照表: {message}"
                            )));
                            false
                        }
                    };
            }
            if extension.as_deref() != Some("docx") {
                ok &= redline_pdf(&new.0, &diff, "table", args, sandbox, sources, diags)
                    .is_some_and(|bytes| write(&stem.with_extension("pdf"), bytes, diags));
            }
            ok
        }
    };
    if written { different } else { 2 }
}

/// Resolves one side: a charter file, or `REV:PATH` from git. The files it
/// was made from are added to `inputs`.
fn side(
    spec: &str,
    org: Option<&PathBuf>,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
    keep: &mut Vec<tempfile::TempDir>,
    inputs: &mut Vec<PathBuf>,
) -> Option<(Document, String)> {
    let path = Path::new(spec);
    let from_git = !path.is_file();
    let (job, sandbox) = if !from_git {
        let job = crate::discover::discover(&[path.to_path_buf()], diags)
            .into_iter()
            .next()?;
        (job, sandbox.clone())
    } else if let Some((rev, file)) = spec.split_once(':').filter(|(rev, _)| !rev.is_empty()) {
        let (tree, prefix) = checkout(rev, diags)?;
        // The file as it was, inside the repository: never the live file
        // system, whatever `..` or symlinks the path holds.
        let inside = crate::sandbox::normalize(&Path::new(&prefix).join(file));
        let leaves = Path::new(file).is_absolute()
            || inside.components().next() == Some(std::path::Component::ParentDir);
        let tree_box = Sandbox::new(tree.path()).ok()?;
        let real = if leaves {
            Err(crate::sandbox::Refusal::Outside {
                root: PathBuf::from("the repository"),
            })
        } else {
            tree_box.resolve(
                tree.path(),
                &inside.to_string_lossy(),
                crate::sandbox::SOURCE_LIMIT,
            )
        };
        keep.push(tree);
        match real {
            Ok(real) => {
                let root = tree_box.root().to_path_buf();
                (Job { path: real, root }, tree_box)
            }
            Err(crate::sandbox::Refusal::NotFound) => {
                diags.push(
                    Diagnostic::error(format!("{file} does not exist at revision {rev}"))
                        .help("REV:PATH names a file as it was at a git revision, e.g. HEAD~1:charters/orgs/a/x.toml"),
                );
                return None;
            }
            Err(refusal) => {
                diags.push(
                    Diagnostic::error(format!("{spec}: the path leaves the repository or is not a regular file ({})", refusal.describe(file)))
                        .help("REV:PATH names a charter file inside the repository, relative to the current folder"),
                );
                return None;
            }
        }
    } else {
        diags.push(
            Diagnostic::error(format!("no such charter file: {spec}")).help(
                "give a charter file, or REV:PATH for a version in git (HEAD~1:charters/…/x.toml)",
            ),
        );
        return None;
    };
    let pipeline = Pipeline::with_sources(org.cloned(), sources.clone(), &sandbox);
    match pipeline.resolve(&job, diags) {
        Outcome::Resolved(resolved) => {
            if !from_git {
                inputs.extend(resolved.inputs.iter().cloned());
            }
            let mut document = resolved.document;
            if from_git {
                // Name the version as the user did, not by its temporary checkout.
                document.source = spec.to_string();
            }
            Some((document, resolved.org_folder))
        }
        Outcome::Model => {
            diags.push(
                Diagnostic::error(format!("{spec} is a model charter"))
                    .help("compare the charters of an organisation"),
            );
            None
        }
        Outcome::Failed => None,
    }
}

/// The repository at `rev` in a temporary folder (so its models and
/// org.toml resolve as they were), and the working folder's place in it.
fn checkout(rev: &str, diags: &mut Diagnostics) -> Option<(tempfile::TempDir, String)> {
    let git = |args: &[&str]| Command::new("git").args(args).output();
    // A revision is never an option to git: `--output=…` would write a file.
    if rev.starts_with('-') {
        diags.push(
            Diagnostic::error(format!("\"{rev}\" is not a revision"))
                .help("a revision is a commit, branch or tag such as HEAD~1 or v2.0; it cannot start with -"),
        );
        return None;
    }
    let prefix = match git(&["rev-parse", "--show-prefix"]) {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => {
            diags.push(
                Diagnostic::error(format!(
                    "cannot read revision {rev}: not inside a git repository"
                ))
                .help("run charter diff from inside the repository, or give two files"),
            );
            return None;
        }
    };
    let commit = match git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &format!("{rev}^{{commit}}"),
    ]) {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => {
            diags.push(
                Diagnostic::error(format!("cannot read revision {rev} from git"))
                    .help("check the revision exists (git log --oneline), e.g. HEAD~1 or a tag; run charter diff inside the repository"),
            );
            return None;
        }
    };
    let top = git(&["rev-parse", "--show-toplevel"])
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let tree = tempfile::tempdir().ok()?;
    let archive = Command::new("git")
        .args(["-C", &top, "archive", "--format=tar", &commit])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let extracted = archive.and_then(|mut child| {
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no output"))?;
        let tar = Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(tree.path())
            .stdin(stdout)
            .status()?;
        let git_status = child.wait()?;
        Ok(tar.success() && git_status.success())
    });
    if !matches!(extracted, Ok(true)) {
        diags.push(
            Diagnostic::error(format!("cannot read revision {rev} from git"))
                .help("check the revision exists (git log --oneline), e.g. HEAD~1 or a tag"),
        );
        return None;
    }
    Some((tree, prefix))
}

/// The author of the tracked changes: the approving body and session.
fn author(doc: &Document) -> String {
    match &doc.approval {
        Some(a) => format!(
            "{}（第{}届第{}次会议）",
            a.body,
            crate::zh::zh_num(a.term.into()),
            crate::zh::zh_num(a.session.into())
        ),
        None => "charter".into(),
    }
}

fn revision_date(doc: &Document) -> String {
    doc.approval
        .as_ref()
        .map(|a| a.date.to_string())
        .or_else(|| doc.revisions.last().map(|r| r.date.to_string()))
        .unwrap_or_else(|| "2000-01-01".into())
}

fn subtitle(diff: &Diff) -> String {
    format!(
        "原版本：{}　修订版本：{}",
        diff.from.approval.as_deref().unwrap_or(&diff.from.source),
        diff.to.approval.as_deref().unwrap_or(&diff.to.source)
    )
}

#[derive(Serialize)]
struct MetaEntry {
    field: String,
    ops: Vec<Segment>,
}

#[derive(Serialize)]
struct Entry {
    level: u8,
    label: String,
    old_label: Option<String>,
    kind: Kind,
    changed: bool,
    note: Option<String>,
    lines: Vec<Vec<Segment>>,
}

/// What templates/redline.typ reads.
#[derive(Serialize)]
struct RedlineData<'a> {
    mode: &'a str,
    heading: &'a str,
    title: &'a str,
    org: &'a str,
    chapters: bool,
    from: &'a crate::diff::Side,
    to: &'a crate::diff::Side,
    summary: &'a crate::diff::Summary,
    metadata: Vec<MetaEntry>,
    changes: Vec<String>,
    entries: Vec<Entry>,
    table: Vec<TableRow>,
}

fn lines(text: &str, op: Op) -> Vec<Vec<Segment>> {
    text.split('\n')
        .map(|line| {
            if line.is_empty() {
                Vec::new()
            } else {
                vec![Segment {
                    op,
                    text: line.to_string(),
                }]
            }
        })
        .collect()
}

fn redline_pdf(
    new: &Document,
    diff: &Diff,
    mode: &str,
    args: &DiffArgs,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let mut entries = Vec::new();
    for item in merged(new, diff) {
        match item {
            Item::New(node, change) => {
                let text = crate::diff::full_text(node);
                let (kind, changed, lines_of, note) = match change {
                    None => (Kind::Unchanged, false, lines(&text, Op::Equal), None),
                    Some(c) => match c.kind {
                        Kind::Renumbered => (c.kind, false, lines(&text, Op::Equal), None),
                        Kind::Added => (
                            c.kind,
                            true,
                            lines(&text, Op::Insert),
                            Some("新增".to_string()),
                        ),
                        Kind::Moved => (
                            c.kind,
                            true,
                            lines(&text, Op::Insert),
                            Some(format!(
                                "调整位置：原{}",
                                c.old_label.as_deref().unwrap_or("")
                            )),
                        ),
                        _ => (
                            c.kind,
                            true,
                            crate::diff::paragraphs(&c.ops)
                                .into_iter()
                                .map(|(segments, _)| segments)
                                .collect(),
                            Some(c.kind.note().to_string()),
                        ),
                    },
                };
                entries.push(Entry {
                    level: node.level,
                    label: node.label.clone(),
                    old_label: change.and_then(|c| c.old_label.clone()),
                    kind,
                    changed,
                    note,
                    lines: lines_of,
                });
            }
            Item::Gone(c) => {
                let heading = c.old_heading.clone().unwrap_or_default();
                let text = c.old_text.clone().unwrap_or_default();
                let joined = if c.level == 1 && !text.is_empty() {
                    format!("{heading}\n{text}")
                } else {
                    format!("{heading}{text}")
                };
                let note = match c.kind {
                    Kind::Moved => {
                        format!("调整位置：移至{}", c.new_label.as_deref().unwrap_or(""))
                    }
                    _ => "删除".to_string(),
                };
                entries.push(Entry {
                    level: c.level,
                    label: c.old_label.clone().unwrap_or_default(),
                    old_label: c.old_label.clone(),
                    kind: c.kind,
                    changed: true,
                    note: Some(note),
                    lines: lines(&joined, Op::Delete),
                });
            }
        }
    }
    let changes = diff
        .nodes
        .iter()
        .filter(|c| !matches!(c.kind, Kind::Renumbered | Kind::Unchanged))
        .map(|c| {
            let label = match (&c.old_label, &c.new_label) {
                (Some(o), Some(n)) if o != n => format!("原{o}（现{n}）"),
                (_, Some(n)) => n.clone(),
                (Some(o), None) => format!("原{o}"),
                _ => String::new(),
            };
            format!("{}：{label}", c.kind.note())
        })
        .collect();
    let data = RedlineData {
        mode,
        heading: if mode == "table" {
            "修订对照表"
        } else {
            "修订对照（红线稿）"
        },
        title: &new.title,
        org: &new.org.name,
        chapters: new.numbering.has_chapters(),
        from: &diff.from,
        to: &diff.to,
        summary: &diff.summary,
        metadata: diff
            .metadata
            .iter()
            .map(|m| MetaEntry {
                field: crate::diff::output::field_name(&m.field).to_string(),
                ops: crate::diff::tokens::diff(&m.old, &m.new, args.ignore_punct_width),
            })
            .collect(),
        changes,
        entries,
        table: table_rows(diff),
    };
    let template = match crate::template::locate("redline", sandbox) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let engine = PdfEngine::new(Arc::new(FontSet::new(&FontOptions {
        paths: args.font_path.clone(),
        no_system: false,
    })));
    let job = PdfJob {
        data: serde_json::to_vec(&data).unwrap_or_default(),
        data_path: REDLINE_PATH,
        ident: format!("{}/{}/diff/{mode}", new.org.name, new.id),
        date: new.approval.as_ref().map(|a| a.date),
        logo: None,
    };
    let (bytes, messages) = engine.render_job(job, &template, Standard::Pdf17, sources);
    for d in messages {
        diags.push(d);
    }
    bytes
}
