//! The fields of two matched items that differ, each said as a person reads the change.

use std::collections::BTreeMap;

use serde_json::json;

use super::{Change, Deadline, Facets, Field, Item, Unit};
use crate::text::marked_in_context;

/// The changed fields of a matched pair, in the order people read an item.
pub(super) fn changes(a: &Item, b: &Item, fa: &Facets, fb: &Facets) -> Vec<Change> {
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

pub(super) fn or_none(text: Option<&str>) -> &str {
    text.unwrap_or("none")
}

pub(super) fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join("、")
    }
}

/// Each unit's roles, by name.
pub(super) fn roles(units: &[Unit]) -> BTreeMap<&str, Vec<&str>> {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for u in units {
        by_name.entry(&u.name).or_default().push(&u.role);
    }
    by_name
}

/// `区财政局: cooperate → lead; +区司法局 (lead); −区城管局 (cooperate)`.
pub(super) fn units_text(old: &[Unit], new: &[Unit]) -> String {
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
pub(super) fn deadline_words(d: &Deadline, with_kind: bool) -> String {
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
pub(super) fn deadline_text(a: &Deadline, b: &Deadline) -> String {
    let with_kind = a.kind != b.kind;
    format!(
        "{} → {}",
        deadline_words(a, with_kind),
        deadline_words(b, with_kind)
    )
}
