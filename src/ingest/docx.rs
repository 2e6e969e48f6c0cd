//! Word notices (.docx, as Word, WPS and `LibreOffice` write them): the main document part is
//! streamed once with quick-xml into body paragraphs and one [`Grid`] per table.
//!
//! What counts as text follows ECMA-376 Part 1, §17: `w:t` inside runs (also inside
//! `w:hyperlink`, `w:smartTag`, `w:sdt`, `w:fldSimple` and `w:ins`); `w:tab`, `w:br` and `w:cr`
//! as separators; deleted text (`w:del`, `w:moveFrom`) and field instructions (`w:instrText`)
//! are not text, so a complex field leaves only its result.

use std::io::{Read, Seek};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;

use super::numbering::Numbering;
use super::ooxml::{Ns, Scopes, attribute, main_part, numbering_part, read_part};
use super::{Document, Format, Limits, Paragraph, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};

/// Grid columns one table may have; wider is not a task table a person could read.
const MAX_TABLE_WIDTH: usize = 1_000;

/// Reads a Word package.
pub fn read<R: Read + Seek>(
    mut archive: zip::ZipArchive<R>,
    options: &ReadOptions,
) -> Result<Document, Error> {
    let limits = options.limits;
    let mut diagnostics = Vec::new();
    let part = match main_part(&mut archive, limits)? {
        Some(part) => part,
        None if archive.by_name("word/document.xml").is_ok() => {
            diagnostics.push(Diagnostic::warning(
                Code::PackageRelationships,
                None,
                "the package names no main document in _rels/.rels; read word/document.xml",
            ));
            "word/document.xml".to_string()
        }
        None => {
            return Err(Error::from(ErrorKind::MissingPart {
                part: "main document (officeDocument relationship in _rels/.rels)".into(),
            }));
        }
    };
    let numbering = numbering_part(&mut archive, &part, limits)
        .and_then(|name| read_part(&mut archive, &name, limits).ok())
        .map(|xml| Numbering::parse(&xml))
        .unwrap_or_default();
    let xml = read_part(&mut archive, &part, limits)?;
    let mut parser = Parser::new(&part, limits);
    parser.numbering = numbering;
    parser.run(&xml)?;
    diagnostics.append(&mut parser.diagnostics);
    let mut doc = parser.doc;
    diagnostics.append(&mut doc.diagnostics);
    doc.diagnostics = diagnostics;
    Ok(doc)
}

/// Reads one part of a zip package as UTF-8 text, refusing to inflate past the limit whatever
/// size the entry claims.
/// The Unicode character of a symbol inserted from a symbol font (`w:sym`): Word stores the
/// font's code point, offset into the private-use area F000–F0FF.
fn symbol(font: &str, code: u32) -> Option<char> {
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = font.to_ascii_lowercase();
    let mapped = if font.starts_with("wingdings 2") {
        match low {
            0x50 | 0x52 => '✓',
            0x4F | 0x53 => '✗',
            0xA3 => '☐',
            0x54 => '☒',
            _ => return None,
        }
    } else if font.starts_with("wingdings") {
        match low {
            0xFC => '✓',
            0xFB => '✗',
            0xFD => '☒',
            0xFE => '☑',
            0xA8 => '☐',
            0x6F => '□',
            0x6E => '■',
            0x6C => '●',
            0xA1 => '○',
            0x9F => '•',
            0xE0 => '→',
            0xD8 => '➢',
            _ => return None,
        }
    } else if font.starts_with("symbol") {
        match low {
            0xB7 => '•',
            0xD6 => '√',
            0xB4 => '×',
            0xB1 => '±',
            0xAE => '→',
            0xB0 => '°',
            0xA3 => '≤',
            0xB3 => '≥',
            _ => return None,
        }
    } else if code < 0xF000 {
        return char::from_u32(code);
    } else {
        return None;
    };
    Some(mapped)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    Restart,
    Continue,
}

