//! Two notices compared item by item: takes each notice's JSON document (a converted report or
//! a fenjie JSON file) and returns which items are the same, changed, added or removed, with the
//! fields that changed.
//!
//! Items are matched by what they say, not by position or number: the similarity of their task
//! and requirement text (character bigrams, which need no word segmentation), helped by section,
//! units and deadline. [`matching`] finds the candidate pairs through an index of bigrams and
//! assigns them one to one, optimally (Kuhn–Munkres). A notice of another year is compared by
//! what its deadlines mean relative to its own year: `10月底前` in the 2022 and in the 2023
//! notice is the same deadline.

mod changes;
mod pairing;
mod side;
#[cfg(test)]
mod tests;

use changes::changes;
pub use pairing::{masked_title, pair_notices};
use side::Facets;
pub use side::{Deadline, Deadlines, Heading, Item, Responsible, Side, Unit};

pub mod matching;

use serde::Serialize;
use serde_json::Value;

/// What became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In both notices, unchanged.
    Same,
    /// In both notices, with changed fields.
    Changed,
    /// Only in the new notice.
    Added,
    /// Only in the old notice.
    Removed,
}

/// A field of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The requirement (工作要求).
    Requirement,
    /// The task (工作任务).
    Task,
    /// The headings the item stands under.
    Section,
    /// The responsible units and their roles.
    Units,
    /// The persons responsible.
    Leaders,
    /// The deadline.
    Deadline,
}

/// One changed field of a matched pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Which field.
    pub field: Field,
    /// Its value in the old notice.
    pub old: Value,
    /// Its value in the new notice.
    pub new: Value,
    /// The change for people: a long text's changed part marked in context
    /// (`…前文[-旧-]{+新+}后文…`), `区财政局: cooperate → lead`, `2022-10-31 → 2023-06-30`.
    pub text: String,
}

/// One item of the diff: a matched pair, or an item of one notice only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Same, changed, added or removed.
    pub status: Status,
    /// The item's `seq` in the old notice.
    pub old: Option<u32>,
    /// The item's `seq` in the new notice.
    pub new: Option<u32>,
    /// How alike the pair is, 0 to 1 (0 for an item of one notice only).
    pub similarity: f64,
    /// The changed fields of a changed pair.
    pub changes: Vec<Change>,
}

/// A notice as the diff names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeId {
    /// The notice key (SHA-256 of the input).
    pub key: String,
    /// The input path as given.
    pub path: String,
    /// The notice's title.
    pub title: Option<String>,
    /// The notice's year.
    pub year: Option<i16>,
}

/// How many items of each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Pairs without change.
    pub same: usize,
    /// Pairs with changes.
    pub changed: usize,
    /// Items only in the new notice.
    pub added: usize,
    /// Items only in the old notice.
    pub removed: usize,
}

impl Summary {
    /// True when anything differs.
    pub fn differs(&self) -> bool {
        self.changed + self.added + self.removed > 0
    }
}

/// The diff of two notices: the JSON document of `schemas/diff.schema.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The old notice.
    pub old: NoticeId,
    /// The new notice.
    pub new: NoticeId,
    /// How deadlines were compared.
    pub deadlines: Deadlines,
    /// Counts by status.
    pub summary: Summary,
    /// One entry per pair and per unmatched item, in the new notice's order (a removed item
    /// after the new place of the item before it).
    pub items: Vec<Entry>,
    /// The old notice's items, for writers that show them.
    #[serde(skip)]
    pub old_items: Vec<Item>,
    /// The new notice's items.
    #[serde(skip)]
    pub new_items: Vec<Item>,
}

impl Diff {
    /// The old item an entry names.
    pub fn old_item(&self, entry: &Entry) -> Option<&Item> {
        entry.old.and_then(|seq| by_seq(&self.old_items, seq))
    }

    /// The new item an entry names.
    pub fn new_item(&self, entry: &Entry) -> Option<&Item> {
        entry.new.and_then(|seq| by_seq(&self.new_items, seq))
    }
}

/// The item of a seq: `seq` counts items from 1, so it is found at once; a document that numbers
/// otherwise is searched.
fn by_seq(items: &[Item], seq: u32) -> Option<&Item> {
    (seq as usize)
        .checked_sub(1)
        .and_then(|i| items.get(i))
        .filter(|i| i.seq == seq)
        .or_else(|| items.iter().find(|i| i.seq == seq))
}

fn id(side: &Side) -> NoticeId {
    NoticeId {
        key: side.key.clone(),
        path: side.path.clone(),
        title: side.title.clone(),
        year: side.year,
    }
}

impl Summary {
    /// The count of each status among `items`.
    fn of(items: &[Entry]) -> Summary {
        let mut summary = Summary::default();
        for e in items {
            match e.status {
                Status::Same => summary.same += 1,
                Status::Changed => summary.changed += 1,
                Status::Added => summary.added += 1,
                Status::Removed => summary.removed += 1,
            }
        }
        summary
    }
}

/// Compares two notices item by item.
pub fn diff(old: Side, new: Side) -> Diff {
    let deadlines = match (old.year, new.year) {
        (Some(a), Some(b)) if a != b => Deadlines::Relative,
        _ => Deadlines::Absolute,
    };
    let facets = |side: &Side| -> Vec<Facets> {
        side.items
            .iter()
            .map(|i| Facets::of(i, side.year, deadlines))
            .collect()
    };
    let (old_facets, new_facets) = (facets(&old), facets(&new));
    let pairs = matching::pairs(&old.items, &new.items, &old_facets, &new_facets);

    let mut matched_old = vec![None; old.items.len()];
    let mut matched_new = vec![false; new.items.len()];
    let mut entries: Vec<(Order, Entry)> = Vec::new();
    for pair in &pairs {
        matched_old[pair.old] = Some(new.items[pair.new].seq);
        matched_new[pair.new] = true;
        let changes = changes(
            &old.items[pair.old],
            &new.items[pair.new],
            &old_facets[pair.old],
            &new_facets[pair.new],
        );
        let status = if changes.is_empty() {
            Status::Same
        } else {
            Status::Changed
        };
        entries.push((
            (new.items[pair.new].seq, 0, 0),
            Entry {
                status,
                old: Some(old.items[pair.old].seq),
                new: Some(new.items[pair.new].seq),
                similarity: (pair.similarity * 1000.0).round() / 1000.0,
                changes,
            },
        ));
    }
    for (j, item) in new.items.iter().enumerate() {
        if !matched_new[j] {
            entries.push((
                (item.seq, 0, 0),
                one_sided(Status::Added, None, Some(item.seq)),
            ));
        }
    }
    // A removed item goes after the new place of the nearest matched item before it.
    let mut before = 0;
    for (i, item) in old.items.iter().enumerate() {
        match matched_old[i] {
            Some(seq) => before = seq,
            None => entries.push((
                (before, 1, item.seq),
                one_sided(Status::Removed, Some(item.seq), None),
            )),
        }
    }
    entries.sort_by_key(|(order, _)| *order);
    let items: Vec<Entry> = entries.into_iter().map(|(_, e)| e).collect();
    let summary = Summary::of(&items);
    Diff {
        old: id(&old),
        new: id(&new),
        deadlines,
        summary,
        items,
        old_items: old.items,
        new_items: new.items,
    }
}

/// Where an entry sorts: the new item's seq (or the one a removed item follows), then the old
/// seq of removed items.
type Order = (u32, u8, u32);

fn one_sided(status: Status, old: Option<u32>, new: Option<u32>) -> Entry {
    Entry {
        status,
        old,
        new,
        similarity: 0.0,
        changes: Vec::new(),
    }
}
