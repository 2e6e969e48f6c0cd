//! Responsible units (责任单位): a cell is parsed into mentions with roles (`A牵头，B、C配合`),
//! then each mention is looked up in a [`Registry`] loaded from TOML data. Nothing is guessed:
//! an unknown unit stays as written, `known: false`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::records::RoleHint;

/// The role a unit plays in a work item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 牵头: leads.
    Lead,
    /// 配合 / 协助 / 协办: cooperates.
    Cooperate,
    /// 负责, or no role written.
    Responsible,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Unit,
    Group,
}

impl Unit {
    /// A unit kept as the notice writes it (white space inside the name dropped); a group when
    /// its name says so (`各街道办`, `区直各部门`).
    pub fn as_written(mention: &Mention) -> Unit {
        Unit {
            raw: mention.raw.clone(),
            name: mention.raw.split_whitespace().collect(),
            kind: if is_group(&mention.raw) {
                Kind::Group
            } else {
                Kind::Unit
            },
            role: mention.role,
            known: false,
            origin: Origin::AsWritten,
            group: None,
        }
    }
}

/// Where a unit's output name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The unit registry of the notice's jurisdiction.
    Registry,
    /// The standard departments of the notice's level of government, named after its place.
    Template,
    /// Kept as the notice writes it.
    AsWritten,
}

/// A unit as written in a cell, with the role the cell gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub raw: String,
    pub role: Role,
}

/// A unit as output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// As written in the cell.
    pub raw: String,
    /// The canonical name, or the cleaned text when the unit is unknown.
    pub name: String,
    pub kind: Kind,
    pub role: Role,
    /// Listed in the registry that applies to the notice.
    pub known: bool,
    /// Where `name` comes from.
    pub origin: Origin,
    /// With `--expand-groups`: the group this unit was expanded from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Parsing a cell into mentions.
//
// Words are matched on the simplified form of the text (`牽頭單位` reads as `牵头单位`); names
// are cut from the text as written, at the same byte offsets (see `text::simplified`).

static BRACKETED_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: literal pattern.
    Regex::new(r"[（(](牵头单位|牵头|配合单位|配合|协办|协助|负责|责任单位)[）)]")
        .expect("invariant: literal regex")
});
/// Labels that put units in a role (`牵头单位：A`), longest first; the paragraph-list reader adds
/// its leader and deadline labels to these.
pub const UNIT_LABELS: &str = "牵头责任单位|协同责任单位|配合责任单位|主要责任单位|牵头单位|牵头部门|牵头科室|牵头|配合单位|配合部门|配合科室|配合|协办单位|协办|主办单位|主办|参与单位|协同单位|责任单位|责任部门|责任科室|主责单位|实施单位|责任主体";

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"({UNIT_LABELS})\s*[：:]")).expect("invariant: literal regex")
});
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"分别牵头|共同牵头|牵头负责|牵头落实|牵头抓总|牵头|会同|按职责分工负责|按职责分工落实|按职责分工|按职责负责|按职能分工负责|分别负责|共同负责|具体负责|负责落实|负责|配合落实|配合|协助|协办|参与|参加",
    )
    .expect("invariant: literal regex")
});
static NAME_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[、，,；;／/\n]+|以及|及").expect("invariant: literal regex"));
/// Groups whose names hold separators or brackets: `各县（市、区）人民政府`, `各县、市、区人民政府`,
/// `各镇（街道）`, `各乡镇`, `各街道（办事处）`.
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"各(?:[县市区乡镇旗]|街道)(?:[、，,](?:[县市区乡镇旗]|街道))+(?:人民政府|政府|党委和政府|党委、政府)|各(?:[县市区乡镇旗]|街道|社区|村)+(?:[（(][^（）()]{1,12}[）)])?(?:人民政府|政府|党委|办事处|管委会)?",
    )
    .expect("invariant: literal regex")
});

