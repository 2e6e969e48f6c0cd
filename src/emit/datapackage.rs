//! A Frictionless data package (`datapackage.json`) describing the CSV output: one tabular
//! resource whose Table Schema gives each column's type, which are required, the enum values of
//! roles and deadline kinds, and (in descriptions) the list separator. Consumers check a file with
//! `frictionless validate NAME.datapackage.json`.

use serde_json::{Value, json};

use super::csv::{COLUMNS, LIST_SEPARATOR};

fn field(name: &str) -> Value {
    let list = |what: &str| format!("{what}, joined with {LIST_SEPARATOR}");
    match name {
        "seq" => {
            json!({"type": "integer", "constraints": {"required": true, "minimum": 1}, "description": "1-based position of the task in its notice"})
        }
        "number" => {
            json!({"type": "integer", "constraints": {"minimum": 1}, "description": "the item number printed in the notice, or inferred"})
        }
        "number_inferred" | "deadline_ongoing" => {
            json!({"type": "boolean", "constraints": {"required": true}, "trueValues": ["true"], "falseValues": ["false"]})
        }
        "section_ordinal" | "subsection_ordinal" => {
            json!({"type": "integer", "constraints": {"minimum": 1}})
        }
        "units" => {
            json!({"type": "string", "description": list("all unit names (canonical where known)")})
        }
        "lead_units" => {
            json!({"type": "string", "description": list("units with role lead (牵头)")})
        }
        "cooperating_units" => {
            json!({"type": "string", "description": list("units with role cooperate (配合)")})
        }
        "responsible_units" => {
            json!({"type": "string", "description": list("units with no role written")})
        }
        "unknown_units" => {
            json!({"type": "string", "description": list("units not in the registry")})
        }
        "deadline_kind" => {
            json!({"type": "string", "constraints": {"required": true, "enum": ["ongoing", "due", "recurring", "as_required", "unknown"]}})
        }
        "deadline_date" => json!({"type": "date", "format": "%Y-%m-%d"}),
        "deadline_period" => {
            json!({"type": "string", "constraints": {"enum": ["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly", "regular"]}})
        }
        "extra" => {
            json!({"type": "string", "description": "cells of unrecognised columns, as a JSON object keyed by header"})
        }
        "source" | "notice_path" => json!({"type": "string", "constraints": {"required": true}}),
        _ => json!({"type": "string"}),
    }
}

/// The data package for a CSV file named `file` (with the notice columns when `with_notice`),
/// written in `encoding` (`utf-8`, `utf-8-sig` with a BOM, `gb18030`).
#[must_use]
pub fn describe(file: &str, with_notice: bool, encoding: &str) -> Value {
    let mut names: Vec<&str> = Vec::new();
    if with_notice {
        names.extend(super::csv::NOTICE_COLUMNS);
    }
    names.extend(COLUMNS);
    let fields: Vec<Value> = names
        .iter()
        .map(|name| {
            let mut f = field(name);
            f["name"] = json!(name);
            f
        })
        .collect();
    json!({
        "name": "fenjie-tasks",
        "title": "Work items of task-breakdown notices (任务分解表), converted by fenjie",
        "resources": [{
            "name": "tasks",
            "path": file,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": encoding,
            "schema": {
                "fields": fields,
                "missingValues": [""],
            },
        }],
    })
}
