//! The catalog is whole: both languages hold the same messages with the
//! same arguments, every message the code names exists, and the Chinese
//! catalog is used under a Chinese locale.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// Message ids of a file with the variables each uses.
fn messages(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match FluentResource::try_new(text.to_string()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("catalog does not parse: {errors:?}"),
    };
    let mut out = BTreeMap::new();
    for entry in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &m.value {
                collect(value, &mut vars);
            }
            out.insert(m.id.name.to_string(), vars);
        }
    }
    out
}

fn collect(pattern: &fluent_syntax::ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    vars.insert(id.name.to_string());
                }
                Expression::Select { variants, .. } => {
                    for v in variants {
                        collect(&v.value, vars);
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn both_languages_hold_the_same_messages_with_the_same_arguments() {
    assert_eq!(
        EN.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
        ZH.iter().map(|(f, _)| *f).collect::<Vec<_>>()
    );
    for ((file, en), (_, zh)) in EN.iter().zip(ZH) {
        let (en, zh) = (messages(en), messages(zh));
        let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
        let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            only_en.is_empty() && only_zh.is_empty(),
            "{file}.ftl: only English {only_en:?}, only Chinese {only_zh:?}"
        );
        for (id, vars) in &en {
            assert_eq!(
                vars, &zh[id],
                "{file}.ftl: {id} takes other arguments in Chinese"
            );
        }
    }
}

/// Every `t!("id"` in src/ names a message of the catalog.
#[test]
fn every_message_the_code_names_exists() {
    let mut known = BTreeSet::new();
    for (_, text) in EN {
        known.extend(messages(text).into_keys());
    }
    let mut missing = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            // The macro's own definition and documentation name no message.
            if path.starts_with(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (at, _) in text.match_indices("t!(\"") {
                // `t!(` itself, not the end of `format!(` or `print!(`.
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let id: String = text[at + 4..].chars().take_while(|c| *c != '"').collect();
                if !known.contains(&id) {
                    missing.push(format!("{}: {id}", path.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn messages_follow_the_language_with_their_arguments() {
    let en = with(Lang::En, || {
        crate::t!("unknown-key", key = "titel", table = "[charter]")
    });
    let zh = with(Lang::Zh, || {
        crate::t!("unknown-key", key = "titel", table = "[charter]")
    });
    assert_eq!(en, "unknown key \"titel\" in [charter]");
    assert_eq!(zh, "[charter] 中没有“titel”这个键");
    assert_eq!(parse("zh_CN.UTF-8"), Some(Lang::Zh));
    assert_eq!(parse("C.UTF-8"), Some(Lang::En));
    assert_eq!(from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
    assert_eq!(
        from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
        Some(Lang::Zh)
    );
}
