//! The words of diagnostics in both languages: every message a code can carry, in English as
//! fenjie writes it and in Chinese as a person reads it, from one table,
//! `data/wordings.toml`; and the rewording of a message from the one into the other.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::{Code, Diagnostic};

/// One message of a code in both languages: the English as fenjie writes it (`en`), and the
/// Chinese a person reads (`zh`). A `{name}` stands for a value (a unit's name, the text of a
/// cell) that both keep as found; `{place…}` is a place, written in the reader's language; a
/// name [`fragments`] lists is an English phrase with its own Chinese wording.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The message in English, as the diagnostic carries it.
    pub en: String,
    /// The same message in Chinese.
    pub zh: String,
}

/// `data/wordings.toml`: per code (by its kebab spelling) its wordings in the order they are
/// matched, per fragment name the wordings of its phrases, and the suffix of repeats.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Table {
    pub(super) code: HashMap<String, Vec<Wording>>,
    pub(super) fragment: HashMap<String, Vec<Wording>>,
    #[serde(rename = "found-times")]
    pub(super) found_times: Wording,
}

pub(super) static TABLE: LazyLock<Table> = LazyLock::new(|| {
    // invariant: the table is compiled in; the tests of this module read every entry of it.
    toml::from_str(include_str!("../../data/wordings.toml"))
        .expect("invariant: data/wordings.toml is valid")
});

impl Code {
    /// Every message of the code in both wordings: the one table people's words come from. A
    /// message is matched against the English wordings in order, so a wording that another
    /// one's placeholder would swallow stands before it.
    #[must_use]
    pub fn wordings(self) -> &'static [Wording] {
        TABLE.code.get(self.as_str()).map_or(&[], Vec::as_slice)
    }
}

/// The wordings of a value that is itself an English phrase (how an encoding was decided, a
/// column's role, which grid a table is), by its placeholder's name; none for a value kept as
/// found.
#[must_use]
pub fn fragments(name: &str) -> &'static [Wording] {
    TABLE.fragment.get(name).map_or(&[], Vec::as_slice)
}

/// The suffix [`super::bound`] gives a message found several times, and its Chinese form.
pub(super) fn found_times() -> &'static Wording {
    &TABLE.found_times
}
/// A part of a wording: text as it stands, or a placeholder's name.
#[derive(Clone, Copy)]
pub(super) enum Piece<'t> {
    Text(&'t str),
    Value(&'t str),
}

pub(super) fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Value(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The values of `message` by placeholder name when it is written in `template`.
fn capture<'t, 'm>(template: &'t str, message: &'m str) -> Option<Vec<(&'t str, &'m str)>> {
    fn go<'t, 'm>(pieces: &[Piece<'t>], rest: &'m str, out: &mut Vec<(&'t str, &'m str)>) -> bool {
        match pieces.split_first() {
            None => rest.is_empty(),
            Some((Piece::Text(text), tail)) => {
                rest.strip_prefix(text).is_some_and(|r| go(tail, r, out))
            }
            Some((Piece::Value(name), tail)) => match tail.first() {
                None => {
                    out.push((name, rest));
                    true
                }
                Some(Piece::Text(text)) => {
                    let kept = out.len();
                    for (at, _) in rest.match_indices(text) {
                        out.push((name, &rest[..at]));
                        if go(tail, &rest[at..], out) {
                            return true;
                        }
                        out.truncate(kept);
                    }
                    false
                }
                // Two placeholders side by side cannot be told apart (a test keeps them out).
                Some(Piece::Value(_)) => false,
            },
        }
    }
    let mut out = Vec::new();
    go(&pieces(template), message, &mut out).then_some(out)
}

/// Writes a wording's Chinese with the values `message` holds in its English, each value
/// rendered by `value(name, value)`; `None` when the message is not in this wording.
fn reword(
    wording: &Wording,
    message: &str,
    value: &dyn Fn(&str, &str) -> String,
) -> Option<String> {
    let values = capture(&wording.en, message)?;
    let mut out = String::new();
    for piece in pieces(&wording.zh) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Value(name) => {
                let (_, found) = values.iter().find(|(n, _)| *n == name)?;
                out.push_str(&value(name, found));
            }
        }
    }
    Some(out)
}

/// A value in Chinese: a phrase [`fragments`] words is reworded (its own values alike), a place
/// goes through `place`, anything else is kept as found.
fn value_in_chinese(name: &str, found: &str, place: &dyn Fn(&str) -> String) -> String {
    if name.starts_with("place") {
        return place(found);
    }
    let inner = |n: &str, v: &str| value_in_chinese(n, v, place);
    fragments(name)
        .iter()
        .find_map(|wording| reword(wording, found, &inner))
        .unwrap_or_else(|| found.to_string())
}

impl Diagnostic {
    /// The message in Chinese, from the code's [wordings](Code::wordings), the values it quotes
    /// kept as they are and places written by `place` (`表1 第2行`); `None` when no wording of
    /// the code matches the message.
    #[must_use]
    pub fn chinese_message(&self, place: &dyn Fn(&str) -> String) -> Option<String> {
        let (body, times) = match self.message.rfind(" (found ") {
            Some(at) if capture(&found_times().en, &self.message[at..]).is_some() => {
                (&self.message[..at], Some(&self.message[at..]))
            }
            _ => (self.message.as_str(), None),
        };
        let value = |n: &str, v: &str| value_in_chinese(n, v, place);
        let mut out = self
            .code
            .wordings()
            .iter()
            .find_map(|wording| reword(wording, body, &value))?;
        if let Some(times) = times {
            out.push_str(&reword(found_times(), times, &value)?);
        }
        Some(out)
    }
}
