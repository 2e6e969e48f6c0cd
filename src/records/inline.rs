//! A cell holding several numbered items (`1.……；2.……`): one record each.

use std::sync::LazyLock;

use regex::Regex;

use crate::outline;
use crate::text::strip_tags;

/// One numbered (or unnumbered) part of a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub number: Option<u32>,
    pub text: String,
}

/// Inline numbering after a sentence end: `…。2.推进…`.
pub(super) static INLINE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[。；;]\s*(\d{1,2})\s*[.．﹒、]").expect("invariant: literal regex")
});

/// The non-empty lines of a cell, tags removed.
pub(super) fn lines(text: &str) -> Vec<String> {
    strip_tags(text)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a cell into numbered items: a new item starts at a line (or, after `。`, inline)
/// whose number continues the sequence of the cell's first number. A cell whose first line is
/// not numbered is one item (a lead-in followed by numbered points).
#[must_use]
pub fn segments(text: &str) -> Vec<Segment> {
    let lines = lines(text);
    let mut out: Vec<Segment> = Vec::new();
    for line in &lines {
        let next = out.last().and_then(|s| s.number).map(|n| n + 1);
        match outline::item_number(line) {
            Some((n, rest)) if out.is_empty() || Some(n) == next => out.push(Segment {
                number: Some(n),
                text: rest.to_string(),
            }),
            _ if out.is_empty() => out.push(Segment {
                number: None,
                text: line.clone(),
            }),
            _ => {
                // invariant: `out` is not empty in this arm.
                let last = out.last_mut().expect("invariant: not empty");
                last.text.push('\n');
                last.text.push_str(line);
            }
        }
    }
    if out.first().is_some_and(|s| s.number.is_none()) {
        return vec![Segment {
            number: None,
            text: lines.join("\n"),
        }];
    }
    // Inline numbering inside one line: `1.加强…。2.推进…。`
    let mut expanded = Vec::with_capacity(out.len());
    for seg in out {
        expanded.extend(split_inline(seg));
    }
    expanded
}

pub(super) fn split_inline(seg: Segment) -> Vec<Segment> {
    let Some(first) = seg.number else {
        return vec![seg];
    };
    let mut cuts = Vec::new();
    let mut expect = first + 1;
    for caps in INLINE_ITEM.captures_iter(&seg.text) {
        let (Some(whole), Some(digits)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if digits.as_str().parse::<u32>().ok() == Some(expect) {
            // Cut after the sentence end, keep the punctuation with the earlier item.
            let end_of_sentence =
                whole.start() + whole.as_str().chars().next().map_or(0, char::len_utf8);
            cuts.push((end_of_sentence, whole.end(), expect));
            expect += 1;
        }
    }
    if cuts.is_empty() {
        return vec![seg];
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    let mut number = first;
    for (cut, next_start, next_number) in cuts {
        out.push(Segment {
            number: Some(number),
            text: seg.text[start..cut].trim().to_string(),
        });
        start = next_start;
        number = next_number;
    }
    out.push(Segment {
        number: Some(number),
        text: seg.text[start..].trim().to_string(),
    });
    out
}
