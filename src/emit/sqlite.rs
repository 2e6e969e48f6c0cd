//! A `SQLite` database for the integrator who feeds another system from a folder of notices:
//! tables `notices` (keyed by the notice key, `report::notice_key`), `tasks` (keyed by the stable
//! task id), `task_units` (one row per unit and role), `leaders`, `diagnostics` and `meta` (the
//! contract's `schema_version`), with foreign keys and indexes. Storing a notice again (the same
//! file, or the notice re-saved) replaces its rows, in one transaction: ids stay the same and
//! nothing doubles.

use std::path::Path;

use rusqlite::{Connection, params};

use rusqlite::types::Value as SqlValue;

use super::columns::{COLUMNS, Value};
use crate::report::{Report, SCHEMA_VERSION, spelling};

/// The schema, created when missing.
pub const SCHEMA: &str = "
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notices (
    key TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    doc_number TEXT,
    issuer TEXT,
    jurisdiction TEXT,
    year INTEGER,
    issued_on TEXT,
    registry TEXT
);
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    notice TEXT NOT NULL REFERENCES notices(key) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    number INTEGER,
    number_inferred INTEGER NOT NULL,
    section_ordinal INTEGER,
    section_title TEXT,
    subsection_ordinal INTEGER,
    subsection_title TEXT,
    task TEXT,
    requirement TEXT NOT NULL,
    units_raw TEXT NOT NULL,
    deadline_raw TEXT,
    deadline_kind TEXT NOT NULL,
    deadline_date TEXT,
    deadline_period TEXT,
    deadline_ongoing INTEGER NOT NULL,
    notes TEXT,
    extra TEXT NOT NULL,
    source TEXT NOT NULL,
    UNIQUE (notice, seq)
);
CREATE TABLE IF NOT EXISTS task_units (
    task TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    raw TEXT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    known INTEGER NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (task, position)
);
CREATE TABLE IF NOT EXISTS leaders (
    task TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (task, position)
);
CREATE TABLE IF NOT EXISTS diagnostics (
    notice TEXT NOT NULL REFERENCES notices(key) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    location TEXT,
    message TEXT NOT NULL,
    PRIMARY KEY (notice, position)
);
CREATE INDEX IF NOT EXISTS notices_by_sha256 ON notices(sha256);
CREATE INDEX IF NOT EXISTS tasks_by_notice ON tasks(notice);
CREATE INDEX IF NOT EXISTS tasks_by_deadline ON tasks(deadline_date);
CREATE INDEX IF NOT EXISTS units_by_name ON task_units(name, role);
";

/// Why a database cannot be opened for storing notices.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// `SQLite` refused the file or a statement.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The database holds tables of another program, which fenjie leaves alone.
    #[error(
        "expected a fenjie database (a meta table with its schema version) or an empty one, but found one of another program (tables {tables}); nothing was changed, name another file"
    )]
    Foreign {
        /// The tables found, comma-separated.
        tables: String,
    },
    /// A fenjie database of a schema version this fenjie does not write: another major version,
    /// or none (written before the contract was versioned, keyed by SHA-256, tasks numbered
    /// anew on every run).
    #[error(
        "expected a fenjie database of schema version {SCHEMA_VERSION}, but found {0}; nothing was changed, store into a new database file"
    )]
    Version(String),
}

/// The tables fenjie creates.
const TABLES: &[&str] = &[
    "meta",
    "notices",
    "tasks",
    "task_units",
    "leaders",
    "diagnostics",
];

/// Opens (or creates) a database and its schema, and records the contract's version in `meta`.
/// A database is fenjie's when its `meta` table says so; one with tables of another program, or
/// of another major version of the contract, is refused before anything in it changes.
///
/// # Errors
///
/// When the file cannot be opened as a `SQLite` database, belongs to another program, or its
/// tables cannot be created.
pub fn open(path: &Path) -> Result<Connection, OpenError> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    // One transaction: the check and the creation see the same database.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    check_owner(&tx)?;
    tx.execute_batch(SCHEMA)?;
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('application', 'fenjie'), ('schema_version', ?1)",
        params![SCHEMA_VERSION],
    )?;
    tx.commit()?;
    Ok(conn)
}

