//! A Frictionless data package (`datapackage.json`) describing the CSV output: one tabular
//! resource whose Table Schema gives each column's type, which are required, the enum values of
//! roles and deadline kinds, and (in descriptions) the list separator. Consumers check a file with
//! `frictionless validate NAME.datapackage.json`.

use serde_json::{Value, json};

use super::columns::{COLUMNS, Column, Field, LIST_SEPARATOR, NOTICE_COLUMNS};
use crate::report::{DeadlineKind, Period, spelling};

fn field<R>(column: &Column<R>) -> Value {
    let list = |what: &str| format!("{what}, joined with {LIST_SEPARATOR}");
    let spellings = |all: Vec<String>, required: bool| {
        if required {
            json!({"type": "string", "constraints": {"required": true, "enum": all}})
        } else {
            json!({"type": "string", "constraints": {"enum": all}})
        }
    };
    let mut field = match column.field {
        Field::Text => json!({"type": "string"}),
        Field::Required => json!({"type": "string", "constraints": {"required": true}}),
        Field::Integer {
            required,
            description,
        } => {
            let mut f = if required {
                json!({"type": "integer", "constraints": {"required": true, "minimum": 1}})
            } else {
                json!({"type": "integer", "constraints": {"minimum": 1}})
            };
            if !description.is_empty() {
                f["description"] = json!(description);
            }
            f
        }
        Field::Boolean => {
            json!({"type": "boolean", "constraints": {"required": true}, "trueValues": ["true"], "falseValues": ["false"]})
        }
        Field::Date => json!({"type": "date", "format": "%Y-%m-%d"}),
        Field::List(what) => json!({"type": "string", "description": list(what)}),
        Field::Json(what) => json!({"type": "string", "description": what}),
        Field::DeadlineKind => spellings(DeadlineKind::ALL.iter().map(spelling).collect(), true),
        Field::Period => spellings(Period::ALL.iter().map(spelling).collect(), false),
    };
    field["name"] = json!(column.name);
    field
}

/// The data package for a CSV file named `file` (with the notice columns when `with_notice`),
/// written in `encoding` (`utf-8`, `utf-8-sig` with a BOM, `gb18030`).
#[must_use]
pub fn describe(file: &str, with_notice: bool, encoding: &str) -> Value {
    let notice = if with_notice { NOTICE_COLUMNS } else { &[] };
    let fields: Vec<Value> = (notice.iter().map(field))
        .chain(COLUMNS.iter().map(field))
        .collect();
    // A task's id is stable per notice, so one notice saved in two formats gives the same ids:
    // in a file of many inputs a row is told by its input and its id.
    let key = if with_notice {
        json!(["notice_path", "id"])
    } else {
        json!(["id"])
    };
    json!({
        "name": "fenjie-tasks",
        "version": crate::report::SCHEMA_VERSION,
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
                "primaryKey": key,
                "missingValues": [""],
            },
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn a_file_of_many_inputs_tells_rows_by_input_and_id() {
        let one = describe("n.csv", false, "utf-8");
        assert_eq!(
            one["resources"][0]["schema"]["primaryKey"],
            serde_json::json!(["id"])
        );
        // The same notice as .docx and .txt in one combined file: the same ids, other paths.
        let all = describe("all.csv", true, "utf-8");
        assert_eq!(
            all["resources"][0]["schema"]["primaryKey"],
            serde_json::json!(["notice_path", "id"])
        );
    }
}
