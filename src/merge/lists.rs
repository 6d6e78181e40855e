//! Lists merged by id: a child's node replaces the fields of the model's
//! node with its id and merges their children, a new id is placed at the
//! end or by `after`/`before`, `remove` drops inherited nodes.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Loc, Sp, suggest};
use crate::format::NodeKind;
use crate::source::*;

/// Merges a child's list of nodes onto the base list by id.
pub fn merge_list<T: Mergeable>(base: &mut Vec<T>, child: Vec<T>, diags: &mut Diagnostics) {
    for node in child {
        let existing = node.id().and_then(|id| {
            base.iter()
                .position(|b| b.id().is_some_and(|bid| bid.value == id.value))
        });
        let placement = placement(&node, diags);
        let node = match existing {
            Some(index) => {
                let mut merged = base.remove(index);
                merged.merge_from(node, diags);
                if placement.is_none() {
                    base.insert(index, merged);
                    continue;
                }
                merged
            }
            None => node,
        };
        let index = match &placement {
            None => base.len(),
            Some((target, after)) => match base
                .iter()
                .position(|b| b.id().is_some_and(|bid| bid.value == target.value))
            {
                Some(i) => i + usize::from(*after),
                None => {
                    let key = if *after { "after" } else { "before" };
                    let ids: Vec<&str> = base
                        .iter()
                        .filter_map(|b| b.id().map(|i| i.value.as_str()))
                        .collect();
                    let mut d = Diagnostic::error(t!(
                        "merge-no-sibling",
                        key = key,
                        target = &target.value
                    ))
                    .at(&target.loc)
                    .label(t!("merge-no-sibling-label"));
                    d = match suggest(&target.value, ids.iter().copied()) {
                        Some(near) => d.help(t!("did-you-mean", name = near)),
                        None if ids.is_empty() => d.help(t!("merge-no-siblings-help")),
                        None => d.help(t!(
                            "merge-siblings-help",
                            ids = ids.join(&t!("list-separator"))
                        )),
                    };
                    diags.push(d);
                    base.len()
                }
            },
        };
        base.insert(index, node);
    }
}

/// `Some((target, true))` for `after`, `Some((target, false))` for `before`.
fn placement<T: Mergeable>(node: &T, diags: &mut Diagnostics) -> Option<(Sp<String>, bool)> {
    match (node.after(), node.before()) {
        (Some(after), Some(before)) => {
            diags.push(
                Diagnostic::error(t!("merge-after-and-before"))
                    .at(&before.loc)
                    .label(t!("merge-second-placement"))
                    .also(&after.loc, t!("merge-first-placement"))
                    .help(t!("merge-after-and-before-help")),
            );
            Some((after.clone(), true))
        }
        (Some(after), None) => Some((after.clone(), true)),
        (None, Some(before)) => Some((before.clone(), false)),
        (None, None) => None,
    }
}

/// Drops inherited nodes named by `remove = ["section.clause", "appendix.id"]`.
pub(super) fn apply_removals(
    base: &mut CharterSource,
    remove: &[Sp<String>],
    diags: &mut Diagnostics,
) {
    for path in remove {
        let parts: Vec<&str> = path.value.split('.').collect();
        if remove_node(&mut base.sections, &parts) {
            continue;
        }
        if let ["appendix", id] = parts.as_slice()
            && let Some(i) = base
                .appendices
                .iter()
                .position(|a| a.id.as_ref().is_some_and(|x| x.value == *id))
        {
            base.appendices.remove(i);
            continue;
        }
        let mut known = Vec::new();
        collect_paths(&base.sections, "", &mut known);
        known.extend(
            base.appendices
                .iter()
                .filter_map(|a| a.id.as_ref().map(|i| format!("appendix.{}", i.value))),
        );
        let mut d = Diagnostic::error(t!("merge-remove-nothing", path = &path.value))
            .at(&path.loc)
            .label(t!("merge-remove-nothing-label"));
        d = match suggest(&path.value, known.iter().map(String::as_str)) {
            Some(near) => d.help(t!("did-you-mean", name = near)),
            None => d.help(t!("merge-remove-nothing-help")),
        };
        diags.push(d);
    }
}

