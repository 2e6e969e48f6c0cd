//! Legacy Word 97–2003 documents (`.doc`, and `.wps` files of the same binary format), read
//! from the specification [MS-DOC]: the compound file (the `cfb` crate), the File Information
//! Block, the piece table (8-bit pieces in Windows-1252, 16-bit pieces in UTF-16), and paragraph
//! properties from the PAPX formatted disk pages, which say which paragraphs stand in a table
//! and which mark ends a row. Each cell is placed by its boundaries in the row's table
//! definition (`sprmTDefTable`), so a cell spanning two columns of the rows around it spans them
//! here too; its merge flags (and `sprmTVertMerge`) make regions whose covered positions point
//! at their first cell. Word's automatic list numbers are rebuilt from the list tables. Field
//! codes are skipped and field results kept. The result is the same paragraphs and grids as the .docx reader gives, with the
//! same locations (`table 1, row 3, column 2`).

use std::io::{Cursor, Read};

use encoding_rs::WINDOWS_1252;

use super::numbering::{BinaryLevel, Numbering};
use super::{Document, Format, Paragraph, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};

/// Twips within which two rows' cell boundaries are one column edge (Word and `LibreOffice`
/// round the widths of rows they compute separately).
const EDGE_TOLERANCE: i32 = 20;

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
    /// The list definitions (`PlfLst`) and list instances (`PlfLfo`) in the table stream.
    plf_lst: (u32, u32),
    plf_lfo: (u32, u32),
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
        // Lists are a help: a FIB too short to name them reads without labels.
        plf_lst: pair(73).unwrap_or((0, 0)),
        plf_lfo: pair(74).unwrap_or((0, 0)),
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
    /// The list instance the paragraph is numbered in (1-based; 0 for none) and its level.
    ilfo: u16,
    ilvl: u8,
    /// Per cell of the row (on the row-end mark): (horizontal merge, vertical merge).
    merges: Vec<(u8, u8)>,
    /// The row's cell boundaries in twips (on the row-end mark): cell `i` runs from
    /// `edges[i]` to `edges[i + 1]`.
    edges: Vec<i16>,
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

/// The table properties among a paragraph's sprms. `data` is the Data stream, where a
/// paragraph whose properties do not fit its page keeps them (`sprmPHugePapx`; `LibreOffice`
/// puts each table row's definition there).
fn read_props(grpprl: &[u8], data: &[u8]) -> Props {
    let mut p = Props::default();
    read_sprms(grpprl, data, &mut p, true);
    if p.depth == 0 && p.in_table {
        p.depth = 1;
    }
    p
}

fn read_sprms(grpprl: &[u8], data: &[u8], p: &mut Props, follow_huge: bool) {
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
            0x6646 if follow_huge => {
                // [MS-DOC] sprmPHugePapx: the offset in the Data stream of a PrcData, whose
                // first two bytes give the size of the sprms that follow.
                let at = u32_at(operand, 0).unwrap_or(u32::MAX) as usize;
                if let Some(size) = u16_at(data, at)
                    && let Some(huge) = data.get(at + 2..(at + 2).saturating_add(size as usize))
                {
                    read_sprms(huge, data, p, false);
                }
            }
            0x460B => p.ilfo = u16_at(operand, 0).unwrap_or(0),
            0x260A => p.ilvl = operand.first().copied().unwrap_or(0),
            0x2416 => p.in_table = operand.first().is_some_and(|&b| b != 0),
            0x2417 => p.row_end = operand.first().is_some_and(|&b| b != 0),
            0x6649 => {
                p.depth = u32_at(operand, 0).unwrap_or(0);
                p.in_table |= p.depth > 0;
            }
            0x244B => p.inner_cell = operand.first().is_some_and(|&b| b != 0),
            0x244C => p.inner_row_end = operand.first().is_some_and(|&b| b != 0),
            0xD608 => (p.edges, p.merges) = def_table(operand),
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
}

/// The cell boundaries and the merge flags of each cell from a `TDefTable` operand:
/// rgdxaCenter, and (horzMerge, vertMerge) of each TC80 ([MS-DOC] 2.9.315, 2.9.328).
fn def_table(operand: &[u8]) -> (Vec<i16>, Vec<(u8, u8)>) {
    // cb (2 bytes), itcMac, rgdxaCenter (itcMac + 1 × 2 bytes), rgTc80 (itcMac × 20 bytes,
    // possibly fewer: the missing ones are default cells).
    let Some(&count) = operand.get(2) else {
        return (Vec::new(), Vec::new());
    };
    let count = count as usize;
    let edges = (0..=count)
        .map_while(|i| u16_at(operand, 3 + i * 2).map(|v| v as i16))
        .collect();
    let tcs = 3 + (count + 1) * 2;
    let merges = (0..count)
        .map(|i| {
            let flags = u16_at(operand, tcs + i * 20).unwrap_or(0);
            ((flags & 0x3) as u8, ((flags >> 5) & 0x3) as u8)
        })
        .collect();
    (edges, merges)
}

