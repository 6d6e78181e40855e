//! Each operation on a charter of its own and on one extending a model:
//! the document after it reads as asked, comments stay, ids are made.

use super::*;
use crate::diag::Diagnostics;
use crate::sandbox::Sandbox;

const MODEL: &str = r#"[charter]
id = "rules"
model = true
title = "服务制度"
numbering = "articles"

[[section]]
id = "general"
title = "总则"

  [[section.clause]]
  id = "aim"
  text = "为了规范服务，制定本制度。"

  [[section.clause]]
  id = "scope"
  text = "本制度适用于全体人员。"

  [[section.clause]]
  id = "duty"
  text = "工作人员应当尽职。"
"#;

const OWN: &str = r#"# Our own rules.
[charter]
id = "own"
title = "自有制度"
numbering = "articles"

[[section]]
id = "general"
title = "总则"

  [[section.clause]]
  id = "a"
  text = "甲。"   # the first

  [[section.clause]]
  id = "b"
  text = "乙。"

    [[section.clause.item]]
    id = "x"
    text = "子项。"

  [[section.clause]]
  id = "c"
  text = "丙。"
  [[section.clause.table]]
  id = "fees"
  columns = [1, 1]
  header = [["类别", "金额"]]
  rows = [["个人", "60"], ["单位", "600"]]
"#;

const CHILD: &str = "[charter]\nid = \"rules\"\nextends = \"model.toml\"\n";

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("model.toml"), MODEL).unwrap_or_default();
        std::fs::write(dir.path().join("org.toml"), "name = \"甲中心\"\n").unwrap_or_default();
        Self { dir }
    }

    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("charter.toml")
    }

    fn sandbox(&self) -> Sandbox {
        Sandbox::new(self.dir.path()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn apply(&self, text: &str, op: Op) -> String {
        let mut diags = Diagnostics::new();
        let applied = apply(
            text,
            &self.path(),
            self.dir.path(),
            &self.sandbox(),
            &op,
            &mut diags,
        );
        match applied {
            Some(a) => a.source,
            None => panic!("{op:?}: {:?}", diags.list),
        }
    }

    fn tree(&self, text: &str) -> Vec<EditNode> {
        let mut diags = Diagnostics::new();
        tree(
            text,
            &self.path(),
            self.dir.path(),
            &self.sandbox(),
            &mut diags,
        )
        .unwrap_or_else(|| panic!("{:?}", diags.list))
    }

    /// Labels and texts of the first section's children, in order.
    fn clauses(&self, text: &str) -> Vec<(String, String)> {
        self.tree(text)[0]
            .children
            .iter()
            .map(|n| (n.label.clone(), n.text.clone().unwrap_or_default()))
            .collect()
    }
}

fn texts(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(_, t)| t.as_str()).collect()
}

#[test]
fn own_nodes_are_added_moved_edited_and_deleted_in_place() {
    let p = Project::new();
    let added = p.apply(
        OWN,
        Op::Add {
            target: Some("general.a".into()),
            position: Position::After,
            kind: crate::format::NodeKind::Clause,
        },
    );
    assert!(added.contains("# Our own rules."), "{added}");
    assert!(added.contains("# the first"), "{added}");
    let list = p.clauses(&added);
    assert_eq!(
        texts(&list),
        ["甲。", "新的条文：请在此输入。", "乙。", "丙。"]
    );
    assert_eq!(list[1].0, "第二条");
    let moved = p.apply(
        &added,
        Op::Move {
            target: "general.b".into(),
            up: true,
        },
    );
    assert_eq!(
        texts(&p.clauses(&moved)),
        ["甲。", "乙。", "新的条文：请在此输入。", "丙。"]
    );
    // The item stays under its clause.
    let tree = p.tree(&moved);
    assert_eq!(
        tree[0].children[1].children[0].text.as_deref(),
        Some("子项。")
    );
    let edited = p.apply(
        &moved,
        Op::Edit {
            target: "general.c1".into(),
            field: Field::Text,
            value: "丁，见{{ ref('general.a') }}。".into(),
        },
    );
    assert!(texts(&p.clauses(&edited)).contains(&"丁，见{{ ref('general.a') }}。"));
    let deleted = p.apply(
        &edited,
        Op::Delete {
            target: "general.b".into(),
        },
    );
    assert_eq!(
        texts(&p.clauses(&deleted)),
        ["甲。", "丁，见{{ ref('general.a') }}。", "丙。"]
    );
    assert!(!deleted.contains("子项"), "{deleted}");
}

#[test]
fn a_table_grows_and_merges_and_is_written_back() {
    let p = Project::new();
    let table = |action| Op::Table {
        target: "general.c".into(),
        table: 0,
        action,
    };
    let grown = p.apply(OWN, table(table::Action::AddRow { after: Some(2) }));
    let grown = p.apply(
        &grown,
        table(table::Action::SetCell {
            row: 3,
            col: 0,
            text: "学生".into(),
        }),
    );
    let grown = p.apply(&grown, table(table::Action::AddColumn { after: Some(1) }));
    let merged = p.apply(
        &grown,
        table(table::Action::Merge {
            row: 1,
            col: 1,
            across: false,
        }),
    );
    let t = &p.tree(&merged)[0].children[2].tables[0];
    assert_eq!(t.columns, 3);
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.rows[1][1].rowspan, 2);
    assert_eq!(t.rows[3][0].text, "学生");
    assert!(merged.contains("columns = [1, 1, 1]"), "{merged}");
}

#[test]
fn the_models_nodes_are_overridden_placed_and_reverted_from_the_child() {
    let p = Project::new();
    let edited = p.apply(
        CHILD,
        Op::Edit {
            target: "general.scope".into(),
            field: Field::Text,
            value: "本制度适用于本中心全体人员和志愿者。".into(),
        },
    );
    assert!(edited.starts_with(CHILD), "{edited}");
    let tree = p.tree(&edited);
    assert_eq!(tree[0].children[1].origin, Origin::Overridden);
    assert_eq!(tree[0].origin, Origin::Overridden);
    assert_eq!(tree[0].children[0].origin, Origin::Inherited);
    let added = p.apply(
        &edited,
        Op::Add {
            target: Some("general.aim".into()),
            position: Position::After,
            kind: crate::format::NodeKind::Clause,
        },
    );
    assert_eq!(
        texts(&p.clauses(&added)),
        [
            "为了规范服务，制定本制度。",
            "新的条文：请在此输入。",
            "本制度适用于本中心全体人员和志愿者。",
            "工作人员应当尽职。"
        ]
    );
    let moved = p.apply(
        &added,
        Op::Move {
            target: "general.duty".into(),
            up: true,
        },
    );
    assert_eq!(
        texts(&p.clauses(&moved))[2..],
        ["工作人员应当尽职。", "本制度适用于本中心全体人员和志愿者。"]
    );
    let reverted = p.apply(
        &moved,
        Op::Revert {
            target: "general.scope".into(),
        },
    );
    assert!(texts(&p.clauses(&reverted)).contains(&"本制度适用于全体人员。"));
    let removed = p.apply(
        &reverted,
        Op::Delete {
            target: "general.aim".into(),
        },
    );
    assert!(removed.contains("remove = [\"general.aim\"]"), "{removed}");
    assert!(!texts(&p.clauses(&removed)).contains(&"为了规范服务，制定本制度。"));
}
