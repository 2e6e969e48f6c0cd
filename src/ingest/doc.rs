//! Legacy Word 97–2003 documents (`.doc`, and `.wps` files of the same binary format), read
//! from the specification [MS-DOC]: the compound file (the `cfb` crate), the File Information
//! Block, the piece table (8-bit pieces in Windows-1252, 16-bit pieces in UTF-16), and paragraph
//! properties from the PAPX formatted disk pages, which say which paragraphs stand in a table
//! and which mark ends a row. Cells merged vertically or horizontally (the row's `sprmTDefTable`)
//! carry the first cell's value, as in every other reader. Field codes are skipped and field
//! results kept. The result is the same paragraphs and grids as the .docx reader gives, with the
//! same locations (`table 1, row 3, column 2`).

use std::io::{Cursor, Read};

use encoding_rs::WINDOWS_1252;

use super::{Document, Format, Paragraph, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};

fn broken(what: impl Into<String>) -> Error {
    Error::from(ErrorKind::Doc(what.into()))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Reads one stream of the compound file, at most `limit` bytes.
fn stream<R: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<R>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, Error> {
    let mut s = file
        .open_stream(name)
        .map_err(|e| broken(format!("cannot open the {name} stream: {e}")))?;
    if s.len() > limit {
        return Err(Error::limit(
            format!("the {name} stream ({} bytes)", s.len()),
            limit,
        ));
    }
    let mut out = Vec::new();
    s.by_ref()
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| broken(format!("cannot read the {name} stream: {e}")))?;
    Ok(out)
}

/// The File Information Block's fields this reader uses.
struct Fib {
    /// Whether the table stream is `1Table` (else `0Table`).
    table_1: bool,
    /// Characters of the main document.
    ccp_text: u32,
    clx: (u32, u32),
    bte_papx: (u32, u32),
}

fn fib(word: &[u8]) -> Result<Fib, Error> {
    if u16_at(word, 0) != Some(0xA5EC) {
        return Err(broken(
            "the WordDocument stream does not start with a Word FIB",
        ));
    }
    let flags = u16_at(word, 0x0A).unwrap_or(0);
    if flags & 0x0100 != 0 {
        return Err(Error::from(ErrorKind::Encrypted));
    }
    // FibBase (32 bytes), csw and FibRgW97, cslw and FibRgLw97, cbRgFcLcb and FibRgFcLcb.
    let csw = u16_at(word, 32).ok_or_else(|| broken("the FIB is cut short"))? as usize;
    let lw = 34 + csw * 2;
    let cslw = u16_at(word, lw).ok_or_else(|| broken("the FIB is cut short"))? as usize;
    let rg_lw = lw + 2;
    let ccp_text = u32_at(word, rg_lw + 3 * 4).ok_or_else(|| broken("the FIB is cut short"))?;
    let fc = rg_lw + cslw * 4 + 2;
    let pair = |index: usize| -> Result<(u32, u32), Error> {
        let at = fc + index * 8;
        Ok((
            u32_at(word, at).ok_or_else(|| broken("the FIB is cut short"))?,
            u32_at(word, at + 4).ok_or_else(|| broken("the FIB is cut short"))?,
        ))
    };
    Ok(Fib {
        table_1: flags & 0x0200 != 0,
        ccp_text,
        // [MS-DOC] FibRgFcLcb97: fcPlcfBtePapx is the 14th pair, fcClx the 34th.
        bte_papx: pair(13)?,
        clx: pair(33)?,
    })
}

/// One piece of the piece table: characters [cp, `cp_end`) stored from byte `fc`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

