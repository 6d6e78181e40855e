//! Command-line interface. Exit codes: 0 success, 1 validation or build
//! errors, 2 usage errors (clap's own).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::backend::Format;
use crate::cmd;
use crate::sandbox::Sandbox;

#[derive(Parser, Debug)]
#[command(
    name = "charter",
    version,
    about = "Turn TOML charters into formal Chinese regulation documents: numbered PDF and DOCX, survey forms, redlines",
    long_about = "Turn TOML charters into formal Chinese regulation documents.\n\n\
        One .toml file is one regulation (服务承诺制度, 章程 …). `charter build` merges it with its model \
        (extends) and the organisation's variables (org.toml), numbers it and writes PDF, DOCX and JSON \
        to out/<org-folder>/<charter-id>.*.\n\n\
        Exit status: 0 success, 1 validation or build errors, 2 usage errors.",
    after_help = "Without PATH, commands work on charters/. See README.md for the source format."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Project folder: paths written inside charters, models, org files and
    /// templates (extends, template, logo) must stay inside it; default: the
    /// working folder
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Raise (or lower) a limit on the work one input may cause: text (MB
    /// of rendered text per charter, 8), steps (template steps per charter,
    /// 20000000), cells (table cells per charter, 30000), typeset (MB of
    /// text per PDF, 4), pages (pages per PDF, 5000); repeatable
    #[arg(long = "limit", global = true, value_name = "NAME=VALUE")]
    pub limits: Vec<String>,
    /// Language of messages: zh (中文) or en; default: the locale's
    /// (LANG=zh_CN.UTF-8 gives Chinese), English otherwise
    #[arg(
        long,
        global = true,
        value_name = "LANG",
        value_enum,
        ignore_case = true
    )]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate charters without writing anything; reports every error found
    Check(CheckArgs),
    /// Build charters into PDF, DOCX and JSON (model charters are skipped)
    Build(BuildArgs),
    /// Build, then rebuild the charters a change affects, until stopped
    Watch(BuildArgs),
    /// Scaffold an organisation from its kind's kit: org.toml, the 章程 and standard 制度, volume.toml
    New(NewArgs),
    /// Print a charter's questionnaires and forms on their own, or tally answers
    Survey(Box<SurveyArgs>),
    /// Compare two versions of a charter: text, JSON, tracked-changes DOCX, redline PDF, 修订对照表
    Diff(DiffArgs),
    /// Record a board amendment: add a [[revision]] and update [approval]; the version replaced is kept in .history/
    Revise(ReviseArgs),
    /// List a charter's versions: version, date, meeting, summary, whether its text is kept
    Log(LogArgs),
    /// Apply a board's 修正案 (amendment text) to a charter
    Amend(AmendArgs),
    /// List the fonts found and which roles of a template they fill
    Fonts(FontsArgs),
    /// Turn an existing regulation (.txt, .md, .docx) into a charter source
    Import(ImportArgs),
    /// Open the studio in the browser: edit with a live preview, save, amend, survey
    Serve(ServeArgs),
    /// Print the JSON Schema of the charter format (for editors' completion)
    Schema,
    /// Bind an organisation's charters into one volume (制度汇编): cover, 目录, every regulation
    Volume(VolumeArgs),
}

