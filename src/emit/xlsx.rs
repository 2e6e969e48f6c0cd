//! An Excel workbook for the clerk who checks a conversion at a glance and keeps working in
//! Excel or WPS: a sheet 任务 of the work items with Chinese column names, a frozen header, a
//! filter, wrapped text and dates as real dates; a sheet 诊断 of what the conversion found; a
//! sheet 通知 of the notice's own metadata.

use std::io::{self, Write};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::normalize::units::Role;
use crate::report::DeadlineKind;
use crate::report::{Report, Task};
use crate::syntax::deadline::Period;

/// The task sheet's columns: name and width in characters.
const COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("一级标题", 18.0),
    ("二级标题", 18.0),
    ("工作任务", 24.0),
    ("工作要求", 60.0),
    ("牵头单位", 20.0),
    ("配合单位", 24.0),
    ("责任单位", 24.0),
    ("责任领导", 12.0),
    ("完成时限", 16.0),
    ("截止日期", 12.0),
    ("来源", 18.0),
];

/// The most characters Excel holds in one cell.
pub const CELL_CHARS: usize = 32_767;

/// What ends a cell cut at [`CELL_CHARS`].
const CUT_MARK: &str = "…〔截断：全文见 JSON 输出〕";

/// A cell cut where Excel's limit requires: the text, and its length in characters when it was
/// cut.
fn fit(text: &str) -> (std::borrow::Cow<'_, str>, Option<usize>) {
    let chars = text.chars().count();
    if chars <= CELL_CHARS {
        return (std::borrow::Cow::Borrowed(text), None);
    }
    let keep = CELL_CHARS - CUT_MARK.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(CUT_MARK);
    (std::borrow::Cow::Owned(cut), Some(chars))
}

/// A cell of the task sheet cut at Excel's limit, for the diagnostics sheet.
struct Cut {
    path: String,
    source: String,
    column: &'static str,
    chars: usize,
}

