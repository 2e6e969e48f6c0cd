//! Images of a notice's pages (PNG, JPEG, TIFF; a scan or a photograph of the paper copy): read
//! by OCR as a scanned PDF page is, into the same tables and paragraphs. Only the first image of
//! a multi-page TIFF is read.

use super::ocr::Bitmap;
use super::{Document, Format, ReadOptions, pdf};
use crate::error::{Error, ErrorKind};

/// The image format the bytes start with, if any.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("PNG")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("JPEG")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("TIFF")
    } else {
        None
    }
}

/// The most pixels an image may have (about an A4 page at 600 dpi, twice over).
const MAX_PIXELS: u64 = 70_000_000;

/// The width of an A4 page in points: an image is taken to show a whole page of that width.
const PAGE_WIDTH: f64 = 595.28;

/// Reads an image of a page by OCR.
pub fn read(bytes: &[u8], format: &'static str, options: &ReadOptions) -> Result<Document, Error> {
    let Some(engine) = options.ocr.as_deref() else {
        return Err(Error::from(ErrorKind::Image {
            format,
            why: "an image is read by OCR, and no OCR engine is available (install Tesseract: apt install tesseract-ocr tesseract-ocr-chi-sim)",
        }));
    };
    if !options.images {
        return Err(Error::from(ErrorKind::Image {
            format,
            why: "images are read by OCR only when asked, so that logos and screenshots are not taken for notices",
        }));
    }
    let bitmap = decode(bytes, format)?;
    let scale = PAGE_WIDTH / f64::from(bitmap.width.max(1));
    pdf::read_scans(vec![bitmap], scale, engine, Format::Image, options)
}

/// The image in grey, within [`MAX_PIXELS`].
fn decode(bytes: &[u8], format: &'static str) -> Result<Bitmap, Error> {
    let damaged = |e: &dyn std::fmt::Display| {
        Error::from(ErrorKind::Invalid(format!(
            "the {format} image cannot be decoded: {e}"
        )))
    };
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| damaged(&e))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let (width, height) = reader.into_dimensions().map_err(|e| damaged(&e))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Error::limit(
            format!("the image's {width} × {height} pixels"),
            MAX_PIXELS,
        ));
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| damaged(&e))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let gray = reader.decode().map_err(|e| damaged(&e))?.into_luma8();
    Ok(Bitmap {
        width: gray.width(),
        height: gray.height(),
        pixels: gray.into_raw(),
    })
}
