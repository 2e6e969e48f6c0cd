//! Spreadsheet notices (.xlsx, .xlsm, .xls through calamine, .ods through [`ods`]): one
//! [`Grid`] per worksheet, typed values kept (numbers, dates, booleans, errors) and merged
//! regions resolved.

mod ods;

use std::io::{Cursor, Read, Seek};

use calamine::{Data, DataRef, Dimensions, Range, Reader, Xls, Xlsx};

use super::{Document, Format, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};

/// Refuses a package whose parts claim more than the limits allow, before calamine inflates
/// anything (calamine reads each part whole).
pub fn check_parts<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    options: &ReadOptions,
) -> Result<(), Error> {
    let limit = options.limits.part_bytes;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| Error::from(ErrorKind::Zip(e)))?;
        let size = entry.size();
        total = total.saturating_add(size);
        if size > limit || total > limit.saturating_mul(2) {
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            return Err(Error::limit(
                format!("{name}'s uncompressed size ({size} bytes)"),
                limit,
            ));
        }
    }
    Ok(())
}

/// One worksheet as its reader gives it: used cells (0-based sheet row and column) and merged
/// regions.
struct Sheet {
    name: String,
    cells: Vec<((u32, u32), Value)>,
    merges: Vec<Dimensions>,
    /// Formula cells whose file stores no computed value (written by a program that does not
    /// calculate): position and formula.
    unvalued: Vec<((u32, u32), String)>,
}

/// Reads every worksheet of a workbook.
pub fn read(bytes: &[u8], format: Format, options: &ReadOptions) -> Result<Document, Error> {
    // calamine's arithmetic on cell references overflows on some malformed sheets (a panic where
    // overflow checks are on, garbage positions where not, which the cell limit then stops).
    // A panic inside it is a workbook it cannot read, not a crash of fenjie.
    let read = std::panic::AssertUnwindSafe(|| read_sheets(bytes, format, options));
    std::panic::catch_unwind(read).unwrap_or(Err(Error::from(ErrorKind::Workbook {
        sheet: None,
        source: calamine::Error::Msg("the spreadsheet reader failed on a malformed worksheet"),
    })))
}

/// Reads every worksheet of an `OpenDocument` spreadsheet from its `content.xml`.
pub fn read_ods(content: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    let mut budget = options.limits.cells;
    let (sheets, hidden) = ods::sheets(content, &mut budget, options)?;
    document(Format::Ods, sheets, &hidden, options)
}

fn read_sheets(bytes: &[u8], format: Format, options: &ReadOptions) -> Result<Document, Error> {
    // An Excel 97–2003 sheet is laid out densely by calamine as it is opened: cells far from
    // the table are set aside before, and the rest is checked against the cell limit.
    let far = if format == Format::Xls {
        super::extent::set_aside_far_xls(bytes)
    } else {
        None
    };
    let bytes = far.as_ref().map_or(bytes, |f| f.kept.as_slice());
    if format == Format::Xls {
        super::extent::check_xls(bytes, options.limits.cells as u64)?;
    }
    let cursor = Cursor::new(bytes);
    let mut budget = options.limits.cells;
    let (sheets, hidden) = match format {
        Format::Xls => xls_sheets(cursor, &mut budget)?,
        _ => xlsx_sheets(cursor, &mut budget, options)?,
    };
    let mut doc = document(format, sheets, &hidden, options)?;
    if let Some(far) = &far {
        doc.diagnostics.extend(far_xls_cells(far));
    }
    Ok(doc)
}

/// The sheets laid out as grids, the hidden ones named.
fn document(
    format: Format,
    sheets: Vec<Sheet>,
    hidden: &[String],
    options: &ReadOptions,
) -> Result<Document, Error> {
    let mut doc = Document {
        sheet_names: sheets.iter().map(|s| s.name.clone()).collect(),
        ..Document::new(format)
    };
    if !hidden.is_empty() {
        doc.diagnostics.push(crate::diagnostic::Diagnostic::info(
            Code::SheetsHidden,
            None,
            format!("hidden sheets were not read: {}", hidden.join(", ")),
        ));
    }
    let mut dense = options.limits.cells;
    for sheet in sheets {
        if let Some(grid) = to_grid(sheet, options, &mut dense, &mut doc.diagnostics)? {
            doc.push_grid(grid);
        }
    }
    Ok(doc)
}

fn workbook_error(e: calamine::Error) -> Error {
    Error::from(ErrorKind::Workbook {
        sheet: None,
        source: e,
    })
}