fn keyword_role(keyword: &str) -> Role {
    if [
        "牵头",
        "主责",
        "主办",
        "主要责任",
        "分别牵头",
        "共同牵头",
        "会同",
    ]
    .iter()
    .any(|k| keyword.starts_with(k))
    {
        Role::Lead
    } else if ["配合", "协助", "协办", "协同", "参与", "参加"]
        .iter()
        .any(|k| keyword.starts_with(k))
    {
        Role::Cooperate
    } else {
        Role::Responsible
    }
}

fn hint_role(hint: RoleHint) -> Role {
    match hint {
        RoleHint::InText | RoleHint::FirstLeads => Role::Responsible,
        RoleHint::Lead => Role::Lead,
        RoleHint::Cooperate => Role::Cooperate,
    }
}

/// A cell's text as written and in simplified form, with the same byte offsets.
struct Text<'a> {
    written: &'a str,
    simple: &'a str,
    /// Byte ranges no separator or role word may cut: brackets and groups.
    protected: Vec<(usize, usize)>,
}

impl<'a> Text<'a> {
    /// The written text at the place of `part`, a slice of `self.simple`.
    fn written(&self, part: &str) -> &'a str {
        let start = part.as_ptr() as usize - self.simple.as_ptr() as usize;
        // Offsets hold (`text::simplified` keeps them); were they ever not to, an empty name is
        // dropped rather than a wrong one cut.
        self.written.get(start..start + part.len()).unwrap_or("")
    }

    fn is_protected(&self, at: usize) -> bool {
        self.protected.iter().any(|&(s, e)| s < at && at < e)
    }

    fn offset(&self, part: &str) -> usize {
        part.as_ptr() as usize - self.simple.as_ptr() as usize
    }
}

