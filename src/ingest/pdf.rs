//! PDF notices with a text layer (exported from Word, WPS or `LibreOffice`): hayro interprets
//! each page into glyphs and lines ([`marks`]); the rulings give tables ([`tables`]), the
//! glyphs outside them lines and paragraphs ([`lines`]). A table continued over pages is one
//! grid: its header repeated on each page is dropped, a row cut by a page break is joined.
//! Page headers, footers and page numbers (`— 3 —`) are not content.
//!
//! A PDF gives no paragraphs or cells, only glyphs at places: where a paragraph ends and
//! whether two grid positions are one merged cell are read from the page as a person reads it.
//! Scanned pages have no text to read: with an OCR engine they are rendered and read by it
//! ([`scan`]) into the same glyphs and rulings, without one they are an error.

mod aligned;
mod lines;
mod marks;
mod scan;
mod tables;

use std::sync::LazyLock;
use std::time::Duration;

use hayro_interpret::hayro_syntax::{self, LoadPdfError, Pdf};
use regex::Regex;

use super::ocr::{self, Bitmap, Engine};
use super::{Document, Format, Paragraph, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};
use lines::{Column, Line};
use marks::{Marks, Stop};
use tables::Frame;

/// The longest one page's interpretation may take.
const PAGE_TIME: Duration = Duration::from_secs(10);

/// Reads a PDF's text layer; pages without one are read by OCR when an engine is given.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    let pdf = open(bytes)?;
    let pages = pdf.pages();
    if pages.len() > options.limits.pages {
        return Err(Error::limit(
            format!("the PDF's {} pages", pages.len()),
            options.limits.pages,
        ));
    }
    let budget = marks::Budget {
        marks: options.limits.page_marks,
        time: PAGE_TIME,
    };
    let mut read = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let number = i as u32 + 1;
        let marks = marks::read(page, budget).map_err(|stop| stopped(stop, number, budget))?;
        read.push(marks);
    }
    let mut ocr = Ocr::default();
    let scanned: Vec<usize> = (0..read.len()).filter(|&i| is_scanned(&read[i])).collect();
    if options.ocr.is_none() {
        // A scanned page among pages of text is not lost without a word (a PDF all scanned is
        // refused below).
        ocr.diagnostics.extend(scanned.iter().map(|&i| {
            Diagnostic::error(
                Code::Ocr,
                None,
                format!(
                    "page {} is a scanned image and was not read: reading it needs OCR, and no OCR engine is available (install Tesseract: apt install tesseract-ocr tesseract-ocr-chi-sim)",
                    i + 1
                ),
            )
        }));
    }
    if let Some(engine) = options.ocr.as_deref() {
        if scanned.len() > options.limits.ocr_pages {
            return Err(Error::limit(
                format!("the PDF's {} scanned pages", scanned.len()),
                options.limits.ocr_pages,
            ));
        }
        for i in scanned {
            let number = i as u32 + 1;
            let image = render(&pages[i]).map_err(|e| e.in_part(format!("page {number}")))?;
            let scale = read[i].width / f64::from(image.width.max(1));
            read[i] = ocr.page(&image, scale, number, engine, options)?;
        }
    }
    check_text(&read)?;
    finish(&read, ocr, Format::Pdf, options)
}

/// Reads images of pages by OCR (`scale`: points per pixel) into a document of `format`.
pub fn read_scans(
    images: Vec<Bitmap>,
    scale: f64,
    engine: &dyn Engine,
    format: Format,
    options: &ReadOptions,
) -> Result<Document, Error> {
    if images.len() > options.limits.ocr_pages {
        return Err(Error::limit(
            format!("the {} pages to read by OCR", images.len()),
            options.limits.ocr_pages,
        ));
    }
    let mut ocr = Ocr::default();
    let mut read = Vec::with_capacity(images.len());
    for (i, image) in images.iter().enumerate() {
        read.push(ocr.page(image, scale, i as u32 + 1, engine, options)?);
    }
    finish(&read, ocr, format, options)
}

