//! A new organisation: `org.toml` with the fields its model uses, as
//! 【待填写】 placeholders, and a charter extending the model.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::format::PLACEHOLDER;
use crate::merge::Merger;
use crate::sandbox::Sandbox;

/// The model used when `--model` is not given.
pub const DEFAULT_MODEL: &str = "charters/models/service-commitment.toml";

/// The files of a new organisation, not yet written.
pub struct Scaffold {
    pub org_file: PathBuf,
    pub charter_file: PathBuf,
    /// `(path, contents)` of both.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// The model and its chain: never to be overwritten.
    pub inputs: Vec<PathBuf>,
}

/// Scaffolds `org_dir` for the organisation `name`, extending `model` (or
/// the default model when it exists). Existing files are an error unless
/// `force`.
pub fn scaffold(
    org_dir: &Path,
    name: &str,
    model: Option<&Path>,
    force: bool,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Scaffold> {
    let model = model.map(Path::to_path_buf).or_else(|| {
        let default = PathBuf::from(DEFAULT_MODEL);
        default.is_file().then_some(default)
    });
    let org_file = org_dir.join("org.toml");
    let mut used_fields = vec!["short_name".to_string()];
    let mut charter_id = "charter".to_string();
    let mut extends = None;
    let mut inputs = Vec::new();
    if let Some(model) = &model {
        let merger = Merger::new(sources.clone(), sandbox.clone());
        let root = model.parent().unwrap_or(Path::new("."));
        let merged = merger.load(model, root, None, diags)?;
        if diags.has_errors() {
            return None;
        }
        if !merged.source.meta.model.as_ref().is_some_and(|m| m.value) {
            diags.push(
                Diagnostic::warning(format!("{} is not marked model = true", model.display()))
                    .help("a model charter has model = true in [charter] so that it is not built on its own"),
            );
        }
        charter_id = merged
            .source
            .meta
            .id
            .as_ref()
            .map(|i| i.value.clone())
            .unwrap_or(charter_id);
        inputs = merged.inputs.clone();
        for input in &merged.inputs {
            let text = crate::sandbox::read_bounded(input, crate::sandbox::SOURCE_LIMIT)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            for field in org_fields_used(&text) {
                if !used_fields.contains(&field) {
                    used_fields.push(field);
                }
            }
        }
        extends = Some(relative_path(org_dir, model));
    }
    let charter_file = org_dir.join(format!("{charter_id}.toml"));
    for path in [&org_file, &charter_file] {
        if path.exists() && !force {
            diags.push(
                Diagnostic::error(format!("{} already exists", path.display()))
                    .help("choose another folder, or pass --force to overwrite"),
            );
        }
    }
    if diags.has_errors() {
        return None;
    }

    let mut org = format!(
        "# Organisation variables for every charter in this folder.\nname = {}\n",
        quote(name)
    );
    for field in used_fields.iter().filter(|f| f.as_str() != "name") {
        org.push_str(&format!("{field} = {}\n", quote(PLACEHOLDER)));
    }
    let mut charter = String::from("[charter]\n");
    charter.push_str(&format!("id = {}\n", quote(&charter_id)));
    match &extends {
        Some(path) => charter.push_str(&format!("extends = {}\n", quote(path))),
        None => charter.push_str("title = \"服务承诺制度\"\n"),
    }
    charter.push_str(
        "# number = \"{{ org.code }}-ZD-2025-001\"\n\n\
         # Fill in once the board has approved the charter:\n\
         # [approval]\n# body = \"理事会\"\n# term = 1\n# session = 1\n# date = 2025-01-01\n",
    );
    if extends.is_none() {
        charter.push_str(
            "\n[[section]]\nid = \"general\"\ntitle = \"总体要求\"\ntext = \"{{ org.name }}……\"\n",
        );
    }
    Some(Scaffold {
        files: vec![
            (org_file.clone(), org.into_bytes()),
            (charter_file.clone(), charter.into_bytes()),
        ],
        org_file,
        charter_file,
        inputs,
    })
}

/// Names `x` of every `org.x` in a file's text.
pub fn org_fields_used(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("org.") {
        let preceded_by_word = rest[..at]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let tail = &rest[at + 4..];
        let field: String = tail
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let known = crate::source::OrgSource::KEYS.contains(&field.as_str());
        if !preceded_by_word && known && !fields.contains(&field) {
            fields.push(field);
        }
        rest = tail;
    }
    fields
}

fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `target` as a path relative to the folder `from`, with `/` separators.
fn relative_path(from: &Path, target: &Path) -> String {
    let absolute = |p: &Path| -> PathBuf {
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        let mut out = PathBuf::new();
        for component in joined.components() {
            match component {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    };
    let (from, target) = (absolute(from), absolute(target));
    let common = from
        .components()
        .zip(target.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = from
        .components()
        .skip(common)
        .map(|_| "..".to_string())
        .collect();
    parts.extend(
        target
            .components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_org_fields() {
        let text = "x = \"{{ org.name }}（{{ org.short_name }}）电话{{org.phone}}\" # myorg.foo org.extra.a org.toml";
        assert_eq!(org_fields_used(text), ["name", "short_name", "phone"]);
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(
                Path::new("/a/charters/orgs/x"),
                Path::new("/a/charters/models/m.toml")
            ),
            "../../models/m.toml"
        );
    }
}
