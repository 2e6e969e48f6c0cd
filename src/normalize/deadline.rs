//! Deadlines (时限): the cell's text is parsed into a [`Phrase`] with no year, then resolved
//! with the notice's year into a [`Deadline`]. A phrase outside the grammar is `unknown`, its
//! raw text kept: never a guessed date.
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
//! M and Q may be written in digits or Chinese numerals (`十月底前`). Resolution:
//! - `M月底`, `M月末`, `M月份`, `M月底前` → the last day of month M; `M月D日(前)` → that day;
//! - `前` directly after a month, quarter or dekad (`10月前`, `三季度前`, `10月中旬前`) means
//!   before that period begins: the last day before it (`10月前` → 09-30);
//! - `年底`, `年末`, `年内`, `全年`, `下半年` → 12-31; `上半年` → 06-30; `Q季度(末)` → the
//!   quarter's last day; `上旬` → day 10, `中旬` → day 20, `下旬` → the month's last day;
//! - an explicit year wins over the notice's year; 明年 is the notice's year + 1;
//! - a period `A至B` (also `到`, `—`, `～`) is due at B, in A's year when B names none;
//! - a spreadsheet cell typed as a date is a due date as it stands.
//!
//! Several clauses combine: the latest due date is the item's date, an ongoing clause beside it
//! sets `ongoing` (`6月底前完成，长期坚持` → due 06-30, ongoing).

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use serde::Serialize;

use crate::outline::chinese_number;

/// The kind of a deadline, as output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Ongoing,
    Due,
    Recurring,
    AsRequired,
    Unknown,
}

/// How often a recurring task recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
    /// 定期: at regular intervals the notice does not name.
    Regular,
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

/// A deadline as output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The cell's text as written; None when the table has no deadline column or the cell is empty.
    pub raw: Option<String>,
    pub kind: Kind,
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<Date>,
    /// For `recurring`: how often.
    pub period: Option<Period>,
    /// True when an ongoing phrase stands beside a due date (`6月底前完成，长期坚持`).
    pub ongoing: bool,
}

fn serialize_date<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

impl Deadline {
    /// No deadline column, or an empty cell.
    pub fn none() -> Deadline {
        Deadline {
            raw: None,
            kind: Kind::Unknown,
            date: None,
            period: None,
            ongoing: false,
        }
    }
}

/// Why a deadline could not be fully resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Text outside the grammar.
    Unparsed(Vec<String>),
    /// A phrase needs the notice's year and none is known.
    NoYear,
    /// A day that no calendar has (`2月30日`).
    NoSuchDay(String),
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
    if let Some((_, period)) = RECURRING.iter().find(|(w, _)| rest.starts_with(w)) {
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
    let mut year = YearRef::Notice;
    let mut rest = text;
    if let Some(c) = YEAR.captures(text) {
        year = if let Some(y) = c.get(1) {
            YearRef::Explicit(y.as_str().parse().ok()?)
        } else if c.get(2).is_some() {
            YearRef::Notice
        } else {
            YearRef::Next
        };
        rest = &text[c.get(0)?.end()..];
        // `2022年底`, `2022年内`: the year's own end.
        for word in ["底", "末", "内", "度内", "度"] {
            if let Some(r) = rest.strip_prefix(word)
                && tail(r)
            {
                return Some(Clause::Due {
                    year,
                    point: Point::YearEnd,
                });
            }
        }
    }
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
            if before && point == Point::YearEnd && word == "下半年" {
                // 下半年前: before the second half begins.
                return tail(r).then_some(Clause::Due {
                    year,
                    point: Point::FirstHalfEnd,
                });
            }
            return tail(r).then_some(Clause::Due { year, point });
        }
    }
    if let Some(c) = MONTH_DAY.captures(rest) {
        let (month, day) = (numeral(&c[1])?, numeral(&c[2])?);
        let (_, r) = before(&rest[c.get(0)?.end()..]);
        return tail(r).then_some(Clause::Due {
            year,
            point: Point::Day { month, day },
        });
    }
    if let Some(c) = MONTH_DEKAD.captures(rest) {
        let month = numeral(&c[1])?;
        let dekad = match &c[2] {
            "上" => 1,
            "中" => 2,
            _ => 3,
        };
        let (before, r) = before(&rest[c.get(0)?.end()..]);
        return tail(r).then_some(Clause::Due {
            year,
            point: Point::Dekad {
                month,
                dekad,
                before,
            },
        });
    }
    if let Some(c) = MONTH.captures(rest) {
        let month = numeral(&c[1])?;
        let suffix = c.get(2).map(|m| m.as_str());
        let (before, r) = before(&rest[c.get(0)?.end()..]);
        let point = match suffix {
            None if before => Point::BeforeMonth(month),
            Some("中") => Point::Day { month, day: 15 },
            _ => Point::MonthEnd(month),
        };
        return tail(r).then_some(Clause::Due { year, point });
    }
    if let Some(c) = QUARTER.captures(rest) {
        let q = numeral(&c[1])?;
        let end = c.get(2).is_some();
        let (before, r) = before(&rest[c.get(0)?.end()..]);
        let point = if before && !end {
            Point::BeforeQuarter(q)
        } else {
            Point::QuarterEnd(q)
        };
        return tail(r).then_some(Clause::Due { year, point });
    }
    None
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