fn protected_ranges(simple: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = GROUP
        .find_iter(simple)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    for (i, c) in simple.char_indices() {
        match c {
            '（' | '(' | '〔' | '［' | '[' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            '）' | ')' | '〕' | '］' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some(s) = open.take()
                {
                    out.push((s, i + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    out
}

/// Parses one unit cell into mentions, in the order written.
pub fn mentions(text: &str, hint: RoleHint) -> Vec<Mention> {
    let stripped = crate::text::strip_tags(text);
    let mut simple = crate::text::simplified(&stripped);
    let mut written = stripped;
    if simple.len() != written.len() {
        written = simple.clone();
    }
    // `（牵头）` after a name is a role word: replace it in both forms alike.
    if BRACKETED_ROLE.is_match(&simple) {
        let mut s = String::with_capacity(simple.len());
        let mut w = String::with_capacity(written.len());
        let mut last = 0;
        for caps in BRACKETED_ROLE.captures_iter(&simple) {
            let (Some(whole), Some(word)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            s.push_str(&simple[last..whole.start()]);
            w.push_str(&written[last..whole.start()]);
            s.push_str(word.as_str());
            w.push_str(&written[word.start()..word.end()]);
            s.push('，');
            w.push('，');
            last = whole.end();
        }
        s.push_str(&simple[last..]);
        w.push_str(&written[last..]);
        simple = s;
        written = w;
    }
    let text = Text {
        written: &written,
        simple: &simple,
        protected: protected_ranges(&simple),
    };
    let mut out = Vec::new();
    // `牵头单位：A；配合单位：B` — labels before the names.
    let labels: Vec<_> = LABEL
        .captures_iter(&simple)
        .filter(|c| c.get(0).is_some_and(|m| !text.is_protected(m.start())))
        .collect();
    if !labels.is_empty() {
        let first = labels[0].get(0).map_or(0, |m| m.start());
        push_names(&text, &simple[..first], hint_role(hint), &mut out);
        for (i, caps) in labels.iter().enumerate() {
            let (Some(whole), Some(label)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let end = labels
                .get(i + 1)
                .and_then(|c| c.get(0))
                .map_or(simple.len(), |m| m.start());
            push_clause(
                &text,
                &simple[whole.end()..end],
                keyword_role(label.as_str()),
                &mut out,
            );
        }
        return out;
    }
    push_clause(&text, &simple, hint_role(hint), &mut out);
    // `列第一位的为牵头单位`: with no role written, the first unit leads.
    if hint == RoleHint::FirstLeads
        && out.iter().all(|m| m.role == Role::Responsible)
        && let Some(first) = out.first_mut()
    {
        first.role = Role::Lead;
    }
    out
}

/// A clause whose names carry role keywords after them (`A、B牵头，C配合`); names after the last
/// keyword take `default`.
fn push_clause(text: &Text<'_>, clause: &str, default: Role, out: &mut Vec<Mention>) {
    let base = text.offset(clause);
    let mut last = 0;
    for m in KEYWORD.find_iter(clause) {
        if text.is_protected(base + m.start()) {
            continue;
        }
        push_names(
            text,
            &clause[last..m.start()],
            keyword_role(m.as_str()),
            out,
        );
        last = m.end();
    }
    push_names(text, &clause[last..], default, out);
}

fn push_names(text: &Text<'_>, part: &str, role: Role, out: &mut Vec<Mention>) {
    let base = text.offset(part);
    let mut pieces = Vec::new();
    let mut last = 0;
    for m in NAME_SEPARATOR.find_iter(part) {
        if text.is_protected(base + m.start()) {
            continue;
        }
        pieces.push(&part[last..m.start()]);
        last = m.end();
    }
    pieces.push(&part[last..]);
    for piece in pieces {
        for name in spaced_names(piece) {
            let name = tidy(name);
            // Punctuation alone is not a unit; the cell's text stays in `responsible.raw`.
            if name.chars().any(char::is_alphanumeric) && !key(name).is_empty() {
                let raw = text.written(name);
                if !raw.is_empty() {
                    out.push(Mention {
                        raw: raw.to_string(),
                        role,
                    });
                }
            }
        }
    }
}

/// White space separates units (`司法局 财政局`) unless it splits one (`区 司法局`, `湖里区 司法局`):
/// a piece of one character, or one ending in a jurisdiction word, joins the next. Each name is
/// a slice of `part` (a name joined over spaces keeps them; lookups ignore white space).
fn spaced_names(part: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pieces = part.split_whitespace().peekable();
    while let Some(piece) = pieces.next() {
        let at = piece.as_ptr() as usize - part.as_ptr() as usize;
        let from = *start.get_or_insert(at);
        let end = at + piece.len();
        let pending = &part[from..end];
        let chars: String = pending.split_whitespace().collect();
        let fragment = chars.chars().count() <= 1
            || ["区", "市", "县", "省"].iter().any(|j| chars.ends_with(j));
        if !fragment || pieces.peek().is_none() {
            out.push(pending);
            start = None;
        }
    }
    out
}

/// Trims fillers around a unit name: `由A`, `A等`, `A等单位`, `（…）` left empty.
fn tidy(part: &str) -> &str {
    let mut s = part.trim_matches(|c: char| c.is_whitespace() || "，,。.：:".contains(c));
    for prefix in ["由", "请"] {
        if let Some(r) = s.strip_prefix(prefix)
            && r.chars().count() >= 2
        {
            s = r;
        }
    }
    for suffix in ["等有关单位", "等相关单位", "等单位", "等部门", "等"] {
        if let Some(r) = s.strip_suffix(suffix)
            && r.chars().count() >= 2
        {
            s = r;
            break;
        }
    }
    s
}

/// True for a name that stands for several units by pattern: `各街道办事处`, `各有关单位`,
/// `区直各部门`, `市直有关单位`, `各县（市、区）人民政府`, `全市各级各部门`.
pub fn is_group(name: &str) -> bool {
    let k = key(name);
    k.starts_with('各')
        || k.starts_with("全")
        || [
            "各部门",
            "各单位",
            "有关部门",
            "有关单位",
            "相关部门",
            "相关单位",
            "成员单位",
            "各级",
            "各有关",
            "有关方面",
        ]
        .iter()
        .any(|w| k.contains(w))
}

/// Common surnames, for telling a person (`张伟`, `王小明副区长`) from a unit.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
/// Titles of leaders, never of units.
const TITLES: &[&str] = &[
    "副省长",
    "省长",
    "副市长",
    "市长",
    "副区长",
    "区长",
    "副县长",
    "县长",
    "副镇长",
    "镇长",
    "副乡长",
    "乡长",
    "书记",
    "副主任",
    "主任",
    "副局长",
    "局长",
    "同志",
    "秘书长",
    "部长",
];
/// Last characters of unit names.
const UNIT_ENDINGS: &str =
    "局委办厅院部处科室所站队中心府道镇乡村区县市省司团行会联组馆校关署台社园监企业位门构队军场";

/// True for a name that is a person (a leader of the item), not a unit: a surname and one or two
/// more characters that end no unit name, or a name with a leader's title.
pub fn is_person(name: &str) -> bool {
    let k = key(name);
    let n = k.chars().count();
    if n == 0 {
        return false;
    }
    let title = TITLES.iter().any(|t| k.ends_with(t) || k.starts_with(t));
    if title {
        // `主任` alone ends a unit's duty title too (`区委办主任`): a title after a surname,
        // or a title standing alone after a surname-led name.
        let body: String = TITLES.iter().fold(k.clone(), |acc, t| acc.replace(t, ""));
        return body.chars().count() <= 4
            && body.chars().next().is_some_and(|c| SURNAMES.contains(c))
            && !body
                .chars()
                .last()
                .is_some_and(|c| UNIT_ENDINGS.contains(c));
    }
    (2..=3).contains(&n)
        && k.chars().all(crate::text::is_cjk)
        && k.chars().next().is_some_and(|c| SURNAMES.contains(c))
        && !k.chars().last().is_some_and(|c| UNIT_ENDINGS.contains(c))
        && ![
            "电信", "移动", "联通", "铁塔", "电力", "供电", "邮政", "海关", "税务", "气象", "消防",
            "武警", "人行", "团委", "妇联", "工会", "残联", "科协", "侨联", "金融", "文明",
        ]
        .iter()
        .any(|w| k.contains(w))
}

// ---------------------------------------------------------------------------------------------
// The registry.

/// The registry file's shape (see schemas/units.schema.json).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryFile {
    pub name: String,
    /// `"default"` merges this file into the compiled-in default registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Prefixes of the document numbers the jurisdiction's offices issue (`厦湖` of
    /// 厦湖府办函〔2022〕80号), to recognise a notice that names no issuer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_numbers: Vec<String>,
    #[serde(default)]
    pub jurisdictions: Vec<JurisdictionEntry>,
    #[serde(default)]
    pub units: Vec<UnitEntry>,
    #[serde(default)]
    pub groups: Vec<GroupEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JurisdictionEntry {
    pub name: String,
    #[serde(default)]
    pub prefixes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupEntry {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

/// A registry entry: a unit or a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub kind: Kind,
    pub members: Vec<String>,
}

/// The result of looking a name up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'r> {
    Found(&'r Entry),
    /// Not in the registry; `hint` is a listed name one character away, if any.
    Unknown {
        hint: Option<String>,
    },
}

/// Units and groups of one or more jurisdictions, indexed for lookup.
#[derive(Debug, Clone)]
pub struct Registry {
    file: RegistryFile,
    entries: Vec<Entry>,
    /// Every name and alias as written → entry.
    exact: HashMap<String, usize>,
    /// Per jurisdiction: short names and aliases → entry.
    local: Vec<HashMap<String, usize>>,
    /// Prefixes, longest first, with their jurisdiction.
    prefixes: Vec<(String, usize)>,
    /// Every name and alias, and each of them less one character → entries: names one edit
    /// apart share a key here (a symmetric-deletion index), so a hint costs a few lookups, not a
    /// pass over the registry. Built on the first hint.
    near: std::sync::OnceLock<HashMap<String, Vec<(usize, String)>>>,
}

const DEFAULT_TOML: &str = include_str!("../../data/units/huli.toml");

static DEFAULT: LazyLock<Registry> = LazyLock::new(|| {
    // invariant: the default registry is compiled in, and `default_registry_is_valid` checks it
    // against the schema; skipping that check here saves every run the schema's compilation.
    let file: RegistryFile =
        toml::from_str(DEFAULT_TOML).expect("invariant: data/units/huli.toml parses");
    Registry::build(file).expect("invariant: data/units/huli.toml is a valid registry")
});

static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../schemas/units.schema.json"))
            .expect("invariant: schemas/units.schema.json is valid JSON");
    jsonschema::validator_for(&schema)
        .expect("invariant: schemas/units.schema.json is a valid schema")
});

/// A string and each of its forms less one character.
fn deletions(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = vec![s.to_string()];
    for i in 0..chars.len() {
        out.push(chars[..i].iter().chain(&chars[i + 1..]).collect());
    }
    out
}

/// A lookup key: no white space, half-width letters and digits, no bracketed remark.
pub fn key(name: &str) -> String {
    crate::text::simplified(&crate::text::lookup_key(name, Some))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line of the table a JSON path points into: `/units/3/…` is the fourth `[[units]]`,
/// `/name` the line that sets `name`.
fn line_of_path(text: &str, path: &str) -> Option<usize> {
    let mut parts = path.trim_start_matches('/').split('/');
    let table = parts.next().filter(|t| !t.is_empty())?;
    match parts.next().and_then(|i| i.parse::<usize>().ok()) {
        Some(index) => text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == format!("[[{table}]]"))
            .nth(index)
            .map(|(n, _)| n + 1),
        None => text
            .lines()
            .position(|l| l.trim_start().starts_with(table) && l.contains('='))
            .map(|n| n + 1),
    }
}

impl Registry {
    /// The compiled-in registry for 厦门市湖里区.
    pub fn default_registry() -> &'static Registry {
        &DEFAULT
    }

    /// The registries compiled into fenjie; each applies only to a notice of its jurisdiction.
    pub fn bundled() -> [&'static Registry; 1] {
        [&DEFAULT]
    }

    /// The registry for a notice's jurisdiction among the bundled ones: the one whose name is the
    /// places the jurisdiction's name spells (`厦门市湖里区`), or whose document-number prefix
    /// the notice's number carries.
    pub fn for_notice(
        jurisdiction: Option<&crate::jurisdiction::Jurisdiction>,
        doc_number: Option<&str>,
    ) -> Option<&'static Registry> {
        Registry::bundled().into_iter().find(|r| {
            let by_place = jurisdiction.is_some_and(|j| {
                let places: String = j.places.iter().map(|p| p.name.as_str()).collect();
                key(&places) == key(r.name())
            });
            let by_number = doc_number.is_some_and(|n| {
                r.file
                    .doc_numbers
                    .iter()
                    .any(|p| !p.is_empty() && n.starts_with(p.as_str()))
            });
            by_place || by_number
        })
    }

    /// Prefixes of the document numbers of the jurisdiction's offices.
    pub fn doc_numbers(&self) -> &[String] {
        &self.file.doc_numbers
    }

    /// Loads a registry from TOML text; `origin` names it in errors (a file path).
    pub fn from_toml(text: &str, origin: &str) -> Result<Registry, Error> {
        let bad = |message: String| Error::Registry {
            origin: origin.to_string(),
            message,
        };
        // Types and unknown keys first: TOML's own errors carry the line.
        let file: RegistryFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| format!("line {}: ", line_of(text, s.start)))
                .unwrap_or_default();
            bad(format!("{line}{}", e.message()))
        })?;
        // Then the schema's other constraints (empty names …), placed by their table.
        let json = serde_json::to_value(&file).map_err(|e| bad(e.to_string()))?;
        if let Some(error) = SCHEMA.iter_errors(&json).next() {
            let path = error.instance_path().to_string();
            let line = line_of_path(text, &path)
                .map(|l| format!("line {l}: "))
                .unwrap_or_default();
            let place = if path.is_empty() {
                "the top level".to_string()
            } else {
                path
            };
            return Err(bad(format!("{line}{place}: {error}")));
        }
        let file = match file.extends.as_deref() {
            None => file,
            Some("default") => {
                let mut merged = DEFAULT.file.clone();
                merged.name = file.name.clone();
                merged.jurisdictions.extend(file.jurisdictions);
                merged.units.extend(file.units);
                merged.groups.extend(file.groups);
                merged
            }
            Some(other) => {
                return Err(bad(format!(
                    "expected extends = \"default\", but found {other:?}"
                )));
            }
        };
        Registry::build(file).map_err(bad)
    }

    fn build(file: RegistryFile) -> Result<Registry, String> {
        if file.jurisdictions.is_empty() {
            return Err("expected at least one [[jurisdictions]] entry (the first is home)".into());
        }
        let jurisdiction = |name: &Option<String>, what: &str| -> Result<usize, String> {
            match name {
                None => Ok(0),
                Some(n) => file
                    .jurisdictions
                    .iter()
                    .position(|j| &j.name == n)
                    .ok_or_else(|| format!("{what} names jurisdiction {n:?}, which is not listed")),
            }
        };
        let mut entries = Vec::new();
        let mut exact: HashMap<String, usize> = HashMap::new();
        let mut local: Vec<HashMap<String, usize>> = vec![HashMap::new(); file.jurisdictions.len()];
        let mut add = |names: Vec<&String>,
                       j: usize,
                       index: usize,
                       entries: &[Entry]|
         -> Result<(), String> {
            for name in names {
                let k = key(name);
                if k.is_empty() {
                    return Err(format!("{} has an empty alias", entries[index].name));
                }
                if let Some(&other) = exact.get(&k)
                    && other != index
                {
                    return Err(format!(
                        "the name {name:?} is given to both {} and {}",
                        entries[other].name, entries[index].name
                    ));
                }
                exact.insert(k.clone(), index);
                local[j].insert(k, index);
            }
            Ok(())
        };
        for unit in &file.units {
            let j = jurisdiction(&unit.jurisdiction, &format!("unit {}", unit.name))?;
            entries.push(Entry {
                name: unit.name.clone(),
                kind: Kind::Unit,
                members: Vec::new(),
            });
            let index = entries.len() - 1;
            add(
                std::iter::once(&unit.name).chain(&unit.aliases).collect(),
                j,
                index,
                &entries,
            )?;
        }
        let unit_names: std::collections::HashSet<&str> =
            file.units.iter().map(|u| u.name.as_str()).collect();
        for group in &file.groups {
            let j = jurisdiction(&group.jurisdiction, &format!("group {}", group.name))?;
            for member in &group.members {
                if !unit_names.contains(member.as_str()) {
                    return Err(format!(
                        "group {} lists member {member:?}, which is not a unit's name",
                        group.name
                    ));
                }
            }
            entries.push(Entry {
                name: group.name.clone(),
                kind: Kind::Group,
                members: group.members.clone(),
            });
            let index = entries.len() - 1;
            add(
                std::iter::once(&group.name).chain(&group.aliases).collect(),
                j,
                index,
                &entries,
            )?;
        }
        let mut prefixes: Vec<(String, usize)> = file
            .jurisdictions
            .iter()
            .enumerate()
            .flat_map(|(j, jur)| jur.prefixes.iter().map(move |p| (key(p), j)))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        prefixes.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.1.cmp(&b.1))
        });
        Ok(Registry {
            file,
            entries,
            exact,
            local,
            prefixes,
            near: std::sync::OnceLock::new(),
        })
    }

    pub fn name(&self) -> &str {
        &self.file.name
    }

    /// The home jurisdiction's name (the first `[[jurisdictions]]` entry).
    pub fn home(&self) -> &str {
        self.file
            .jurisdictions
            .first()
            .map_or(self.file.name.as_str(), |j| j.name.as_str())
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The registry as TOML, for `fenjie units`.
    pub fn to_toml(&self) -> String {
        let mut file = self.file.clone();
        file.extends = None;
        toml::to_string_pretty(&file).unwrap_or_default()
    }

    /// Looks a unit name up: the name as written, then without a jurisdiction prefix
    /// (`区司法局` → `司法局` in the home jurisdiction). Never a nearest match.
    pub fn lookup(&self, name: &str) -> Lookup<'_> {
        let k = key(name);
        if let Some(&i) = self.exact.get(&k) {
            return Lookup::Found(&self.entries[i]);
        }
        for (prefix, j) in &self.prefixes {
            if let Some(rest) = k.strip_prefix(prefix.as_str())
                && !rest.is_empty()
                && let Some(&i) = self.local[*j].get(rest)
            {
                return Lookup::Found(&self.entries[i]);
            }
        }
        Lookup::Unknown {
            hint: self.hint(&k),
        }
    }

    /// A listed name one edit away, offered in the diagnostic only.
    fn hint(&self, k: &str) -> Option<String> {
        let mut forms = vec![k];
        forms.extend(
            self.prefixes
                .iter()
                .filter_map(|(p, _)| k.strip_prefix(p.as_str())),
        );
        let near = self.near.get_or_init(|| {
            let mut map: HashMap<String, Vec<(usize, String)>> = HashMap::new();
            for (alias, &i) in &self.exact {
                for key in deletions(alias) {
                    map.entry(key).or_default().push((i, alias.clone()));
                }
            }
            map
        });
        let mut best: Option<&str> = None;
        for form in forms.into_iter().filter(|f| f.chars().count() >= 3) {
            for key in deletions(form) {
                for (i, alias) in near.get(&key).into_iter().flatten() {
                    let name = self.entries[*i].name.as_str();
                    let close = strsim::levenshtein(alias, form) == 1;
                    if close && best.is_none_or(|b| name < b) {
                        best = Some(name);
                    }
                }
            }
        }
        best.map(str::to_string)
    }

    /// Resolves mentions into units; with `expand`, groups with members become their members.
    pub fn resolve(&self, mention: &Mention, expand: bool) -> (Vec<Unit>, Option<Option<String>>) {
        match self.lookup(&mention.raw) {
            Lookup::Found(entry)
                if expand && entry.kind == Kind::Group && !entry.members.is_empty() =>
            {
                (
                    entry
                        .members
                        .iter()
                        .map(|m| Unit {
                            raw: mention.raw.clone(),
                            name: m.clone(),
                            kind: Kind::Unit,
                            role: mention.role,
                            known: true,
                            origin: Origin::Registry,
                            group: Some(entry.name.clone()),
                        })
                        .collect(),
                    None,
                )
            }
            Lookup::Found(entry) => (
                vec![Unit {
                    raw: mention.raw.clone(),
                    name: entry.name.clone(),
                    kind: entry.kind,
                    role: mention.role,
                    known: true,
                    origin: Origin::Registry,
                    group: None,
                }],
                None,
            ),
            Lookup::Unknown { hint } => (vec![Unit::as_written(mention)], Some(hint)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str, hint: RoleHint) -> Vec<(String, Role)> {
        mentions(text, hint)
            .into_iter()
            .map(|m| (m.raw, m.role))
            .collect()
    }

    type Case = (&'static str, RoleHint, Vec<(String, Role)>);

    fn m(list: &[(&str, Role)]) -> Vec<(String, Role)> {
        list.iter().map(|(n, r)| (n.to_string(), *r)).collect()
    }

    #[test]
    fn roles_are_read_from_the_cell() {
        use Role::*;
        let cases: Vec<Case> = vec![
            (
                "区政府办牵头、司法局配合",
                RoleHint::InText,
                m(&[("区政府办", Lead), ("司法局", Cooperate)]),
            ),
            (
                "司法局牵头，各街道办、区直各部门配合",
                RoleHint::InText,
                m(&[
                    ("司法局", Lead),
                    ("各街道办", Cooperate),
                    ("区直各部门", Cooperate),
                ]),
            ),
            (
                "工信局、审批局牵头，各街道办、区直各部门配合",
                RoleHint::InText,
                m(&[
                    ("工信局", Lead),
                    ("审批局", Lead),
                    ("各街道办", Cooperate),
                    ("区直各部门", Cooperate),
                ]),
            ),
            ("政府办", RoleHint::InText, m(&[("政府办", Responsible)])),
            (
                "发改局、建设局",
                RoleHint::InText,
                m(&[("发改局", Responsible), ("建设局", Responsible)]),
            ),
            (
                "司法局负责",
                RoleHint::InText,
                m(&[("司法局", Responsible)]),
            ),
            ("由司法局牵头", RoleHint::InText, m(&[("司法局", Lead)])),
            (
                "司法局牵头，各有关单位按职责分工负责",
                RoleHint::InText,
                m(&[("司法局", Lead), ("各有关单位", Responsible)]),
            ),
            (
                "区司法局（牵头）、区财政局",
                RoleHint::InText,
                m(&[("区司法局", Lead), ("区财政局", Responsible)]),
            ),
            (
                "牵头单位：司法局；配合单位：财政局、人社局",
                RoleHint::InText,
                m(&[
                    ("司法局", Lead),
                    ("财政局", Cooperate),
                    ("人社局", Cooperate),
                ]),
            ),
            (
                "司法局、财政局",
                RoleHint::Lead,
                m(&[("司法局", Lead), ("财政局", Lead)]),
            ),
            (
                "各街道办、区直各部门",
                RoleHint::Cooperate,
                m(&[("各街道办", Cooperate), ("区直各部门", Cooperate)]),
            ),
            (
                "工信局、审批局等",
                RoleHint::InText,
                m(&[("工信局", Responsible), ("审批局", Responsible)]),
            ),
            ("人社局协助", RoleHint::InText, m(&[("人社局", Cooperate)])),
            (
                "各街道办及区直各部门",
                RoleHint::InText,
                m(&[("各街道办", Responsible), ("区直各部门", Responsible)]),
            ),
            ("", RoleHint::InText, m(&[])),
        ];
        for (text, hint, want) in cases {
            assert_eq!(parsed(text, hint), want, "{text}");
        }
    }

    #[test]
    fn default_registry_is_valid() {
        // The full check, schema included, that the compiled-in registry skips at run time.
        Registry::from_toml(DEFAULT_TOML, "default").unwrap();
        let r = Registry::default_registry();
        assert!(r.entries().len() > 40);
    }

    #[test]
    fn lookups_match_aliases_and_prefixes_but_never_guess() {
        let r = Registry::default_registry();
        let name = |n: &str| match r.lookup(n) {
            Lookup::Found(e) => Some(e.name.clone()),
            Lookup::Unknown { .. } => None,
        };
        let cases = [
            ("司法局", Some("湖里区司法局")),
            ("区司法局", Some("湖里区司法局")),
            ("湖里区司法局", Some("湖里区司法局")),
            ("区财政局", Some("湖里区财政局")),
            ("政府办", Some("湖里区人民政府办公室")),
            ("区政府办", Some("湖里区人民政府办公室")),
            ("发展改革局", Some("湖里区发展和改革局")),
            ("卫健委", Some("湖里区卫生健康局")),
            ("市场监管局", Some("湖里区市场监督管理局")),
            ("各街道办", Some("各街道办事处")),
            ("区直各部门", Some("区直各部门")),
            ("市司法局", None),
            ("直属分局", None),
            ("区司法所", None),
        ];
        for (n, want) in cases {
            assert_eq!(name(n).as_deref(), want, "{n}");
        }
    }

    #[test]
    fn unknown_units_get_at_most_a_hint() {
        let r = Registry::default_registry();
        assert_eq!(
            r.lookup("区司法所"),
            Lookup::Unknown {
                hint: Some("湖里区司法局".into())
            }
        );
        assert_eq!(r.lookup("直属分局"), Lookup::Unknown { hint: None });
    }

    #[test]
    fn broken_registries_name_the_line() {
        let err =
            Registry::from_toml("name = \"x\"\n[[units]\nname = 1\n", "bad.toml").unwrap_err();
        assert!(err.to_string().contains("bad.toml: line 2"), "{err}");
        let err = Registry::from_toml(
            "name = \"x\"\n[[jurisdictions]]\nname = \"某区\"\n[[groups]]\nname = \"各街道\"\nmembers = [\"甲街道\"]\n",
            "g.toml",
        )
        .unwrap_err();
        assert!(err.to_string().contains("甲街道"), "{err}");
    }
}