#[derive(Args, Debug)]
pub struct VolumeArgs {
    /// The organisation's folder (its charters, org.toml, optional volume.toml)
    pub folder: PathBuf,
    /// Write one file, FILE.pdf or FILE.docx; default:
    /// out/<org-folder>/<org-folder>-volume.pdf and .docx
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output formats, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "pdf,docx")]
    pub format: Vec<Format>,
    /// Title on the cover; default: volume.toml's, else 规章制度汇编
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Date on the cover, YYYY-MM-DD; default: volume.toml's, else the latest approval
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Extra font folder (searched before the bundled fonts); repeatable
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// Organisation variables that override org.toml
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// Rebuild even when nothing changed
    #[arg(long)]
    pub force: bool,
    /// Print only errors
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Serves on 127.0.0.1 only and prints the address as its first line. \
Everything the studio needs is in the binary; it works offline. Ctrl-C stops it."
)]
pub struct ServeArgs {
    /// The folder of charters to serve; default: charters/
    pub path: Option<PathBuf>,
    /// Port on 127.0.0.1; default 7878, or a free one when that is taken (0: any free port)
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Do not open the browser
    #[arg(long)]
    pub no_open: bool,
    /// Extra font folder (searched before the bundled fonts); repeatable
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The regulation to import: .txt, .md or .docx
    pub file: PathBuf,
    /// Charter file to write (its stem is the charter's id); default: standard output
    #[arg(short, long, value_name = "CHARTER.toml")]
    pub output: Option<PathBuf>,
    /// Write the organisation's variables to this file instead of the charter's [org]
    #[arg(long, value_name = "ORG.toml")]
    pub org_out: Option<PathBuf>,
    /// Overwrite existing output files
    #[arg(long)]
    pub force: bool,
    /// Do not print the import report
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SurveyArgs {
    #[command(subcommand)]
    pub command: Option<SurveyCommand>,
    /// The charter whose questionnaires and forms to print
    #[arg(required = true)]
    pub charter: Option<PathBuf>,
    /// Appendix to print (repeatable); default: every questionnaire and form
    #[arg(long = "appendix", value_name = "ID")]
    pub appendices: Vec<String>,
    /// Copies of each, every copy starting on a new page
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub copies: u32,
    /// Output formats, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "pdf")]
    pub format: Vec<Format>,
    /// Forms to fill in on screen: a PDF with form fields, a DOCX with content
    /// controls (pdf and docx formats), one per questionnaire
    #[arg(long)]
    pub fillable: bool,
    /// Output file (for several formats: its stem); default out/<org>/<charter-id>-survey.<format>
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// Extra font folder; repeatable
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum SurveyCommand {
    /// Count filled-in questionnaires: CSV/XLSX exports, filled PDF and DOCX forms, folders of them
    Tally(TallyArgs),
    /// Write an empty answer sheet (CSV or XLSX) with the questionnaire's header
    Template(TemplateArgs),
}

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// The charter holding the questionnaire
    pub charter: PathBuf,
    /// The questionnaire's appendix id (needed when the charter has several)
    #[arg(long, value_name = "ID")]
    pub appendix: Option<String>,
    /// Output file, .csv or .xlsx; default out/<org>/<charter-id>-<appendix>-answers.csv
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
}

pub use crate::survey::outputs::TallyFormat;

#[derive(Args, Debug)]
#[command(
    after_help = "Inputs: CSV (UTF-8 or GBK) and XLSX exports, filled PDF and DOCX forms written by \
charter survey --fillable, and folders of them (read whole). A sheet has a header row naming each \
question by id (q1), number (1, Q1, 第1题) or text as printed (1.您对服务态度的评价), then one row \
per respondent; a header naming no question is an error. A rated cell holds a scale label (很满意) \
or its position (1 = best); an open question holds free text; an empty cell is not answered. A \
column named like a respondent field (活动名称) gives the activity. An answer off the scale is left \
out alone, with its row and column; a form of another questionnaire or version is refused."
)]
pub struct TallyArgs {
    /// The charter holding the questionnaire
    pub charter: PathBuf,
    /// The questionnaire's appendix id (needed when the charter has several)
    #[arg(long, value_name = "ID")]
    pub appendix: Option<String>,
    /// Answers: CSV/XLSX sheets, filled PDF/DOCX forms, folders of them
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// An answer sheet (as FILES; repeatable)
    #[arg(long, value_name = "FILE.csv")]
    pub responses: Vec<PathBuf>,
    /// Report formats, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "text")]
    pub format: Vec<TallyFormat>,
    /// Output file (for several formats: its stem); text and JSON go to standard output without it
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Name of the activity for the report (else taken from a 活动名称 column)
    #[arg(long)]
    pub activity: Option<String>,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// Extra font folder; repeatable
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
}

pub use crate::diff::files::DiffFormat;

