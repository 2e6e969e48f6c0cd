//! Finding the task table: grids in, [`TaskTable`]s out. A header row is recognised by its
//! vocabulary (kept as data in `data/headers.toml`), each column gets a [`ColumnRole`], repeated
//! header rows are dropped, tables split across pages are stitched, and every other grid is
//! reported as skipped.

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Block, Grid, GridSource, Location, Paragraph, Place, Value};
pub use crate::syntax::header::{ColumnRole, normalize_header, role_of};

mod blank_cells;
mod content;
mod header;
pub mod lines;
mod pipes;
mod rows;
mod spaced;

use header::{Header, find_header};

/// Rows of a table written as lines, as `pipes` and `spaced` find them: each row's paragraph
/// (its index) and cells, and the index after the table's last paragraph.
type WrittenRows = (Vec<(usize, Vec<String>)>, usize);
pub(crate) use rows::is_metadata_label;
use rows::take_rows;

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub role: ColumnRole,
    /// The header text as printed.
    pub header: String,
}

/// One cell of a table row, placed under its column.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// The slot's index among all slots of its table, for bookkeeping without hashing.
    pub id: usize,
    pub value: Value,
    pub location: Location,
    /// Covered by a merged region that began in an earlier row (or column): the value is the
    /// anchor's, already accounted for there.
    pub continued: bool,
}

impl Slot {
    /// True when this slot holds text of its own (not blank, not a merge continuation).
    #[must_use]
    pub fn is_own(&self) -> bool {
        !self.continued && !self.value.is_blank()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A work item row.
    Data,
    /// A heading standing alone: one cell across the table, or a lone `一、…` / `（一）…`.
    Heading,
    /// A lone remark such as `注：…` under the table.
    Note,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub kind: RowKind,
    /// One slot per column, in column order.
    pub slots: Vec<Slot>,
    /// Slots past the last column (a row longer than the header); kept so nothing is lost.
    pub overflow: Vec<Slot>,
    pub location: Location,
}

/// The task table of a document, stitched together from one or more grids.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskTable {
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
    /// How many slots the rows hold (ids run from 0 to this).
    pub slots: usize,
}

impl TaskTable {
    #[must_use]
    pub fn has(&self, role: &ColumnRole) -> bool {
        self.columns.iter().any(|c| &c.role == role)
    }

    /// Appends a row, numbering its slots after the table's others.
    pub fn push(&mut self, mut row: TableRow) {
        for slot in row.slots.iter_mut().chain(row.overflow.iter_mut()) {
            slot.id = self.slots;
            self.slots += 1;
        }
        self.rows.push(row);
    }
}

/// What the layout stage found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub tables: Vec<TaskTable>,
    /// Rows above a header inside a grid (a spreadsheet's title row), as paragraphs.
    pub preamble: Vec<Paragraph>,
    /// The label and value rows of a page's metadata table (`发布机构：某局`), as paragraphs.
    pub metadata: Vec<Paragraph>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Layout {
    /// True when any task table has a column of one of these roles.
    pub fn has_column(&self, roles: &[ColumnRole]) -> bool {
        self.tables.iter().any(|t| roles.iter().any(|r| t.has(r)))
    }

    /// The worksheets no task table came from, said in one note (a workbook's other sheets
    /// hold summaries, instructions, contact lists).
    pub fn skipped_sheets(&self, sheet_names: &[String]) -> Option<Diagnostic> {
        if sheet_names.len() < 2 {
            return None;
        }
        let used: Vec<&str> = self
            .tables
            .iter()
            .filter_map(|t| t.rows.first())
            .filter_map(|r| match &r.location {
                Location::Sheet { sheet, .. } => Some(sheet.as_str()),
                _ => None,
            })
            .collect();
        let unused: Vec<&str> = sheet_names
            .iter()
            .map(String::as_str)
            .filter(|s| !used.contains(s))
            .collect();
        (!unused.is_empty()).then(|| {
            Diagnostic::info(
                Code::SheetsSkipped,
                None,
                format!(
                    "sheets without a task table were skipped: {}",
                    unused.join(", ")
                ),
            )
        })
    }
}

