//! Fatal errors: the document as a whole cannot be read. Problems with single rows are
//! [`crate::Diagnostic`]s and never abort a document.

use crate::grid::Location;

/// Why a document could not be converted. Messages put the place first, are lowercase, and say
/// what was expected and what was found; foreign errors stay reachable through `source()`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("the file is empty")]
    Empty,

    #[error("expected a notice as .docx, .xlsx, .xls, .ods or text, but found binary data")]
    Binary,

    #[error("{format} is not supported; {hint}")]
    Unsupported {
        format: &'static str,
        hint: &'static str,
    },

    #[error(
        "the document is password-protected (an encrypted office container); save an unprotected copy first"
    )]
    Encrypted,

    #[error(
        "expected an office document, but found a zip archive without a Word or spreadsheet part"
    )]
    NotOffice,

    #[error("cannot open the zip package")]
    Zip(#[source] zip::result::ZipError),

    #[error("the package has no {part} part")]
    MissingPart { part: String },

    #[error("{part}: XML is not well-formed near byte {position}")]
    Xml {
        part: String,
        position: u64,
        #[source]
        source: quick_xml::Error,
    },

    #[error("{part}{}: {message}", location.as_ref().map(|l| format!(", {l}")).unwrap_or_default())]
    Invalid {
        part: String,
        location: Option<Location>,
        message: String,
    },

    #[error("cannot read the workbook{}", sheet.as_ref().map(|s| format!(", sheet {s}")).unwrap_or_default())]
    Workbook {
        /// The worksheet being read, when the error is in one.
        sheet: Option<String>,
        #[source]
        source: calamine::Error,
    },

    #[error("{what} exceeds the limit of {limit} (see README.md, Limits)")]
    Limit { what: String, limit: u64 },

    #[error("unknown text encoding {0:?}; expected a label such as utf-8, gb18030, utf-16le")]
    UnknownEncoding(String),

    #[error(
        "no task table found: expected a header row naming columns such as 工作任务, 工作要求, 责任单位, 时限, but {seen}"
    )]
    NoTaskTable { seen: String },

    #[error("cannot read the legacy Word document: {0}")]
    Doc(String),

    #[error("the unit registry {origin}: {message}")]
    Registry { origin: String, message: String },
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
        let e = Error::Zip(zip::result::ZipError::Io(std::io::Error::other(
            "disk\nfull",
        )));
        assert_eq!(
            chain(&e),
            "cannot open the zip package: i/o error: disk full"
        );
    }
}
