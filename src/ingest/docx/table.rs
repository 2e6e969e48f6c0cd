//! Tables, rows and cells (ECMA-376 §17.4) as the parser meets them, then each top-level table
//! into a [`Grid`]: grid columns, spans, and vertical and horizontal merges resolved into regions.

use quick_xml::events::BytesStart;

use super::Parser;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};
use crate::ingest::ooxml::attribute;

/// Grid columns one table may have; wider is not a task table a person could read.
pub(super) const MAX_TABLE_WIDTH: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VMerge {
    Restart,
    Continue,
}

#[derive(Debug, Default)]
pub(super) struct RawCell {
    pub(super) text: String,
    pub(super) span: u32,
    pub(super) vmerge: Option<VMerge>,
    pub(super) hmerge_continue: bool,
    pub(super) paragraphs: u32,
}

#[derive(Debug, Default)]
pub(super) struct RawRow {
    pub(super) cells: Vec<RawCell>,
    pub(super) grid_before: u32,
    pub(super) grid_after: u32,
    pub(super) header: bool,
}

#[derive(Debug, Default)]
pub(super) struct RawTable {
    pub(super) grid_cols: usize,
    pub(super) rows: Vec<RawRow>,
    pub(super) row: Option<RawRow>,
    pub(super) cell: Option<RawCell>,
}

