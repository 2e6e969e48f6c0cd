//! The document from its pages' content: paragraphs joined over lines and pages, a table
//! continued over pages one grid (its header repeated on each page dropped, a row cut by a page
//! break joined).

use super::lines::{self, Column, Line};
use super::tables;
use super::{Item, PageContent, PageTable, columns};
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};
use crate::ingest::{Document, Format, Paragraph, ReadOptions};

/// The document: paragraphs joined over lines and pages, tables joined over pages.
pub(super) fn assemble(pages: Vec<PageContent>, options: &ReadOptions) -> Document {
    let columns = columns(&pages);
    let mut builder = Builder {
        doc: Document::new(Format::Pdf),
        paragraph: None,
        table: None,
        cell_bytes: options.limits.cell_bytes,
    };
    for (page, column) in pages.into_iter().zip(columns) {
        let mut first = true;
        for item in page.items {
            match item {
                Item::Line(line) => builder.line(line, page.number, &column, first),
                Item::Table(table) => builder.table(table, page.number, first),
            }
            first = false;
        }
    }
    builder.finish()
}

/// The paragraph being joined: its text, place and last line.
pub(super) struct OpenParagraph {
    text: String,
    location: Location,
    last: Line,
    page: u32,
    lines: usize,
}

/// The table being joined over pages.
pub(super) struct OpenTable {
    grid: Grid,
    /// The column boundaries of its last part.
    xs: Vec<f64>,
    /// Its first rows' texts, to know the header when a page repeats it.
    head: Vec<Vec<String>>,
    /// The page of its last part.
    page: u32,
}

pub(super) struct Builder {
    doc: Document,
    paragraph: Option<OpenParagraph>,
    table: Option<OpenTable>,
    cell_bytes: usize,
}

impl Builder {
    fn line(&mut self, line: Line, page: u32, column: &Column, first_on_page: bool) {
        // Text after a table ends it: it cannot go on over the next page.
        self.flush_table();
        if let Some(open) = &mut self.paragraph {
            let near = open.page == page && !first_on_page;
            let next_page = open.page + 1 == page && first_on_page;
            if (near || next_page)
                && lines::continues(&open.last, &line, column, near, open.lines == 1)
                && open.text.len() < self.cell_bytes
            {
                lines::join(&mut open.text, &line.text);
                open.last = line;
                open.page = page;
                open.lines += 1;
                return;
            }
        }
        self.flush_paragraph();
        let index = self.doc.paragraph_count() as u32 + 1;
        self.paragraph = Some(OpenParagraph {
            text: line.text.clone(),
            location: Location::Page {
                page,
                within: Box::new(Location::Paragraph { index }),
            },
            last: line,
            page,
            lines: 1,
        });
    }

    fn flush_paragraph(&mut self) {
        if let Some(open) = self.paragraph.take() {
            self.doc.push_paragraph(Paragraph {
                text: open.text,
                location: open.location,
            });
        }
    }

    fn table(&mut self, part: PageTable, page: u32, first_on_page: bool) {
        self.flush_paragraph();
        // Only a table that nothing followed on its page goes on at the top of the next.
        let continues = first_on_page
            && self
                .table
                .as_ref()
                .is_some_and(|t| t.page + 1 == page && same_columns(&t.xs, &part.frame.xs));
        if !continues {
            self.flush_table();
            let index = self.doc.grid_count() as u32 + 1;
            let head = (0..part.frame.rows().min(HEAD_ROWS))
                .map(|r| part.row_texts(r).into_iter().map(String::from).collect())
                .collect();
            let mut table = OpenTable {
                grid: Grid {
                    source: GridSource::PagedTable {
                        index,
                        pages: Vec::new(),
                    },
                    rows: Vec::new(),
                    headings: Vec::new(),
                },
                xs: part.frame.xs.clone(),
                head,
                page,
            };
            append(&mut table.grid, &part, page);
            self.table = Some(table);
            return;
        }
        if let Some(table) = &mut self.table {
            let repeated = repeated_header(&table.head, &part);
            continue_grid(&mut table.grid, &part, repeated, page);
            table.xs.clone_from(&part.frame.xs);
            table.page = page;
        }
    }

    fn flush_table(&mut self) {
        if let Some(table) = self.table.take() {
            self.doc.push_grid(table.grid);
        }
    }

    fn finish(mut self) -> Document {
        self.flush_paragraph();
        self.flush_table();
        self.doc
    }
}

/// The most rows a header repeated on each page may have.
pub(super) const HEAD_ROWS: usize = 3;

pub(super) fn same_columns(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 3.0)
}

/// How many rows at the top of a table's part repeat the table's first rows (Word and
/// `LibreOffice` print a header marked to repeat at the top of each page).
pub(super) fn repeated_header(head: &[Vec<String>], part: &PageTable) -> usize {
    head.iter()
        .enumerate()
        .take_while(|(r, row)| {
            *r < part.frame.rows()
                && row.iter().any(|t| !t.is_empty())
                && part.row_texts(*r) == row.iter().map(String::as_str).collect::<Vec<_>>()
        })
        .count()
}

/// Where a region of a table's part goes in the grid: a cell of its own, or into the grid's
/// cell at (`row`, `col`) that it continues from the page before.
#[derive(Clone, Copy)]
pub(super) enum Target {
    New,
    Into { row: usize, col: usize },
}

/// Appends a table's part as the grid's first rows.
pub(super) fn append(grid: &mut Grid, part: &PageTable, page: u32) {
    let targets = vec![Target::New; part.frame.regions.len()];
    push_rows(grid, part, &targets, 0, page);
}

