//! `when` conditions: a node, table or appendix whose condition is false is
//! left out, with everything under it, before numbering, so the numbers
//! close up (第十条 follows 第九条) and `ref()` cannot reach it.

use minijinja::{Environment, ErrorKind, UndefinedBehavior};

use crate::diag::{Diagnostic, Diagnostics, Sp};
use crate::document::Excluded;
use crate::source::{AppendixSource, NodeSource, TableSource};

/// Most MiniJinja instructions one condition may run.
const FUEL: u64 = 10_000;

pub struct Conditions {
    env: Environment<'static>,
    context: minijinja::Value,
}

impl Conditions {
    pub fn new(context: &serde_json::Value) -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        Self {
            env,
            context: minijinja::Value::from(minijinja::value::Serde(context)),
        }
    }

    /// Whether `when` holds; `None` (reported) when it cannot be evaluated.
    fn holds(&self, when: &Sp<String>, diags: &mut Diagnostics) -> Option<bool> {
        let result = self
            .env
            .compile_expression(&when.value)
            .and_then(|expr| expr.eval(self.context.clone()))
            .and_then(|value| {
                // A bare name that is not set evaluates to undefined rather
                // than failing: it is as much a mistake as `not options.x`.
                if value.is_undefined() {
                    Err(minijinja::Error::from(ErrorKind::UndefinedError))
                } else {
                    Ok(value)
                }
            });
        match result {
            Ok(value) => Some(value.is_true()),
            Err(err) => {
                let detail = err.detail().unwrap_or_default().to_string();
                let (message, help) = match err.kind() {
                    ErrorKind::UndefinedError => (
                        t!("resolve-condition-unset", when = &when.value),
                        t!("resolve-condition-unset-help"),
                    ),
                    ErrorKind::SyntaxError => (
                        t!("resolve-condition-syntax", when = &when.value),
                        t!("resolve-condition-syntax-help"),
                    ),
                    _ => (
                        t!(
                            "resolve-condition-failed",
                            when = &when.value,
                            detail = detail
                        ),
                        t!("resolve-condition-failed-help"),
                    ),
                };
                diags.push(
                    Diagnostic::error(message)
                        .at(&when.loc)
                        .label(t!("resolve-condition-label"))
                        .help(help),
                );
                None
            }
        }
    }

    /// Drops every node, table and appendix whose condition is false, and
    /// says which (as id paths) in `excluded`.
    pub fn prune(
        &self,
        sections: &mut Vec<NodeSource>,
        appendices: &mut Vec<AppendixSource>,
        diags: &mut Diagnostics,
    ) -> Vec<Excluded> {
        let mut excluded = Vec::new();
        self.prune_nodes(sections, "", &mut excluded, diags);
        appendices.retain_mut(|appendix| {
            let path = appendix
                .id
                .as_ref()
                .map(|id| format!("appendix.{}", id.value))
                .unwrap_or_else(|| "appendix".into());
            let keep = self.keep(
                appendix.when.as_ref(),
                &path,
                title(&appendix.title),
                &mut excluded,
                diags,
            );
            if keep {
                self.prune_tables(&mut appendix.tables, &path, &mut excluded, diags);
            }
            keep
        });
        excluded
    }

    fn prune_nodes(
        &self,
        nodes: &mut Vec<NodeSource>,
        parent: &str,
        excluded: &mut Vec<Excluded>,
        diags: &mut Diagnostics,
    ) {
        nodes.retain_mut(|node| {
            let path = child_path(parent, node.id.as_ref().map(|i| i.value.as_str()));
            let shown = title(&node.heading).or_else(|| title(&node.text));
            let keep = self.keep(node.when.as_ref(), &path, shown, excluded, diags);
            if keep {
                self.prune_nodes(&mut node.children, &path, excluded, diags);
                self.prune_tables(&mut node.tables, &path, excluded, diags);
            }
            keep
        });
    }

    fn prune_tables(
        &self,
        tables: &mut Vec<TableSource>,
        parent: &str,
        excluded: &mut Vec<Excluded>,
        diags: &mut Diagnostics,
    ) {
        tables.retain(|table| {
            let path = child_path(parent, table.id.as_ref().map(|i| i.value.as_str()));
            self.keep(
                table.when.as_ref(),
                &path,
                title(&table.caption),
                excluded,
                diags,
            )
        });
    }

    /// Keeps a node without a condition, or whose condition holds; a
    /// condition that cannot be evaluated keeps the node (and is an error).
    fn keep(
        &self,
        when: Option<&Sp<String>>,
        path: &str,
        shown: Option<String>,
        excluded: &mut Vec<Excluded>,
        diags: &mut Diagnostics,
    ) -> bool {
        let Some(when) = when else {
            return true;
        };
        match self.holds(when, diags) {
            Some(false) => {
                excluded.push(Excluded {
                    path: path.to_string(),
                    text: shown.unwrap_or_default(),
                    when: when.value.clone(),
                });
                false
            }
            _ => true,
        }
    }
}

fn child_path(parent: &str, id: Option<&str>) -> String {
    match (parent.is_empty(), id) {
        (true, Some(id)) => id.to_string(),
        (false, Some(id)) => format!("{parent}.{id}"),
        (_, None) => format!("{parent}.…").trim_start_matches('.').to_string(),
    }
}

/// The first characters of a text as written, to name a left-out node.
fn title(text: &Option<crate::source::Text>) -> Option<String> {
    let text = text.as_ref()?;
    let shown: String = text.src.trim().chars().take(24).collect();
    Some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc() -> crate::diag::Loc {
        crate::diag::Loc::new(0, 0..0)
    }

    #[test]
    fn conditions_read_options_vars_and_org() {
        let context = serde_json::json!({
            "options": { "party": false, "supervision": "监事会" },
            "org": { "kind": "基金会" },
            "vars": {},
        });
        let conditions = Conditions::new(&context);
        let mut diags = Diagnostics::new();
        let cases = [
            ("options.party", Some(false)),
            ("not options.party", Some(true)),
            ("options.supervision == '监事会'", Some(true)),
            ("org.kind == '社会团体'", Some(false)),
            ("options.missing", None),
            ("options.party ==", None),
        ];
        for (when, expected) in cases {
            let got = conditions.holds(&Sp::new(when.to_string(), loc()), &mut diags);
            assert_eq!(got, expected, "{when}");
        }
        assert_eq!(diags.error_count(), 2);
    }
}
