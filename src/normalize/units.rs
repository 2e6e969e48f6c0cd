//! Responsible units (责任单位): a cell is parsed into mentions with roles (`A牵头，B、C配合`),
//! then each mention is looked up in a [`Registry`] loaded from TOML data. Nothing is guessed:
//! an unknown unit stays as written, `known: false`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::grid::Location;
pub use crate::report::{Origin, Unit, UnitKind};
pub use crate::syntax::units::{
    Mention, Role, RoleHint, UNIT_LABELS, is_group, is_person, key, mentions,
};

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
    pub kind: UnitKind,
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

/// What a mention resolves to in a registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Listed: the unit, or a group's members.
    Known(Vec<Unit>),
    /// Not listed: the unit as written, and a listed name one character away, if any.
    Unknown {
        /// The mention as written.
        unit: Unit,
        /// A listed name one character away.
        hint: Option<String>,
    },
}

impl Resolution {
    /// The units, known or as written.
    #[must_use]
    pub fn units(self) -> Vec<Unit> {
        match self {
            Resolution::Known(units) => units,
            Resolution::Unknown { unit, .. } => vec![unit],
        }
    }
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
    #[must_use]
    pub fn default_registry() -> &'static Registry {
        &DEFAULT
    }

    /// The registries compiled into fenjie; each applies only to a notice of its jurisdiction.
    #[must_use]
    pub fn bundled() -> [&'static Registry; 1] {
        [&DEFAULT]
    }

    /// The registry for a notice's jurisdiction among the bundled ones: the one whose name is the
    /// places the jurisdiction's name spells (`厦门市湖里区`), or whose document-number prefix
    /// the notice's number carries.
    #[must_use]
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
        let bad = |line: Option<usize>, message: String| {
            Error::from(ErrorKind::Registry(message))
                .in_part(origin)
                .at(line.map(|line| Location::Line {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: None,
                }))
        };
        // Types and unknown keys first: TOML's own errors carry the line.
        let file: RegistryFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            bad(line, e.message().to_string())
        })?;
        // Then the schema's other constraints (empty names …), placed by their table.
        let json = serde_json::to_value(&file).map_err(|e| bad(None, e.to_string()))?;
        if let Some(error) = SCHEMA.iter_errors(&json).next() {
            let path = error.instance_path().to_string();
            let line = line_of_path(text, &path);
            let place = if path.is_empty() {
                "the top level".to_string()
            } else {
                path
            };
            return Err(bad(line, format!("{place}: {error}")));
        }
        let file = match file.extends.as_deref() {
            None => file,
            Some("default") => {
                let mut merged = DEFAULT.file.clone();
                merged.name.clone_from(&file.name);
                merged.jurisdictions.extend(file.jurisdictions);
                merged.units.extend(file.units);
                merged.groups.extend(file.groups);
                merged
            }
            Some(other) => {
                return Err(bad(
                    None,
                    format!("expected extends = \"default\", but found {other:?}"),
                ));
            }
        };
        Registry::build(file).map_err(|message| bad(None, message))
    }

    fn build(file: RegistryFile) -> Result<Registry, String> {
        if file.jurisdictions.is_empty() {
            return Err("expected at least one [[jurisdictions]] entry (the first is home)".into());
        }
        let mut index = Index {
            entries: Vec::new(),
            exact: HashMap::new(),
            local: vec![HashMap::new(); file.jurisdictions.len()],
        };
        for unit in &file.units {
            let j = jurisdiction_of(&file, unit.jurisdiction.as_ref(), "unit", &unit.name)?;
            let entry = Entry {
                name: unit.name.clone(),
                kind: UnitKind::Unit,
                members: Vec::new(),
            };
            index.add(entry, std::iter::once(&unit.name).chain(&unit.aliases), j)?;
        }
        let unit_names: std::collections::HashSet<&str> =
            file.units.iter().map(|u| u.name.as_str()).collect();
        for group in &file.groups {
            let j = jurisdiction_of(&file, group.jurisdiction.as_ref(), "group", &group.name)?;
            if let Some(member) = group
                .members
                .iter()
                .find(|m| !unit_names.contains(m.as_str()))
            {
                return Err(format!(
                    "group {} lists member {member:?}, which is not a unit's name",
                    group.name
                ));
            }
            let entry = Entry {
                name: group.name.clone(),
                kind: UnitKind::Group,
                members: group.members.clone(),
            };
            index.add(entry, std::iter::once(&group.name).chain(&group.aliases), j)?;
        }
        let prefixes = prefixes(&file);
        Ok(Registry {
            file,
            entries: index.entries,
            exact: index.exact,
            local: index.local,
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

    /// Resolves a mention into units; with `expand`, a group with members becomes its members.
    pub fn resolve(&self, mention: &Mention, expand: bool) -> Resolution {
        match self.lookup(&mention.raw) {
            Lookup::Found(entry)
                if expand && entry.kind == UnitKind::Group && !entry.members.is_empty() =>
            {
                Resolution::Known(
                    entry
                        .members
                        .iter()
                        .map(|m| Unit {
                            raw: mention.raw.clone(),
                            name: m.clone(),
                            kind: UnitKind::Unit,
                            role: mention.role,
                            known: true,
                            origin: Origin::Registry,
                            group: Some(entry.name.clone()),
                        })
                        .collect(),
                )
            }
            Lookup::Found(entry) => Resolution::Known(vec![Unit {
                raw: mention.raw.clone(),
                name: entry.name.clone(),
                kind: entry.kind,
                role: mention.role,
                known: true,
                origin: Origin::Registry,
                group: None,
            }]),
            Lookup::Unknown { hint } => Resolution::Unknown {
                unit: Unit::as_written(mention),
                hint,
            },
        }
    }
}

/// The registry's entries as they are added, with their names as lookup keys: all of them, and
/// per jurisdiction.
struct Index {
    entries: Vec<Entry>,
    exact: HashMap<String, usize>,
    local: Vec<HashMap<String, usize>>,
}

impl Index {
    /// Adds an entry under its names; a name given to two entries is an error.
    fn add<'n>(
        &mut self,
        entry: Entry,
        names: impl Iterator<Item = &'n String>,
        jurisdiction: usize,
    ) -> Result<(), String> {
        let index = self.entries.len();
        self.entries.push(entry);
        for name in names {
            let k = key(name);
            if k.is_empty() {
                return Err(format!("{} has an empty alias", self.entries[index].name));
            }
            if let Some(&other) = self.exact.get(&k)
                && other != index
            {
                return Err(format!(
                    "the name {name:?} is given to both {} and {}",
                    self.entries[other].name, self.entries[index].name
                ));
            }
            self.exact.insert(k.clone(), index);
            self.local[jurisdiction].insert(k, index);
        }
        Ok(())
    }
}

/// The index of the jurisdiction an entry names (the first, home, when it names none).
fn jurisdiction_of(
    file: &RegistryFile,
    name: Option<&String>,
    what: &str,
    entry: &str,
) -> Result<usize, String> {
    match name {
        None => Ok(0),
        Some(n) => file
            .jurisdictions
            .iter()
            .position(|j| &j.name == n)
            .ok_or_else(|| format!("{what} {entry} names jurisdiction {n:?}, which is not listed")),
    }
}

/// Document-number prefixes with their jurisdiction, longest first.
fn prefixes(file: &RegistryFile) -> Vec<(String, usize)> {
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
    prefixes
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
        assert!(err.to_string().starts_with("bad.toml, line 2: "), "{err}");
        let err = Registry::from_toml(
            "name = \"x\"\n[[jurisdictions]]\nname = \"某区\"\n[[groups]]\nname = \"各街道\"\nmembers = [\"甲街道\"]\n",
            "g.toml",
        )
        .unwrap_err();
        assert!(err.to_string().contains("甲街道"), "{err}");
    }
}
