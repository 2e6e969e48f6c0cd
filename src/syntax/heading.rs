//! Where a section heading's title ends when nothing marks it: the words titles end with, from
//! `data/heading-words.toml`; and what a heading's closing bracket names over all the items
//! under it (`（总牵头单位：区发改局）`, `（牵头领导：张明）`).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::text::simplified;

#[derive(Debug, Deserialize)]
struct HeadingWords {
    title_endings: Vec<String>,
    item_openings: Vec<String>,
    plan_title_endings: Vec<String>,
    letter_points: Vec<String>,
}

static HEADING_WORDS: LazyLock<HeadingWords> = LazyLock::new(|| {
    // invariant: the word list is compiled in and checked by the tests of this module.
    toml::from_str(include_str!("../../data/heading-words.toml"))
        .expect("invariant: data/heading-words.toml is valid")
});

/// A label over all the items under a heading: the unit that leads them all (`总牵头单位`,
/// `总负责`) or the leaders in charge of them (`牵头领导`, `分管县领导`).
static OVERALL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(总(?:牵头|负责|责任)(?:单位|部门)?|(?:牵头|分管|联系|包联|责任)(?:省|市|区|县|州|镇|乡)?(?:负责)?领导)\s*[:：]",
    )
    .expect("invariant: literal regex")
});

/// What a heading's closing bracket names over all the items under it:
/// `提升政务服务效能（总牵头单位：区政务服务中心）` → where the bracket starts, the label as
/// written (`总牵头单位`) and what it names (`区政务服务中心`). None for a bracket of anything
/// else (`（试行）`, a unit bracket of the heading's own).
#[must_use]
pub fn overall(title: &str) -> Option<(usize, &str, &str)> {
    let end = title.trim_end_matches(|c: char| c.is_whitespace() || "。；;，,.".contains(c));
    let inner = end.strip_suffix(['）', ')'])?;
    let open = inner.rfind(['（', '('])?;
    let content = &inner[open..];
    let content = &content[content.chars().next()?.len_utf8()..];
    let simple = simplified(content);
    // Offsets in `simple` hold in `content` when the lengths agree (see `text::simplified`).
    if simple.len() != content.len() {
        return None;
    }
    let caps = OVERALL_LABEL.captures(&simple)?;
    let (label, all) = (caps.get(1)?, caps.get(0)?);
    let value = content[all.end()..].trim();
    (!value.is_empty()).then(|| (open, &content[label.range()], value))
}

/// The byte offset in `text` where a heading title glued to the sentence after it ends
/// (`切实加强食品安全工作制定出台……` → after `工作`): after a title ending (with the endings
/// right after it, `监管工作`) that stands after at least [`MIN_TITLE_CHARS`] characters and
/// before any punctuation, is followed by more text, and — where one is — by the first word
/// of a measure (`制定`); else the first such ending. None when no ending stands within
/// [`MAX_TITLE_CHARS`] characters or too little text would follow it.
#[must_use]
pub fn glued_title_end(text: &str) -> Option<usize> {
    let simple = simplified(text);
    // Offsets of `simple` hold in `text` when the conversion kept every length.
    if simple.len() != text.len() {
        return None;
    }
    let words = &*HEADING_WORDS;
    let starting = |list: &[String], at: usize| {
        list.iter()
            .find(|w| simple[at..].starts_with(w.as_str()))
            .map(|w| at + w.len())
    };
    let mut candidates = Vec::new();
    for (n, (at, c)) in simple.char_indices().enumerate() {
        if n > MAX_TITLE_CHARS || !c.is_alphanumeric() {
            break;
        }
        if n < MIN_TITLE_CHARS {
            continue;
        }
        if let Some(mut end) = starting(&words.title_endings, at) {
            while let Some(further) = starting(&words.title_endings, end) {
                end = further;
            }
            let rest = &simple[end..];
            if rest.chars().next().is_some_and(char::is_alphanumeric)
                && rest.chars().count() >= MIN_REST_CHARS
            {
                candidates.push(end);
            }
        }
    }
    candidates
        .iter()
        .copied()
        .find(|&end| starting(&words.item_openings, end).is_some())
        .or_else(|| candidates.first().copied())
}

