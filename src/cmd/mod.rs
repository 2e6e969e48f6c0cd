//! The subcommands, one module each: each takes its validated arguments, calls the library,
//! prints, and returns the exit code. What several of them share (standard input and output,
//! printing diagnostics, reading the notice to convert) is here.

pub(crate) mod batch;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod convert;
pub(crate) mod diff;
pub(crate) mod review;
pub(crate) mod schema;
pub(crate) mod units;
pub(crate) mod validate;

use std::io::{self, BufWriter, Read, Write};

use crate::cli::{ConvertArgs, Failure, fail};
use fenjie::error::chain;
use fenjie::{Options, Report, Severity, files};

/// Reads the input named by `convert`/`review` (a file, or `-` for standard input), refusing an
/// output that would overwrite it, and converts it.
pub(crate) fn read_and_convert(
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

pub(crate) fn print_diagnostics(shown: &str, report: &Report, verbose: bool) {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for d in &report.diagnostics {
        if verbose || d.severity != Severity::Info {
            let _ = writeln!(err, "fenjie: {shown}: {d}");
        }
    }
}

/// Reads a notice from standard input, at most `limit` bytes.
pub(crate) fn read_stdin(limit: u64) -> Result<Vec<u8>, Failure> {
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
pub(crate) fn print_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(fail(2, format!("cannot write to standard output: {e}"))),
    }
}
