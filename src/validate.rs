//! Checking output against the published JSON Schema (`schemas/notice.schema.json`, draft
//! 2020-12), compiled once. A report that fails it is a bug in fenjie.

use std::sync::LazyLock;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::report::Report;

/// Reports with at least this many tasks are checked on every core; smaller ones on one, which
/// costs less than starting threads.
pub const PARALLEL_FROM: usize = 2_000;

/// The JSON Schema of the JSON document fenjie writes.
pub const SCHEMA: &str = include_str!("../schemas/notice.schema.json");

fn schema() -> Value {
    // invariant: the schema is compiled in and checked by `schema_compiles`.
    serde_json::from_str(SCHEMA).expect("invariant: schema is JSON")
}

static DOCUMENT: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    jsonschema::draft202012::new(&schema())
        .expect("invariant: schema is a valid draft 2020-12 schema")
});

/// The same schema's task definition on its own, to check a report task by task.
static TASK: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let full = schema();
    let task = json!({
        "$schema": full["$schema"],
        "$defs": full["$defs"],
        "$ref": "#/$defs/task",
    });
    jsonschema::draft202012::new(&task).expect("invariant: the task definition is a valid schema")
});

/// The JSON Schema of one JSON Lines record (`schemas/record.schema.json`): the notice
/// schema's `record` definition on its own, with the definitions it refers to.
#[must_use]
pub fn record_schema() -> Value {
    let full = schema();
    json!({
        "$schema": full["$schema"],
        "$id": format!("urn:fenjie:schema:record:{}", crate::report::SCHEMA_VERSION),
        "title": "fenjie JSON Lines record",
        "description": full["$defs"]["record"]["description"],
        "$defs": full["$defs"],
        "$ref": "#/$defs/record",
    })
}

static RECORD: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    jsonschema::draft202012::new(&record_schema())
        .expect("invariant: the record definition is a valid schema")
});

/// Validates one JSON Lines record against [`record_schema`].
///
/// # Errors
///
/// Each violation of the schema, as `path: message`.
pub fn check_record(record: &Value) -> Result<(), Vec<String>> {
    let found = errors(&RECORD, record, "");
    if found.is_empty() { Ok(()) } else { Err(found) }
}

fn errors(validator: &jsonschema::Validator, value: &Value, prefix: &str) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| {
            let path = format!("{prefix}{}", e.instance_path());
            format!("{}: {e}", if path.is_empty() { "/" } else { &path })
        })
        .collect()
}

/// The JSON Schema of the diff document (`fenjie diff -f json`).
pub const DIFF_SCHEMA: &str = include_str!("../schemas/diff.schema.json");

static DIFF: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    // invariant: the schema is compiled in and checked by `diff_schema_compiles`.
    let schema: Value = serde_json::from_str(DIFF_SCHEMA).expect("invariant: diff schema is JSON");
    jsonschema::draft202012::new(&schema)
        .expect("invariant: the diff schema is a valid draft 2020-12 schema")
});

/// Validates a diff document against [`DIFF_SCHEMA`].
///
/// # Errors
///
/// Each violation of the schema, as `path: message`.
pub fn check_diff(document: &Value) -> Result<(), Vec<String>> {
    let found = errors(&DIFF, document, "");
    if found.is_empty() { Ok(()) } else { Err(found) }
}

/// Validates a JSON document; returns each violation as `path: message`.
///
/// # Errors
///
/// Each violation of the schema, as `path: message`.
pub fn check(document: &Value) -> Result<(), Vec<String>> {
    let found = errors(&DOCUMENT, document, "");
    if found.is_empty() { Ok(()) } else { Err(found) }
}

/// Validates a report as the JSON document it serialises to: the document without its tasks,
/// then the tasks against the schema's task definition, each distinct [`shape`] once.
///
/// Tasks of one notice repeat the same units, deadlines and headings row after row and differ in
/// free text, which the schema constrains only to be a string, sometimes a non-empty one. Two
/// tasks of one shape therefore validate alike, and the first of each shape stands for the rest
/// (`schema_constrains_free_text_only_by_emptiness` holds the schema to that). When any task
/// fails, every task is checked, so each violation is named.
///
/// # Errors
///
/// Each violation of the schema, as `path: message`.
pub fn report(report: &Report) -> Result<(), Vec<String>> {
    let to_value = |v: Result<Value, serde_json::Error>| {
        v.map_err(|e| vec![format!("/: cannot serialise: {e}")])
    };
    let envelope = json!({
        "schema_version": report.schema_version,
        "key": report.key,
        "source": to_value(serde_json::to_value(&report.source))?,
        "notice": to_value(serde_json::to_value(&report.notice))?,
        "registry": to_value(serde_json::to_value(&report.registry))?,
        "tasks": [],
        "diagnostics": to_value(serde_json::to_value(&report.diagnostics))?,
    });
    let mut found = errors(&DOCUMENT, &envelope, "");
    let representatives = distinct_shapes(&report.tasks);
    let checked = check_tasks(&report.tasks, &representatives);
    if checked.iter().any(|e| !e.is_empty()) {
        let all: Vec<usize> = (0..report.tasks.len()).collect();
        found.extend(check_tasks(&report.tasks, &all).into_iter().flatten());
    }
    if found.is_empty() { Ok(()) } else { Err(found) }
}

