//! Bounds on a spreadsheet before the spreadsheet reader allocates it: the reader lays a sheet
//! out as a dense range from its first to its last used cell, so one stray cell far away
//! (`AMJ90000`, `IV65536`) or a cell repeated a billion times would cost gigabytes. The cells of
//! an `OpenDocument` sheet and of an Excel 97–2003 workbook are counted here from the file itself,
//! and a sheet whose range would pass the cell limit is refused, naming the far cell.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::Error;
use crate::grid::column_name;

/// The used extent of one sheet: the furthest row and column holding something.
#[derive(Debug, Default, Clone, Copy)]
struct Extent {
    rows: u64,
    cols: u64,
    /// Cells holding something, repeats counted.
    cells: u64,
}

impl Extent {
    fn add(&mut self, row: u64, col: u64, count: u64) {
        self.rows = self.rows.max(row + 1);
        self.cols = self.cols.max(col + 1);
        self.cells = self.cells.saturating_add(count);
    }

    fn check(&self, sheet: &str, limit: u64) -> Result<(), Error> {
        let area = self.rows.saturating_mul(self.cols);
        if area > limit || self.cells > limit {
            let far = format!(
                "{}{}",
                column_name(self.cols.saturating_sub(1).min(u64::from(u32::MAX)) as u32),
                self.rows
            );
            return Err(Error::limit(
                format!("sheet {sheet}: the range up to its furthest cell {far} ({area} cells)"),
                limit,
            ));
        }
        Ok(())
    }
}

fn number(value: &str) -> u64 {
    value.trim().parse().unwrap_or(1)
}

/// Checks every sheet of an `OpenDocument` spreadsheet's `content.xml`.
pub fn check_ods(content: &[u8], limit: u64) -> Result<(), Error> {
    let mut reader = Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut sheet = String::new();
    let mut extent = Extent::default();
    let mut row = 0u64;
    let mut col = 0u64;
    let mut row_repeat = 1u64;
    // The cell being read: its column repeat, and whether it holds anything.
    let mut cell: Option<(u64, bool)> = None;
    loop {
        let Ok(event) = reader.read_event_into(&mut buf) else {
            // A broken file is left for the spreadsheet reader to report in its own words.
            return Ok(());
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                extent.check(&sheet, limit)?;
                extent = Extent::default();
                row = 0;
                sheet = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                col = 0;
                row_repeat = e
                    .try_get_attribute("table:number-rows-repeated")
                    .ok()
                    .flatten()
                    .map_or(1, |a| number(&a.value))
                    .max(1);
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                let repeat = e
                    .try_get_attribute("table:number-rows-repeated")
                    .ok()
                    .flatten()
                    .map_or(1, |a| number(&a.value));
                row = row.saturating_add(repeat);
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Empty(e) if is_cell(e.name().as_ref()) => {
                let (repeat, valued) = cell_attributes(&e);
                if valued {
                    extent.add(
                        row.saturating_add(row_repeat - 1),
                        col.saturating_add(repeat - 1),
                        repeat.saturating_mul(row_repeat),
                    );
                }
                col = col.saturating_add(repeat);
            }
            Event::Start(e) if is_cell(e.name().as_ref()) => {
                cell = Some(cell_attributes(&e));
            }
            Event::Start(e) if e.name().as_ref() == "text:p" => {
                if let Some((_, valued)) = cell.as_mut() {
                    *valued = true;
                }
            }
            Event::End(e) if is_cell(e.name().as_ref()) => {
                if let Some((repeat, valued)) = cell.take() {
                    if valued {
                        extent.add(
                            row.saturating_add(row_repeat - 1),
                            col.saturating_add(repeat - 1),
                            repeat.saturating_mul(row_repeat),
                        );
                    }
                    col = col.saturating_add(repeat);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    extent.check(&sheet, limit)
}

fn is_cell(name: &str) -> bool {
    matches!(name, "table:table-cell" | "table:covered-table-cell")
}

/// A cell's column repeat, and whether it holds a value.
fn cell_attributes(e: &quick_xml::events::BytesStart<'_>) -> (u64, bool) {
    let repeat = e
        .try_get_attribute("table:number-columns-repeated")
        .ok()
        .flatten()
        .map_or(1, |a| number(&a.value))
        .max(1);
    let valued = e
        .try_get_attribute("office:value-type")
        .ok()
        .flatten()
        .is_some();
    (repeat, valued)
}

/// Checks every sheet of an Excel 97–2003 workbook (BIFF8 records in its `Workbook` stream).
pub fn check_xls(bytes: &[u8], limit: u64) -> Result<(), Error> {
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(());
    };
    let name = if file.is_stream("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut stream = Vec::new();
    let Ok(s) = file.open_stream(name) else {
        return Ok(());
    };
    if s.take(512 << 20).read_to_end(&mut stream).is_err() {
        return Ok(());
    }
    let mut extent = Extent::default();
    let mut sheet = 0u32;
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let body = stream.get(at + 4..at + 4 + len).unwrap_or(&[]);
        at += 4 + len;
        let rc = |body: &[u8]| -> Option<(u64, u64)> {
            Some((
                u64::from(u16::from_le_bytes([*body.first()?, *body.get(1)?])),
                u64::from(u16::from_le_bytes([*body.get(2)?, *body.get(3)?])),
            ))
        };
        match kind {
            // BOF: a new substream (a worksheet after the globals).
            0x0809 => {
                extent.check(&format!("{sheet}"), limit)?;
                extent = Extent::default();
                sheet += 1;
            }
            // LABELSST, NUMBER, RK, LABEL, BOOLERR, FORMULA, RSTRING: one cell each.
            0x00FD | 0x0203 | 0x027E | 0x0204 | 0x0205 | 0x0006 | 0x00D6 => {
                if let Some((r, c)) = rc(body) {
                    extent.add(r, c, 1);
                }
            }
            // MULRK: a run of cells from the first column to the last (the record's last two
            // bytes).
            0x00BD if body.len() >= 6 => {
                if let Some((r, c)) = rc(body) {
                    let last = u64::from(u16::from_le_bytes([body[len - 2], body[len - 1]]));
                    extent.add(r, last.max(c), last.saturating_sub(c) + 1);
                }
            }
            _ => {}
        }
    }
    extent.check(&format!("{sheet}"), limit)
}