/// The pages laid out into the document.
fn finish(
    read: &[Marks],
    ocr: Ocr,
    format: Format,
    options: &ReadOptions,
) -> Result<Document, Error> {
    let mut laid = Vec::with_capacity(read.len());
    let mut positions = 0usize;
    for (i, marks) in read.iter().enumerate() {
        let page = lay_out(marks, i as u32 + 1)?;
        positions += page.positions();
        if positions > options.limits.cells {
            return Err(Error::limit(
                "the grid positions of the PDF's tables",
                options.limits.cells,
            ));
        }
        laid.push(page);
    }
    drop_furniture(&mut laid);
    let mut document = assemble(laid, options);
    document.format = format;
    document.diagnostics.extend(ocr.diagnostics);
    if let Some(engine) = ocr.engine {
        document.ocr = Some(ocr::Summary {
            engine,
            pages: ocr.pages,
            confidence: if ocr.chars == 0 {
                0.0
            } else {
                (ocr.weighted / ocr.chars as f64 / 100.0) as f32
            },
        });
    }
    Ok(document)
}

/// The pages read by OCR so far.
#[derive(Default)]
struct Ocr {
    engine: Option<String>,
    pages: Vec<u32>,
    diagnostics: Vec<Diagnostic>,
    weighted: f64,
    chars: usize,
}

impl Ocr {
    /// Reads one page image by OCR into its marks, and says so in a diagnostic.
    fn page(
        &mut self,
        image: &Bitmap,
        scale: f64,
        number: u32,
        engine: &dyn Engine,
        options: &ReadOptions,
    ) -> Result<Marks, Error> {
        let time = Duration::from_secs(options.limits.ocr_page_seconds);
        let scan = scan::read(image, scale, engine, time).map_err(|e| {
            Error::from(ErrorKind::Ocr(Box::new(e))).in_part(format!("page {number}"))
        })?;
        let name = engine.name();
        self.diagnostics.push(Diagnostic::warning(
            Code::Ocr,
            None,
            format!(
                "page {number} was read by OCR ({name}): {} characters, mean confidence {:.0} %; check its records against the page",
                scan.chars, scan.confidence
            ),
        ));
        self.engine = Some(name);
        self.pages.push(number);
        self.weighted += f64::from(scan.confidence) * scan.chars as f64;
        self.chars += scan.chars;
        Ok(scan.marks)
    }
}

/// A page that shows something but gives no characters: a scanned image, or fonts without
/// Unicode.
fn is_scanned(marks: &Marks) -> bool {
    let chars = marks
        .glyphs
        .iter()
        .flat_map(|g| g.text.chars())
        .filter(|c| !c.is_whitespace())
        .count();
    chars == 0 && marks.images > 0 || marks.unmapped > chars
}

/// The most pixels a page is rendered with for OCR (A4 at 300 dpi is 8.7 million).
const RENDER_PIXELS: f64 = 9_000_000.0;
/// The resolution pages are rendered at for OCR, in pixels per point (200 dpi).
const RENDER_SCALE: f64 = 200.0 / 72.0;

/// The page rendered in grey at 200 dpi (less for a page larger than A3), white behind it.
fn render(page: &hayro_syntax::page::Page<'_>) -> Result<Bitmap, Error> {
    let (width, height) = page.render_dimensions();
    let area = f64::from(width) * f64::from(height);
    let scale = RENDER_SCALE.min((RENDER_PIXELS / area.max(1.0)).sqrt()) as f32;
    let draw = std::panic::AssertUnwindSafe(|| {
        let cache = hayro::RenderCache::new();
        hayro::render(
            page,
            &cache,
            &hayro_interpret::InterpreterSettings::default(),
            &hayro::RenderSettings::default(),
            &hayro::PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: hayro::vello_cpu::color::palette::css::WHITE,
            },
        )
    });
    let pixmap = std::panic::catch_unwind(draw).map_err(|_| {
        Error::from(ErrorKind::Pdf(
            "the page cannot be rendered for OCR (the PDF library failed on it)".into(),
        ))
    })?;
    let rgba = pixmap.data_as_u8_slice();
    let pixels = rgba
        .chunks_exact(4)
        .map(|p| {
            // Premultiplied: what shows through is white.
            let white = 255 - u32::from(p[3]);
            let grey = (u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114)
                / 1000
                + white;
            grey.min(255) as u8
        })
        .collect();
    Ok(Bitmap {
        width: u32::from(pixmap.width()),
        height: u32::from(pixmap.height()),
        pixels,
    })
}

