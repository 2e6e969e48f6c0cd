//! Regression checks: a document beside its expected JSON (`notice.docx` →
//! `notice.docx.expected.json`) is converted again and compared field by field. Used by
//! `fenjie check` and by the project's own golden tests.
//!
//! Unlike the pipeline, this module reads and writes files.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use crate::{Options, ReadOptions};

/// The suffix of an expected file.
pub const EXPECTED: &str = ".expected.json";
/// The suffix of a fixture's options file.
pub const OPTIONS: &str = ".options.toml";

/// One difference between expected and actual output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `item 7`, `notice`, `diagnostics`, `source`.
    pub scope: String,
    /// `deadline.date`; empty for a whole item.
    pub field: String,
    /// What differs.
    pub change: Change,
}

/// How one field differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The value changed.
    Changed {
        /// The expected value.
        from: String,
        /// The value now.
        to: String,
    },
    /// The expected file has the field; the output does not.
    Missing,
    /// The output has a field the expected file does not.
    New,
}

impl fmt::Display for Difference {
    /// `item 7 · deadline.date: 2022-10-31 → 2022-09-30`, `item 12 · missing`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.scope)?;
        match &self.change {
            Change::Changed { from, to } => {
                write!(f, " · {}: {}", self.field, crate::text::marked(from, to))
            }
            Change::Missing if self.field.is_empty() => write!(f, " · missing"),
            Change::New if self.field.is_empty() => write!(f, " · new"),
            Change::Missing => write!(f, " · missing: {}", self.field),
            Change::New => write!(f, " · new: {}", self.field),
        }
    }
}

fn show(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    text.replace('\n', "⏎")
}

fn walk(scope: &str, path: &str, expected: &Value, actual: &Value, out: &mut Vec<Difference>) {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(
                    scope,
                    &sub,
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                walk(scope, &format!("{path}[{i}]"), x, y, out);
            }
        }
        (x, y) if x != y => out.push(Difference {
            scope: scope.to_string(),
            field: path.to_string(),
            change: Change::Changed {
                from: show(x),
                to: show(y),
            },
        }),
        _ => {}
    }
}

/// A task's key for pairing: its item number (or `#seq` when it has none), with a counter for
/// numbers that repeat.
fn keyed(tasks: &[Value]) -> Vec<(String, &Value)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    tasks
        .iter()
        .map(|t| {
            let base = match t.get("number") {
                Some(Value::Number(n)) => format!("item {n}"),
                _ => format!(
                    "item #{}",
                    t.get("seq")
                        .map_or("?".into(), std::string::ToString::to_string)
                ),
            };
            let count = seen.entry(base.clone()).or_insert(0);
            *count += 1;
            let key = if *count == 1 {
                base
            } else {
                format!("{base} ({count})")
            };
            (key, t)
        })
        .collect()
}

fn diagnostic_line(d: &Value) -> String {
    let field = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("");
    let location = d
        .get("location")
        .and_then(Value::as_str)
        .map(|l| format!("{l}: "))
        .unwrap_or_default();
    format!(
        "{}[{}] {location}{}",
        field("severity"),
        field("code"),
        field("message")
    )
}

