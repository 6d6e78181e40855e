//! Unit tests of rendering: variables, filters, ref() and the limits.
use super::*;
use crate::diag::{Diagnostics, SourceMap};
use std::path::Path;

fn renderer() -> Renderer {
    let context = serde_json::json!({
        "org": {"name": "青山社会工作服务中心", "short_name": "中心"},
        "approval": {"term": 2, "session": 4, "date": "2025-03-01"},
        "vars": {},
    });
    let mut refs = RefTable::default();
    refs.entries
        .insert("supervision.hotline".into(), ("第五条".into(), false));
    refs.entries
        .insert("supervision.#2".into(), ("第六条".into(), true));
    Renderer::new(
        &context,
        refs,
        Arc::new(Budget::new(&crate::limits::Limits::default())),
    )
}

fn text(sources: &SourceMap, src: &str) -> Text {
    let file_text = format!("text = \"{src}\"\n");
    let file = sources.add(Path::new("r.toml"), file_text.as_str());
    Text {
        src: src.to_string(),
        loc: Loc::new(file, 7..7 + src.len() + 2),
        verbatim_at: Some(8),
    }
}

#[test]
fn renders_variables_filters_and_refs() {
    let sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let r = renderer();
    let t = text(
        &sources,
        "{{ org.short_name }}第{{ approval.term | zh_num }}届，于{{ approval.date | zh_date }}参照{{ ref('supervision.hotline') }}办理",
    );
    let out = r.paragraphs(&t, &mut diags).unwrap_or_default();
    assert_eq!(out.paragraphs, ["中心第二届，于2025年3月1日参照第五条办理"]);
    assert_eq!(out.refs.len(), 1);
    assert_eq!((out.refs[0].start, out.refs[0].end), (18, 21));
    assert!(diags.list.is_empty());
}

#[test]
fn undefined_variable_points_into_the_string() {
    let sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let t = text(&sources, "电话：{{ org.phone }}");
    assert!(renderer().paragraphs(&t, &mut diags).is_none());
    let out = diags.render(&sources);
    assert!(out.contains("undefined variable \"org.phone\""), "{out}");
    assert!(out.contains("r.toml:1:"), "{out}");
    assert!(out.contains("org.toml"), "{out}");
}

#[test]
fn missing_ref_target_suggests_the_nearest() {
    let sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let t = text(&sources, "见{{ ref('supervision.hotlne') }}");
    assert!(renderer().paragraphs(&t, &mut diags).is_none());
    let out = diags.render(&sources);
    assert!(out.contains("no node has this path"), "{out}");
    assert!(
        out.contains("did you mean \"supervision.hotline\"?"),
        "{out}"
    );
}

#[test]
fn unknown_filter_suggests() {
    let sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let t = text(&sources, "{{ approval.term | zh_nmu }}");
    assert!(renderer().paragraphs(&t, &mut diags).is_none());
    let out = diags.render(&sources);
    assert!(out.contains("zh_num"), "{out}");
}

#[test]
fn positional_ref_warns() {
    let sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let t = text(&sources, "见{{ ref('supervision.#2') }}");
    let out = renderer().paragraphs(&t, &mut diags);
    assert!(out.is_some());
    assert_eq!(diags.warning_count(), 1);
}

#[test]
fn line_breaks_join_without_spaces_between_chinese() {
    assert_eq!(
        normalize("为进一步\n规范服务\n\n第二段 text\nmore"),
        ["为进一步规范服务", "第二段 text more"]
    );
    assert_eq!(normalize("  甲\n  乙  "), ["甲乙"]);
}

#[test]
fn text_without_templates_is_taken_as_written() {
    let sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let t = text(&sources, "#set page(width: 1cm) {not a template}");
    let out = renderer().line(&t, &mut diags);
    assert_eq!(
        out.as_deref(),
        Some("#set page(width: 1cm) {not a template}")
    );
}