fn remove_node(nodes: &mut Vec<NodeSource>, path: &[&str]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let Some(index) = nodes
        .iter()
        .position(|n| n.id.as_ref().is_some_and(|id| id.value == *first))
    else {
        return false;
    };
    if rest.is_empty() {
        nodes.remove(index);
        true
    } else {
        remove_node(&mut nodes[index].children, rest)
    }
}

/// Every id path of a node tree, for hints.
pub fn collect_paths(nodes: &[NodeSource], prefix: &str, out: &mut Vec<String>) {
    for node in nodes {
        if let Some(id) = &node.id {
            let path = if prefix.is_empty() {
                id.value.clone()
            } else {
                format!("{prefix}.{}", id.value)
            };
            collect_paths(&node.children, &path, out);
            out.push(path);
        }
    }
}

/// Two siblings with one id in the same file would silently merge: report them.
pub(super) fn check_sibling_ids(source: &CharterSource, diags: &mut Diagnostics) {
    fn check<T: Mergeable>(list: &[T], what: String, diags: &mut Diagnostics) {
        let mut seen: HashMap<&str, &Loc> = HashMap::new();
        for item in list {
            if let Some(id) = item.id() {
                if let Some(first) = seen.get(id.value.as_str()) {
                    diags.push(
                        Diagnostic::error(t!("merge-duplicate-id", id = &id.value, among = &what))
                            .at(&id.loc)
                            .label(t!("merge-second-use"))
                            .also(first, t!("merge-first-use"))
                            .help(t!("merge-duplicate-id-help")),
                    );
                } else {
                    seen.insert(&id.value, &id.loc);
                }
            }
        }
    }
    fn walk(nodes: &[NodeSource], diags: &mut Diagnostics) {
        let what = match nodes.first().map(|n| n.kind) {
            Some(NodeKind::Section) => t!("merge-among-sections"),
            Some(NodeKind::Clause) => t!("merge-among-clauses"),
            Some(NodeKind::Item) => t!("merge-among-items"),
            _ => t!("merge-among-points"),
        };
        check(nodes, what, diags);
        for node in nodes {
            walk(&node.children, diags);
        }
    }
    walk(&source.sections, diags);
    check(&source.appendices, t!("merge-among-appendices"), diags);
    for appendix in &source.appendices {
        check(&appendix.questions, t!("merge-among-questions"), diags);
        check(&appendix.fields, t!("merge-among-fields"), diags);
    }
}

macro_rules! placed {
    () => {
        fn id(&self) -> Option<&Sp<String>> {
            self.id.as_ref()
        }
        fn after(&self) -> Option<&Sp<String>> {
            self.after.as_ref()
        }
        fn before(&self) -> Option<&Sp<String>> {
            self.before.as_ref()
        }
        fn loc(&self) -> &Loc {
            &self.loc
        }
    };
}

impl Mergeable for NodeSource {
    placed!();
    fn merge_from(&mut self, child: Self, diags: &mut Diagnostics) {
        self.heading = child.heading.or(self.heading.take());
        self.text = child.text.or(self.text.take());
        self.when = child.when.or(self.when.take());
        self.notes = child.notes.or(self.notes.take());
        merge_list(&mut self.children, child.children, diags);
        merge_list(&mut self.tables, child.tables, diags);
    }
}

impl Mergeable for TableSource {
    placed!();
    fn merge_from(&mut self, child: Self, _diags: &mut Diagnostics) {
        self.caption = child.caption.or(self.caption.take());
        self.columns = child.columns.or(self.columns.take());
        self.align = child.align.or(self.align.take());
        self.when = child.when.or(self.when.take());
        // Rows come as a whole: a row merged cell by cell would not line up.
        if !child.header.is_empty() || !child.rows.is_empty() {
            self.header = child.header;
            self.rows = child.rows;
            self.row_locs = child.row_locs;
        }
    }
}

impl Mergeable for AppendixSource {
    placed!();
    fn merge_from(&mut self, child: Self, diags: &mut Diagnostics) {
        self.keys.extend(child.keys);
        self.kind = child.kind.or(self.kind.take());
        self.title = child.title.or(self.title.take());
        self.intro = child.intro.or(self.intro.take());
        self.scale = child.scale.or(self.scale.take());
        self.respondent = child.respondent.or(self.respondent.take());
        self.when = child.when.or(self.when.take());
        merge_list(&mut self.questions, child.questions, diags);
        merge_list(&mut self.fields, child.fields, diags);
        merge_list(&mut self.tables, child.tables, diags);
    }
}

