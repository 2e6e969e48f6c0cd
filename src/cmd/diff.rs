//! `fenjie diff`: two notices, or two folders of them, compared item by item.

use std::path::Path;

use super::print_stdout;
use crate::cli::{DiffArgs, Failure, fail};
use fenjie::{Options, emit, files};

/// `fenjie diff OLD NEW`: two notices, or two folders of them, compared item by item. Exit 0
/// when the items are the same, 1 when anything differs, 2 on error (as diff(1)).
pub(crate) fn run(args: &DiffArgs) -> Result<u8, Failure> {
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
