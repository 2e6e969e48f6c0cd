//! The OCR engine a scanned page is read with: an interface only. The library starts no process
//! of its own; whoever converts passes an engine in through [`ReadOptions`](super::ReadOptions)
//! (the command line passes Tesseract when it is installed). Without one, a page without text
//! is an error that says what to install.

use std::fmt;
use std::time::Duration;

/// An 8-bit greyscale image, row by row, 0 black and 255 white.
#[derive(Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// `width × height` values.
    pub pixels: Vec<u8>,
}

impl fmt::Debug for Bitmap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bitmap({}×{})", self.width, self.height)
    }
}

impl Bitmap {
    /// A white image.
    #[must_use]
    pub fn white(width: u32, height: u32) -> Bitmap {
        Bitmap {
            width,
            height,
            pixels: vec![255; width as usize * height as usize],
        }
    }

    /// The pixel at (`x`, `y`); outside the image, white.
    #[must_use]
    pub fn get(&self, x: i64, y: i64) -> u8 {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return 255;
        }
        self.pixels[y as usize * self.width as usize + x as usize]
    }

    /// The part of the image from (`x`, `y`), `width` × `height` pixels (cut at the image's
    /// edges), with `margin` white pixels around it: an engine reads a crop better with space
    /// around the text.
    #[must_use]
    pub fn crop(&self, x: u32, y: u32, width: u32, height: u32, margin: u32) -> Bitmap {
        let width = width.min(self.width.saturating_sub(x));
        let height = height.min(self.height.saturating_sub(y));
        let mut out = Bitmap::white(width + 2 * margin, height + 2 * margin);
        for row in 0..height {
            let from = (y + row) as usize * self.width as usize + x as usize;
            let to = (row + margin) as usize * out.width as usize + margin as usize;
            out.pixels[to..to + width as usize]
                .copy_from_slice(&self.pixels[from..from + width as usize]);
        }
        out
    }
}

/// What the engine is asked to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One block of text, such as a table cell: lines top to bottom.
    Block,
    /// A region of a page that may hold several blocks (the text around tables).
    Page,
}

/// A word (for Chinese, often one or a few characters) the engine read, with its box in the
/// image's pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The text read.
    pub text: String,
    /// The box's left edge.
    pub left: u32,
    /// The box's top edge.
    pub top: u32,
    /// The box's width.
    pub width: u32,
    /// The box's height.
    pub height: u32,
    /// How sure the engine is, 0 to 100.
    pub confidence: f32,
    /// The line the word stands on, counted by the engine (words of one line share it).
    pub line: u32,
}

/// Why the engine read nothing.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// The engine could not be started or fed.
    #[error("{engine} could not be run: {source}")]
    Run {
        /// The engine's name.
        engine: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The engine took longer than it was given, and was stopped.
    #[error("{engine} took longer than {} s and was stopped", .limit.as_secs())]
    Timeout {
        /// The engine's name.
        engine: String,
        /// The time it was given.
        limit: Duration,
    },
    /// The engine ran and failed.
    #[error("{engine} failed: {message}")]
    Failed {
        /// The engine's name.
        engine: String,
        /// What it said.
        message: String,
    },
}

/// An OCR engine: reads the words in a greyscale image. It is shared by the threads of a batch
/// and must leave no state broken when a conversion panics.
pub trait Engine:
    Send + Sync + fmt::Debug + std::panic::RefUnwindSafe + std::panic::UnwindSafe
{
    /// The engine's name and version as reports name it (`tesseract 5.3.0`).
    fn name(&self) -> String;

    /// The words in `image`, in reading order, within `time`.
    ///
    /// # Errors
    ///
    /// The engine cannot be run, fails, or takes longer than `time`.
    fn read(&self, image: &Bitmap, layout: Layout, time: Duration) -> Result<Vec<Word>, OcrError>;
}

/// Which pages of a document were read by OCR, by what engine, and how sure it was.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Summary {
    /// The engine's name and version (`tesseract 5.3.0`).
    pub engine: String,
    /// The pages read by OCR, from 1.
    pub pages: Vec<u32>,
    /// The engine's mean confidence over all characters read, 0 to 1.
    pub confidence: f32,
}

// The confidence is never NaN: a mean of the engine's confidences, or 0 when nothing was read.
impl Eq for Summary {}
