//! The `fenjie` command: arguments → options → library call → diagnostics → output → exit code.
//!
//! Exit codes: 0 ok; 1 an input could not be converted, or its report holds error-level
//! diagnostics; 2 usage error or a fatal error of fenjie itself. A closed pipe is not an error.

/// Writes a line to standard error; a closed standard error (`2>&1 | head`) is ignored and the
/// run goes on.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

mod cli;
mod serve;
use cli::{BatchArgs, Cli, Command, ConvertArgs, DiffArgs, Failure, fail, load_registry};

use fenjie::emit::{self, OutputFormat};
use fenjie::error::chain;
use fenjie::files::{self, validated};
use fenjie::{Options, Registry, Report, Severity};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli.with_stdout_dashes(),
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // Where this run writes: on Ctrl-C or SIGTERM its temporary files there (and a batch's lock)
    // are removed before the process ends, so an interrupted run leaves nothing half-made.
    let writes_to = match &cli.command {
        Command::Convert(a) | Command::Review(a) => a.output.as_ref().map(|o| {
            o.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        }),
        Command::Batch(a) => Some(a.output.clone()),
        Command::Diff(a) => a.output.as_ref().map(|o| {
            if a.old.is_dir() {
                o.clone()
            } else {
                o.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            }
        }),
        _ => None,
    };
    if let Some(dir) = writes_to {
        let is_batch = matches!(cli.command, Command::Batch(_));
        let _ = ctrlc::set_handler(move || {
            clean_up(&dir, is_batch);
            std::process::exit(130);
        });
    }
    let result = match cli.command {
        Command::Convert(args) => convert(&args),
        Command::Review(args) => review(&args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "fenjie", &mut script);
            print_stdout(&script).map(|()| 0)
        }
        Command::Batch(args) => batch(&args),
        Command::Schema {
            diff: false,
            record: false,
        } => print_stdout(fenjie::validate::SCHEMA.as_bytes()).map(|()| 0),
        Command::Schema { record: true, .. } => {
            serde_json::to_string_pretty(&fenjie::validate::record_schema())
                .map_err(|e| fail(2, e.to_string()))
                .and_then(|text| print_stdout(format!("{text}\n").as_bytes()))
                .map(|()| 0)
        }
        Command::Schema { diff: true, .. } => {
            print_stdout(fenjie::validate::DIFF_SCHEMA.as_bytes()).map(|()| 0)
        }
        Command::Diff(args) => diff(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Validate { files } => validate(&files),
        Command::Check { paths, bless } => check(&paths, bless),
        Command::Units {
            check,
            units,
            notice,
        } => match notice {
            Some(notice) => units_for(&notice, units.as_deref()),
            None => units_command(check.as_deref(), units.as_deref()),
        },
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            say!("fenjie: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn convert(args: &ConvertArgs) -> Result<u8, Failure> {
    let common = &args.common;
    let options = common.options()?;
    let format = common.format_for(args.output.as_deref())?;
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

    // Every report is checked against the schema before anything of it is kept: a violation is
    // a bug. The check runs beside the writing, which goes to a temporary file (or a buffer for
    // standard output) that is only kept when the check passes.
    let encoding = common.encoding();
    let violation = |v: files::Violation| fail(2, format!("{shown}: {v}"));
    let cannot_write =
        |path: &Path, e: std::io::Error| fail(2, format!("{}: cannot write: {e}", path.display()));
    match (&args.output, format) {
        (None, OutputFormat::Sqlite) => {
            return Err(fail(2, "-f sqlite writes a database: name it with -o FILE"));
        }
        (Some(path), OutputFormat::Sqlite) => {
            validated(&report, || ()).map_err(violation)?;
            store_in_database(path, &report)?;
        }
        (Some(path), _) => {
            let pending = validated(&report, || {
                files::write_atomically_if(path, |out| {
                    emit::write(&report, format, encoding, common.csv_shape(&[format]), out)
                })
            })
            .map_err(violation)?
            .map_err(|e| cannot_write(path, e))?;
            pending.persist().map_err(|e| cannot_write(path, e))?;
            if common.datapackage {
                files::write_datapackage(path, false, encoding).map_err(|e| {
                    fail(
                        2,
                        format!("{}: cannot write the data package: {e}", path.display()),
                    )
                })?;
            }
        }
        (None, _) => {
            let buffer = validated(&report, || {
                let mut buffer = Vec::new();
                emit::write(
                    &report,
                    format,
                    encoding,
                    common.csv_shape(&[format]),
                    &mut buffer,
                )
                .map(|()| buffer)
            })
            .map_err(violation)?
            .map_err(|e| fail(2, format!("{shown}: {e}")))?;
            print_stdout(&buffer)?;
        }
    }
    Ok(u8::from(report.count(Severity::Error) > 0))
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

/// Progress on a terminal: a bar; otherwise one line per file on standard error.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    verbose: bool,
    quiet: bool,
    /// Files failed so far, shown beside the bar.
    failed: std::sync::atomic::AtomicUsize,
}

impl fenjie::batch::Progress for Reporter {
    fn start(&self, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
        }
    }

    fn done(&self, file: &fenjie::batch::FileSummary) {
        use fenjie::batch::Status;
        let line = match file.status {
            Status::Converted => format!(
                "{}: {} tasks, {} errors, {} warnings",
                file.input, file.tasks, file.errors, file.warnings
            ),
            Status::Failed => format!(
                "{}: failed: {}",
                file.input,
                file.reason.as_deref().unwrap_or("")
            ),
            Status::Skipped => format!(
                "{}: skipped: {}",
                file.input,
                file.reason.as_deref().unwrap_or("")
            ),
        };
        match &self.bar {
            Some(bar) => {
                if file.status == Status::Failed {
                    let n = self
                        .failed
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                        + 1;
                    bar.set_message(format!("{n} failed"));
                }
                if file.status != Status::Converted || self.verbose {
                    bar.println(format!("fenjie: {line}"));
                }
                bar.inc(1);
            }
            None if self.quiet && file.status != Status::Failed => {}
            None => say!("fenjie: {line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn batch(args: &BatchArgs) -> Result<u8, Failure> {
    let common = &args.common;
    let options = common.options()?;
    let format = common.format_for(None)?;
    if format == OutputFormat::Sqlite {
        return Err(fail(
            2,
            "batch stores notices in a database with --sqlite FILE (beside one output per notice)",
        ));
    }
    if common.datapackage && format != OutputFormat::Csv && args.combined.is_none() {
        return Err(fail(
            2,
            "--datapackage describes CSV files: use it with -f csv or --combined FILE.csv",
        ));
    }
    let plan = fenjie::batch::Plan {
        inputs: batch_inputs(&args.inputs)?,
        out_dir: args.output.clone(),
        format,
        csv: common.csv_shape(&[
            format,
            args.combined
                .as_deref()
                .and_then(OutputFormat::of_path)
                .unwrap_or(format),
        ]),
        sqlite: args.sqlite.clone(),
        encoding: common.encoding(),
        combined: args.combined.clone(),
        datapackage: common.datapackage,
        jobs: args.jobs,
    };
    let bar = io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} {per_sec} ETA {eta} elapsed {elapsed} {msg}",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let reporter = Reporter {
        bar,
        verbose: common.verbose,
        quiet: common.quiet,
        failed: std::sync::atomic::AtomicUsize::new(0),
    };
    let summary = fenjie::batch::run(&plan, &options, &reporter).map_err(|e| fail(2, e))?;
    if let Some(bytes) = &summary.combined_stdout {
        print_stdout(bytes)?;
    }
    if !common.quiet {
        say!(
            "fenjie: {} converted ({} tasks), {} failed, {} skipped; summary in {}",
            summary.converted,
            summary.tasks,
            summary.failed,
            summary.skipped,
            args.output.join("summary.json").display()
        );
    }
    for what in &summary.incomplete {
        say!("fenjie: not complete: {what}");
    }
    if !summary.incomplete.is_empty() {
        return Ok(1);
    }
    if summary.converted == 0 {
        say!(
            "fenjie: no notice was converted: every input was skipped or failed (see the summary)"
        );
        return Ok(1);
    }
    Ok(u8::from(summary.failed > 0))
}

/// The inputs of a batch, `-` replaced by the paths listed on standard input, one per line (as
/// `find … | fenjie batch - -o out` gives them).
fn batch_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    if !inputs.iter().any(|p| p.as_os_str() == "-") {
        return Ok(inputs.to_vec());
    }
    let listed = read_stdin(fenjie::Limits::default().input_bytes)?;
    let listed = String::from_utf8(listed)
        .map_err(|_| fail(2, "-: the list of paths on standard input is not UTF-8"))?;
    let mut all = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            all.extend(
                listed
                    .lines()
                    .map(|l| l.trim_end_matches('\r'))
                    .filter(|l| !l.is_empty())
                    .map(PathBuf::from),
            );
        } else {
            all.push(input.clone());
        }
    }
    if all.is_empty() {
        return Err(fail(2, "-: standard input lists no path"));
    }
    Ok(all)
}

