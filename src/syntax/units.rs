//! Responsible units (责任单位) as written: a cell's text becomes [`Mention`]s, each a name with
//! the role the text gives it (`A牵头，B、C配合`). Looking names up is `normalize::units`' work.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

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

/// How a unit cell says what role its units play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleHint {
    /// A 责任单位 cell: roles are written inside (`A牵头，B配合`) or not at all.
    InText,
    /// A 牵头单位 column.
    Lead,
    /// A 配合单位 column.
    Cooperate,
    /// A unit list under a notice's convention that the first unit named leads
    /// (`列第一位的为牵头单位`): roles written inside still win.
    FirstLeads,
}

/// A unit as written in a cell, with the role the cell gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub raw: String,
    pub role: Role,
    /// The name stands for several units because of the list it stands in, not by its own
    /// words: `街道办事处` in `各乡镇人民政府、街道办事处` shares the `各` of the name before it.
    pub shares_group: bool,
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
/// The labels before a list of units, as a regular expression's alternatives, by the words of
/// `data/unit-words.toml`: `牵头单位`, `主要协作单位`, `协同配合部门`, `责任科室`.
pub static UNIT_LABELS: LazyLock<String> = LazyLock::new(|| {
    let words = &*UNIT_WORDS;
    let alternatives = |list: &[String]| list.join("|");
    format!(
        "(?:{})+(?:{})|{}",
        alternatives(&words.label_roles),
        alternatives(&words.label_nouns),
        alternatives(&words.labels)
    )
});

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"({})\s*[：:]", *UNIT_LABELS))
        .expect("invariant: the label words are plain words")
});
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:分别|共同)?牵头(?:负责|落实|抓总)?|会同|按职[责能]分工(?:负责|落实)?|按职责(?:负责|落实)|(?:分别|共同|具体)?负责(?:落实)?|配合(?:落实)?|协助|协办|协作|参与|参加|承办",
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
    let words = &*UNIT_WORDS;
    let holds = |list: &[String]| list.iter().any(|w| keyword.contains(w.as_str()));
    if holds(&words.lead_words) {
        Role::Lead
    } else if holds(&words.cooperate_words) {
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
        written.clone_from(&simple);
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
    if labels.is_empty() {
        push_clause(&text, &simple, hint_role(hint), &mut out);
    } else {
        let first = labels[0].get(0).map_or(0, |m| m.start());
        push_names(&text, &simple[..first], hint_role(hint), &mut out);
        for (label, body) in labelled_parts(&labels, simple.len()) {
            push_clause(&text, &simple[body], keyword_role(&simple[label]), &mut out);
        }
    }
    if hint == RoleHint::FirstLeads {
        first_leads(&mut out);
    }
    out
}

/// `列第一位的为牵头单位`: where no role is written, the first unit leads and the others
/// cooperate.
fn first_leads(out: &mut [Mention]) {
    if let Some((first, rest)) = out.split_first_mut()
        && first.role == Role::Responsible
        && rest.iter().all(|m| m.role == Role::Responsible)
    {
        first.role = Role::Lead;
        for m in rest {
            m.role = Role::Cooperate;
        }
    }
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
    // A word glued to the last role word that names no unit (`牵头卖力`, `牵头尽力`, as a
    // reworded copy writes 牵头负责) says how, not who; it stays in `responsible.raw`.
    let rest = clause[last..].trim();
    let glued = last > 0
        && !rest.is_empty()
        && rest == clause[last..].trim_end()
        && rest.chars().count() <= GLUED_WORD_CHARS
        && rest.chars().all(crate::text::is_cjk)
        && !ends_as_unit(rest, Place::UnitText)
        && !is_group(rest)
        && !is_person(rest);
    if !glued {
        push_names(text, &clause[last..], default, out);
    }
}

/// True when `text` opens with a group's name (`各地级以上市人民政府`, `各乡镇（街道）`).
fn starts_with_group(text: &str) -> bool {
    GROUP.find(text).is_some_and(|m| m.start() == 0) || is_group(text)
}

/// The most characters of a word glued to a role word that is no unit (`牵头卖力`).
const GLUED_WORD_CHARS: usize = 3;

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
    // `和` before a group joins two names (`省有关部门和各地级以上市人民政府`, `省水利厅和各乡镇`);
    // inside a name (`发展和改革委员会`) no group follows it.
    let pieces: Vec<&str> = pieces
        .into_iter()
        .flat_map(|piece| {
            let mut out = Vec::new();
            let mut from = 0;
            for (at, _) in piece.match_indices("和各") {
                let right = &piece[at + '和'.len_utf8()..];
                if at > from
                    && !text.is_protected(
                        base + (piece.as_ptr() as usize - part.as_ptr() as usize) + at,
                    )
                    && starts_with_group(right)
                {
                    out.push(&piece[from..at]);
                    from = at + '和'.len_utf8();
                }
            }
            out.push(&piece[from..]);
            out
        })
        .collect();
    // `各` before the first of several kinds of unit (`各乡镇人民政府、街道办事处`) reads over
    // each kind named bare after it.
    let mut after_each = false;
    for piece in pieces {
        for name in spaced_names(piece) {
            let name = tidy(name);
            // Punctuation alone is not a unit; the cell's text stays in `responsible.raw`.
            if name.chars().any(char::is_alphanumeric) && !key(name).is_empty() {
                let raw = text.written(name);
                if !raw.is_empty() {
                    let shares_group = after_each && is_bare_kind(raw);
                    after_each = shares_group || key(raw).starts_with('各');
                    out.push(Mention {
                        raw: raw.to_string(),
                        role,
                        shares_group,
                    });
                }
            }
        }
    }
}

