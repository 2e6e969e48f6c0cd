//! `fenjie batch`: every notice under files and folders converted into an output folder, with
//! progress on standard error.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::{print_stdout, read_stdin};
use crate::cli::{BatchArgs, Failure, fail};
use fenjie::emit::OutputFormat;

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
            Status::Unchanged => format!("{}: unchanged since the last run", file.input),
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
                if !matches!(file.status, Status::Converted | Status::Unchanged) || self.verbose {
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

pub(crate) fn run(args: &BatchArgs) -> Result<u8, Failure> {
    let common = &args.common;
    let mut options = common.options()?;
    // Logos and screenshots in a folder are no notices: a batch reads images only when asked.
    options.read.images &= common.ocr;
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
    let formats = [
        format,
        args.combined
            .as_deref()
            .and_then(OutputFormat::of_path)
            .unwrap_or(format),
    ];
    let plan = fenjie::batch::Plan {
        inputs: batch_inputs(&args.inputs)?,
        out_dir: args.output.clone(),
        format,
        csv: common.csv_shape(&formats),
        sqlite: args.sqlite.clone(),
        encoding: common.encoding(&formats),
        combined: args.combined.clone(),
        datapackage: common.datapackage,
        jobs: args.jobs,
        incremental: args.incremental,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
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
            "fenjie: {} converted ({} tasks), {} failed, {} skipped{}; summary in {}",
            summary.converted,
            summary.tasks,
            summary.failed,
            summary.skipped,
            if args.incremental {
                format!(", {} unchanged", summary.unchanged)
            } else {
                String::new()
            },
            args.output.join("summary.json").display()
        );
    }
    for what in &summary.incomplete {
        say!("fenjie: not complete: {what}");
    }
    if !summary.incomplete.is_empty() {
        return Ok(1);
    }
    if summary.converted == 0 && summary.unchanged == 0 {
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