/// Checks the tasks at `indices` against the task definition; large sets on every core.
fn check_tasks(tasks: &[crate::Task], indices: &[usize]) -> Vec<Vec<String>> {
    let check = |&i: &usize| match serde_json::to_value(&tasks[i]) {
        Ok(value) => errors(&TASK, &value, &format!("/tasks/{i}")),
        Err(e) => vec![format!("/tasks/{i}: cannot serialise: {e}")],
    };
    if indices.len() >= PARALLEL_FROM {
        indices.par_iter().with_min_len(256).map(check).collect()
    } else {
        indices.iter().map(check).collect()
    }
}

/// The index of the first task of each distinct shape, in order. Shapes are written into one
/// buffer; only the distinct ones are kept.
fn distinct_shapes(tasks: &[crate::Task]) -> Vec<usize> {
    let mut seen: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
    let mut buffer = Vec::with_capacity(512);
    let mut first = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        buffer.clear();
        write_shape(task, &mut buffer);
        if !seen.contains(buffer.as_slice()) {
            seen.insert(buffer.clone());
            first.push(i);
        }
    }
    first
}

/// What the schema can tell apart in a value: its JSON with free text and counts replaced by
/// their class. A string stays as written when it is spelled as the schema's enumerations and
/// field names are (`as_required`); a calendar date becomes "date"; any other string becomes
/// "empty" or "text". A whole number of 1 or more
/// becomes "positive"; other numbers stay. Structure, booleans and nulls stay.
pub fn shape<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write_shape(value, &mut out);
    out
}

fn write_shape<T: serde::Serialize>(value: &T, out: &mut Vec<u8>) {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, Shape::default());
    if value.serialize(&mut serializer).is_err() {
        // Unserialisable: a key of its own, so the value is checked (and the error said).
        out.clear();
        out.push(b'!');
    }
}

/// A JSON formatter that writes a value's [`shape`].
#[derive(Default)]
struct Shape {
    string: Vec<u8>,
}

impl Shape {
    /// Longer than any spelling of the schema's enumerations (`county-or-district`).
    const SHORT: usize = 24;
}

/// A string spelled as the schema's enumerations and field names are: `a-z`, `_`, `-`.
fn is_spelling(s: &[u8]) -> bool {
    !s.is_empty()
        && s.iter()
            .all(|b| b.is_ascii_lowercase() || *b == b'_' || *b == b'-')
}

