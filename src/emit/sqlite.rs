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
    /// The thread that writes a batch's database could not start.
    #[error("cannot start the thread that writes the database: {0}")]
    Thread(#[source] std::io::Error),
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

/// The path and SHA-256 of every notice a database holds (`batch --incremental`), read without
/// changing it.
///
/// # Errors
///
/// When the file cannot be opened as a `SQLite` database, or holds no `notices` table.
pub fn stored(path: &Path) -> rusqlite::Result<Vec<(String, String)>> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let mut statement = conn.prepare("SELECT path, sha256 FROM notices")?;
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect()
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
    insert(&tx, report)?;
    tx.commit()
}

/// Writes a report's rows, after removing those of an earlier conversion of the same notice.
/// The statements are prepared once per connection and reused (a batch inserts hundreds of
/// thousands of rows through them).
fn insert(conn: &Connection, report: &Report) -> rusqlite::Result<()> {
    let key = &report.key;
    // The notice's rows go with it (ON DELETE CASCADE); its tasks come back under the same ids.
    conn.prepare_cached("DELETE FROM notices WHERE key = ?1")?
        .execute(params![key])?;
    let n = &report.notice;
    conn.prepare_cached(
        "INSERT INTO notices (key, sha256, path, format, title, doc_number, issuer, jurisdiction, year, issued_on, registry)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
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
    ])?;
    let mut tasks = conn.prepare_cached(&insert_task())?;
    let mut units = conn.prepare_cached(
        "INSERT INTO task_units (task, position, name, raw, role, kind, known, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut leaders =
        conn.prepare_cached("INSERT INTO leaders (task, position, name) VALUES (?1, ?2, ?3)")?;
    for task in &report.tasks {
        let values = COLUMNS
            .iter()
            .filter(|c| c.stored)
            .map(|c| sql((c.value)(task)));
        tasks.execute(rusqlite::params_from_iter(
            std::iter::once(SqlValue::from(key.clone())).chain(values),
        ))?;
        let id = &task.id;
        for (i, unit) in task.responsible.units.iter().enumerate() {
            units.execute(params![
                id,
                i,
                unit.name,
                unit.raw,
                spelling(&unit.role),
                spelling(&unit.kind),
                unit.known,
                spelling(&unit.origin),
            ])?;
        }
        for (i, leader) in task.leaders.iter().enumerate() {
            leaders.execute(params![id, i, leader])?;
        }
    }
    let mut diagnostics = conn.prepare_cached(
        "INSERT INTO diagnostics (notice, position, code, severity, location, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, d) in report.diagnostics.iter().enumerate() {
        diagnostics.execute(params![
            key,
            i,
            d.code.as_str(),
            spelling(&d.severity),
            d.location.as_ref().map(ToString::to_string),
            d.message,
        ])?;
    }
    Ok(())
}

/// Why a batch's database is not complete.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A notice could not be stored; it and the notices after it are not in the database.
    #[error("cannot store {path}: {source}; it and the notices after it are not in the database")]
    Store {
        /// The first notice not stored (its input path).
        path: String,
        /// What `SQLite` said.
        source: rusqlite::Error,
    },
    /// Every notice is stored, but the indexes set aside for the batch could not be built again;
    /// the next [`open`] builds them.
    #[error(
        "cannot build its indexes again: {0}; every notice is stored, and the next run that opens the database builds them"
    )]
    Indexes(rusqlite::Error),
}

/// A batch's database: a thread of its own stores the notices in the order they are handed over,
/// [`SLICE`] notices to a transaction, while the workers convert the next ones. See README.md
/// (`SQLite`, a batch stopped part-way) for what a batch that stops early leaves.
///
/// During the batch the database is in `journal_mode=WAL` with `synchronous=NORMAL`: a commit
/// appends to the write-ahead log without waiting for the disk, and the log is written back and
/// synced when the batch ends, when the journal mode it had before is restored. Into a database
/// that holds no tasks yet, the secondary indexes (not the primary and unique keys that the
/// replacement of a notice looks rows up by) are dropped at the start and built once at the end,
/// which is faster than keeping them ordered row by row.
pub struct Writer {
    slices: Option<std::sync::mpsc::SyncSender<Vec<Report>>>,
    thread: Option<std::thread::JoinHandle<Result<(), BatchError>>>,
}

/// What a batch changed in the database, to be undone at its end.
struct Setting {
    journal_mode: String,
    /// `CREATE INDEX` statements of the indexes dropped for the batch.
    indexes: Vec<String>,
}

impl Writer {
    /// Opens (or creates) the database as [`open`] does and starts its thread.
    ///
    /// # Errors
    ///
    /// As [`open`]; or when the journal mode cannot be changed or the thread cannot start.
    pub fn open(path: &Path) -> Result<Writer, OpenError> {
        let mut conn = open(path)?;
        let setting = prepare(&mut conn)?;
        // One slice waits while one is written: memory stays bounded whatever the batch's size,
        // and the workers go on converting while the database writes.
        let (slices, received) = std::sync::mpsc::sync_channel::<Vec<Report>>(1);
        let thread = std::thread::Builder::new()
            .name("sqlite".into())
            .spawn(move || write(conn, &received, setting))
            .map_err(OpenError::Thread)?;
        Ok(Writer {
            slices: Some(slices),
            thread: Some(thread),
        })
    }

    /// Hands reports to the thread, to be stored in this order after those handed before.
    ///
    /// # Errors
    ///
    /// When storing an earlier report failed: the database takes nothing more.
    pub fn send(&mut self, reports: Vec<Report>) -> Result<(), BatchError> {
        let sent = self.slices.as_ref().map(|s| s.send(reports));
        match sent {
            Some(Ok(())) => Ok(()),
            // The thread stopped at an error and dropped its end of the channel.
            _ => self.join(),
        }
    }