fn print_diagnostics(shown: &str, report: &Report, verbose: bool) {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for d in &report.diagnostics {
        if verbose || d.severity != Severity::Info {
            let _ = writeln!(err, "fenjie: {shown}: {d}");
        }
    }
}

/// Removes this process's temporary files (`.fenjie-PID-*.tmp`) in `dir` (and below it, for a
/// batch's output folder), and a batch's lock.
fn clean_up(dir: &Path, is_batch: bool) {
    fenjie::files::remove_temporaries();
    let files = if is_batch {
        fenjie::files::files_under(dir, &|_| false).unwrap_or_default()
    } else {
        std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let prefix = fenjie::files::own_prefix();
    for file in files {
        let ours = file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(fenjie::files::TEMP_SUFFIX));
        if ours {
            let _ = std::fs::remove_file(&file);
        }
    }
    if is_batch {
        fenjie::batch::release_interrupted_lock();
    }
}

/// Reads a notice from standard input, at most `limit` bytes.
fn read_stdin(limit: u64) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(1, format!("-: cannot read standard input: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(fail(
            1,
            format!("-: standard input exceeds the limit of {limit} bytes (see README.md, Limits)"),
        ));
    }
    Ok(bytes)
}

/// Writes to standard output; a closed pipe (`| head`) ends quietly.
fn print_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(fail(2, format!("cannot write to standard output: {e}"))),
    }
}