fn check_owner(conn: &Connection) -> Result<(), OpenError> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let tables: Vec<String> = statement
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if tables.is_empty() {
        return Ok(());
    }
    if tables.iter().any(|t| t == "meta") {
        let value = |key: &str| -> Result<Option<String>, rusqlite::Error> {
            conn.query_row(
                "SELECT value FROM meta WHERE key = ?1",
                params![key],
                |row| row.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
        };
        // A `meta` table of another shape is another program's.
        let ours = value("application").ok().flatten().as_deref() == Some("fenjie");
        if ours {
            // Minor versions only add: a database of 1.0 takes the rows of 1.1.
            let version = value("schema_version")?.unwrap_or_default();
            if major(&version) != major(SCHEMA_VERSION) {
                return Err(OpenError::Version(format!("version {version:?}")));
            }
            return Ok(());
        }
    } else if tables.iter().all(|t| TABLES.contains(&t.as_str()))
        && tables.iter().any(|t| t == "notices")
    {
        return Err(OpenError::Version(
            "one written before the contract was versioned (notices keyed by SHA-256)".into(),
        ));
    }
    Err(OpenError::Foreign {
        tables: tables.join(", "),
    })
}

fn major(version: &str) -> &str {
    version.split('.').next().unwrap_or(version)
}

/// Stores a report, replacing the rows of an earlier conversion of the same input.
///
/// # Errors
///
/// When a statement fails (a full disk, a database locked by another writer); the transaction is
/// rolled back.
pub fn store(conn: &mut Connection, report: &Report) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let key = &report.key;
    // The notice's rows go with it (ON DELETE CASCADE); its tasks come back under the same ids.
    tx.execute("DELETE FROM notices WHERE key = ?1", params![key])?;
    let n = &report.notice;
    tx.execute(
        "INSERT INTO notices (key, sha256, path, format, title, doc_number, issuer, jurisdiction, year, issued_on, registry)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            key,
            report.source.sha256,
            report.source.path,
            report.source.format.name(),
            n.title.as_ref().or(n.attachment_title.as_ref()),
            n.doc_number,
            n.issuer,
            n.jurisdiction.as_ref().map(|j| j.name.as_str()),
            n.year,
            n.issued_on.map(|d| d.to_string()),
            report.registry.as_ref().map(|r| r.name.as_str()),
        ],
    )?;
    let insert_task = insert_task();
    for task in &report.tasks {
        let values = COLUMNS
            .iter()
            .filter(|c| c.stored)
            .map(|c| sql((c.value)(task)));
        tx.execute(
            &insert_task,
            rusqlite::params_from_iter(std::iter::once(SqlValue::from(key.clone())).chain(values)),
        )?;
        let id = &task.id;
        for (i, unit) in task.responsible.units.iter().enumerate() {
            tx.execute(
                "INSERT INTO task_units (task, position, name, raw, role, kind, known, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    i,
                    unit.name,
                    unit.raw,
                    spelling(&unit.role),
                    spelling(&unit.kind),
                    unit.known,
                    spelling(&unit.origin),
                ],
            )?;
        }
        for (i, leader) in task.leaders.iter().enumerate() {
            tx.execute(
                "INSERT INTO leaders (task, position, name) VALUES (?1, ?2, ?3)",
                params![id, i, leader],
            )?;
        }
    }
    for (i, d) in report.diagnostics.iter().enumerate() {
        tx.execute(
            "INSERT INTO diagnostics (notice, position, code, severity, location, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                key,
                i,
                d.code.as_str(),
                spelling(&d.severity),
                d.location.as_ref().map(ToString::to_string),
                d.message,
            ],
        )?;
    }
    tx.commit()
}

/// The statement that inserts a task: the notice's key, then the stored columns of
/// [`COLUMNS`] in their order.
fn insert_task() -> String {
    let names: Vec<&str> = COLUMNS
        .iter()
        .filter(|c| c.stored)
        .map(|c| c.name)
        .collect();
    let places: Vec<String> = (1..=names.len() + 1).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO tasks (notice, {}) VALUES ({})",
        names.join(", "),
        places.join(", ")
    )
}

/// A column's value as `SQLite` holds it: nothing as `NULL`, yes and no as 1 and 0, kinds as
/// their spellings, the extra cells as a JSON object (`{}` when there are none).
fn sql(value: Value<'_>) -> SqlValue {
    match value {
        Value::Empty => SqlValue::Null,
        Value::Text(text) => SqlValue::Text(text.into_owned()),
        Value::Integer(n) => SqlValue::Integer(i64::from(n)),
        Value::Bool(b) => SqlValue::Integer(i64::from(b)),
        Value::Date(d) => SqlValue::Text(d.to_string()),
        Value::DeadlineKind(k) => SqlValue::Text(spelling(&k)),
        Value::Period(p) => SqlValue::Text(spelling(&p)),
        Value::Role(r) => SqlValue::Text(spelling(&r)),
        Value::UnitKind(k) => SqlValue::Text(spelling(&k)),
        Value::Json(map) => SqlValue::Text(serde_json::to_string(map).unwrap_or_default()),
        Value::Place(place) => SqlValue::Text(place.to_string()),
    }
}
