//! Checking output against the published JSON Schema (`schemas/notice.schema.json`, draft
//! 2020-12), compiled once. A report that fails it is a bug in fenjie.

use std::sync::LazyLock;

/// The JSON Schema of the JSON document fenjie writes.
pub const SCHEMA: &str = include_str!("../schemas/notice.schema.json");

static VALIDATOR: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    // invariant: the schema is compiled in and checked by `schema_compiles`.
    let schema: serde_json::Value =
        serde_json::from_str(SCHEMA).expect("invariant: schema is JSON");
    jsonschema::draft202012::new(&schema)
        .expect("invariant: schema is a valid draft 2020-12 schema")
});

/// Validates a JSON document; returns each violation as `path: message`.
pub fn check(document: &serde_json::Value) -> Result<(), Vec<String>> {
    let errors: Vec<String> = VALIDATOR
        .iter_errors(document)
        .map(|e| {
            let path = e.instance_path().to_string();
            format!("{}: {e}", if path.is_empty() { "/" } else { &path })
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles() {
        let _ = &*VALIDATOR;
    }

    #[test]
    fn violations_name_the_path() {
        let errors = check(&serde_json::json!({"tasks": 3})).unwrap_err();
        assert!(errors.iter().any(|e| e.starts_with('/')), "{errors:?}");
    }
}
