//! Writing a diff of two notices: text for the terminal (a summary line, then one line per item
//! that is not the same), the JSON document of `schemas/diff.schema.json`, a workbook with one
//! row per item and its status, and an HTML page with the two notices' items side by side.

use std::fmt::Write as _;
use std::io::{self, Write};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::diff::{Deadlines, Diff, Entry, Item, Status};

use super::review::esc;

/// The diff's output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    /// Lines for the terminal.
    Text,
    /// The JSON document.
    Json,
    /// An Excel workbook.
    Xlsx,
    /// A self-contained HTML page.
    Html,
}

impl DiffFormat {
    /// The file name extension of the format.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            DiffFormat::Text => "txt",
            DiffFormat::Json => "json",
            DiffFormat::Xlsx => "xlsx",
            DiffFormat::Html => "html",
        }
    }

    /// The format a file name's extension names (`.txt`, `.json`, `.xlsx`, `.html`/`.htm`).
    #[must_use]
    pub fn of_path(path: &std::path::Path) -> Option<DiffFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => DiffFormat::Text,
            "json" => DiffFormat::Json,
            "xlsx" => DiffFormat::Xlsx,
            "html" | "htm" => DiffFormat::Html,
            _ => return None,
        })
    }
}

/// Writes a diff in the given format.
///
/// # Errors
///
/// When writing to `out` fails, or the workbook cannot be built.
pub fn write<W: Write>(diff: &Diff, format: DiffFormat, out: &mut W) -> io::Result<()> {
    match format {
        DiffFormat::Text => out.write_all(text(diff).as_bytes()),
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, diff)?;
            out.write_all(b"\n")
        }
        DiffFormat::Xlsx => xlsx(diff, out),
        DiffFormat::Html => out.write_all(html(diff).as_bytes()),
    }
}

/// `OLD → NEW: 20 same, 3 changed, 1 added, 1 removed`.
#[must_use]
pub fn summary_line(diff: &Diff) -> String {
    let s = &diff.summary;
    format!(
        "{} → {}: {} same, {} changed, {} added, {} removed",
        diff.old.path, diff.new.path, s.same, s.changed, s.added, s.removed
    )
}

/// What the diff says about deadlines of notices of different years.
fn deadlines_note(diff: &Diff) -> Option<String> {
    match (diff.deadlines, diff.old.year, diff.new.year) {
        (Deadlines::Relative, Some(a), Some(b)) => Some(format!(
            "deadlines compared relative to each notice's year ({a} → {b}): 10月底前 in both is the same deadline"
        )),
        _ => None,
    }
}

/// The first characters of an item's text, for a line that names it.
fn excerpt(item: Option<&Item>) -> String {
    const LENGTH: usize = 40;
    let Some(item) = item else {
        return String::new();
    };
    let text = item.text().replace('\n', " ");
    if text.chars().count() > LENGTH {
        format!("{}…", text.chars().take(LENGTH).collect::<String>())
    } else {
        text
    }
}

fn seq(seq: Option<u32>) -> String {
    seq.map_or_else(|| "–".to_string(), |s| s.to_string())
}

/// The text output: the summary line, the deadline note, then one line per item that is not
/// the same: `changed 4 → 5  units: 区财政局: cooperate → lead · deadline: 2022-10-31 → 2023-06-30`.
#[must_use]
pub fn text(diff: &Diff) -> String {
    let mut out = summary_line(diff);
    out.push('\n');
    if let Some(note) = deadlines_note(diff) {
        out.push_str(&note);
        out.push('\n');
    }
    for entry in &diff.items {
        let place = format!("{} → {}", seq(entry.old), seq(entry.new));
        let line = match entry.status {
            Status::Same => continue,
            Status::Changed => format!("changed {place}  {}", changes(entry, " · ")),
            Status::Added => format!("added   {place}  {}", excerpt(diff.new_item(entry))),
            Status::Removed => format!("removed {place}  {}", excerpt(diff.old_item(entry))),
        };
        out.push_str(&line.replace('\n', "⏎"));
        out.push('\n');
    }
    out
}

