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
    // A file this cannot read is the spreadsheet reader's to refuse, with its own error.
    let Some((_, stream)) = workbook_stream(bytes) else {
        return Ok(());
    };
    let mut extent = Extent::default();
    // Substreams at the top level: the workbook's globals first, then one a sheet.
    let mut sheet = 0u32;
    let mut depth = 0u32;
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
                if depth == 0 {
                    extent.check(&format!("{}", sheet.saturating_sub(1)), limit)?;
                    extent = Extent::default();
                    sheet += 1;
                }
                depth += 1;
            }
            0x000A => depth = depth.saturating_sub(1),
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
    extent.check(&format!("{}", sheet.saturating_sub(1)), limit)
}

/// Which of a sheet's cells (0-based row, column) lie far from the others: while the cells
/// would span more than a million positions, the widest gap (over 100) between used rows, or
/// else between used columns, splits them, and the side with fewer cells is set aside. The same
/// for every spreadsheet format.
pub fn far_cells(positions: &[(u32, u32)]) -> Vec<bool> {
    const AREA: u64 = 1_000_000;
    let mut far = vec![false; positions.len()];
    loop {
        let near: Vec<usize> = (0..positions.len()).filter(|&i| !far[i]).collect();
        let span = |key: fn(&(u32, u32)) -> u32| {
            let (lo, hi) = near.iter().fold((u32::MAX, 0), |(lo, hi), &i| {
                let k = key(&positions[i]);
                (lo.min(k), hi.max(k))
            });
            u64::from(hi.saturating_sub(lo))
        };
        let by_row: fn(&(u32, u32)) -> u32 = |p| p.0;
        let by_col: fn(&(u32, u32)) -> u32 = |p| p.1;
        if near.len() < 2 || span(by_row) * span(by_col) <= AREA {
            return far;
        }
        let split = |key: fn(&(u32, u32)) -> u32| {
            let mut keys: Vec<u32> = near.iter().map(|&i| key(&positions[i])).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.windows(2)
                .map(|w| (w[1] - w[0], w[0]))
                .max()
                .filter(|(gap, _)| *gap > 100)
                .map(|(_, at)| (key, at))
        };
        let Some((key, at)) = split(by_row).or_else(|| split(by_col)) else {
            return far;
        };
        let before = near.iter().filter(|&&i| key(&positions[i]) <= at).count();
        let keep_before = before * 2 >= near.len();
        for &i in &near {
            if (key(&positions[i]) <= at) != keep_before {
                far[i] = true;
            }
        }
    }
}

/// A cell record of a worksheet in an Excel 97–2003 workbook stream.
struct CellRecord {
    /// Where the record's header starts in the stream.
    at: usize,
    /// The worksheet it belongs to, 0-based in stream order.
    sheet: usize,
    row: u16,
    col: u16,
    /// The formula's string value record that follows it, if any.
    string: Option<usize>,
}

/// An Excel 97–2003 workbook with its far cells set aside: `kept` is the workbook without them,
/// `far` one holding only them, each moved to row `k` (its index among its sheet's far cells)
/// from column A on, so that the spreadsheet reader lays out neither more than it must; `cells`
/// says where each stood: (sheet, row, column), in the order of `far`'s rows.
pub struct FarCells {
    pub kept: Vec<u8>,
    pub far: Vec<u8>,
    pub cells: Vec<(usize, u32, u32)>,
}

/// Sets aside the cells of a workbook that lie far from each sheet's table (see [`far_cells`]),
/// before the spreadsheet reader lays each sheet out from its first to its last cell. `None`
/// when no cell lies far, or the bytes are no workbook this reads (the reader says so then).
pub fn set_aside_far_xls(bytes: &[u8]) -> Option<FarCells> {
    let (name, stream) = workbook_stream(bytes)?;
    let (records, dimensions) = cell_records(&stream);
    let mut far = vec![false; records.len()];
    let sheets = records.iter().map(|r| r.sheet).max().map_or(0, |s| s + 1);
    for sheet in 0..sheets {
        let on: Vec<usize> = (0..records.len())
            .filter(|&i| records[i].sheet == sheet)
            .collect();
        let positions: Vec<(u32, u32)> = on
            .iter()
            .map(|&i| (u32::from(records[i].row), u32::from(records[i].col)))
            .collect();
        for (k, is_far) in far_cells(&positions).into_iter().enumerate() {
            far[on[k]] = is_far;
        }
    }
    if !far.contains(&true) {
        return None;
    }
    let mut kept = stream.clone();
    let mut moved = stream;
    for &at in &dimensions {
        neutralize(&mut kept, at);
        neutralize(&mut moved, at);
    }
    let mut cells = Vec::new();
    let mut rows = vec![0u16; sheets];
    for (record, &is_far) in records.iter().zip(&far) {
        let out = if is_far { &mut kept } else { &mut moved };
        neutralize(out, record.at);
        if let Some(string) = record.string {
            neutralize(out, string);
        }
        if is_far {
            let k = rows[record.sheet];
            rows[record.sheet] = k.saturating_add(1);
            cells.push((record.sheet, u32::from(record.row), u32::from(record.col)));
            let body = record.at + 4;
            moved[body..body + 2].copy_from_slice(&k.to_le_bytes());
            moved[body + 2..body + 4].copy_from_slice(&0u16.to_le_bytes());
            // A run of cells (MULRK) ends at its last column, the record's last two bytes.
            if u16::from_le_bytes([moved[record.at], moved[record.at + 1]]) == 0x00BD {
                let len = u16::from_le_bytes([moved[record.at + 2], moved[record.at + 3]]);
                let end = body + usize::from(len);
                let last = u16::from_le_bytes([moved[end - 2], moved[end - 1]]);
                let width = last.saturating_sub(record.col);
                moved[end - 2..end].copy_from_slice(&width.to_le_bytes());
            }
        }
    }
    Some(FarCells {
        kept: compound_file(name, &kept)?,
        far: compound_file(name, &moved)?,
        cells,
    })
}

