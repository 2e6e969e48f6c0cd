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

pub mod matching;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::text::marked_in_context;

/// One notice as the diff sees it: what names it, and its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The notice key: SHA-256 of the input bytes, as the database keys notices.
    pub key: String,
    /// The input path as given.
    pub path: String,
    /// The issuing office (发文机关).
    pub issuer: Option<String>,
    /// The notice's title.
    pub title: Option<String>,
    /// The year the notice's tasks belong to.
    pub year: Option<i16>,
    /// The work items, in document order.
    pub items: Vec<Item>,
}

/// The parts of a notice's JSON document the diff reads.
#[derive(Deserialize)]
struct Document {
    source: DocumentSource,
    notice: DocumentNotice,
    tasks: Vec<Item>,
}

#[derive(Deserialize)]
struct DocumentSource {
    path: String,
    sha256: String,
}

#[derive(Deserialize)]
struct DocumentNotice {
    issuer: Option<String>,
    title: Option<String>,
    year: Option<i16>,
}

impl Side {
    /// The side of a notice's JSON document (the schema's shape; other fields are ignored).
    ///
    /// # Errors
    ///
    /// When the document lacks a field the diff reads, or holds it in another type.
    pub fn from_document(document: Value) -> Result<Side, serde_json::Error> {
        let document: Document = serde_json::from_value(document)?;
        Ok(Side {
            key: document.source.sha256,
            path: document.source.path,
            issuer: document.notice.issuer,
            title: document.notice.title,
            year: document.notice.year,
            items: document.tasks,
        })
    }

    /// The side of a converted report, read through the JSON document it serialises to, so a
    /// report and its JSON file compare alike.
    ///
    /// # Errors
    ///
    /// Only if the report does not serialise to the schema's shape (a bug).
    pub fn from_report(report: &crate::report::Report) -> Result<Side, serde_json::Error> {
        Side::from_document(serde_json::to_value(report)?)
    }
}

/// A work item as the diff reads it from the JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Item {
    /// 1-based position in its notice.
    pub seq: u32,
    /// The printed item number.
    pub number: Option<u32>,
    /// The section heading.
    pub section: Option<Heading>,
    /// The subsection heading.
    pub subsection: Option<Heading>,
    /// The task (工作任务).
    pub task: Option<String>,
    /// The requirement (工作要求).
    pub requirement: String,
    /// The responsible units.
    pub responsible: Responsible,
    /// Persons responsible.
    pub leaders: Vec<String>,
    /// The deadline.
    pub deadline: Deadline,
    /// Where the item stands in its document.
    pub source: String,
}

/// A heading as the JSON document holds it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Heading {
    /// The ordinal printed or inferred.
    pub ordinal: u32,
    /// The heading's text.
    pub title: Option<String>,
}

/// The units of an item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Responsible {
    /// The units in the order written.
    pub units: Vec<Unit>,
}

/// A unit with its role, as the JSON document spells them (`lead`, `cooperate`, `responsible`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
pub struct Unit {
    /// The unit's name (canonical where a registry knows it).
    pub name: String,
    /// Its role in the item.
    pub role: String,
}

/// A deadline as the JSON document holds it; kinds and periods in their JSON spelling.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Deadline {
    /// As written.
    pub raw: Option<String>,
    /// `ongoing`, `due`, `recurring`, `as_required`, `unknown`.
    pub kind: String,
    /// For `due`: the ISO date.
    pub date: Option<String>,
    /// For `recurring`: how often.
    pub period: Option<String>,
    /// An ongoing phrase beside a due date.
    pub ongoing: bool,
}

impl Item {
    /// The headings the item stands under, as one text (`持续推进行政决策公开 / 完善制度`): the
    /// titles, or `section 2` for a heading without one, so renumbered sections stay the same.
    pub fn place(&self) -> Option<String> {
        let show = |h: &Heading| {
            h.title
                .clone()
                .unwrap_or_else(|| format!("section {}", h.ordinal))
        };
        match (&self.section, &self.subsection) {
            (None, None) => None,
            (Some(s), None) => Some(show(s)),
            (None, Some(sub)) => Some(show(sub)),
            (Some(s), Some(sub)) => Some(format!("{} / {}", show(s), show(sub))),
        }
    }

    /// Task and requirement, the text items are matched by.
    pub fn text(&self) -> String {
        match &self.task {
            Some(task) => format!("{task}\n{}", self.requirement),
            None => self.requirement.clone(),
        }
    }

    /// The units sorted by name, so the order they are written in is no change.
    fn units_sorted(&self) -> Vec<Unit> {
        let mut units = self.responsible.units.clone();
        units.sort();
        units.dedup();
        units
    }
}