/// Paragraph properties by the file offset of a paragraph mark, from the PAPX FKPs.
struct Papx {
    /// (first fc, end fc, properties) of each run of paragraphs an FKP describes.
    runs: Vec<(u32, u32, Props)>,
}

impl Papx {
    fn read(word: &[u8], table: &[u8], data: &[u8], bte: (u32, u32)) -> Papx {
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
                    read_props(body.get(2..).unwrap_or(&[]), data)
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
    // A document without huge paragraph properties may have no Data stream.
    let data = stream(&mut file, "/Data", limits.part_bytes).unwrap_or_default();
    let papx = Papx::read(&word, &table, &data, fib.bte_papx);
    let mut numbering = lists(&table, fib.plf_lst, fib.plf_lfo);
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
                let mut text = std::mem::take(&mut text);
                // The label Word shows in front of a numbered paragraph is not in its text.
                if props.ilfo != 0
                    && !props.row_end
                    && let Some(label) =
                        numbering.label(u32::from(props.ilfo), u32::from(props.ilvl))
                {
                    text = format!("{label} {text}");
                }
                builder.paragraph(text, c == '\u{7}', &props)?;
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
    builder.end_table()?;
    builder.doc.diagnostics.extend(diagnostics);
    Ok(builder.doc)
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

/// The lists of the document from the table stream: the list definitions (an LSTF each, then
/// their levels, one LVL for a simple list and nine for another, right after the `PlfLst`) and the
/// list instances (LFO) paragraphs name. What cannot be read is left out: a document without
/// labels still converts.
fn lists(table: &[u8], plf_lst: (u32, u32), plf_lfo: (u32, u32)) -> Numbering {
    let mut lists: Vec<(u32, Vec<BinaryLevel>)> = Vec::new();
    if plf_lst.1 > 0 {
        let start = plf_lst.0 as usize;
        let count = u16_at(table, start).unwrap_or(0) as usize;
        let mut at = start + 2 + count * 28;
        for i in 0..count {
            let lstf = start + 2 + i * 28;
            let (Some(lsid), Some(&flags)) = (u32_at(table, lstf), table.get(lstf + 26)) else {
                break;
            };
            let n = if flags & 1 != 0 { 1 } else { 9 };
            let mut levels = Vec::with_capacity(n);
            for _ in 0..n {
                let Some((level, next)) = level(table, at) else {
                    return Numbering::from_binary(Vec::new(), &[]);
                };
                levels.push(level);
                at = next;
            }
            lists.push((lsid, levels));
        }
    }
    let mut instances = Vec::new();
    if plf_lfo.1 > 0 {
        let start = plf_lfo.0 as usize;
        let count = u32_at(table, start).unwrap_or(0) as usize;
        for k in 0..count.min(table.len() / 16) {
            let Some(lsid) = u32_at(table, start + 4 + k * 16) else {
                break;
            };
            instances.push(lists.iter().position(|l| l.0 == lsid).unwrap_or(usize::MAX));
        }
    }
    Numbering::from_binary(lists.into_iter().map(|l| l.1).collect(), &instances)
}

/// One LVL at `at`: the LVLF (28 bytes), its paragraph and character sprms, then the label
/// text (an Xst: a count of UTF-16 units, then the units); with the offset after it.
fn level(table: &[u8], at: usize) -> Option<(BinaryLevel, usize)> {
    let start = u32_at(table, at)?;
    let nfc = *table.get(at + 4)?;
    let chpx = *table.get(at + 24)? as usize;
    let papx = *table.get(at + 25)? as usize;
    let xst = at + 28 + papx + chpx;
    let count = u16_at(table, xst)? as usize;
    let text = (0..count)
        .map(|i| u16_at(table, xst + 2 + i * 2))
        .collect::<Option<Vec<u16>>>()?;
    Some((
        BinaryLevel {
            start: start.min(1_000_000),
            nfc,
            text,
        },
        xst + 2 + count * 2,
    ))
}

/// A finished table row as the file holds it: each cell's text, its merge flags
/// (horizontal, vertical) and the row's cell boundaries.
struct TableRow {
    cells: Vec<String>,
    merges: Vec<(u8, u8)>,
    edges: Vec<i16>,
}

/// Turns paragraphs with their table properties into body paragraphs and grids, in order.
struct Builder {
    limits: super::Limits,
    doc: Document,
    /// The current table's finished rows.
    rows: Vec<TableRow>,
    cells: Vec<String>,
    cell: String,
    /// Grid positions of all tables so far, against the cell limit.
    count: usize,
}

impl Builder {
    fn new(limits: super::Limits) -> Builder {
        Builder {
            limits,
            doc: Document::new(Format::Doc),
            rows: Vec::new(),
            cells: Vec::new(),
            cell: String::new(),
            count: 0,
        }
    }

    fn paragraph(&mut self, text: String, cell_mark: bool, props: &Props) -> Result<(), Error> {
        if !props.in_table {
            self.end_table()?;
            if !text.trim().is_empty() {
                let index = self.doc.paragraphs.len() as u32 + 1;
                self.doc.push_paragraph(Paragraph {
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
            self.rows.push(TableRow {
                cells: std::mem::take(&mut self.cells),
                merges: props.merges.clone(),
                edges: props.edges.clone(),
            });
            self.cell.clear();
            return Ok(());
        }
        push_line(&mut self.cell, &text);
        if cell_mark {
            self.cells.push(std::mem::take(&mut self.cell));
        }
        Ok(())
    }

    /// Ends the current table: its rows placed on one grid.
    fn end_table(&mut self) -> Result<(), Error> {
        if !self.cells.is_empty() || !self.cell.is_empty() {
            let mut cells = std::mem::take(&mut self.cells);
            if !self.cell.is_empty() {
                cells.push(std::mem::take(&mut self.cell));
            }
            self.rows.push(TableRow {
                cells,
                merges: Vec::new(),
                edges: Vec::new(),
            });
        }
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.rows);
        let index = self.doc.grids.len() as u32 + 1;
        let columns = column_edges(&rows);
        let mut grid: Vec<Row> = Vec::with_capacity(rows.len());
        for (r, row) in rows.iter().enumerate() {
            let spans = cell_spans(row, &columns);
            self.count = self
                .count
                .saturating_add(spans.iter().map(|s| s.1 - s.0).sum::<usize>());
            if self.count > self.limits.cells {
                return Err(
                    Error::limit("the document's table cells", self.limits.cells).at(Some(
                        Location::Table {
                            table: index,
                            row: r as u32 + 1,
                            column: None,
                        },
                    )),
                );
            }
            let cells = place_row(&mut grid, r, row, &spans);
            grid.push(Row {
                cells,
                number: r as u32 + 1,
                repeat_header: false,
            });
        }
        self.doc.push_grid(Grid {
            source: GridSource::Table { index },
            rows: grid,
            headings: Vec::new(),
        });
        Ok(())
    }
}

/// The column edges of a table: every row's cell boundaries, those closer than
/// [`EDGE_TOLERANCE`] taken as one.
fn column_edges(rows: &[TableRow]) -> Vec<i32> {
    let mut all: Vec<i32> = rows
        .iter()
        .flat_map(|r| r.edges.iter().map(|&e| i32::from(e)))
        .collect();
    all.sort_unstable();
    let mut edges: Vec<i32> = Vec::new();
    for e in all {
        if edges.last().is_none_or(|&last| e - last > EDGE_TOLERANCE) {
            edges.push(e);
        }
    }
    edges
}

/// The grid columns `[start, end)` each cell of `row` spans, from its boundaries; a row
/// without a table definition has one column per cell. Empty cells at the row's end that start
/// no vertical merge are left out: they hold nothing.
fn cell_spans(row: &TableRow, columns: &[i32]) -> Vec<(usize, usize)> {
    let column = |edge: i16| {
        let edge = i32::from(edge);
        columns
            .iter()
            .position(|&c| (c - edge).abs() <= EDGE_TOLERANCE)
            .unwrap_or_else(|| columns.partition_point(|&c| c < edge))
    };
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(row.cells.len());
    let mut at = 0usize;
    for i in 0..row.cells.len() {
        let (start, end) = match (row.edges.get(i), row.edges.get(i + 1)) {
            (Some(&left), Some(&right)) => (column(left), column(right)),
            _ => (at, at + 1),
        };
        // Boundaries out of order would overlap the cell before: one column after it instead.
        let start = start.max(at);
        let end = end.max(start + 1);
        spans.push((start, end));
        at = end;
    }
    while let Some(i) = spans.len().checked_sub(1) {
        let empty = row.cells[i].trim().is_empty()
            && row.merges.get(i).is_none_or(|&(_, vertical)| vertical == 0);
        if !empty {
            break;
        }
        spans.pop();
    }
    spans
}

/// Row `r`'s cells on the grid: each at its columns, a horizontally merged cell covered by the
/// cell to its left, a vertically merged one by the region above it (whose anchor in `grid`
/// grows to reach it).
fn place_row(grid: &mut [Row], r: usize, row: &TableRow, spans: &[(usize, usize)]) -> Vec<Cell> {
    let width = spans.last().map_or(0, |s| s.1);
    let mut cells = vec![Cell::new(Value::Empty); width];
    let mut left: Option<(usize, usize)> = None;
    for (i, &(start, end)) in spans.iter().enumerate() {
        let (horizontal, vertical) = row.merges.get(i).copied().unwrap_or((0, 0));
        // [MS-DOC] TCGRF: vertMerge 1 (or 2) continues the cell above, 3 starts a region;
        // horzMerge 2 or 3 continues the cell to the left.
        let above = if matches!(vertical, 1 | 2) && r > 0 {
            grid[r - 1].cells.get(start).map(|a| match a.merge {
                Merge::Covered { row, col } => (row as usize, col as usize),
                _ => (r - 1, start),
            })
        } else {
            None
        };
        let anchor = above.or(if horizontal >= 2 { left } else { None });
        if let Some((ar, ac)) = anchor {
            for cell in &mut cells[start..end] {
                *cell = Cell::covered(ar, ac);
            }
            let (rows, cols) = ((r - ar + 1) as u32, (end - ac) as u32);
            if ar == r {
                cells[ac].extend_merge(rows, cols);
            } else {
                grid[ar].cells[ac].extend_merge(rows, cols);
            }
            left = Some((ar, ac));
        } else {
            cells[start] = Cell::text(row.cells[i].trim());
            if end - start > 1 {
                cells[start].extend_merge(1, (end - start) as u32);
                for cell in &mut cells[start + 1..end] {
                    *cell = Cell::covered(r, start);
                }
            }
            left = Some((r, start));
        }
    }
    cells
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

#[cfg(test)]
mod tests {
    use super::*;

    fn in_table() -> Props {
        Props {
            in_table: true,
            depth: 1,
            ..Props::default()
        }
    }

    /// A row end whose table definition gives the cells these boundaries (in twips) and merge
    /// flags (horizontal, vertical).
    fn row_end(edges: &[i16], merges: &[(u8, u8)]) -> Props {
        Props {
            row_end: true,
            edges: edges.to_vec(),
            merges: merges.to_vec(),
            ..in_table()
        }
    }

    fn table(rows: &[(&[&str], Props)]) -> Grid {
        let mut builder = Builder::new(crate::ingest::Limits::default());
        for (cells, end) in rows {
            for text in *cells {
                builder
                    .paragraph((*text).to_string(), true, &in_table())
                    .unwrap();
            }
            builder.paragraph(String::new(), true, end).unwrap();
        }
        builder.end_table().unwrap();
        builder.doc.grids.remove(0)
    }

    #[test]
    fn cells_stand_at_their_boundaries_not_at_their_order() {
        // A header of four columns; a row whose first cell spans the first two, then a row
        // whose first cell continues a vertical merge.
        let grid = table(&[
            (
                &["序号", "工作任务", "工作要求", "责任单位"],
                row_end(&[0, 500, 2000, 4000, 5000], &[]),
            ),
            (
                &["一、公开", "要求甲", "司法局"],
                row_end(&[0, 2000, 4000, 5000], &[(0, 3), (0, 0), (0, 0)]),
            ),
            (
                &["", "要求乙", "财政局"],
                row_end(&[0, 2000, 4000, 5000], &[(0, 1), (0, 0), (0, 0)]),
            ),
        ]);
        assert_eq!(
            grid.rows[1].cells[0].merge,
            Merge::Anchor { rows: 2, cols: 2 }
        );
        assert_eq!(grid.value(1, 2).text(), "要求甲");
        assert_eq!(grid.value(1, 3).text(), "司法局");
        assert_eq!(grid.value(2, 1).text(), "一、公开");
        assert!(grid.rows[2].cells[1].value.is_blank());
        assert_eq!(grid.value(2, 3).text(), "财政局");
    }

    #[test]
    fn a_wide_row_over_many_empty_rows_costs_what_the_file_holds() {
        let wide: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
        let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
        let mut rows: Vec<(&[&str], Props)> = vec![(&wide, row_end(&[], &[]))];
        for _ in 0..100_000 {
            rows.push((&[""], row_end(&[], &[])));
        }
        let grid = table(&rows);
        assert_eq!(grid.rows.len(), 100_001);
        let positions: usize = grid.rows.iter().map(|r| r.cells.len()).sum();
        assert_eq!(positions, 10_000);
    }
}