#[derive(Args, Debug)]
#[command(
    after_help = "OLD and NEW are charter files, FILE@VERSION (a version charter revise kept, \
see charter log FILE) or REV:PATH, a file at a git revision of the \
current repository (HEAD~1:charters/orgs/qingshan/service-commitment.toml). Both are resolved \
(variables, numbering) before comparing. Exit status: 0 same, 1 different, 2 error."
)]
pub struct DiffArgs {
    /// The earlier version
    pub old: String,
    /// The later version
    pub new: String,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Output file; text and JSON go to standard output without it
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Treat full- and half-width punctuation as equal: （ and (, ， and ,
    #[arg(long)]
    pub ignore_punct_width: bool,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// Extra font folder; repeatable
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ReviseArgs {
    /// The charter to amend (edited in place, comments and layout kept)
    pub charter: PathBuf,
    /// Term (届) of the approving body
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..), required_unless_present = "amendment")]
    pub term: Option<u32>,
    /// Session (次会议) that approved the amendment
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..), required_unless_present = "amendment")]
    pub session: Option<u32>,
    /// Date of the approval, YYYY-MM-DD
    #[arg(long, required_unless_present = "amendment")]
    pub date: Option<String>,
    /// What changed, for the revision history
    #[arg(long, required_unless_present = "amendment")]
    pub summary: Option<String>,
    /// The board's 修正案 (text): its items are applied to the charter and
    /// its note (（2026年3月1日第二届理事会第五次会议通过）) gives term,
    /// session and date unless given; summary: 根据……通过的修正案修正
    #[arg(long, value_name = "FILE")]
    pub amendment: Option<PathBuf>,
    /// Version number; default: the last one's major version plus one (2.0 → 3.0)
    #[arg(long)]
    pub version: Option<String>,
    /// When the amendment takes effect (YYYY-MM-DD); default: upon approval
    #[arg(long)]
    pub effective: Option<String>,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Each version's text is kept beside the charter in .history/<name>/<version>.toml \
when charter revise records it; compare one with charter diff FILE@1.0 FILE."
)]
pub struct LogArgs {
    /// The charter file
    pub charter: PathBuf,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct AmendArgs {
    #[command(subcommand)]
    pub command: AmendCommand,
}

#[derive(Subcommand, Debug)]
pub enum AmendCommand {
    /// Apply a 修正案 to the old version: charter amend apply OLD.toml AMENDMENT.txt -o NEW.toml
    Apply(AmendApplyArgs),
}

#[derive(Args, Debug)]
#[command(
    after_help = "The amendment is text in the statutory style, as charter diff OLD NEW --format amendment \
writes it or as typed by hand: 一、将第五条修改为：“……” / 二、删去第八条。 / \
三、在第十条后增加一条，作为第十一条：“……” / 四、第四章第二节的节名修改为“……”. Places are named \
as the old version numbers them. When the amendment says the meeting that adopted it \
（2026年3月1日第二届理事会第五次会议通过）, the revision is recorded too."
)]
pub struct AmendApplyArgs {
    /// The charter as it stands (the old version)
    pub old: PathBuf,
    /// The 修正案, a UTF-8 text file
    pub amendment: PathBuf,
    /// The new charter file to write (ids, comments and layout of OLD kept)
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The revision's summary; default: 根据……会议通过的修正案修正
    #[arg(long)]
    pub summary: Option<String>,
    /// The new version number; default: the last one's major version plus one
    #[arg(long)]
    pub version: Option<String>,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct FontsArgs {
    /// Extra font folder; repeatable
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// Template whose roles to show
    #[arg(long, default_value = "formal")]
    pub template: String,
    /// Also list every font found
    #[arg(short, long)]
    pub all: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Charter files or folders (walked recursively); default: charters/
    pub paths: Vec<PathBuf>,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// Print only errors, no warnings or summary
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Charter files or folders (walked recursively); default: charters/
    pub paths: Vec<PathBuf>,
    /// Output folder; each charter goes to DIR/<org-folder>/<charter-id>.<format>
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    /// Output formats, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "pdf,docx,json")]
    pub format: Vec<Format>,
    /// Extra font folder (searched before the bundled fonts); repeatable
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// PDF standard to enforce
    #[arg(long, value_name = "STANDARD", default_value = "1.7")]
    pub pdf_standard: crate::backend::pdf::Standard,
    /// Organisation variables that override org.toml and [org]
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// Rebuild even when nothing changed (ignore the manifest)
    #[arg(long)]
    pub force: bool,
    /// Print only errors
    #[arg(short, long)]
    pub quiet: bool,
    /// Worker threads; default: one per core
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Build only the K-th of N stable parts of the charters (e.g. 3/8), to
    /// split a batch across machines
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::manifest::Shard>,
    /// Record where Typst spends its time while building PDFs, as a Chrome
    /// trace (typst-cli's --timings): open FILE in Perfetto or
    /// chrome://tracing. Use with -j 1 for one timeline.
    #[arg(long, value_name = "FILE")]
    pub timings: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// Folder of the new organisation (created; e.g. charters/orgs/qingshan)
    pub org_dir: PathBuf,
    /// The organisation's full name
    #[arg(long)]
    pub name: String,
    /// The kind of organisation: 社会团体, 基金会 or 社会服务机构 (association,
    /// foundation, social-service). Scaffolds its 章程, its standard 制度 and a
    /// volume.toml binding them all
    #[arg(long, value_name = "KIND")]
    pub kind: Option<KindArg>,
    /// Model charter to extend (without --kind); default:
    /// charters/models/service-commitment.toml
    #[arg(long, value_name = "PATH", conflicts_with = "kind")]
    pub model: Option<PathBuf>,
    /// Accepted for older scripts: charter new never overwrites. On an
    /// existing organisation it adds what is missing and keeps every value
    /// and charter that is there
    #[arg(long)]
    pub force: bool,
}

/// `--kind`: a kind of organisation, by its Chinese name or English alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    #[value(name = "社会团体", alias = "association")]
    Association,
    #[value(name = "基金会", alias = "foundation")]
    Foundation,
    #[value(
        name = "社会服务机构",
        alias = "social-service",
        alias = "民办非企业单位"
    )]
    SocialService,
}