#[derive(Debug, Default)]
struct RawCell {
    text: String,
    span: u32,
    vmerge: Option<VMerge>,
    hmerge_continue: bool,
    paragraphs: u32,
}

#[derive(Debug, Default)]
struct RawRow {
    cells: Vec<RawCell>,
    grid_before: u32,
    grid_after: u32,
    header: bool,
}

#[derive(Debug, Default)]
struct RawTable {
    grid_cols: usize,
    rows: Vec<RawRow>,
    row: Option<RawRow>,
    cell: Option<RawCell>,
}

/// The streaming state over one main document part.
struct Parser<'p> {
    part: &'p str,
    limits: Limits,
    depth: usize,
    /// Depth at which a subtree whose text is not document text began (`w:del`, `mc:Fallback`).
    skip_from: Option<usize>,
    run_depth: usize,
    in_text: bool,
    paragraph_depth: usize,
    body_text: String,
    tables: Vec<RawTable>,
    table_count: u32,
    /// List numbering, to put the labels Word shows (`1.`, `一、`) in front of the paragraphs.
    numbering: Numbering,
    /// The current paragraph's `w:numPr` as it is read: (list, level).
    num_pr: Option<(Option<u32>, Option<u32>)>,
    /// Grid positions of all tables so far, against the cell limit.
    cells: usize,
    doc: Document,
    diagnostics: Vec<Diagnostic>,
}

impl<'p> Parser<'p> {
    fn new(part: &'p str, limits: Limits) -> Self {
        Parser {
            part,
            limits,
            depth: 0,
            skip_from: None,
            run_depth: 0,
            in_text: false,
            paragraph_depth: 0,
            body_text: String::new(),
            tables: Vec::new(),
            table_count: 0,
            numbering: Numbering::default(),
            num_pr: None,
            cells: 0,
            doc: Document::new(Format::Docx),
            diagnostics: Vec::new(),
        }
    }

    fn run(&mut self, xml: &str) -> Result<(), Error> {
        let mut reader = Reader::from_str(xml);
        let mut scopes = Scopes::default();
        loop {
            let event = reader.read_event().map_err(|source| {
                Error::from(ErrorKind::Xml(source))
                    .in_part(self.part)
                    .at(Some(Location::Byte {
                        offset: reader.error_position(),
                    }))
            })?;
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > self.limits.xml_depth {
                        return Err(Error::limit("XML nesting depth", self.limits.xml_depth)
                            .in_part(self.part));
                    }
                    scopes.enter(self.depth, &e);
                    let qname = e.name();
                    let (ns, local) = scopes.resolve(qname.as_ref());
                    self.open(ns, local, &e)?;
                }
                Event::Empty(e) => {
                    self.depth += 1;
                    scopes.enter(self.depth, &e);
                    let qname = e.name();
                    let (ns, local) = scopes.resolve(qname.as_ref());
                    self.open(ns, local, &e)?;
                    self.close(ns, local)?;
                    scopes.leave(self.depth);
                    self.depth -= 1;
                }
                Event::End(e) => {
                    let qname = e.name();
                    let (ns, local) = scopes.resolve(qname.as_ref());
                    self.close(ns, local)?;
                    scopes.leave(self.depth);
                    self.depth = self.depth.saturating_sub(1);
                }
                Event::Text(t) if self.in_text && self.skip_from.is_none() => {
                    self.push_text(&t.xml10_content())?;
                }
                Event::CData(t) if self.in_text && self.skip_from.is_none() => {
                    self.push_text(&t.xml10_content())?;
                }
                Event::GeneralRef(r) if self.in_text && self.skip_from.is_none() => {
                    let c = self.entity(&r, reader.buffer_position())?;
                    self.push_text(c.encode_utf8(&mut [0; 4]))?;
                }
                Event::GeneralRef(r) => {
                    // Still refuse undefined entities outside text: they are how entity-expansion
                    // attacks start, and no office suite writes them.
                    self.entity(&r, reader.buffer_position())?;
                }
                Event::DocType(_) => {
                    return Err(Error::from(ErrorKind::Invalid("expected no document type declaration (office XML has none), but found <!DOCTYPE>".into())).in_part(self.part).at(None));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !self.tables.is_empty() {
            return Err(Error::from(ErrorKind::Invalid(
                "a table is not closed before the end of the part".into(),
            ))
            .in_part(self.part)
            .at(None));
        }
        Ok(())
    }

    fn entity(&self, r: &BytesRef<'_>, position: u64) -> Result<char, Error> {
        let bad = |what: String| {
            Error::from(ErrorKind::Invalid(what))
                .in_part(self.part)
                .at(Some(Location::Byte { offset: position }))
        };
        if let Ok(Some(c)) = r.resolve_char_ref() {
            return Ok(c);
        }
        let name = r.xml10_content();
        quick_xml::escape::resolve_predefined_entity(&name)
            .and_then(|s| s.chars().next())
            .ok_or_else(|| {
                bad(format!(
                    "expected a predefined entity such as &amp;, but found &{name};"
                ))
            })
    }

    fn push_text(&mut self, text: &str) -> Result<(), Error> {
        let target = match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => &mut cell.text,
            None => &mut self.body_text,
        };
        if target.len() + text.len() > self.limits.cell_bytes {
            let location = self.location();
            return Err(
                Error::limit("text of one cell or paragraph", self.limits.cell_bytes)
                    .in_part(self.part)
                    .at(location),
            );
        }
        target.push_str(text);
        Ok(())
    }

