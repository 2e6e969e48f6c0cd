//! Fatal errors: the document as a whole cannot be read. Problems with single rows are
//! [`crate::Diagnostic`]s and never abort a document.
//!
//! An [`Error`] is a [`ErrorKind`] (what went wrong) and, where one is known, the place: the
//! package part or file it was found in and a typed [`Location`] inside it. The message puts the
//! place first: `word/document.xml, table 2, row 3: expected …, but found …`.

use std::fmt;

use crate::grid::Location;

/// Why a document could not be converted, and where.
#[derive(Debug)]
pub struct Error {
    // Boxed: an error travels up through every reader's `Result`, which stays one word wide.
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    part: Option<String>,
    location: Option<Location>,
}

impl Error {
    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The package part or file the error was found in (`word/document.xml`, a registry file),
    /// when it is not the input as a whole.
    #[must_use]
    pub fn part(&self) -> Option<&str> {
        self.inner.part.as_deref()
    }

    /// Where inside the part or input the error was found.
    #[must_use]
    pub fn location(&self) -> Option<&Location> {
        self.inner.location.as_ref()
    }

    /// A bound of README.md's Limits exceeded by `what`.
    pub fn limit(what: impl Into<String>, limit: impl TryInto<u64>) -> Error {
        Error::from(ErrorKind::Limit {
            what: what.into(),
            limit: limit.try_into().unwrap_or(u64::MAX),
        })
    }

    /// The same error, found in this package part or file.
    #[must_use]
    pub fn in_part(mut self, part: impl Into<String>) -> Error {
        self.inner.part = Some(part.into());
        self
    }

    /// The same error, found at this place (if one is known).
    #[must_use]
    pub fn at(mut self, location: Option<Location>) -> Error {
        self.inner.location = location;
        self
    }

    /// True when the input is no notice fenjie reads (empty, binary, another kind of
    /// document, no table and no list at all), rather than a notice that failed: a batch lists
    /// such files as skipped.
    #[must_use]
    pub fn is_not_a_notice(&self) -> bool {
        matches!(
            self.inner.kind,
            ErrorKind::Empty
                | ErrorKind::Binary
                | ErrorKind::Image { .. }
                | ErrorKind::Unsupported { .. }
                | ErrorKind::OtherText { .. }
                | ErrorKind::NoTaskTable {
                    tables_seen: false,
                    ..
                }
        )
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                part: None,
                location: None,
            }),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.inner.part, &self.inner.location) {
            (Some(part), Some(location)) => write!(f, "{part}, {location}: ")?,
            (Some(part), None) => write!(f, "{part}: ")?,
            (None, Some(location)) => write!(f, "{location}: ")?,
            (None, None) => {}
        }
        self.inner.kind.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.inner.kind)
    }
}