#[allow(
    clippy::unnecessary_wraps,
    reason = "every command returns Result<u8, Failure> so main handles them alike"
)]
fn validate(files: &[PathBuf]) -> Result<u8, Failure> {
    let mut code = 0;
    for path in files {
        let shown = path.display();
        let limit = fenjie::Limits::default().input_bytes;
        let bytes = if path.as_os_str() == "-" {
            read_stdin(limit).map_err(|f| f.message)
        } else {
            files::read_input(path, limit).map_err(|(reason, _)| reason)
        };
        let lines = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
        let result = bytes.and_then(|bytes| validate_bytes(&bytes, lines));
        match result {
            Ok(()) => println!("{shown}: valid"),
            Err(message) => {
                say!("fenjie: {shown}: {message}");
                code = 1;
            }
        }
    }
    Ok(code)
}

/// A JSON document against the notice schema, or JSON Lines (named `.jsonl`, or text that is
/// not one JSON value) line by line against the record schema.
fn validate_bytes(bytes: &[u8], lines: bool) -> Result<(), String> {
    if !lines && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        // One JSON Lines record alone is one JSON value too.
        return if value.get("task").is_some() && value.get("tasks").is_none() {
            fenjie::validate::check_record(&value)
        } else {
            fenjie::validate::check(&value)
        }
        .map_err(|errors| errors.join("; "));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 text: {e}"))?;
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let checked = serde_json::from_str::<serde_json::Value>(line)
            .map_err(|e| vec![format!("not JSON: {e}")])
            .and_then(|value| fenjie::validate::check_record(&value));
        if let Err(errors) = checked {
            found.extend(errors.into_iter().map(|e| format!("line {}: {e}", i + 1)));
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("; "))
    }
}

fn check(paths: &[PathBuf], bless: bool) -> Result<u8, Failure> {
    use fenjie::check::Outcome;
    let documents = fenjie::check::documents(paths, bless)
        .map_err(|e| fail(2, format!("cannot list the folders: {e}")))?;
    if documents.is_empty() {
        return Err(fail(
            2,
            "no document with an expected file (NAME.expected.json) beside it",
        ));
    }
    let base = Options::default();
    let (mut same, mut differ, mut failed) = (0, 0, 0);
    let mut out = String::new();
    for document in &documents {
        let shown = document.display();
        match fenjie::check::check_document(document, &base, bless) {
            Outcome::Same => same += 1,
            Outcome::Blessed => {
                // Only a file that changed is written, and only it is named.
                same += 1;
                out.push_str(&format!("{shown}: expected file written\n"));
            }
            Outcome::Differs(differences) => {
                differ += 1;
                out.push_str(&format!("{shown}: {} difference(s)\n", differences.len()));
                for d in differences {
                    out.push_str(&format!("  {d}\n"));
                }
            }
            Outcome::Failed(message) => {
                failed += 1;
                say!("fenjie: {shown}: {message}");
            }
        }
    }
    if !bless {
        let (orphans, unchecked) = fenjie::check::strays(paths)
            .map_err(|e| fail(2, format!("cannot list the folders: {e}")))?;
        for orphan in &orphans {
            failed += 1;
            out.push_str(&format!(
                "{}: an expected file whose document is gone\n",
                orphan.display()
            ));
        }
        for document in &unchecked {
            out.push_str(&format!(
                "{}: not checked: no expected file (fenjie check --bless writes one)\n",
                document.display()
            ));
        }
    }
    out.push_str(&format!(
        "{same} same, {differ} different, {failed} failed\n"
    ));
    print_stdout(out.as_bytes())?;
    Ok(u8::from(differ + failed > 0))
}

