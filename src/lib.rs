//! `charter`: structured TOML charters → formal Chinese regulation documents.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! discover → load → merge → resolve (validate, number, render) → Document
//!   → backends: json · pdf · docx;  diff compares two Documents
//! ```
//!
//! Backends depend on [`document::Document`] only, never on the TOML.

pub mod amend;
pub mod backend;
pub mod batch;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod diff;
pub mod discover;
pub mod document;
pub mod encoding;
pub mod format;
pub mod hygiene;
pub mod import;
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
pub mod survey;
pub mod zh;
