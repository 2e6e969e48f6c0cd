//! Table rows into grids: each cell placed by its boundaries in the row's table definition, its
//! merge flags made into regions.

use super::props::Props;
use crate::error::Error;
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};
use crate::ingest::{Document, Format, Paragraph};

/// Twips within which two rows' cell boundaries are one column edge (Word and `LibreOffice`
/// round the widths of rows they compute separately).
pub(super) const EDGE_TOLERANCE: i32 = 20;

/// A finished table row as the file holds it: each cell's text, its merge flags
/// (horizontal, vertical) and the row's cell boundaries.
pub(super) struct TableRow {
    pub(super) cells: Vec<String>,
    pub(super) merges: Vec<(u8, u8)>,
    pub(super) edges: Vec<i16>,
}

/// Turns paragraphs with their table properties into body paragraphs and grids, in order.
pub(super) struct Builder {
    pub(super) limits: crate::ingest::Limits,
    pub(super) doc: Document,
    /// The current table's finished rows.
    pub(super) rows: Vec<TableRow>,
    pub(super) cells: Vec<String>,
    pub(super) cell: String,
    /// Grid positions of all tables so far, against the cell limit.
    pub(super) count: usize,
    /// The body paragraphs read so far, empty ones too: a paragraph's index says where it
    /// stands, so layout sees the empty paragraphs between two.
    body_paragraphs: u32,
}

impl Builder {
    pub(super) fn new(limits: crate::ingest::Limits) -> Builder {
        Builder {
            limits,
            doc: Document::new(Format::Doc),
            rows: Vec::new(),
            cells: Vec::new(),
            cell: String::new(),
            count: 0,
            body_paragraphs: 0,
        }
    }

    pub(super) fn paragraph(
        &mut self,
        text: String,
        cell_mark: bool,
        props: &Props,
    ) -> Result<(), Error> {
        if !props.in_table {
            self.end_table()?;
            self.body_paragraphs += 1;
            if !text.trim().is_empty() {
                self.doc.push_paragraph(Paragraph {
                    text: text.trim().to_string(),
                    location: Location::Paragraph {
                        index: self.body_paragraphs,
                    },
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
    pub(super) fn end_table(&mut self) -> Result<(), Error> {
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
        let index = self.doc.grid_count() as u32 + 1;
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
                cut_off: false,
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
pub(super) fn column_edges(rows: &[TableRow]) -> Vec<i32> {
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
pub(super) fn cell_spans(row: &TableRow, columns: &[i32]) -> Vec<(usize, usize)> {
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
pub(super) fn place_row(
    grid: &mut [Row],
    r: usize,
    row: &TableRow,
    spans: &[(usize, usize)],
) -> Vec<Cell> {
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

pub(super) fn push_line(cell: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push('\n');
    }
    cell.push_str(text);
}
