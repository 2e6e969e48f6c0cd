//! Word notices (.docx, as Word, WPS and `LibreOffice` write them): the main document part is
//! streamed once with quick-xml into body paragraphs and one [`Grid`](crate::grid::Grid) per table.
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
use crate::grid::Location;

mod table;

use table::RawTable;

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
    /// The body paragraphs closed so far, empty ones too: a paragraph's index says where it
    /// stands, so layout sees the empty paragraphs between two (an office suite's text export
    /// pasted into Word keeps a blank cell as one).
    body_paragraphs: u32,
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
            body_paragraphs: 0,
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
            index: self.body_paragraphs + 1,
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
                    self.body_paragraphs += 1;
                    if !text.is_empty() {
                        self.doc.push_paragraph(Paragraph {
                            text: text.to_string(),
                            location: Location::Paragraph {
                                index: self.body_paragraphs,
                            },
                        });
                    }
                }
            }
            "tc" | "tr" | "tbl" => self.close_table_part(name)?,
            _ => {}
        }
        Ok(())
    }
}