/// What went wrong. Messages are lowercase and say what was expected and what was found;
/// foreign errors stay reachable through `source()`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input has no bytes.
    #[error("the file is empty")]
    Empty,

    /// The input is binary data of no format fenjie reads.
    #[error("expected a notice as .docx, .xlsx, .xls, .ods, PDF or text, but found binary data")]
    Binary,

    /// Text that is data of another kind (JSON, TOML, CSV, Markdown) or holds no Chinese.
    #[error("expected a notice, but found {kind}; such a file is not read as a notice")]
    OtherText {
        /// What the text is: `JSON`, `JSON Lines`, `TOML`, `CSV`, `Markdown`, `text without
        /// Chinese`.
        kind: &'static str,
    },

    /// A known format fenjie does not read (RTF, PDF …), with what to do instead.
    #[error("{format} is not supported; {hint}")]
    Unsupported {
        /// The format found.
        format: &'static str,
        /// What to use instead.
        hint: &'static str,
    },

    /// An encrypted office container.
    #[error(
        "the document is password-protected (an encrypted office container); save an unprotected copy first"
    )]
    Encrypted,

    /// A PDF whose content is encrypted with a password it does not open with.
    #[error("the PDF is password-protected; save or print an unprotected copy first")]
    PdfEncrypted,

    /// A PDF that cannot be read: damaged, cut short, or using what the reader does not
    /// support.
    #[error("cannot read the PDF: {0}")]
    Pdf(String),

    /// A PDF whose pages hold no text fenjie can read: scanned images, or fonts that give no
    /// Unicode; the reason is said.
    #[error(
        "the PDF has no usable text layer ({0}); reading it needs OCR, and no OCR engine is available (install Tesseract: apt install tesseract-ocr tesseract-ocr-chi-sim), or use the notice's .docx, or a PDF exported from Word or WPS"
    )]
    NoTextLayer(&'static str),

    /// An image, which is read only by OCR: no engine is available, or images were not to be
    /// read (a batch reads images only when asked, so logos and screenshots are not notices).
    #[error("expected a notice, but found an image ({format}); {why}")]
    Image {
        /// `PNG`, `JPEG`, `TIFF`.
        format: &'static str,
        /// Why it was not read.
        why: &'static str,
    },

    /// The OCR engine failed on a page (its error is the source).
    #[error("reading the page by OCR failed")]
    Ocr(#[source] Box<dyn std::error::Error + Send + Sync>),

    /// A zip archive that is no office package.
    #[error(
        "expected an office document, but found a zip archive without a Word or spreadsheet part"
    )]
    NotOffice,

    /// The zip container cannot be read.
    #[error("cannot open the zip package")]
    Zip(#[source] zip::result::ZipError),

    /// A part the package needs is missing.
    #[error("the package has no {part} part")]
    MissingPart {
        /// The part's name.
        part: String,
    },

    /// XML that is not well-formed; the error's location gives the byte.
    #[error("XML is not well-formed")]
    Xml(#[source] quick_xml::Error),

    /// A structure the format's specification does not allow.
    #[error("{0}")]
    Invalid(String),

    /// calamine could not read the workbook.
    #[error("cannot read the workbook{}", sheet.as_ref().map(|s| format!(", sheet {s}")).unwrap_or_default())]
    Workbook {
        /// The worksheet being read, when the error is in one.
        sheet: Option<String>,
        /// calamine's error.
        #[source]
        source: calamine::Error,
    },

    /// A bound on what untrusted input may cost (see README.md, Limits).
    #[error("{what} exceeds the limit of {limit} (see README.md, Limits)")]
    Limit {
        /// What exceeded the bound.
        what: String,
        /// The bound.
        limit: u64,
    },

    /// An encoding label no decoder knows.
    #[error("unknown text encoding {0:?}; expected a label such as utf-8, gb18030, utf-16le")]
    UnknownEncoding(String),

    /// Neither a task table nor a numbered list of items.
    #[error(
        "no task table found: expected a header row naming columns such as 工作任务, 工作要求, 责任单位, 时限, but {seen}"
    )]
    NoTaskTable {
        /// What the document holds instead.
        seen: String,
        /// Whether the document has tables at all (a file without any is no notice, not a
        /// notice that failed).
        tables_seen: bool,
    },

    /// A legacy Word document whose structures cannot be followed.
    #[error("cannot read the legacy Word document: {0}")]
    Doc(String),

    /// A unit registry file that cannot be used.
    #[error("not a valid unit registry: {0}")]
    Registry(String),
}

/// An error and its sources on one line: `cannot open the zip package: invalid Zip archive: …`.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    message.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_join_causes_on_one_line() {
        let e = Error::from(ErrorKind::Zip(zip::result::ZipError::Io(
            std::io::Error::other("disk\nfull"),
        )));
        assert_eq!(
            chain(&e),
            "cannot open the zip package: i/o error: disk full"
        );
    }

    #[test]
    fn the_place_comes_first_and_stays_typed() {
        let location = Location::Table {
            table: 2,
            row: 3,
            column: Some(4),
        };
        let e = Error::from(ErrorKind::Invalid(
            "expected a number, but found \"x\"".into(),
        ))
        .in_part("word/document.xml")
        .at(Some(location.clone()));
        assert_eq!(
            e.to_string(),
            "word/document.xml, table 2, row 3, column 4: expected a number, but found \"x\""
        );
        assert_eq!(e.location(), Some(&location));
        assert_eq!(e.part(), Some("word/document.xml"));
        assert!(matches!(e.kind(), ErrorKind::Invalid(_)));
        assert!(!e.is_not_a_notice());
        assert!(Error::from(ErrorKind::Empty).is_not_a_notice());
    }
}