/// Writes a text cell, cut at Excel's limit (see [`fit`]).
fn write_text(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    text: &str,
    format: Option<&Format>,
) -> Result<Option<usize>, rust_xlsxwriter::XlsxError> {
    let (text, cut) = fit(text);
    match format {
        Some(format) => sheet.write_string_with_format(row, col, text.as_ref(), format)?,
        None => sheet.write_string(row, col, text.as_ref())?,
    };
    Ok(cut)
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

/// The deadline as a clerk reads it when there is no single date.
fn deadline_words(task: &Task) -> Option<String> {
    let d = &task.deadline;
    Some(match d.kind {
        DeadlineKind::Ongoing => "持续推进".to_string(),
        DeadlineKind::AsRequired => "按要求".to_string(),
        DeadlineKind::Recurring => match d.period {
            Some(Period::Daily) => "每日",
            Some(Period::Weekly) => "每周",
            Some(Period::Monthly) => "每月",
            Some(Period::Quarterly) => "每季度",
            Some(Period::HalfYearly) => "每半年",
            Some(Period::Yearly) => "每年",
            _ => "定期",
        }
        .to_string(),
        DeadlineKind::Due | DeadlineKind::Unknown => return None,
    })
}

fn names(task: &Task, role: Role) -> String {
    task.responsible
        .units
        .iter()
        .filter(|u| u.role == role)
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

fn heading(h: &Option<crate::report::Heading>) -> String {
    h.as_ref()
        .map(|h| h.title.clone().unwrap_or_else(|| h.ordinal.to_string()))
        .unwrap_or_default()
}

fn tasks_sheet(
    sheet: &mut Worksheet,
    reports: &[Report],
    cuts: &mut Vec<Cut>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name("任务")?;
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    for (c, (name, width)) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *name, &header)?;
        sheet.set_column_width(c, *width)?;
    }
    let mut row = 0u32;
    for report in reports {
        for task in &report.tasks {
            row += 1;
            let number = task
                .number
                .map_or_else(|| task.seq.to_string(), |n| n.to_string());
            let texts = [
                number,
                heading(&task.section),
                heading(&task.subsection),
                task.task.clone().unwrap_or_default(),
                task.requirement.clone(),
                names(task, Role::Lead),
                names(task, Role::Cooperate),
                names(task, Role::Responsible),
                task.leaders.join("、"),
                task.deadline.raw.clone().unwrap_or_default(),
            ];
            for (c, text) in texts.iter().enumerate() {
                if let Some(chars) = write_text(sheet, (row, c as u16), text, Some(&wrap))? {
                    cuts.push(Cut {
                        path: report.source.path.clone(),
                        source: task.source.clone(),
                        column: COLUMNS[c].0,
                        chars,
                    });
                }
            }
            match (task.deadline.date, deadline_words(task)) {
                (Some(d), _) => {
                    let when =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(row, 10, &when, &date)?;
                }
                (None, Some(words)) => {
                    sheet.write_string_with_format(row, 10, words, &wrap)?;
                }
                (None, None) => {
                    sheet.write_string_with_format(row, 10, "", &wrap)?;
                }
            }
            let source = if reports.len() > 1 {
                format!("{}：{}", report.source.path, task.source)
            } else {
                task.source.clone()
            };
            write_text(sheet, (row, 11), &source, Some(&wrap))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.max(1), (COLUMNS.len() - 1) as u16)?;
    Ok(())
}

fn diagnostics_sheet(
    sheet: &mut Worksheet,
    reports: &[Report],
    cuts: &[Cut],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name("诊断")?;
    let bold = Format::new().set_bold();
    for (c, (name, width)) in [
        ("文件", 24.0),
        ("级别", 8.0),
        ("代码", 20.0),
        ("位置", 22.0),
        ("说明", 80.0),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    let mut row = 0u32;
    for report in reports {
        for d in &report.diagnostics {
            row += 1;
            let severity = match d.severity {
                crate::Severity::Error => "错误",
                crate::Severity::Warning => "警告",
                crate::Severity::Info => "提示",
            };
            write_text(sheet, (row, 0), &report.source.path, None)?;
            sheet.write_string(row, 1, severity)?;
            sheet.write_string(row, 2, d.code.as_str())?;
            let place = d.location.as_ref().map(ToString::to_string);
            write_text(sheet, (row, 3), &place.unwrap_or_default(), None)?;
            write_text(sheet, (row, 4), &d.message, None)?;
        }
    }
    for cut in cuts {
        row += 1;
        write_text(sheet, (row, 0), &cut.path, None)?;
        sheet.write_string(row, 1, "警告")?;
        sheet.write_string(row, 2, crate::Code::CellTruncated.as_str())?;
        write_text(sheet, (row, 3), &cut.source, None)?;
        sheet.write_string(
            row,
            4,
            format!(
                "the item's {} holds {} characters, more than Excel's {CELL_CHARS} in one cell: the cell is cut there, the full text is in the JSON output",
                cut.column, cut.chars
            ),
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn notice_sheet(
    sheet: &mut Worksheet,
    reports: &[Report],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name("通知")?;
    let bold = Format::new().set_bold();
    sheet.set_column_width(0, 14.0)?;
    sheet.set_column_width(1, 70.0)?;
    let mut row = 0u32;
    for report in reports {
        let n = &report.notice;
        let fields: [(&str, Option<String>); 10] = [
            ("文件", Some(report.source.path.clone())),
            (
                "标题",
                n.title.clone().or_else(|| n.attachment_title.clone()),
            ),
            ("发文字号", n.doc_number.clone()),
            ("发文机关", n.issuer.clone()),
            ("行政区划", n.jurisdiction.as_ref().map(|j| j.name.clone())),
            ("成文日期", n.issued_on.map(|d| d.to_string())),
            ("年度", n.year.map(|y| y.to_string())),
            ("主送机关", Some(n.recipients.join("、"))),
            ("联系人", n.contact.as_ref().map(|c| c.raw.clone())),
            ("任务数", Some(report.tasks.len().to_string())),
        ];
        for (name, value) in fields {
            sheet.write_string_with_format(row, 0, name, &bold)?;
            write_text(sheet, (row, 1), &value.unwrap_or_default(), None)?;
            row += 1;
        }
        row += 1;
    }
    Ok(())
}

/// Writes one workbook of the reports' tasks, diagnostics and notices.
///
/// # Errors
///
/// When the workbook cannot be built or writing to `out` fails.
pub fn write<W: Write>(reports: &[Report], out: &mut W) -> io::Result<()> {
    let mut book = Workbook::new();
    let mut cuts = Vec::new();
    tasks_sheet(book.add_worksheet(), reports, &mut cuts).map_err(xlsx_error)?;
    diagnostics_sheet(book.add_worksheet(), reports, &cuts).map_err(xlsx_error)?;
    notice_sheet(book.add_worksheet(), reports).map_err(xlsx_error)?;
    let bytes = book.save_to_buffer().map_err(xlsx_error)?;
    out.write_all(&bytes)
}
