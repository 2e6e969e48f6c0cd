//! The jurisdiction a notice belongs to, read from the notice itself: its issuer
//! (`北京市朝阳区人民政府办公室`), the issuer named at the head of its title
//! (`湖里区人民政府办公室关于印发……的通知`), or a signature line; failing those, the office a
//! web page names as its publisher (`来源：某区教育局`). Unit names such as `区司法局`
//! are resolved within it, and a bundled unit registry applies only to a notice of its own
//! jurisdiction.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::text::simplified;

/// The level of government a jurisdiction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// 省, 自治区, 直辖市 as a province.
    Province,
    /// 市 (prefecture level), 自治州, 地区, 盟.
    City,
    /// 区, 县, 旗, county-level 市.
    CountyOrDistrict,
    /// 镇, 乡, 街道.
    Town,
    /// A department of a government (省商务厅, 市教育局) issuing in its own name.
    Department,
}

/// One place in the chain a jurisdiction's full name spells: 北京市 (city) › 朝阳区 (district).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The place's name as written (`朝阳区`).
    pub name: String,
    /// Its level of government.
    pub level: Level,
}

/// Where the jurisdiction was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The issuing office (发文机关) or the signature above the date.
    Issuer,
    /// The issuer at the head of the title (`X关于印发……`).
    Title,
    /// The document number's prefix, declared by a unit registry (厦湖府办函 → 厦门市湖里区).
    DocNumber,
    /// The office a web page says published the notice (`来源：某区教育局`, `发布机构：…`), when
    /// the notice names no place itself: the place it belongs to.
    Page,
    /// Given for a notice that names none (`--jurisdiction 厦门市湖里区`).
    Option,
}

/// The notice's jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Jurisdiction {
    /// The full name as the notice writes it (`北京市朝阳区`), or, for a department, the
    /// department's name (`湖南省商务厅`).
    pub name: String,
    /// The level of government (or `department`).
    pub level: Level,
    /// Where the jurisdiction was read.
    pub source: Source,
    /// The places the name spells, outermost first; for a department, those it belongs to.
    pub places: Vec<Place>,
}

impl Jurisdiction {
    /// The innermost place: the government whose units the notice names without prefix.
    #[must_use]
    pub fn home(&self) -> Option<&Place> {
        self.places.last()
    }

    /// The place of a given level in the chain (`市` in a 北京市朝阳区 notice is 北京市).
    #[must_use]
    pub fn place(&self, level: Level) -> Option<&Place> {
        self.places.iter().rev().find(|p| p.level == level)
    }
}

static PLACES: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: literal pattern. Lazy groups take the shortest name ending in each level's
    // word, outermost first: 北京市|朝阳区, 湖南省|长沙市|岳麓区, 厦门市|湖里区|禾山街道. A
    // city's name holds no 区 or 县: 相山区城市管理局 is 相山区's, not a city 相山区城市's.
    Regex::new(
        r"^(\p{Han}{2,7}?(?:省|自治区))?([\p{Han}&&[^区县]]{2,8}?(?:市|自治州|地区|盟))?(\p{Han}{1,8}?(?:区|县|旗|市))?(\p{Han}{1,8}?(?:镇|乡|街道))?",
    )
    .expect("invariant: literal regex")
});

/// What a government's own offices are called after its place name.
const GOVERNMENT: &[&str] = &[
    "人民政府办公室",
    "人民政府办公厅",
    "人民政府",
    "政府办公室",
    "政府办公厅",
    "政府办",
    "政府",
    "委员会办公室",
    "党委办公室",
    "党工委",
    "管委会",
    "办事处",
    "党委",
    "委员会",
];

/// Words that never stand in a place name: the text is a sentence, not an office.
const NOT_A_PLACE: &[&str] = &[
    "关于",
    "印发",
    "通知",
    "人民",
    "政府",
    "全面",
    "贯彻",
    "进一步",
];

/// Reads the places an office's name starts with and what the rest is: `Some(level)` of the
/// office (a government of the innermost place, or a department), None when the name starts
/// with no place.
pub fn parse_office(office: &str) -> Option<(Vec<Place>, Level)> {
    let office = simplified(party_stripped(office));
    let caps = PLACES.captures(&office)?;
    let levels = [
        Level::Province,
        Level::City,
        Level::CountyOrDistrict,
        Level::Town,
    ];
    let mut places = Vec::new();
    let mut end = 0;
    for (i, level) in levels.into_iter().enumerate() {
        if let Some(m) = caps.get(i + 1) {
            if NOT_A_PLACE.iter().any(|w| m.as_str().contains(w)) {
                return None;
            }
            places.push(Place {
                name: m.as_str().to_string(),
                level,
            });
            end = m.end();
        }
    }
    let innermost = places.last()?.level;
    let rest = &office[end..];
    if rest.is_empty() || GOVERNMENT.iter().any(|g| rest.starts_with(g)) {
        return Some((places, innermost));
    }
    // A department: 商务厅, 教育局, 发展和改革委员会 …
    let department = rest.chars().count() <= 20
        && [
            "局",
            "厅",
            "委",
            "委员会",
            "办",
            "办公室",
            "中心",
            "部",
            "院",
            "署",
        ]
        .iter()
        .any(|e| rest.ends_with(e));
    department.then_some((places, Level::Department))
}

