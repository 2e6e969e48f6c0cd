//! A batch's inputs: the files under the given files and folders, each with the output path it
//! mirrors, without the files the run itself writes, and refused when two of them would be one
//! file.

use std::path::{Path, PathBuf};

use super::Plan;
use crate::Options;
use crate::files::{LOCK_NAME, TEMP_PREFIX, TEMP_SUFFIX, files_under};

/// One input file found under the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file to read.
    pub path: PathBuf,
    /// The output path relative to the output folder, before the format's extension.
    pub relative: PathBuf,
}

/// Lists the files under the inputs, sorted, each with the output path it mirrors. With several
/// inputs, each one's outputs go under its own name. Nothing under `exclude` (the output folder)
/// is an input.
///
/// # Errors
///
/// When an input cannot be read (a missing path, an unreadable top folder).
pub fn discover(inputs: &[PathBuf], exclude: &Path) -> std::io::Result<Vec<Input>> {
    let exclude = std::fs::canonicalize(exclude).ok();
    let excluded = |dir: &Path| {
        exclude
            .as_ref()
            .is_some_and(|ex| std::fs::canonicalize(dir).is_ok_and(|p| p == *ex))
    };
    let mut found = Vec::new();
    let nest = inputs.len() > 1;
    for input in inputs {
        let base = input
            .file_name()
            .map_or_else(|| PathBuf::from("input"), PathBuf::from);
        let prefix = if nest { base.clone() } else { PathBuf::new() };
        if input.is_dir() {
            for path in files_under(input, &excluded)? {
                let rel = path.strip_prefix(input).unwrap_or(&path).to_path_buf();
                found.push(Input {
                    relative: prefix.join(rel),
                    path,
                });
            }
        } else {
            found.push(Input {
                path: input.clone(),
                relative: if nest {
                    base
                } else {
                    PathBuf::from(input.file_name().unwrap_or_default())
                },
            });
        }
    }
    Ok(distinct(found))
}

/// Inputs without repeats and without two outputs of one name: a file given twice (by any path)
/// is converted once; inputs whose output names clash (`x/notice.txt`, `y/notice.txt`, or two
/// folders of one name) keep as much of their own path as tells them apart.
fn distinct(found: Vec<Input>) -> Vec<Input> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Input> = found
        .into_iter()
        .filter(|i| seen.insert(std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())))
        .collect();
    let mut by_name: std::collections::HashMap<PathBuf, Vec<usize>> = Default::default();
    for (k, input) in out.iter().enumerate() {
        by_name.entry(input.relative.clone()).or_default().push(k);
    }
    for clash in by_name.into_values().filter(|v| v.len() > 1) {
        let full: Vec<Vec<std::ffi::OsString>> = clash
            .iter()
            .map(|&k| {
                let path =
                    std::fs::canonicalize(&out[k].path).unwrap_or_else(|_| out[k].path.clone());
                path.components()
                    .filter_map(|c| match c {
                        std::path::Component::Normal(s) => Some(s.to_os_string()),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        // Drop the leading folders all of them share.
        let shared = (0..full[0].len())
            .take_while(|&i| full.iter().all(|f| f.len() > i + 1 && f[i] == full[0][i]))
            .count();
        for (k, parts) in clash.iter().zip(&full) {
            out[*k].relative = parts[shared..].iter().collect();
        }
    }
    out
}

/// The path of an input's own output.
pub(super) fn output_of(input: &Input, plan: &Plan) -> PathBuf {
    let mut name = input.relative.clone().into_os_string();
    name.push(".");
    name.push(plan.format.extension());
    plan.out_dir.join(PathBuf::from(name))
}

/// The files of this run that are not per-notice outputs: the combined file, the database and
/// `summary.json`, each with how it is named in messages.
pub(super) fn run_outputs(plan: &Plan) -> Vec<(PathBuf, &'static str)> {
    let mut outputs = vec![(plan.out_dir.join("summary.json"), "summary.json")];
    if let Some(path) = plan.combined.as_ref().filter(|p| p.as_os_str() != "-") {
        outputs.push((path.clone(), "the combined file"));
        if plan.datapackage && path.extension().is_some_and(|e| e == "csv") {
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(".datapackage.json");
            outputs.push((
                path.with_file_name(name),
                "the combined file's data package",
            ));
        }
    }
    if let Some(path) = &plan.sqlite {
        outputs.push((path.clone(), "the database"));
    }
    outputs
}

/// The inputs without the files this run writes (a combined file or database an earlier run
/// left inside an input folder): what a batch writes is never read back as a notice. A notice
/// at the place of an output is kept, and the run refused (see [`refuse_collisions`]).
pub(super) fn without_own_outputs(
    inputs: Vec<Input>,
    plan: &Plan,
    options: &Options,
) -> Vec<Input> {
    let outputs: Vec<PathBuf> = run_outputs(plan)
        .iter()
        .map(|(p, _)| crate::files::resolved(p))
        .collect();
    let mut kept = Vec::with_capacity(inputs.len());
    for input in inputs {
        let at_output = outputs.contains(&crate::files::resolved(&input.path));
        if at_output && !is_notice(&input.path, options) {
            continue;
        }
        kept.push(input);
    }
    kept
}

/// True unless the file is no notice (an earlier run's output, a database, data of another kind).
fn is_notice(path: &Path, options: &Options) -> bool {
    let Ok(bytes) = crate::files::read_input(path, options.read.limits.input_bytes) else {
        return false;
    };
    !crate::ingest::read(&bytes, &options.read).is_err_and(|e| e.is_not_a_notice())
}

/// Refuses a run in which two outputs, or an output and an input, are the same file (`--sqlite
/// OUT/summary.json`, `--combined` naming one notice's output or an input), before anything is
/// written.
pub(super) fn refuse_collisions(inputs: &[Input], plan: &Plan) -> Result<(), String> {
    let mut seen: std::collections::HashMap<PathBuf, String> = Default::default();
    let mut claim = |path: &Path, what: String| -> Result<(), String> {
        let key = crate::files::resolved(path);
        if let Some(earlier) = seen.get(&key) {
            return Err(format!(
                "{}: {what} and {earlier} would be the same file; name another",
                path.display()
            ));
        }
        seen.insert(key, what);
        Ok(())
    };
    for (path, what) in run_outputs(plan) {
        claim(&path, what.to_string())?;
    }
    for input in inputs {
        claim(
            &output_of(input, plan),
            format!("the output of {}", input.path.display()),
        )?;
    }
    for input in inputs {
        claim(&input.path, format!("the input {}", input.path.display()))?;
    }
    // A hard link is one file under two names.
    for (path, what) in run_outputs(plan) {
        if let Some(input) = inputs
            .iter()
            .find(|i| crate::files::same_file(&i.path, &path))
        {
            return Err(format!(
                "{}: {what} and the input {} are the same file; name another",
                path.display(),
                input.path.display()
            ));
        }
    }
    Ok(())
}

/// A batch's lock or a temporary file of fenjie's naming, known by its name.
pub(super) fn is_own_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == LOCK_NAME || n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
}