/// How deadlines of the two notices are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadlines {
    /// As dates: the notices are of one year (or a year is unknown).
    Absolute,
    /// Relative to each notice's year: `10月底前` in 2022 and in 2023 is the same deadline.
    Relative,
}

/// What a deadline means, for comparing: its kind, its date (relative to the notice's year
/// when the notices are of different years), its period and whether it is also ongoing; the
/// raw text only where nothing else was understood.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Meaning {
    kind: String,
    date: Option<String>,
    period: Option<String>,
    ongoing: bool,
    unparsed: Option<String>,
}

fn meaning(d: &Deadline, year: Option<i16>, deadlines: Deadlines) -> Meaning {
    let date = d.date.as_ref().map(|date| match (deadlines, year) {
        (Deadlines::Relative, Some(year)) => {
            // An ISO date: the year before the first '-', month and day after it.
            let (y, rest) = date.split_once('-').unwrap_or((date, ""));
            match y.parse::<i32>() {
                Ok(y) => format!("{:+}-{rest}", y - i32::from(year)),
                Err(_) => date.clone(),
            }
        }
        _ => date.clone(),
    });
    Meaning {
        kind: d.kind.clone(),
        date,
        period: d.period.clone(),
        ongoing: d.ongoing,
        unparsed: (d.kind == "unknown").then(|| d.raw.clone()).flatten(),
    }
}

/// An item reduced to what the diff compares; two items with equal facets are the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Facets {
    task: Option<String>,
    requirement: String,
    place: Option<String>,
    units: Vec<Unit>,
    leaders: Vec<String>,
    deadline: Meaning,
}

impl Facets {
    fn of(item: &Item, year: Option<i16>, deadlines: Deadlines) -> Facets {
        Facets {
            task: item.task.clone(),
            requirement: item.requirement.clone(),
            place: item.place(),
            units: item.units_sorted(),
            leaders: item.leaders.clone(),
            deadline: meaning(&item.deadline, year, deadlines),
        }
    }
}

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

/// Compares two notices item by item.
pub fn diff(old: Side, new: Side) -> Diff {
    let deadlines = match (old.year, new.year) {
        (Some(a), Some(b)) if a != b => Deadlines::Relative,
        _ => Deadlines::Absolute,
    };
    let old_facets: Vec<Facets> = old
        .items
        .iter()
        .map(|i| Facets::of(i, old.year, deadlines))
        .collect();
    let new_facets: Vec<Facets> = new
        .items
        .iter()
        .map(|i| Facets::of(i, new.year, deadlines))
        .collect();
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
    let mut summary = Summary::default();
    for e in &items {
        match e.status {
            Status::Same => summary.same += 1,
            Status::Changed => summary.changed += 1,
            Status::Added => summary.added += 1,
            Status::Removed => summary.removed += 1,
        }
    }
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

/// The changed fields of a matched pair, in the order people read an item.
fn changes(a: &Item, b: &Item, fa: &Facets, fb: &Facets) -> Vec<Change> {
    let mut out = Vec::new();
    if fa.place != fb.place {
        out.push(Change {
            field: Field::Section,
            old: json!(fa.place),
            new: json!(fb.place),
            text: format!(
                "{} → {}",
                or_none(fa.place.as_deref()),
                or_none(fb.place.as_deref())
            ),
        });
    }
    if fa.task != fb.task {
        out.push(Change {
            field: Field::Task,
            old: json!(a.task),
            new: json!(b.task),
            text: match (&a.task, &b.task) {
                (Some(x), Some(y)) => marked_in_context(x, y),
                (x, y) => format!("{} → {}", or_none(x.as_deref()), or_none(y.as_deref())),
            },
        });
    }
    if fa.requirement != fb.requirement {
        out.push(Change {
            field: Field::Requirement,
            old: json!(a.requirement),
            new: json!(b.requirement),
            text: marked_in_context(&a.requirement, &b.requirement),
        });
    }
    if fa.units != fb.units {
        out.push(Change {
            field: Field::Units,
            old: json!(a.responsible.units),
            new: json!(b.responsible.units),
            text: units_text(&fa.units, &fb.units),
        });
    }
    if fa.leaders != fb.leaders {
        out.push(Change {
            field: Field::Leaders,
            old: json!(a.leaders),
            new: json!(b.leaders),
            text: format!("{} → {}", list(&a.leaders), list(&b.leaders)),
        });
    }
    if fa.deadline != fb.deadline {
        out.push(Change {
            field: Field::Deadline,
            old: json!(a.deadline),
            new: json!(b.deadline),
            text: deadline_text(&a.deadline, &b.deadline),
        });
    }
    out
}

fn or_none(text: Option<&str>) -> &str {
    text.unwrap_or("none")
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join("、")
    }
}

