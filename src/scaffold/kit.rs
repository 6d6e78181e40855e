//! The organisation's kit: for each kind of social organisation, its 章程
//! and the standard 制度, as model charters compiled into the binary, with
//! what an organisation fills in (variables) and chooses (options).
//!
//! The models are written into the project's `charters/models/` when it has
//! none, so `extends` names a file the user can read and edit.

use std::borrow::Cow;

use crate::format::OrgKind;

/// A model of the kit: where it lives under `charters/models/`, its text.
pub struct KitModel {
    pub path: &'static str,
    pub text: &'static str,
}

macro_rules! model {
    ($path:literal) => {
        KitModel {
            path: $path,
            text: include_str!(concat!("../../charters/models/", $path)),
        }
    };
}

const ASSOCIATION: &[KitModel] = &[
    model!("association/articles.toml"),
    model!("association/members.toml"),
    model!("association/dues.toml"),
];
const FOUNDATION: &[KitModel] = &[
    model!("foundation/articles.toml"),
    model!("foundation/donations.toml"),
    model!("foundation/projects.toml"),
];
const SOCIAL_SERVICE: &[KitModel] = &[
    model!("social-service/articles.toml"),
    model!("social-service/service-quality.toml"),
];
/// Every kind keeps these, after its own.
const COMMON: &[KitModel] = &[
    model!("common/finance.toml"),
    model!("common/seals.toml"),
    model!("common/archives.toml"),
    model!("common/disclosure.toml"),
    model!("common/major-matters.toml"),
    model!("service-commitment.toml"),
];

/// The kind's models: its 章程 first, its own 制度, then the common ones.
pub fn models(kind: OrgKind) -> impl Iterator<Item = &'static KitModel> {
    let own = match kind {
        OrgKind::Association => ASSOCIATION,
        OrgKind::Foundation => FOUNDATION,
        OrgKind::SocialService => SOCIAL_SERVICE,
    };
    own.iter().chain(COMMON)
}

/// A value an organisation fills in or chooses, with the line that says
/// what it is in org.toml.
pub struct Entry {
    pub key: Cow<'static, str>,
    /// The value written: `None` for the 【待填写】 placeholder.
    pub initial: Option<Initial>,
    pub comment: &'static str,
}

