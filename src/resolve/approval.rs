//! The approval as settled from `[approval]` and the last `[[revision]]`,
//! which must agree.

use crate::diag::{Diagnostic, Diagnostics, Loc, Sp};
use crate::source::*;
use crate::zh::Date;

/// The approval as settled from `[approval]` and the revision history.
pub(super) struct Settled {
    pub(super) body: Option<crate::source::Text>,
    pub(super) term: u32,
    pub(super) session: u32,
    pub(super) date: Date,
    pub(super) effective: Option<Date>,
    pub(super) statement: Option<crate::source::Text>,
}

/// Settles the approval from `[approval]` and the last `[[revision]]`,
/// reporting where they disagree.
pub(super) fn settle_approval(source: &CharterSource, diags: &mut Diagnostics) -> Option<Settled> {
    let revisions = source.revisions.as_deref().unwrap_or(&[]);
    check_revision_order(revisions, diags);
    let last = revisions.last();
    match (&source.approval, last) {
        (Some(approval), last) => {
            let loc = approval
                .loc
                .clone()
                .unwrap_or_else(|| Loc::new(source.file, 0..0));
            let mut missing = Vec::new();
            let written = |key: &str| approval.keys.iter().any(|k| k == key);
            let term = pick(
                &approval.term,
                last.and_then(|r| r.term.as_ref()),
                "term",
                &mut missing,
                diags,
            );
            let session = pick(
                &approval.session,
                last.and_then(|r| r.session.as_ref()),
                "session",
                &mut missing,
                diags,
            );
            let date = pick(
                &approval.date,
                last.and_then(|r| r.date.as_ref()),
                "date",
                &mut missing,
                diags,
            );
            missing.retain(|key| !written(key));
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::error(t!(
                        "resolve-approval-missing",
                        keys = missing.join(&t!("list-separator"))
                    ))
                    .at(&loc)
                    .label(t!("resolve-approval-missing-label"))
                    .help(t!("resolve-approval-missing-help")),
                );
                return None;
            }
            let effective = approval.effective.as_ref().and_then(|e| match &e.value {
                Effective::UponApproval => None,
                Effective::On(d) => Some(*d),
            });
            let date = date?;
            if let (Some(effective), Some(e)) = (effective, &approval.effective)
                && effective < date
            {
                diags.push(
                    Diagnostic::warning(t!("resolve-effective-early"))
                        .at(&e.loc)
                        .label(t!("resolve-effective-early-label", date = date.to_string()))
                        .help(t!("resolve-effective-early-help")),
                );
            }
            Some(Settled {
                body: approval.body.clone(),
                term: term?,
                session: session?,
                date,
                effective,
                statement: approval.statement.clone(),
            })
        }
        (None, Some(last)) => Some(Settled {
            body: None,
            term: last.term.as_ref()?.value,
            session: last.session.as_ref()?.value,
            date: last.date.as_ref()?.value,
            effective: None,
            statement: None,
        }),
        (None, None) => {
            if !source.meta.model.as_ref().is_some_and(|m| m.value) {
                let loc = source
                    .header
                    .clone()
                    .unwrap_or_else(|| Loc::new(source.file, 0..0));
                diags.push(
                    Diagnostic::warning(t!("resolve-not-approved"))
                        .at(&loc)
                        .label(t!("resolve-not-approved-label"))
                        .help(t!("resolve-not-approved-help")),
                );
            }
            None
        }
    }
}

/// The value from `[approval]`, checked against the last revision; or the
/// revision's when `[approval]` leaves it out.
fn pick<T: PartialEq + Copy + std::fmt::Display>(
    approval: &Option<Sp<T>>,
    revision: Option<&Sp<T>>,
    key: &str,
    missing: &mut Vec<&'static str>,
    diags: &mut Diagnostics,
) -> Option<T> {
    match (approval, revision) {
        (Some(a), Some(r)) if a.value != r.value => {
            diags.push(
                Diagnostic::error(t!(
                    "resolve-revision-disagrees",
                    key = key,
                    revision = r.value.to_string(),
                    approval = a.value.to_string()
                ))
                .at(&r.loc)
                .label(t!("resolve-revision-says", value = r.value.to_string()))
                .also(
                    &a.loc,
                    t!("resolve-approval-says", value = a.value.to_string()),
                )
                .help(t!("resolve-revision-disagrees-help", key = key)),
            );
            None
        }
        (Some(a), _) => Some(a.value),
        (None, Some(r)) => Some(r.value),
        (None, None) => {
            missing.push(match key {
                "term" => "term",
                "session" => "session",
                _ => "date",
            });
            None
        }
    }
}

fn check_revision_order(revisions: &[RevisionSource], diags: &mut Diagnostics) {
    for revision in revisions {
        let missing: Vec<&str> = ["date", "term", "session"]
            .into_iter()
            .filter(|key| !revision.keys.iter().any(|k| k == key))
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(t!(
                    "resolve-revision-missing",
                    keys = missing.join(&t!("list-separator"))
                ))
                .at(&revision.loc)
                .label(t!("resolve-revision-missing-label"))
                .help(t!("resolve-revision-missing-help")),
            );
        }
    }
    for pair in revisions.windows(2) {
        if let (Some(a), Some(b)) = (&pair[0].date, &pair[1].date)
            && b.value < a.value
        {
            diags.push(
                Diagnostic::error(t!("resolve-revision-order"))
                    .at(&b.loc)
                    .label(t!(
                        "resolve-revision-order-label",
                        date = b.value.to_string(),
                        previous = a.value.to_string()
                    ))
                    .also(&a.loc, t!("resolve-revision-order-later"))
                    .help(t!("resolve-revision-order-help")),
            );
        }
    }
}
