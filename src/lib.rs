//! fenjie (分解) turns Chinese government task-breakdown notices (任务分解表) into clean,
//! validated records.
//!
//! # The pipeline
//!
//! `ingest` (docx, xlsx/xls/ods, text → [`grid::Grid`]s and paragraphs) → `layout` (header
//! vocabulary → column roles, split tables stitched) → `records` (rows → work items) →
//! `normalize` (text, units, deadlines) → `validate` (JSON Schema) → `emit` (JSON, JSON Lines,
//! CSV). `notice` reads the notice's own metadata beside the table. The library never prints
//! and does no I/O: [`convert`] takes bytes and returns a [`Report`].
//!
//! # Glossary
//!
//! | Chinese | here |
//! |---|---|
//! | 工作任务 | task |
//! | 工作要求 | requirement |
//! | 责任单位 | responsible unit |
//! | 牵头 | lead |
//! | 配合 | cooperating |
//! | 时限 | deadline |
//! | 分解表 | breakdown table |
//!
//! # Example
//!
//! ```
//! let text = "2022年工作任务分解表\n工作任务\t工作要求\t责任单位\t时限\n\
//!             一、加强公开\t及时公开政策文件。\t司法局牵头，各街道办配合\t10月底前\n";
//! let report = fenjie::convert("notice.txt", text.as_bytes(), &fenjie::Options::default())?;
//! let task = &report.tasks[0];
//! assert_eq!(task.requirement, "及时公开政策文件。");
//! assert_eq!(task.deadline.date.map(|d| d.to_string()).as_deref(), Some("2022-10-31"));
//! assert_eq!(task.responsible.units[0].name, "湖里区司法局");
//! # Ok::<(), fenjie::Error>(())
//! ```

pub mod batch;
pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod error;
pub mod grid;
pub mod ingest;
pub mod layout;
pub mod normalize;
pub mod notice;
pub mod outline;
pub mod records;
pub mod report;
pub mod validate;

use std::sync::Arc;

use sha2::{Digest, Sha256};

pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
pub use ingest::{Format, Limits, ReadOptions};
pub use normalize::units::Registry;
pub use report::{Report, Task};

/// Everything a conversion depends on besides the input: no clock, no environment.
#[derive(Debug, Clone)]
pub struct Options {
    pub read: ReadOptions,
    /// Overrides the notice's year for deadlines that name no year (`--year`).
    pub year: Option<i16>,
    pub registry: Arc<Registry>,
    /// Replace each group (各街道办) by its member units (`--expand-groups`).
    pub expand_groups: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            read: ReadOptions::default(),
            year: None,
            registry: Arc::new(Registry::default_registry().clone()),
            expand_groups: false,
        }
    }
}

/// Converts one document. `path` is recorded in the report as given.
pub fn convert(path: &str, bytes: &[u8], options: &Options) -> Result<Report, Error> {
    let mut document = ingest::read(bytes, &options.read)?;
    let mut layout = layout::lay_out(&document.grids)?;
    // The grids are in the layout's tables now; free them before the records are built.
    document.grids = Vec::new();
    let mut paragraphs = std::mem::take(&mut document.paragraphs);
    paragraphs.extend(layout.preamble.iter().cloned());
    let notice = notice::read(&paragraphs, &document.sheet_names);
    let split = records::split(&layout.tables);

    let mut diagnostics = document.diagnostics;
    diagnostics.append(&mut layout.diagnostics);
    if let [_, skipped @ ..] = document.sheet_names.as_slice()
        && !skipped.is_empty()
    {
        let used: Vec<&str> = layout
            .tables
            .iter()
            .flat_map(|t| t.rows.first())
            .filter_map(|r| match &r.location {
                grid::Location::Sheet { sheet, .. } => Some(sheet.as_str()),
                _ => None,
            })
            .collect();
        let unused: Vec<&str> = document
            .sheet_names
            .iter()
            .map(String::as_str)
            .filter(|s| !used.contains(s))
            .collect();
        if !unused.is_empty() {
            diagnostics.push(Diagnostic::info(
                "sheets-skipped",
                None,
                format!(
                    "sheets without a task table were skipped: {}",
                    unused.join(", ")
                ),
            ));
        }
    }
    diagnostics.extend(split.diagnostics);

    let has = |roles: &[layout::Role]| layout.tables.iter().any(|t| roles.iter().any(|r| t.has(r)));
    let context = normalize::Context {
        year: options.year.or(notice.year),
        registry: &options.registry,
        expand_groups: options.expand_groups,
        has_deadline_column: has(&[layout::Role::Deadline]),
        has_requirement_column: has(&[layout::Role::Requirement]),
        has_unit_column: has(&[
            layout::Role::Units,
            layout::Role::Lead,
            layout::Role::Cooperate,
        ]),
    };
    // The tables' cells are in the records now.
    drop(layout.tables);
    let (tasks, normalize_diagnostics) = normalize::tasks(split.records, &context);
    diagnostics.extend(normalize_diagnostics);

    let sha256 = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Report {
        source: report::Source {
            path: path.to_string(),
            format: document.format,
            sha256,
        },
        notice,
        tasks,
        diagnostics,
    })
}
