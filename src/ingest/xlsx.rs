//! Spreadsheet notices (.xlsx, .xlsm, .xls, .ods) through calamine: one [`Grid`] per worksheet,
//! typed values kept (numbers, dates, booleans, errors) and merged regions resolved.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Dimensions, Ods, Range, Reader, Xls, Xlsx};

use super::{Document, Format, ReadOptions};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
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
        let entry = archive.by_index_raw(i).map_err(Error::Zip)?;
        let size = entry.size();
        total = total.saturating_add(size);
        if size > limit || total > limit.saturating_mul(2) {
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            return Err(Error::Limit {
                what: format!("{name}'s uncompressed size ({size} bytes)"),
                limit,
            });
        }
    }
    Ok(())
}

/// Reads every worksheet of a workbook.
pub fn read(bytes: &[u8], format: Format, options: &ReadOptions) -> Result<Document, Error> {
    let cursor = Cursor::new(bytes);
    let wrap = |e: calamine::Error| Error::Workbook {
        sheet: None,
        source: e,
    };
    let in_sheet = |(sheet, e): (String, calamine::Error)| Error::Workbook {
        sheet: Some(sheet),
        source: e,
    };
    let sheets: Vec<(String, Range<Data>, Vec<Dimensions>)> = match format {
        Format::Xls => {
            let mut wb: Xls<_> = Xls::new(cursor).map_err(|e| wrap(e.into()))?;
            collect(&mut wb, |wb, name| {
                wb.merge_cells_by_sheet_name(name).unwrap_or_default()
            })
            .map_err(|(n, e)| in_sheet((n, e.into())))?
        }
        Format::Ods => {
            let mut wb: Ods<_> = Ods::new(cursor).map_err(|e| wrap(e.into()))?;
            // calamine does not report merged regions for OpenDocument; covered cells read empty
            // and the layout stage carries merged task cells down as for text.
            collect(&mut wb, |_, _| Vec::new()).map_err(|(n, e)| in_sheet((n, e.into())))?
        }
        _ => {
            let mut wb: Xlsx<_> = Xlsx::new(cursor).map_err(|e| wrap(e.into()))?;
            collect(&mut wb, |wb, name| {
                wb.merge_cells_by_sheet_name(name).unwrap_or_default()
            })
            .map_err(|(n, e)| in_sheet((n, e.into())))?
        }
    };
    let mut doc = Document {
        format,
        paragraphs: Vec::new(),
        grids: Vec::new(),
        sheet_names: sheets.iter().map(|(n, _, _)| n.clone()).collect(),
        diagnostics: Vec::new(),
    };
    let mut cells = 0usize;
    for (name, range, merges) in sheets {
        let Some(grid) = to_grid(
            &name,
            &range,
            &merges,
            options,
            &mut cells,
            &mut doc.diagnostics,
        )?
        else {
            continue;
        };
        doc.grids.push(grid);
    }
    Ok(doc)
}

type Sheet = (String, Range<Data>, Vec<Dimensions>);

/// Every sheet's cells and merged regions; an error names the sheet it happened in.
fn collect<RS, W>(
    wb: &mut W,
    mut merges: impl FnMut(&mut W, &str) -> Vec<Dimensions>,
) -> Result<Vec<Sheet>, (String, W::Error)>
where
    RS: Read + Seek,
    W: Reader<RS>,
{
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = match wb.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => return Err((name, e)),
        };
        let m = merges(wb, &name);
        out.push((name, range, m));
    }
    Ok(out)
}

fn to_grid(
    name: &str,
    range: &Range<Data>,
    merges: &[Dimensions],
    options: &ReadOptions,
    cells_so_far: &mut usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Grid>, Error> {
    let Some((first_row, first_col)) = range.start() else {
        return Ok(None);
    };
    let (height, width) = range.get_size();
    *cells_so_far = cells_so_far.saturating_add(height.saturating_mul(width));
    if *cells_so_far > options.limits.cells {
        return Err(Error::Limit {
            what: format!("cells in worksheets (at sheet {name})"),
            limit: options.limits.cells as u64,
        });
    }
    let mut rows: Vec<Row> = Vec::with_capacity(height);
    for (r, data_row) in range.rows().enumerate() {
        let mut cells = Vec::with_capacity(width);
        for (c, data) in data_row.iter().enumerate() {
            let value = value(data);
            if let Value::Text(s) = &value
                && s.len() > options.limits.cell_bytes
            {
                let location = Location::Sheet {
                    sheet: name.to_string(),
                    row: first_row + r as u32 + 1,
                    first_col: first_col + c as u32,
                    last_col: first_col + c as u32,
                };
                return Err(Error::Limit {
                    what: format!("{location}: text of one cell"),
                    limit: options.limits.cell_bytes as u64,
                });
            }
            cells.push(Cell::new(value));
        }
        rows.push(Row {
            cells,
            number: first_row + r as u32 + 1,
            repeat_header: false,
        });
    }
    for m in merges {
        // calamine reports merged regions in sheet coordinates; the range starts at its first
        // used cell. Clip the region to the range.
        let (top, left) = m.start;
        let (bottom, right) = m.end;
        if top < first_row || left < first_col || bottom < top || right < left {
            continue;
        }
        let (ar, ac) = ((top - first_row) as usize, (left - first_col) as usize);
        if ar >= height || ac >= width {
            continue;
        }
        let br = ((bottom - first_row) as usize).min(height - 1);
        let bc = ((right - first_col) as usize).min(width - 1);
        let anchor_value = rows[ar].cells[ac].value.clone();
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
                if !cell.value.is_blank() {
                    diagnostics.push(Diagnostic::warning(
                        "merge-with-text",
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
                *cell = Cell {
                    value: anchor_value.clone(),
                    merge: Merge::Covered {
                        row: ar as u32,
                        col: ac as u32,
                    },
                };
            }
        }
    }
    Ok(Some(Grid {
        source: GridSource::Sheet {
            name: name.to_string(),
            first_col,
            last_col: first_col + width.max(1) as u32 - 1,
        },
        rows,
    }))
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
            .map(Value::Date)
            .unwrap_or_else(|| Value::Text(s.clone())),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}