/// Compares two JSON documents of the notice schema. `source.path` is ignored: it changes with
/// where a file is checked from.
#[must_use]
pub fn compare(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    let source = |v: &Value| {
        let mut s = v.get("source").cloned().unwrap_or(Value::Null);
        if let Some(o) = s.as_object_mut() {
            o.remove("path");
        }
        s
    };
    walk("source", "", &source(expected), &source(actual), &mut out);
    let get = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    walk(
        "notice",
        "",
        &get(expected, "notice"),
        &get(actual, "notice"),
        &mut out,
    );

    let empty = Vec::new();
    let tasks = |v: &Value| {
        v.get("tasks")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (a, b) = (tasks(expected), tasks(actual));
    let (a, b) = (keyed(if a.is_empty() { &empty } else { &a }), keyed(&b));
    let b_map: BTreeMap<&str, &Value> = b.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let a_map: BTreeMap<&str, &Value> = a.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    for (key, task) in &a {
        match b_map.get(key.as_str()) {
            Some(other) => walk(key, "", task, other, &mut out),
            None => out.push(Difference {
                scope: key.clone(),
                field: String::new(),
                change: Change::Missing,
            }),
        }
    }
    for (key, _) in &b {
        if !a_map.contains_key(key.as_str()) {
            out.push(Difference {
                scope: key.clone(),
                field: String::new(),
                change: Change::New,
            });
        }
    }

    let lines = |v: &Value| -> Vec<String> {
        v.get("diagnostics")
            .and_then(Value::as_array)
            .map(|ds| ds.iter().map(diagnostic_line).collect())
            .unwrap_or_default()
    };
    let (da, db) = (lines(expected), lines(actual));
    let mut remaining = db.clone();
    for line in &da {
        match remaining.iter().position(|l| l == line) {
            Some(i) => {
                remaining.remove(i);
            }
            None => out.push(Difference {
                scope: "diagnostics".into(),
                field: line.clone(),
                change: Change::Missing,
            }),
        }
    }
    for line in remaining {
        out.push(Difference {
            scope: "diagnostics".into(),
            field: line,
            change: Change::New,
        });
    }
    out
}

/// Per-fixture options, from `notice.docx.options.toml` beside the document.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureOptions {
    year: Option<i16>,
    /// A unit registry, relative to the document's folder.
    units: Option<PathBuf>,
    #[serde(default)]
    expand_groups: bool,
    input_encoding: Option<String>,
}

/// What checking one document found.
#[derive(Debug)]
pub enum Outcome {
    /// The output equals the expected file.
    Same,
    /// The output differs, field by field.
    Differs(Vec<Difference>),
    /// `--bless` wrote the expected file.
    Blessed,
    /// The document could not be converted (or its expected file read).
    Failed(String),
}

/// The options a fixture asks for, on top of `base`.
///
/// # Errors
///
/// When `NAME.options.toml` cannot be read or parsed, or names a registry that cannot be loaded.
pub fn options_for(document: &Path, base: &Options) -> Result<Options, String> {
    let mut options = base.clone();
    let path = PathBuf::from(format!("{}{OPTIONS}", document.display()));
    if !path.exists() {
        return Ok(options);
    }
    let text = crate::files::read_text(&path, crate::files::SETTINGS_BYTES)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let file: FixtureOptions =
        toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))?;
    options.year = file.year.or(options.year);
    options.expand_groups |= file.expand_groups;
    if let Some(label) = file.input_encoding {
        options.read = ReadOptions {
            encoding: Some(label),
            ..options.read
        };
    }
    if let Some(units) = file.units {
        let units = document.parent().unwrap_or(Path::new(".")).join(units);
        options.registry = Some(Arc::new(crate::files::read_registry(&units)?));
    }
    Ok(options)
}

/// Converts a document as `fenjie check` does: the report's path is the file name alone, so
/// expected files do not depend on where they are checked from.
///
/// # Errors
///
/// When the document cannot be read or converted, or its report violates the schema.
pub fn convert(document: &Path, options: &Options) -> Result<Value, String> {
    let name = document
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let (_, report) =
        crate::files::convert_file(document, &name, options).map_err(|e| e.to_string())?;
    crate::files::validated(&report, || serde_json::to_value(&report))
        .map_err(|v| v.to_string())?
        .map_err(|e| e.to_string())
}

