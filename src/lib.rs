#![deny(missing_docs)]
//! fenjie (分解) turns Chinese government task-breakdown notices (任务分解表) into clean,
//! validated records.
//!
//! # The pipeline
//!
//! `ingest` (docx, doc, xlsx/xls/ods, web pages, text → one ordered list of blocks, paragraphs
//! and grids, each merged region held once) → `layout` (lead-in headings, tables written as lines,
//! header → column roles, split tables stitched: every decision about what the blocks mean,
//! made once for all formats) → `records` (table rows and numbered
//! paragraphs → raw work items) → `normalize` (units within the notice's jurisdiction,
//! deadlines with its year) → `validate` (the JSON Schema) → `emit` (JSON, JSON Lines, CSV,
//! Excel, `SQLite`, review pages). Beside them: `syntax` (what header words, unit cells and
//! deadline phrases say, used from ingest on) and `notice` (the notice's own metadata). Every
//! tabular writer is built from one column table, [`emit::columns`]. Two notices' JSON documents
//! are compared item by item by [`diff`] (written by `emit::diff`; files and folders in
//! [`compare`]). The library never prints; [`convert`] takes bytes and returns a [`Report`].
//!
//! Around the pipeline, for programs that work on files: [`files`] reads bounded inputs,
//! converts a file, and writes a report through [`files::write_report`] (the schema check beside
//! the writing, the output kept only when it passes, then a data package beside a CSV); [`batch`]
//! converts folders of notices in parallel; [`check`] compares conversions with expected files.
//! The `fenjie` command (the `cli` feature: flags, progress, signals, the web server) is the
//! binary beside the library, one module per subcommand.
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
//! let text = "北京市朝阳区人民政府办公室关于印发2023年工作任务分解表的通知\n\
//!             工作任务\t工作要求\t责任单位\t时限\n\
//!             一、加强公开\t及时公开政策文件。\t区司法局牵头，各街道办配合\t10月底前\n";
//! let report = fenjie::convert("notice.txt", text.as_bytes(), &fenjie::Options::default())?;
//! let task = &report.tasks[0];
//! assert_eq!(task.requirement, "及时公开政策文件。");
//! assert_eq!(task.deadline.date.map(|d| d.to_string()).as_deref(), Some("2023-10-31"));
//! // Named in the notice's own jurisdiction, from the standard departments of a district.
//! assert_eq!(task.responsible.units[0].name, "朝阳区司法局");
//! # Ok::<(), fenjie::Error>(())
//! ```

// The API: the report and its writers, and the file-level layers the command is built on,
// documented in full (`deny(missing_docs)`).
pub mod batch;
pub mod check;
pub mod compare;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod error;
pub mod files;
pub mod ocr;
pub mod report;
pub mod validate;

// The stages inside `convert`. Public so that tests, benchmarks and fuzz targets can drive one
// stage at a time; not part of the API, and free to change.
#[doc(hidden)]
pub mod grid;
#[doc(hidden)]
pub mod ingest;
#[doc(hidden)]
pub mod jurisdiction;
#[doc(hidden)]
pub mod layout;
#[doc(hidden)]
pub mod normalize;
#[doc(hidden)]
pub mod notice;
#[doc(hidden)]
pub mod outline;
#[doc(hidden)]
pub mod records;
#[doc(hidden)]
pub mod syntax;
#[doc(hidden)]
pub mod text;

use std::sync::Arc;

use layout::ColumnRole;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::{Error, ErrorKind};
pub use grid::Location;
pub use ingest::{Format, Limits, ReadOptions};
pub use jurisdiction::{Jurisdiction, Level, Place, Source as JurisdictionSource};
pub use normalize::units::{Entry, Lookup, Registry, Resolution};
pub use notice::{Contact, Notice, YearSource};
pub use report::{
    ChosenBy, Deadline, DeadlineKind, Heading, Origin, RegistryUse, Report, Responsible, Source,
    Task, Unit, UnitKind,
};
pub use syntax::deadline::Period;
pub use syntax::units::{Mention, Role};

