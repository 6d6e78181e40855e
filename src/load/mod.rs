//! Load: TOML text → [`CharterSource`], every value with its span.
//!
//! The TOML is parsed into toml's spanned tree and read by hand rather than
//! through `serde(deny_unknown_fields)`, so that one run reports every unknown
//! key, wrong type and bad value of a file, each with a hint. [`reader`]
//! reads typed values, [`tables`] the tables of the format, [`values`]
//! checks strings and converts free tables.

mod keys;
mod nodes;
mod reader;
pub(crate) use reader::type_name;
pub mod schema;
pub(crate) mod syntax;
mod tables;
mod values;

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;
use toml::de::DeTable;

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc, SourceMap, Sp};
use crate::source::*;
use keys::TOP_KEYS;
use reader::{Reader, TableRef};

/// Reads a charter file from disk and registers it in `sources`.
pub fn load_charter_file(
    path: &Path,
    sources: &SourceMap,
    diags: &mut Diagnostics,
    named_at: Option<&Loc>,
) -> Option<CharterSource> {
    let text = read_source(path, sources, diags, named_at)?;
    let file = sources.add(path, text.as_str());
    parse_charter(&text, file, path, diags)
}

/// Reads a file as UTF-8 text, reporting a missing, unreadable, odd or
/// oversized file at the place that named it when there is one.
pub fn read_source(
    path: &Path,
    _sources: &SourceMap,
    diags: &mut Diagnostics,
    named_at: Option<&Loc>,
) -> Option<String> {
    let shown = crate::diag::display_path(path);
    match crate::sandbox::read_bounded(path, crate::sandbox::SOURCE_LIMIT) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                Some(text)
            }
            Err(_) => {
                let mut d =
                    Diagnostic::error(t!("not-utf8", file = &shown)).help(t!("not-utf8-help"));
                if let Some(loc) = named_at {
                    d = d.at(loc).label(t!("named-here"));
                }
                diags.push(d);
                None
            }
        },
        Err(refusal) => {
            let mut d = Diagnostic::error(refusal.describe(&shown));
            d = match (named_at, &refusal) {
                (Some(loc), _) => d.at(loc).label(t!("named-here")).help(refusal.hint()),
                (None, crate::sandbox::Refusal::NotFound) => d.help(t!("not-found-help")),
                (None, _) => d.help(refusal.hint()),
            };
            diags.push(d);
            None
        }
    }
}

