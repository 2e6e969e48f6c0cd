//! The words of person-facing output in Chinese or English: places (`表1 第2行` for
//! `table 1, row 2`), deadline kinds, periods, roles and yes/no. JSON, English-header CSV and the
//! database keep the English spellings serde gives; Chinese-header CSV and the workbook use these.

use crate::report::{DeadlineKind, Period, Role, UnitKind};

/// The language of the words a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese: places as `表1 第2行`, values as 持续推进, 牵头, 是.
    Zh,
    /// English: places as `table 1, row 2`, values as serde spells them (`ongoing`, `lead`).
    #[default]
    En,
}

/// A place as fenjie writes it in English (`line 26`, `table 1, row 7, column 3`,
/// `paragraphs 4–6`, `分解表!A3:D3`), in `lang`. A spreadsheet reference is the same in both; a
/// text that is no place fenjie writes is kept as it is.
#[must_use]
pub fn place(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    // A combined workbook names the file first: `a.docx：table 1, row 7`.
    if let Some((file, rest)) = text.rsplit_once('：') {
        return format!("{file}：{}", place(rest, lang));
    }
    let mut out = String::new();
    for part in text.split(", ") {
        let (word, number) = part.rsplit_once(' ').unwrap_or((part, ""));
        let numbers_ok = !number.is_empty()
            && number
                .split('–')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !numbers_ok {
            return text.to_string();
        }
        let range = number;
        let piece = match word {
            "page" | "pages" => format!("第{range}页"),
            "table" => format!("表{number}"),
            "row" | "rows" => format!("第{range}行"),
            "line" | "lines" => format!("第{range}行"),
            "column" | "columns" => format!("第{range}列"),
            "paragraph" | "paragraphs" => format!("第{range}段"),
            "near byte" => format!("第{number}字节附近"),
            _ => return text.to_string(),
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&piece);
    }
    out
}

/// A deadline kind as a clerk reads it.
#[must_use]
pub fn deadline_kind(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Ongoing => "持续推进",
        DeadlineKind::Due => "限期完成",
        DeadlineKind::Recurring => "定期",
        DeadlineKind::AsRequired => "按要求",
        DeadlineKind::Unknown => "未识别",
    }
}

/// How often a recurring deadline comes.
#[must_use]
pub fn period(period: Period) -> &'static str {
    match period {
        Period::Daily => "每日",
        Period::Weekly => "每周",
        Period::Monthly => "每月",
        Period::Quarterly => "每季度",
        Period::HalfYearly => "每半年",
        Period::Yearly => "每年",
        Period::Regular => "定期",
    }
}

/// A unit's role.
#[must_use]
pub fn role(role: Role) -> &'static str {
    match role {
        Role::Lead => "牵头",
        Role::Cooperate => "配合",
        Role::Responsible => "责任",
    }
}

/// A unit, or a group of units.
#[must_use]
pub fn unit_kind(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Unit => "单位",
        UnitKind::Group => "单位群",
    }
}

/// A diagnostic's message in `lang`: the English as the diagnostic carries it, or the Chinese
/// of its code's [wording](crate::Code::wordings), places in Chinese and quoted values kept.
/// A message no wording matches (none that fenjie writes) reads as the code's meaning followed
/// by the English.
#[must_use]
pub fn message(d: &crate::Diagnostic, lang: Lang) -> String {
    match lang {
        Lang::En => d.message.clone(),
        Lang::Zh => d
            .chinese_message(&|p: &str| place(p, Lang::Zh))
            .unwrap_or_else(|| format!("{}：{}", d.code.chinese(), d.message)),
    }
}

/// The report with its diagnostics' messages in `lang` (JSON with `--lang zh`); the same
/// report in English.
#[must_use]
pub fn report(report: &crate::Report, lang: Lang) -> std::borrow::Cow<'_, crate::Report> {
    if lang == Lang::En {
        return std::borrow::Cow::Borrowed(report);
    }
    let mut worded = report.clone();
    for d in &mut worded.diagnostics {
        d.message = message(d, lang);
    }
    std::borrow::Cow::Owned(worded)
}

/// A diagnostic as a person reads it in Chinese: `警告[deadline-unparsed] 第2行 第4列：完成时限应如
/// 10月底前，"待定" 无法识别`.
#[must_use]
pub fn diagnostic(d: &crate::Diagnostic) -> String {
    let severity = severity(d.severity, Lang::Zh);
    let place = d
        .location
        .as_ref()
        .map(|l| format!(" {}", place(&l.to_string(), Lang::Zh)))
        .unwrap_or_default();
    format!(
        "{severity}[{}]{place}：{}",
        d.code.as_str(),
        message(d, Lang::Zh)
    )
}

/// A severity as a person reads it: 错误, 警告, 提示 (or `error`, `warning`, `info`).
#[must_use]
pub fn severity(severity: crate::Severity, lang: Lang) -> &'static str {
    match (lang, severity) {
        (Lang::Zh, crate::Severity::Error) => "错误",
        (Lang::Zh, crate::Severity::Warning) => "警告",
        (Lang::Zh, crate::Severity::Info) => "提示",
        (Lang::En, crate::Severity::Error) => "error",
        (Lang::En, crate::Severity::Warning) => "warning",
        (Lang::En, crate::Severity::Info) => "info",
    }
}

/// Yes or no.
#[must_use]
pub fn yes_no(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Location;

    #[test]
    fn every_place_fenjie_writes_reads_in_chinese() {
        let cases = [
            (
                Location::Line {
                    line: 26,
                    column: None,
                },
                "第26行",
            ),
            (
                Location::Line {
                    line: 46,
                    column: Some(3),
                },
                "第46行 第3列",
            ),
            (
                Location::Table {
                    table: 1,
                    row: 2,
                    column: None,
                },
                "表1 第2行",
            ),
            (
                Location::Table {
                    table: 2,
                    row: 7,
                    column: Some(3),
                },
                "表2 第7行 第3列",
            ),
            (
                Location::Sheet {
                    sheet: "分解表".into(),
                    row: 4,
                    first_col: 2,
                    last_col: 2,
                },
                "分解表!C4",
            ),
            (
                Location::Sheet {
                    sheet: "分解表".into(),
                    row: 3,
                    first_col: 0,
                    last_col: 3,
                },
                "分解表!A3:D3",
            ),
            (Location::Paragraph { index: 12 }, "第12段"),
            (Location::Lines { first: 4, last: 6 }, "第4–6行"),
            (Location::Paragraphs { first: 4, last: 6 }, "第4–6段"),
            (Location::Byte { offset: 512 }, "第512字节附近"),
            (
                Location::Page {
                    page: 3,
                    within: Box::new(Location::Table {
                        table: 1,
                        row: 4,
                        column: Some(2),
                    }),
                },
                "第3页 表1 第4行 第2列",
            ),
        ];
        for (location, chinese) in cases {
            let english = location.to_string();
            assert_eq!(place(&english, Lang::Zh), chinese, "{english}");
            assert_eq!(place(&english, Lang::En), english);
        }
        assert_eq!(
            place("a.docx：table 1, row 7", Lang::Zh),
            "a.docx：表1 第7行"
        );
        assert_eq!(place("somewhere else", Lang::Zh), "somewhere else");
    }
}
