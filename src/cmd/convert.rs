//! `fenjie convert`: one notice to JSON, JSON Lines, CSV, a workbook or a database.

use std::path::Path;

use super::{print_diagnostics, print_stdout, read_and_convert};
use crate::cli::{ConvertArgs, Failure, fail};
use fenjie::emit::{self, OutputFormat};
use fenjie::files::{self, WriteError};
use fenjie::{Report, Severity};

/// `fenjie convert NOTICE [-o FILE]`.
pub(crate) fn run(args: &ConvertArgs) -> Result<u8, Failure> {
    let common = &args.common;
    let options = common.options()?;
    let format = common.format_for(args.output.as_deref())?;
    if format == OutputFormat::Sqlite && args.output.is_none() {
        // Said before the notice is read: a database is changed in place, never a stream.
        return Err(fail(2, "-f sqlite writes a database: name it with -o FILE"));
    }
    if common.datapackage && (args.output.is_none() || format != OutputFormat::Csv) {
        return Err(fail(
            2,
            "--datapackage describes a CSV file: use it with -f csv and -o FILE",
        ));
    }
    let shown = args.input.display().to_string();
    if args.input.is_dir() {
        return Err(fail(
            1,
            format!(
                "{shown}: is a folder; convert the notices in it with: fenjie batch {shown} -o OUTDIR"
            ),
        ));
    }
    let (_, report) = read_and_convert(args, &options)?;
    if !common.quiet {
        print_diagnostics(&shown, &report, common.verbose);
    }
    let output = files::Output {
        format,
        encoding: common.encoding(&[format]),
        shape: common.csv_shape(&[format]),
        datapackage: common.datapackage,
    };
    write(&report, &shown, args.output.as_deref(), &output)?;
    Ok(u8::from(report.count(Severity::Error) > 0))
}

/// Writes the report to `path`, or to standard output. Every report is checked against the
/// schema before anything of it is kept: a violation is a bug (see `files::write_report`).
fn write(
    report: &Report,
    shown: &str,
    path: Option<&Path>,
    output: &files::Output,
) -> Result<(), Failure> {
    let failure = |e: WriteError, path: &Path| match e {
        WriteError::Violation(v) => fail(2, format!("{shown}: {v}")),
        WriteError::Write(e) => fail(2, format!("{}: cannot write: {e}", path.display())),
        WriteError::DataPackage(e) => fail(
            2,
            format!("{}: cannot write the data package: {e}", path.display()),
        ),
    };
    match (path, output.format) {
        (None, OutputFormat::Sqlite) => {
            Err(fail(2, "-f sqlite writes a database: name it with -o FILE"))
        }
        (Some(path), OutputFormat::Sqlite) => {
            files::validated(report, || ()).map_err(|v| failure(WriteError::Violation(v), path))?;
            store_in_database(path, report)
        }
        (Some(path), _) => files::write_report(report, path, output).map_err(|e| failure(e, path)),
        (None, _) => {
            let bytes = files::rendered(report, output).map_err(|e| match e {
                WriteError::Write(e) => fail(2, format!("{shown}: {e}")),
                e => failure(e, Path::new("-")),
            })?;
            print_stdout(&bytes)
        }
    }
}

/// Stores a checked report in a `SQLite` database (created when missing).
fn store_in_database(path: &Path, report: &Report) -> Result<(), Failure> {
    let mut conn = emit::sqlite::open(path).map_err(|e| {
        fail(
            1,
            format!("{}: cannot open the database: {e}", path.display()),
        )
    })?;
    emit::sqlite::store(&mut conn, report).map_err(|e| {
        fail(
            1,
            format!("{}: cannot store the notice: {e}", path.display()),
        )
    })
}
