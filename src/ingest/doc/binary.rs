//! The binary layer of [MS-DOC]: the compound file's streams, the File Information Block, the
//! piece table and the document's characters.

use std::io::Read;

use encoding_rs::WINDOWS_1252;

use crate::error::{Error, ErrorKind};

pub(super) fn broken(what: impl Into<String>) -> Error {
    Error::from(ErrorKind::Doc(what.into()))
}

pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Reads one stream of the compound file, at most `limit` bytes.
pub(super) fn stream<R: Read + std::io::Seek>(
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
pub(super) struct Fib {
    /// Whether the table stream is `1Table` (else `0Table`).
    pub(super) table_1: bool,
    /// Characters of the main document.
    pub(super) ccp_text: u32,
    pub(super) clx: (u32, u32),
    pub(super) bte_papx: (u32, u32),
    /// The list definitions (`PlfLst`) and list instances (`PlfLfo`) in the table stream.
    pub(super) plf_lst: (u32, u32),
    pub(super) plf_lfo: (u32, u32),
}

pub(super) fn fib(word: &[u8]) -> Result<Fib, Error> {
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
pub(super) struct Piece {
    pub(super) cp: u32,
    pub(super) cp_end: u32,
    pub(super) fc: u32,
    pub(super) compressed: bool,
}

pub(super) fn pieces(table: &[u8], clx: (u32, u32)) -> Result<Vec<Piece>, Error> {
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
pub(super) fn characters(
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