/// Everything a conversion depends on besides the input: no clock, no environment.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How inputs are read: text encoding and the bounds on what input may cost.
    pub read: ReadOptions,
    /// Overrides the notice's year for deadlines that name no year (`--year`).
    pub year: Option<i16>,
    /// A unit registry forced on every notice (`--units FILE`); None chooses a bundled registry
    /// by the notice's own jurisdiction, or none.
    pub registry: Option<Arc<Registry>>,
    /// Replace each group (各街道办) by its member units (`--expand-groups`).
    pub expand_groups: bool,
    /// The jurisdiction of a notice that names none (`--jurisdiction 厦门市湖里区`): a bare
    /// workbook's units are then named as the notice that sent it names them.
    pub jurisdiction: Option<jurisdiction::Jurisdiction>,
}

/// Converts one document. `path` is recorded in the report as given.
///
/// # Errors
///
/// When the document cannot be read as a whole: an unknown or broken format, a bound of
/// [`Limits`] exceeded, or neither a task table nor a numbered list of items. Problems of single
/// rows are [`Diagnostic`]s in the report instead.
pub fn convert(path: &str, bytes: &[u8], options: &Options) -> Result<Report, Error> {
    let mut document = ingest::read(bytes, &options.read)?;
    let Items {
        mut layout,
        list,
        paragraphs,
    } = find_items(&mut document)?;
    let (notice, by_number) = read_notice(&document, paragraphs, &layout, options);
    let split = records::split(&layout.tables);

    let mut diagnostics = document.diagnostics;
    diagnostics.append(&mut layout.diagnostics);
    diagnostics.extend(layout.skipped_sheets(&document.sheet_names));
    diagnostics.extend(split.diagnostics);
    diagnostics.extend(list.diagnostics);

    let (registry, registry_use) = choose_registry(options, &notice, by_number);
    let listed = !list.records.is_empty();
    let context = normalize::Context {
        year: notice.year,
        registry,
        jurisdiction: notice.jurisdiction.as_ref(),
        expand_groups: options.expand_groups,
        has_deadline_column: layout.has_column(&[ColumnRole::Deadline])
            || list.records.iter().any(|r| r.deadline.is_some()),
        has_requirement_column: listed || layout.has_column(&[ColumnRole::Requirement]),
        has_unit_column: listed
            || layout.has_column(&[ColumnRole::Units, ColumnRole::Lead, ColumnRole::Cooperate]),
    };
    // Where the first table starts, should it hold no item at all.
    let first_table = layout
        .tables
        .first()
        .and_then(|t| t.rows.first())
        .map(|r| r.location.clone());
    // The tables' cells are in the records now.
    drop(layout.tables);
    let mut records = split.records;
    let from_tables = records.len();
    records.extend(list.records);
    let (mut tasks, normalize_diagnostics) = normalize::tasks(records, &context);
    diagnostics.extend(normalize_diagnostics);
    if let Some(note) = repeated_table(&mut tasks, from_tables) {
        diagnostics.push(note);
    }
    if tasks.is_empty() {
        diagnostics.push(Diagnostic::error(
            Code::NoItems,
            first_table,
            "expected rows of items under the task table's header, but found none; nothing was read",
        ));
    }
    let sha256 = report::sha256(bytes);
    let key = report::notice_key(&notice, &sha256);
    for task in &mut tasks {
        task.id = report::task_id(&key, task.seq);
    }
    Ok(Report {
        schema_version: report::SCHEMA_VERSION,
        key,
        source: report::Source {
            path: path.to_string(),
            format: document.format,
            sha256,
            ocr: document.ocr,
        },
        notice,
        registry: registry_use,
        tasks,
        diagnostics: diagnostic::bound(diagnostics),
    })
}