/// Each unit's roles, by name.
fn roles(units: &[Unit]) -> BTreeMap<&str, Vec<&str>> {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for u in units {
        by_name.entry(&u.name).or_default().push(&u.role);
    }
    by_name
}

/// `区财政局: cooperate → lead; +区司法局 (lead); −区城管局 (cooperate)`.
fn units_text(old: &[Unit], new: &[Unit]) -> String {
    let (a, b) = (roles(old), roles(new));
    let mut parts = Vec::new();
    // In the order the units are named, old ones first.
    let mut names: Vec<&str> = old.iter().chain(new).map(|u| u.name.as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    for name in names {
        match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) if x != y => {
                parts.push(format!("{name}: {} → {}", x.join("/"), y.join("/")));
            }
            (Some(x), None) => parts.push(format!("−{name} ({})", x.join("/"))),
            (None, Some(y)) => parts.push(format!("+{name} ({})", y.join("/"))),
            _ => {}
        }
    }
    parts.join("; ")
}

/// A deadline for people: its date (with `, ongoing` beside a due date), its period, or its
/// kind; the kind before the date when the kinds differ.
fn deadline_words(d: &Deadline, with_kind: bool) -> String {
    let mut words = match (d.date.as_deref(), d.period.as_deref()) {
        (Some(date), _) if with_kind => format!("{} {date}", d.kind),
        (Some(date), _) => date.to_string(),
        (None, Some(period)) if with_kind => format!("{} {period}", d.kind),
        (None, Some(period)) => period.to_string(),
        (None, None) if d.kind == "unknown" => match &d.raw {
            Some(raw) => format!("\"{raw}\""),
            None => "none".to_string(),
        },
        (None, None) => d.kind.clone(),
    };
    if d.ongoing {
        words.push_str(", ongoing");
    }
    words
}

/// `2022-10-31 → 2023-06-30`, `ongoing → due 2023-06-30`.
fn deadline_text(a: &Deadline, b: &Deadline) -> String {
    let with_kind = a.kind != b.kind;
    format!(
        "{} → {}",
        deadline_words(a, with_kind),
        deadline_words(b, with_kind)
    )
}

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
enum PairBy {
    /// The notice key: the same bytes.
    Key,
    /// Issuer and title, the year masked.
    Title,
    /// The file name without its extensions, the year masked.
    FileName,
}

impl PairBy {
    fn key(self, s: &Side) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn due(date: &str) -> Deadline {
        Deadline {
            raw: None,
            kind: "due".into(),
            date: Some(date.into()),
            period: None,
            ongoing: false,
        }
    }

    #[test]
    fn deadlines_read_as_people_say_them() {
        let ongoing = Deadline {
            kind: "ongoing".into(),
            date: None,
            ..due("x")
        };
        let cases = [
            (
                due("2022-10-31"),
                due("2023-06-30"),
                "2022-10-31 → 2023-06-30",
            ),
            (ongoing, due("2023-06-30"), "ongoing → due 2023-06-30"),
        ];
        for (a, b, expected) in cases {
            assert_eq!(deadline_text(&a, &b), expected);
        }
    }

    #[test]
    fn a_deadline_relative_to_its_year_is_the_same_next_year() {
        let a = meaning(&due("2022-10-31"), Some(2022), Deadlines::Relative);
        let b = meaning(&due("2023-10-31"), Some(2023), Deadlines::Relative);
        assert_eq!(a, b);
        let c = meaning(&due("2024-06-30"), Some(2023), Deadlines::Relative);
        assert_eq!(c.date.as_deref(), Some("+1-06-30"));
    }

    #[test]
    fn unit_changes_name_roles() {
        let u = |name: &str, role: &str| Unit {
            name: name.into(),
            role: role.into(),
        };
        let text = units_text(
            &[
                u("区发改局", "lead"),
                u("区财政局", "cooperate"),
                u("区城管局", "cooperate"),
            ],
            &[
                u("区发改局", "lead"),
                u("区财政局", "lead"),
                u("区司法局", "cooperate"),
            ],
        );
        assert_eq!(
            text,
            "区财政局: cooperate → lead; −区城管局 (cooperate); +区司法局 (cooperate)"
        );
    }

    #[test]
    fn years_are_masked_in_titles() {
        assert_eq!(
            masked_title("关于印发2023年全区政务公开工作要点的通知"),
            "关于印发####年全区政务公开工作要点的通知"
        );
        assert_eq!(masked_title("第12345号"), "第12345号");
    }
}
