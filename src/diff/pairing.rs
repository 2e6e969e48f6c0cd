//! Notices of two folders paired: by key, then by issuer and title (the year masked).

use std::collections::BTreeMap;

use super::Side;

/// A notice's title with the year masked (`2023年…` → `####年…`), for pairing this year's notice
/// with last year's.
pub fn masked_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 4 && matches!(chars[i], '1' | '2') {
            out.push_str("####");
        } else {
            out.extend(&chars[i..i + run.max(1)]);
        }
        i += run.max(1);
    }
    out
}

/// What two notices of two folders are paired by, in turn.
#[derive(Clone, Copy)]
pub(super) enum PairBy {
    /// The notice key: the same bytes.
    Key,
    /// Issuer and title, the year masked.
    Title,
    /// The file name without its extensions, the year masked.
    FileName,
}

impl PairBy {
    pub(super) fn key(self, s: &Side) -> Option<String> {
        match self {
            PairBy::Key => Some(s.key.clone()),
            PairBy::Title => s.title.as_ref().map(|t| {
                format!(
                    "{}\u{1f}{}",
                    s.issuer.as_deref().unwrap_or(""),
                    masked_title(t)
                )
            }),
            PairBy::FileName => {
                let name = s.path.rsplit(['/', '\\']).next().unwrap_or(&s.path);
                let stem = name.split('.').next().unwrap_or(name);
                Some(masked_title(stem))
            }
        }
    }
}

/// Pairs the notices of two folders: first by notice key (the same bytes), then by issuer and
/// title with the year masked, then by file name with the year masked. Returns the pairs and
/// the notices left over on each side, by index.
pub fn pair_notices(old: &[&Side], new: &[&Side]) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut pairs = Vec::new();
    let mut old_free: Vec<bool> = vec![true; old.len()];
    let mut new_free: Vec<bool> = vec![true; new.len()];
    for by in [PairBy::Key, PairBy::Title, PairBy::FileName] {
        let key = |s: &Side| by.key(s);
        let mut waiting: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (j, s) in new.iter().enumerate() {
            if new_free[j]
                && let Some(k) = key(s)
            {
                waiting.entry(k).or_default().push(j);
            }
        }
        for (i, s) in old.iter().enumerate() {
            if !old_free[i] {
                continue;
            }
            let Some(k) = key(s) else { continue };
            if let Some(js) = waiting.get_mut(&k)
                && !js.is_empty()
            {
                let j = js.remove(0);
                old_free[i] = false;
                new_free[j] = false;
                pairs.push((i, j));
            }
        }
    }
    let left = |free: &[bool]| {
        free.iter()
            .enumerate()
            .filter(|(_, f)| **f)
            .map(|(i, _)| i)
            .collect()
    };
    (pairs, left(&old_free), left(&new_free))
}
