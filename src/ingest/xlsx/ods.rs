//! `OpenDocument` spreadsheets (.ods) read from their `content.xml`, cell by cell: the cells that
//! hold something, with their sheet positions, and the merged regions their spans make. Repeated
//! empty rows and cells only move the position, so a stray cell far from the table costs one
//! cell, not the range up to it; repeated cells that hold something count against the cell limit
//! before they are copied.

use std::collections::HashSet;

use calamine::{Data, Dimensions};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::{Sheet, over_limit, spend, value};
use crate::error::{Error, ErrorKind};
use crate::grid::{Location, Value};
use crate::ingest::ReadOptions;

const PART: &str = "content.xml";

/// The visible sheets of a spreadsheet's `content.xml`, with the hidden ones' names (a table
/// whose automatic style says `table:display="false"`).
pub(super) fn sheets(
    content: &[u8],
    budget: &mut usize,
    options: &ReadOptions,
) -> Result<(Vec<Sheet>, Vec<String>), Error> {
    let mut parser = Parser {
        options,
        budget,
        depth: 0,
        style: None,
        hidden_styles: HashSet::new(),
        table: None,
        sheets: Vec::new(),
        hidden: Vec::new(),
        tables_seen: 0,
        copied_bytes: 0,
    };
    parser.run(content)?;
    Ok((parser.sheets, parser.hidden))
}

struct Parser<'o> {
    options: &'o ReadOptions,
    budget: &'o mut usize,
    depth: usize,
    /// The name of the table style being read (`style:style style:family="table"`).
    style: Option<String>,
    /// Table styles that hide their table.
    hidden_styles: HashSet<String>,
    table: Option<Table>,
    sheets: Vec<Sheet>,
    hidden: Vec<String>,
    tables_seen: usize,
    /// Bytes of text made by copying repeated cells.
    copied_bytes: u64,
}

/// The sheet being read.
struct Table {
    sheet: Sheet,
    /// The element depth of `table:table`: a table inside a cell is text of that cell.
    depth: usize,
    /// A hidden sheet is read through only to be named.
    hidden: bool,
    /// Where the next row starts (0-based; repeats can pass `u32`, and are refused only when a
    /// cell lies there).
    row: u64,
    /// The row being read.
    current: Option<RowRead>,
}

/// A row being read: its repeat, the next column, and what its cells hold.
struct RowRead {
    repeat: u64,
    col: u64,
    cells: Vec<(u32, Value)>,
    /// Spans anchored in this row: column, rows, columns.
    spans: Vec<(u32, u64, u64)>,
    cell: Option<CellRead>,
}

/// A cell being read: its attributes, and its text so far.
struct CellRead {
    depth: usize,
    repeat: u64,
    rows_spanned: u64,
    cols_spanned: u64,
    value_type: Option<String>,
    value: Option<String>,
    date_value: Option<String>,
    boolean_value: Option<String>,
    string_value: Option<String>,
    error: bool,
    text: String,
    paragraphs: usize,
    /// The depth of the paragraph being read (`text:p`, `text:h`).
    paragraph: Option<usize>,
    /// The depth of an element whose text is no part of the cell's value (a comment, a shape).
    skip_from: Option<usize>,
}

impl CellRead {
    fn new(e: &BytesStart<'_>, depth: usize) -> CellRead {
        let count = |key| attribute(e, key).map_or(1, |n| number(&n)).max(1);
        CellRead {
            depth,
            repeat: count("table:number-columns-repeated"),
            rows_spanned: count("table:number-rows-spanned"),
            cols_spanned: count("table:number-columns-spanned"),
            value_type: attribute(e, "office:value-type"),
            value: attribute(e, "office:value"),
            date_value: attribute(e, "office:date-value"),
            boolean_value: attribute(e, "office:boolean-value"),
            string_value: attribute(e, "office:string-value"),
            error: attribute(e, "calcext:value-type").as_deref() == Some("error"),
            text: String::new(),
            paragraphs: 0,
            paragraph: None,
            skip_from: None,
        }
    }
}

