//! Unit names derived from the standard departments of a government
//! (`data/units/template.toml`): `区发改局` in a notice of 北京市朝阳区 is 朝阳区发展和改革局. Used
//! only when the notice's jurisdiction is known; a name the template does not list stays as
//! written.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::units::key;
use crate::jurisdiction::{Jurisdiction, Level, Place};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    departments: Vec<Entry>,
    party: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    aliases: Vec<String>,
}

/// Short and full forms (as lookup keys) → the full name after the place.
#[derive(Debug, Default)]
struct Template {
    departments: HashMap<String, String>,
    party: HashMap<String, String>,
}

const TEMPLATE_TOML: &str = include_str!("../../data/units/template.toml");

static TEMPLATE: LazyLock<Template> = LazyLock::new(|| {
    // A broken template is caught by `the_template_parses`; at run time it would only mean no
    // derivations.
    let Ok(file) = toml::from_str::<File>(TEMPLATE_TOML) else {
        return Template::default();
    };
    let index = |entries: Vec<Entry>| {
        let mut map = HashMap::new();
        for e in entries {
            for alias in e.aliases.iter().chain(std::iter::once(&e.name)) {
                map.insert(key(alias), e.name.clone());
            }
        }
        map
    };
    Template {
        departments: index(file.departments),
        party: index(file.party),
    }
});

/// The place a level word (`区`, `市`, `县`, `省`, `镇`) stands for in this notice.
fn place_for<'j>(jurisdiction: &'j Jurisdiction, word: &str) -> Option<&'j Place> {
    let places = &jurisdiction.places;
    match word {
        "省" => jurisdiction.place(Level::Province),
        "镇" | "乡" | "街道" => jurisdiction.place(Level::Town),
        // 市 is the innermost place called a 市: the city, or a county-level city.
        w => places
            .iter()
            .rev()
            .find(|p| p.name.ends_with(w) && (w != "市" || p.level != Level::Town)),
    }
}

/// The prefixes a unit name may start with in this notice, each with its place: the full names
/// (北京市朝阳区, 朝阳区, 朝阳) and the level words (区, 市 …).
fn prefixes(jurisdiction: &Jurisdiction) -> Vec<(String, &Place)> {
    let mut out: Vec<(String, &Place)> = Vec::new();
    let places = &jurisdiction.places;
    for (i, place) in places.iter().enumerate() {
        let full: String = places[..=i].iter().map(|p| p.name.as_str()).collect();
        out.push((full, place));
        out.push((place.name.clone(), place));
        let short: String = {
            let mut chars: Vec<char> = place.name.chars().collect();
            chars.pop();
            chars.into_iter().collect()
        };
        if short.chars().count() >= 2 {
            out.push((short, place));
        }
    }
    for word in ["省", "市", "区", "县", "旗", "镇", "乡", "街道"] {
        if let Some(place) = place_for(jurisdiction, word) {
            out.push((word.to_string(), place));
        }
    }
    out.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The full name of a unit in the notice's jurisdiction, when the template lists it.
#[must_use]
pub fn derive(name: &str, jurisdiction: &Jurisdiction) -> Option<String> {
    let k = key(name);
    if k.chars().count() < 2 {
        return None;
    }
    let template = &*TEMPLATE;
    for (prefix, place) in prefixes(jurisdiction) {
        let Some(rest) = k.strip_prefix(prefix.as_str()) else {
            continue;
        };
        if let Some(rest) = rest.strip_prefix('委')
            && let Some(full) = template.party.get(rest)
        {
            return Some(format!("{}委{full}", place.name));
        }
        if let Some(full) = template.departments.get(rest) {
            return Some(format!("{}{full}", place.name));
        }
    }
    let home = jurisdiction.home()?;
    template
        .departments
        .get(&k)
        .map(|full| format!("{}{full}", home.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jurisdiction;

    #[test]
    fn the_template_parses() {
        let file: File = toml::from_str(TEMPLATE_TOML).unwrap();
        assert!(file.departments.len() > 50);
    }

    #[test]
    fn names_are_derived_within_the_notices_jurisdiction() {
        let chaoyang = jurisdiction::read(Some("北京市朝阳区人民政府办公室"), None).unwrap();
        let panjin = jurisdiction::read(Some("盘锦市人民政府办公室"), None).unwrap();
        let hunan = jurisdiction::read(Some("湖南省商务厅"), None).unwrap();
        let cases: &[(&Jurisdiction, &str, Option<&str>)] = &[
            (&chaoyang, "区发改局", Some("朝阳区发展和改革局")),
            (&chaoyang, "区发改委", Some("朝阳区发展和改革委员会")),
            (&chaoyang, "发改局", Some("朝阳区发展和改革局")),
            (&chaoyang, "朝阳区司法局", Some("朝阳区司法局")),
            (&chaoyang, "区司法局", Some("朝阳区司法局")),
            (&chaoyang, "區司法局", Some("朝阳区司法局")),
            (&chaoyang, "市发改委", Some("北京市发展和改革委员会")),
            (&chaoyang, "区委宣传部", Some("朝阳区委宣传部")),
            (&chaoyang, "区市场监管局", Some("朝阳区市场监督管理局")),
            (&chaoyang, "区政府办", Some("朝阳区人民政府办公室")),
            (&chaoyang, "省发改委", None),
            (&chaoyang, "区融资担保公司", None),
            (&chaoyang, "派出所", None),
            (&panjin, "市场监管局", Some("盘锦市市场监督管理局")),
            (&panjin, "市人社局", Some("盘锦市人力资源和社会保障局")),
            (&panjin, "区发改局", None),
            (&hunan, "省财政厅", Some("湖南省财政厅")),
        ];
        for (j, name, want) in cases {
            assert_eq!(derive(name, j).as_deref(), *want, "{name} in {}", j.name);
        }
    }
}