impl From<KindArg> for crate::format::OrgKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Association => Self::Association,
            KindArg::Foundation => Self::Foundation,
            KindArg::SocialService => Self::SocialService,
        }
    }
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    if let Some(lang) = cli.lang {
        crate::i18n::set(lang);
    }
    let mut limits = crate::limits::Limits::default();
    for spec in &cli.limits {
        let mut diags = crate::diag::Diagnostics::new();
        if !limits.apply(spec, &mut diags) {
            for problem in &diags.list {
                problem.emit(&crate::diag::SourceMap::new());
            }
            return 2;
        }
    }
    crate::limits::set(limits);
    let sandbox = match &cli.root {
        None => Sandbox::working_folder(),
        Some(dir) => match Sandbox::new(dir) {
            Ok(sandbox) => sandbox,
            Err(err) => {
                crate::diag::Diagnostic::error(t!(
                    "root-missing",
                    dir = dir.display().to_string(),
                    reason = err.to_string()
                ))
                .help(t!("root-missing-help"))
                .emit(&crate::diag::SourceMap::new());
                return 2;
            }
        },
    };
    match cli.command {
        Command::Check(args) => cmd::check::run(&args, &sandbox),
        Command::Build(args) => cmd::build::run(&args, &sandbox),
        Command::Watch(args) => cmd::watch::run(&args, &sandbox),
        Command::New(args) => cmd::new::run(&args, &sandbox),
        Command::Fonts(args) => cmd::fonts::run(&args, &sandbox),
        Command::Diff(args) => cmd::diff::run(&args, &sandbox),
        Command::Revise(args) => cmd::revise::run(&args, &sandbox),
        Command::Log(args) => cmd::log::run(&args, &sandbox),
        Command::Amend(args) => match &args.command {
            AmendCommand::Apply(apply) => cmd::amend::apply(apply, &sandbox),
        },
        Command::Survey(args) => match &args.command {
            Some(SurveyCommand::Tally(tally)) => cmd::survey::tally(tally, &sandbox),
            Some(SurveyCommand::Template(template)) => cmd::survey::template(template, &sandbox),
            None => cmd::survey::run(&args, &sandbox),
        },
        Command::Import(args) => cmd::import::run(&args, &sandbox),
        Command::Serve(args) => cmd::serve::run(&args, &sandbox),
        Command::Schema => cmd::schema::run(),
        Command::Volume(args) => cmd::volume::run(&args, &sandbox),
    }
}
