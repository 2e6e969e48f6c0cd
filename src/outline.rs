//! The numbering syntax of Chinese official documents, shared by the readers and by record
//! splitting: section headings `一、`, subsection headings `（一）`, and item numbers
//! `1.` / `1、` / `(1)` / `1 ` / a bare `7`.

use std::sync::LazyLock;

use regex::Regex;

/// The level of a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `一、持续推进行政决策公开`
    Section,
    /// `（一）聚焦重点领域` or `(一)`
    Subsection,
}

/// A heading parsed from the start of a cell or line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading<'a> {
    pub level: Level,
    pub ordinal: u32,
    /// The words after the ordinal; empty when the heading is a bare ordinal.
    pub title: &'a str,
}

static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: the pattern is a literal and compiles.
    Regex::new(r"^[\s\u{3000}]*([一二三四五六七八九十百零〇两]{1,4})\s*[、，,.．﹒]\s*")
        .expect("invariant: literal regex")
});
static SUBSECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s\u{3000}]*[（(]\s*([一二三四五六七八九十百零〇两]{1,4})\s*[）)]\s*[、，,.．﹒]?\s*",
    )
    .expect("invariant: literal regex")
});
/// Item numbers: `16 重点…`, `1.…`, `1、…`, `1﹒…` (a small full stop), `(1)…`, `（1）…`, `1）…`,
/// or a bare `7`.
/// A digit run followed directly by a CJK character (`6月底前`, `12366纳税`) is text, not a number.
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s\u{3000}]*(?:[（(]\s*(\d{1,3})\s*[）)]|(\d{1,3})\s*(?:[.．﹒、](?:[^\d]|$)|[）)]|\s+|$))",
    )
    .expect("invariant: literal regex")
});

/// Parses a section or subsection heading at the start of `text`.
#[must_use]
pub fn heading(text: &str) -> Option<Heading<'_>> {
    for (re, level) in [
        (&*SUBSECTION, Level::Subsection),
        (&*SECTION, Level::Section),
    ] {
        if let Some(caps) = re.captures(text) {
            let ordinal = chinese_number(&caps[1])?;
            let end = caps.get(0).map_or(0, |m| m.end());
            return Some(Heading {
                level,
                ordinal,
                title: text[end..].trim(),
            });
        }
    }
    None
}

/// True for a line that is a heading and nothing else: short, and no sentence
/// (`一、加强组织领导。各单位要……` starts like a heading but is body text; a full stop closing
/// the heading, `（一）全力以赴稳增长。`, still leaves it a heading, unless a comma makes it a
/// sentence).
#[must_use]
pub fn is_heading_line(text: &str) -> bool {
    let closed = text.trim_end().ends_with('。');
    is_short_sentence(text) && !(closed && text.contains(['，', ',']))
}

/// A heading ordinal before one short sentence at most: `（一）规范审批，提高效能。` as well as
/// `（一）优化营商环境`. Whether a sentence with a comma heads anything is for the reader of the
/// paragraphs around it to decide.
#[must_use]
pub fn is_short_sentence(text: &str) -> bool {
    let closed = text.trim_end().ends_with('。');
    let t = text.trim_end().trim_end_matches('。');
    heading(text).is_some()
        && crate::text::visible_len(t) <= 40
        && !t.contains('。')
        && !(closed && t.contains(['；', ';']))
}

/// Parses an item number at the start of `text`; returns the number and the text after it.
///
/// Digits followed by a unit of measure or a date word (`2022年`, `10 月`, `3 个`) are not
/// item numbers.
pub fn item_number(text: &str) -> Option<(u32, &str)> {
    let caps = ITEM.captures(text)?;
    let digits = caps.get(1).or_else(|| caps.get(2))?;
    let number: u32 = digits.as_str().parse().ok()?;
    // The pattern may have consumed the first character after `1.`; restart right after the
    // separator instead.
    let mut rest = &text[digits.end()..];
    rest = rest.trim_start();
    let mut separated = false;
    for sep in ["）", ")", ".", "．", "﹒", "、"] {
        if let Some(r) = rest.strip_prefix(sep) {
            rest = r;
            separated = true;
            break;
        }
    }
    let rest = rest.trim_start_matches([' ', '\u{3000}', '\t']);
    // A count (`2项`, `3个`, `5月`) is no number; after a separator it is one (`2.项目建设`,
    // `3、年度考核`).
    let first = rest.chars().next();
    if !separated && first.is_some_and(|c| "年月日号时个项条次家万亿元%％人天周度".contains(c))
    {
        return None;
    }
    if number == 0 {
        return None;
    }
    Some((number, rest.trim_end()))
}

