//! Reading documents: bytes in, a [`Document`] out (body paragraphs and [`Grid`]s, in the
//! order the file holds them). The only stage that knows file formats; it recognises them by
//! content, never by file name.
//!
//! A reader reports what the file holds and decides nothing about what it means: each table's
//! cells with their spans (a merged region once, at its anchor), each paragraph as written.
//! Which paragraphs head a table, which lines form a table, where a task table starts and ends
//! are the layout stage's decisions, made once for every format.

pub mod doc;
pub mod docx;
pub mod extent;
pub mod html;
pub mod image;
pub mod numbering;
pub mod ocr;
mod ooxml;
pub mod pdf;
pub mod sniff;
pub mod text;
pub mod xlsx;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, ErrorKind};
use crate::grid::Grid;
pub use crate::grid::{Block, Paragraph};

/// The formats fenjie reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: tab- or pipe-separated rows, or numbered paragraphs.
    Text,
    /// Word 2007 and later (also WPS and `LibreOffice` writing .docx).
    Docx,
    /// Excel 2007 and later.
    Xlsx,
    /// Excel 97–2003 (also WPS's .et).
    Xls,
    /// `OpenDocument` spreadsheet.
    Ods,
    /// A web page.
    Html,
    /// Word 97–2003 (also WPS's .wps).
    Doc,
    /// PDF: with a text layer (exported from Word, WPS or `LibreOffice`), or scanned pages read
    /// by OCR.
    Pdf,
    /// An image of a page (PNG, JPEG, TIFF), read by OCR.
    Image,
}

impl Format {
    /// The format's name as written in reports (`docx`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Html => "html",
            Format::Doc => "doc",
            Format::Pdf => "pdf",
            Format::Image => "image",
        }
    }
}

/// Bounds on what one untrusted document may cost. Going past one is an [`ErrorKind::Limit`](crate::ErrorKind::Limit) error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the input file.
    pub input_bytes: u64,
    /// Uncompressed bytes of one part inside a zip package.
    pub part_bytes: u64,
    /// Entries in a zip package.
    pub zip_entries: usize,
    /// Grid positions in all grids of one document: a merged region counts every position it
    /// covers.
    pub cells: usize,
    /// Bytes of text in one cell or paragraph.
    pub cell_bytes: usize,
    /// Element nesting depth in XML.
    pub xml_depth: usize,
    /// Pages of a PDF.
    pub pages: usize,
    /// Glyphs, lines and other drawing operations on one PDF page.
    pub page_marks: usize,
    /// Pages of one document read by OCR.
    pub ocr_pages: usize,
    /// Seconds the OCR engine may take on one page.
    pub ocr_page_seconds: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            input_bytes: 256 << 20,
            part_bytes: 256 << 20,
            zip_entries: 10_000,
            cells: 2_000_000,
            cell_bytes: 1 << 20,
            xml_depth: 256,
            pages: 2_000,
            page_marks: 1_000_000,
            ocr_pages: 100,
            ocr_page_seconds: 60,
        }
    }
}

/// What the readers need to know beyond the bytes.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// An encoding label (`gb18030`, `utf-16le`) that overrides detection for text input.
    pub encoding: Option<String>,
    /// Bounds on what an input may cost (see README.md, Limits).
    pub limits: Limits,
    /// The OCR engine that reads scanned PDF pages and images of pages; without one they are
    /// an error that says what to install.
    pub ocr: Option<std::sync::Arc<dyn ocr::Engine>>,
    /// Whether images (PNG, JPEG, TIFF) are read as pages of a notice, by OCR. Off, an image
    /// is no notice: a folder's logos and screenshots are not read.
    pub images: bool,
}

/// What a reader returns, the same for every format: the blocks of the file in the order it
/// holds them (paragraphs and tables, nothing decided about what they mean), and what was found
/// on the way. Readers add blocks one after the other with [`Document::push_paragraph`] and
/// [`Document::push_grid`]; the layout stage takes them as an iterator
/// ([`Document::take_blocks`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub format: Format,
    /// The paragraphs and tables in the order the file holds them.
    blocks: Vec<Block>,
    /// How many of `blocks` are paragraphs, and how many tables: readers number them.
    paragraphs: usize,
    grids: usize,
    /// Names of worksheets (spreadsheets only), in workbook order.
    pub sheet_names: Vec<String>,
    /// A web page's lines around the notice (`发布时间：… 来源：某区教育局`), in page order: no
    /// part of the body, but they may say who published the notice.
    pub chrome: Vec<Paragraph>,
    pub diagnostics: Vec<Diagnostic>,
    /// The pages read by OCR, if any.
    pub ocr: Option<ocr::Summary>,
}

