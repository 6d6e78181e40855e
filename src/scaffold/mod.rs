//! A new organisation: `org.toml` with every value its models use (what
//! only the organisation knows as 【待填写】 placeholders, its choices with
//! their defaults) and a charter extending each model. With a kind, the
//! kit's whole set (章程 and the standard 制度) and a `volume.toml` binding
//! them. Run again, it adds what is missing and never changes what is there.

pub mod kit;
mod org_file;

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc, SourceMap};
use crate::format::OrgKind;
use crate::merge::Merger;
use crate::sandbox::Sandbox;
use kit::Entry;
use org_file::Wanted;

/// The model used when neither `--kind` nor `--model` is given.
pub const DEFAULT_MODEL: &str = "charters/models/service-commitment.toml";

/// Where the kit's models live in a project, below its root.
pub const KIT_FOLDER: &str = "charters/models";

/// What to scaffold.
pub struct Request<'a> {
    pub org_dir: &'a Path,
    pub name: &'a str,
    pub kind: Option<OrgKind>,
    pub model: Option<&'a Path>,
    /// Where the kit's models are (written there when missing): the
    /// project's charters/models, or the studio's served models/.
    pub models: PathBuf,
}

/// The files of a new (or completed) organisation, not yet written.
pub struct Scaffold {
    pub org_file: PathBuf,
    /// `(path, contents)` to write: new files, and org.toml completed.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// Files already there, left exactly as they are.
    pub kept: Vec<PathBuf>,
    /// Keys added to an existing org.toml.
    pub added: Vec<String>,
    /// The charters of the organisation, new or kept.
    pub charters: Vec<PathBuf>,
    /// The models and their chains: never to be overwritten.
    pub inputs: Vec<PathBuf>,
}

/// A model to extend: where it is on disk, its text (with its chain's),
/// and the id and title of the charter it makes.
struct Model {
    path: PathBuf,
    text: String,
    id: String,
    title: String,
    /// Variables the model sets itself (`[vars]`): not asked for.
    own_vars: Vec<String>,
}