/// Joins a table's part from the next page to the grid, after its `skip` repeated header rows.
///
/// Word and `LibreOffice` draw a merged cell that goes on over a page break again on the next
/// page, empty: where the part's first row is empty under a cell the grid merges down, the
/// part's cell is that cell. A row cut by the page break leaves cells of the part's first row
/// empty under text of the grid's last row (the cut fell after their text ended): that row's
/// cells are then the last row's, their text joined to it.
pub(super) fn continue_grid(grid: &mut Grid, part: &PageTable, skip: usize, page: u32) {
    if skip >= part.frame.rows() {
        return;
    }
    let Some(last) = grid.rows.len().checked_sub(1) else {
        let targets = vec![Target::New; part.frame.regions.len()];
        push_rows(grid, part, &targets, skip, page);
        return;
    };
    let at_top = |r: &tables::Region| r.row <= skip && r.row + r.rows > skip;
    let carried = |k: usize, r: &tables::Region| {
        part.texts[k].is_empty() && merged_into(grid, last, r, true).is_some()
    };
    let cut = part.frame.regions.iter().enumerate().any(|(k, r)| {
        at_top(r)
            && part.texts[k].is_empty()
            && !carried(k, r)
            && !grid.value(last, r.col).is_blank()
    });
    let targets: Vec<Target> = part
        .frame
        .regions
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let into = if !at_top(r) {
                None
            } else if cut {
                merged_into(grid, last, r, false)
            } else if carried(k, r) {
                merged_into(grid, last, r, true)
            } else {
                None
            };
            into.map_or(Target::New, |(row, col)| Target::Into { row, col })
        })
        .collect();
    if cut {
        join_cut_row(grid, part, &targets);
    }
    let start = skip + usize::from(cut);
    let offset = grid.rows.len();
    push_rows(grid, part, &targets, start, page);
    reach_down(grid, part, &targets, |r| offset + r - start, start);
}

/// The grid's cell that a region at the top of the next page's part goes on from: the cell the
/// grid's last row shows in the region's first column, spanning the same columns, and (when
/// `vertical`) merged down into that row from above.
pub(super) fn merged_into(
    grid: &Grid,
    last: usize,
    region: &tables::Region,
    vertical: bool,
) -> Option<(usize, usize)> {
    let c = region.col;
    let (row, col) = match grid.rows.get(last)?.cells.get(c)?.merge {
        Merge::Covered { row, col } => (row as usize, col as usize),
        _ => (last, c),
    };
    let cols = match grid.rows.get(row)?.cells.get(col)?.merge {
        Merge::Anchor { cols, .. } => cols as usize,
        _ => 1,
    };
    (col == c && cols == region.cols && (!vertical || row < last)).then_some((row, col))
}

/// The text of a row's part after a page break, joined to the text before the break.
pub(super) fn join_cut_row(grid: &mut Grid, part: &PageTable, targets: &[Target]) {
    for (k, target) in targets.iter().enumerate() {
        if let Target::Into { row, col } = *target
            && !part.texts[k].is_empty()
            && let Some(cell) = grid.rows.get_mut(row).and_then(|r| r.cells.get_mut(col))
        {
            let mut text = cell.value.text().into_owned();
            lines::join(&mut text, &part.texts[k]);
            cell.value = Value::Text(text);
        }
    }
}

/// Appends the part's rows from `start` on, each region once at its anchor (or covered by the
/// grid's cell it goes on from).
pub(super) fn push_rows(
    grid: &mut Grid,
    part: &PageTable,
    targets: &[Target],
    start: usize,
    page: u32,
) {
    let frame = &part.frame;
    let offset = grid.rows.len();
    for r in start..frame.rows() {
        let mut cells = Vec::with_capacity(frame.cols());
        for c in 0..frame.cols() {
            let Some(k) = frame.owner(r, c) else {
                cells.push(Cell::text(""));
                continue;
            };
            let region = &frame.regions[k];
            let cell = match targets[k] {
                Target::Into { row, col } => Cell::covered(row, col + c - region.col),
                Target::New => {
                    // A region that starts in a skipped row is anchored at the first row kept.
                    let top = region.row.max(start);
                    if top == r && region.col == c {
                        let mut cell = Cell::text(part.texts[k].clone());
                        let rows = region.row + region.rows - top;
                        if rows > 1 || region.cols > 1 {
                            cell.extend_merge(rows as u32, region.cols as u32);
                        }
                        cell
                    } else {
                        Cell::covered(offset + top - start, region.col)
                    }
                }
            };
            cells.push(cell);
        }
        let number = grid.rows.len() as u32 + 1;
        grid.rows.push(Row {
            cells,
            number,
            repeat_header: false,
            cut_off: false,
        });
        if let GridSource::PagedTable { pages, .. } = &mut grid.source {
            pages.push(page);
        }
    }
}

/// Makes each grid cell that a region of the part goes on from reach down to the region's
/// last row (`global` gives a part row's place in the grid).
pub(super) fn reach_down(
    grid: &mut Grid,
    part: &PageTable,
    targets: &[Target],
    global: impl Fn(usize) -> usize,
    start: usize,
) {
    for (k, target) in targets.iter().enumerate() {
        let Target::Into { row, col } = *target else {
            continue;
        };
        let region = &part.frame.regions[k];
        let bottom = region.row + region.rows;
        let reach = if bottom > start {
            global(bottom - 1)
        } else {
            row
        };
        let rows = reach + 1 - row;
        if (rows > 1 || region.cols > 1)
            && let Some(cell) = grid.rows.get_mut(row).and_then(|r| r.cells.get_mut(col))
        {
            cell.extend_merge(rows as u32, region.cols as u32);
        }
    }
}