/// The layout stage's view of a document's blocks: its paragraphs and its grids apart, each
/// numbered in document order, and `order` saying how they stand among each other.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parts {
    pub paragraphs: Vec<Paragraph>,
    pub grids: Vec<Grid>,
    pub order: Vec<Place>,
}

impl Parts {
    /// Takes a document's blocks in the order the file holds them.
    pub fn from_blocks(blocks: impl IntoIterator<Item = Block>) -> Parts {
        let mut parts = Parts::default();
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    parts.order.push(Place::Paragraph(parts.paragraphs.len()));
                    parts.paragraphs.push(p);
                }
                Block::Table(g) => {
                    parts.order.push(Place::Table(parts.grids.len()));
                    parts.grids.push(g);
                }
            }
        }
        parts
    }
}

/// Gives each table the headings (`一、…`, `（一）…`) standing as paragraphs right before it,
/// with nothing but headings between them and the table before: in notices that give each
/// section a table of its own, they head the table's rows. The same for every format: `order`
/// is the document's paragraphs and grids as the file holds them.
pub fn place_headings(paragraphs: &[Paragraph], order: &[Place], grids: &mut [Grid]) {
    let mut gap: Vec<&Paragraph> = Vec::new();
    for block in order {
        match *block {
            Place::Paragraph(i) => gap.extend(paragraphs.get(i)),
            Place::Table(g) => {
                let lead = gap
                    .iter()
                    .rev()
                    .take_while(|p| crate::outline::is_heading_line(&p.text))
                    .count();
                if let Some(grid) = grids.get_mut(g) {
                    grid.headings = gap[gap.len() - lead..]
                        .iter()
                        .map(|p| (p.text.clone(), p.location.clone()))
                        .collect();
                }
                gap.clear();
            }
        }
    }
}

/// For each grid of `order`, whether a paragraph other than a heading stands between it and the
/// grid before: a table without a header continues the one before only when nothing does. The
/// headings between them (`二、…`, a row across the printed table that an export wrote as a line
/// of its own) are the continued rows' headings (see [`place_headings`]).
#[must_use]
pub fn separated(paragraphs: &[Paragraph], order: &[Place]) -> Vec<bool> {
    let mut out = Vec::new();
    let mut paragraph = false;
    for block in order {
        match *block {
            Place::Paragraph(i) => {
                paragraph |= paragraphs
                    .get(i)
                    .is_none_or(|p| !crate::outline::is_heading_line(&p.text));
            }
            Place::Table(g) => {
                if out.len() <= g {
                    out.resize(g + 1, false);
                }
                out[g] = paragraph;
                paragraph = false;
            }
        }
    }
    out
}

/// Lays out a document's grids: each grid with a header row starts a task table (or continues
/// the one before when its columns are the same), a grid without one right after a table with
/// as many columns continues it, and every other grid is skipped with its description.
///
/// # Errors
///
/// [`ErrorKind::NoTaskTable`] when no grid is a task table, saying what the grids were.
pub fn lay_out(grids: &[Grid]) -> Result<Layout, Error> {
    lay_out_between(grids, &[])
}