fn month_end(year: i16, month: i8) -> Option<Date> {
    Date::new(year, month, 1).ok().map(|d| d.last_of_month())
}

/// The day before `month` of `year` begins.
fn before_month(year: i16, month: i8) -> Option<Date> {
    Date::new(year, month, 1).ok()?.yesterday().ok()
}

impl Point {
    fn resolve(self, year: i16) -> Option<Date> {
        match self {
            Point::Day { month, day } => Date::new(year, month, day).ok(),
            Point::MonthEnd(m) => month_end(year, m),
            Point::BeforeMonth(m) => before_month(year, m),
            Point::YearEnd => Date::new(year, 12, 31).ok(),
            Point::FirstHalfEnd => Date::new(year, 6, 30).ok(),
            Point::QuarterEnd(q) if (1..=4).contains(&q) => month_end(year, q * 3),
            Point::BeforeQuarter(q) if (1..=4).contains(&q) => before_month(year, q * 3 - 2),
            Point::Dekad {
                month,
                dekad,
                before,
            } => match (dekad, before) {
                (1, false) => Date::new(year, month, 10).ok(),
                (2, false) => Date::new(year, month, 20).ok(),
                (_, false) => month_end(year, month),
                (1, true) => before_month(year, month),
                (2, true) => Date::new(year, month, 10).ok(),
                (_, true) => Date::new(year, month, 20).ok(),
            },
            Point::QuarterEnd(_) | Point::BeforeQuarter(_) => None,
        }
    }
}

