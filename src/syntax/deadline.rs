//! Deadline phrases (时限) as written: a cell's text becomes a [`Phrase`] of clauses with no
//! year. Resolving a phrase into a date is `normalize::deadline`'s work. A phrase outside the
//! grammar is an `Unknown` clause, its text kept.
//!
//! # Grammar
//!
//! A cell is one or more clauses separated by `，,；;。` or white space; each clause is one of:
//!
//! ```text
//! clause    = ongoing | as-required | recurring | due
//! ongoing   = 持续推进 | 长期坚持 | 长期 | 常态化 | 持续开展 | 持续 | 长期推进 | 持续实施 | 常年 …
//! as-required = 按要求 | 根据需要 | 按规定时限 | 即时 | 立即 | 及时 | 随时 | 适时 …
//! recurring = 每日 | 每周 | 每月 | 每季度 | 每半年 | 每年 | 定期   (also 按月, 按季度, 按年)
//! due       = [filler] [year] point [前 | 之前 | 以前] [action words]
//!           | due (至 | 到 | — | ～) due
//! filler    = 于 | 在 | 力争 | 确保 | 争取 | 截至 | 截止
//! year      = YYYY年 | 今年 | 本年 | 当年 | 明年 | 次年 | 下一年
//! point     = M月D日 | M月底 | M月末 | M月份 | M月 | M月上旬 | M月中旬 | M月下旬
//!           | 年底 | 年末 | 年内 | 年度内 | 全年 | 上半年 | 下半年
//!           | [第]Q季度[末|底]
//!           | YYYY-MM-DD | YYYY/MM/DD | YYYY.MM.DD
//! ```
//!
//! M and Q may be written in digits or Chinese numerals (`十月底前`).

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use serde::Serialize;

use crate::outline::chinese_number;

/// How often a recurring task recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// 每日, 每天.
    Daily,
    /// 每周.
    Weekly,
    /// 每月, 按月.
    Monthly,
    /// 每季度, 按季度.
    Quarterly,
    /// 每半年.
    HalfYearly,
    /// 每年, 按年.
    Yearly,
    /// 定期: at regular intervals the notice does not name.
    Regular,
}

impl Period {
    /// Every period, in the schema's order.
    pub const ALL: [Period; 7] = [
        Period::Daily,
        Period::Weekly,
        Period::Monthly,
        Period::Quarterly,
        Period::HalfYearly,
        Period::Yearly,
        Period::Regular,
    ];
}

/// Which year a due phrase speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRef {
    /// No year written: the notice's year.
    Notice,
    /// 明年, 次年: the year after the notice's.
    Next,
    Explicit(i16),
}

/// A point in a year, before any year is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    Day {
        month: i8,
        day: i8,
    },
    MonthEnd(i8),
    /// `10月前`: before month 10 begins.
    BeforeMonth(i8),
    YearEnd,
    FirstHalfEnd,
    QuarterEnd(i8),
    /// `三季度前`: before quarter 3 begins.
    BeforeQuarter(i8),
    /// `10月上旬` (dekad 1), `中旬` (2), `下旬` (3); `before` for `10月中旬前`.
    Dekad {
        month: i8,
        dekad: i8,
        before: bool,
    },
}

/// One clause of a deadline cell, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    Ongoing,
    AsRequired,
    Recurring(Period),
    Due {
        year: YearRef,
        point: Point,
    },
    /// A date typed as a date in a spreadsheet.
    Date(Date),
    /// Text outside the grammar, as written.
    Unknown(String),
}

/// A parsed deadline cell: its clauses in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub clauses: Vec<Clause>,
}

const ONGOING: &[&str] = &[
    "持续推进",
    "长期坚持",
    "长期",
    "常态化",
    "持续开展",
    "持续",
    "长期推进",
    "持续实施",
    "常年",
    "长期有效",
    "持续落实",
    "常态化推进",
    "长期开展",
    "长期执行",
    "持续进行",
    "持续抓好",
    "常态化开展",
    "长期落实",
    "贯穿全年",
    "全年持续",
    "持续做好",
    "长期实施",
];
const AS_REQUIRED: &[&str] = &[
    "按要求",
    "根据需要",
    "按规定时限",
    "即时",
    "立即",
    "及时",
    "随时",
    "适时",
    "按照要求",
    "按上级要求",
    "根据工作需要",
    "按时限要求",
    "按规定",
    "按规定要求",
    "按需",
    "根据上级要求",
    "按上级部署",
    "根据实际",
    "视情况",
    "按照规定时限",
    "按有关要求",
    "按省市要求",
];
const RECURRING: &[(&str, Period)] = &[
    ("每日", Period::Daily),
    ("每天", Period::Daily),
    ("每周", Period::Weekly),
    ("每月", Period::Monthly),
    ("按月", Period::Monthly),
    ("每季度", Period::Quarterly),
    ("每季", Period::Quarterly),
    ("按季度", Period::Quarterly),
    ("按季", Period::Quarterly),
    ("每半年", Period::HalfYearly),
    ("每年", Period::Yearly),
    ("按年", Period::Yearly),
    ("每年度", Period::Yearly),
    ("定期", Period::Regular),
];
const FILLERS: &[&str] = &[
    "于",
    "在",
    "力争",
    "确保",
    "争取",
    "截至",
    "截止",
    "截止到",
    "最迟",
    "务必",
];

