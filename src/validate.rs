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

fn errors(validator: &jsonschema::Validator, value: &Value, prefix: &str) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| {
            let path = format!("{prefix}{}", e.instance_path());
            format!("{}: {e}", if path.is_empty() { "/" } else { &path })
        })
        .collect()
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

/// Validates a report as the JSON document it serialises to, one task at a time, so memory does
/// not grow with the number of tasks: the document without its tasks, then each task against the
/// schema's task definition.
///
/// # Errors
///
/// Each violation of the schema, as `path: message`.
pub fn report(report: &Report) -> Result<(), Vec<String>> {
    let to_value = |v: Result<Value, serde_json::Error>| {
        v.map_err(|e| vec![format!("/: cannot serialise: {e}")])
    };
    let envelope = json!({
        "source": to_value(serde_json::to_value(&report.source))?,
        "notice": to_value(serde_json::to_value(&report.notice))?,
        "registry": to_value(serde_json::to_value(&report.registry))?,
        "tasks": [],
        "diagnostics": to_value(serde_json::to_value(&report.diagnostics))?,
    });
    let mut found = errors(&DOCUMENT, &envelope, "");
    // Tasks are independent: check large reports on every core, in chunks, keeping the order.
    let check = |(i, task): (usize, &crate::Task)| match serde_json::to_value(task) {
        Ok(value) => errors(&TASK, &value, &format!("/tasks/{i}")),
        Err(e) => vec![format!("/tasks/{i}: cannot serialise: {e}")],
    };
    let per_task: Vec<Vec<String>> = if report.tasks.len() >= PARALLEL_FROM {
        report
            .tasks
            .par_iter()
            .enumerate()
            .with_min_len(256)
            .map(check)
            .collect()
    } else {
        report.tasks.iter().enumerate().map(check).collect()
    };
    found.extend(per_task.into_iter().flatten());
    if found.is_empty() { Ok(()) } else { Err(found) }
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
}