/// The jurisdiction of a notice, from its issuer, else the issuer named at the head of its title.
#[must_use]
pub fn read(issuer: Option<&str>, title: Option<&str>) -> Option<Jurisdiction> {
    let from = |office: &str, source: Source| {
        let (places, level) = parse_office(office)?;
        let name = match level {
            Level::Department => office.trim().to_string(),
            _ => places.iter().map(|p| p.name.as_str()).collect(),
        };
        Some(Jurisdiction {
            name,
            level,
            source,
            places,
        })
    };
    if let Some(j) = issuer.and_then(|i| from(i, Source::Issuer)) {
        return Some(j);
    }
    let title = title?;
    // 某县人民政府关于…, or a table's own title: 某县2022年…表.
    let end = title
        .find("关于")
        .or_else(|| title.find(|c: char| c.is_ascii_digit()))?;
    let head = &title[..end];
    // 中共X委办公室 X人民政府办公室关于…: the government's part names the place as well.
    let head = head
        .rsplit([' ', '\u{3000}', '、'])
        .find(|p| !p.is_empty())
        .unwrap_or(head);
    let head = head.trim_start_matches("中共");
    from(head, Source::Title)
}

/// The government's office of a joint party and government issuer (`中共某县委办公室
/// 某县人民政府办公室` → `某县人民政府办公室`), or a party office without its `中共`: the place is
/// the county, never `中共某县`.
fn party_stripped(office: &str) -> &str {
    let office = office.trim();
    let Some(rest) = office.strip_prefix("中共") else {
        return office;
    };
    let simple = simplified(rest);
    // Offsets of `simple` hold in `rest` when the conversion kept every length.
    let government = simple
        .find("办公室")
        .map(|i| i + "办公室".len())
        .filter(|&i| simple.len() == rest.len() && simple[i..].contains("人民政府"));
    match government {
        Some(i) => rest[i..].trim_start_matches([' ', '\u{3000}', '、']),
        None => rest,
    }
}

/// A jurisdiction given by name (`厦门市湖里区`, `厦门市湖里区司法局`) for a notice that names none;
/// None when the name is no place or office.
#[must_use]
pub fn named(name: &str) -> Option<Jurisdiction> {
    let name = name.trim();
    // A bare place reads as its government's office.
    let (places, level) =
        parse_office(name).or_else(|| parse_office(&format!("{name}人民政府")))?;
    Some(Jurisdiction {
        name: match level {
            Level::Department => name.to_string(),
            _ => places.iter().map(|p| p.name.as_str()).collect(),
        },
        level,
        source: Source::Option,
        places,
    })
}

/// The place of the office a page names as the notice's publisher (`某区教育局` → 某区); None
/// when the name starts with no place or is no office.
#[must_use]
pub fn from_page(office: &str) -> Option<Jurisdiction> {
    let (places, _) = parse_office(office)?;
    Some(Jurisdiction {
        name: places.iter().map(|p| p.name.as_str()).collect(),
        level: places.last()?.level,
        source: Source::Page,
        places,
    })
}

/// The jurisdiction a registry declares, for a notice recognised by its document number.
#[must_use]
pub fn from_doc_number(registry_name: &str) -> Option<Jurisdiction> {
    let (places, level) = parse_office(registry_name)?;
    Some(Jurisdiction {
        name: registry_name.to_string(),
        level,
        source: Source::DocNumber,
        places,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offices_name_their_places() {
        let cases: &[(&str, &[&str], Option<Level>)] = &[
            (
                "厦门市湖里区人民政府办公室",
                &["厦门市", "湖里区"],
                Some(Level::CountyOrDistrict),
            ),
            (
                "北京市朝阳区人民政府",
                &["北京市", "朝阳区"],
                Some(Level::CountyOrDistrict),
            ),
            ("盘锦市人民政府办公室", &["盘锦市"], Some(Level::City)),
            ("湖南省商务厅", &["湖南省"], Some(Level::Department)),
            ("浙江省人民政府办公厅", &["浙江省"], Some(Level::Province)),
            ("立山区人民政府", &["立山区"], Some(Level::CountyOrDistrict)),
            (
                "鞍山市立山区深沟寺街道办事处",
                &["鞍山市", "立山区", "深沟寺街道"],
                Some(Level::Town),
            ),
            ("盤錦市人民政府辦公室", &["盘锦市"], Some(Level::City)),
            ("区人民政府办公室", &[], None),
            (
                "中共永和縣委辦公室永和縣人民政府辦公室",
                &["永和县"],
                Some(Level::CountyOrDistrict),
            ),
            ("中共某某县委办公室", &["某某县"], Some(Level::Department)),
            ("关于印发方案的通知", &[], None),
            ("某某区城市管理局", &["某某区"], Some(Level::Department)),
        ];
        for (office, places, level) in cases {
            let got = parse_office(office);
            let names: Vec<String> = got
                .as_ref()
                .map(|(p, _)| p.iter().map(|p| p.name.clone()).collect())
                .unwrap_or_default();
            assert_eq!(&names, places, "{office}");
            assert_eq!(got.map(|(_, l)| l), *level, "{office}");
        }
    }

    #[test]
    fn the_title_names_the_issuer_when_no_signature_does() {
        let j = read(
            None,
            Some("北京市朝阳区人民政府办公室关于印发2023年重点工作任务分工方案的通知"),
        )
        .unwrap();
        assert_eq!(j.name, "北京市朝阳区");
        assert_eq!(j.source, Source::Title);
        assert_eq!(j.home().unwrap().name, "朝阳区");
        assert_eq!(j.place(Level::City).unwrap().name, "北京市");
        assert!(read(None, Some("关于印发2023年重点工作任务分工方案的通知")).is_none());
    }
}
