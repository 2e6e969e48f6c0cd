//! An Excel workbook for the clerk who checks a conversion at a glance, sorts and prints it, and
//! keeps working in Excel or WPS: a sheet 任务 of the work items with Chinese column names (every
//! field the CSV has that a person reads, 备注 and the notice's own extra columns included), a
//! frozen header, a filter, wrapped text in rows tall enough to show it, columns as wide as their
//! content, 序号 as a number and dates as real dates, printed on A4 landscape as wide as the page
//! with the header on every page; a sheet 诊断 of what the conversion found; a sheet 通知 of the
//! notice's own metadata.

use std::io::{self, Write};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::columns::{self, Value};
use super::lang::{self, Lang};
use crate::report::{DeadlineKind, Period, Report, Task, spelling};

/// The task sheet's columns, by their names in [`COLUMNS`](super::columns::COLUMNS) (whose
/// Chinese names head them), each with the widest it grows (in character widths; a CJK
/// character is two). `extra` stands for one column per header the notices add beyond the
/// vocabulary.
const SHEET: &[(&str, f64)] = &[
    ("number", 8.0),
    ("section_title", 16.0),
    ("subsection_title", 16.0),
    ("task", 20.0),
    ("requirement", 44.0),
    ("lead_units", 16.0),
    ("cooperating_units", 20.0),
    ("responsible_units", 18.0),
    ("leaders", 10.0),
    ("deadline_raw", 14.0),
    ("deadline_date", 12.0),
    ("notes", 16.0),
    ("extra", OTHER_WIDTH),
    ("source", OTHER_WIDTH),
    ("id", 18.0),
];

/// The widest an extra column or 来源 grows.
const OTHER_WIDTH: f64 = 16.0;

/// Points per line of wrapped text in the default 11-point font, the padding of a row, and the
/// tallest row Excel allows.
const LINE_HEIGHT: f64 = 15.0;
const ROW_PADDING: f64 = 3.0;
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The height of a row whose tallest cell takes `lines` lines.
fn row_height(lines: f64) -> f64 {
    (lines * LINE_HEIGHT + ROW_PADDING).min(MAX_ROW_HEIGHT)
}

/// A4 in Excel's paper size codes.
const PAPER_A4: u8 = 9;

/// How wide text shows, in Excel's character widths: CJK and full-width characters take two.
fn display_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) < 0x1100 { 1.0 } else { 2.0 })
        .sum()
}

/// How many lines `text` takes in a column `width` characters wide, wrapping at any character
/// (Chinese text has no spaces to wrap at).
fn lines_in(text: &str, width: f64) -> f64 {
    let width = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| (display_width(line) / width).ceil().max(1.0))
        .sum()
}

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
    column: String,
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
fn deadline_words(task: &Task, lang: Lang) -> Option<String> {
    let d = &task.deadline;
    let zh = match d.kind {
        DeadlineKind::Due | DeadlineKind::Unknown => return None,
        DeadlineKind::Recurring => lang::period(d.period.unwrap_or(Period::Regular)),
        kind => lang::deadline_kind(kind),
    };
    Some(match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => match d.period {
            Some(p) if d.kind == DeadlineKind::Recurring => spelling(&p),
            _ => spelling(&d.kind),
        },
    })
}

/// The headers of the columns the notices add beyond the vocabulary (`extra`), in the order first
/// seen.
fn extra_headers(reports: &[Report]) -> Vec<&str> {
    let mut headers: Vec<&str> = Vec::new();
    for task in reports.iter().flat_map(|r| &r.tasks) {
        for key in task.extra.keys() {
            if !headers.contains(&key.as_str()) {
                headers.push(key);
            }
        }
    }
    headers
}

/// One cell of the task sheet.
enum Cell {
    Text(String),
    Number(f64),
    Date(jiff::civil::Date),
}

impl Cell {
    fn width(&self) -> f64 {
        match self {
            Cell::Text(t) => t.split('\n').map(display_width).fold(0.0, f64::max),
            Cell::Number(n) => display_width(&n.to_string()),
            Cell::Date(_) => 10.0,
        }
    }
}