/// A table that repeats the numbered paragraphs' items (a plan's 任务分解表 attached after its
/// text): when each of its `from_tables` records, the first of `tasks`, is one of the
/// paragraphs' items — the same task, its units among the item's, the same deadline — its rows
/// are not made records twice; the note says so. The paragraphs' items are kept: they hold the
/// requirement and the roles.
fn repeated_table(tasks: &mut Vec<Task>, from_tables: usize) -> Option<Diagnostic> {
    if from_tables == 0 || tasks.len() <= from_tables {
        return None;
    }
    let names = |t: &Task| -> Vec<String> {
        t.responsible
            .units
            .iter()
            .map(|u| syntax::units::key(&u.name))
            .collect()
    };
    let plain = |text: &str| -> String {
        syntax::units::key(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let key = |t: &Task| plain(t.task.as_deref().unwrap_or(&t.requirement));
    let (table, listed) = tasks.split_at(from_tables);
    // Each item's task key, requirement and unit keys, computed once.
    let items: Vec<(String, String, Vec<String>)> = listed
        .iter()
        .map(|l| (key(l), plain(&l.requirement), names(l)))
        .collect();
    let mut used = vec![false; listed.len()];
    for t in table {
        let k = key(t);
        // Nothing of the row may be lost: it has no notes or other columns of its own, and its
        // requirement (when it has a task of its own) is the item's.
        if k.is_empty() || t.notes.is_some() || !t.extra.is_empty() {
            return None;
        }
        let requirement = t.task.as_ref().map(|_| plain(&t.requirement));
        let units = names(t);
        let found = listed.iter().zip(&items).enumerate().position(
            |(i, (l, (item_key, item_requirement, item_units)))| {
                !used[i]
                    && *item_key == k
                    && requirement.as_ref().is_none_or(|r| {
                        r.is_empty() || item_requirement.contains(r.as_str()) || *item_key == *r
                    })
                    && t.leaders.iter().all(|p| l.leaders.contains(p))
                    && units.iter().all(|n| item_units.contains(n))
                    && t.deadline.kind == l.deadline.kind
                    && t.deadline.date == l.deadline.date
            },
        )?;
        used[found] = true;
    }
    let location = table.first().map(|t| t.source.clone());
    // The rows' text stays in the note: the table's words for the same items.
    let rows: Vec<String> = table
        .iter()
        .map(|t| {
            [
                t.task.as_deref().unwrap_or_default(),
                t.requirement.as_str(),
                t.responsible.raw.as_str(),
                t.deadline.raw.as_deref().unwrap_or_default(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" | ")
        })
        .collect();
    tasks.drain(..from_tables);
    for (i, t) in tasks.iter_mut().enumerate() {
        t.seq = i as u32 + 1;
    }
    Some(Diagnostic::info(
        Code::TableSkipped,
        None,
        format!(
            "the table at {} repeats {from_tables} items of the numbered paragraphs (the same tasks, units and deadlines): its rows are not made records twice: {}",
            location.unwrap_or_default(),
            rows.join("; ")
        ),
    ))
}

/// The work items' places: the task tables, and numbered paragraphs followed by their units. A
/// document with neither is an error that says what it holds instead.
fn find_items(document: &mut ingest::Document) -> Result<Items, Error> {
    let blocks = layout::lines::take_tables(document.take_blocks());
    let layout::Parts {
        paragraphs,
        mut grids,
        order,
    } = layout::Parts::from_blocks(blocks);
    let after_tables = layout::lines::after_tables(&paragraphs, &order, &grids);
    layout::place_headings(&paragraphs, &order, &mut grids);
    let separated = layout::separated(&paragraphs, &order);
    let (layout, no_table) = match layout::lay_out_between(&grids, &separated) {
        Ok(layout) => (layout, None),
        Err(e) if matches!(e.kind(), ErrorKind::NoTaskTable { .. }) => {
            (layout::Layout::default(), Some(e))
        }
        Err(e) => return Err(e),
    };
    // A page's metadata table (`发布机构 | 某局 | 成文日期 | 2022-01-30`): each label beside its
    // value, as a line for the notice's metadata.
    let mut layout = layout;
    layout.metadata = grids.iter().flat_map(notice::metadata_rows).collect();
    // The grids are in the layout's tables now; free them before the records are built.
    drop(grids);
    let mut list = records::list::split(&paragraphs);
    // Text right after a table written as lines that neither its rows nor an item took (rows the
    // table's reading did not line up) is kept in a note, never dropped.
    if list.records.is_empty() && !layout.tables.is_empty() {
        for &i in &after_tables {
            let p = &paragraphs[i];
            list.diagnostics.push(Diagnostic::info(
                Code::ListText,
                Some(p.location.clone()),
                format!("text after the task table, in no row of it: {:?}", p.text),
            ));
        }
    }
    match no_table {
        Some(error) if list.records.is_empty() => Err(no_items(error, &paragraphs)),
        _ => Ok(Items {
            layout,
            list,
            paragraphs,
        }),
    }
}

/// Where a document's work items are, and its body paragraphs for the notice's metadata.
struct Items {
    layout: layout::Layout,
    list: records::Split,
    paragraphs: Vec<grid::Paragraph>,
}

/// The error for a document without a task table or a list of items, naming a table drawn with
/// box characters (text copied from a fixed-width rendering), which is not read.
fn no_items(error: Error, paragraphs: &[grid::Paragraph]) -> Error {
    let boxed = paragraphs
        .iter()
        .filter(|p| p.text.contains(['│', '┃']) || p.text.starts_with(['┌', '├', '┏']))
        .count()
        >= 3;
    let hint = if boxed {
        "; the text draws a table with box characters (┌ │ ─), which fenjie does not read: use the notice's .docx, .xls or web page"
    } else {
        ""
    };
    match error.kind() {
        ErrorKind::NoTaskTable { seen, tables_seen } => Error::from(ErrorKind::NoTaskTable {
            seen: format!("{seen}, and no numbered paragraph is followed by its units{hint}"),
            tables_seen: *tables_seen,
        }),
        _ => error,
    }
}

/// The notice's own metadata, from its body paragraphs and the rows above its tables' headers;
/// `--year` overrides the year it names. With it, the bundled registry its document number
/// named when that number gave the notice its jurisdiction.
fn read_notice(
    document: &ingest::Document,
    body: Vec<grid::Paragraph>,
    layout: &layout::Layout,
    options: &Options,
) -> (Notice, Option<&'static Registry>) {
    // A page's metadata table stands above the body.
    let mut paragraphs = layout.metadata.clone();
    paragraphs.extend(body);
    paragraphs.extend(layout.preamble.iter().cloned());
    let mut notice = notice::read(&paragraphs, &document.sheet_names);
    let mut by_number = None;
    if notice.jurisdiction.is_none()
        && let Some(r) = Registry::for_notice(None, notice.doc_number.as_deref())
    {
        notice.jurisdiction = jurisdiction::from_doc_number(r.name());
        by_number = notice.jurisdiction.is_some().then_some(r);
    }
    if notice.jurisdiction.is_none() {
        // A page's `来源：某县卫生健康委员会`, when the notice itself names no place.
        let head = paragraphs.iter().take(notice::PAGE_HEAD_LINES);
        notice.jurisdiction = notice::publisher_place(document.chrome.iter().chain(head));
    }
    if notice.jurisdiction.is_none() {
        notice.jurisdiction.clone_from(&options.jurisdiction);
    }
    if let Some(year) = options.year {
        notice.year = Some(year);
        notice.year_source = Some(notice::YearSource::Option);
    }
    (notice, by_number)
}

/// The text standing at each row and paragraph of a document, by location as reports print
/// them (`table 1, row 7`, `line 26`, `分解表!A3:D3`, `paragraph 14`): a row's cells joined with
/// ` | `. For review pages that show an item's source beside what was read from it.
///
/// # Errors
///
/// When the document cannot be read (as [`convert`]).
pub fn source_texts(
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<std::collections::HashMap<String, String>, Error> {
    let document = ingest::read(bytes, options)?;
    let mut out = std::collections::HashMap::new();
    for grid in document.grids() {
        for (r, row) in grid.rows.iter().enumerate() {
            out.insert(
                grid.location(r, None).to_string(),
                row.own_texts().join(" | "),
            );
        }
    }
    for p in document.paragraphs() {
        out.insert(p.location.to_string(), p.text.clone());
    }
    Ok(out)
}

/// The registry that applies to a notice, chosen once: the one forced by the options, else the
/// bundled one whose document number gave the notice its jurisdiction, else the bundled one of
/// the notice's jurisdiction, else none.
fn choose_registry<'o>(
    options: &'o Options,
    notice: &notice::Notice,
    by_number: Option<&'static Registry>,
) -> (Option<&'o Registry>, Option<report::RegistryUse>) {
    let used = |r: &Registry, chosen_by| report::RegistryUse {
        name: r.name().to_string(),
        jurisdiction: r.home().to_string(),
        chosen_by,
    };
    if let Some(r) = &options.registry {
        return (Some(r), Some(used(r, report::ChosenBy::Option)));
    }
    if let Some(r) = by_number {
        return (Some(r), Some(used(r, report::ChosenBy::DocNumber)));
    }
    match Registry::for_notice(notice.jurisdiction.as_ref(), None) {
        Some(r) => (Some(r), Some(used(r, report::ChosenBy::Jurisdiction))),
        None => (None, None),
    }
}