/// The PDF's structure, or the error that says why it cannot be had.
fn open(bytes: &[u8]) -> Result<Pdf, Error> {
    let data = std::sync::Arc::new(bytes.to_vec());
    let load = std::panic::AssertUnwindSafe(|| Pdf::new(data));
    match std::panic::catch_unwind(load) {
        Ok(Ok(pdf)) => Ok(pdf),
        Ok(Err(LoadPdfError::Decryption(hayro_syntax::DecryptionError::PasswordProtected))) => {
            Err(Error::from(ErrorKind::PdfEncrypted))
        }
        Ok(Err(LoadPdfError::Decryption(e))) => Err(Error::from(ErrorKind::Pdf(format!(
            "its encryption cannot be undone ({e:?})"
        )))),
        Ok(Err(LoadPdfError::Invalid)) => Err(Error::from(ErrorKind::Pdf(
            "the file is damaged or cut short (no page tree or cross-reference table found)".into(),
        ))),
        Err(_) => Err(Error::from(ErrorKind::Pdf(
            "the file's structure is malformed".into(),
        ))),
    }
}

fn stopped(stop: Stop, page: u32, budget: marks::Budget) -> Error {
    let error = match stop {
        Stop::TooMany => Error::limit("the glyphs and lines the page draws", budget.marks),
        Stop::TooSlow => Error::limit(
            "the time (in seconds) reading the page takes",
            budget.time.as_secs(),
        ),
        Stop::Failed => Error::from(ErrorKind::Pdf(
            "the page's content is malformed (the PDF library failed on it)".into(),
        )),
    };
    error.in_part(format!("page {page}"))
}

