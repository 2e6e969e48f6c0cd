//! Matching the items of two notices one to one: takes both notices' items and returns the
//! pairs, each with its similarity.
//!
//! 1. Items whose compared fields are all equal are paired first, in document order: an item
//!    copied unchanged is the same item wherever it moved.
//! 2. The rest are compared by the character bigrams of their task and requirement (Dice's
//!    coefficient on the sets of bigrams). Candidate pairs come from an index of bigrams with
//!    prefix filtering: bigrams ordered rarest first, two sets whose similarity reaches the
//!    threshold share a bigram among the first few of each, so only those are indexed and
//!    probed, and no pair above the threshold is missed.
//! 3. A candidate's similarity adds section, units and deadline to the text's. The candidates
//!    fall into groups that share no item; each group is assigned optimally (Kuhn–Munkres, the
//!    largest total similarity above the threshold), so a pair is never taken only because it
//!    came first.

use std::collections::{HashMap, HashSet, VecDeque};

use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;

use super::{Facets, Item};

/// Text similarity below which two items are not the same item changed, but one removed and
/// another added.
pub const THRESHOLD: f64 = 0.5;

/// Weights of the parts of a pair's similarity; they sum to 1.
const TEXT: f64 = 0.7;
const SECTION: f64 = 0.1;
const UNITS: f64 = 0.1;
const DEADLINE: f64 = 0.05;
const LEADERS: f64 = 0.05;

/// A group of candidates larger than this on both sides is assigned best pair first instead
/// of optimally: Kuhn–Munkres costs the cube of the group's size. Real notices' groups are a
/// handful of items; only many near-identical items form larger ones.
const OPTIMAL_UP_TO: usize = 600;

/// Two items paired, by index into each notice's items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Index of the old item.
    pub old: usize,
    /// Index of the new item.
    pub new: usize,
    /// 0 to 1.
    pub similarity: f64,
}

/// The pairs of two notices' items.
pub(crate) fn pairs(
    old: &[Item],
    new: &[Item],
    old_facets: &[Facets],
    new_facets: &[Facets],
) -> Vec<Pair> {
    let mut out = identical(old_facets, new_facets);
    let mut old_free = vec![true; old.len()];
    let mut new_free = vec![true; new.len()];
    for p in &out {
        old_free[p.old] = false;
        new_free[p.new] = false;
    }
    let free = |flags: &[bool]| -> Vec<usize> {
        flags
            .iter()
            .enumerate()
            .filter(|(_, f)| **f)
            .map(|(i, _)| i)
            .collect()
    };
    let (old_left, new_left) = (free(&old_free), free(&new_free));
    let mut grams = Grams::default();
    let old_sets: Vec<Vec<u32>> = old_left.iter().map(|&i| grams.of(&old[i].text())).collect();
    let new_sets: Vec<Vec<u32>> = new_left.iter().map(|&j| grams.of(&new[j].text())).collect();
    let candidates: Vec<Pair> = candidates(&old_sets, &new_sets, grams.count())
        .into_iter()
        .map(|(a, b, text)| {
            let (i, j) = (old_left[a], new_left[b]);
            Pair {
                old: i,
                new: j,
                similarity: score(text, &old_facets[i], &new_facets[j]),
            }
        })
        .collect();
    for group in groups(&candidates) {
        out.extend(assign(&group));
    }
    out.sort_by_key(|p| p.new);
    out
}

/// Items with equal facets, paired in document order.
fn identical(old: &[Facets], new: &[Facets]) -> Vec<Pair> {
    let mut waiting: HashMap<&Facets, VecDeque<usize>> = HashMap::new();
    for (j, f) in new.iter().enumerate() {
        waiting.entry(f).or_default().push_back(j);
    }
    old.iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let j = waiting.get_mut(f)?.pop_front()?;
            Some(Pair {
                old: i,
                new: j,
                similarity: 1.0,
            })
        })
        .collect()
}

/// A pair's similarity: mostly its text, then whether it stands under the same headings, how
/// many units it shares (by name, and by name and role), whether its deadline means the same and
/// its leaders are the same. Only a pair without change scores 1.
fn score(text: f64, a: &Facets, b: &Facets) -> f64 {
    // Texts that differ only in punctuation have the same bigrams, but are not the same text.
    let text = if a.task == b.task && a.requirement == b.requirement {
        text
    } else {
        text.min(0.99)
    };
    let x: HashSet<&str> = a.units.iter().map(|u| u.name.as_str()).collect();
    let y: HashSet<&str> = b.units.iter().map(|u| u.name.as_str()).collect();
    let x_roles: HashSet<&super::Unit> = a.units.iter().collect();
    let y_roles: HashSet<&super::Unit> = b.units.iter().collect();
    let units = f64::midpoint(jaccard(&x, &y), jaccard(&x_roles, &y_roles));
    let same = |equal: bool| f64::from(u8::from(equal));
    TEXT * text
        + SECTION * same(a.place == b.place)
        + UNITS * units
        + DEADLINE * same(a.deadline == b.deadline)
        + LEADERS * same(a.leaders == b.leaders)
}