    /// Where the parser is now, for error messages.
    fn location(&self) -> Option<Location> {
        let table = self.tables.first()?;
        Some(Location::Table {
            table: self.table_count,
            row: table.rows.len() as u32 + 1,
            // The grid column, as every later stage numbers it: a cell spanning two grid
            // columns (w:gridSpan) counts as two.
            column: table
                .row
                .as_ref()
                .map(|r| r.cells.iter().map(|c| c.span.max(1)).sum::<u32>() + 1),
        })
    }

    fn invalid(&self, message: String) -> Error {
        Error::from(ErrorKind::Invalid(message))
            .in_part(self.part)
            .at(self.location())
    }

    fn number(&self, e: &BytesStart<'_>, element: &str) -> Result<u32, Error> {
        let value = attribute(e, "val").unwrap_or_default();
        value.trim().parse::<u32>().map_err(|_| {
            self.invalid(format!(
                "expected a whole number for w:{element}, but found {value:?}"
            ))
        })
    }

    fn open(&mut self, ns: Ns, name: &str, e: &BytesStart<'_>) -> Result<(), Error> {
        if self.skip_from.is_some() {
            return Ok(());
        }
        if ns == Ns::Compatibility && name == "Fallback" {
            // mc:Choice and mc:Fallback hold the same content twice; read the choice only.
            self.skip_from = Some(self.depth);
            return Ok(());
        }
        if ns != Ns::Word {
            return Ok(());
        }
        match name {
            // Deleted text, field instructions, and the formatting before a tracked change.
            "del" | "moveFrom" | "instrText" | "delText" | "pPrChange" | "rPrChange" => {
                self.skip_from = Some(self.depth);
                Ok(())
            }
            "numPr" | "numId" | "ilvl" => {
                self.open_numbering(name, e);
                Ok(())
            }
            "tbl" | "gridCol" | "tr" | "tblHeader" | "gridBefore" | "gridAfter" | "tc"
            | "gridSpan" | "vMerge" | "hMerge" => self.open_table_part(name, e),
            _ => self.open_text(name, e),
        }
    }

    /// `w:numPr` and its level and list: the paragraph's automatic number.
    fn open_numbering(&mut self, name: &str, e: &BytesStart<'_>) {
        if name == "numPr" {
            self.num_pr = Some((None, None));
            return;
        }
        let value = attribute(e, "val").and_then(|v| v.trim().parse::<u32>().ok());
        if let Some((id, level)) = self.num_pr.as_mut() {
            if name == "numId" {
                *id = value;
            } else {
                *level = value;
            }
        }
    }

