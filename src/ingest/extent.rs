//! Bounds on an Excel 97–2003 workbook before calamine allocates it: calamine lays a sheet out
//! as a dense range from its first to its last used cell, so one stray cell far away (`IV65536`)
//! would cost millions of cells. The cells of each sheet are counted here from the file itself,
//! and a sheet whose range would pass the cell limit is refused, naming the far cell.
//! (`OpenDocument` sheets are read cell by cell by fenjie's own reader, which sets far cells
//! aside as for .xlsx.)

use std::io::{Cursor, Read};

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