/// Shared over all; two empty sets are alike.
fn jaccard<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f64 {
    if a.is_empty() && b.is_empty() {
        1.0
    } else {
        a.intersection(b).count() as f64 / a.union(b).count() as f64
    }
}

/// Bigram ids, shared by both notices.
#[derive(Default)]
struct Grams {
    ids: HashMap<(char, char), u32>,
}

impl Grams {
    /// The set of bigrams of a text's letters and digits (punctuation and spaces dropped), as
    /// sorted ids; a text of one character is its own gram.
    fn of(&mut self, text: &str) -> Vec<u32> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let mut set: Vec<u32> = if chars.len() == 1 {
            vec![self.id((chars[0], '\0'))]
        } else {
            chars.windows(2).map(|w| self.id((w[0], w[1]))).collect()
        };
        set.sort_unstable();
        set.dedup();
        set
    }

    fn id(&mut self, gram: (char, char)) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(gram).or_insert(next)
    }

    fn count(&self) -> usize {
        self.ids.len()
    }
}

/// Pairs of sets (index into `old`, index into `new`, Dice similarity) whose similarity reaches
/// [`THRESHOLD`], found by prefix filtering.
fn candidates(old: &[Vec<u32>], new: &[Vec<u32>], grams: usize) -> Vec<(usize, usize, f64)> {
    // Rarest first: how many sets hold each gram, then the gram.
    let mut frequency = vec![0u32; grams];
    for set in old.iter().chain(new) {
        for &g in set {
            frequency[g as usize] += 1;
        }
    }
    let mut order: Vec<u32> = (0..grams as u32).collect();
    order.sort_by_key(|&g| (frequency[g as usize], g));
    let mut rank = vec![0u32; grams];
    for (r, &g) in order.iter().enumerate() {
        rank[g as usize] = r as u32;
    }
    let ranked = |sets: &[Vec<u32>]| -> Vec<Vec<u32>> {
        sets.iter()
            .map(|s| {
                let mut r: Vec<u32> = s.iter().map(|&g| rank[g as usize]).collect();
                r.sort_unstable();
                r
            })
            .collect()
    };
    let (old, new) = (ranked(old), ranked(new));

    // Dice ≥ d implies Jaccard ≥ d / (2 − d); two sets of Jaccard ≥ j share a gram among the
    // first |x| − ⌈j·|x|⌉ + 1 of each (Chaudhuri, Ganti and Kaushik's prefix filter).
    let jaccard = THRESHOLD / (2.0 - THRESHOLD);
    let prefix = |n: usize| n - ((jaccard * n as f64) - 1e-9).ceil().max(0.0) as usize + 1;
    let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
    for (j, set) in new.iter().enumerate() {
        for &g in &set[..prefix(set.len()).min(set.len())] {
            index.entry(g).or_default().push(j);
        }
    }
    let mut out = Vec::new();
    let mut seen = vec![usize::MAX; new.len()];
    for (i, set) in old.iter().enumerate() {
        for &g in &set[..prefix(set.len()).min(set.len())] {
            for &j in index.get(&g).map_or(&[][..], Vec::as_slice) {
                if seen[j] == i {
                    continue;
                }
                seen[j] = i;
                let (x, y) = (set.len(), new[j].len());
                // Dice ≥ d needs the smaller set to be at least d / (2 − d) of the larger.
                if (x.min(y) as f64) < jaccard * x.max(y) as f64 - 1e-9 {
                    continue;
                }
                let dice = 2.0 * overlap(set, &new[j]) as f64 / (x + y) as f64;
                if dice >= THRESHOLD {
                    out.push((i, j, dice));
                }
            }
        }
    }
    out
}

/// How many elements two sorted sets share.
fn overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut x, mut y, mut shared) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                x += 1;
                y += 1;
            }
        }
    }
    shared
}

/// The root of `x` in a union–find forest, halving the path on the way.
fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The candidates split into groups that share no item (connected components).
fn groups(candidates: &[Pair]) -> Vec<Vec<Pair>> {
    // Union–find over old items (as themselves) and new items (offset past the old ones).
    let offset = candidates.iter().map(|p| p.old + 1).max().unwrap_or(0);
    let size = offset + candidates.iter().map(|p| p.new + 1).max().unwrap_or(0);
    let mut parent: Vec<usize> = (0..size).collect();
    for p in candidates {
        let (a, b) = (root(&mut parent, p.old), root(&mut parent, offset + p.new));
        if a != b {
            parent[a] = b;
        }
    }
    let mut by_root: HashMap<usize, Vec<Pair>> = HashMap::new();
    for p in candidates {
        let r = root(&mut parent, p.old);
        by_root.entry(r).or_default().push(*p);
    }
    let mut out: Vec<Vec<Pair>> = by_root.into_values().collect();
    out.sort_by_key(|g| g.iter().map(|p| (p.old, p.new)).min());
    out
}