static SEPARATORS: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: literal pattern.
    Regex::new(r"[，,；;。\s]+").expect("invariant: literal regex")
});
static NUMERAL: &str = r"(\d{1,2}|[一二三四五六七八九十]{1,3})";
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(\d{4})年|(今年|本年|当年|本年度)|(明年|次年|下一年|下年))")
        .expect("invariant: literal regex")
});
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:日)?").expect("invariant: literal regex")
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{NUMERAL}月{NUMERAL}[日号]")).expect("invariant: literal regex")
});
static MONTH_DEKAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{NUMERAL}月(上|中|下)旬")).expect("invariant: literal regex")
});
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{NUMERAL}月(底|末|份|中)?")).expect("invariant: literal regex")
});
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第?([1-4一二三四])季度(末|底)?").expect("invariant: literal regex")
});

fn numeral(s: &str) -> Option<i8> {
    s.parse::<i8>()
        .ok()
        .or_else(|| chinese_number(s).and_then(|n| i8::try_from(n).ok()))
}

/// Parses a deadline cell's text.
pub fn parse(text: &str) -> Phrase {
    let normalized: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            _ => c,
        })
        .collect();
    let clauses = SEPARATORS
        .split(&normalized)
        .filter(|s| !s.is_empty())
        .map(clause)
        .collect();
    Phrase { clauses }
}

/// A date typed as a date: a due date as it stands.
#[must_use]
pub fn from_date(date: Date) -> Phrase {
    Phrase {
        clauses: vec![Clause::Date(date)],
    }
}

fn clause(text: &str) -> Clause {
    let mut rest = text;
    for filler in FILLERS {
        if let Some(r) = rest.strip_prefix(filler)
            && !r.is_empty()
        {
            rest = r;
            break;
        }
    }
    if ONGOING
        .iter()
        .any(|w| rest == *w || rest.strip_prefix(w).is_some_and(is_action))
    {
        return Clause::Ongoing;
    }
    if AS_REQUIRED.iter().any(|w| rest.starts_with(w)) {
        return Clause::AsRequired;
    }
    // `每季度`, `每月报送一次`; a sentence that opens so says what is done, not when
    // (`每半年组织一次业务培训`, `定期公布事项目录`).
    if let Some((_, period)) = RECURRING.iter().find(|(w, _)| {
        rest.strip_prefix(w)
            .is_some_and(|r| r.chars().count() <= RECURRING_ACTION_CHARS)
    }) {
        return Clause::Recurring(*period);
    }
    if let Some(c) = due(rest) {
        return c;
    }
    // A period `2022年3月至12月`, `6—9月`: the work is due at its end, in the start's year when
    // the end names none.
    if let Some((start, end)) = rest.split_once(['至', '到', '—', '～', '~'])
        && let Some(Clause::Due { point, year }) = due(end)
    {
        let year = match (year, due(start)) {
            (YearRef::Notice, Some(Clause::Due { year: y, .. })) => y,
            (y, _) => y,
        };
        return Clause::Due { year, point };
    }
    Clause::Unknown(text.to_string())
}

/// The most characters of the words after a recurring period in one clause (`报送一次`,
/// `10日前报送`).
const RECURRING_ACTION_CHARS: usize = 6;

/// Words that may follow a deadline in the same clause (`6月底前完成`, `年底前建成`): any text
/// without digits, so that `10月底前完成初稿` still reads as due 10-31 but `10月12` does not.
fn is_action(rest: &str) -> bool {
    !rest.chars().any(|c| c.is_ascii_digit())
}