/// Parses charter text registered as `file`.
pub fn parse_charter(
    text: &str,
    file: FileId,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<CharterSource> {
    let root = parse_toml(text, file, diags)?;
    let mut reader = Reader { file, text, diags };
    let top = TableRef {
        map: root.get_ref(),
        name: "the top level".into(),
        loc: Loc::new(file, 0..0),
    };
    reader.keys(&top, &schema::names(TOP_KEYS));

    let mut source = CharterSource {
        file,
        path: path.to_path_buf(),
        ..CharterSource::default()
    };
    if let Some(charter) = reader.table(&top, "charter", "[charter]") {
        source.header = Some(charter.loc.clone());
        source.meta = reader.meta(&charter);
    }
    if let Some(org) = reader.table(&top, "org", "[org]") {
        source.org = reader.org(&org, &[]);
    }
    if let Some(vars) = reader.table(&top, "vars", "[vars]") {
        source.vars = reader.free_table(&vars);
    }
    if let Some(options) = reader.table(&top, "options", "[options]") {
        source.options = reader.free_table(&options);
    }
    if let Some(layout) = reader.table(&top, "layout", "[layout]") {
        source.layout = reader.layout(&layout);
    }
    source.sections = reader.nodes(&top, "section", "section", crate::format::NodeKind::Section);
    if let Some(approval) = reader.table(&top, "approval", "[approval]") {
        source.approval = Some(reader.approval(&approval));
    }
    if top.map.contains_key("revision") {
        let revisions = reader.tables(&top, "revision", "[[revision]]");
        source.revisions = Some(revisions.iter().map(|t| reader.revision(t)).collect());
    }
    let appendices = reader.tables(&top, "appendix", "[[appendix]]");
    source.appendices = appendices.iter().map(|t| reader.appendix(t)).collect();
    Some(source)
}

/// Organisation variables from an `org.toml`: either the `[org]` keys at the
/// top level, or an `[org]` table with an optional `[vars]` table beside it.
pub struct OrgFile {
    pub org: OrgSource,
    pub vars: BTreeMap<String, Sp<serde_json::Value>>,
    pub options: BTreeMap<String, Sp<serde_json::Value>>,
}

pub fn load_org_file(path: &Path, sources: &SourceMap, diags: &mut Diagnostics) -> Option<OrgFile> {
    let text = read_source(path, sources, diags, None)?;
    let file = sources.add(path, text.as_str());
    let root = parse_toml(&text, file, diags)?;
    let mut reader = Reader {
        file,
        text: &text,
        diags,
    };
    let top = TableRef {
        map: root.get_ref(),
        name: "org.toml".into(),
        loc: Loc::new(file, 0..0),
    };
    let mut result = OrgFile {
        org: OrgSource::default(),
        vars: BTreeMap::new(),
        options: BTreeMap::new(),
    };
    let beside = ["vars", "options"];
    if top.map.contains_key("org") {
        reader.keys(&top, &["org", "vars", "options"]);
        if let Some(org) = reader.table(&top, "org", "[org]") {
            result.org = reader.org(&org, &[]);
        }
    } else {
        result.org = reader.org(&top, &beside);
    }
    if let Some(vars) = reader.table(&top, "vars", "[vars]") {
        result.vars = reader.free_table(&vars);
    }
    if let Some(options) = reader.table(&top, "options", "[options]") {
        result.options = reader.free_table(&options);
    }
    Some(result)
}

fn parse_toml<'i>(
    text: &'i str,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<Spanned<DeTable<'i>>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        values::check_characters(root.get_ref(), text, file, diags);
        return Some(root);
    }
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        diags.push(syntax::syntax_error(
            text,
            file,
            span,
            error.message().trim(),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::values::verbatim_offset;
    use super::*;
    use crate::format::{QuestionKind, is_valid_id};

    fn load(text: &str) -> (Option<CharterSource>, Diagnostics, SourceMap) {
        let sources = SourceMap::new();
        let file = sources.add(Path::new("t.toml"), text);
        let mut diags = Diagnostics::new();
        let source = parse_charter(text, file, Path::new("t.toml"), &mut diags);
        (source, diags, sources)
    }

    #[test]
    fn choices_take_their_aliases_and_name_the_valid_values() {
        let (source, diags, _) = load(
            r#"
[charter]
id = "x"
title = "服务承诺制度"

[[appendix]]
id = "survey"
kind = "questionnaire"
title = "问卷"

  [[appendix.question]]
  id = "q1"
  kind = "scale"
  text = "满意吗？"

[[appendix]]
id = "other"
kind = "from"
title = "表"
"#,
        );
        let Some(source) = source else {
            panic!("not loaded")
        };
        let kinds: Vec<_> = source.appendices[0]
            .questions
            .iter()
            .map(|q| q.kind.as_ref().map(|k| k.value))
            .collect();
        assert_eq!(kinds, [Some(QuestionKind::Rated)]);
        let messages: Vec<&str> = diags.list.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["unknown kind \"from\""]);
        assert_eq!(
            diags.list[0].help.as_deref(),
            Some("did you mean \"form\"?")
        );
    }

    #[test]
    fn reads_nested_nodes_in_order() {
        let (source, diags, _) = load(
            r#"
[charter]
id = "x"
title = "服务承诺制度"

[[section]]
id = "a"
title = "总体要求"

[[section]]
id = "b"
title = "服务原则"

  [[section.clause]]
  id = "fair"
  heading = "公平公正。"
  text = "正文"

    [[section.clause.item]]
    text = "一项"

      [[section.clause.item.point]]
      text = "一点"
"#,
        );
        assert!(!diags.has_errors(), "{diags:?}");
        let source = source.unwrap_or_default();
        assert_eq!(source.sections.len(), 2);
        let clause = &source.sections[1].children[0];
        assert_eq!(clause.id.as_ref().map(|i| i.value.as_str()), Some("fair"));
        assert_eq!(
            clause.children[0].children[0]
                .text
                .as_ref()
                .map(|t| t.src.as_str()),
            Some("一点")
        );
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let (_, diags, sources) = load("[charter]\nid = \"x\"\ntitel = \"服务\"\n");
        let out = diags.render(&sources);
        assert!(out.contains("unknown key \"titel\" in [charter]"), "{out}");
        assert!(out.contains("did you mean \"title\"?"), "{out}");
        assert!(out.contains("t.toml:3:1"), "{out}");
    }

    #[test]
    fn key_under_wrong_header_names_its_home() {
        let (_, diags, sources) =
            load("[charter]\nid = \"x\"\n[org]\nname = \"甲\"\npreamble = \"乙\"\n");
        let out = diags.render(&sources);
        assert!(out.contains("\"preamble\" belongs in [charter]"), "{out}");
    }

    #[test]
    fn wrong_type_says_what_is_expected() {
        let (_, diags, sources) =
            load("[approval]\nterm = \"第二届\"\nsession = 4\ndate = 2025-03-01\n");
        let out = diags.render(&sources);
        assert!(
            out.contains("\"term\" in [approval] must be a whole number, found text"),
            "{out}"
        );
        assert!(out.contains("term = 2"), "{out}");
    }

    #[test]
    fn impossible_date_is_reported() {
        let (_, diags, sources) = load("[approval]\ndate = 2025-02-30\n");
        let out = diags.render(&sources);
        assert!(diags.has_errors());
        assert!(out.contains("t.toml:2:"), "{out}");
        assert!(out.contains("date that exists"), "{out}");
    }

    #[test]
    fn impossible_date_in_quotes_is_reported() {
        let (_, diags, sources) = load("[approval]\ndate = \"2025-02-30\"\n");
        let out = diags.render(&sources);
        assert!(out.contains("\"2025-02-30\" is not a date"), "{out}");
    }

    #[test]
    fn verbatim_offsets_point_into_strings() {
        let text = "a = \"一{{ x }}\"\nb = \"\"\"\n二{{ y }}\"\"\"\nc = \"\\u4e00\"\n";
        let a = text.find('一').unwrap_or(0);
        assert_eq!(
            verbatim_offset(text, 4..text.find('\n').unwrap_or(0), "一{{ x }}"),
            Some(a)
        );
        let b_start = text.find("\"\"\"").unwrap_or(0);
        let b_end = text.rfind("\"\"\"").unwrap_or(0) + 3;
        assert_eq!(
            verbatim_offset(text, b_start..b_end, "二{{ y }}"),
            text.find('二')
        );
        let c_start = text.rfind("\"\\u").unwrap_or(0);
        assert_eq!(verbatim_offset(text, c_start..text.len() - 1, "一"), None);
    }

    #[test]
    fn ids_are_checked() {
        let (_, diags, sources) = load("[[section]]\nid = \"a b\"\n");
        let out = diags.render(&sources);
        assert!(out.contains("\"a b\" is not a valid id"), "{out}");
        assert!(is_valid_id("fair_1-b"));
    }

    #[test]
    fn malformed_toml_has_a_location() {
        let (source, diags, sources) = load("[charter]\ntitle = \"unterminated\n");
        assert!(source.is_none());
        let out = diags.render(&sources);
        assert!(out.contains("malformed TOML"), "{out}");
        assert!(out.contains("t.toml:2:"), "{out}");
    }
}