/// Reads the input named by `convert`/`review` (a file, or `-` for standard input), refusing an
/// output that would overwrite it, and converts it.
fn read_and_convert(
    args: &ConvertArgs,
    options: &Options,
) -> Result<(Vec<u8>, fenjie::Report), Failure> {
    let shown = args.input.display().to_string();
    if let Some(output) = &args.output
        && (fenjie::files::same_file(&args.input, output)
            || args.input.as_os_str() == "-" && fenjie::files::stdin_is(output))
    {
        return Err(fail(
            2,
            format!(
                "{shown}: the output would overwrite the input ({})",
                output.display()
            ),
        ));
    }
    if args.input.as_os_str() == "-" {
        let bytes = read_stdin(options.read.limits.input_bytes)?;
        let report = fenjie::convert(&shown, &bytes, options)
            .map_err(|e| fail(1, format!("{shown}: {}", chain(&e))))?;
        return Ok((bytes, report));
    }
    files::convert_file(&args.input, &shown, options).map_err(|e| fail(1, format!("{shown}: {e}")))
}

/// `fenjie review NOTICE [-o FILE]`: the review page, to standard output or FILE.
fn review(args: &ConvertArgs) -> Result<u8, Failure> {
    args.refuse_conversion_flags()?;
    let common = &args.common;
    let options = common.options()?;
    let shown = args.input.display().to_string();
    let (bytes, report) = read_and_convert(args, &options)?;
    if !common.quiet {
        print_diagnostics(&shown, &report, common.verbose);
    }
    let sources = fenjie::source_texts(&bytes, &options.read)
        .map_err(|e| fail(1, format!("{shown}: {}", chain(&e))))?;
    let page = emit::review::page(&report, &sources);
    match &args.output {
        Some(path) => fenjie::files::write_atomically(path, page.as_bytes())
            .map_err(|e| fail(2, format!("{}: cannot write: {e}", path.display())))?,
        None => print_stdout(page.as_bytes())?,
    }
    Ok(0)
}

/// `fenjie diff OLD NEW`: two notices, or two folders of them, compared item by item. Exit 0
/// when the items are the same, 1 when anything differs, 2 on error (as diff(1)).
fn diff(args: &DiffArgs) -> Result<u8, Failure> {
    let options = args.options()?;
    match (args.old.is_dir(), args.new.is_dir()) {
        (true, true) => return diff_folders(args, &options),
        (false, false) => {}
        _ => {
            return Err(fail(
                2,
                format!(
                    "{} and {}: compare two notices or two folders, not one of each",
                    args.old.display(),
                    args.new.display()
                ),
            ));
        }
    }
    let format = args.format_for(args.output.as_deref())?;
    let read = |path: &Path| {
        let shown = path.display().to_string();
        if let Some(output) = &args.output
            && files::same_file(path, output)
        {
            return Err(fail(
                2,
                format!(
                    "{shown}: the output would overwrite the input ({})",
                    output.display()
                ),
            ));
        }
        fenjie::compare::read(path, &shown, &options)
            .map_err(|e| fail(2, format!("{shown}: {}", e.reason)))
    };
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let diff = fenjie::diff::diff(old, new);
    let mut bytes = Vec::new();
    fenjie::compare::render(&diff, format, &mut bytes).map_err(|e| fail(2, e))?;
    match &args.output {
        Some(path) => files::write_atomically(path, &bytes)
            .map_err(|e| fail(2, format!("{}: cannot write: {e}", path.display())))?,
        None => print_stdout(&bytes)?,
    }
    Ok(u8::from(diff.summary.differs()))
}