/// The visible sheets of an Excel 97–2003 workbook (and WPS's .et), with the hidden ones' names.
fn xls_sheets(
    cursor: Cursor<&[u8]>,
    budget: &mut usize,
) -> Result<(Vec<Sheet>, Vec<String>), Error> {
    let mut wb: Xls<_> = Xls::new(cursor).map_err(|e| workbook_error(e.into()))?;
    let merges = |wb: &Xls<_>, name: &str| wb.merge_cells_by_sheet_name(name).unwrap_or_default();
    ranged_sheets(&mut wb, merges, budget)
}

/// The visible sheets of a workbook calamine reads as whole ranges, each with its merged
/// regions; the hidden sheets' names beside them.
fn ranged_sheets<'b, W>(
    wb: &mut W,
    merges: impl Fn(&W, &str) -> Vec<Dimensions>,
    budget: &mut usize,
) -> Result<(Vec<Sheet>, Vec<String>), Error>
where
    W: Reader<Cursor<&'b [u8]>>,
    W::Error: Into<calamine::Error>,
{
    let hidden = hidden_sheets(wb.sheets_metadata());
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        if hidden.contains(&name) {
            continue;
        }
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| in_sheet(&name, e.into()))?;
        let regions = merges(wb, &name);
        out.push(from_range(name, &range, regions, budget));
    }
    Ok((out, hidden))
}

/// The visible sheets of an Excel 2007+ workbook, with the hidden ones' names.
fn xlsx_sheets(
    cursor: Cursor<&[u8]>,
    budget: &mut usize,
    options: &ReadOptions,
) -> Result<(Vec<Sheet>, Vec<String>), Error> {
    let mut wb: Xlsx<_> = Xlsx::new(cursor).map_err(|e| workbook_error(e.into()))?;
    let hidden = hidden_sheets(wb.sheets_metadata());
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        if !hidden.contains(&name) {
            out.push(xlsx_sheet(&mut wb, name, budget, options)?);
        }
    }
    Ok((out, hidden))
}

/// One sheet, cell by cell rather than calamine's dense range: a reference far off the sheet
/// (`QQQQQQ9`) would have it allocate billions of cells before any check. Formula cells whose
/// file stores no value are kept apart, to be said.
fn xlsx_sheet(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: String,
    budget: &mut usize,
    options: &ReadOptions,
) -> Result<Sheet, Error> {
    let mut cells = Vec::new();
    let mut reader = wb
        .worksheet_cells_reader(&name)
        .map_err(|e| in_sheet(&name, e.into()))?;
    while let Some(cell) = reader.next_cell().map_err(|e| in_sheet(&name, e.into()))? {
        let v = value_ref(cell.get_value());
        if v != Value::Empty {
            spend(budget, 1, &name, options)?;
            cells.push((cell.get_position(), v));
        }
    }
    drop(reader);
    let mut unvalued = Vec::new();
    if let Ok(mut formulas) = wb.worksheet_cells_reader(&name) {
        let valued: std::collections::HashSet<(u32, u32)> = cells.iter().map(|(p, _)| *p).collect();
        while let Ok(Some(cell)) = formulas.next_formula() {
            let formula = cell.get_value();
            if !formula.is_empty() && !valued.contains(&cell.get_position()) {
                spend(budget, 1, &name, options)?;
                unvalued.push((cell.get_position(), formula.clone()));
            }
        }
    }
    let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
    Ok(Sheet {
        name,
        cells,
        merges,
        unvalued,
    })
}