impl Document {
    /// An empty document of `format`.
    #[must_use]
    pub fn new(format: Format) -> Document {
        Document {
            format,
            blocks: Vec::new(),
            paragraphs: 0,
            grids: 0,
            sheet_names: Vec::new(),
            chrome: Vec::new(),
            diagnostics: Vec::new(),
            ocr: None,
        }
    }

    /// Appends a body paragraph after everything read so far.
    pub fn push_paragraph(&mut self, paragraph: Paragraph) {
        self.paragraphs += 1;
        self.blocks.push(Block::Paragraph(paragraph));
    }

    /// Appends a table after everything read so far.
    pub fn push_grid(&mut self, grid: Grid) {
        self.grids += 1;
        self.blocks.push(Block::Table(grid));
    }

    /// The document's blocks in order.
    pub fn blocks(&self) -> std::slice::Iter<'_, Block> {
        self.blocks.iter()
    }

    /// Takes the blocks out, in order, leaving the document without any.
    pub fn take_blocks(&mut self) -> std::vec::IntoIter<Block> {
        self.paragraphs = 0;
        self.grids = 0;
        std::mem::take(&mut self.blocks).into_iter()
    }

    /// The body paragraphs, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
    }

    /// The tables, in order.
    pub fn grids(&self) -> impl Iterator<Item = &Grid> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(g) => Some(g),
            Block::Paragraph(_) => None,
        })
    }

    /// How many body paragraphs were read so far.
    #[must_use]
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs
    }

    /// How many tables were read so far.
    #[must_use]
    pub fn grid_count(&self) -> usize {
        self.grids
    }
}

const CONVERT_TO_DOCX: &str = "convert it first: soffice --headless --convert-to docx FILE";

/// The kind of container the bytes are, decided from their first bytes and, for zip packages,
/// their parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Zip,
    /// An OLE compound file: legacy .doc/.xls, or an encrypted OOXML package.
    Ole,
    Pdf,
    Rtf,
    Image(&'static str),
    Text,
}

fn container(bytes: &[u8]) -> Container {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Container::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Container::Ole
    } else if bytes.starts_with(b"%PDF") {
        Container::Pdf
    } else if bytes.starts_with(b"{\\rtf") {
        Container::Rtf
    } else if let Some(format) = image::sniff(bytes) {
        Container::Image(format)
    } else {
        Container::Text
    }
}

/// Reads a document of any supported format.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Err(Error::from(ErrorKind::Empty));
    }
    if bytes.len() as u64 > options.limits.input_bytes {
        return Err(Error::limit(
            format!("the file's size ({} bytes)", bytes.len()),
            options.limits.input_bytes,
        ));
    }
    match container(bytes) {
        Container::Zip => read_zip(bytes, options),
        Container::Ole => read_ole(bytes, options),
        Container::Pdf => pdf::read(bytes, options),
        Container::Image(format) => image::read(bytes, format, options),
        Container::Rtf => Err(Error::from(ErrorKind::Unsupported {
            format: "RTF",
            hint: CONVERT_TO_DOCX,
        })),
        Container::Text if html::is_html(bytes) => html::read(bytes, options),
        Container::Text => text::read(bytes, options),
    }
}

/// The sheets of the workbook fenjie writes (`-f xlsx`), in order: such a workbook is an
/// output, never read back as a notice.
const OWN_WORKBOOK_SHEETS: [&str; 3] = ["任务", "诊断", "通知"];

