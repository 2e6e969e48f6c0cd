//! The shared grid: every reader turns its tables into [`Grid`]s of [`Cell`]s, each merged
//! region held once by its anchor, so that no stage after `ingest` knows which file format a
//! table came from. A covered position points at its anchor and holds no text of its own;
//! [`Grid::value`] reads through it. Rows end at their last cell: nothing pads them.

use std::borrow::Cow;
use std::fmt;

/// A cell's typed value, as the source file stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    /// A number typed as a number (a spreadsheet's 序号 column holds `1.0`).
    Number(f64),
    /// A date typed as a date (a spreadsheet cell formatted as a date).
    Date(jiff::civil::Date),
    Bool(bool),
    /// A spreadsheet error value such as `#N/A`.
    Error(String),
}

impl Value {
    /// The value as text, the way a reader of the printed table sees it.
    #[must_use]
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Empty => Cow::Borrowed(""),
            Value::Text(s) => Cow::Borrowed(s),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                Cow::Owned(format!("{}", *n as i64))
            }
            Value::Number(n) => Cow::Owned(n.to_string()),
            Value::Date(d) => Cow::Owned(d.to_string()),
            Value::Bool(true) => Cow::Borrowed("TRUE"),
            Value::Bool(false) => Cow::Borrowed("FALSE"),
            Value::Error(e) => Cow::Borrowed(e),
        }
    }

    /// True when the cell shows nothing but white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }
}

/// How a cell takes part in a merged region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// A cell of its own.
    Single,
    /// The top-left cell of a merged region spanning `rows` × `cols` grid positions.
    Anchor { rows: u32, cols: u32 },
    /// A position covered by the region whose anchor is at (`row`, `col`) of the same grid.
    /// Its own value is empty: [`Grid::value`] gives the anchor's, so a merged region costs
    /// one value however many positions it covers.
    Covered { row: u32, col: u32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    pub merge: Merge,
}

impl Cell {
    #[must_use]
    pub fn new(value: Value) -> Cell {
        Cell {
            value,
            merge: Merge::Single,
        }
    }

    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::new(Value::Empty)
        } else {
            Cell::new(Value::Text(s))
        }
    }

    /// A position covered by a merged region anchored at (`row`, `col`).
    #[must_use]
    pub fn covered(row: usize, col: usize) -> Cell {
        Cell {
            value: Value::Empty,
            merge: Merge::Covered {
                row: row as u32,
                col: col as u32,
            },
        }
    }

    #[must_use]
    pub fn is_covered(&self) -> bool {
        matches!(self.merge, Merge::Covered { .. })
    }

    /// Makes this cell the anchor of a region at least `rows` × `cols` positions large (a
    /// region only grows: readers meet its covered positions one by one).
    pub fn extend_merge(&mut self, rows: u32, cols: u32) {
        let (old_rows, old_cols) = match self.merge {
            Merge::Anchor { rows, cols } => (rows, cols),
            _ => (1, 1),
        };
        self.merge = Merge::Anchor {
            rows: old_rows.max(rows),
            cols: old_cols.max(cols),
        };
    }
}

/// One row of a grid. Rows may be ragged: a row ends at its last cell (a web page drops a
/// merged cell from the rows it spans; empty trailing cells are not kept), and a position past
/// a row's end reads as empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// The row's own number in the source: line number (text), row number within the table
    /// (docx) or sheet row number (spreadsheet), all 1-based.
    pub number: u32,
    /// Marked by the document as a header row repeated on each printed page (`w:tblHeader`).
    pub repeat_header: bool,
    /// The copy ends inside this row (`3 | 开设网上预约查档渠道` where the rows before close with a
    /// bar): the cells past its last are missing, not merged from the row above.
    pub cut_off: bool,
}

impl Row {
    /// The text of each cell the row holds itself (not covered by a merge, not blank), trimmed.
    #[must_use]
    pub fn own_texts(&self) -> Vec<String> {
        self.cells
            .iter()
            .filter(|c| !c.is_covered() && !c.value.is_blank())
            .map(|c| c.value.text().trim().to_string())
            .collect()
    }
}