/// A PDF without text (a scan), whose fonts give no Unicode, or whose text is one character
/// over and over (a font without the document's glyphs, every glyph mapped to the same code)
/// cannot be read without OCR.
fn check_text(pages: &[Marks]) -> Result<(), Error> {
    let chars: Vec<char> = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .flat_map(|g| g.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let unmapped: usize = pages.iter().map(|p| p.unmapped).sum();
    if chars.is_empty() && unmapped == 0 {
        return Err(Error::from(ErrorKind::NoTextLayer(
            "its pages are scanned images",
        )));
    }
    if unmapped > chars.len() {
        return Err(Error::from(ErrorKind::NoTextLayer(
            "its fonts give no characters for its glyphs",
        )));
    }
    let mut counts: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    for &c in chars.iter().filter(|&&c| crate::text::is_cjk(c)) {
        *counts.entry(c).or_default() += 1;
    }
    let cjk: usize = counts.values().sum();
    let most = counts.values().copied().max().unwrap_or(0);
    // In Chinese prose the commonest character (的) is a few per cent of the text.
    if cjk >= 20 && most * 5 > cjk * 2 {
        return Err(Error::from(ErrorKind::NoTextLayer(
            "its Chinese text is one character repeated: the fonts give every glyph the same code",
        )));
    }
    Ok(())
}

/// What one page holds, top to bottom.
struct PageContent {
    number: u32,
    width: f64,
    height: f64,
    items: Vec<Item>,
}

impl PageContent {
    /// The grid positions of the page's tables.
    fn positions(&self) -> usize {
        self.items
            .iter()
            .map(|i| match i {
                Item::Table(t) => t.frame.rows() * t.frame.cols(),
                Item::Line(_) => 0,
            })
            .sum()
    }
}

enum Item {
    Line(Line),
    Table(PageTable),
}

impl Item {
    fn top(&self) -> f64 {
        match self {
            Item::Line(line) => line.top(),
            Item::Table(table) => table.frame.rect().y0,
        }
    }
}

/// One table's part on one page: its grid and each region's text.
struct PageTable {
    frame: Frame,
    texts: Vec<String>,
}

impl PageTable {
    /// The text shown at a grid position (a merged region's at each position it covers).
    fn text(&self, row: usize, col: usize) -> &str {
        self.frame
            .owner(row, col)
            .and_then(|r| self.texts.get(r))
            .map_or("", String::as_str)
    }

    fn row_texts(&self, row: usize) -> Vec<&str> {
        (0..self.frame.cols()).map(|c| self.text(row, c)).collect()
    }
}

/// The page's glyphs sorted into its tables' cells and lines of running text.
fn lay_out(marks: &Marks, number: u32) -> Result<PageContent, Error> {
    let too_large =
        |e: tables::TooLarge| Error::limit(e.what, e.limit).in_part(format!("page {number}"));
    let mut frames = tables::frames(marks).map_err(too_large)?;
    // Tables drawn without rulings: the rulings their columns and rows imply.
    let outside: Vec<&marks::Glyph> = marks
        .glyphs
        .iter()
        .filter(|g| frames.iter().all(|f| f.region_at(g.center()).is_none()))
        .collect();
    let (horizontal, vertical) = aligned::rulings(&outside);
    if !horizontal.is_empty() {
        let implied = Marks {
            horizontal,
            vertical,
            ..Marks::default()
        };
        frames.extend(tables::frames(&implied).map_err(too_large)?);
        frames.sort_by(|a, b| a.rect().y0.total_cmp(&b.rect().y0));
    }
    let mut in_cells: Vec<Vec<Vec<&marks::Glyph>>> = frames
        .iter()
        .map(|f| vec![Vec::new(); f.regions.len()])
        .collect();
    let mut body = Vec::new();
    for glyph in &marks.glyphs {
        let center = glyph.center();
        let cell = frames
            .iter()
            .enumerate()
            .find_map(|(i, f)| f.region_at(center).map(|r| (i, r)));
        match cell {
            Some((f, r)) => in_cells[f][r].push(glyph),
            None => body.push(glyph),
        }
    }
    let mut items: Vec<Item> = lines::lines(&body).into_iter().map(Item::Line).collect();
    for (frame, cells) in frames.into_iter().zip(in_cells) {
        let texts = frame
            .regions
            .iter()
            .zip(&cells)
            .map(|(region, glyphs)| cell_text(region.rect, glyphs))
            .collect();
        items.push(Item::Table(PageTable { frame, texts }));
    }
    items.sort_by(|a, b| a.top().total_cmp(&b.top()));
    Ok(PageContent {
        number,
        width: marks.width,
        height: marks.height,
        items,
    })
}

/// A cell's text: its paragraphs, each joined from its wrapped lines, one per line.
fn cell_text(rect: hayro_interpret::kurbo::Rect, glyphs: &[&marks::Glyph]) -> String {
    let lines = lines::lines(glyphs);
    if lines.is_empty() {
        return String::new();
    }
    // The cell's padding, as far as its text shows it: the least space on the left.
    let pad = lines
        .iter()
        .map(|l| l.left - rect.x0)
        .fold(f64::INFINITY, f64::min)
        .clamp(0.0, rect.width() / 3.0);
    let column = Column {
        left: rect.x0 + pad,
        right: rect.x1 - pad,
        pitch: lines::pitch(&lines),
    };
    lines::paragraphs(&lines, &column).join("\n")
}

/// A page number as notices print it: `— 3 —`, `- 3 -`, `第 3 页`, `3 / 12`, `第3页 共12页`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s\-—–－―─]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[\s\-—–－―─]*$|^(?i:page)\s*\d{1,4}(?:\s*of\s*\d{1,4})?$",
    )
    .expect("invariant: literal regex")
});

/// The share of a page's height at its top and bottom where headers and footers stand.
const MARGIN: f64 = 0.15;

