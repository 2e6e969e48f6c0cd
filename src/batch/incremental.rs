//! `batch --incremental`: what an earlier run saw of each input (the SHA-256 of its bytes), so
//! that an input whose content is unchanged is listed again instead of converted again.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Plan;

/// An input an earlier run saw as it is now.
pub(super) struct Unchanged {
    /// Its entry in the earlier `summary.json`; none when only the database knew it.
    pub(super) earlier: Option<serde_json::Value>,
}

/// The inputs an earlier run converted, by the path it was given as, with the hash of the bytes
/// it read.
pub(super) struct Known {
    /// From the `summary.json` in the output folder: input → (SHA-256, its entry).
    summary: HashMap<String, (String, serde_json::Value)>,
    /// From the database (`--sqlite`): (path, SHA-256) of every notice stored.
    database: Option<HashSet<(String, String)>>,
}

impl Known {
    /// What the output folder's `summary.json` and the database (when the run stores into one)
    /// say; neither is required: a first run knows nothing and converts everything.
    ///
    /// # Errors
    ///
    /// When the database exists but cannot be read.
    pub(super) fn load(plan: &Plan) -> Result<Known, String> {
        let database = match &plan.sqlite {
            Some(path) if path.exists() => Some(
                crate::emit::sqlite::stored(path)
                    .map_err(|e| format!("{}: cannot read the database: {e}", path.display()))?
                    .into_iter()
                    .collect(),
            ),
            Some(_) => Some(HashSet::new()),
            None => None,
        };
        Ok(Known {
            summary: summary_entries(&plan.out_dir.join("summary.json")),
            database,
        })
    }

    /// The entry to list for an input read as `sha256` whose output is at `output`, when the
    /// earlier run saw the same bytes there: its earlier entry (status `unchanged`), or a bare
    /// one when only the database knew it. `None`: convert it.
    pub(super) fn unchanged(&self, input: &str, sha256: &str, output: &Path) -> Option<Unchanged> {
        if !output.is_file() {
            return None;
        }
        let earlier = self
            .summary
            .get(input)
            .filter(|(seen, _)| seen == sha256)
            .map(|(_, entry)| entry.clone());
        match &self.database {
            // The database is what a run with --sqlite keeps: it must hold these bytes.
            Some(stored) => stored
                .contains(&(input.to_string(), sha256.to_string()))
                .then_some(Unchanged { earlier }),
            None => earlier.map(|entry| Unchanged {
                earlier: Some(entry),
            }),
        }
    }
}

/// The entries of an earlier `summary.json` that were converted (or unchanged), by input; none
/// when there is no such file or it is not one fenjie wrote.
fn summary_entries(path: &Path) -> HashMap<String, (String, serde_json::Value)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    let Ok(summary) = serde_json::from_str::<serde_json::Value>(&text) else {
        return HashMap::new();
    };
    let files = summary["files"].as_array().cloned().unwrap_or_default();
    files
        .into_iter()
        .filter(|entry| matches!(entry["status"].as_str(), Some("converted" | "unchanged")))
        .filter_map(|entry| {
            let input = entry["input"].as_str()?.to_string();
            let sha256 = entry["sha256"].as_str()?.to_string();
            Some((input, (sha256, entry)))
        })
        .collect()
}