pub(super) fn flatten(table: &RawTable) -> String {
    table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Places the raw cells on the table grid with their spans: `w:gridBefore`/`w:gridAfter` skip
/// grid columns, `w:gridSpan` spans them, `w:hMerge` and `w:vMerge` continue the region to
/// their left or above. A covered position points at its anchor; a row ends at its last cell.
pub(super) fn build_grid(
    table: RawTable,
    index: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Grid, String> {
    let width = table_width(&table)?;
    let mut rows: Vec<Row> = Vec::with_capacity(table.rows.len());
    for (r, raw) in table.rows.into_iter().enumerate() {
        let mut cells: Vec<Cell> = Vec::new();
        let mut col = raw.grid_before as usize;
        let mut left_anchor: Option<(u32, u32)> = None;
        for raw_cell in raw.cells {
            let span = raw_cell.span as usize;
            if col + span > width {
                return Err("a row spans more grid columns than the table has".into());
            }
            if cells.len() < col + span {
                cells.resize(col + span, Cell::new(Value::Empty));
            }
            let text = raw_cell.text.trim_end_matches(['\n', ' ']).to_string();
            // Diagnostics name the grid column, as every later stage numbers columns.
            let location = Location::Table {
                table: index,
                row: r as u32 + 1,
                column: Some(col as u32 + 1),
            };
            let continues = continued_region(
                &raw_cell,
                &rows,
                r,
                col,
                left_anchor,
                &location,
                diagnostics,
            );
            let continues = match continues {
                Some(_) if !text.trim().is_empty() => {
                    diagnostics.push(Diagnostic::warning(
                        Code::MergeWithText,
                        Some(location),
                        "a merged continuation cell holds its own text; read as a cell of its own",
                    ));
                    None
                }
                other => other,
            };
            if let Some(anchor) = continues {
                cover(&mut rows, &mut cells, r, col..col + span, anchor);
                left_anchor = Some(anchor);
            } else {
                place(&mut cells, r, col..col + span, text);
                left_anchor = Some((r as u32, col as u32));
            }
            col += span;
        }
        while cells
            .last()
            .is_some_and(|c| c.merge == Merge::Single && c.value.is_blank())
        {
            cells.pop();
        }
        rows.push(Row {
            cells,
            number: r as u32 + 1,
            repeat_header: raw.header,
            cut_off: false,
        });
    }
    Ok(Grid {
        source: GridSource::Table { index },
        rows,
        headings: Vec::new(),
    })
}

/// The table's width in grid columns: `w:tblGrid`'s, or more when a row's cells need more.
pub(super) fn table_width(table: &RawTable) -> Result<usize, String> {
    let needed = table
        .rows
        .iter()
        .map(|r| {
            r.grid_before as usize
                + r.cells.iter().map(|c| c.span as usize).sum::<usize>()
                + r.grid_after as usize
        })
        .max()
        .unwrap_or(0);
    let width = needed.max(table.grid_cols);
    if width > MAX_TABLE_WIDTH {
        return Err(format!(
            "expected at most {MAX_TABLE_WIDTH} grid columns, but found {width}"
        ));
    }
    Ok(width)
}

/// The anchor of the region a cell continues: the cell above's region for `w:vMerge` without
/// `w:val` (ECMA-376: a vMerge without val continues), the cell to the left's for a legacy
/// `w:hMerge` continuation; None for a cell of its own.
pub(super) fn continued_region(
    raw_cell: &RawCell,
    rows: &[Row],
    r: usize,
    col: usize,
    left_anchor: Option<(u32, u32)>,
    location: &Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(u32, u32)> {
    if raw_cell.hmerge_continue && raw_cell.vmerge != Some(VMerge::Continue) {
        return left_anchor;
    }
    if raw_cell.vmerge != Some(VMerge::Continue) {
        return None;
    }
    let Some(above) = rows.last() else {
        diagnostics.push(Diagnostic::warning(
            Code::MergeWithoutStart,
            Some(location.clone()),
            "w:vMerge continues a merge that has no cell above; read as a cell of its own",
        ));
        return None;
    };
    match above.cells.get(col) {
        Some(Cell {
            merge: Merge::Covered { row, col: ac },
            ..
        }) => Some((*row, *ac)),
        Some(Cell {
            merge: Merge::Anchor { .. } | Merge::Single,
            ..
        }) => Some((r as u32 - 1, col as u32)),
        // The row above ends before this column (its trailing cells were empty): nothing to
        // continue, and nothing lost.
        None => None,
    }
}

/// Grid positions `span` of row `r` covered by the region anchored at `(ar, ac)`; the anchor's
/// region grows to reach them.
pub(super) fn cover(
    rows: &mut [Row],
    cells: &mut [Cell],
    r: usize,
    span: std::ops::Range<usize>,
    (ar, ac): (u32, u32),
) {
    let extent_rows = r as u32 - ar + 1;
    let extent_cols = span.end as u32 - ac;
    for cell in &mut cells[span] {
        *cell = Cell::covered(ar as usize, ac as usize);
    }
    let anchor = if ar as usize == r {
        &mut cells[ac as usize]
    } else {
        &mut rows[ar as usize].cells[ac as usize]
    };
    anchor.extend_merge(extent_rows, extent_cols);
}

/// A cell of its own at positions `span` of row `r`: the first holds the text, the rest of a
/// `w:gridSpan` are covered by it.
pub(super) fn place(cells: &mut [Cell], r: usize, span: std::ops::Range<usize>, text: String) {
    let value = if text.trim().is_empty() {
        Value::Empty
    } else {
        Value::Text(text)
    };
    let first = span.start;
    cells[first] = Cell {
        value,
        merge: if span.len() > 1 {
            Merge::Anchor {
                rows: 1,
                cols: span.len() as u32,
            }
        } else {
            Merge::Single
        },
    };
    for cell in &mut cells[first + 1..span.end] {
        *cell = Cell::covered(r, first);
    }
}

impl Parser<'_> {
    /// Tables, rows and cells, with their grid, spans and merges (ECMA-376 §17.4).
    pub(super) fn open_table_part(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), Error> {
        match name {
            "tbl" => {
                if self.tables.is_empty() {
                    self.table_count += 1;
                }
                self.tables.push(RawTable::default());
            }
            "gridCol" => {
                if let Some(t) = self.tables.last_mut() {
                    t.grid_cols += 1;
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(RawRow::default());
                }
            }
            "tblHeader" => {
                let on =
                    attribute(e, "val").is_none_or(|v| matches!(v.as_str(), "true" | "1" | "on"));
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    row.header = on;
                }
            }
            "gridBefore" | "gridAfter" => {
                let n = self.number(e, name)?;
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    if name == "gridBefore" {
                        row.grid_before = n;
                    } else {
                        row.grid_after = n;
                    }
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(RawCell {
                        span: 1,
                        ..RawCell::default()
                    });
                }
            }
            "gridSpan" => {
                let n = self.number(e, name)?;
                if n == 0 || n as usize > MAX_TABLE_WIDTH {
                    return Err(self.invalid(format!(
                        "expected w:gridSpan between 1 and {MAX_TABLE_WIDTH}, but found {n}"
                    )));
                }
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.span = n;
                }
            }
            "vMerge" => {
                // ECMA-376 §17.4.84: a w:vMerge without w:val continues the merge.
                let merge = match attribute(e, "val").as_deref() {
                    Some("restart") => VMerge::Restart,
                    Some("continue") | None => VMerge::Continue,
                    Some(other) => {
                        return Err(self.invalid(format!(
                            "expected w:vMerge to be restart or continue, but found {other:?}"
                        )));
                    }
                };
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.vmerge = Some(merge);
                }
            }
            "hMerge" => {
                let cont = attribute(e, "val").as_deref() != Some("restart");
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.hmerge_continue = cont;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The end of a cell, a row or a table: a top-level table becomes a grid, a nested one text
    /// in its cell.
    pub(super) fn close_table_part(&mut self, name: &str) -> Result<(), Error> {
        match name {
            "tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let (Some(cell), Some(row)) = (t.cell.take(), t.row.as_mut())
                {
                    row.cells.push(cell);
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(row) = t.row.take()
                {
                    // Positions, not cells: a cell spanning many grid columns costs them all.
                    self.cells += row.grid_before as usize
                        + row.cells.iter().map(|c| c.span as usize).sum::<usize>();
                    if self.cells > self.limits.cells {
                        return Err(
                            Error::limit("cells in tables", self.limits.cells).in_part(self.part)
                        );
                    }
                    t.rows.push(row);
                }
            }
            "tbl" => {
                let Some(table) = self.tables.pop() else {
                    return Ok(());
                };
                if let Some(outer) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    // A table nested in a cell: its text stays in that cell, one line per cell.
                    let text = flatten(&table);
                    if !outer.text.is_empty() && !text.is_empty() {
                        outer.text.push('\n');
                    }
                    outer.text.push_str(&text);
                    let location = self.location();
                    self.diagnostics.push(Diagnostic::warning(
                        Code::NestedTable,
                        location,
                        "a table nested in this cell was flattened into the cell's text",
                    ));
                } else if self.tables.is_empty() {
                    let grid = build_grid(table, self.table_count, &mut self.diagnostics).map_err(
                        |message| {
                            Error::from(ErrorKind::Invalid(message))
                                .in_part(self.part)
                                .at(Some(Location::Table {
                                    table: self.table_count,
                                    row: 1,
                                    column: None,
                                }))
                        },
                    )?;
                    self.doc.push_grid(grid);
                }
            }
            _ => {}
        }
        Ok(())
    }
}
