//! One module per subcommand.

pub mod build;
pub mod check;
pub mod fonts;
pub mod import;
pub mod new;

use crate::diag::{Diagnostics, SourceMap};

/// Prints diagnostics not printed before (a model's errors show once, not
/// once per charter extending it).
#[derive(Default)]
pub struct Reporter {
    printed: std::collections::HashSet<String>,
    pub errors: usize,
    pub warnings: usize,
    pub quiet: bool,
}

impl Reporter {
    pub fn new(quiet: bool) -> Self {
        Self {
            quiet,
            ..Self::default()
        }
    }

    pub fn report(&mut self, diags: &mut Diagnostics, sources: &SourceMap) {
        diags.sort();
        for d in &diags.list {
            if self.quiet && !d.is_error() {
                continue;
            }
            let text = d.render(sources);
            if self.printed.insert(text) {
                if d.is_error() {
                    self.errors += 1;
                } else {
                    self.warnings += 1;
                }
                d.emit(sources);
            }
        }
    }
}