/// Checks one document against its expected file, or writes that file when `bless`.
#[must_use]
pub fn check_document(document: &Path, base: &Options, bless: bool) -> Outcome {
    let expected_path = PathBuf::from(format!("{}{EXPECTED}", document.display()));
    let actual = match options_for(document, base).and_then(|o| convert(document, &o)) {
        Ok(v) => v,
        Err(e) => return Outcome::Failed(e),
    };
    if bless {
        let mut text = match serde_json::to_string_pretty(&actual) {
            Ok(t) => t,
            Err(e) => return Outcome::Failed(e.to_string()),
        };
        text.push('\n');
        // Only what changed is written, and through a temporary file and a rename, so a reader
        // never sees a half-written expected file.
        if crate::files::read_input(&expected_path, base.read.limits.input_bytes)
            .is_ok_and(|old| old == text.as_bytes())
        {
            return Outcome::Same;
        }
        return match crate::files::write_atomically(&expected_path, text.as_bytes()) {
            Ok(()) => Outcome::Blessed,
            Err(e) => Outcome::Failed(format!("{}: {e}", expected_path.display())),
        };
    }
    let expected = match crate::files::read_input(&expected_path, base.read.limits.input_bytes)
        .map_err(|(reason, _)| reason)
        .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => return Outcome::Failed(format!("{}: {e}", expected_path.display())),
    };
    let differences = compare(&expected, &actual);
    if differences.is_empty() {
        Outcome::Same
    } else {
        Outcome::Differs(differences)
    }
}

/// True for the files that sit beside documents: expected outputs, options, registries, notes.
fn is_companion(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.ends_with(EXPECTED)
        || name.ends_with(OPTIONS)
        || name.starts_with('.')
        || [".toml", ".md", ".json"].iter().any(|e| name.ends_with(e))
}

/// Documents under `roots` (recursively) that have an expected file beside them, sorted. With
/// `unblessed`, also those without one (to write it).
/// What the roots hold besides documents with expected files: expected files whose document is
/// gone, and documents without an expected file.
///
/// # Errors
///
/// When a folder cannot be read.
pub fn strays(roots: &[PathBuf]) -> std::io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut orphans = Vec::new();
    let mut unchecked = Vec::new();
    for root in roots.iter().filter(|r| r.is_dir()) {
        for path in crate::files::files_under(root, &|_| false)? {
            let name = path.to_string_lossy().into_owned();
            if let Some(document) = name.strip_suffix(EXPECTED) {
                if !Path::new(document).exists() {
                    orphans.push(path);
                }
            } else if !is_companion(&path) && !PathBuf::from(format!("{name}{EXPECTED}")).is_file()
            {
                unchecked.push(path);
            }
        }
    }
    orphans.sort();
    unchecked.sort();
    Ok((orphans, unchecked))
}

/// Documents under `roots` with an expected file beside them (with `unblessed`, also those without one), sorted.
///
/// # Errors
///
/// When a folder cannot be read.
pub fn documents(roots: &[PathBuf], unblessed: bool) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for root in roots {
        if root.is_file() {
            out.push(root.clone());
            continue;
        }
        let has_expected =
            |path: &Path| PathBuf::from(format!("{}{EXPECTED}", path.display())).is_file();
        out.extend(
            crate::files::files_under(root, &|_| false)?
                .into_iter()
                .filter(|path| !is_companion(path) && (unblessed || has_expected(path))),
        );
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(tasks: Value) -> Value {
        json!({"source": {"path": "/a/x.txt", "format": "text", "sha256": "00"}, "notice": {"title": "t"}, "tasks": tasks, "diagnostics": []})
    }

    #[test]
    fn differences_read_field_by_field() {
        let a = doc(json!([
            {"seq": 1, "number": 7, "deadline": {"date": "2022-10-31"}},
            {"seq": 2, "number": 12, "deadline": {"date": null}}
        ]));
        let mut b = doc(json!([
            {"seq": 1, "number": 7, "deadline": {"date": "2022-09-30"}},
            {"seq": 2, "number": 29, "deadline": {"date": null}}
        ]));
        b["source"]["path"] = json!("/elsewhere/x.txt");
        let lines: Vec<String> = compare(&a, &b).iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "item 7 · deadline.date: 2022-10-31 → 2022-09-30",
                "item 12 · missing",
                "item 29 · new"
            ]
        );
    }

    #[test]
    fn identical_documents_do_not_differ() {
        let a = doc(json!([{"seq": 1, "number": null}]));
        assert!(compare(&a, &a.clone()).is_empty());
    }
}