/// True for a plan's own title (`XX市新型基础设施建设三年行动方案（2022—2024年）`,
/// `关于印发2023年工作要点的通知`): short, no sentence, ending in a plan's word before any
/// bracket of years or status closing it.
#[must_use]
pub fn is_plan_title(text: &str) -> bool {
    let closing = |c: char| "》〉”\"』」 ".contains(c);
    let simple = simplified(text);
    let t = simple
        .trim()
        .trim_end_matches(closing)
        .trim_end_matches("的通知")
        .trim_end_matches(closing);
    // `（2022—2024年）`, `（试行）`, `（征求意见稿）`.
    let t = match t
        .strip_suffix(['）', ')'])
        .and_then(|s| s.rfind(['（', '(']).map(|i| (s, i)))
    {
        Some((s, open)) if s[open..].chars().count() <= PLAN_BRACKET_CHARS => &s[..open],
        _ => t,
    };
    crate::text::visible_len(t) <= PLAN_TITLE_CHARS
        && !t.contains(['。', '，', ','])
        && HEADING_WORDS
            .plan_title_endings
            .iter()
            .any(|w| t.ends_with(w.as_str()))
}

/// The most characters of a plan's title.
const PLAN_TITLE_CHARS: usize = 60;
/// The most characters of a bracket closing a plan's title, its opening mark counted.
const PLAN_BRACKET_CHARS: usize = 16;

/// True for a covering letter's sentence announcing points of its own
/// (`现印发给你们，并就有关事项通知如下，请一并贯彻执行。`).
#[must_use]
pub fn announces_letter_points(text: &str) -> bool {
    let simple = simplified(text);
    HEADING_WORDS
        .letter_points
        .iter()
        .any(|w| simple.contains(w.as_str()))
}

/// The fewest characters of a title before its last word.
const MIN_TITLE_CHARS: usize = 2;
/// The most characters of a title.
const MAX_TITLE_CHARS: usize = 20;
/// The fewest characters of the item after the title.
const MIN_REST_CHARS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_read_and_none_twice() {
        for words in [
            &HEADING_WORDS.title_endings,
            &HEADING_WORDS.item_openings,
            &HEADING_WORDS.plan_title_endings,
            &HEADING_WORDS.letter_points,
        ] {
            let mut seen = std::collections::HashSet::new();
            for w in words {
                assert!(seen.insert(w), "{w} twice");
                assert_eq!(&simplified(w), w, "{w} is not simplified");
            }
        }
    }

    #[test]
    fn a_title_ends_at_its_last_word() {
        let text = "切实加强食品安全监管工作制定出台加强食品安全的若干措施";
        let end = glued_title_end(text).unwrap();
        assert_eq!(&text[..end], "切实加强食品安全监管工作");
        assert_eq!(
            glued_title_end("加强工作，制定出台若干措施并组织实施"),
            None
        );
        assert_eq!(glued_title_end("推进工作"), None);
        let text = "加快建设美丽乡村工作组织开展人居环境整治的评比";
        assert_eq!(
            &text[..glued_title_end(text).unwrap()],
            "加快建设美丽乡村工作"
        );
        // Traditional script reads the same.
        let text = "切實加強食品安全工作制定出台加強食品安全的若干措施";
        assert_eq!(
            &text[..glued_title_end(text).unwrap()],
            "切實加強食品安全工作"
        );
    }

    #[test]
    fn a_headings_bracket_over_all_its_items() {
        assert_eq!(
            overall("一、提升政务服务效能（总牵头单位：区政务服务中心）"),
            Some(("一、提升政务服务效能".len(), "总牵头单位", "区政务服务中心"))
        );
        assert_eq!(
            overall("主要经济指标（牵头领导：张明、李华）").map(|(_, l, v)| (l, v)),
            Some(("牵头领导", "张明、李华"))
        );
        assert_eq!(
            overall("二、稳就业(分管县领导:王强)").map(|(_, l, v)| (l, v)),
            Some(("分管县领导", "王强"))
        );
        assert_eq!(overall("一、实施办法（试行）"), None);
        assert_eq!(overall("一、优化营商环境（区发改局牵头）"), None);
    }

    #[test]
    fn plan_titles_and_covering_letters() {
        assert!(is_plan_title(
            "某市新型基础设施建设三年行动方案（2022—2024年）"
        ));
        assert!(is_plan_title("关于印发2023年工作要点的通知"));
        assert!(is_plan_title("某县民生实事实施方案(试行)"));
        assert!(!is_plan_title("按照工作方案，抓好落实。"));
        assert!(!is_plan_title("某市2023年重点工作责任分解的通知"));
        assert!(is_plan_title("2023年某镇政府主要工作安排和任务分解"));
        assert!(announces_letter_points(
            "现印发给你们，并就有关事项通知如下，请一并贯彻执行。"
        ));
        assert!(!announces_letter_points("现印发给你们，请认真贯彻执行。"));
    }
}
