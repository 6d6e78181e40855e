//! `charter`: structured TOML charters → formal Chinese regulation documents.
//!
//! ```text
//! discover → load → merge → resolve (validate, number, render) → Document
//!   → backend: pdf · docx · json
//!   diff: two Documents → Diff → Redline → backend (redline PDF, tracked DOCX, 修订对照表)
//!   import: txt · md · docx → charter TOML;  survey: print forms, tally answers
//! ```
//!
//! The front end (`source`, `load`, `merge`, `numbering`, `render`,
//! `resolve`, `pipeline`) turns TOML into a [`document::Document`]. The
//! backends read only that document, the [`redline::Redline`] and the
//! format's vocabulary ([`format`]); `tests/architecture.rs` keeps it so.
//! Commands (`cmd/`) parse arguments and call the library; infrastructure
//! (`diag`, `sandbox`, `hygiene`, `output`, `manifest`, `parallel`) serves
//! every stage.

// First: its `t!` macro names every user-facing message in the modules below.
#[macro_use]
pub mod i18n;
pub mod amend;
pub mod amendment;
pub mod backend;
pub mod batch;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod diff;
pub mod discover;
pub mod document;
pub mod drafting;
pub mod editing;
pub mod encoding;
pub mod format;
pub mod history;
pub mod hygiene;
pub mod import;
pub mod limits;
pub mod lint;
pub mod load;
pub mod manifest;
pub mod merge;
pub mod numbering;
pub mod output;
pub mod parallel;
pub mod pipeline;
pub mod redline;
pub mod render;
pub mod resolve;
pub mod sandbox;
pub mod scaffold;
pub mod source;
pub mod statute;
pub mod studio;
pub mod survey;
pub mod volume;
pub mod zh;
