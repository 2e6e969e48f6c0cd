//! A scanned page read by OCR into the same [`Marks`] a text layer gives: the page is
//! straightened, its table rulings are found in the pixels (long dark runs), each cell of each
//! table is cropped and read alone, and the text outside the tables is read as a page. The
//! engine's words become glyphs at the places it found them, so the rulings and glyphs are laid
//! out into tables, lines and paragraphs exactly as a text layer's are.
//!
//! Reading each cell alone matters: an engine reading the whole page runs its lines across the
//! columns and read 72–78 % of a table's characters right, cell by cell 97 %.

use std::time::{Duration, Instant};

use super::marks::{Glyph, Marks, Segment};
use super::tables;
use crate::ingest::ocr::{Bitmap, Engine, Layout, OcrError, Word};

/// A page read by OCR: its marks and how sure the engine was.
#[derive(Debug)]
pub struct Scan {
    pub marks: Marks,
    /// The engine's mean confidence (0–100) over the characters read, weighted by characters.
    pub confidence: f32,
    /// Characters read.
    pub chars: usize,
}

/// Darker than this (of 255) may be a ruling: a thin grey line, blurred by the scan, still is.
const RULING_DARK: u8 = 225;
/// Darker than this is ink: text, for finding the skew and empty cells.
const INK: u8 = 160;
/// Gaps in a ruling (pixels) the scan may leave.
const GAP: usize = 2;
/// The shortest horizontal ruling (points): longer than any stroke of a character.
const MIN_HORIZONTAL: f64 = 40.0;
/// The shortest vertical ruling (points): taller than a character of a table's text. A taller
/// stroke (a title's) crosses no horizontal ruling and makes no table.
const MIN_VERTICAL: f64 = 18.0;
/// The space (points) kept off a cell's rulings when it is cropped.
const INSET: f64 = 2.0;
/// White pixels between two cells stacked for one reading, and around them.
const SPACING: u32 = 40;

/// Reads one page image. `scale` is points per pixel; `time` bounds the engine's work on it.
///
/// # Errors
///
/// The engine fails, or takes longer than `time`.
pub fn read(
    image: &Bitmap,
    scale: f64,
    engine: &dyn Engine,
    time: Duration,
) -> Result<Scan, OcrError> {
    let deadline = Instant::now() + time;
    let image = straighten(image);
    let (horizontal, vertical) = rulings(&image, scale);
    let mut marks = Marks {
        width: f64::from(image.width) * scale,
        height: f64::from(image.height) * scale,
        horizontal,
        vertical,
        ..Marks::default()
    };
    // A page whose rulings are past the bound has no tables read from them; the text reader
    // reports the bound when it lays the page out.
    let frames = tables::frames(&marks).unwrap_or_default();
    let mut reading = Reading::default();
    let cells: Vec<(u32, u32, u32, u32)> = frames
        .iter()
        .flat_map(|f| &f.regions)
        .filter_map(|r| {
            let px = |v: f64| (v / scale).max(0.0).round() as u32;
            let inset = px(INSET).max(2);
            let (x0, y0) = (px(r.rect.x0) + inset, px(r.rect.y0) + inset);
            let (x1, y1) = (
                px(r.rect.x1).saturating_sub(inset),
                px(r.rect.y1).saturating_sub(inset),
            );
            (x1 > x0 + 4 && y1 > y0 + 4).then(|| (x0, y0, x1 - x0, y1 - y0))
        })
        .filter(|&(x, y, w, h)| has_ink(&image, x, y, w, h))
        .collect();
    if !cells.is_empty() {
        let stack = Stack::of(&image, &cells);
        let words = engine.read(&stack.image, Layout::Block, left(deadline, engine)?)?;
        let placed: Vec<Word> = words.into_iter().filter_map(|w| stack.place(w)).collect();
        reading.add(&placed, scale);
    }
    let mut rest = image;
    for frame in &frames {
        let r = frame.rect();
        let px = |v: f64| (v / scale).max(0.0).round() as i64;
        blank(
            &mut rest,
            px(r.x0) - 4,
            px(r.y0) - 4,
            px(r.x1) + 4,
            px(r.y1) + 4,
        );
    }
    if has_ink(&rest, 0, 0, rest.width, rest.height) {
        let words = engine.read(&rest, Layout::Page, left(deadline, engine)?)?;
        reading.add(&words, scale);
    }
    marks.glyphs = reading.glyphs;
    Ok(Scan {
        marks,
        confidence: if reading.chars == 0 {
            0.0
        } else {
            (reading.weighted / reading.chars as f64) as f32
        },
        chars: reading.chars,
    })
}