/// `fenjie diff OLDDIR NEWDIR [-o OUTDIR]`: the notices of two folders paired and compared; one
/// diff per pair in OUTDIR with `summary.json`, or the text of each on standard output.
fn diff_folders(args: &DiffArgs, options: &Options) -> Result<u8, Failure> {
    let format = args.format_for(None)?;
    if args.output.is_none() && format != emit::diff::DiffFormat::Text {
        return Err(fail(
            2,
            "two folders give one diff per pair: name an output folder with -o DIR",
        ));
    }
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir)
            .map_err(|e| fail(2, format!("{}: cannot create: {e}", dir.display())))?;
    }
    let found = fenjie::compare::folders(&args.old, &args.new, args.output.as_deref(), options)
        .map_err(|e| fail(2, format!("cannot list the folders: {e}")))?;
    for (path, reason) in &found.failed {
        say!("fenjie: {path}: {reason}");
    }
    fenjie::compare::write_folder(
        &found,
        (&args.old, &args.new),
        format,
        args.output.as_deref(),
    )
    .map_err(|e| fail(2, e))?;
    let mut out = String::new();
    for pair in &found.pairs {
        if args.output.is_none() {
            out.push_str(&emit::diff::text(&pair.diff));
        } else {
            out.push_str(&emit::diff::summary_line(&pair.diff));
            out.push('\n');
        }
    }
    for name in &found.only_old {
        out.push_str(&format!("only in {}: {name}\n", args.old.display()));
    }
    for name in &found.only_new {
        out.push_str(&format!("only in {}: {name}\n", args.new.display()));
    }
    let differ = found
        .pairs
        .iter()
        .filter(|p| p.diff.summary.differs())
        .count();
    out.push_str(&format!(
        "{} pairs: {} same, {differ} differ; {} only in the old folder, {} only in the new, {} failed\n",
        found.pairs.len(),
        found.pairs.len() - differ,
        found.only_old.len(),
        found.only_new.len(),
        found.failed.len()
    ));
    print_stdout(out.as_bytes())?;
    if !found.failed.is_empty() {
        return Ok(2);
    }
    Ok(u8::from(found.differs()))
}

/// `fenjie units --for NOTICE`: the notice's jurisdiction, and the registry that applies to it
/// (printed as TOML), or why none does.
fn units_for(notice: &Path, units: Option<&Path>) -> Result<u8, Failure> {
    let shown = notice.display().to_string();
    let options = fenjie::Options {
        registry: units.map(load_registry).transpose()?.map(Arc::new),
        ..fenjie::Options::default()
    };
    let bytes = fenjie::files::read_input(notice, options.read.limits.input_bytes)
        .map_err(|(e, _)| fail(1, format!("{shown}: {e}")))?;
    let report = fenjie::convert(&shown, &bytes, &options)
        .map_err(|e| fail(1, format!("{shown}: {}", chain(&e))))?;
    let mut text = String::new();
    match &report.notice.jurisdiction {
        Some(j) => text.push_str(&format!(
            "# jurisdiction: {} ({:?}, read from the {:?})\n",
            j.name, j.level, j.source
        )),
        None => text.push_str("# jurisdiction: none named by the notice\n"),
    }
    match &report.registry {
        Some(r) => {
            text.push_str(&format!(
                "# registry: {} (chosen by {:?})\n",
                r.name, r.chosen_by
            ));
            let registry = match &options.registry {
                Some(r) => r.as_ref().clone(),
                None => Registry::default_registry().clone(),
            };
            text.push_str(&registry.to_toml());
        }
        None => text.push_str(
            "# registry: none covers this jurisdiction; units are kept as written, and standard departments (data/units/template.toml) are named in full after the jurisdiction's places\n",
        ),
    }
    print_stdout(text.as_bytes())?;
    Ok(0)
}

fn units_command(check: Option<&Path>, units: Option<&Path>) -> Result<u8, Failure> {
    if let Some(path) = check {
        let registry = load_registry(path).map_err(|f| fail(1, f.message))?;
        println!(
            "{}: valid ({} units and groups, registry {})",
            path.display(),
            registry.entries().len(),
            registry.name()
        );
        return Ok(0);
    }
    let registry = match units {
        Some(path) => load_registry(path)?,
        None => Registry::default_registry().clone(),
    };
    print_stdout(registry.to_toml().as_bytes())?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