#[derive(Clone)]
pub enum Initial {
    Text(Cow<'static, str>),
    Bool(bool),
}

const fn fill(key: &'static str, comment: &'static str) -> Entry {
    Entry {
        key: Cow::Borrowed(key),
        initial: None,
        comment,
    }
}

const fn text(key: &'static str, value: &'static str, comment: &'static str) -> Entry {
    Entry {
        key: Cow::Borrowed(key),
        initial: Some(Initial::Text(Cow::Borrowed(value))),
        comment,
    }
}

const fn flag(key: &'static str, value: bool, comment: &'static str) -> Entry {
    Entry {
        key: Cow::Borrowed(key),
        initial: Some(Initial::Bool(value)),
        comment,
    }
}

/// The organisation's fields in org.toml, besides kind and name.
pub fn org_fields(kind: OrgKind) -> Vec<Entry> {
    let short_name = match kind {
        OrgKind::Association => "本会",
        OrgKind::Foundation => "本基金会",
        OrgKind::SocialService => "本单位",
    };
    vec![
        text("short_name", short_name, "文中的自称"),
        fill("name_en", "英文名称"),
        fill("code", "编号前缀，如 LZHZ（编号 LZHZ-ZD-2026-001）"),
        fill("address", "住所"),
        fill("phone", "联系电话"),
        fill("email", "电子邮箱"),
        fill("website", "网站（没有可写 无）"),
        fill("supervisor", "业务主管单位（直接登记的写 无）"),
        fill("registrar", "登记管理机关"),
    ]
}

/// `[vars]`: what the kind's models print that only the organisation knows.
pub fn vars(kind: OrgKind) -> Vec<Entry> {
    let (chair, legal_rep, executive) = match kind {
        OrgKind::Association => ("会长", "会长", "秘书长"),
        OrgKind::Foundation => ("理事长", "理事长", "秘书长"),
        OrgKind::SocialService => ("理事长", "理事长", "主任"),
    };
    let mut out = vec![
        fill("purpose", "宗旨（一句话，不加句号）"),
        fill("scope", "业务范围（各项用；分开，不加句号）"),
        fill("region", "活动地域，如 某某市行政区域"),
        fill("board_min", "理事人数下限（数字）"),
        fill("board_max", "理事人数上限（数字）"),
        fill("term_years", "理事会每届任期，年（数字）"),
        text("chair", chair, "负责人职务：会长 或 理事长"),
        text("legal_rep", legal_rep, "担任法定代表人的职务"),
        text(
            "secretary_general",
            executive,
            "执行机构负责人职务：秘书长、主任、院长……",
        ),
    ];
    out.extend(match kind {
        OrgKind::Association => vec![
            fill("members", "会员种类，如 个人会员和单位会员"),
            fill("assembly_term", "会员（代表）大会每届年限（数字）"),
            fill("dues_individual", "个人会员会费，元/年（数字）"),
            fill("dues_unit", "单位会员会费，元/年（数字）"),
        ],
        OrgKind::Foundation => vec![
            fill("founder", "发起人"),
            fill("initial_fund", "原始基金，万元（数字）"),
            fill("fund_source", "原始基金来源，如 由发起人捐赠"),
        ],
        OrgKind::SocialService => vec![
            fill("founder", "举办者"),
            fill("capital", "开办资金，万元（数字）"),
            fill("service_objects", "服务对象，如 社区老年人和困难家庭"),
        ],
    });
    out
}

/// `[options]`: what the organisation chooses, each with its default.
pub fn options(kind: OrgKind) -> Vec<Entry> {
    let mut out = vec![
        flag("party", true, "设立党组织：true 或 false"),
        text(
            "supervision",
            "监事会",
            "\"监事会\" 或 \"监事\"（只设一名监事）",
        ),
    ];
    match kind {
        OrgKind::Association => {
            out.push(text(
                "assembly",
                "会员大会",
                "\"会员大会\" 或 \"会员代表大会\"",
            ));
            out.push(flag(
                "branches",
                false,
                "设立分支机构、代表机构：true 或 false",
            ));
        }
        OrgKind::Foundation => {
            out.push(flag(
                "fundraising",
                false,
                "具有公开募捐资格：true 或 false",
            ));
        }
        OrgKind::SocialService => {}
    }
    out
}

/// The body that adopts the kind's 章程, as its approval names it.
pub fn adopting_body(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Association => "会员大会",
        OrgKind::Foundation | OrgKind::SocialService => "理事会",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `vars.x` a kit model prints is one org.toml gets, or one a
    /// model sets itself: a scaffolded organisation never hits an
    /// undefined variable.
    #[test]
    fn the_kit_declares_every_variable_its_models_use() {
        for kind in OrgKind::ALL {
            let vars = vars(kind);
            let options = options(kind);
            let declared: Vec<&str> = vars.iter().map(|e| e.key.as_ref()).collect();
            let options: Vec<&str> = options.iter().map(|e| e.key.as_ref()).collect();
            for model in models(kind) {
                for used in crate::scaffold::names_used(model.text, "options.") {
                    assert!(
                        options.contains(&used.as_str())
                            || ["assembly", "branches", "fundraising"].contains(&used.as_str()),
                        "{}: options.{used}",
                        model.path
                    );
                }
                let own = model_vars(model.text);
                for used in crate::scaffold::names_used(model.text, "vars.") {
                    let elsewhere = OrgKind::ALL
                        .iter()
                        .any(|k| super::vars(*k).iter().any(|e| e.key == used));
                    assert!(
                        declared.contains(&used.as_str()) || own.contains(&used) || elsewhere,
                        "{}: vars.{used}",
                        model.path
                    );
                }
            }
        }
    }

    fn model_vars(text: &str) -> Vec<String> {
        let table: toml::Table = toml::from_str(text).unwrap_or_default();
        table
            .get("vars")
            .and_then(|v| v.as_table())
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    }
}
