//! Paragraph and table properties: the sprms of the PAPX formatted disk pages ([MS-DOC]
//! 2.6.2, 2.9.131), and the table definition they carry.

use super::binary::{u16_at, u32_at};

/// What a paragraph's properties say about tables.
#[derive(Debug, Clone, Default)]
pub(super) struct Props {
    pub(super) in_table: bool,
    /// The row-end mark (TTP).
    pub(super) row_end: bool,
    /// Table depth (1 for a table in the body).
    pub(super) depth: u32,
    pub(super) inner_cell: bool,
    pub(super) inner_row_end: bool,
    /// The list instance the paragraph is numbered in (1-based; 0 for none) and its level.
    pub(super) ilfo: u16,
    pub(super) ilvl: u8,
    /// Per cell of the row (on the row-end mark): (horizontal merge, vertical merge).
    pub(super) merges: Vec<(u8, u8)>,
    /// The row's cell boundaries in twips (on the row-end mark): cell `i` runs from
    /// `edges[i]` to `edges[i + 1]`.
    pub(super) edges: Vec<i16>,
}

/// Size of a sprm's operand, from its spra bits ([MS-DOC] 2.2.5.1).
pub(super) fn operand_size(sprm: u16, grpprl: &[u8], at: usize) -> Option<usize> {
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
pub(super) fn read_props(grpprl: &[u8], data: &[u8]) -> Props {
    let mut p = Props::default();
    read_sprms(grpprl, data, &mut p, true);
    if p.depth == 0 && p.in_table {
        p.depth = 1;
    }
    p
}

pub(super) fn read_sprms(grpprl: &[u8], data: &[u8], p: &mut Props, follow_huge: bool) {
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
pub(super) fn def_table(operand: &[u8]) -> (Vec<i16>, Vec<(u8, u8)>) {
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
pub(super) struct Papx {
    /// (first fc, end fc, properties) of each run of paragraphs an FKP describes.
    pub(super) runs: Vec<(u32, u32, Props)>,
}

impl Papx {
    pub(super) fn read(word: &[u8], table: &[u8], data: &[u8], bte: (u32, u32)) -> Papx {
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

    pub(super) fn at(&self, fc: u32) -> Props {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        match i.checked_sub(1).map(|i| &self.runs[i]) {
            Some((first, end, props)) if *first <= fc && fc < *end => props.clone(),
            _ => Props::default(),
        }
    }
}
