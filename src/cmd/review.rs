//! `fenjie review`: a notice's review page.

use super::{print_diagnostics, print_stdout, read_and_convert};
use crate::cli::{ConvertArgs, Failure, fail};
use fenjie::emit;
use fenjie::error::chain;

/// `fenjie review NOTICE [-o FILE]`: the review page, to standard output or FILE.
pub(crate) fn run(args: &ConvertArgs) -> Result<u8, Failure> {
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
    let page = emit::review::page(&report, &sources, common.review_lang());
    match &args.output {
        Some(path) => fenjie::files::write_atomically(path, page.as_bytes())
            .map_err(|e| fail(2, format!("{}: cannot write: {e}", path.display())))?,
        None => print_stdout(page.as_bytes())?,
    }
    Ok(0)
}
