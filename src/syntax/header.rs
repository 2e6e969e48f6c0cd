//! Header words (data/headers.toml): which [`ColumnRole`] a header cell names, in simplified or
//! traditional script, with or without white space and bracketed remarks.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnRole {
    /// 序号: the item number.
    Number,
    /// 类别: the heading (section) the items stand under.
    Section,
    /// 工作任务: the task, or the section heading standing in the task column.
    Task,
    /// 工作要求: what is to be done; one work item per requirement (or per numbered part).
    Requirement,
    /// 责任单位: responsible units, with roles written inside the cell.
    Units,
    /// 牵头单位: the lead units.
    Lead,
    /// 配合单位: the cooperating units.
    Cooperate,
    /// 责任领导: the persons responsible.
    Leaders,
    /// 时限: the deadline.
    Deadline,
    /// 备注: remarks.
    Notes,
    /// A column the vocabulary does not know; its text goes to a record's `extra`, keyed by the
    /// header text.
    Extra(String),
}

impl ColumnRole {
    const NAMED: [ColumnRole; 10] = [
        ColumnRole::Number,
        ColumnRole::Section,
        ColumnRole::Task,
        ColumnRole::Requirement,
        ColumnRole::Units,
        ColumnRole::Lead,
        ColumnRole::Cooperate,
        ColumnRole::Leaders,
        ColumnRole::Deadline,
        ColumnRole::Notes,
    ];

    /// The role's name in data/headers.toml and in `column-role` diagnostics.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            ColumnRole::Number => "number",
            ColumnRole::Section => "section",
            ColumnRole::Task => "task",
            ColumnRole::Requirement => "requirement",
            ColumnRole::Units => "units",
            ColumnRole::Lead => "lead",
            ColumnRole::Cooperate => "cooperate",
            ColumnRole::Leaders => "leaders",
            ColumnRole::Deadline => "deadline",
            ColumnRole::Notes => "notes",
            ColumnRole::Extra(_) => "extra",
        }
    }

    /// The role a name of data/headers.toml stands for.
    #[must_use]
    pub fn from_name(name: &str) -> Option<ColumnRole> {
        ColumnRole::NAMED.into_iter().find(|r| r.name() == name)
    }
}

#[derive(Debug, Deserialize)]
struct VocabularyFile {
    roles: HashMap<String, Vec<String>>,
}

/// The header vocabulary, compiled from `data/headers.toml`.
struct Vocabulary {
    exact: HashMap<String, ColumnRole>,
    /// Words of three or more characters, longest first, for headers that contain one.
    contained: Vec<(String, ColumnRole)>,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    // invariant: the vocabulary is compiled in and checked by the tests of this module.
    let file: VocabularyFile = toml::from_str(include_str!("../../data/headers.toml"))
        .expect("invariant: data/headers.toml is valid");
    let mut exact = HashMap::new();
    let mut contained = Vec::new();
    for (name, words) in &file.roles {
        // invariant: role names are checked by `vocabulary_is_valid`.
        let role = ColumnRole::from_name(name).expect("invariant: known role name");
        for word in words {
            exact.insert(word.clone(), role.clone());
            if word.chars().count() >= 3 {
                contained.push((word.clone(), role.clone()));
            }
        }
    }
    contained.sort_by(|a, b| {
        b.0.chars()
            .count()
            .cmp(&a.0.chars().count())
            .then(a.0.cmp(&b.0))
    });
    Vocabulary { exact, contained }
});

/// Normalises header text for lookup: no white space, half-width letters and digits,
/// simplified characters, no bracketed remarks.
#[must_use]
pub fn normalize_header(text: &str) -> String {
    crate::text::lookup_key(&crate::text::simplified(text), |c| {
        (!matches!(c, '*' | '：' | ':')).then_some(c)
    })
}

/// The role a header cell names, if the vocabulary knows it.
#[must_use]
pub fn role_of(header: &str) -> Option<ColumnRole> {
    let key = normalize_header(header);
    if key.is_empty() {
        return None;
    }
    let vocab = &*VOCABULARY;
    if let Some(role) = vocab.exact.get(&key) {
        return Some(role.clone());
    }
    vocab
        .contained
        .iter()
        .find(|(word, _)| key.contains(word.as_str()))
        .map(|(_, role)| role.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_is_valid() {
        let file: VocabularyFile = toml::from_str(include_str!("../../data/headers.toml")).unwrap();
        for name in file.roles.keys() {
            assert!(ColumnRole::from_name(name).is_some(), "unknown role {name}");
        }
    }

    #[test]
    fn traditional_headers_name_their_roles() {
        assert_eq!(role_of("責任領導"), Some(ColumnRole::Leaders));
        assert_eq!(role_of("重點工作"), role_of("重点工作"));
        assert_eq!(role_of("完成時限"), Some(ColumnRole::Deadline));
    }

    #[test]
    fn role_words_before_a_unit_word_name_the_role() {
        assert_eq!(role_of("牵头责任单位"), Some(ColumnRole::Lead));
        assert_eq!(role_of("主要协作单位"), Some(ColumnRole::Cooperate));
        assert_eq!(role_of("协同配合单位"), Some(ColumnRole::Cooperate));
        assert_eq!(role_of("责任单位"), Some(ColumnRole::Units));
        assert_eq!(role_of("目标与任务"), Some(ColumnRole::Requirement));
        assert_eq!(role_of("民生事项名称"), Some(ColumnRole::Task));
        assert_eq!(role_of("2022年度任务目标"), Some(ColumnRole::Requirement));
    }
}
