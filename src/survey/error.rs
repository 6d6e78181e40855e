//! Why an Office package or a fillable form could not be read or written.
//! One typed error for the survey's readers and writers; its text comes from
//! the message catalog, so callers put it into a diagnostic as they are.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    /// A library's own message (zip, XML, font parser), after the part it
    /// concerns when that is known.
    Library {
        part: Option<String>,
        detail: String,
    },
    PartTooLarge {
        part: String,
        megabytes: u64,
    },
    PartMissing {
        part: String,
    },
    ControlsNestedTooDeep,
    TooManyCells {
        max: usize,
    },
    CellOutsideSheet {
        row: usize,
    },
    TooManySharedStrings,
    FontNotBundled {
        font: String,
    },
}

impl FormError {
    /// A library's message with no part named.
    pub fn library(detail: impl fmt::Display) -> Self {
        FormError::Library {
            part: None,
            detail: detail.to_string(),
        }
    }

    /// A library's message about the part `part`.
    pub fn in_part(part: &str, detail: impl fmt::Display) -> Self {
        FormError::Library {
            part: Some(part.to_string()),
            detail: detail.to_string(),
        }
    }
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            FormError::Library { part: None, detail } => detail.clone(),
            FormError::Library {
                part: Some(part),
                detail,
            } => t!("survey-error-in-part", part = part, detail = detail),
            FormError::PartTooLarge { part, megabytes } => {
                t!(
                    "survey-error-part-too-large",
                    part = part,
                    megabytes = *megabytes
                )
            }
            FormError::PartMissing { part } => t!("survey-error-part-missing", part = part),
            FormError::ControlsNestedTooDeep => t!("survey-error-controls-nested"),
            FormError::TooManyCells { max } => t!("survey-error-too-many-cells", max = *max),
            FormError::CellOutsideSheet { row } => {
                t!("survey-error-cell-outside", row = *row)
            }
            FormError::TooManySharedStrings => t!("survey-error-shared-strings"),
            FormError::FontNotBundled { font } => t!("survey-error-font-missing", font = font),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for FormError {}

/// Callers put the error into a message as its text.
impl From<FormError> for String {
    fn from(error: FormError) -> String {
        error.to_string()
    }
}

impl From<FormError> for crate::i18n::Arg {
    fn from(error: FormError) -> Self {
        crate::i18n::Arg::from(error.to_string())
    }
}

/// Why one row of a sheet could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowError {
    /// The CSV reader's message.
    Csv(String),
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowError::Csv(error) => f.write_str(&t!("survey-reason-csv", error = error)),
        }
    }
}