/// [`lay_out`], where `separated[g]` says a paragraph stands between grid `g` and the grid
/// before (see [`separated`]): a table without a header right after a paragraph is no
/// continuation.
///
/// # Errors
///
/// As [`lay_out`].
pub fn lay_out_between(grids: &[Grid], separated: &[bool]) -> Result<Layout, Error> {
    let mut layout = Layout {
        tables: Vec::new(),
        preamble: Vec::new(),
        metadata: Vec::new(),
        diagnostics: Vec::new(),
    };
    // The grid index the current table last took rows from, to stitch only adjacent grids.
    let mut last_taken: Option<usize> = None;
    let mut seen = Vec::new();
    for (g, grid) in grids.iter().enumerate() {
        if let Some(header) = find_header(grid).filter(|h| h.says_who_or_when(grid)) {
            layout.start_table(grid, &header);
            // invariant: start_table leaves a current table.
            let table = layout
                .tables
                .last_mut()
                .expect("invariant: current table exists");
            take_rows(grid, header.last_row + 1, table, &mut layout.diagnostics);
            last_taken = Some(g);
        } else if last_taken.is_some_and(|l| l + 1 == g)
            && !separated.get(g).copied().unwrap_or(false)
            && layout.continues(grid)
        {
            layout.diagnostics.push(Diagnostic::info(
                Code::TableStitched,
                Some(grid.location(0, None)),
                "a table without header and with the same columns continues the task table",
            ));
            // invariant: `continues` holds only when a table exists.
            let table = layout
                .tables
                .last_mut()
                .expect("invariant: current table exists");
            take_rows(grid, 0, table, &mut layout.diagnostics);
            last_taken = Some(g);
        } else {
            let description = describe(grid);
            layout.diagnostics.push(Diagnostic::info(
                Code::TableSkipped,
                Some(grid.location(0, None)),
                format!("not a task table, skipped: {description}"),
            ));
            seen.push(description);
        }
    }
    if layout.tables.is_empty() {
        let tables_seen = !seen.is_empty();
        let seen = if seen.is_empty() {
            "the document has no table".to_string()
        } else {
            format!("found only {}", seen.join("; "))
        };
        return Err(Error::from(ErrorKind::NoTaskTable { seen, tables_seen }));
    }
    Ok(layout)
}

impl Layout {
    /// A grid with a header: its columns decided by content said, the rows above the header
    /// kept as preamble, and a new table started unless the last one has the same columns (a
    /// table continued with its header repeated).
    fn start_table(&mut self, grid: &Grid, header: &Header) {
        for (c, text, role, fit, of) in &header.by_content {
            self.diagnostics.push(Diagnostic::info(
                Code::ColumnRole,
                Some(grid.location(header.first_row, Some(*c))),
                format!(
                    "column {} {text:?}: {}, by content ({fit} of {of} cells)",
                    c + 1,
                    role.name()
                ),
            ));
        }
        for r in 0..header.first_row {
            let text = row_text(grid, r);
            if !text.is_empty() {
                self.preamble.push(Paragraph {
                    text,
                    location: grid.location(r, None),
                });
            }
        }
        let location = Some(grid.location(header.first_row, None));
        match self.tables.last() {
            Some(last)
                if roles(&last.columns) == roles(&header.columns)
                    || same_under_spans(last, grid, header) =>
            {
                self.diagnostics.push(Diagnostic::info(
                    Code::TableStitched,
                    location,
                    "the table continues here with its header repeated; read as one table",
                ));
                return;
            }
            Some(last) => self.diagnostics.push(Diagnostic::info(
                Code::SecondTable,
                location,
                format!(
                    "a second task table with other columns ({}) after one with ({})",
                    headers(&header.columns),
                    headers(&last.columns)
                ),
            )),
            None => {}
        }
        self.tables.push(TaskTable {
            columns: header.columns.clone(),
            rows: Vec::new(),
            slots: 0,
        });
    }

    /// True when a grid without a header continues the last table: as many columns, and a
    /// word-processing or text table (a worksheet without a header is another sheet's matter).
    fn continues(&self, grid: &Grid) -> bool {
        self.tables
            .last()
            .is_some_and(|t| t.columns.len() == grid.width())
            && matches!(
                grid.source,
                GridSource::Table { .. }
                    | GridSource::PagedTable { .. }
                    | GridSource::Text
                    | GridSource::Export
                    | GridSource::Paragraphs
            )
    }
}

/// A header repeated with its cells spanning other grid columns (an office suite joined the
/// rows after it into its table): its own cells name the last table's columns, in order.
fn same_under_spans(last: &TaskTable, grid: &Grid, header: &Header) -> bool {
    rows::header_columns(grid, header.last_row + 1).is_some_and(|own| {
        own.len() == last.columns.len()
            && own
                .iter()
                .zip(&last.columns)
                .all(|(&c, column)| header.columns.get(c).is_some_and(|h| h.role == column.role))
    })
}

fn roles(columns: &[Column]) -> Vec<&ColumnRole> {
    columns.iter().map(|c| &c.role).collect()
}

