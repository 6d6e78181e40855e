//! Limits on the work one input may cause, shared across a charter (not
//! per text): rendered text, template steps, table cells, typeset text and
//! pages. A run over a limit stops with an error at the place that crossed
//! it, naming the limit and the `--limit NAME=VALUE` that raises it.
//!
//! The defaults keep every case within about a minute and 2 GB on a small
//! machine (measured: a PDF takes ~200 MB per MB of text and ~40 KB per
//! table cell to lay out).

use std::sync::OnceLock;

use crate::diag::{Diagnostic, Diagnostics};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The limits of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of text one charter may render to, in all its texts.
    pub text: u64,
    /// MiniJinja steps one charter's texts may run, in all.
    pub steps: u64,
    /// Table cells one charter may have (rows × columns, spans counted
    /// as the cells they cover).
    pub cells: u64,
    /// Bytes of text one PDF typesets (a volume and a tally are one PDF).
    pub typeset: u64,
    /// Pages one PDF may have.
    pub pages: u64,
}

const MB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            text: 8 * MB,
            steps: 20_000_000,
            cells: 30_000,
            typeset: 4 * MB,
            pages: 5_000,
        }
    }
}

/// A limit's name on the command line and whether it is given in MB.
const NAMES: &[(&str, bool)] = &[
    ("text", true),
    ("steps", false),
    ("cells", false),
    ("typeset", true),
    ("pages", false),
];

/// What a limit counts, in the language of the messages.
fn counted(name: &str) -> String {
    match name {
        "text" => t!("limit-what-text"),
        "steps" => t!("limit-what-steps"),
        "cells" => t!("limit-what-cells"),
        "typeset" => t!("limit-what-typeset"),
        _ => t!("limit-what-pages"),
    }
}

impl Limits {
    fn slot(&mut self, name: &str) -> Option<&mut u64> {
        Some(match name {
            "text" => &mut self.text,
            "steps" => &mut self.steps,
            "cells" => &mut self.cells,
            "typeset" => &mut self.typeset,
            "pages" => &mut self.pages,
            _ => return None,
        })
    }

    /// Applies `NAME=VALUE` (`cells=60000`, `text=16`, in MB for text and
    /// typeset); false, with the problem in `diags`, when it is not one.
    pub fn apply(&mut self, spec: &str, diags: &mut Diagnostics) -> bool {
        match self.parse(spec) {
            Ok(()) => true,
            Err(problem) => {
                diags.push(problem);
                false
            }
        }
    }

    #[allow(clippy::result_large_err)] // one diagnostic, once per run
    fn parse(&mut self, spec: &str) -> Result<(), Diagnostic> {
        let known = || {
            NAMES
                .iter()
                .map(|(n, _)| t!("limit-named", name = *n, what = counted(n)))
                .collect::<Vec<_>>()
                .join(&t!("list-separator"))
        };
        let Some((name, value)) = spec.split_once('=') else {
            return Err(Diagnostic::error(t!("limit-not-name-value", spec = spec))
                .help(t!("limit-not-name-value-help", known = known())));
        };
        let name = name.trim();
        let in_mb = NAMES.iter().find(|(n, _)| *n == name).map(|(_, mb)| *mb);
        let (Some(in_mb), Some(slot)) = (in_mb, self.slot(name)) else {
            return Err(Diagnostic::error(t!("limit-unknown", name = name))
                .help(t!("limit-unknown-help", known = known())));
        };
        let value: u64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v| *v > 0)
            .ok_or_else(|| {
                Diagnostic::error(t!("limit-not-number", spec = spec))
                    .help(t!("limit-not-number-help", name = name))
            })?;
        *slot = if in_mb {
            value.saturating_mul(MB)
        } else {
            value
        };
        Ok(())
    }
}

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets the run's limits; the first call wins (the command line's).
pub fn set(limits: Limits) {
    let _ = LIMITS.set(limits);
}

/// The run's limits: the command line's, else the defaults.
pub fn limits() -> &'static Limits {
    LIMITS.get_or_init(Limits::default)
}

/// How to raise a limit, for the help line of its error: the value that
/// doubles it.
pub fn raise_hint(name: &str) -> String {
    let limits = limits();
    let (current, in_mb) = match name {
        "text" => (limits.text, true),
        "steps" => (limits.steps, false),
        "cells" => (limits.cells, false),
        "typeset" => (limits.typeset, true),
        _ => (limits.pages, false),
    };
    let shown = if in_mb { current / MB } else { current };
    t!(
        "limit-raise",
        name = name,
        doubled = shown.saturating_mul(2),
        shown = shown
    )
}

/// Shown size of a byte count in whole MB, rounded up.
pub fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(MB)
}

/// What one charter may still spend: its texts' bytes and steps and its
/// tables' cells. Each budget reports its overrun once.
#[derive(Debug)]
pub struct Budget {
    text: AtomicU64,
    steps: AtomicU64,
    cells: AtomicU64,
    reported: AtomicBool,
}

impl Budget {
    pub fn new(limits: &Limits) -> Self {
        Self {
            text: AtomicU64::new(limits.text),
            steps: AtomicU64::new(limits.steps),
            cells: AtomicU64::new(limits.cells),
            reported: AtomicBool::new(false),
        }
    }

    /// Bytes of text still allowed.
    pub fn text_left(&self) -> u64 {
        self.text.load(Ordering::Relaxed)
    }

    /// Takes `amount` from a budget; false (and the budget emptied) when it
    /// was not there.
    fn take(counter: &AtomicU64, amount: u64) -> bool {
        let mut ok = true;
        let _ = counter.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            ok = left >= amount;
            Some(left.saturating_sub(amount))
        });
        ok
    }

    pub fn spend_text(&self, bytes: u64) -> bool {
        Self::take(&self.text, bytes)
    }

    pub fn spend_steps(&self, steps: u64) -> bool {
        Self::take(&self.steps, steps)
    }

    pub fn spend_cells(&self, cells: u64) -> bool {
        Self::take(&self.cells, cells)
    }

    /// True the first time only: an overrun is reported once per charter.
    pub fn first_overrun(&self) -> bool {
        !self.reported.swap(true, Ordering::Relaxed)
    }

    /// Whether a budget ran out: later texts are not rendered at all.
    pub fn exhausted(&self) -> bool {
        self.reported.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_names_and_megabytes() {
        let mut limits = Limits::default();
        let mut diags = Diagnostics::new();
        assert!(limits.apply("cells=60000", &mut diags));
        assert!(limits.apply("text=16", &mut diags));
        assert_eq!(limits.cells, 60_000);
        assert_eq!(limits.text, 16 * MB);
        assert!(!limits.apply("cell=1", &mut diags));
        assert!(
            diags.list[0]
                .help
                .as_ref()
                .is_some_and(|h| h.contains("cells"))
        );
        assert!(!limits.apply("pages=0", &mut diags));
        assert!(!limits.apply("pages", &mut diags));
    }

    #[test]
    fn a_budget_runs_out_once() {
        let budget = Budget::new(&Limits {
            cells: 10,
            ..Limits::default()
        });
        assert!(budget.spend_cells(6));
        assert!(!budget.spend_cells(6));
        assert!(!budget.spend_cells(1));
        assert!(budget.first_overrun());
        assert!(!budget.first_overrun());
    }
}