/// Where a grid sits in its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridSource {
    /// The tab-separated rows of a text file, or a table written one cell per line.
    Text,
    /// A table an office suite saved as text: one cell a line, a blank line for each empty or
    /// merged-over cell, so every cell stands in its column; rows are numbered by their first
    /// line.
    Export,
    /// A table written one cell per paragraph in a word-processing document or page; rows are
    /// numbered by the paragraph of their first cell.
    Paragraphs,
    /// The `index`-th table of a word-processing document (1-based, in document order).
    Table { index: u32 },
    /// The `index`-th table of a paged document (1-based, in document order), continued over
    /// pages as one: `pages[r]` is the page row `r` stands on.
    PagedTable { index: u32, pages: Vec<u32> },
    /// A worksheet; `first_col` and `last_col` are the 0-based sheet columns the grid spans.
    Sheet {
        name: String,
        first_col: u32,
        last_col: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub source: GridSource,
    pub rows: Vec<Row>,
    /// Headings (`一、…`, `（一）…`) standing as body paragraphs right before the table, as in
    /// notices that give each section a table of its own.
    pub headings: Vec<(String, Location)>,
}

/// The empty value a position past a row's end reads as.
static EMPTY: Value = Value::Empty;

impl Grid {
    #[must_use]
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }

    /// The value shown at (`row`, `col`): a covered position shows its anchor's value, a
    /// position past the row's end shows nothing.
    #[must_use]
    pub fn value(&self, row: usize, col: usize) -> &Value {
        let Some(cell) = self.rows.get(row).and_then(|r| r.cells.get(col)) else {
            return &EMPTY;
        };
        match cell.merge {
            Merge::Covered { row, col } => self
                .rows
                .get(row as usize)
                .and_then(|r| r.cells.get(col as usize))
                .filter(|anchor| !anchor.is_covered())
                .map_or(&EMPTY, |anchor| &anchor.value),
            _ => &cell.value,
        }
    }

    /// True when row `r` shows nothing at all, through merges included.
    #[must_use]
    pub fn is_blank_row(&self, r: usize) -> bool {
        self.rows
            .get(r)
            .is_none_or(|row| (0..row.cells.len()).all(|c| self.value(r, c).is_blank()))
    }

    /// Where cell (`row`, `col`) of this grid sits in the document, in the document's own terms.
    #[must_use]
    pub fn location(&self, row: usize, col: Option<usize>) -> Location {
        let number = self.rows.get(row).map_or(row as u32 + 1, |r| r.number);
        let col = col.map(|c| c as u32);
        match &self.source {
            GridSource::Text | GridSource::Export => Location::Line {
                line: number,
                column: col.map(|c| c + 1),
            },
            GridSource::Paragraphs => Location::Paragraph { index: number },
            GridSource::Table { index } => Location::Table {
                table: *index,
                row: number,
                column: col.map(|c| c + 1),
            },
            GridSource::PagedTable { index, pages } => Location::Page {
                page: pages.get(row).or(pages.last()).copied().unwrap_or(1),
                within: Box::new(Location::Table {
                    table: *index,
                    row: number,
                    column: col.map(|c| c + 1),
                }),
            },
            GridSource::Sheet {
                name,
                first_col,
                last_col,
            } => {
                let (first, last) = match col {
                    Some(c) => (first_col + c, first_col + c),
                    None => (*first_col, *last_col),
                };
                Location::Sheet {
                    sheet: name.clone(),
                    row: number,
                    first_col: first,
                    last_col: last,
                }
            }
        }
    }
}