impl Model {
    /// A model whose id and title are in its own `[charter]`.
    fn from_text(path: PathBuf, text: String) -> Self {
        let table: toml::Table = toml::from_str(&text).unwrap_or_default();
        let meta = table.get("charter").and_then(|c| c.as_table());
        let field = |key: &str| {
            meta.and_then(|c| c.get(key))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let own_vars = table
            .get("vars")
            .and_then(|v| v.as_table())
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default();
        Self {
            id: field("id").unwrap_or_else(|| "charter".into()),
            title: field("title").unwrap_or_default(),
            own_vars,
            path,
            text,
        }
    }
}

/// Scaffolds `request.org_dir`. Nothing that exists is overwritten: an
/// existing org.toml gets the keys it lacks, existing charters are kept.
pub fn scaffold(
    request: &Request<'_>,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Scaffold> {
    let org_dir = request.org_dir;
    let mut files = Vec::new();
    let mut inputs = Vec::new();
    let models: Vec<Model> = match request.kind {
        Some(kind) => {
            let folder = &request.models;
            kit::models(kind)
                .map(|model| {
                    let path = folder.join(model.path);
                    // The project's own copy wins (it may have edited it);
                    // a project without one gets the kit's.
                    let text = match std::fs::read_to_string(&path) {
                        Ok(text) => text,
                        Err(_) => {
                            files.push((path.clone(), model.text.as_bytes().to_vec()));
                            model.text.to_string()
                        }
                    };
                    Model::from_text(path, text)
                })
                .collect()
        }
        None => {
            let path = request.model.map(Path::to_path_buf).or_else(|| {
                let default = PathBuf::from(DEFAULT_MODEL);
                default.is_file().then_some(default)
            });
            match path {
                Some(path) => vec![single_model(&path, sandbox, sources, diags, &mut inputs)?],
                None => Vec::new(),
            }
        }
    };

    let mut kept = Vec::new();
    let mut charters = Vec::new();
    let mut ids = Vec::new();
    let mut wanted_vars: Vec<Entry> = request.kind.map(kit::vars).unwrap_or_default();
    let mut wanted_org: Vec<Entry> = match request.kind {
        Some(kind) => kit::org_fields(kind),
        None => vec![Entry {
            key: "short_name".into(),
            initial: None,
            comment: "文中的自称，如 本中心",
        }],
    };
    for model in &models {
        let (id, title) = (model.id.clone(), model.title.clone());
        if request.kind.is_none() {
            // A model of one's own: ask for every value it prints.
            let own = &model.own_vars;
            for field in names_used(&model.text, "org.") {
                if crate::source::OrgSource::KEYS.contains(&field.as_str()) && field != "name" {
                    add_placeholder(&mut wanted_org, field);
                }
            }
            for var in names_used(&model.text, "vars.") {
                if !own.contains(&var) {
                    add_placeholder(&mut wanted_vars, var);
                }
            }
        }
        let charter_file = org_dir.join(format!("{id}.toml"));
        charters.push(charter_file.clone());
        ids.push(id.clone());
        if charter_file.exists() {
            kept.push(charter_file);
            continue;
        }
        let body = if title.ends_with("章程") {
            request.kind.map(kit::adopting_body).unwrap_or("理事会")
        } else {
            "理事会"
        };
        files.push((
            charter_file,
            charter_text(&id, &relative_path(org_dir, &model.path), body).into_bytes(),
        ));
    }
    if models.is_empty() {
        let charter_file = org_dir.join("charter.toml");
        charters.push(charter_file.clone());
        if charter_file.exists() {
            kept.push(charter_file);
        } else {
            files.push((charter_file, OWN_CHARTER.as_bytes().to_vec()));
        }
    }

    let wanted = Wanted {
        org: wanted_org,
        vars: wanted_vars,
        options: request.kind.map(kit::options).unwrap_or_default(),
    };
    let org_file = org_dir.join("org.toml");
    let kind_name = request.kind.map(OrgKind::name);
    let mut added = Vec::new();
    if org_file.exists() {
        let text = match crate::sandbox::read_bounded(&org_file, crate::sandbox::SOURCE_LIMIT) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(refusal) => {
                diags.push(
                    Diagnostic::error(refusal.describe(&org_file.display().to_string()))
                        .help(refusal.hint()),
                );
                return None;
            }
        };
        let file = sources.add(&org_file, text.clone());
        warn_kept(&text, file, request, diags);
        match org_file::complete(&text, request.name, kind_name, &wanted) {
            Some((completed, keys)) => {
                files.push((org_file.clone(), completed.into_bytes()));
                added = keys;
            }
            None => kept.push(org_file.clone()),
        }
    } else {
        files.push((
            org_file.clone(),
            org_file::new_file(request.name, kind_name, &wanted).into_bytes(),
        ));
    }
    if request.kind.is_some() {
        let volume_file = org_dir.join("volume.toml");
        if volume_file.exists() {
            kept.push(volume_file);
        } else {
            files.push((volume_file, volume_text(request.name, &ids).into_bytes()));
        }
    }
    Some(Scaffold {
        org_file,
        files,
        kept,
        added,
        charters,
        inputs,
    })
}

/// A model named with `--model` (or the default one), checked by loading it.
fn single_model(
    path: &Path,
    sandbox: &Sandbox,
    sources: &SourceMap,
    diags: &mut Diagnostics,
    inputs: &mut Vec<PathBuf>,
) -> Option<Model> {
    let merger = Merger::new(sources.clone(), sandbox.clone());
    let root = path.parent().unwrap_or(Path::new("."));
    let merged = merger.load(path, root, None, diags)?;
    if diags.has_errors() {
        return None;
    }
    if !merged.source.meta.model.as_ref().is_some_and(|m| m.value) {
        diags.push(
            Diagnostic::warning(t!(
                "scaffold-not-a-model",
                path = path.display().to_string()
            ))
            .help(t!("scaffold-not-a-model-help")),
        );
    }
    // The whole chain's texts: a model's model prints values too.
    let mut text = String::new();
    for input in &merged.inputs {
        if let Ok(bytes) = crate::sandbox::read_bounded(input, crate::sandbox::SOURCE_LIMIT) {
            text.push_str(&String::from_utf8_lossy(&bytes));
            text.push('\n');
        }
    }
    inputs.extend(merged.inputs.iter().cloned());
    let meta = &merged.source.meta;
    Some(Model {
        path: path.to_path_buf(),
        text,
        // The id and title are the merged chain's.
        id: meta
            .id
            .as_ref()
            .map(|i| i.value.clone())
            .unwrap_or_else(|| "charter".into()),
        title: meta
            .title
            .as_ref()
            .map(|t| t.src.clone())
            .unwrap_or_default(),
        own_vars: merged.source.vars.keys().cloned().collect(),
    })
}