/// True for a name that says a kind of unit and no one unit of it (`街道办事处`, `社区`,
/// `管委会`), by the words of `data/unit-words.toml`.
#[must_use]
pub fn is_bare_kind(name: &str) -> bool {
    let k = key(name);
    UNIT_WORDS.bare_kinds.contains(&k)
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
    if let Some(m) = OTHERS.find(s)
        && s[..m.start()].chars().count() >= 2
    {
        s = &s[..m.start()];
    }
    s
}

/// `等` and the others it stands for after the last unit of a list: `A等`, `A等单位`,
/// `A等有关部门`, `A等省有关部门`, `A等市直相关单位`.
static OTHERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"等(?:[省市区县镇乡旗州盟]直?|其他|其它)?(?:有关|相关)?(?:部门|单位|成员单位)?$")
        .expect("invariant: literal regex")
});

/// True for a name that stands for several units by pattern: `各街道办事处`, `各有关单位`,
/// `区直各部门`, `市直有关单位`, `各县（市、区）人民政府`, `全市各级各部门`, `相关乡镇办`, by the
/// words of `data/unit-words.toml`.
#[must_use]
pub fn is_group(name: &str) -> bool {
    let k = key(name);
    let words = &*UNIT_WORDS;
    words
        .group_openings
        .iter()
        .any(|w| k.starts_with(w.as_str()))
        || words.group_words.iter().any(|w| k.contains(w.as_str()))
}

/// Where a name stands, for [`ends_as_unit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Anywhere a unit may stand: a table's cell, a line of its own.
    Anywhere,
    /// Text the notice gives to units: a bracket or line after an item.
    UnitText,
}

#[derive(Debug, Deserialize)]
struct UnitWords {
    endings: Vec<String>,
    endings_in_unit_text: Vec<String>,
    group_openings: Vec<String>,
    group_words: Vec<String>,
    bare_kinds: Vec<String>,
    label_roles: Vec<String>,
    label_nouns: Vec<String>,
    labels: Vec<String>,
    lead_words: Vec<String>,
    cooperate_words: Vec<String>,
}

static UNIT_WORDS: LazyLock<UnitWords> = LazyLock::new(|| {
    // invariant: the word list is compiled in and checked by the tests of this module.
    toml::from_str(include_str!("../../data/unit-words.toml"))
        .expect("invariant: data/unit-words.toml is valid")
});

