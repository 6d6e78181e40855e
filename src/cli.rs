//! Command-line interface. Exit codes: 0 success, 1 validation or build
//! errors, 2 usage errors (clap's own).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cmd;

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
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate charters without writing anything; reports every error found
    Check(CheckArgs),
    /// Build charters into PDF, DOCX and JSON (model charters are skipped)
    Build(BuildArgs),
    /// Scaffold an organisation: org.toml and a charter extending a model
    New(NewArgs),
    /// List the fonts found and which roles of a template they fill
    Fonts(FontsArgs),
    /// Turn an existing regulation (.txt, .md, .docx) into a charter source
    Import(ImportArgs),
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    Pdf,
    Docx,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Json => "json",
        }
    }
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Charter files or folders (walked recursively); default: charters/
    pub paths: Vec<PathBuf>,
    /// Output folder; each charter goes to DIR/<org-folder>/<charter-id>.<format>
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    /// Output formats, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "pdf,json")]
    pub format: Vec<Format>,
    /// Extra font folder (searched before the bundled fonts); repeatable
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// PDF standard to enforce
    #[arg(long, value_name = "STANDARD", default_value = "1.7")]
    pub pdf_standard: crate::pdf::Standard,
    /// Organisation variables that override org.toml and [org]
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
pub struct NewArgs {
    /// Folder of the new organisation (created; e.g. charters/orgs/qingshan)
    pub org_dir: PathBuf,
    /// The organisation's full name
    #[arg(long)]
    pub name: String,
    /// Model charter to extend; default: charters/models/service-commitment.toml
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// Overwrite existing files
    #[arg(long)]
    pub force: bool,
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Build(args) => cmd::build::run(&args),
        Command::New(args) => cmd::new::run(&args),
        Command::Fonts(args) => cmd::fonts::run(&args),
        Command::Import(args) => cmd::import::run(&args),
    }
}
