//! What a notice's phrases say before any context: header words name column roles, unit cells
//! name units with roles, deadline cells name points in a year. Every stage from ingest on reads
//! with these; resolving names and years against the notice is `normalize`'s work.

pub mod deadline;
pub mod header;
pub mod heading;
pub mod units;
