pub mod diagnostic;
pub mod error;
pub mod grid;
pub mod ingest;
pub mod outline;

pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