/// An entry's changes, `field: change` joined by `separator`.
fn changes(entry: &Entry, separator: &str) -> String {
    entry
        .changes
        .iter()
        .map(|c| format!("{}: {}", crate::report::spelling(&c.field), c.text))
        .collect::<Vec<_>>()
        .join(separator)
}

/// The status as a clerk reads it, and its colour.
fn status_words(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Same => ("未变", "#FFFFFF"),
        Status::Changed => ("变更", "#FFF2CC"),
        Status::Added => ("新增", "#E2EFDA"),
        Status::Removed => ("删除", "#FCE4D6"),
    }
}

/// `区发改局（牵头）、区财政局（配合）`.
fn units(item: &Item) -> String {
    item.responsible
        .units
        .iter()
        .map(|u| match u.role.as_str() {
            "lead" => format!("{}（牵头）", u.name),
            "cooperate" => format!("{}（配合）", u.name),
            _ => u.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn deadline(item: &Item) -> String {
    let d = &item.deadline;
    match (&d.raw, &d.date) {
        (Some(raw), Some(date)) => format!("{raw}（{date}）"),
        (Some(raw), None) => raw.clone(),
        (None, Some(date)) => date.clone(),
        (None, None) => String::new(),
    }
}

const COLUMNS: [(&str, f64); 10] = [
    ("状态", 6.0),
    ("原序号", 7.0),
    ("新序号", 7.0),
    ("相似度", 7.0),
    ("一级标题", 18.0),
    ("工作任务", 18.0),
    ("工作要求", 50.0),
    ("责任单位", 28.0),
    ("完成时限", 14.0),
    ("变更内容", 50.0),
];

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e)
}

/// The workbook: sheet 对照 with one row per item, its status coloured (变更, 新增, 删除, 未变),
/// and sheet 概况 naming the notices and the counts.
fn xlsx<W: Write>(diff: &Diff, out: &mut W) -> io::Result<()> {
    let mut book = Workbook::new();
    items_sheet(book.add_worksheet(), diff).map_err(xlsx_error)?;
    overview_sheet(book.add_worksheet(), diff).map_err(xlsx_error)?;
    let bytes = book.save_to_buffer().map_err(xlsx_error)?;
    out.write_all(&bytes)
}

fn items_sheet(sheet: &mut Worksheet, diff: &Diff) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name("对照")?;
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    for (c, (name, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    for (r, entry) in diff.items.iter().enumerate() {
        let row = r as u32 + 1;
        let (word, colour) = status_words(entry.status);
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_background_color(colour);
        // The new item where there is one, else the removed old one.
        let item = diff.new_item(entry).or_else(|| diff.old_item(entry));
        let texts = [
            word.to_string(),
            seq(entry.old).replace('–', ""),
            seq(entry.new).replace('–', ""),
            format!("{:.2}", entry.similarity),
            item.and_then(Item::place).unwrap_or_default(),
            item.and_then(|i| i.task.clone()).unwrap_or_default(),
            item.map(|i| i.requirement.clone()).unwrap_or_default(),
            item.map(units).unwrap_or_default(),
            item.map(deadline).unwrap_or_default(),
            changes(entry, "\n"),
        ];
        for (c, text) in texts.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, text, &cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        (diff.items.len() as u32).max(1),
        (COLUMNS.len() - 1) as u16,
    )?;
    Ok(())
}

fn overview_sheet(sheet: &mut Worksheet, diff: &Diff) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name("概况")?;
    let bold = Format::new().set_bold();
    let year = |y: Option<i16>| y.map(|y| y.to_string()).unwrap_or_default();
    let s = &diff.summary;
    let rows: Vec<(&str, String, String)> = vec![
        ("", "原通知".into(), "新通知".into()),
        ("文件", diff.old.path.clone(), diff.new.path.clone()),
        (
            "标题",
            diff.old.title.clone().unwrap_or_default(),
            diff.new.title.clone().unwrap_or_default(),
        ),
        ("年度", year(diff.old.year), year(diff.new.year)),
        ("未变", s.same.to_string(), String::new()),
        ("变更", s.changed.to_string(), String::new()),
        ("新增", s.added.to_string(), String::new()),
        ("删除", s.removed.to_string(), String::new()),
        (
            "时限比较",
            match diff.deadlines {
                Deadlines::Relative => "按各自年度比较（如两年的“10月底前”视为未变）".into(),
                Deadlines::Absolute => "按日期比较".into(),
            },
            String::new(),
        ),
    ];
    for (r, (label, a, b)) in rows.iter().enumerate() {
        sheet.write_string_with_format(r as u32, 0, *label, &bold)?;
        sheet.write_string(r as u32, 1, a)?;
        sheet.write_string(r as u32, 2, b)?;
    }
    sheet.set_column_width(0, 10)?;
    sheet.set_column_width(1, 50)?;
    sheet.set_column_width(2, 50)?;
    Ok(())
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.4em;vertical-align:top;text-align:left}
th{background:#e8eef7}td.item{width:40%}.meta{color:#666;font-size:.9em}.changed{background:#fff2cc}.added{background:#e2efda}
.removed{background:#fce4d6}ul{margin:.2em 0;padding-left:1.2em}del{background:#f4b6b6}ins{background:#b6e3b6;text-decoration:none}";

/// The HTML page: the two notices' items side by side, one row per entry, with each change
/// listed under the pair.
#[must_use]
pub fn html(diff: &Diff) -> String {
    let mut html = String::new();
    let title = |t: &Option<String>, path: &str| esc(t.as_deref().unwrap_or(path));
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>对照：{}</title><style>{STYLE}</style></head><body>\n<h1>{} → {}</h1>\n<p class=\"meta\">{}</p>\n",
        title(&diff.new.title, &diff.new.path),
        title(&diff.old.title, &diff.old.path),
        title(&diff.new.title, &diff.new.path),
        esc(&summary_line(diff)),
    );
    if let Some(note) = deadlines_note(diff) {
        let _ = writeln!(html, "<p class=\"meta\">{}</p>", esc(&note));
    }
    html.push_str("<table><tr><th>状态</th><th>原通知</th><th>新通知</th></tr>\n");
    for entry in &diff.items {
        let (word, _) = status_words(entry.status);
        let class = crate::report::spelling(&entry.status);
        let _ = write!(
            html,
            "<tr class=\"{class}\"><td>{word}</td><td class=\"item\">{}</td><td class=\"item\">{}",
            item_cell(diff.old_item(entry)),
            item_cell(diff.new_item(entry)),
        );
        if !entry.changes.is_empty() {
            html.push_str("<ul>");
            for c in &entry.changes {
                let _ = write!(
                    html,
                    "<li>{}: {}</li>",
                    crate::report::spelling(&c.field),
                    marks(&esc(&c.text))
                );
            }
            html.push_str("</ul>");
        }
        html.push_str("</td></tr>\n");
    }
    html.push_str("</table>\n</body></html>\n");
    html
}

fn item_cell(item: Option<&Item>) -> String {
    let Some(item) = item else {
        return String::new();
    };
    let mut cell = format!("<span class=\"meta\">{}", item.seq);
    if let Some(place) = item.place() {
        let _ = write!(cell, " · {}", esc(&place));
    }
    cell.push_str("</span><br>");
    if let Some(task) = &item.task {
        let _ = write!(cell, "<b>{}</b><br>", esc(task));
    }
    let _ = write!(
        cell,
        "{}<br><span class=\"meta\">{} · {}</span>",
        esc(&item.requirement),
        esc(&units(item)),
        esc(&deadline(item))
    );
    cell
}

/// `[-old-]{+new+}` marks as `<del>`/`<ins>`, in text already escaped.
fn marks(text: &str) -> String {
    text.replace("[-", "<del>")
        .replace("-]", "</del>")
        .replace("{+", "<ins>")
        .replace("+}", "</ins>")
}