/// Removes page headers and footers: a page number at the top or bottom of a page, and a line
/// that stands first or last on several pages with the same words (its numbers aside).
fn drop_furniture(pages: &mut [PageContent]) {
    let masked = |t: &str| -> String {
        t.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let edge_line = |page: &PageContent, last: bool| -> Option<String> {
        let item = if last {
            page.items.last()
        } else {
            page.items.first()
        }?;
        let Item::Line(line) = item else {
            return None;
        };
        let in_margin = if last {
            line.y > page.height * (1.0 - MARGIN)
        } else {
            line.top() < page.height * MARGIN
        };
        in_margin.then(|| masked(&line.text))
    };
    for last in [false, true] {
        // Up to two lines at each edge: a header and a rule's caption, a footer and a number.
        for _ in 0..2 {
            let edges: Vec<Option<String>> = pages.iter().map(|p| edge_line(p, last)).collect();
            let mut removed = false;
            for (page, edge) in pages.iter_mut().zip(&edges) {
                let Some(text) = edge else { continue };
                let repeated = edges.iter().filter(|e| e.as_ref() == Some(text)).count() >= 2;
                if PAGE_NUMBER.is_match(text.replace('#', "1").trim()) || repeated {
                    if last {
                        page.items.pop();
                    } else {
                        page.items.remove(0);
                    }
                    removed = true;
                }
            }
            if !removed {
                break;
            }
        }
    }
}

/// The text column of each page: from the leftmost line start to the rightmost line end on
/// any page as wide (a page of short lines has no edge of its own).
fn columns(pages: &[PageContent]) -> Vec<Column> {
    pages
        .iter()
        .map(|page| {
            let same: Vec<Line> = pages
                .iter()
                .filter(|p| (p.width - page.width).abs() < 1.0)
                .flat_map(|p| &p.items)
                .filter_map(|i| match i {
                    Item::Line(l) => Some(l.clone()),
                    Item::Table(_) => None,
                })
                .collect();
            let own: Vec<Line> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Line(l) => Some(l.clone()),
                    Item::Table(_) => None,
                })
                .collect();
            let mut column = Column::of(&same);
            column.pitch = lines::pitch(&own);
            // Justified lines that wrapped end together at the column's edge, across most of
            // the page. Without two such lines no line is known to have wrapped: the margins
            // are taken as equal.
            let full = same
                .iter()
                .filter(|l| {
                    column.right - l.right < 0.5 * l.size && l.right - l.left > page.width / 2.0
                })
                .count();
            if full < 2 {
                column.right = column.right.max(page.width - column.left);
            }
            column
        })
        .collect()
}