fn headers(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.header.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn describe(grid: &Grid) -> String {
    let place = match &grid.source {
        GridSource::Text => "a table written in the text's lines".to_string(),
        GridSource::Paragraphs => "a table written one cell per paragraph".to_string(),
        GridSource::Export => "a table saved as text, one cell a line".to_string(),
        GridSource::Table { index } | GridSource::PagedTable { index, .. } => {
            format!("table {index}")
        }
        GridSource::Sheet { name, .. } => format!("sheet {name}"),
    };
    // The header is the first row of several cells: a title above it spans the table.
    let own = |r: usize| {
        grid.rows[r]
            .cells
            .iter()
            .filter(|c| !c.is_covered() && !c.value.is_blank())
            .count()
    };
    let header = (0..grid.rows.len()).find(|&r| own(r) >= 2);
    let (what, r) = match header {
        Some(r) => ("header row", Some(r)),
        None => ("first row", (0..grid.rows.len()).find(|&r| own(r) >= 1)),
    };
    let text: String = r
        .map(|r| row_text(grid, r))
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect();
    if text.is_empty() {
        format!("{place} (empty)")
    } else {
        format!("{place} ({what}: {text})")
    }
}

/// The distinct texts of a row, joined with ` | `.
fn row_text(grid: &Grid, r: usize) -> String {
    grid.rows[r]
        .cells
        .iter()
        .filter(|c| !c.is_covered() && !c.value.is_blank())
        .map(|c| c.value.text().trim().to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings_of(bytes: &[u8]) -> Vec<Vec<String>> {
        let mut doc = crate::ingest::read(bytes, &Default::default()).unwrap();
        let mut parts = Parts::from_blocks(doc.take_blocks());
        place_headings(&parts.paragraphs, &parts.order, &mut parts.grids);
        parts
            .grids
            .iter()
            .map(|g| g.headings.iter().map(|(t, _)| t.clone()).collect())
            .collect()
    }

    #[test]
    fn heading_paragraphs_right_before_a_table_head_it_in_every_format() {
        let text = "附件\n一、加强公开\n工作任务\t工作要求\t责任单位\n\t要求甲\t司法局\n";
        assert_eq!(headings_of(text.as_bytes()), [["一、加强公开"]]);
        let page = "<html><body><p>一、加强公开</p><table><tr><td>工作任务</td><td>责任单位</td></tr></table><p>说明</p><p>二、加强监管</p><table><tr><td>工作任务</td><td>责任单位</td></tr></table></body></html>";
        assert_eq!(
            headings_of(page.as_bytes()),
            [
                vec!["一、加强公开".to_string()],
                vec!["二、加强监管".to_string()]
            ]
        );
        let sentence = "<html><body><p>二、加强监管</p><p>各单位要认真落实。</p><table><tr><td>工作任务</td><td>责任单位</td></tr></table></body></html>";
        assert_eq!(headings_of(sentence.as_bytes()), [Vec::<String>::new()]);
    }

    #[test]
    fn header_words_map_to_roles() {
        let cases = [
            ("工作任务", Some(ColumnRole::Task)),
            ("主要工作任务", Some(ColumnRole::Task)),
            ("工作要求", Some(ColumnRole::Requirement)),
            ("具体要求", Some(ColumnRole::Requirement)),
            ("任务内容", Some(ColumnRole::Requirement)),
            ("责任单位", Some(ColumnRole::Units)),
            ("责任科室", Some(ColumnRole::Units)),
            ("責任單位", Some(ColumnRole::Units)),
            ("牵 头 部 门", Some(ColumnRole::Lead)),
            ("配合部门", Some(ColumnRole::Cooperate)),
            ("时限", Some(ColumnRole::Deadline)),
            ("完成時限", Some(ColumnRole::Deadline)),
            ("时限要求", Some(ColumnRole::Deadline)),
            ("完成时限（月）", Some(ColumnRole::Deadline)),
            ("序号", Some(ColumnRole::Number)),
            ("备注", Some(ColumnRole::Notes)),
            ("联系电话", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(role_of(text), want, "{text}");
        }
    }
}