/// Reads a Chinese numeral from 一 to 九百九十九 (`十一`, `二十`, `一百零五`, `两`).
#[must_use]
pub fn chinese_number(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    let mut total = 0;
    let mut pending: Option<u32> = None;
    for c in s.chars() {
        match c {
            '百' => {
                total += pending.take().unwrap_or(1) * 100;
            }
            '十' => {
                total += pending.take().unwrap_or(1) * 10;
            }
            _ => {
                let d = digit(c)?;
                if pending.is_some_and(|p| p != 0) && d != 0 {
                    // Two digits in a row without a unit (`二三`) is not a numeral we read.
                    return None;
                }
                pending = Some(d);
            }
        }
    }
    total += pending.unwrap_or(0);
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (text, n) in [
            ("一", Some(1)),
            ("九", Some(9)),
            ("十", Some(10)),
            ("十一", Some(11)),
            ("二十", Some(20)),
            ("二十三", Some(23)),
            ("一百零五", Some(105)),
            ("两", Some(2)),
            ("二三", None),
            ("零", None),
            ("甲", None),
        ] {
            assert_eq!(chinese_number(text), n, "{text}");
        }
    }

    #[test]
    fn headings() {
        let cases = [
            (
                "一、持续推进行政决策公开",
                Some((Level::Section, 1, "持续推进行政决策公开")),
            ),
            (
                "八、持续强化工 作指导监管",
                Some((Level::Section, 8, "持续强化工 作指导监管")),
            ),
            ("十二．加强监督", Some((Level::Section, 12, "加强监督"))),
            (
                "（一）聚焦重点领域",
                Some((Level::Subsection, 1, "聚焦重点领域")),
            ),
            ("(三) 优化服务", Some((Level::Subsection, 3, "优化服务"))),
            ("（十）", Some((Level::Subsection, 10, ""))),
            ("一是加强领导", None),
            ("1. 加强领导", None),
            ("统一部署", None),
        ];
        for (text, want) in cases {
            let got = heading(text).map(|h| (h.level, h.ordinal, h.title));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn item_numbers() {
        let cases = [
            ("7", Some((7, ""))),
            (
                "16 重点提升食品药品监管",
                Some((16, "重点提升食品药品监管")),
            ),
            ("1.加强领导", Some((1, "加强领导"))),
            ("2．加强领导", Some((2, "加强领导"))),
            ("3、加强领导", Some((3, "加强领导"))),
            ("7﹒加强领导", Some((7, "加强领导"))),
            ("(4)加强领导", Some((4, "加强领导"))),
            ("（5）加强领导", Some((5, "加强领导"))),
            ("6）加强领导", Some((6, "加强领导"))),
            ("23 进一步提升", Some((23, "进一步提升"))),
            ("6月底前完成", None),
            ("12366纳税服务平台", None),
            ("2022年底前", None),
            ("1.5亿元", None),
            ("10 月底前", None),
            ("3 个工作日内", None),
            ("0", None),
            ("加强领导", None),
            ("1000 项", None),
            // After a separator, a word that a count would take is the item's first word.
            ("2.项目建设", Some((2, "项目建设"))),
            ("3、年度考核", Some((3, "年度考核"))),
            ("（4）人才引进", Some((4, "人才引进"))),
        ];
        for (text, want) in cases {
            assert_eq!(item_number(text), want, "{text}");
        }
    }
}