/// The time left before `deadline`, or the engine's timeout when none is.
fn left(deadline: Instant, engine: &dyn Engine) -> Result<Duration, OcrError> {
    let now = Instant::now();
    if now >= deadline {
        return Err(OcrError::Timeout {
            engine: engine.name(),
            limit: Duration::ZERO,
        });
    }
    Ok(deadline - now)
}

/// Glyphs built from the engine's words.
#[derive(Default)]
struct Reading {
    glyphs: Vec<Glyph>,
    weighted: f64,
    chars: usize,
}

impl Reading {
    /// The words of the engine's lines as glyphs (words of one line come together).
    fn add(&mut self, words: &[Word], scale: f64) {
        let usual = median(words.iter().map(|w| w.height).collect());
        for line in words.chunk_by(|a, b| a.line == b.line) {
            self.line(line, scale, usual);
        }
    }

    /// One line's words as glyphs spread evenly over the line: a Chinese character an em wide,
    /// a Latin one or a digit half. The engine's boxes of single Chinese words are unsteady (a
    /// box twice the line's height, or as wide as the line), but its lines and their order are
    /// sound: the line's span, its median box height (a Chinese character's ink, about 0.9 em)
    /// and the median middle of its boxes place it, and its characters follow one another
    /// without gaps, as a text layer's would (`6月底前`, not `6 月底前`).
    fn line(&mut self, words: &[Word], scale: f64, usual: u32) {
        // A line whose boxes are mostly the unsteady tall ones (about twice the line's height,
        // reaching into the lines above and below) has the height of the read's usual box; a
        // title's larger characters keep theirs. The boxes' middles are steady either way.
        let own = median(words.iter().map(|w| w.height).collect());
        let height = if 2 * own > 3 * usual { usual } else { own };
        let middle = median(words.iter().map(|w| w.top + w.height / 2).collect());
        let bottom = middle + height / 2;
        let size = f64::from(height) * scale / 0.9;
        // White space wider than two characters stays: cells of a table without rulings, a
        // signature set to the right.
        let gap = 2 * height;
        let mut start = 0;
        let mut reach = 0;
        for (i, word) in words.iter().enumerate() {
            if i > start && word.left > reach + gap {
                self.part(&words[start..i], scale, size, bottom);
                start = i;
            }
            reach = if i == start {
                word.left + word.width
            } else {
                reach.max(word.left + word.width)
            };
        }
        self.part(&words[start..], scale, size, bottom);
    }

    /// Words of a line with no wide gap between them, their characters spread over their span.
    fn part(&mut self, words: &[Word], scale: f64, size: f64, bottom: u32) {
        let mut text = String::new();
        for word in words {
            let w = word.text.trim();
            // Latin words and numbers keep the space between them.
            if text.ends_with(|c: char| c.is_ascii_alphanumeric())
                && w.starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                text.push(' ');
            }
            text.push_str(w);
            let n = w.chars().count();
            self.chars += n;
            self.weighted += f64::from(word.confidence) * n as f64;
        }
        let units: f64 = text.chars().map(em).sum();
        if units <= 0.0 {
            return;
        }
        let left = words.iter().map(|w| w.left).min().unwrap_or(0);
        let right = words.iter().map(|w| w.left + w.width).max().unwrap_or(0);
        let step = f64::from(right.saturating_sub(left)) * scale / units;
        let mut x = f64::from(left) * scale;
        for c in text.chars() {
            let width = em(c) * step;
            self.glyphs.push(Glyph {
                text: c.to_string(),
                x,
                y: f64::from(bottom) * scale,
                width,
                size,
            });
            x += width;
        }
    }
}

/// The middle value (the lower of the two middle ones: an engine's boxes err on the large
/// side), or 0.
fn median(mut values: Vec<u32>) -> u32 {
    values.sort_unstable();
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(0)
}

fn em(c: char) -> f64 {
    if c.is_ascii() { 0.5 } else { 1.0 }
}

/// Cells cut out of the page and stacked one under another with white between them, so the
/// engine reads each alone in one run; each word read is placed back where its cell stands.
struct Stack {
    image: Bitmap,
    /// Each cell's top in the stack, and its place on the page.
    slots: Vec<(u32, (u32, u32, u32, u32))>,
}

