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

use std::io::Cursor;

use super::numbering::{BinaryLevel, Numbering};
use super::{Document, Limits, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;

mod binary;
mod props;
mod table;
#[cfg(test)]
mod tests;

use binary::{broken, characters, fib, pieces, stream, u16_at, u32_at};
use props::{Papx, Props};
use table::Builder;

/// Reads a legacy Word document.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    let limits = options.limits;
    let Parts {
        chars,
        papx,
        mut numbering,
    } = open(bytes, limits)?;
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
                let text = labelled(std::mem::take(&mut text), &props, &mut numbering);
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

/// What the compound file's streams say: the document's characters (each with its file
/// offset), paragraph properties and list numbering.
struct Parts {
    chars: Vec<(char, u32)>,
    papx: Papx,
    numbering: Numbering,
}

fn open(bytes: &[u8], limits: Limits) -> Result<Parts, Error> {
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
    let numbering = lists(&table, fib.plf_lst, fib.plf_lfo);
    Ok(Parts {
        chars,
        papx,
        numbering,
    })
}

/// A paragraph's text with the label Word shows in front of a numbered paragraph, which is not
/// in its text.
fn labelled(text: String, props: &Props, numbering: &mut Numbering) -> String {
    if props.ilfo != 0
        && !props.row_end
        && let Some(label) = numbering.label(u32::from(props.ilfo), u32::from(props.ilvl))
    {
        return format!("{label} {text}");
    }
    text
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
