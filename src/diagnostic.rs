//! Per-row findings: data the pipeline reports and carries on past. A fatal problem with the
//! whole document is an [`crate::Error`] instead.

use std::fmt;

use serde::Serialize;

use crate::grid::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One finding about the input: what was expected, what was found, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A stable kebab-case identifier, e.g. `unknown-unit`; listed in README.md.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    #[serde(serialize_with = "serialize_location")]
    pub location: Option<Location>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: &'static str,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            location,
        }
    }

    pub fn info(
        code: &'static str,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::new(Severity::Info, code, location, message)
    }

    pub fn warning(
        code: &'static str,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::new(Severity::Warning, code, location, message)
    }

    pub fn error(
        code: &'static str,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::new(Severity::Error, code, location, message)
    }
}

impl fmt::Display for Diagnostic {
    /// `warning[unknown-unit] line 46, column 3: …`: the location first, as in every message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] ", self.severity, self.code)?;
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)
    }
}

fn serialize_location<S: serde::Serializer>(
    location: &Option<Location>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match location {
        Some(loc) => serializer.collect_str(loc),
        None => serializer.serialize_none(),
    }
}
