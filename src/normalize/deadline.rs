//! Deadlines (时限): a [`Phrase`] parsed by `syntax::deadline` is resolved with the notice's
//! year into a [`Deadline`]. A phrase outside the grammar is `unknown`, its raw text kept: never
//! a guessed date.
//!
//! # Resolution
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
//! sets `ongoing` (`6月底前完成，长期坚持` → due 06-30, ongoing); an `ongoing` deadline is always
//! `ongoing`.

use jiff::civil::Date;

pub use crate::report::{Deadline, DeadlineKind};
pub use crate::syntax::deadline::{Clause, Period, Phrase, Point, YearRef, from_date, parse};

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

fn month_end(year: i16, month: i8) -> Option<Date> {
    Date::new(year, month, 1)
        .ok()
        .map(jiff::civil::Date::last_of_month)
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
#[must_use]
pub fn resolve(
    raw: Option<String>,
    phrase: &Phrase,
    year: Option<i16>,
) -> (Deadline, Vec<Problem>) {
    let mut seen = Seen::default();
    for clause in &phrase.clauses {
        seen.add(clause, year);
    }
    let kind = seen.kind();
    let mut problems = seen.problems;
    if !seen.unparsed.is_empty() {
        problems.push(Problem::Unparsed(seen.unparsed));
    }
    let deadline = Deadline {
        raw,
        kind,
        date: seen.due,
        period: if kind == DeadlineKind::Recurring {
            seen.period
        } else {
            None
        },
        ongoing: seen.ongoing,
    };
    (deadline, problems)
}

/// What a phrase's clauses said, gathered: the latest due date, whether any clause was ongoing,
/// as required or recurring, the text outside the grammar, and what kept a date from resolving.
#[derive(Default)]
struct Seen {
    due: Option<Date>,
    has_due: bool,
    ongoing: bool,
    as_required: bool,
    period: Option<Period>,
    unparsed: Vec<String>,
    problems: Vec<Problem>,
}

impl Seen {
    fn add(&mut self, clause: &Clause, year: Option<i16>) {
        match clause {
            Clause::Ongoing => self.ongoing = true,
            Clause::AsRequired => self.as_required = true,
            Clause::Recurring(p) => self.period = self.period.or(Some(*p)),
            Clause::Date(d) => {
                self.has_due = true;
                self.due = self.due.max(Some(*d));
            }
            Clause::Due { year: which, point } => {
                self.has_due = true;
                let y = match which {
                    YearRef::Explicit(y) => Some(*y),
                    YearRef::Notice => year,
                    YearRef::Next => year.map(|y| y + 1),
                };
                match y.map(|y| (y, point.resolve(y))) {
                    Some((_, Some(d))) => self.due = self.due.max(Some(d)),
                    Some((y, None)) => self
                        .problems
                        .push(Problem::NoSuchDay(format!("{point:?} of {y}"))),
                    None if !self.problems.contains(&Problem::NoYear) => {
                        self.problems.push(Problem::NoYear);
                    }
                    None => {}
                }
            }
            Clause::Unknown(t) => self.unparsed.push(t.clone()),
        }
    }

    /// A due date wins over a period, a period over ongoing, ongoing over as required.
    fn kind(&self) -> DeadlineKind {
        if self.has_due {
            DeadlineKind::Due
        } else if self.period.is_some() {
            DeadlineKind::Recurring
        } else if self.ongoing {
            DeadlineKind::Ongoing
        } else if self.as_required {
            DeadlineKind::AsRequired
        } else {
            DeadlineKind::Unknown
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// raw → (kind, date, ongoing), resolved with the notice year 2022.
    #[test]
    fn phrases_resolve_with_the_notice_year() {
        let cases: &[(&str, DeadlineKind, Option<&str>)] = &[
            ("持续推进", DeadlineKind::Ongoing, None),
            ("长期坚持", DeadlineKind::Ongoing, None),
            ("长期", DeadlineKind::Ongoing, None),
            ("常态化", DeadlineKind::Ongoing, None),
            ("持续开展", DeadlineKind::Ongoing, None),
            ("常态化推进", DeadlineKind::Ongoing, None),
            ("10月底前", DeadlineKind::Due, Some("2022-10-31")),
            ("9月底前", DeadlineKind::Due, Some("2022-09-30")),
            ("2月底前", DeadlineKind::Due, Some("2022-02-28")),
            ("6月底", DeadlineKind::Due, Some("2022-06-30")),
            ("6月末", DeadlineKind::Due, Some("2022-06-30")),
            ("6月份", DeadlineKind::Due, Some("2022-06-30")),
            ("10月前", DeadlineKind::Due, Some("2022-09-30")),
            ("1月前", DeadlineKind::Due, Some("2021-12-31")),
            ("十月底前", DeadlineKind::Due, Some("2022-10-31")),
            ("十二月底前", DeadlineKind::Due, Some("2022-12-31")),
            ("１０月底前", DeadlineKind::Due, Some("2022-10-31")),
            ("6月30日前", DeadlineKind::Due, Some("2022-06-30")),
            ("6月30日", DeadlineKind::Due, Some("2022-06-30")),
            ("3月15号前", DeadlineKind::Due, Some("2022-03-15")),
            ("2023年6月底前", DeadlineKind::Due, Some("2023-06-30")),
            ("2022年10月31日前", DeadlineKind::Due, Some("2022-10-31")),
            ("2022年底前", DeadlineKind::Due, Some("2022-12-31")),
            ("2023年底", DeadlineKind::Due, Some("2023-12-31")),
            ("2022年内", DeadlineKind::Due, Some("2022-12-31")),
            ("年底前", DeadlineKind::Due, Some("2022-12-31")),
            ("年底", DeadlineKind::Due, Some("2022-12-31")),
            ("年内", DeadlineKind::Due, Some("2022-12-31")),
            ("年末", DeadlineKind::Due, Some("2022-12-31")),
            ("全年", DeadlineKind::Due, Some("2022-12-31")),
            ("12月底前", DeadlineKind::Due, Some("2022-12-31")),
            ("上半年", DeadlineKind::Due, Some("2022-06-30")),
            ("下半年", DeadlineKind::Due, Some("2022-12-31")),
            ("上半年前", DeadlineKind::Due, Some("2022-06-30")),
            ("一季度", DeadlineKind::Due, Some("2022-03-31")),
            ("第二季度", DeadlineKind::Due, Some("2022-06-30")),
            ("第三季度末", DeadlineKind::Due, Some("2022-09-30")),
            ("三季度末前", DeadlineKind::Due, Some("2022-09-30")),
            ("三季度前", DeadlineKind::Due, Some("2022-06-30")),
            ("四季度", DeadlineKind::Due, Some("2022-12-31")),
            ("第4季度", DeadlineKind::Due, Some("2022-12-31")),
            ("10月上旬", DeadlineKind::Due, Some("2022-10-10")),
            ("10月中旬", DeadlineKind::Due, Some("2022-10-20")),
            ("10月下旬", DeadlineKind::Due, Some("2022-10-31")),
            ("10月中旬前", DeadlineKind::Due, Some("2022-10-10")),
            ("明年6月底前", DeadlineKind::Due, Some("2023-06-30")),
            ("次年3月底前", DeadlineKind::Due, Some("2023-03-31")),
            ("今年年底前", DeadlineKind::Due, Some("2022-12-31")),
            ("2022-10-31", DeadlineKind::Due, Some("2022-10-31")),
            ("2022/9/30", DeadlineKind::Due, Some("2022-09-30")),
            ("2022.12.31", DeadlineKind::Due, Some("2022-12-31")),
            ("于6月底前完成", DeadlineKind::Due, Some("2022-06-30")),
            ("2023年3月至12月", DeadlineKind::Due, Some("2023-12-31")),
            ("6月—9月", DeadlineKind::Due, Some("2022-09-30")),
            ("2022年10月", DeadlineKind::Due, Some("2022-10-31")),
            ("力争年底前建成", DeadlineKind::Due, Some("2022-12-31")),
            ("10月底前完成初稿", DeadlineKind::Due, Some("2022-10-31")),
            ("每月", DeadlineKind::Recurring, None),
            ("每季度", DeadlineKind::Recurring, None),
            ("每半年", DeadlineKind::Recurring, None),
            ("每年", DeadlineKind::Recurring, None),
            ("定期", DeadlineKind::Recurring, None),
            ("每月10日前报送", DeadlineKind::Recurring, None),
            ("按要求", DeadlineKind::AsRequired, None),
            ("根据需要", DeadlineKind::AsRequired, None),
            ("按规定时限", DeadlineKind::AsRequired, None),
            ("即时", DeadlineKind::AsRequired, None),
            ("立即", DeadlineKind::AsRequired, None),
            ("待定", DeadlineKind::Unknown, None),
            ("", DeadlineKind::Unknown, None),
            ("13月底前", DeadlineKind::Due, None),
            ("2月30日前", DeadlineKind::Due, None),
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
            (DeadlineKind::Due, Some("2022-06-30".into()), true)
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
        assert_eq!((d.kind, d.date), (DeadlineKind::Due, None));
        assert_eq!(p, vec![Problem::NoYear]);
        let (d, p) = resolve(None, &parse("2023年10月底前"), None);
        assert_eq!(d.date.map(|d| d.to_string()), Some("2023-10-31".into()));
        assert!(p.is_empty());
    }

    #[test]
    fn unknown_text_is_kept_and_reported() {
        let (d, p) = resolve(Some("待定".into()), &parse("待定"), Some(2022));
        assert_eq!(d.kind, DeadlineKind::Unknown);
        assert_eq!(d.raw.as_deref(), Some("待定"));
        assert_eq!(p, vec![Problem::Unparsed(vec!["待定".into()])]);
        let (d, p) = resolve(None, &parse("6月底前，视进展再定"), Some(2022));
        assert_eq!(d.kind, DeadlineKind::Due);
        assert_eq!(p, vec![Problem::Unparsed(vec!["视进展再定".into()])]);
    }

    #[test]
    fn typed_dates_are_due_dates() {
        let date = jiff::civil::date(2022, 10, 31);
        let (d, _) = resolve(None, &from_date(date), None);
        assert_eq!((d.kind, d.date), (DeadlineKind::Due, Some(date)));
    }
}