/// The cells of one task's row, in the order of [`header`]: each column's value as the
/// workbook shows it.
fn task_row(report: &Report, task: &Task, extra: &[&str], several: bool, lang: Lang) -> Vec<Cell> {
    let mut cells = Vec::with_capacity(SHEET.len() + extra.len());
    for (name, _) in SHEET {
        if *name == "extra" {
            cells.extend(
                extra
                    .iter()
                    .map(|h| Cell::Text(task.extra.get(*h).cloned().unwrap_or_default())),
            );
            continue;
        }
        let Some(column) = columns::named(name) else {
            continue;
        };
        let cell = match ((column.value)(task), *name) {
            (Value::Integer(n), _) => Cell::Number(f64::from(n)),
            (Value::Date(d), _) => Cell::Date(d),
            // What a clerk reads where the record has nothing: the item's place in the notice,
            // a heading's ordinal, the deadline in words.
            (Value::Empty, "number") => Cell::Number(f64::from(task.seq)),
            (Value::Empty, "section_title") => Cell::Text(heading(task.section.as_ref())),
            (Value::Empty, "subsection_title") => Cell::Text(heading(task.subsection.as_ref())),
            (Value::Empty, "deadline_date") => {
                Cell::Text(deadline_words(task, lang).unwrap_or_default())
            }
            (Value::Place(place), _) if several => Cell::Text(format!(
                "{}：{}",
                report.source.path,
                lang::place(place, lang)
            )),
            (value, _) => Cell::Text(value.to_text(lang)),
        };
        cells.push(cell);
    }
    cells
}

/// A heading without a title, by its ordinal.
fn heading(h: Option<&crate::report::Heading>) -> String {
    h.map(|h| h.ordinal.to_string()).unwrap_or_default()
}

/// The task sheet's header: the columns' Chinese names, the extra ones as the notices head
/// them, each with the widest it grows.
fn header<'a>(extra: &[&'a str]) -> Vec<(&'a str, f64)> {
    let mut header = Vec::with_capacity(SHEET.len() + extra.len());
    for (name, width) in SHEET {
        if *name == "extra" {
            header.extend(extra.iter().map(|h| (*h, OTHER_WIDTH)));
        } else if let Some(column) = columns::named(name) {
            header.push((column.chinese, *width));
        }
    }
    header
}

/// Prints on A4 landscape, as wide as the page, the header row on every page, numbered.
fn page_setup(sheet: &mut Worksheet) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet
        .set_paper_size(PAPER_A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&C第 &P 页，共 &N 页");
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The task sheet's cell formats: the header row, wrapped text, numbers and dates, each with a
/// thin border.
struct TaskFormats {
    header: Format,
    wrap: Format,
    number: Format,
    date: Format,
}

impl TaskFormats {
    fn new() -> TaskFormats {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color("#DDEBF7")
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let wrap = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        let number = Format::new()
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Center)
            .set_border(FormatBorder::Thin);
        let date = Format::new()
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        TaskFormats {
            header,
            wrap,
            number,
            date,
        }
    }
}