/// Resolves a parsed phrase with the notice's year (None when no year is known).
pub fn resolve(
    raw: Option<String>,
    phrase: &Phrase,
    year: Option<i16>,
) -> (Deadline, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut unparsed = Vec::new();
    let mut due: Option<Date> = None;
    let mut due_seen = false;
    let (mut ongoing, mut as_required) = (false, false);
    let mut period = None;
    for clause in &phrase.clauses {
        match clause {
            Clause::Ongoing => ongoing = true,
            Clause::AsRequired => as_required = true,
            Clause::Recurring(p) => period = period.or(Some(*p)),
            Clause::Date(d) => {
                due_seen = true;
                due = due.max(Some(*d));
            }
            Clause::Due { year: which, point } => {
                due_seen = true;
                let y = match which {
                    YearRef::Explicit(y) => Some(*y),
                    YearRef::Notice => year,
                    YearRef::Next => year.map(|y| y + 1),
                };
                match y {
                    Some(y) => match point.resolve(y) {
                        Some(d) => due = due.max(Some(d)),
                        None => problems.push(Problem::NoSuchDay(format!("{point:?} of {y}"))),
                    },
                    None => {
                        if !problems.contains(&Problem::NoYear) {
                            problems.push(Problem::NoYear);
                        }
                    }
                }
            }
            Clause::Unknown(t) => unparsed.push(t.clone()),
        }
    }
    if !unparsed.is_empty() {
        problems.push(Problem::Unparsed(unparsed));
    }
    let kind = if due_seen {
        Kind::Due
    } else if period.is_some() {
        Kind::Recurring
    } else if ongoing {
        Kind::Ongoing
    } else if as_required {
        Kind::AsRequired
    } else {
        Kind::Unknown
    };
    let deadline = Deadline {
        raw,
        kind,
        date: due,
        period: if kind == Kind::Recurring {
            period
        } else {
            None
        },
        ongoing: ongoing && kind != Kind::Ongoing,
    };
    (deadline, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// raw → (kind, date, ongoing), resolved with the notice year 2022.
    #[test]
    fn phrases_resolve_with_the_notice_year() {
        let cases: &[(&str, Kind, Option<&str>)] = &[
            ("持续推进", Kind::Ongoing, None),
            ("长期坚持", Kind::Ongoing, None),
            ("长期", Kind::Ongoing, None),
            ("常态化", Kind::Ongoing, None),
            ("持续开展", Kind::Ongoing, None),
            ("常态化推进", Kind::Ongoing, None),
            ("10月底前", Kind::Due, Some("2022-10-31")),
            ("9月底前", Kind::Due, Some("2022-09-30")),
            ("2月底前", Kind::Due, Some("2022-02-28")),
            ("6月底", Kind::Due, Some("2022-06-30")),
            ("6月末", Kind::Due, Some("2022-06-30")),
            ("6月份", Kind::Due, Some("2022-06-30")),
            ("10月前", Kind::Due, Some("2022-09-30")),
            ("1月前", Kind::Due, Some("2021-12-31")),
            ("十月底前", Kind::Due, Some("2022-10-31")),
            ("十二月底前", Kind::Due, Some("2022-12-31")),
            ("１０月底前", Kind::Due, Some("2022-10-31")),
            ("6月30日前", Kind::Due, Some("2022-06-30")),
            ("6月30日", Kind::Due, Some("2022-06-30")),
            ("3月15号前", Kind::Due, Some("2022-03-15")),
            ("2023年6月底前", Kind::Due, Some("2023-06-30")),
            ("2022年10月31日前", Kind::Due, Some("2022-10-31")),
            ("2022年底前", Kind::Due, Some("2022-12-31")),
            ("2023年底", Kind::Due, Some("2023-12-31")),
            ("2022年内", Kind::Due, Some("2022-12-31")),
            ("年底前", Kind::Due, Some("2022-12-31")),
            ("年底", Kind::Due, Some("2022-12-31")),
            ("年内", Kind::Due, Some("2022-12-31")),
            ("年末", Kind::Due, Some("2022-12-31")),
            ("全年", Kind::Due, Some("2022-12-31")),
            ("12月底前", Kind::Due, Some("2022-12-31")),
            ("上半年", Kind::Due, Some("2022-06-30")),
            ("下半年", Kind::Due, Some("2022-12-31")),
            ("上半年前", Kind::Due, Some("2022-06-30")),
            ("一季度", Kind::Due, Some("2022-03-31")),
            ("第二季度", Kind::Due, Some("2022-06-30")),
            ("第三季度末", Kind::Due, Some("2022-09-30")),
            ("三季度末前", Kind::Due, Some("2022-09-30")),
            ("三季度前", Kind::Due, Some("2022-06-30")),
            ("四季度", Kind::Due, Some("2022-12-31")),
            ("第4季度", Kind::Due, Some("2022-12-31")),
            ("10月上旬", Kind::Due, Some("2022-10-10")),
            ("10月中旬", Kind::Due, Some("2022-10-20")),
            ("10月下旬", Kind::Due, Some("2022-10-31")),
            ("10月中旬前", Kind::Due, Some("2022-10-10")),
            ("明年6月底前", Kind::Due, Some("2023-06-30")),
            ("次年3月底前", Kind::Due, Some("2023-03-31")),
            ("今年年底前", Kind::Due, Some("2022-12-31")),
            ("2022-10-31", Kind::Due, Some("2022-10-31")),
            ("2022/9/30", Kind::Due, Some("2022-09-30")),
            ("2022.12.31", Kind::Due, Some("2022-12-31")),
            ("于6月底前完成", Kind::Due, Some("2022-06-30")),
            ("2023年3月至12月", Kind::Due, Some("2023-12-31")),
            ("6月—9月", Kind::Due, Some("2022-09-30")),
            ("2022年10月", Kind::Due, Some("2022-10-31")),
            ("力争年底前建成", Kind::Due, Some("2022-12-31")),
            ("10月底前完成初稿", Kind::Due, Some("2022-10-31")),
            ("每月", Kind::Recurring, None),
            ("每季度", Kind::Recurring, None),
            ("每半年", Kind::Recurring, None),
            ("每年", Kind::Recurring, None),
            ("定期", Kind::Recurring, None),
            ("每月10日前报送", Kind::Recurring, None),
            ("按要求", Kind::AsRequired, None),
            ("根据需要", Kind::AsRequired, None),
            ("按规定时限", Kind::AsRequired, None),
            ("即时", Kind::AsRequired, None),
            ("立即", Kind::AsRequired, None),
            ("待定", Kind::Unknown, None),
            ("", Kind::Unknown, None),
            ("13月底前", Kind::Due, None),
            ("2月30日前", Kind::Due, None),
        ];
        for (raw, kind, date) in cases {
            let (d, _) = resolve(Some(raw.to_string()), &parse(raw), Some(2022));
            assert_eq!(
                (d.kind, d.date.map(|d| d.to_string())),
                (*kind, date.map(String::from)),
                "{raw}"
            );
        }
    }

    #[test]
    fn combinations_keep_each_part() {
        let (d, p) = resolve(None, &parse("6月底前完成，长期坚持"), Some(2022));
        assert_eq!(
            (d.kind, d.date.map(|d| d.to_string()), d.ongoing),
            (Kind::Due, Some("2022-06-30".into()), true)
        );
        assert!(p.is_empty());
        let (d, _) = resolve(
            None,
            &parse("10月底前完成初稿，12月底前正式发布"),
            Some(2022),
        );
        assert_eq!(d.date.map(|d| d.to_string()), Some("2022-12-31".into()));
        let (d, _) = resolve(None, &parse("每季度"), Some(2022));
        assert_eq!(d.period, Some(Period::Quarterly));
    }

    #[test]
    fn explicit_years_win_and_missing_years_stay_unresolved() {
        let (d, p) = resolve(None, &parse("10月底前"), None);
        assert_eq!((d.kind, d.date), (Kind::Due, None));
        assert_eq!(p, vec![Problem::NoYear]);
        let (d, p) = resolve(None, &parse("2023年10月底前"), None);
        assert_eq!(d.date.map(|d| d.to_string()), Some("2023-10-31".into()));
        assert!(p.is_empty());
    }

    #[test]
    fn unknown_text_is_kept_and_reported() {
        let (d, p) = resolve(Some("待定".into()), &parse("待定"), Some(2022));
        assert_eq!(d.kind, Kind::Unknown);
        assert_eq!(d.raw.as_deref(), Some("待定"));
        assert_eq!(p, vec![Problem::Unparsed(vec!["待定".into()])]);
        let (d, p) = resolve(None, &parse("6月底前，视进展再定"), Some(2022));
        assert_eq!(d.kind, Kind::Due);
        assert_eq!(p, vec![Problem::Unparsed(vec!["视进展再定".into()])]);
    }

    #[test]
    fn typed_dates_are_due_dates() {
        let date = jiff::civil::date(2022, 10, 31);
        let (d, _) = resolve(None, &from_date(date), None);
        assert_eq!((d.kind, d.date), (Kind::Due, Some(date)));
    }
}