fn due(text: &str) -> Option<Clause> {
    if let Some(c) = ISO_DATE.captures(text) {
        let (y, m, d) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        let rest = &text[c.get(0)?.end()..];
        return tail(rest).then_some(Clause::Due {
            year: YearRef::Explicit(y),
            point: Point::Day { month: m, day: d },
        });
    }
    let (year, rest) = match YEAR.captures(text) {
        Some(c) => {
            let year = if let Some(y) = c.get(1) {
                YearRef::Explicit(y.as_str().parse().ok()?)
            } else if c.get(2).is_some() {
                YearRef::Notice
            } else {
                YearRef::Next
            };
            let rest = &text[c.get(0)?.end()..];
            // `2022年底`, `2022年内`: the year's own end.
            if ["底", "末", "内", "度内", "度"]
                .iter()
                .any(|word| rest.strip_prefix(word).is_some_and(tail))
            {
                return Some(Clause::Due {
                    year,
                    point: Point::YearEnd,
                });
            }
            (year, rest)
        }
        None => (YearRef::Notice, text),
    };
    match year_point(rest)
        .or_else(|| month_point(rest))
        .or_else(|| quarter_point(rest))
    {
        Recognised::Point(point) => Some(Clause::Due { year, point }),
        Recognised::NotMine | Recognised::Invalid => None,
    }
}

/// What a recogniser made of a phrase: not its pattern, its pattern with words after it that
/// are no deadline's, or a point.
enum Recognised {
    NotMine,
    Invalid,
    Point(Point),
}

impl Recognised {
    fn or_else(self, next: impl FnOnce() -> Recognised) -> Recognised {
        match self {
            Recognised::NotMine => next(),
            other => other,
        }
    }
}

impl From<Option<Point>> for Recognised {
    fn from(point: Option<Point>) -> Recognised {
        point.map_or(Recognised::Invalid, Recognised::Point)
    }
}

/// 年底, 年内, 全年, 上半年, 下半年 (and 下半年前, the end of the first half).
fn year_point(rest: &str) -> Recognised {
    for (word, point) in [
        ("年底", Point::YearEnd),
        ("年末", Point::YearEnd),
        ("年内", Point::YearEnd),
        ("年度内", Point::YearEnd),
        ("全年", Point::YearEnd),
        ("本年度", Point::YearEnd),
        ("上半年", Point::FirstHalfEnd),
        ("下半年", Point::YearEnd),
    ] {
        if let Some(r) = rest.strip_prefix(word) {
            let (before, r) = before(r);
            let point = if before && word == "下半年" {
                Point::FirstHalfEnd
            } else {
                point
            };
            return tail(r).then_some(point).into();
        }
    }
    Recognised::NotMine
}

/// M月D日, M月上旬/中旬/下旬, M月底/末/份/中, M月前.
fn month_point(rest: &str) -> Recognised {
    if let Some(c) = MONTH_DAY.captures(rest) {
        let point = (|| {
            let (month, day) = (numeral(&c[1])?, numeral(&c[2])?);
            let (_, r) = before(&rest[c.get(0)?.end()..]);
            tail(r).then_some(Point::Day { month, day })
        })();
        return point.into();
    }
    if let Some(c) = MONTH_DEKAD.captures(rest) {
        let point = (|| {
            let month = numeral(&c[1])?;
            let dekad = match &c[2] {
                "上" => 1,
                "中" => 2,
                _ => 3,
            };
            let (before, r) = before(&rest[c.get(0)?.end()..]);
            tail(r).then_some(Point::Dekad {
                month,
                dekad,
                before,
            })
        })();
        return point.into();
    }
    let Some(c) = MONTH.captures(rest) else {
        return Recognised::NotMine;
    };
    Recognised::from((|| {
        let month = numeral(&c[1])?;
        let suffix = c.get(2).map(|m| m.as_str());
        let (before, r) = before(&rest[c.get(0)?.end()..]);
        let point = match suffix {
            None if before => Point::BeforeMonth(month),
            Some("中") => Point::Day { month, day: 15 },
            _ => Point::MonthEnd(month),
        };
        tail(r).then_some(point)
    })())
}

/// [第]Q季度[末|底], Q季度前.
fn quarter_point(rest: &str) -> Recognised {
    let Some(c) = QUARTER.captures(rest) else {
        return Recognised::NotMine;
    };
    Recognised::from((|| {
        let q = numeral(&c[1])?;
        let end = c.get(2).is_some();
        let (before, r) = before(&rest[c.get(0)?.end()..]);
        let point = if before && !end {
            Point::BeforeQuarter(q)
        } else {
            Point::QuarterEnd(q)
        };
        tail(r).then_some(point)
    })())
}

/// Strips `前` / `之前` / `以前`; says whether one was there.
fn before(text: &str) -> (bool, &str) {
    for word in ["之前", "以前", "前"] {
        if let Some(r) = text.strip_prefix(word) {
            return (true, r);
        }
    }
    (false, text)
}

/// What may follow a point in its clause: nothing, or action words without digits.
fn tail(rest: &str) -> bool {
    rest.is_empty() || is_action(rest)
}