/// A place in an input document, in that document's own terms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A text file: 1-based line and, for a cell, 1-based tab-separated column.
    Line {
        /// The line, from 1.
        line: u32,
        /// The cell's column, from 1.
        column: Option<u32>,
    },
    /// A word-processing table or a page's table: 1-based table, row and grid column (a cell
    /// spanning two grid columns counts as two).
    Table {
        /// The table, from 1, in document order.
        table: u32,
        /// The row, from 1.
        row: u32,
        /// The grid column, from 1.
        column: Option<u32>,
    },
    /// A worksheet cell or row range, 1-based row and 0-based columns (shown as letters).
    Sheet {
        /// The worksheet's name.
        sheet: String,
        /// The sheet row, from 1.
        row: u32,
        /// The first column, from 0 (A).
        first_col: u32,
        /// The last column, from 0.
        last_col: u32,
    },
    /// A paragraph of a word-processing document's body (1-based).
    Paragraph {
        /// The paragraph, from 1.
        index: u32,
    },
    /// Consecutive lines of a text file (an item written as paragraphs).
    Lines {
        /// The first line.
        first: u32,
        /// The last line.
        last: u32,
    },
    /// Consecutive body paragraphs of a word-processing document.
    Paragraphs {
        /// The first paragraph.
        first: u32,
        /// The last paragraph.
        last: u32,
    },
    /// A place on a page of a paged document: `page 3, table 1, row 4`, `page 2, paragraph 7`
    /// (tables and paragraphs are counted through the whole document).
    Page {
        /// The page, from 1.
        page: u32,
        /// The place, as the document counts it.
        within: Box<Location>,
    },
    /// A byte offset into an XML part (where a parser stopped).
    Byte {
        /// Bytes from the part's start.
        offset: u64,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line { line, column: None } => write!(f, "line {line}"),
            Location::Line {
                line,
                column: Some(c),
            } => write!(f, "line {line}, column {c}"),
            Location::Table {
                table,
                row,
                column: None,
            } => write!(f, "table {table}, row {row}"),
            Location::Table {
                table,
                row,
                column: Some(c),
            } => write!(f, "table {table}, row {row}, column {c}"),
            Location::Sheet {
                sheet,
                row,
                first_col,
                last_col,
            } => {
                write!(f, "{sheet}!{}{row}", column_name(*first_col))?;
                if last_col != first_col {
                    write!(f, ":{}{row}", column_name(*last_col))?;
                }
                Ok(())
            }
            Location::Paragraph { index } => write!(f, "paragraph {index}"),
            Location::Lines { first, last } => write!(f, "lines {first}–{last}"),
            Location::Paragraphs { first, last } => write!(f, "paragraphs {first}–{last}"),
            Location::Page { page, within } => write!(f, "page {page}, {within}"),
            Location::Byte { offset } => write!(f, "near byte {offset}"),
        }
    }
}

/// Spreadsheet column letters for a 0-based column: 0 → A, 25 → Z, 26 → AA.
#[must_use]
pub fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// One block of a document, as the file holds it: a paragraph of running text, or a table
/// whose cells carry their spans and locations.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Grid),
}

/// Where a block stands among the paragraphs or among the grids of the layout stage's view of
/// a document (see `layout::Parts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Paragraph(usize),
    Table(usize),
}

/// A paragraph of running text outside the tables (the notice's issuer, title, date …).
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub location: Location,
}

impl Paragraph {
    /// The non-blank lines of `text` as paragraphs, each at its line: what the text reader
    /// gives for a text file, for tests of the stages after it.
    #[cfg(test)]
    pub(crate) fn lines_of(text: &str) -> Vec<Paragraph> {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| Paragraph {
                text: l.to_string(),
                location: Location::Line {
                    line: i as u32 + 1,
                    column: None,
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_follow_spreadsheet_lettering() {
        for (col, name) in [
            (0, "A"),
            (3, "D"),
            (25, "Z"),
            (26, "AA"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_name(col), name, "column {col}");
        }
    }

    #[test]
    fn locations_read_in_the_documents_own_terms() {
        let cases = [
            (
                Location::Line {
                    line: 12,
                    column: None,
                },
                "line 12",
            ),
            (
                Location::Line {
                    line: 12,
                    column: Some(3),
                },
                "line 12, column 3",
            ),
            (
                Location::Table {
                    table: 2,
                    row: 7,
                    column: Some(3),
                },
                "table 2, row 7, column 3",
            ),
            (
                Location::Sheet {
                    sheet: "分解表".into(),
                    row: 9,
                    first_col: 3,
                    last_col: 3,
                },
                "分解表!D9",
            ),
            (
                Location::Sheet {
                    sheet: "分解表".into(),
                    row: 3,
                    first_col: 0,
                    last_col: 3,
                },
                "分解表!A3:D3",
            ),
            (
                Location::Page {
                    page: 3,
                    within: Box::new(Location::Table {
                        table: 1,
                        row: 4,
                        column: None,
                    }),
                },
                "page 3, table 1, row 4",
            ),
        ];
        for (loc, want) in cases {
            assert_eq!(loc.to_string(), want);
        }
    }

    #[test]
    fn numbers_typed_as_numbers_read_as_integers() {
        assert_eq!(Value::Number(1.0).text(), "1");
        assert_eq!(Value::Number(2.5).text(), "2.5");
    }
}