fn add_placeholder(entries: &mut Vec<Entry>, key: String) {
    if !entries.iter().any(|e| e.key == key) {
        entries.push(Entry {
            key: key.into(),
            initial: None,
            comment: "请填写",
        });
    }
}

/// Says so when org.toml already names another organisation or kind: the
/// file's values stand. Each warning points at the value in the file.
fn warn_kept(text: &str, file: FileId, request: &Request<'_>, diags: &mut Diagnostics) {
    use toml::de::{DeTable, DeValue};
    let (root, _) = DeTable::parse_recoverable(text);
    let top = root.get_ref();
    let org = match top.get("org").map(|o| o.get_ref()) {
        Some(DeValue::Table(org)) => org,
        _ => top,
    };
    let string = |key: &str| {
        let value = org.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some((s.to_string(), Loc::new(file, value.span()))),
            _ => None,
        }
    };
    if let Some((name, loc)) = string("name")
        && name != request.name
    {
        diags.push(
            Diagnostic::warning(t!("scaffold-name-kept", name = &name, given = request.name))
                .at(&loc)
                .label(t!("scaffold-kept-label"))
                .help(t!("scaffold-name-kept-help")),
        );
    }
    if let (Some((kind, loc)), Some(wanted)) = (string("kind"), request.kind)
        && OrgKind::parse(&kind) != Some(wanted)
    {
        diags.push(
            Diagnostic::warning(t!(
                "scaffold-kind-kept",
                kind = &kind,
                given = wanted.name()
            ))
            .at(&loc)
            .label(t!("scaffold-kept-label"))
            .help(t!("scaffold-kind-kept-help")),
        );
    }
}

/// A charter extending `extends`, to be approved.
fn charter_text(id: &str, extends: &str, body: &str) -> String {
    format!(
        "[charter]\nid = {}\nextends = {}\n\n\
         # 经审议通过后，删去下面各行开头的 # 并填写会议信息：\n\
         # [approval]\n# body = {}\n# term = 1\n# session = 1\n# date = 2026-01-01\n",
        quote(id),
        quote(extends),
        quote(body)
    )
}

/// A charter of one's own, when there is no model at all.
const OWN_CHARTER: &str = "[charter]\nid = \"charter\"\ntitle = \"服务承诺制度\"\n\n\
     [[section]]\nid = \"general\"\ntitle = \"总体要求\"\ntext = \"{{ org.name }}……\"\n";

/// `volume.toml`: the organisation's 制度汇编, its 章程 first.
fn volume_text(name: &str, ids: &[String]) -> String {
    let list: Vec<String> = ids.iter().map(|id| quote(id)).collect();
    format!(
        "# {name}的制度汇编：charter volume 把下列制度按此顺序装订成册。\n\
         title = {}\ncharters = [{}]\n",
        quote(&format!("{name}规章制度汇编")),
        list.join(", ")
    )
}

/// Names `x` of every `{prefix}x` (`org.`, `vars.`, `options.`) in a
/// file's text, in order of first use.
pub fn names_used(text: &str, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let preceded_by_word = rest[..at]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let tail = &rest[at + prefix.len()..];
        let name: String = tail
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !preceded_by_word && !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        rest = tail;
    }
    names
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
    fn finds_the_names_a_text_uses() {
        let text = "x = \"{{ org.name }}（{{ org.short_name }}）电话{{org.phone}}\" # myorg.foo org.extra.a";
        assert_eq!(
            names_used(text, "org."),
            ["name", "short_name", "phone", "extra"]
        );
        assert_eq!(
            names_used("{{ vars.fin_tier2 }} vars.a", "vars."),
            ["fin_tier2", "a"]
        );
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