/// Shaped as the schema's dates: `YYYY-MM-DD`, perhaps with a minus sign.
fn is_date_like(s: &[u8]) -> bool {
    let s = s.strip_prefix(b"-").unwrap_or(s);
    s.len() == 10
        && s.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// A date of the calendar, as the schema's date definition takes it.
fn is_date(s: &[u8]) -> bool {
    is_date_like(s) && std::str::from_utf8(s).is_ok_and(|s| s.parse::<jiff::civil::Date>().is_ok())
}

impl serde_json::ser::Formatter for Shape {
    fn begin_string<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.string.clear();
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        _: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if self.string.len() <= Self::SHORT {
            self.string.extend_from_slice(fragment.as_bytes());
        }
        Ok(())
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        _: &mut W,
        _: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        // An escaped character (a quote, a control character) makes the string free text.
        self.string.extend_from_slice(&[0xFF; Self::SHORT + 1]);
        Ok(())
    }

    fn end_string<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        let s = &self.string;
        if s.len() <= Self::SHORT && is_spelling(s) {
            out.write_all(b"\"")?;
            out.write_all(s)?;
            out.write_all(b"\"")
        } else if s.is_empty() {
            out.write_all(b"\"\"")
        } else if is_date(s) {
            out.write_all(b"<date>")
        } else if is_date_like(s) {
            // Shaped as a date but none: kept, so it is checked on its own.
            out.write_all(s)
        } else {
            out.write_all(b"<text>")
        }
    }

    fn write_u64<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        n: u64,
    ) -> std::io::Result<()> {
        if n >= 1 {
            out.write_all(b"<positive>")
        } else {
            out.write_all(b"0")
        }
    }

    fn write_u32<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        n: u32,
    ) -> std::io::Result<()> {
        self.write_u64(out, u64::from(n))
    }

    fn write_i64<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        n: i64,
    ) -> std::io::Result<()> {
        if n >= 1 {
            out.write_all(b"<positive>")
        } else {
            write!(out, "{n}")
        }
    }

    fn write_i32<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        n: i32,
    ) -> std::io::Result<()> {
        self.write_i64(out, i64::from(n))
    }

    fn write_i16<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        n: i16,
    ) -> std::io::Result<()> {
        self.write_i64(out, i64::from(n))
    }

    fn write_i8<W: ?Sized + std::io::Write>(&mut self, out: &mut W, n: i8) -> std::io::Result<()> {
        self.write_i64(out, i64::from(n))
    }

    fn write_u16<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        n: u16,
    ) -> std::io::Result<()> {
        self.write_u64(out, u64::from(n))
    }

    fn write_u8<W: ?Sized + std::io::Write>(&mut self, out: &mut W, n: u8) -> std::io::Result<()> {
        self.write_u64(out, u64::from(n))
    }

    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        n: f64,
    ) -> std::io::Result<()> {
        // No output number is fractional; one would be checked on its own.
        write!(out, "{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles() {
        let _ = &*DOCUMENT;
        let _ = &*TASK;
    }

    #[test]
    fn diff_schema_compiles() {
        let _ = &*DIFF;
    }

    #[test]
    fn violations_name_the_path() {
        let errors = check(&json!({"tasks": 3})).unwrap_err();
        assert!(errors.iter().any(|e| e.starts_with('/')), "{errors:?}");
    }

    #[test]
    fn task_by_task_finds_what_the_whole_document_finds() {
        let text = "工作任务\t工作要求\t责任单位\t时限\n一、甲\t要求。\t司法局\t年底前\n";
        let mut r = crate::convert("x.txt", text.as_bytes(), &crate::Options::default()).unwrap();
        assert!(report(&r).is_ok());
        assert!(check(&serde_json::to_value(&r).unwrap()).is_ok());
        r.tasks[0].seq = 0;
        let by_task = report(&r).unwrap_err();
        let whole = check(&serde_json::to_value(&r).unwrap()).unwrap_err();
        assert_eq!(by_task, whole);
        assert!(by_task[0].starts_with("/tasks/0/seq"), "{by_task:?}");
    }

    /// The schema may tell free text apart only by emptiness, and numbers only by being at
    /// least 1: what [`shape`] keeps. A new constraint of another kind fails here, and `shape`
    /// has to keep what it needs.
    #[test]
    fn schema_constrains_free_text_only_by_emptiness() {
        fn walk(v: &Value, path: &str, found: &mut Vec<String>) {
            match v {
                Value::Object(o) => {
                    for (k, x) in o {
                        let here = format!("{path}/{k}");
                        let bad = match k.as_str() {
                            "maxLength" | "maxItems" | "minItems" | "maximum"
                            | "exclusiveMaximum" | "exclusiveMinimum" | "multipleOf"
                            | "uniqueItems" | "minProperties" | "maxProperties"
                            | "propertyNames" | "patternProperties" | "contains" => true,
                            "minLength" | "minimum" => x.as_f64().is_none_or(|n| n > 1.0),
                            "pattern" | "format" => path != "/$defs/date",
                            "enum" => !x.as_array().is_some_and(|values| {
                                values.iter().all(|e| {
                                    e.is_null()
                                        || e.as_str().is_some_and(|s| s.len() <= 16 && s.is_ascii())
                                })
                            }),
                            "const" => {
                                !(x.is_boolean()
                                    || x.as_str().is_some_and(|s| s.len() <= 16 && s.is_ascii()))
                            }
                            _ => false,
                        };
                        if bad && !path.ends_with("/properties") {
                            found.push(here.clone());
                        }
                        walk(x, &here, found);
                    }
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, path, found)),
                _ => {}
            }
        }
        let full = schema();
        let mut found = Vec::new();
        for def in ["task", "heading", "unit", "deadline", "date"] {
            walk(&full["$defs"][def], &format!("/$defs/{def}"), &mut found);
        }
        assert!(
            found.is_empty(),
            "constraints shape() does not keep: {found:?}"
        );
    }

    #[test]
    fn shapes_keep_what_the_schema_checks_and_drop_free_text() {
        let text = "工作任务\t工作要求\t责任单位\t时限\n一、甲\t要求一。\t司法局\t年底前\n\t要求二，另一段话。\t司法局\t年底前\n\t要求三。\t司法局\t长期坚持\n";
        let r = crate::convert("x.txt", text.as_bytes(), &crate::Options::default()).unwrap();
        assert_eq!(shape(&r.tasks[0]), shape(&r.tasks[1]));
        assert_ne!(shape(&r.tasks[1]), shape(&r.tasks[2]));
        assert_eq!(distinct_shapes(&r.tasks), vec![0, 2]);
    }

    #[test]
    fn a_violation_in_any_task_of_a_large_report_is_found() {
        let mut text = String::from("工作任务\t工作要求\t责任单位\t时限\n");
        for i in 0..3_000 {
            text.push_str(&format!("\t要求{i}。\t司法局\t年底前\n"));
        }
        let mut r = crate::convert("x.txt", text.as_bytes(), &crate::Options::default()).unwrap();
        assert!(report(&r).is_ok());
        r.tasks[2_345].responsible.units[0].name = String::new();
        r.tasks[2_346].responsible.units[0].name = String::new();
        let found = report(&r).unwrap_err();
        assert_eq!(
            found,
            check(&serde_json::to_value(&r).unwrap()).unwrap_err()
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }
}
