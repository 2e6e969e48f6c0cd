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
mod assemble;
mod lines;
mod marks;
mod scan;
mod tables;

use std::sync::LazyLock;
use std::time::Duration;

use hayro_interpret::hayro_syntax::{self, LoadPdfError, Pdf};
use regex::Regex;

use super::ocr::{self, Bitmap, Engine};
use super::{Document, Format, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
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
    let mut document = assemble::assemble(laid, options);
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

#[cfg(test)]
mod tests;