impl Parser<'_> {
    fn run(&mut self, content: &[u8]) -> Result<(), Error> {
        let mut reader = Reader::from_reader(content);
        reader.config_mut().expand_empty_elements = true;
        let mut buf = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buf).map_err(|source| {
                Error::from(ErrorKind::Xml(source))
                    .in_part(PART)
                    .at(Some(Location::Byte {
                        offset: reader.error_position(),
                    }))
            })?;
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > self.options.limits.xml_depth {
                        return Err(Error::limit(
                            "XML nesting depth",
                            self.options.limits.xml_depth,
                        )
                        .in_part(PART));
                    }
                    self.open(&e)?;
                }
                Event::End(e) => {
                    self.close(e.name().as_ref())?;
                    self.depth = self.depth.saturating_sub(1);
                }
                Event::Text(t) => self.push_text(&t.xml10_content())?,
                Event::CData(t) => self.push_text(&t.xml10_content())?,
                Event::GeneralRef(r) => {
                    let c = entity(&r, reader.buffer_position())?;
                    self.push_text(c.encode_utf8(&mut [0; 4]))?;
                }
                Event::DocType(_) => {
                    return Err(Error::from(ErrorKind::Invalid(
                        "expected no document type declaration (OpenDocument has none), but found <!DOCTYPE>".into(),
                    ))
                    .in_part(PART));
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if let Some(table) = self.table.take() {
            // A file cut short inside a table: quick-xml reports unclosed elements at the end
            // only when asked, so say it here.
            return Err(Error::from(ErrorKind::Invalid(format!(
                "expected the end of sheet {}, but the part ends inside it",
                table.sheet.name
            )))
            .in_part(PART));
        }
        Ok(())
    }

    fn open(&mut self, e: &BytesStart<'_>) -> Result<(), Error> {
        if self.cell_mut().is_some() {
            return self.open_in_cell(e);
        }
        let depth = self.depth;
        match e.name().as_ref() {
            "style:style" => {
                self.style = (attribute(e, "style:family").as_deref() == Some("table"))
                    .then(|| attribute(e, "style:name"))
                    .flatten();
            }
            "style:table-properties" => {
                if let Some(style) = &self.style
                    && attribute(e, "table:display").as_deref() == Some("false")
                {
                    self.hidden_styles.insert(style.clone());
                }
            }
            "table:table" if self.table.is_none() => self.open_table(e),
            "table:table-row" => {
                if let Some(table) = self.table.as_mut()
                    && table.current.is_none()
                {
                    let repeat = attribute(e, "table:number-rows-repeated")
                        .map_or(1, |n| number(&n))
                        .max(1);
                    table.current = Some(RowRead {
                        repeat,
                        col: 0,
                        cells: Vec::new(),
                        spans: Vec::new(),
                        cell: None,
                    });
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.current.as_mut()) {
                    row.cell = Some(CellRead::new(e, depth));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A sheet starts: named by `table:name` (or its place), hidden when its style says so.
    fn open_table(&mut self, e: &BytesStart<'_>) {
        self.tables_seen += 1;
        let name = attribute(e, "table:name").unwrap_or_else(|| self.tables_seen.to_string());
        let hidden =
            attribute(e, "table:style-name").is_some_and(|s| self.hidden_styles.contains(&s));
        if hidden {
            self.hidden.push(name.clone());
        }
        self.table = Some(Table {
            sheet: Sheet {
                name,
                cells: Vec::new(),
                merges: Vec::new(),
                unvalued: Vec::new(),
            },
            depth: self.depth,
            hidden,
            row: 0,
            current: None,
        });
    }

    /// An element inside a cell: paragraphs and what stands for characters in them; comments,
    /// notes and shapes are no part of the cell's value.
    fn open_in_cell(&mut self, e: &BytesStart<'_>) -> Result<(), Error> {
        let depth = self.depth;
        let cell_bytes = self.options.limits.cell_bytes;
        let Some(cell) = self.cell_mut() else {
            return Ok(());
        };
        if cell.skip_from.is_some() {
            return Ok(());
        }
        match e.name().as_ref() {
            "office:annotation" | "text:note" => cell.skip_from = Some(depth),
            n if n.starts_with("draw:") => cell.skip_from = Some(depth),
            "text:p" | "text:h" if cell.paragraph.is_none() => {
                if cell.paragraphs > 0 {
                    cell.text.push('\n');
                }
                cell.paragraphs += 1;
                cell.paragraph = Some(depth);
            }
            "text:s" => {
                let count = attribute(e, "text:c").map_or(1, |c| number(&c));
                // No more spaces than the cell may hold, and one to pass it.
                let room = cell_bytes.saturating_add(1) - cell.text.len().min(cell_bytes);
                let spaces = " ".repeat(count.min(room as u64) as usize);
                return self.push_text(&spaces);
            }
            "text:tab" => return self.push_text("\t"),
            "text:line-break" => return self.push_text("\n"),
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<(), Error> {
        let depth = self.depth;
        if let Some(cell) = self.cell_mut() {
            if cell.skip_from == Some(depth) {
                cell.skip_from = None;
            } else if cell.paragraph == Some(depth) {
                cell.paragraph = None;
            } else if cell.depth == depth {
                self.end_cell()?;
            }
            return Ok(());
        }
        match name {
            "style:style" => self.style = None,
            "table:table-row" => self.end_row()?,
            "table:table" if self.table.as_ref().is_some_and(|t| t.depth == depth) => {
                if let Some(table) = self.table.take()
                    && !table.hidden
                {
                    self.sheets.push(table.sheet);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The cell being read.
    fn cell_mut(&mut self) -> Option<&mut CellRead> {
        self.table
            .as_mut()
            .and_then(|t| t.current.as_mut())
            .and_then(|r| r.cell.as_mut())
    }

    fn push_text(&mut self, text: &str) -> Result<(), Error> {
        let limit = self.options.limits.cell_bytes;
        let Some(table) = self.table.as_ref() else {
            return Ok(());
        };
        let sheet = table.sheet.name.clone();
        let row = table.row;
        let Some(current) = self.table.as_mut().and_then(|t| t.current.as_mut()) else {
            return Ok(());
        };
        let col = current.col;
        let Some(cell) = current.cell.as_mut() else {
            return Ok(());
        };
        if cell.paragraph.is_none() || cell.skip_from.is_some() {
            return Ok(());
        }
        if cell.text.len() + text.len() > limit {
            return Err(Error::limit("text of one cell", limit)
                .in_part(PART)
                .at(Some(place(&sheet, row, col))));
        }
        cell.text.push_str(text);
        Ok(())
    }

    /// A cell ends: what it holds is kept once for each column it repeats in, and its span
    /// becomes a merged region. Copies that could not fit in the cell budget, counting the
    /// row's repeats, are refused before any is made.
    fn end_cell(&mut self) -> Result<(), Error> {
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        let Some(row) = table.current.as_mut() else {
            return Ok(());
        };
        let Some(cell) = row.cell.take() else {
            return Ok(());
        };
        let repeat = cell.repeat;
        let spans = (cell.rows_spanned, cell.cols_spanned);
        let value = cell_value(cell);
        let kinds = u64::from(value != Value::Empty) + u64::from(spans != (1, 1));
        if kinds > 0 && !table.hidden {
            let pending = (row.cells.len() + row.spans.len()) as u64;
            let needed = repeat
                .saturating_mul(kinds)
                .saturating_add(pending)
                .saturating_mul(row.repeat);
            if needed > *self.budget as u64 {
                return Err(over_limit(&table.sheet.name, self.options));
            }
            // Each copy is text of its own: a long text repeated within the cell budget could
            // still fill memory, so the copies' text is bounded too.
            let copies = repeat.saturating_mul(row.repeat) - 1;
            let bytes = (value.text().len() as u64).saturating_mul(copies);
            self.copied_bytes = self.copied_bytes.saturating_add(bytes);
            if self.copied_bytes > self.options.limits.part_bytes {
                return Err(Error::limit(
                    format!(
                        "text copied into repeated cells (at sheet {})",
                        table.sheet.name
                    ),
                    self.options.limits.part_bytes,
                )
                .in_part(PART));
            }
            for k in 0..repeat {
                let Some(col) = row.col.checked_add(k).and_then(|c| u32::try_from(c).ok()) else {
                    return Err(Error::limit(
                        format!(
                            "sheet {}: the column of a cell that holds something ({})",
                            table.sheet.name,
                            row.col.saturating_add(k).saturating_add(1)
                        ),
                        u32::MAX,
                    )
                    .in_part(PART));
                };
                if value != Value::Empty {
                    row.cells.push((col, value.clone()));
                }
                if spans != (1, 1) {
                    row.spans.push((col, spans.0, spans.1));
                }
            }
        }
        row.col = row.col.saturating_add(repeat);
        Ok(())
    }

    /// A row ends: its cells and spans are laid out once for each row it repeats in, after the
    /// budget is spent for them all.
    fn end_row(&mut self) -> Result<(), Error> {
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        let Some(row) = table.current.take() else {
            return Ok(());
        };
        if table.hidden || (row.cells.is_empty() && row.spans.is_empty()) {
            table.row = table.row.saturating_add(row.repeat);
            return Ok(());
        }
        let per_row = (row.cells.len() + row.spans.len()) as u64;
        let cost = per_row.saturating_mul(row.repeat);
        let cost = usize::try_from(cost).unwrap_or(usize::MAX);
        spend(self.budget, cost, &table.sheet.name, self.options)?;
        for k in 0..row.repeat {
            let at = table.row.saturating_add(k);
            let Ok(r) = u32::try_from(at) else {
                return Err(Error::limit(
                    format!(
                        "sheet {}: the row of a cell that holds something ({})",
                        table.sheet.name,
                        at + 1
                    ),
                    u32::MAX,
                )
                .in_part(PART));
            };
            for (c, value) in &row.cells {
                table.sheet.cells.push(((r, *c), value.clone()));
            }
            for &(c, rows, cols) in &row.spans {
                let end_row = u64::from(r).saturating_add(rows - 1);
                let end_col = u64::from(c).saturating_add(cols - 1);
                table.sheet.merges.push(Dimensions {
                    start: (r, c),
                    end: (
                        u32::try_from(end_row).unwrap_or(u32::MAX),
                        u32::try_from(end_col).unwrap_or(u32::MAX),
                    ),
                });
            }
        }
        table.row = table.row.saturating_add(row.repeat);
        Ok(())
    }
}

/// A cell's typed value (`OpenDocument` 1.3, part 3, §19.385 `office:value-type`): numbers from
/// `office:value`, dates from `office:date-value`, booleans from `office:boolean-value`, text
/// from `office:string-value` or the cell's paragraphs. A cell without a value type keeps the
/// text it shows.
fn cell_value(cell: CellRead) -> Value {
    let text = |s: String| {
        if s.trim().is_empty() {
            Value::Empty
        } else {
            Value::Text(s)
        }
    };
    if cell.error {
        return if cell.text.trim().is_empty() {
            Value::Empty
        } else {
            Value::Error(cell.text)
        };
    }
    let number = cell
        .value
        .as_deref()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|n| n.is_finite());
    match cell.value_type.as_deref() {
        Some("float" | "percentage" | "currency") if number.is_some() => {
            number.map_or(Value::Empty, Value::Number)
        }
        Some("date") if cell.date_value.is_some() => {
            value(&Data::DateTimeIso(cell.date_value.unwrap_or_default()))
        }
        Some("boolean") if cell.boolean_value.is_some() => {
            let b = cell.boolean_value.unwrap_or_default();
            Value::Bool(b.trim().eq_ignore_ascii_case("true"))
        }
        Some("string") if cell.string_value.is_some() => {
            text(cell.string_value.unwrap_or_default())
        }
        _ => text(cell.text),
    }
}

fn place(sheet: &str, row: u64, col: u64) -> Location {
    let row = u32::try_from(row.saturating_add(1)).unwrap_or(u32::MAX);
    let col = u32::try_from(col).unwrap_or(u32::MAX);
    Location::Sheet {
        sheet: sheet.to_string(),
        row,
        first_col: col,
        last_col: col,
    }
}

/// A repeat or span count; one when it is no number.
fn number(value: &str) -> u64 {
    value.trim().parse().unwrap_or(1)
}

/// The value of the attribute with this qualified name, entities resolved. `OpenDocument` writers
/// use the specification's prefixes (`table:`, `office:`, `text:`), as the spreadsheet readers
/// that read it assume.
fn attribute(e: &BytesStart<'_>, qname: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == qname).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
        })
    })
}

/// A character reference or one of XML's predefined entities; any other entity is refused.
fn entity(r: &BytesRef<'_>, position: u64) -> Result<char, Error> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c);
    }
    let name = r.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .and_then(|s| s.chars().next())
        .ok_or_else(|| {
            Error::from(ErrorKind::Invalid(format!(
                "expected a predefined entity such as &amp;, but found &{name};"
            )))
            .in_part(PART)
            .at(Some(Location::Byte { offset: position }))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(rows: &str) -> Result<(Vec<Sheet>, Vec<String>), Error> {
        let content = format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let options = ReadOptions::default();
        let mut budget = options.limits.cells;
        sheets(content.as_bytes(), &mut budget, &options)
    }

    fn cells(rows: &str) -> Vec<((u32, u32), Value)> {
        read(rows).unwrap().0.remove(0).cells
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    #[test]
    fn text_joins_paragraphs_and_keeps_spaces_tabs_and_breaks() {
        let cell = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>一<text:span>二</text:span><text:a>三</text:a><text:s text:c="3"/>四<text:s/>五</text:p><text:p>甲<text:tab/>乙<text:line-break/>丙 &amp; 丁</text:p><office:annotation><text:p>批注</text:p></office:annotation></table:table-cell></table:table-row>"#;
        assert_eq!(
            cells(cell),
            [((0, 0), text("一二三   四 五\n甲\t乙\n丙 & 丁"))]
        );
    }

    #[test]
    fn typed_values_are_kept() {
        let row = r#"<table:table-row><table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell><table:table-cell office:value-type="currency" office:value="12.5"><text:p>¥12.50</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-10-31"><text:p>10/31/24</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell><table:table-cell><text:p>无类型</text:p></table:table-cell><table:table-cell office:value-type="string" office:string-value="属性"><text:p>段落</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p> </text:p></table:table-cell></table:table-row>"#;
        assert_eq!(
            cells(row),
            [
                ((0, 0), Value::Number(7.0)),
                ((0, 1), Value::Number(0.5)),
                ((0, 2), Value::Number(12.5)),
                ((0, 3), Value::Date(jiff::civil::date(2024, 10, 31))),
                ((0, 4), Value::Bool(true)),
                ((0, 5), text("无类型")),
                ((0, 6), text("属性")),
                ((0, 7), Value::Error("#DIV/0!".to_string())),
            ]
        );
    }

    #[test]
    fn repeats_of_empty_cells_and_rows_only_move_the_position() {
        let rows = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="20000"/><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string"><text:p>y</text:p></table:table-cell></table:table-row>"#;
        assert_eq!(
            cells(rows),
            [
                ((1_000_000, 20_002), text("x")),
                ((1_000_000, 20_003), text("x")),
                ((1_000_001, 0), text("y")),
                ((1_000_002, 0), text("y")),
            ]
        );
    }

    #[test]
    fn spans_are_merged_regions_and_covered_cells_keep_their_text() {
        let rows = r#"<table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="2" table:number-rows-spanned="3"><text:p>类别</text:p></table:table-cell><table:covered-table-cell/><table:table-cell/></table:table-row><table:table-row><table:covered-table-cell office:value-type="string"><text:p>藏</text:p></table:covered-table-cell></table:table-row>"#;
        let (mut sheets, _) = read(rows).unwrap();
        let sheet = sheets.remove(0);
        assert_eq!(sheet.cells, [((0, 0), text("类别")), ((1, 0), text("藏"))]);
        assert_eq!(
            sheet.merges,
            [Dimensions {
                start: (0, 0),
                end: (2, 1)
            }]
        );
    }

    #[test]
    fn a_span_past_the_sheet_ends_at_its_edge() {
        let rows = r#"<table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="18446744073709551615" table:number-rows-spanned="99999999999"><text:p>x</text:p></table:table-cell></table:table-row>"#;
        let (mut sheets, _) = read(rows).unwrap();
        assert_eq!(
            sheets.remove(0).merges,
            [Dimensions {
                start: (0, 0),
                end: (u32::MAX, u32::MAX)
            }]
        );
    }

    #[test]
    fn repeats_past_the_budget_are_refused_before_they_are_copied() {
        for rows in [
            r#"<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="4000000000"><text:p>x</text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="4000000000"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="2000"><table:table-cell table:number-columns-spanned="2" table:number-columns-repeated="2000"/></table:table-row>"#,
        ] {
            let e = read(rows).map(|_| ()).unwrap_err();
            assert!(
                e.to_string().contains("exceeds the limit of 2000000"),
                "{e}"
            );
        }
    }

    #[test]
    fn broken_xml_names_the_part() {
        let e = read("<table:table-row><table:table-cell>")
            .map(|_| ())
            .unwrap_err();
        assert!(e.to_string().starts_with("content.xml, near byte"), "{e}");
        let content = br#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S"><table:table-row>"#;
        let options = ReadOptions::default();
        let e = sheets(content, &mut 10, &options).map(|_| ()).unwrap_err();
        assert!(e.to_string().starts_with("content.xml"), "{e}");
    }
}