impl Mergeable for QuestionSource {
    placed!();
    fn merge_from(&mut self, child: Self, _diags: &mut Diagnostics) {
        self.keys.extend(child.keys);
        self.kind = child.kind.or(self.kind.take());
        self.text = child.text.or(self.text.take());
        self.lines = child.lines.or(self.lines.take());
    }
}

impl Mergeable for FieldSource {
    placed!();
    fn merge_from(&mut self, child: Self, _diags: &mut Diagnostics) {
        self.keys.extend(child.keys);
        self.label = child.label.or(self.label.take());
        self.lines = child.lines.or(self.lines.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;
    use std::path::Path;

    /// The sections of `text`, loaded as a charter.
    fn sections(text: &str, sources: &SourceMap) -> Vec<NodeSource> {
        let file = sources.add(Path::new("m.toml"), text);
        let mut diags = Diagnostics::new();
        crate::load::parse_charter(text, file, Path::new("m.toml"), &mut diags)
            .map(|c| c.sections)
            .unwrap_or_default()
    }

    fn ids(nodes: &[NodeSource]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| n.id.as_ref().map(|i| i.value.clone()).unwrap_or_default())
            .collect()
    }

    const MODEL: &str = "[[section]]\nid = \"a\"\ntitle = \"甲\"\ntext = \"旧\"\n\n  [[section.clause]]\n  id = \"x\"\n  text = \"条\"\n\n[[section]]\nid = \"b\"\ntitle = \"乙\"\n";

    #[test]
    fn a_known_id_replaces_fields_and_keeps_children() {
        let sources = SourceMap::new();
        let mut base = sections(MODEL, &sources);
        let child = sections("[[section]]\nid = \"a\"\ntext = \"新\"\n", &sources);
        let mut diags = Diagnostics::new();
        merge_list(&mut base, child, &mut diags);
        assert!(diags.list.is_empty(), "{diags:?}");
        assert_eq!(ids(&base), ["a", "b"]);
        assert_eq!(base[0].text.as_ref().map(|t| t.src.as_str()), Some("新"));
        assert_eq!(base[0].heading.as_ref().map(|t| t.src.as_str()), Some("甲"));
        assert_eq!(ids(&base[0].children), ["x"]);
    }

    #[test]
    fn new_ids_go_last_or_where_after_and_before_say() {
        let sources = SourceMap::new();
        let mut base = sections(MODEL, &sources);
        let child = sections(
            "[[section]]\nid = \"c\"\ntitle = \"丙\"\n\n[[section]]\nid = \"d\"\ntitle = \"丁\"\nbefore = \"a\"\n\n[[section]]\nid = \"e\"\ntitle = \"戊\"\nafter = \"a\"\n",
            &sources,
        );
        let mut diags = Diagnostics::new();
        merge_list(&mut base, child, &mut diags);
        assert_eq!(ids(&base), ["d", "a", "e", "b", "c"]);
    }

    #[test]
    fn a_placement_naming_no_sibling_is_an_error_with_the_siblings() {
        let sources = SourceMap::new();
        let mut base = sections(MODEL, &sources);
        let child = sections(
            "[[section]]\nid = \"c\"\ntitle = \"丙\"\nafter = \"bb\"\n",
            &sources,
        );
        let mut diags = Diagnostics::new();
        merge_list(&mut base, child, &mut diags);
        assert_eq!(ids(&base), ["a", "b", "c"]);
        assert_eq!(diags.list[0].help.as_deref(), Some("did you mean \"b\"?"));
    }

    #[test]
    fn removal_drops_a_nested_node_and_names_the_paths_when_missing() {
        let sources = SourceMap::new();
        let mut charter = CharterSource {
            sections: sections(MODEL, &sources),
            ..CharterSource::default()
        };
        let loc = Loc::new(0, 0..1);
        let mut diags = Diagnostics::new();
        apply_removals(
            &mut charter,
            &[
                Sp::new("a.x".into(), loc.clone()),
                Sp::new("a.y".into(), loc),
            ],
            &mut diags,
        );
        assert!(charter.sections[0].children.is_empty());
        assert_eq!(diags.list.len(), 1);
        assert!(diags.list[0].message.contains("a.y"));
    }
}