    /// Tables, rows and cells, with their grid, spans and merges (ECMA-376 §17.4).
    fn open_table_part(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), Error> {
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

    /// Paragraphs, runs, text and the characters a run may hold instead of text.
    fn open_text(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), Error> {
        match name {
            "p" => {
                self.paragraph_depth += 1;
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    if cell.paragraphs > 0 {
                        cell.text.push('\n');
                    }
                    cell.paragraphs += 1;
                } else if self.paragraph_depth > 1 {
                    // A paragraph inside a text box inside a body paragraph.
                    self.body_text.push('\n');
                }
            }
            "r" => self.run_depth += 1,
            "t" => self.in_text = true,
            "tab" | "ptab" if self.run_depth > 0 => self.push_text("\t")?,
            "sym" if self.run_depth > 0 => self.symbol(e)?,
            "br" | "cr" if self.run_depth > 0 => self.push_text("\n")?,
            "noBreakHyphen" if self.run_depth > 0 => self.push_text("-")?,
            _ => {}
        }
        Ok(())
    }

    /// A symbol inserted from a symbol font (`w:sym`): its Unicode form, or U+FFFD said.
    fn symbol(&mut self, e: &BytesStart<'_>) -> Result<(), Error> {
        let font = attribute(e, "font").unwrap_or_default();
        let code = attribute(e, "char")
            .and_then(|c| u32::from_str_radix(c.trim(), 16).ok())
            .unwrap_or(0);
        if let Some(c) = symbol(&font, code) {
            return self.push_text(c.encode_utf8(&mut [0; 4]));
        }
        // Kept as a marker, and said, rather than dropped.
        self.push_text("\u{FFFD}")?;
        // In a table, its cell; else the body paragraph being read.
        let location = self.location().or(Some(Location::Paragraph {
            index: self.doc.paragraphs.len() as u32 + 1,
        }));
        self.diagnostics.push(Diagnostic::warning(
            Code::SymbolUnknown,
            location,
            format!(
                "a symbol inserted from the font {font:?} (character {code:04X}) has no Unicode equivalent known here; it reads as U+FFFD"
            ),
        ));
        Ok(())
    }

    fn close(&mut self, ns: Ns, name: &str) -> Result<(), Error> {
        if let Some(from) = self.skip_from {
            if self.depth == from {
                self.skip_from = None;
            }
            return Ok(());
        }
        if ns != Ns::Word {
            return Ok(());
        }
        match name {
            "numPr" => {
                // ECMA-376 §17.9.18: numId 0 removes numbering from the paragraph.
                if let Some((Some(id), level)) = self.num_pr.take()
                    && id != 0
                    && let Some(label) = self.numbering.label(id, level.unwrap_or(0))
                {
                    self.push_text(&label)?;
                    self.push_text(" ")?;
                }
            }
            "t" => self.in_text = false,
            "r" => self.run_depth = self.run_depth.saturating_sub(1),
            "p" => {
                self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
                let in_cell = self.tables.last().is_some_and(|t| t.cell.is_some());
                if !in_cell && self.paragraph_depth == 0 {
                    let text = std::mem::take(&mut self.body_text);
                    let text = text.trim();
                    if !text.is_empty() {
                        let index = self.doc.paragraphs.len() as u32 + 1;
                        self.doc.push_paragraph(Paragraph {
                            text: text.to_string(),
                            location: Location::Paragraph { index },
                        });
                    }
                }
            }
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

fn flatten(table: &RawTable) -> String {
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
fn build_grid(
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
        });
    }
    Ok(Grid {
        source: GridSource::Table { index },
        rows,
        headings: Vec::new(),
    })
}

/// The table's width in grid columns: `w:tblGrid`'s, or more when a row's cells need more.
fn table_width(table: &RawTable) -> Result<usize, String> {
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
fn continued_region(
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
fn cover(
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
fn place(cells: &mut [Cell], r: usize, span: std::ops::Range<usize>, text: String) {
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
