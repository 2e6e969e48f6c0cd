//! fenjie's integration tests, one binary (one link instead of one per file): the golden
//! fixtures, each reader's edge cases, hostile input, the command line, batch runs and property
//! tests. Shared builders for edge-case documents are in `common`.

#[path = "common/binary.rs"]
mod binary;
mod common;

mod architecture;
mod batch;
mod cli;
mod conversions;
mod corpus;
mod diff;
mod docx;
mod encodings;
mod formats;
mod golden;
mod hostile;
mod lists;
mod merges;
mod messages;
mod ocr;
mod outputs;
mod pdf;
mod properties;
mod serve;
mod tables;
mod units;
mod xlsx;