    /// Stores what is left, builds the indexes, restores the journal mode and closes the
    /// database.
    ///
    /// # Errors
    ///
    /// When a notice could not be stored, or the indexes could not be built.
    pub fn finish(mut self) -> Result<(), BatchError> {
        self.join()
    }

    fn join(&mut self) -> Result<(), BatchError> {
        self.slices = None;
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            // The thread panicked: a bug, shown as it would be on this thread.
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        }
    }
}

impl Drop for Writer {
    /// A batch that stops early (its summary cannot be written) still leaves the database
    /// complete up to the last slice handed over, with its indexes and journal mode back.
    fn drop(&mut self) {
        let _ = self.join();
    }
}

/// Sets the journal mode and synchronous level for the batch and sets the secondary indexes
/// aside when the database holds no tasks.
fn prepare(conn: &mut Connection) -> rusqlite::Result<Setting> {
    let journal_mode: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
    // A database in memory answers `memory` and stays so; every file takes WAL.
    conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
        row.get::<_, String>(0)
    })?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    // A notice's savepoint keeps the pages it changes in a statement journal: in memory, not
    // in a temporary file written page by page.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "wal_autocheckpoint", CHECKPOINT_PAGES)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM tasks)", [], |row| {
        row.get(0)
    })?;
    let mut indexes = Vec::new();
    if empty {
        // An index of a primary or unique key has no SQL of its own and stays.
        let dropped: Vec<(String, String)> = tx
            .prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (name, sql) in dropped {
            tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            indexes.push(sql);
        }
    }
    tx.commit()?;
    Ok(Setting {
        journal_mode,
        indexes,
    })
}

/// Notices stored in one transaction. Each commit writes every page the transaction touched
/// once more (the ids are hashes, so the rows of a slice land all over the keys' indexes):
/// fewer, larger transactions write less; a batch stopped part-way loses at most this many.
const SLICE: usize = 256;

/// Pages `SQLite` keeps in memory during a batch, in KiB (the default is 2 MiB): the keys'
/// indexes of a large batch stay in memory instead of being read back page by page.
const CACHE_KIB: i64 = 32 * 1024;

/// Pages the write-ahead log grows to before it is written back into the database (the
/// default is 1,000): a batch writes most pages several times, and writing them back once per
/// 64 MiB instead of per 4 MiB halves the writing; the log stays bounded whatever the batch.
const CHECKPOINT_PAGES: i64 = 16 * 1024;

/// The writer's thread: stores every report it receives, `SLICE` notices to a transaction,
/// then undoes the batch's setting.
fn write(
    conn: Connection,
    slices: &std::sync::mpsc::Receiver<Vec<Report>>,
    setting: Setting,
) -> Result<(), BatchError> {
    let mut stored = Ok(());
    let mut open = Vec::new();
    'received: for reports in slices {
        for report in reports {
            stored = store_one(&conn, &report, &open);
            if stored.is_err() {
                break 'received;
            }
            open.push(report.source.path.clone());
            if open.len() >= SLICE {
                stored = commit(&conn, &open);
                open.clear();
                if stored.is_err() {
                    break 'received;
                }
            }
        }
    }
    if stored.is_ok() && !open.is_empty() {
        stored = commit(&conn, &open);
    }
    let indexes = setting
        .indexes
        .iter()
        .try_for_each(|sql| conn.execute_batch(sql))
        .map_err(BatchError::Indexes);
    // Back to the journal mode of before, which writes the log into the database and syncs it.
    // When another connection holds the database open it stays in WAL mode, which loses nothing.
    if setting
        .journal_mode
        .chars()
        .all(|c| c.is_ascii_alphabetic())
    {
        let _ = conn.query_row(
            &format!("PRAGMA journal_mode = {}", setting.journal_mode),
            [],
            |row| row.get::<_, String>(0),
        );
    }
    stored.and(indexes)
}

/// Stores one report in the open transaction (`open` names the notices stored in it so far),
/// beginning one when none is open. The report has a savepoint of its own: one that fails
/// leaves the notices before it stored, and is the first one the database lacks.
fn store_one(conn: &Connection, report: &Report, open: &[String]) -> Result<(), BatchError> {
    let failed = |path: &str| {
        let path = path.to_string();
        move |source| BatchError::Store { path, source }
    };
    let path = &report.source.path;
    if open.is_empty() {
        conn.execute_batch("BEGIN").map_err(failed(path))?;
    }
    conn.execute_batch("SAVEPOINT notice")
        .map_err(failed(open.first().unwrap_or(path)))?;
    match insert(conn, report) {
        Ok(()) => conn.execute_batch("RELEASE notice").map_err(failed(path)),
        Err(e) => {
            let kept = conn
                .execute_batch("ROLLBACK TO notice; RELEASE notice")
                .is_ok()
                && commit(conn, open).is_ok();
            if kept {
                Err(failed(path)(e))
            } else {
                // SQLite rolled the whole transaction back (a full disk): none of it is stored.
                let _ = conn.execute_batch("ROLLBACK");
                Err(failed(open.first().unwrap_or(path))(e))
            }
        }
    }
}

/// Commits the open transaction, whose first notice is named when it fails.
fn commit(conn: &Connection, open: &[String]) -> Result<(), BatchError> {
    conn.execute_batch("COMMIT")
        .map_err(|source| BatchError::Store {
            path: open.first().cloned().unwrap_or_default(),
            source,
        })
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