impl Stack {
    fn of(page: &Bitmap, cells: &[(u32, u32, u32, u32)]) -> Stack {
        let width = cells.iter().map(|c| c.2).max().unwrap_or(0) + 2 * SPACING;
        let height = cells.iter().map(|c| c.3 + SPACING).sum::<u32>() + SPACING;
        let mut image = Bitmap::white(width, height);
        let mut slots = Vec::with_capacity(cells.len());
        let mut top = SPACING;
        for &(x, y, w, h) in cells {
            let mut crop = page.crop(x, y, w, h, 0);
            clean_edges(&mut crop);
            for row in 0..crop.height {
                let from = (row * crop.width) as usize;
                let to = ((top + row) * width + SPACING) as usize;
                image.pixels[to..to + crop.width as usize]
                    .copy_from_slice(&crop.pixels[from..from + crop.width as usize]);
            }
            slots.push((top, (x, y, w, h)));
            top += h + SPACING;
        }
        Stack { image, slots }
    }

    /// The word at its place on the page, if it stands in a cell.
    fn place(&self, mut word: Word) -> Option<Word> {
        let middle = word.top + word.height / 2;
        let (top, (x, y, w, _)) = *self
            .slots
            .iter()
            .find(|(top, cell)| middle >= *top && middle < top + cell.3)?;
        word.left = (word.left.saturating_sub(SPACING) + x).min(x + w);
        word.top = word.top.saturating_sub(top) + y;
        Some(word)
    }
}

/// Paints white what is left of the cell's rulings along the crop's edges (the scan's blur
/// and a skew not quite straightened leave a line of them), which an engine would read as a
/// stroke: a comma, a 丨.
fn clean_edges(crop: &mut Bitmap) {
    let (w, h) = (crop.width as usize, crop.height as usize);
    let edge = 6.min(w / 4).min(h / 4);
    let dark = |crop: &Bitmap, x: usize, y: usize| crop.pixels[y * w + x] < RULING_DARK;
    for x in (0..edge).chain(w.saturating_sub(edge)..w) {
        // A ruling runs the crop's whole height; a character's stroke one line of it.
        if (0..h).filter(|&y| dark(crop, x, y)).count() * 10 > h * 9 {
            (0..h).for_each(|y| crop.pixels[y * w + x] = 255);
        }
    }
    for y in (0..edge).chain(h.saturating_sub(edge)..h) {
        if (0..w).filter(|&x| dark(crop, x, y)).count() * 10 > w * 9 {
            (0..w).for_each(|x| crop.pixels[y * w + x] = 255);
        }
    }
}

/// Whether the box holds ink.
fn has_ink(image: &Bitmap, x: u32, y: u32, w: u32, h: u32) -> bool {
    let count = (y..(y + h).min(image.height))
        .flat_map(|r| (x..(x + w).min(image.width)).map(move |c| (c, r)))
        .filter(|&(c, r)| image.get(i64::from(c), i64::from(r)) < INK)
        .take(8)
        .count();
    count >= 8
}

/// Paints the box white.
fn blank(image: &mut Bitmap, x0: i64, y0: i64, x1: i64, y1: i64) {
    let w = i64::from(image.width);
    let h = i64::from(image.height);
    for y in y0.max(0)..y1.min(h) {
        for x in x0.max(0)..x1.min(w) {
            image.pixels[(y * w + x) as usize] = 255;
        }
    }
}

/// The page turned so that its lines are level: the skew is the angle (within ±2°) at which
/// the ink's rows are most sharply separated (the variance of the row profile is largest).
fn straighten(image: &Bitmap) -> Bitmap {
    let angle = skew(image);
    if angle.abs() < 0.02_f64.to_radians() {
        return image.clone();
    }
    rotate(image, angle)
}

fn skew(image: &Bitmap) -> f64 {
    // Every second ink pixel of every second row is enough to find a line's slope.
    let mut ink = Vec::new();
    for y in (0..image.height).step_by(2) {
        for x in (0..image.width).step_by(2) {
            if image.get(i64::from(x), i64::from(y)) < INK {
                ink.push((f64::from(x), f64::from(y)));
            }
        }
    }
    if ink.len() < 100 {
        return 0.0;
    }
    let height = f64::from(image.height);
    let width = f64::from(image.width);
    let score = |angle: f64| -> f64 {
        let t = angle.tan();
        let offset = width * t.abs() + 1.0;
        let mut rows = vec![0u32; (height + 2.0 * offset) as usize + 2];
        for &(x, y) in &ink {
            let r = (y - x * t + offset) as usize;
            if let Some(n) = rows.get_mut(r) {
                *n += 1;
            }
        }
        rows.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
    };
    let best = |from: f64, to: f64, step: f64| -> f64 {
        let mut best = (f64::NEG_INFINITY, 0.0);
        let mut a = from;
        while a <= to + step / 2.0 {
            let s = score(a.to_radians());
            if s > best.0 {
                best = (s, a);
            }
            a += step;
        }
        best.1
    };
    let coarse = best(-2.0, 2.0, 0.1);
    best(coarse - 0.1, coarse + 0.1, 0.02).to_radians()
}