/// The workbook stream of a compound file, with its name.
fn workbook_stream(bytes: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = if file.is_stream("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut stream = Vec::new();
    file.open_stream(name)
        .ok()?
        .take(512 << 20)
        .read_to_end(&mut stream)
        .ok()?;
    Some((name, stream))
}

/// A compound file holding one workbook stream.
fn compound_file(name: &str, stream: &[u8]) -> Option<Vec<u8>> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).ok()?;
    std::io::Write::write_all(&mut file.create_stream(name).ok()?, stream).ok()?;
    file.flush().ok()?;
    Some(file.into_inner().into_inner())
}

/// Turns the record at `at` into one no reader acts on (record type 0), its length kept, so
/// the records after it stay where they are.
fn neutralize(stream: &mut [u8], at: usize) {
    stream[at..at + 2].copy_from_slice(&0u16.to_le_bytes());
}

/// The cell records of every worksheet (charts and other substreams inside a sheet left out),
/// and where each sheet's `DIMENSIONS` record stands (it claims the range the reader reserves,
/// far cells included).
fn cell_records(stream: &[u8]) -> (Vec<CellRecord>, Vec<usize>) {
    let mut out: Vec<CellRecord> = Vec::new();
    let mut dimensions = Vec::new();
    let mut depth = 0u32;
    let mut substreams = 0usize;
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        if at + 4 + len > stream.len() {
            break;
        }
        let body = &stream[at + 4..at + 4 + len];
        match kind {
            0x0809 => {
                if depth == 0 {
                    substreams += 1;
                }
                depth += 1;
            }
            0x000A => depth = depth.saturating_sub(1),
            // LABELSST, NUMBER, RK, LABEL, BOOLERR, FORMULA, RSTRING, MULRK: a cell, or a run.
            0x00FD | 0x0203 | 0x027E | 0x0204 | 0x0205 | 0x0006 | 0x00D6 | 0x00BD
                if depth == 1 && substreams >= 2 && body.len() >= 6 =>
            {
                out.push(CellRecord {
                    at,
                    sheet: substreams - 2,
                    row: u16::from_le_bytes([body[0], body[1]]),
                    col: u16::from_le_bytes([body[2], body[3]]),
                    string: None,
                });
            }
            // A formula's string value follows the formula.
            0x0207 if depth == 1 => {
                if let Some(last) = out
                    .last_mut()
                    .filter(|r| r.string.is_none() && stream[r.at] == 0x06 && stream[r.at + 1] == 0)
                {
                    last.string = Some(at);
                }
            }
            0x0200 if depth == 1 && substreams >= 2 => dimensions.push(at),
            _ => {}
        }
        at += 4 + len;
    }
    (out, dimensions)
}

#[cfg(test)]
mod tests {
    use super::far_cells;

    #[test]
    fn a_stray_cell_far_from_a_table_is_set_aside_and_a_table_stays_whole() {
        let mut table: Vec<(u32, u32)> =
            (0..40).flat_map(|r| (0..5).map(move |c| (r, c))).collect();
        assert!(!far_cells(&table).contains(&true));
        table.push((65_535, 255));
        let far = far_cells(&table);
        assert_eq!(far.iter().filter(|&&f| f).count(), 1);
        assert!(far[table.len() - 1]);
        // Far in one direction only: rows enough that the columns alone pass the area.
        table.pop();
        table.extend((40..1_000).map(|r| (r, 0)));
        table.push((0, 16_383));
        let far = far_cells(&table);
        assert_eq!(far.iter().filter(|&&f| f).count(), 1);
        assert!(far[table.len() - 1], "the cell in XFD1 is set aside");
    }
}