fn read_zip(bytes: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Error::from(ErrorKind::Zip(e)))?;
    if archive.len() > options.limits.zip_entries {
        return Err(Error::limit(
            format!("the zip package's {} entries", archive.len()),
            options.limits.zip_entries,
        ));
    }
    let names: Vec<String> = archive
        .file_names_raw()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("word/document.xml")
        || has("_rels/.rels") && names.iter().any(|n| n.starts_with("word/"))
    {
        return docx::read(archive, options);
    }
    if has("xl/workbook.xml") || has("xl/workbook.bin") {
        xlsx::check_parts(&mut archive, options)?;
        let document = xlsx::read(bytes, Format::Xlsx, options)?;
        if document.sheet_names == OWN_WORKBOOK_SHEETS {
            return Err(Error::from(ErrorKind::OtherText {
                kind: "a workbook fenjie wrote (sheets 任务, 诊断, 通知)",
            }));
        }
        return Ok(document);
    }
    if has("content.xml") && has("mimetype") {
        let mime = zip_entry_text(&mut archive, "mimetype", 1024).unwrap_or_default();
        if mime.contains("opendocument.spreadsheet") {
            xlsx::check_parts(&mut archive, options)?;
            let content = zip_entry_bytes(&mut archive, "content.xml", options.limits.part_bytes)?;
            return xlsx::read_ods(&content, options);
        }
        if mime.contains("opendocument.text") {
            return Err(Error::from(ErrorKind::Unsupported {
                format: "OpenDocument text (.odt)",
                hint: CONVERT_TO_DOCX,
            }));
        }
    }
    Err(Error::from(ErrorKind::NotOffice))
}

/// A part's bytes, no more than `limit` of them (a part cut at the limit is then no well-formed
/// XML, and said so).
fn zip_entry_bytes<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let entry = archive.by_name(name).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => Error::from(ErrorKind::MissingPart {
            part: name.to_string(),
        }),
        e => Error::from(ErrorKind::Zip(e)),
    })?;
    let mut bytes = Vec::new();
    entry
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::from(ErrorKind::Zip(zip::result::ZipError::Io(e))).in_part(name))?;
    Ok(bytes)
}

fn zip_entry_text<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Option<String> {
    use std::io::Read;
    let entry = archive.by_name(name).ok()?;
    let mut text = String::new();
    entry.take(limit).read_to_string(&mut text).ok()?;
    Some(text)
}

/// An OLE compound file, known by the streams its directory lists: an encrypted OOXML package
/// (`EncryptionInfo`, `EncryptedPackage`), legacy Word (`WordDocument`) or Excel (`Workbook`,
/// `Book`). The text inside streams is never looked at, so a document that mentions those words
/// is what its directory says.
fn read_ole(bytes: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    let file = match cfb::CompoundFile::open(std::io::Cursor::new(bytes)) {
        Ok(file) => file,
        Err(e) => return Err(damaged_ole(bytes, &e)),
    };
    let has = |name: &str| file.is_stream(format!("/{name}"));
    if has("EncryptionInfo") || has("EncryptedPackage") {
        return Err(Error::from(ErrorKind::Encrypted));
    }
    if has("WordDocument") {
        return doc::read(bytes, options);
    }
    if has("Workbook") || has("Book") {
        return xlsx::read(bytes, Format::Xls, options);
    }
    Err(Error::from(ErrorKind::Unsupported {
        format: "this OLE compound file (neither .doc nor .xls)",
        hint: CONVERT_TO_DOCX,
    }))
}

/// The error for a compound file whose directory cannot be read (a truncated download): Word's
/// own error when a sector starts with Word's file information block ([MS-DOC] 2.5.1: `wIdent`
/// 0xA5EC, then an `nFib` of Word 97 or later), else the compound file's.
fn damaged_ole(bytes: &[u8], e: &std::io::Error) -> Error {
    let word = bytes.chunks(512).skip(1).any(|sector| {
        sector.starts_with(&[0xEC, 0xA5])
            && sector
                .get(2..4)
                .is_some_and(|n| (0x00C1..=0x0112).contains(&u16::from_le_bytes([n[0], n[1]])))
    });
    if word {
        Error::from(ErrorKind::Doc(format!(
            "the file is damaged or cut short: {e}"
        )))
    } else {
        Error::from(ErrorKind::Invalid(format!(
            "the OLE compound file (.doc, .xls) is damaged or cut short: {e}"
        )))
    }
}