/// True for a name that ends as unit names do (`区发改局`, `人民银行某某中心支行`, in either
/// script), by the words of `data/unit-words.toml`.
#[must_use]
pub fn ends_as_unit(name: &str, place: Place) -> bool {
    let k = key(name);
    let words = &*UNIT_WORDS;
    let ends = |list: &[String]| list.iter().any(|e| k.ends_with(e.as_str()));
    ends(&words.endings) || place == Place::UnitText && ends(&words.endings_in_unit_text)
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

/// A lookup key: no white space, half-width letters and digits, no bracketed remark.
pub fn key(name: &str) -> String {
    crate::text::simplified(&crate::text::lookup_key(name, Some))
}

/// The parts of a text its labels (`牵头单位：`, `完成时限：`) open: each label's words (the
/// label pattern's first group) and the body after it, up to the next label, as byte ranges.
/// `labels` are the label pattern's matches in the text, in order.
pub fn labelled_parts(
    labels: &[regex::Captures<'_>],
    len: usize,
) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    labels
        .iter()
        .enumerate()
        .filter_map(|(i, caps)| {
            let (whole, label) = (caps.get(0)?, caps.get(1)?);
            let end = labels
                .get(i + 1)
                .and_then(|c| c.get(0))
                .map_or(len, |m| m.start());
            Some((label.range(), whole.end()..end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a text mentions, as written.
    fn names(text: &str) -> Vec<String> {
        mentions(text, RoleHint::InText)
            .into_iter()
            .map(|m| m.raw)
            .collect()
    }

    #[test]
    fn every_unit_ending_is_read_and_written_once() {
        let words = &*UNIT_WORDS;
        let mut seen = std::collections::HashSet::new();
        for word in words.endings.iter().chain(&words.endings_in_unit_text) {
            assert!(seen.insert(word.as_str()), "{word} is written twice");
            assert!(
                ends_as_unit(&format!("某某{word}"), Place::UnitText),
                "{word}"
            );
        }
        for word in &words.endings {
            assert!(
                ends_as_unit(&format!("某某{word}"), Place::Anywhere),
                "{word}"
            );
        }
        for word in &words.endings_in_unit_text {
            assert!(
                !ends_as_unit(&format!("某某{word}"), Place::Anywhere),
                "{word}"
            );
        }
    }

    #[test]
    fn each_reads_over_the_bare_kinds_after_it() {
        let shared = |cell: &str| -> Vec<(String, bool)> {
            mentions(cell, RoleHint::InText)
                .into_iter()
                .map(|m| (m.raw, m.shares_group))
                .collect()
        };
        let pairs = |list: &[(&str, bool)]| -> Vec<(String, bool)> {
            list.iter().map(|(n, g)| ((*n).to_string(), *g)).collect()
        };
        assert_eq!(
            shared("各乡镇人民政府、街道办事处"),
            pairs(&[("各乡镇人民政府", false), ("街道办事处", true)])
        );
        assert_eq!(
            shared("县民政局牵头，各镇、社区、县财政局配合"),
            pairs(&[
                ("县民政局", false),
                ("各镇", false),
                ("社区", true),
                ("县财政局", false)
            ])
        );
        // Without `各` before it a bare kind is one unit as written.
        assert_eq!(
            shared("区财政局、街道办事处"),
            pairs(&[("区财政局", false), ("街道办事处", false)])
        );
        // A named unit between ends the reading.
        assert_eq!(
            shared("各街道，区住建局、社区"),
            pairs(&[("各街道", false), ("区住建局", false), ("社区", false)])
        );
    }

    #[test]
    fn names_that_stand_for_several_units_are_groups() {
        for name in [
            "各街道办事处",
            "区直有关部门",
            "市直各单位",
            "全县各级各部门",
            "相关乡镇办",
            "有关县（市、区）",
            "涉及乡镇（街道）",
            "沿线各镇",
            "领导小组成员单位",
        ] {
            assert!(is_group(name), "{name}");
        }
        for name in [
            "全椒县发改委",
            "全州县财政局",
            "区发改局",
            "市相关产业促进中心",
        ] {
            assert!(!is_group(name), "{name}");
        }
    }

    #[test]
    fn the_others_after_the_last_unit_are_no_name_of_their_own() {
        assert_eq!(
            names("省交通运输厅、能源局等省有关部门"),
            ["省交通运输厅", "能源局"]
        );
        assert_eq!(names("市发改委等市直相关单位"), ["市发改委"]);
        assert_eq!(names("县财政局等有关部门"), ["县财政局"]);
        assert_eq!(names("区教育局等"), ["区教育局"]);
        // A group stays whole: it is no unit followed by others.
        assert_eq!(names("各有关部门"), ["各有关部门"]);
    }

    #[test]
    fn a_label_of_role_words_gives_its_role() {
        let roles = |text: &str| -> Vec<(String, Role)> {
            mentions(text, RoleHint::InText)
                .into_iter()
                .map(|m| (m.raw, m.role))
                .collect()
        };
        assert_eq!(
            roles("牵头责任单位：县卫健委；主要协作单位：县财政局"),
            [
                ("县卫健委".to_string(), Role::Lead),
                ("县财政局".to_string(), Role::Cooperate)
            ]
        );
        assert_eq!(
            roles("主要责任单位：区教育局；协同配合单位：各街道办事处"),
            [
                ("区教育局".to_string(), Role::Lead),
                ("各街道办事处".to_string(), Role::Cooperate)
            ]
        );
        assert_eq!(
            roles("责任科室：办公室"),
            [("办公室".to_string(), Role::Responsible)]
        );
    }

    #[test]
    fn a_word_glued_to_a_role_word_that_names_no_unit_is_no_unit() {
        assert_eq!(names("县发改委牵头卖力"), ["县发改委"]);
        assert_eq!(names("县水利局牵头推进"), ["县水利局"]);
        // A unit, a group or a list after the role word stays a unit.
        assert_eq!(names("县发改委牵头县财政局"), ["县发改委", "县财政局"]);
        assert_eq!(names("县农业农村局牵头各乡镇"), ["县农业农村局", "各乡镇"]);
        assert_eq!(names("县教育局牵头，学校"), ["县教育局", "学校"]);
    }

    #[test]
    fn and_before_a_group_joins_two_names() {
        assert_eq!(
            names("省水利厅和各地级以上市人民政府负责"),
            ["省水利厅", "各地级以上市人民政府"]
        );
        // Inside a name, no group follows 和.
        assert_eq!(
            names("县发展和改革局、县人力资源和社会保障局"),
            ["县发展和改革局", "县人力资源和社会保障局"]
        );
    }

    #[test]
    fn unit_names_end_so_in_either_script() {
        assert!(ends_as_unit("人民銀行濰坊市中心支行", Place::Anywhere));
        assert!(ends_as_unit("市金融辦（牽頭）", Place::Anywhere));
        assert!(!ends_as_unit("加强预期引导", Place::UnitText));
        assert!(!ends_as_unit("推动政策出台", Place::Anywhere));
    }
}
