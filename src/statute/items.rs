//! The items each registration regulation requires of a 章程, and the
//! words that state each in a 章程: the data of [`super::missing`].

use crate::format::OrgKind;

/// A facet of an item: found when a chapter's (or 节's) title holds one of
/// `titles`, or one paragraph holds every word of one of `texts`. The
/// words are those of the provision itself (本会的业务范围是：), not of a
/// passing mention (在登记的业务范围内开展活动), so that a 章程 without the
/// provision is told so.
pub(super) struct Facet {
    pub(super) name: &'static str,
    pub(super) titles: &'static [&'static [&'static str]],
    pub(super) texts: &'static [&'static [&'static str]],
}

pub(super) struct Item {
    pub(super) number: &'static str,
    pub(super) name: &'static str,
    pub(super) facets: &'static [Facet],
}

const NAME: Facet = Facet {
    name: "名称",
    titles: &[],
    texts: &[
        &["名称为"],
        &["名称是"],
        &["名称："],
        &["名称:"],
        &["中文名称"],
        &["英文名称"],
    ],
};
const DOMICILE: Facet = Facet {
    name: "住所",
    titles: &[],
    texts: &[
        &["住所设在"],
        &["住所为"],
        &["住所是"],
        &["住所："],
        &["住所位于"],
        &["会址"],
        &["地址设在"],
        &["办公地址"],
        &["办公地点"],
        &["注册地址"],
    ],
};
const PURPOSE: Facet = Facet {
    name: "宗旨",
    titles: &[&["宗旨"]],
    texts: &[
        &["宗旨是"],
        &["宗旨为"],
        &["宗旨："],
        &["宗旨:"],
        &["为宗旨"],
    ],
};
const SCOPE: Facet = Facet {
    name: "业务范围",
    titles: &[&["业务范围"]],
    texts: &[
        &["业务范围："],
        &["业务范围:"],
        &["业务范围是"],
        &["业务范围为"],
        &["业务范围包括"],
        &["业务范围如下"],
        &["下列业务"],
        &["以下业务"],
        &["主要业务"],
    ],
};
const REGION: Facet = Facet {
    name: "活动地域",
    titles: &[],
    // A national or local body states its region by its type: 全国性、地方性.
    texts: &[
        &["活动地域"],
        &["活动区域"],
        &["活动范围"],
        &["行政区域"],
        &["全国性"],
        &["地方性"],
        &["区域性"],
    ],
};
const MEMBERSHIP: Facet = Facet {
    name: "会员资格",
    titles: &[],
    texts: &[
        &["入会", "条件"],
        &["会员", "具备", "条件"],
        &["会员", "应当具备"],
        &["取得会员资格"],
        &["申请加入"],
        &["成为", "会员"],
    ],
};
const RIGHTS: Facet = Facet {
    name: "会员的权利",
    titles: &[],
    texts: &[&["会员享有"], &["会员", "下列权利"], &["会员的权利"]],
};
const DUTIES: Facet = Facet {
    name: "会员的义务",
    titles: &[],
    texts: &[&["会员履行"], &["会员", "下列义务"], &["会员的义务"]],
};
const DEMOCRATIC: Facet = Facet {
    name: "民主的组织管理制度",
    titles: &[],
    texts: &[
        &["最高权力机构"],
        &["权力机构"],
        &["大会", "职权"],
        &["大会", "行使下列"],
    ],
};
const EXECUTIVE: Facet = Facet {
    name: "执行机构的产生程序",
    titles: &[],
    texts: &[
        &["执行机构"],
        &["理事会", "选举产生"],
        &["理事", "选举产生"],
        &["理事", "产生程序"],
        &["理事", "推选"],
    ],
};
const LEADER_TERMS: Facet = Facet {
    name: "负责人的条件",
    titles: &[],
    texts: &[
        &["负责人", "条件"],
        &["会长", "条件"],
        &["理事长", "条件"],
        &["负责人", "具备"],
        &["会长", "具备"],
        &["理事长", "具备"],
    ],
};
const LEADER_ELECTION: Facet = Facet {
    name: "负责人的产生、罢免的程序",
    titles: &[],
    texts: &[
        &["负责人", "罢免"],
        &["会长", "罢免"],
        &["理事长", "罢免"],
        &["法定代表人", "罢免"],
        &["负责人", "选举产生"],
        &["会长", "选举产生"],
        &["理事长", "选举产生"],
        &["负责人", "产生"],
        &["法定代表人", "产生"],
    ],
};
const ASSETS: Facet = Facet {
    name: "资产管理和使用的原则",
    titles: &[
        &["资产", "管理"],
        &["资产", "使用"],
        &["财产", "管理"],
        &["财产", "使用"],
        &["经费", "管理"],
        &["经费", "使用"],
    ],
    texts: &[
        &["经费来源"],
        &["收入来源"],
        &["资产来源"],
        &["资金来源"],
        &["资产", "管理", "使用"],
        &["财产", "管理", "使用"],
    ],
};
const AMENDMENT: Facet = Facet {
    name: "章程的修改程序",
    titles: &[&["章程", "修改"], &["章程", "修订"]],
    texts: &[
        &["章程的修改"],
        &["章程修改", "须经"],
        &["章程修改", "核准"],
        &["修改后的章程"],
        &["章程的修订"],
        &["章程修订", "须经"],
    ],
};
const TERMINATION: Facet = Facet {
    name: "终止程序",
    titles: &[&["终止"]],
    texts: &[
        &["终止动议"],
        &["终止", "程序"],
        &["终止", "清算"],
        &["终止", "注销"],
        &["解散", "清算"],
    ],
};
const RESIDUE: Facet = Facet {
    name: "终止后资产的处理",
    titles: &[],
    texts: &[
        &["剩余财产"],
        &["剩余资产"],
        &["终止后", "财产"],
        &["终止后", "资产"],
    ],
};

const ASSOCIATION: &[Item] = &[
    Item {
        number: "第一项",
        name: "名称、住所",
        facets: &[NAME, DOMICILE],
    },
    Item {
        number: "第二项",
        name: "宗旨、业务范围和活动地域",
        facets: &[PURPOSE, SCOPE, REGION],
    },
    Item {
        number: "第三项",
        name: "会员资格及其权利、义务",
        facets: &[MEMBERSHIP, RIGHTS, DUTIES],
    },
    Item {
        number: "第四项",
        name: "民主的组织管理制度，执行机构的产生程序",
        facets: &[DEMOCRATIC, EXECUTIVE],
    },
    Item {
        number: "第五项",
        name: "负责人的条件和产生、罢免的程序",
        facets: &[LEADER_TERMS, LEADER_ELECTION],
    },
    Item {
        number: "第六项",
        name: "资产管理和使用的原则",
        facets: &[ASSETS],
    },
    Item {
        number: "第七项",
        name: "章程的修改程序",
        facets: &[AMENDMENT],
    },
    Item {
        number: "第八项",
        name: "终止程序和终止后资产的处理",
        facets: &[TERMINATION, RESIDUE],
    },
];

const FOUNDATION: &[Item] = &[
    Item {
        number: "第一项",
        name: "名称及住所",
        facets: &[NAME, DOMICILE],
    },
    Item {
        number: "第二项",
        name: "设立宗旨和公益活动的业务范围",
        facets: &[PURPOSE, SCOPE],
    },
    Item {
        number: "第三项",
        name: "原始基金数额",
        facets: &[Facet {
            name: "原始基金数额",
            titles: &[],
            texts: &[&["原始基金"], &["注册资金"], &["初始基金"]],
        }],
    },
    Item {
        number: "第四项",
        name: "理事会的组成、职权和议事规则，理事的资格、产生程序和任期",
        facets: &[
            Facet {
                name: "理事会的组成",
                titles: &[],
                texts: &[&["理事会", "组成"], &["理事会由"], &["理事为"]],
            },
            Facet {
                name: "理事会的职权",
                titles: &[],
                texts: &[&["理事会", "职权"], &["理事会", "行使下列"]],
            },
            Facet {
                name: "理事会的议事规则",
                titles: &[],
                texts: &[
                    &["议事规则"],
                    &["理事会", "会议", "出席"],
                    &["理事会", "决议", "通过"],
                ],
            },
            Facet {
                name: "理事的资格",
                titles: &[],
                texts: &[&["理事", "资格"], &["理事", "条件"], &["理事", "具备"]],
            },
            Facet {
                name: "理事的产生程序",
                titles: &[],
                texts: &[&["理事", "产生"], &["理事", "选举"], &["理事", "推选"]],
            },
            Facet {
                name: "理事的任期",
                titles: &[],
                texts: &[&["理事", "任期"]],
            },
        ],
    },
    Item {
        number: "第五项",
        name: "法定代表人的职责",
        facets: &[Facet {
            name: "法定代表人的职责",
            titles: &[],
            texts: &[
                &["法定代表人", "职责"],
                &["法定代表人", "职权"],
                &["法定代表人", "签署"],
                &["法定代表人", "代表本"],
                &["法定代表人由"],
                &["为本", "法定代表人"],
            ],
        }],
    },
    Item {
        number: "第六项",
        name: "监事的职责、资格、产生程序和任期",
        facets: &[
            Facet {
                name: "监事的职责",
                titles: &[],
                texts: &[&["监事", "职责"], &["监事", "职权"], &["监事", "检查"]],
            },
            Facet {
                name: "监事的资格",
                titles: &[],
                texts: &[&["监事", "资格"], &["监事", "条件"], &["监事", "不得"]],
            },
            Facet {
                name: "监事的产生程序",
                titles: &[],
                texts: &[&["监事", "产生"], &["监事", "选派"], &["监事", "选举"]],
            },
            Facet {
                name: "监事的任期",
                titles: &[],
                texts: &[&["监事", "任期"]],
            },
        ],
    },
    Item {
        number: "第七项",
        name: "财务会计报告的编制、审定制度",
        facets: &[Facet {
            name: "财务会计报告的编制、审定制度",
            titles: &[],
            texts: &[
                &["财务会计报告"],
                &["会计报告"],
                &["财务报告"],
                &["财务", "审计"],
            ],
        }],
    },
    Item {
        number: "第八项",
        name: "财产的管理、使用制度",
        facets: &[ASSETS],
    },
    Item {
        number: "第九项",
        name: "基金会的终止条件、程序和终止后财产的处理",
        facets: &[
            Facet {
                name: "终止条件",
                titles: &[],
                texts: &[
                    &["终止", "情形"],
                    &["终止", "之一"],
                    &["终止", "条件"],
                    &["应当终止"],
                ],
            },
            TERMINATION,
            RESIDUE,
        ],
    },
];

const SOCIAL_SERVICE: &[Item] = &[
    Item {
        number: "第一项",
        name: "名称、住所",
        facets: &[NAME, DOMICILE],
    },
    Item {
        number: "第二项",
        name: "宗旨和业务范围",
        facets: &[PURPOSE, SCOPE],
    },
    Item {
        number: "第三项",
        name: "组织管理制度",
        facets: &[Facet {
            name: "组织管理制度",
            titles: &[],
            texts: &[
                &["理事会", "职权"],
                &["决策机构"],
                &["组织管理"],
                &["理事会", "组成"],
            ],
        }],
    },
    Item {
        number: "第四项",
        name: "法定代表人或者负责人的产生、罢免的程序",
        facets: &[LEADER_ELECTION],
    },
    Item {
        number: "第五项",
        name: "资产管理和使用的原则",
        facets: &[ASSETS],
    },
    Item {
        number: "第六项",
        name: "章程的修改程序",
        facets: &[AMENDMENT],
    },
    Item {
        number: "第七项",
        name: "终止程序和终止后资产的处理",
        facets: &[TERMINATION, RESIDUE],
    },
];

/// The regulation of `kind`, its article on 章程, and the items it lists.
pub(super) fn requirements(kind: OrgKind) -> (&'static str, &'static str, &'static [Item]) {
    match kind {
        OrgKind::Association => ("社会团体登记管理条例", "第十四条", ASSOCIATION),
        OrgKind::Foundation => ("基金会管理条例", "第十条", FOUNDATION),
        OrgKind::SocialService => ("民办非企业单位登记管理暂行条例", "第十条", SOCIAL_SERVICE),
    }
}