/// The document: paragraphs joined over lines and pages, tables joined over pages.
fn assemble(pages: Vec<PageContent>, options: &ReadOptions) -> Document {
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
struct OpenParagraph {
    text: String,
    location: Location,
    last: Line,
    page: u32,
    lines: usize,
}

/// The table being joined over pages.
struct OpenTable {
    grid: Grid,
    /// The column boundaries of its last part.
    xs: Vec<f64>,
    /// Its first rows' texts, to know the header when a page repeats it.
    head: Vec<Vec<String>>,
    /// The page of its last part.
    page: u32,
}

struct Builder {
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
const HEAD_ROWS: usize = 3;

fn same_columns(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 3.0)
}

/// How many rows at the top of a table's part repeat the table's first rows (Word and
/// `LibreOffice` print a header marked to repeat at the top of each page).
fn repeated_header(head: &[Vec<String>], part: &PageTable) -> usize {
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
enum Target {
    New,
    Into { row: usize, col: usize },
}

/// Appends a table's part as the grid's first rows.
fn append(grid: &mut Grid, part: &PageTable, page: u32) {
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
fn continue_grid(grid: &mut Grid, part: &PageTable, skip: usize, page: u32) {
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
fn merged_into(
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
fn join_cut_row(grid: &mut Grid, part: &PageTable, targets: &[Target]) {
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
fn push_rows(grid: &mut Grid, part: &PageTable, targets: &[Target], start: usize, page: u32) {
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
        });
        if let GridSource::PagedTable { pages, .. } = &mut grid.source {
            pages.push(page);
        }
    }
}

/// Makes each grid cell that a region of the part goes on from reach down to the region's
/// last row (`global` gives a part row's place in the grid).
fn reach_down(
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

#[cfg(test)]
mod tests {
    use super::marks::{Glyph, Segment};
    use super::*;
    use crate::ingest::Block;

    const SIZE: f64 = 10.0;

    /// A page of A4's width whose text column runs from x = 50 to 550.
    fn page() -> Marks {
        Marks {
            width: 600.0,
            height: 840.0,
            ..Marks::default()
        }
    }

    /// Writes `text` on the baseline `y` from `x`, a Chinese character an em wide.
    fn write(marks: &mut Marks, text: &str, x: f64, y: f64) {
        let mut x = x;
        for c in text.chars() {
            let width = if c.is_ascii() { SIZE / 2.0 } else { SIZE };
            marks.glyphs.push(Glyph {
                text: c.to_string(),
                x,
                y,
                width,
                size: SIZE,
            });
            x += width;
        }
    }

    /// Draws a ruled table from `top` with columns at `xs`, rows 20 points high, and writes
    /// each cell's text in it.
    fn table(marks: &mut Marks, top: f64, xs: &[f64], rows: &[&[&str]]) {
        let bottom = top + 20.0 * rows.len() as f64;
        for r in 0..=rows.len() {
            let y = top + 20.0 * r as f64;
            marks.horizontal.push(Segment {
                at: y,
                from: xs[0],
                to: xs[xs.len() - 1],
            });
        }
        for &x in xs {
            marks.vertical.push(Segment {
                at: x,
                from: top,
                to: bottom,
            });
        }
        for (r, cells) in rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                write(marks, text, xs[c] + 2.0, top + 20.0 * r as f64 + 14.0);
            }
        }
    }

    fn document(pages: &[Marks]) -> Document {
        check_text(pages).expect("the pages hold text");
        let mut laid: Vec<PageContent> = pages
            .iter()
            .enumerate()
            .map(|(i, m)| lay_out(m, i as u32 + 1).expect("the test pages are small"))
            .collect();
        drop_furniture(&mut laid);
        assemble(laid, &ReadOptions::default())
    }

    fn rows(grid: &Grid) -> Vec<Vec<String>> {
        (0..grid.rows.len())
            .map(|r| {
                (0..grid.width())
                    .map(|c| grid.value(r, c).text().into_owned())
                    .collect()
            })
            .collect()
    }

    const XS: [f64; 4] = [50.0, 100.0, 400.0, 550.0];

    #[test]
    fn a_table_over_two_pages_is_one_grid_without_the_repeated_header() {
        let mut one = page();
        table(
            &mut one,
            100.0,
            &XS,
            &[
                &["序号", "工作任务", "责任单位"],
                &["1", "制定目录", "司法局"],
            ],
        );
        let mut two = page();
        table(
            &mut two,
            60.0,
            &XS,
            &[
                &["序号", "工作任务", "责任单位"],
                &["2", "公开文件", "财政局"],
            ],
        );
        let doc = document(&[one, two]);
        assert_eq!(doc.grid_count(), 1);
        let grid = &doc.grids().next().unwrap();
        assert_eq!(
            rows(grid),
            [
                ["序号", "工作任务", "责任单位"],
                ["1", "制定目录", "司法局"],
                ["2", "公开文件", "财政局"]
            ]
        );
        assert_eq!(
            grid.location(2, Some(1)).to_string(),
            "page 2, table 1, row 3, column 2"
        );
    }

    #[test]
    fn a_row_cut_by_a_page_break_is_joined() {
        let mut one = page();
        table(
            &mut one,
            100.0,
            &XS,
            &[
                &["序号", "工作任务", "责任单位"],
                &["1", "制定目录", "司法局"],
            ],
        );
        let mut two = page();
        table(
            &mut two,
            60.0,
            &XS,
            &[&["", "并及时公开", ""], &["2", "公开文件", "财政局"]],
        );
        let doc = document(&[one, two]);
        assert_eq!(
            rows(doc.grids().next().unwrap()),
            [
                ["序号", "工作任务", "责任单位"],
                ["1", "制定目录并及时公开", "司法局"],
                ["2", "公开文件", "财政局"]
            ]
        );
    }

    #[test]
    fn tables_apart_on_one_page_stay_apart() {
        let mut one = page();
        table(&mut one, 100.0, &XS, &[&["序号", "工作任务", "责任单位"]]);
        write(&mut one, "二、其他任务", 50.0, 160.0);
        table(&mut one, 200.0, &XS, &[&["序号", "工作任务", "责任单位"]]);
        let doc = document(&[one]);
        assert_eq!(doc.grid_count(), 2);
        assert_eq!(doc.paragraphs().next().unwrap().text, "二、其他任务");
        let kinds: Vec<bool> = doc.blocks().map(|b| matches!(b, Block::Table(_))).collect();
        assert_eq!(kinds, [true, false, true]);
    }

    #[test]
    fn page_numbers_and_running_heads_are_dropped() {
        let mut pages = Vec::new();
        for (n, body) in [(1, "第一页正文。"), (2, "第二页正文。")] {
            let mut p = page();
            write(&mut p, "湖里区人民政府办公室文件", 50.0, 40.0);
            write(&mut p, body, 50.0, 200.0);
            write(&mut p, &format!("— {n} —"), 280.0, 810.0);
            pages.push(p);
        }
        let doc = document(&pages);
        let texts: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["第一页正文。", "第二页正文。"]);
        assert_eq!(
            doc.paragraphs().nth(1).unwrap().location.to_string(),
            "page 2, paragraph 2"
        );
    }

    #[test]
    fn a_paragraph_goes_on_over_a_page_break() {
        let full = "为进一步加强全区政务公开工作明确任务落实责任有效提升政务公开规范化水平现将分解表印发给你们";
        assert_eq!(full.chars().count(), 45);
        let mut one = page();
        // Two full lines: the text column is known to end at 550.
        write(&mut one, "一二三四五", 70.0, 100.0);
        write(&mut one, &"政务公开".repeat(13)[..150], 50.0, 120.0);
        write(&mut one, &format!("{full}工作分解表"), 50.0, 780.0);
        let mut two = page();
        write(&mut two, "请认真组织实施。", 50.0, 80.0);
        let doc = document(&[one, two]);
        let last = doc.paragraphs().last().unwrap();
        assert_eq!(last.text, format!("{full}工作分解表请认真组织实施。"));
        assert_eq!(last.location.to_string(), "page 1, paragraph 3");
    }

    #[test]
    fn pages_without_text_or_with_one_repeated_character_need_ocr() {
        let mut scan = page();
        scan.horizontal.push(Segment {
            at: 10.0,
            from: 0.0,
            to: 100.0,
        });
        let e = check_text(&[scan]).unwrap_err();
        assert!(e.to_string().contains("scanned images"), "{e}");
        let mut boxes = page();
        write(&mut boxes, &"厦".repeat(30), 50.0, 100.0);
        write(&mut boxes, "2022年", 50.0, 120.0);
        let e = check_text(&[boxes]).unwrap_err();
        assert!(e.to_string().contains("one character repeated"), "{e}");
        assert!(e.to_string().contains("OCR"), "{e}");
    }

    #[test]
    fn a_table_without_rulings_is_read_from_its_columns() {
        let mut one = page();
        write(&mut one, "附件", 50.0, 80.0);
        for (y, cells) in [
            (100.0, ["序号", "工作任务", "责任单位"]),
            (120.0, ["1", "制定目录", "司法局"]),
            (154.0, ["2", "公开文件", "财政局"]),
        ] {
            for (x, text) in [50.0, 100.0, 400.0].into_iter().zip(cells) {
                write(&mut one, text, x, y);
            }
        }
        // A second line of item 1's task (it stops short of the column's edge: a line break).
        write(&mut one, "并公开", 100.0, 134.0);
        let doc = document(&[one]);
        assert_eq!(doc.grid_count(), 1);
        assert_eq!(
            rows(doc.grids().next().unwrap()),
            [
                ["序号", "工作任务", "责任单位"],
                ["1", "制定目录\n并公开", "司法局"],
                ["2", "公开文件", "财政局"]
            ]
        );
        assert_eq!(doc.paragraphs().next().unwrap().text, "附件");
    }

    #[test]
    fn blocks_come_in_page_order() {
        let mut one = page();
        write(&mut one, "附件", 50.0, 80.0);
        table(&mut one, 100.0, &XS, &[&["序号", "工作任务", "责任单位"]]);
        let doc = document(&[one]);
        let kinds: Vec<&str> = doc
            .blocks()
            .map(|b| match b {
                Block::Paragraph(_) => "paragraph",
                Block::Table(_) => "table",
            })
            .collect();
        assert_eq!(kinds, ["paragraph", "table"]);
    }
}