/// The image turned by `angle` about its centre, so that a line of slope `tan(angle)` is level.
fn rotate(image: &Bitmap, angle: f64) -> Bitmap {
    let (sin, cos) = angle.sin_cos();
    let cx = f64::from(image.width) / 2.0;
    let cy = f64::from(image.height) / 2.0;
    let mut out = Bitmap::white(image.width, image.height);
    for y in 0..image.height {
        let dy = f64::from(y) - cy;
        for x in 0..image.width {
            let dx = f64::from(x) - cx;
            let sx = cx + dx * cos - dy * sin;
            let sy = cy + dx * sin + dy * cos;
            out.pixels[(y * image.width + x) as usize] =
                image.get(sx.round() as i64, sy.round() as i64);
        }
    }
    out
}

/// The rulings: runs of dark pixels longer than any character's stroke, along rows
/// (horizontal) and columns (vertical), in points.
fn rulings(image: &Bitmap, scale: f64) -> (Vec<Segment>, Vec<Segment>) {
    let (w, h) = (image.width as usize, image.height as usize);
    let dark = |x: usize, y: usize| image.pixels[y * w + x] < RULING_DARK;
    let horizontal = runs(h, w, (MIN_HORIZONTAL / scale) as usize, |y, x| dark(x, y));
    let vertical = runs(w, h, (MIN_VERTICAL / scale) as usize, dark);
    let segment = |(at, from, to): (usize, usize, usize)| Segment {
        at: (at as f64 + 0.5) * scale,
        from: from as f64 * scale,
        to: (to + 1) as f64 * scale,
    };
    (
        horizontal.into_iter().map(segment).collect(),
        vertical.into_iter().map(segment).collect(),
    )
}

/// Along each of `lines` lines of `length` pixels, the runs of dark pixels (gaps of up to
/// [`GAP`] bridged) at least `min` long: (line, first, last).
fn runs(
    lines: usize,
    length: usize,
    min: usize,
    dark: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for line in 0..lines {
        let mut start: Option<usize> = None;
        let mut last = 0;
        for i in 0..length {
            if dark(line, i) {
                if start.is_none() || i > last + GAP + 1 {
                    if let Some(s) = start
                        && last + 1 - s >= min
                    {
                        out.push((line, s, last));
                    }
                    start = Some(i);
                }
                last = i;
            }
        }
        if let Some(s) = start
            && last + 1 - s >= min
        {
            out.push((line, s, last));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white page with a 2 × 2 table drawn in black, 2 pixels thick.
    fn ruled() -> Bitmap {
        let mut image = Bitmap::white(400, 300);
        let mut line = |x0: u32, y0: u32, x1: u32, y1: u32| {
            for y in y0..y1 {
                for x in x0..x1 {
                    image.pixels[(y * 400 + x) as usize] = 0;
                }
            }
        };
        for y in [50, 150, 250] {
            line(50, y, 350, y + 2);
        }
        for x in [50, 200, 348] {
            line(x, 50, x + 2, 252);
        }
        image
    }

    #[test]
    fn rulings_are_found_in_the_pixels_and_make_a_table() {
        let image = ruled();
        let (horizontal, vertical) = rulings(&image, 1.0);
        let marks = Marks {
            width: 400.0,
            height: 300.0,
            horizontal,
            vertical,
            ..Marks::default()
        };
        let frames = tables::frames(&marks).unwrap();
        assert_eq!(frames.len(), 1);
        assert_eq!((frames[0].rows(), frames[0].cols()), (2, 2));
    }

    #[test]
    fn a_skewed_page_is_straightened() {
        let image = rotate(&ruled(), -0.8_f64.to_radians());
        let found = skew(&image).to_degrees();
        assert!((found - 0.8).abs() < 0.1, "{found}");
        let straight = straighten(&image);
        let (horizontal, vertical) = rulings(&straight, 1.0);
        let marks = Marks {
            width: 400.0,
            height: 300.0,
            horizontal,
            vertical,
            ..Marks::default()
        };
        let frames = tables::frames(&marks).unwrap();
        assert_eq!(frames.len(), 1);
        assert_eq!((frames[0].rows(), frames[0].cols()), (2, 2));
    }

    #[test]
    fn short_strokes_are_no_rulings() {
        let mut image = Bitmap::white(200, 100);
        for x in 10..30 {
            image.pixels[50 * 200 + x] = 0;
        }
        let (horizontal, vertical) = rulings(&image, 1.0);
        assert!(horizontal.is_empty() && vertical.is_empty());
    }
}