fn tasks_sheet(
    sheet: &mut Worksheet,
    reports: &[Report],
    lang: Lang,
    cuts: &mut Vec<Cut>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name("任务")?;
    let TaskFormats {
        header: header_format,
        wrap,
        number,
        date,
    } = TaskFormats::new();
    let extra = extra_headers(reports);
    let columns = header(&extra);
    let several = reports.len() > 1;
    let items: Vec<(&Report, &Task)> = reports
        .iter()
        .flat_map(|r| r.tasks.iter().map(move |t| (r, t)))
        .collect();
    let rows: Vec<Vec<Cell>> = items
        .iter()
        .map(|(r, t)| task_row(r, t, &extra, several, lang))
        .collect();
    // Each column as wide as its widest cell or header, up to its limit; longer text wraps.
    let widths: Vec<f64> = columns
        .iter()
        .enumerate()
        .map(|(c, (name, most))| {
            let widest = rows.iter().map(|r| r[c].width()).fold(0.0, f64::max);
            (widest.max(display_width(name)) + 2.0).min(*most)
        })
        .collect();
    for (c, (name, _)) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *name, &header_format)?;
        sheet.set_column_width(c, widths[c as usize])?;
    }
    for (i, cells) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let mut lines: f64 = 1.0;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(text) => {
                    if let Some(chars) = write_text(sheet, (row, col), text, Some(&wrap))? {
                        let (report, task) = items[i];
                        cuts.push(Cut {
                            path: report.source.path.clone(),
                            source: lang::place(&task.source, lang),
                            column: columns[c].0.to_string(),
                            chars,
                        });
                    }
                    lines = lines.max(lines_in(text, widths[c]));
                }
                Cell::Number(n) => {
                    sheet.write_number_with_format(row, col, *n, &number)?;
                }
                Cell::Date(d) => {
                    let when =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(row, col, &when, &date)?;
                }
            }
        }
        // Excel does not grow a row to fit wrapped text it did not type itself.
        sheet.set_row_height(row, row_height(lines))?;
    }
    let last_row = rows.len() as u32;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row.max(1), (columns.len() - 1) as u16)?;
    page_setup(sheet)?;
    Ok(())
}

fn diagnostics_sheet(
    sheet: &mut Worksheet,
    reports: &[Report],
    lang: Lang,
    cuts: &[Cut],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name("诊断")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (c, (name, width)) in [
        ("文件", 24.0),
        ("级别", 8.0),
        ("代码", 20.0),
        ("问题", 30.0),
        ("位置", 22.0),
        ("说明", 70.0),
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
            let message = lang::message(d, lang);
            write_text(sheet, (row, 0), &report.source.path, None)?;
            sheet.write_string(row, 1, lang::severity(d.severity, lang))?;
            sheet.write_string(row, 2, d.code.as_str())?;
            sheet.write_string_with_format(row, 3, d.code.chinese(), &wrap)?;
            let place = d
                .location
                .as_ref()
                .map(|l| lang::place(&l.to_string(), lang));
            write_text(sheet, (row, 4), &place.unwrap_or_default(), None)?;
            write_text(sheet, (row, 5), &message, Some(&wrap))?;
            let lines = lines_in(&message, 70.0).max(lines_in(d.code.chinese(), 30.0));
            sheet.set_row_height(row, row_height(lines))?;
        }
    }
    for cut in cuts {
        row += 1;
        let d = crate::Diagnostic::warning(
            crate::Code::CellTruncated,
            None,
            format!(
                "the item's {} holds {} characters, more than Excel's {CELL_CHARS} in one cell: the cell is cut there, the full text is in the JSON output",
                cut.column, cut.chars
            ),
        );
        write_text(sheet, (row, 0), &cut.path, None)?;
        sheet.write_string(row, 1, lang::severity(d.severity, lang))?;
        sheet.write_string(row, 2, d.code.as_str())?;
        sheet.write_string(row, 3, d.code.chinese())?;
        write_text(sheet, (row, 4), &cut.source, None)?;
        sheet.write_string(row, 5, lang::message(&d, lang))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    page_setup(sheet)?;
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
        let fields: [(&str, Option<String>); 12] = [
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
            ("通知键", Some(report.key.clone())),
            ("数据版本", Some(report.schema_version.to_string())),
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

/// Writes one workbook of the reports' tasks, diagnostics and notices; places and values in
/// `lang` (the column names are Chinese either way).
///
/// # Errors
///
/// When the workbook cannot be built or writing to `out` fails.
pub fn write<W: Write>(reports: &[Report], lang: Lang, out: &mut W) -> io::Result<()> {
    let mut book = Workbook::new();
    let mut cuts = Vec::new();
    tasks_sheet(book.add_worksheet(), reports, lang, &mut cuts).map_err(xlsx_error)?;
    diagnostics_sheet(book.add_worksheet(), reports, lang, &cuts).map_err(xlsx_error)?;
    notice_sheet(book.add_worksheet(), reports).map_err(xlsx_error)?;
    let bytes = book.save_to_buffer().map_err(xlsx_error)?;
    out.write_all(&bytes)
}