fn pieces(table: &[u8], clx: (u32, u32)) -> Result<Vec<Piece>, Error> {
    let start = clx.0 as usize;
    let end = start
        .checked_add(clx.1 as usize)
        .filter(|&e| e <= table.len())
        .ok_or_else(|| broken("the piece table lies outside the table stream"))?;
    let clx = &table[start..end];
    let mut at = 0usize;
    // Prc entries (formatting) come first, then the Pcdt.
    while clx.get(at) == Some(&0x01) {
        let size = u16_at(clx, at + 1).ok_or_else(|| broken("the piece table is cut short"))?;
        at += 3 + size as usize;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(broken("the piece table has no Pcdt"));
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(|| broken("the piece table is cut short"))? as usize;
    let plc = clx
        .get(at + 5..at + 5 + lcb)
        .ok_or_else(|| broken("the piece table is cut short"))?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(broken("the piece table has a size no PlcPcd has"));
    }
    let n = (lcb - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp = u32_at(plc, i * 4).unwrap_or(0);
        let cp_end = u32_at(plc, (i + 1) * 4).unwrap_or(0);
        let pcd = (n + 1) * 4 + i * 8;
        let raw = u32_at(plc, pcd + 2).unwrap_or(0);
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        if cp_end < cp {
            return Err(broken(format!("piece {} ends before it starts", i + 1)));
        }
        out.push(Piece {
            cp,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// The main document's characters, each with the file offset of its bytes (to find its
/// paragraph's properties).
fn characters(
    word: &[u8],
    pieces: &[Piece],
    ccp_text: u32,
    limit: usize,
) -> Result<Vec<(char, u32)>, Error> {
    let mut out = Vec::new();
    // Pieces of a real document hold distinct stretches of the stream; pieces that all point at
    // the same text would multiply it. The text may not take more bytes than the stream holds.
    let mut referenced = 0usize;
    for piece in pieces {
        if piece.cp >= ccp_text {
            break;
        }
        let count = (piece.cp_end.min(ccp_text) - piece.cp) as usize;
        if out.len() + count > limit {
            return Err(Error::limit("the document's text", limit));
        }
        let width = if piece.compressed { 1 } else { 2 };
        referenced = referenced.saturating_add(count * width);
        if referenced > word.len() {
            return Err(Error::limit(
                "the text the piece table names (its pieces overlap)",
                word.len(),
            ));
        }
        let start = piece.fc as usize;
        let bytes = word
            .get(start..start + count * width)
            .ok_or_else(|| broken("a piece of text lies outside the WordDocument stream"))?;
        if piece.compressed {
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            for (i, c) in text.chars().enumerate() {
                out.push((c, piece.fc + i as u32));
            }
        } else {
            let units = (0..count).map(|i| u16::from_le_bytes([bytes[i * 2], bytes[i * 2 + 1]]));
            let mut i = 0u32;
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or('\u{FFFD}');
                out.push((c, piece.fc + i * 2));
                i += c.len_utf16() as u32;
            }
        }
    }
    Ok(out)
}

/// What a paragraph's properties say about tables.
#[derive(Debug, Clone, Default)]
struct Props {
    in_table: bool,
    /// The row-end mark (TTP).
    row_end: bool,
    /// Table depth (1 for a table in the body).
    depth: u32,
    inner_cell: bool,
    inner_row_end: bool,
    /// Per cell of the row (on the row-end mark): (horizontal merge, vertical merge).
    merges: Vec<(u8, u8)>,
}

/// Size of a sprm's operand, from its spra bits ([MS-DOC] 2.2.5.1).
fn operand_size(sprm: u16, grpprl: &[u8], at: usize) -> Option<usize> {
    Some(match sprm >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        _ => {
            // sprmTDefTable gives its size in two bytes, counting one more than follows them.
            if sprm == 0xD608 {
                u16_at(grpprl, at)? as usize + 1
            } else {
                *grpprl.get(at)? as usize + 1
            }
        }
    })
}

fn read_props(grpprl: &[u8]) -> Props {
    let mut p = Props::default();
    let mut at = 0usize;
    while at + 2 <= grpprl.len() {
        let Some(sprm) = u16_at(grpprl, at) else {
            break;
        };
        at += 2;
        let Some(size) = operand_size(sprm, grpprl, at) else {
            break;
        };
        let operand = grpprl.get(at..at + size).unwrap_or(&[]);
        match sprm {
            0x2416 => p.in_table = operand.first().is_some_and(|&b| b != 0),
            0x2417 => p.row_end = operand.first().is_some_and(|&b| b != 0),
            0x6649 => {
                p.depth = u32_at(operand, 0).unwrap_or(0);
                p.in_table |= p.depth > 0;
            }
            0x244B => p.inner_cell = operand.first().is_some_and(|&b| b != 0),
            0x244C => p.inner_row_end = operand.first().is_some_and(|&b| b != 0),
            0xD608 => p.merges = def_table(operand),
            0xD62B => {
                // sprmTVertMerge: size, cell index, flags.
                if let (Some(&itc), Some(&flags)) = (operand.get(1), operand.get(2)) {
                    let itc = itc as usize;
                    if p.merges.len() <= itc {
                        p.merges.resize(itc + 1, (0, 0));
                    }
                    p.merges[itc].1 = flags;
                }
            }
            _ => {}
        }
        at += size;
    }
    if p.depth == 0 && p.in_table {
        p.depth = 1;
    }
    p
}

/// The merge flags of each cell from a `TDefTable` operand: (horzMerge, vertMerge) of each TC80.
fn def_table(operand: &[u8]) -> Vec<(u8, u8)> {
    // cb (2 bytes), itcMac, rgdxaCenter (itcMac + 1 × 2 bytes), rgTc80 (itcMac × 20 bytes).
    let Some(&count) = operand.get(2) else {
        return Vec::new();
    };
    let count = count as usize;
    let tcs = 3 + (count + 1) * 2;
    (0..count)
        .map(|i| {
            let flags = u16_at(operand, tcs + i * 20).unwrap_or(0);
            ((flags & 0x3) as u8, ((flags >> 5) & 0x3) as u8)
        })
        .collect()
}

/// Paragraph properties by the file offset of a paragraph mark, from the PAPX FKPs.
struct Papx {
    /// (first fc, end fc, properties) of each run of paragraphs an FKP describes.
    runs: Vec<(u32, u32, Props)>,
}

impl Papx {
    fn read(word: &[u8], table: &[u8], bte: (u32, u32)) -> Papx {
        let mut runs = Vec::new();
        let Some(plc) = table.get(bte.0 as usize..(bte.0 as usize).saturating_add(bte.1 as usize))
        else {
            return Papx { runs };
        };
        if plc.len() < 4 {
            return Papx { runs };
        }
        let n = (plc.len() - 4) / 8;
        // Each page is read once, however many entries name it: what the runs cost is then
        // bounded by the pages the stream holds, not by the entries a hostile file lists.
        let mut read = std::collections::HashSet::new();
        for i in 0..n {
            let pn = u32_at(plc, (n + 1) * 4 + i * 4).unwrap_or(0) & 0x003F_FFFF;
            if !read.insert(pn) {
                continue;
            }
            let Some(page) = word.get(pn as usize * 512..pn as usize * 512 + 512) else {
                continue;
            };
            let crun = page[511] as usize;
            for k in 0..crun.min(101) {
                let (Some(first), Some(end)) = (u32_at(page, k * 4), u32_at(page, (k + 1) * 4))
                else {
                    continue;
                };
                let bx = (crun + 1) * 4 + k * 13;
                let Some(&offset) = page.get(bx) else {
                    continue;
                };
                let at = offset as usize * 2;
                let props = if at == 0 {
                    Props::default()
                } else {
                    let (size, start) = match page.get(at) {
                        Some(0) => (page.get(at + 1).map_or(0, |&c| c as usize * 2), at + 2),
                        Some(&cb) => (cb as usize * 2 - 1, at + 1),
                        None => (0, at),
                    };
                    // GrpPrlAndIstd: the style (2 bytes), then the properties.
                    let body = page.get(start..(start + size).min(512)).unwrap_or(&[]);
                    read_props(body.get(2..).unwrap_or(&[]))
                };
                runs.push((first, end, props));
            }
        }
        runs.sort_by_key(|r| r.0);
        Papx { runs }
    }

    fn at(&self, fc: u32) -> Props {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        match i.checked_sub(1).map(|i| &self.runs[i]) {
            Some((first, end, props)) if *first <= fc && fc < *end => props.clone(),
            _ => Props::default(),
        }
    }
}

/// Reads a legacy Word document.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    let limits = options.limits;
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| broken(format!("not a readable compound file: {e}")))?;
    let word = stream(&mut file, "/WordDocument", limits.part_bytes)?;
    let fib = fib(&word)?;
    let table_name = if fib.table_1 { "/1Table" } else { "/0Table" };
    let table = stream(&mut file, table_name, limits.part_bytes)?;
    let pieces = pieces(&table, fib.clx)?;
    let chars = characters(&word, &pieces, fib.ccp_text, limits.part_bytes as usize)?;
    let papx = Papx::read(&word, &table, fib.bte_papx);
    let mut builder = Builder::new(limits);
    let mut text = String::new();
    // Fields: a stack of "in the code part" flags; code text is skipped, result text kept.
    let mut fields: Vec<bool> = Vec::new();
    // What this paragraph's field codes skipped: a field code never runs past its paragraph or
    // cell, so one still open there began at a stray mark, and the text goes back in.
    let mut skipped = String::new();
    let mut diagnostics = Vec::new();
    for &(c, fc) in &chars {
        match c {
            '\u{13}' => {
                fields.push(true);
                continue;
            }
            '\u{14}' => {
                if let Some(top) = fields.last_mut() {
                    *top = false;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ => {}
        }
        if fields.last() == Some(&true) && !matches!(c, '\r' | '\u{7}') {
            if skipped.len() < limits.cell_bytes {
                skipped.push(c);
            }
            continue;
        }
        match c {
            '\r' | '\u{7}' => {
                if fields.contains(&true) {
                    diagnostics.push(unbalanced_field(&text, &skipped));
                    text.push_str(&skipped);
                    fields.retain(|&in_code| !in_code);
                }
                skipped.clear();
                let props = papx.at(fc);
                builder.paragraph(std::mem::take(&mut text), c == '\u{7}', &props)?;
            }
            '\u{b}' => text.push('\n'),
            '\u{c}' | '\u{1}' | '\u{8}' | '\u{1f}' => {}
            '\u{1e}' => text.push('-'),
            '\u{a0}' => text.push(' '),
            c => {
                text.push(c);
                if text.len() > limits.cell_bytes {
                    return Err(Error::limit("a paragraph's text", limits.cell_bytes));
                }
            }
        }
    }
    if !text.trim().is_empty() {
        builder.paragraph(text, false, &Props::default())?;
    }
    builder.end_table();
    Ok(Document {
        format: Format::Doc,
        paragraphs: builder.paragraphs,
        grids: builder.grids,
        sheet_names: Vec::new(),
        diagnostics,
    })
}

/// The warning for a field begun (0x13) and not closed by the end of its paragraph or cell.
fn unbalanced_field(before: &str, skipped: &str) -> Diagnostic {
    let start: String = before.chars().chain(skipped.chars()).take(30).collect();
    Diagnostic::warning(
        Code::FieldUnbalanced,
        None,
        format!(
            "a field begins in the paragraph \"{start}\" but is not closed by its end; the field ends there and its text is read as text"
        ),
    )
}

/// A finished table row: each cell's text, and the (horizontal, vertical) merge flags per cell.
type TableRow = (Vec<String>, Vec<(u8, u8)>);

/// Turns paragraphs with their table properties into body paragraphs and grids.
struct Builder {
    limits: super::Limits,
    paragraphs: Vec<Paragraph>,
    grids: Vec<Grid>,
    /// The current table's finished rows: each cell's text, and the merge flags per cell.
    rows: Vec<TableRow>,
    cells: Vec<String>,
    cell: String,
    count: usize,
}

impl Builder {
    fn new(limits: super::Limits) -> Builder {
        Builder {
            limits,
            paragraphs: Vec::new(),
            grids: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
            cell: String::new(),
            count: 0,
        }
    }

    fn paragraph(&mut self, text: String, cell_mark: bool, props: &Props) -> Result<(), Error> {
        if !props.in_table {
            self.end_table();
            if !text.trim().is_empty() {
                let index = self.paragraphs.len() as u32 + 1;
                self.paragraphs.push(Paragraph {
                    text: text.trim().to_string(),
                    location: Location::Paragraph { index },
                });
            }
            return Ok(());
        }
        if props.depth > 1 {
            // A nested table is flattened into its cell: its cells and rows are lines.
            if !props.inner_row_end {
                push_line(&mut self.cell, &text);
            }
            return Ok(());
        }
        if props.row_end {
            self.rows
                .push((std::mem::take(&mut self.cells), props.merges.clone()));
            self.cell.clear();
            return Ok(());
        }
        push_line(&mut self.cell, &text);
        if cell_mark {
            self.count += 1;
            if self.count > self.limits.cells {
                return Err(Error::limit(
                    "the document's table cells",
                    self.limits.cells,
                ));
            }
            self.cells.push(std::mem::take(&mut self.cell));
        }
        Ok(())
    }

    /// Ends the current table: rows into a grid, merged cells carrying their first cell's value.
    fn end_table(&mut self) {
        if !self.cells.is_empty() || !self.cell.is_empty() {
            let mut cells = std::mem::take(&mut self.cells);
            if !self.cell.is_empty() {
                cells.push(std::mem::take(&mut self.cell));
            }
            self.rows.push((cells, Vec::new()));
        }
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        let index = self.grids.len() as u32 + 1;
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let mut grid: Vec<Vec<Cell>> = Vec::with_capacity(rows.len());
        for (r, (texts, merges)) in rows.iter().enumerate() {
            let mut row: Vec<Cell> = Vec::with_capacity(width);
            for (c, text) in texts.iter().enumerate() {
                let (horizontal, vertical) = merges.get(c).copied().unwrap_or((0, 0));
                let cell = if vertical == 1 || vertical == 2 {
                    // Continues the cell above: ECMA's vMerge without restart, in binary form.
                    let above = r
                        .checked_sub(1)
                        .and_then(|a| grid.get(a))
                        .and_then(|row| row.get(c));
                    match above {
                        Some(a) => {
                            let (row, col) = match a.merge {
                                Merge::Covered { row, col } => (row, col),
                                _ => (r as u32 - 1, c as u32),
                            };
                            Cell {
                                value: a.value.clone(),
                                merge: Merge::Covered { row, col },
                            }
                        }
                        None => Cell::text(text.trim()),
                    }
                } else if horizontal >= 2 && c > 0 {
                    let left = &row[c - 1];
                    let (row_i, col) = match left.merge {
                        Merge::Covered { row, col } => (row, col),
                        _ => (r as u32, c as u32 - 1),
                    };
                    Cell {
                        value: left.value.clone(),
                        merge: Merge::Covered { row: row_i, col },
                    }
                } else {
                    Cell::text(text.trim())
                };
                row.push(cell);
            }
            row.resize(width, Cell::new(Value::Empty));
            grid.push(row);
        }
        // Anchors know their extent.
        let mut extents: Vec<((u32, u32), (u32, u32))> = Vec::new();
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let Merge::Covered { row, col } = cell.merge {
                    extents.push(((row, col), (r as u32, c as u32)));
                }
            }
        }
        for ((ar, ac), (r, c)) in extents {
            if let Some(anchor) = grid
                .get_mut(ar as usize)
                .and_then(|row| row.get_mut(ac as usize))
            {
                anchor.extend_merge(r - ar + 1, c - ac + 1);
            }
        }
        let rows: Vec<Row> = grid
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row {
                cells,
                number: i as u32 + 1,
                repeat_header: false,
            })
            .collect();
        self.grids.push(Grid {
            source: GridSource::Table { index },
            rows,
            headings: Vec::new(),
        });
    }
}

fn push_line(cell: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push('\n');
    }
    cell.push_str(text);
}