/// The best one-to-one choice among a group's candidates.
fn assign(group: &[Pair]) -> Vec<Pair> {
    let mut olds: Vec<usize> = group.iter().map(|p| p.old).collect();
    let mut news: Vec<usize> = group.iter().map(|p| p.new).collect();
    olds.sort_unstable();
    olds.dedup();
    news.sort_unstable();
    news.dedup();
    if group.len() == 1 {
        return group.to_vec();
    }
    if olds.len().min(news.len()) > OPTIMAL_UP_TO {
        return best_first(group);
    }
    // Kuhn–Munkres wants no more rows than columns: the smaller side is the rows.
    let transposed = olds.len() > news.len();
    let (rows, columns) = if transposed {
        (&news, &olds)
    } else {
        (&olds, &news)
    };
    let mut weights = Matrix::new(rows.len(), columns.len(), 0i64);
    let position = |list: &[usize], x: usize| list.binary_search(&x).unwrap_or(0);
    for p in group {
        let (r, c) = if transposed {
            (position(rows, p.new), position(columns, p.old))
        } else {
            (position(rows, p.old), position(columns, p.new))
        };
        weights[(r, c)] = weight(p.similarity);
    }
    let (_, chosen) = kuhn_munkres(&weights);
    let mut out = Vec::new();
    for (r, &c) in chosen.iter().enumerate() {
        let (old, new) = if transposed {
            (columns[c], rows[r])
        } else {
            (rows[r], columns[c])
        };
        // A cell without a candidate weighs 0: taking it means leaving both unpaired.
        if let Some(p) = group.iter().find(|p| p.old == old && p.new == new) {
            out.push(*p);
        }
    }
    out
}

/// A candidate's weight in the assignment: its similarity above the least a candidate can
/// have, so two weak pairs do not outweigh one strong one, in millionths; always positive.
fn weight(similarity: f64) -> i64 {
    let least = TEXT * THRESHOLD;
    ((similarity - least + 0.01) * 1e6).round() as i64
}

/// Pairs taken best first, for groups too large to assign optimally.
fn best_first(group: &[Pair]) -> Vec<Pair> {
    let mut sorted = group.to_vec();
    sorted.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then((a.old, a.new).cmp(&(b.old, b.new)))
    });
    let (mut old_taken, mut new_taken) = (HashSet::new(), HashSet::new());
    sorted
        .into_iter()
        .filter(|p| {
            let free = !old_taken.contains(&p.old) && !new_taken.contains(&p.new);
            if free {
                old_taken.insert(p.old);
                new_taken.insert(p.new);
            }
            free
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(old: usize, new: usize, similarity: f64) -> Pair {
        Pair {
            old,
            new,
            similarity,
        }
    }

    #[test]
    fn the_assignment_is_optimal_not_first_come() {
        // Best first would take 0–0 (0.9) and leave 1 with nothing; the optimum pairs 0–1 and
        // 1–0 (0.85 + 0.8).
        let group = [pair(0, 0, 0.9), pair(0, 1, 0.85), pair(1, 0, 0.8)];
        let mut chosen = assign(&group);
        chosen.sort_by_key(|p| p.old);
        assert_eq!(chosen, [pair(0, 1, 0.85), pair(1, 0, 0.8)]);
    }

    #[test]
    fn the_prefix_filter_misses_no_similar_pair() {
        let mut grams = Grams::default();
        let texts = [
            "在政府信息公开专栏集中公开本单位现行有效的行政规范性文件",
            "在政府信息公开专栏集中公开本单位现行有效的规范性文件并及时更新",
            "严格执行疫情防控信息发布各项制度",
            "完全不同的一句话",
        ];
        let sets: Vec<Vec<u32>> = texts.iter().map(|t| grams.of(t)).collect();
        let found = candidates(&sets, &sets, grams.count());
        for (i, a) in sets.iter().enumerate() {
            for (j, b) in sets.iter().enumerate() {
                let dice = 2.0 * overlap(a, b) as f64 / (a.len() + b.len()) as f64;
                let listed = found.iter().any(|&(x, y, _)| x == i && y == j);
                assert_eq!(listed, dice >= THRESHOLD, "{i} {j} {dice}");
            }
        }
    }
}