/// Names of the sheets a workbook hides: not what its readers see, so not read.
fn hidden_sheets(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

fn in_sheet(name: &str, source: calamine::Error) -> Error {
    Error::from(ErrorKind::Workbook {
        sheet: Some(name.to_string()),
        source,
    })
}

/// Takes `n` cells from the document's budget, or fails naming the limit.
fn spend(budget: &mut usize, n: usize, sheet: &str, options: &ReadOptions) -> Result<(), Error> {
    match budget.checked_sub(n) {
        Some(rest) => {
            *budget = rest;
            Ok(())
        }
        None => Err(over_limit(sheet, options)),
    }
}

/// The error of a document whose worksheets hold more cells than the limit.
fn over_limit(sheet: &str, options: &ReadOptions) -> Error {
    Error::limit(
        format!("cells in worksheets (at sheet {sheet})"),
        options.limits.cells,
    )
}

fn from_range(
    name: String,
    range: &Range<Data>,
    merges: Vec<Dimensions>,
    budget: &mut usize,
) -> Sheet {
    let cells: Vec<((u32, u32), Value)> = range
        .used_cells()
        .filter_map(|(r, c, d)| {
            let v = value(d);
            let (r0, c0) = range.start().unwrap_or((0, 0));
            (v != Value::Empty).then(|| ((r0 + r as u32, c0 + c as u32), v))
        })
        .collect();
    *budget = budget.saturating_sub(cells.len());
    Sheet {
        name,
        cells,
        merges,
        unvalued: Vec::new(),
    }
}

/// Lays a sheet's used cells out as a grid from its first used row and column, applying merged
/// regions. The grid's size is checked against the cell limit before it is allocated.
/// A sheet laid out densely spans from its first to its last used cell; a stray cell far from
/// the table (`.` in A1048576, `x` in XFD1048576) would make that millions of cells. Such cells
/// are set aside, each said with its text in a `far-cell` warning, and the table is laid out
/// without them.
fn set_aside_far_cells(
    sheet: &str,
    cells: &mut Vec<((u32, u32), Value)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let positions: Vec<(u32, u32)> = cells.iter().map(|(p, _)| *p).collect();
    let far = super::extent::far_cells(&positions);
    if !far.contains(&true) {
        return;
    }
    let (kept, far): (Vec<_>, Vec<_>) = std::mem::take(cells)
        .into_iter()
        .zip(far)
        .partition(|(_, far)| !far);
    *cells = kept.into_iter().map(|(cell, _)| cell).collect();
    for (((r, c), value), _) in far {
        diagnostics.push(far_cell(sheet, r, c, &value.text()));
    }
}

/// The warning for a cell set aside far from its sheet's table, with its text.
fn far_cell(sheet: &str, row: u32, col: u32, text: &str) -> Diagnostic {
    let location = Location::Sheet {
        sheet: sheet.to_string(),
        row: row + 1,
        first_col: col,
        last_col: col,
    };
    Diagnostic::warning(
        Code::FarCell,
        Some(location),
        format!(
            "this cell lies far from the table and was not laid out with it; it holds {text:?}"
        ),
    )
}

/// The warnings for the cells of an Excel 97–2003 workbook set aside far from their tables
/// (see [`super::extent::set_aside_far_xls`]), each with its text, read from the workbook that
/// holds only them.
fn far_xls_cells(far: &super::extent::FarCells) -> Vec<Diagnostic> {
    let Ok(mut wb) = Xls::new(Cursor::new(far.far.as_slice())) else {
        return Vec::new();
    };
    let names = wb.sheet_names();
    let mut rows: Vec<u32> = vec![0; names.len()];
    let mut out = Vec::new();
    for &(sheet, row, col) in &far.cells {
        let Some(name) = names.get(sheet) else {
            continue;
        };
        let k = rows[sheet];
        rows[sheet] += 1;
        let text = wb.worksheet_range(name).map_or(String::new(), |range| {
            range
                .used_cells()
                .filter(|(r, _, _)| range.start().map_or(0, |s| s.0) + *r as u32 == k)
                .map(|(_, _, d)| value(d).text().into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        });
        out.push(far_cell(name, row, col, &text));
    }
    out
}

fn to_grid(
    sheet: Sheet,
    options: &ReadOptions,
    dense: &mut usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Grid>, Error> {
    let Sheet {
        name,
        mut cells,
        merges,
        unvalued,
    } = sheet;
    report_unvalued(&name, unvalued, diagnostics);
    if cells.is_empty() {
        return Ok(None);
    }
    set_aside_far_cells(&name, &mut cells, diagnostics);
    let first_row = cells.iter().map(|((r, _), _)| *r).min().unwrap_or(0);
    let first_col = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    let last_row = cells.iter().map(|((r, _), _)| *r).max().unwrap_or(0);
    let last_col = cells.iter().map(|((_, c), _)| *c).max().unwrap_or(0);
    let height = (last_row - first_row) as usize + 1;
    let width = (last_col - first_col) as usize + 1;
    spend(dense, height.saturating_mul(width), &name, options)?;
    let mut rows: Vec<Row> = (0..height)
        .map(|r| Row {
            cells: vec![Cell::new(Value::Empty); width],
            number: first_row + r as u32 + 1,
            repeat_header: false,
            cut_off: false,
        })
        .collect();
    for ((r, c), value) in cells {
        if let Value::Text(s) = &value
            && s.len() > options.limits.cell_bytes
        {
            let location = Location::Sheet {
                sheet: name.clone(),
                row: r + 1,
                first_col: c,
                last_col: c,
            };
            return Err(
                Error::limit("text of one cell", options.limits.cell_bytes).at(Some(location))
            );
        }
        rows[(r - first_row) as usize].cells[(c - first_col) as usize] = Cell::new(value);
    }
    // A region listed twice is applied once: each repeat would walk all its cells again.
    let mut applied = std::collections::HashSet::new();
    for m in &merges {
        if applied.insert((m.start, m.end)) {
            apply_merge(&mut rows, m, (first_row, first_col), &name, diagnostics);
        }
    }
    // A row ends at its last cell: the empty cells after it are no part of what the sheet holds.
    for row in &mut rows {
        while row
            .cells
            .last()
            .is_some_and(|c| c.merge == Merge::Single && c.value.is_blank())
        {
            row.cells.pop();
        }
        row.cells.shrink_to_fit();
    }
    Ok(Some(Grid {
        source: GridSource::Sheet {
            name,
            first_col,
            last_col,
        },
        rows,
        headings: Vec::new(),
    }))
}

/// One warning per formula cell whose file stores no computed value.
fn report_unvalued(
    name: &str,
    unvalued: Vec<((u32, u32), String)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for ((r, c), formula) in unvalued {
        diagnostics.push(Diagnostic::warning(
            Code::FormulaWithoutValue,
            Some(Location::Sheet {
                sheet: name.to_string(),
                row: r + 1,
                first_col: c,
                last_col: c,
            }),
            format!(
                "the cell holds the formula ={formula} but the file stores no value for it (open and save it in a spreadsheet program to compute it); it reads empty"
            ),
        ));
    }
}

/// Applies one merged region (in sheet coordinates) to the grid starting at `(first_row,
/// first_col)`, clipped to it: the anchor learns its extent, the covered positions point at
/// it; a covered cell with text of its own keeps it and is said.
fn apply_merge(
    rows: &mut [Row],
    m: &Dimensions,
    (first_row, first_col): (u32, u32),
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (height, width) = (rows.len(), rows.first().map_or(0, |r| r.cells.len()));
    // calamine reports merged regions in sheet coordinates; the grid starts at the first
    // used cell. Clip the region to the grid.
    let (top, left) = m.start;
    let (bottom, right) = m.end;
    if top < first_row || left < first_col || bottom < top || right < left {
        return;
    }
    let (ar, ac) = ((top - first_row) as usize, (left - first_col) as usize);
    if ar >= height || ac >= width {
        return;
    }
    let br = ((bottom - first_row) as usize).min(height - 1);
    let bc = ((right - first_col) as usize).min(width - 1);
    rows[ar].cells[ac].merge = Merge::Anchor {
        rows: (br - ar + 1) as u32,
        cols: (bc - ac + 1) as u32,
    };
    for (r, row) in rows.iter_mut().enumerate().take(br + 1).skip(ar) {
        for c in ac..=bc {
            if (r, c) == (ar, ac) {
                continue;
            }
            let cell = &mut row.cells[c];
            // The same region listed again (a file may list it any number of times) finds its
            // cells covered already.
            if cell.merge
                == (Merge::Covered {
                    row: ar as u32,
                    col: ac as u32,
                })
            {
                continue;
            }
            if !cell.value.is_blank() {
                diagnostics.push(Diagnostic::warning(
                    Code::MergeWithText,
                    Some(Location::Sheet {
                        sheet: name.to_string(),
                        row: row.number,
                        first_col: first_col + c as u32,
                        last_col: first_col + c as u32,
                    }),
                    "a cell hidden under a merged region holds its own text; read as a cell of its own",
                ));
                continue;
            }
            *cell = Cell::covered(ar, ac);
        }
    }
}

/// A cell as the xlsx cell reader gives it.
fn value_ref(data: &DataRef<'_>) -> Value {
    match data {
        DataRef::SharedString(s) if s.trim().is_empty() => Value::Empty,
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => value(&Data::String(s.clone())),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => value(&Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) => value(&Data::DateTimeIso(s.clone())),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
    }
}

/// calamine's typed cell to ours. A date cell becomes a civil date; a date-time keeps its date.
fn value(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) if s.trim().is_empty() => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            jiff::civil::Date::new(y as i16, m as i8, d as i8)
                .map(Value::Date)
                .unwrap_or(Value::Number(dt.as_f64()))
        }
        Data::DateTime(dt) => Value::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .map_or_else(|| Value::Text(s.clone()), Value::Date),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}
