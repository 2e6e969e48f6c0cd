//! Text that is no notice: a file that parses completely as data of another kind (JSON, JSON
//! Lines, TOML, CSV — fenjie's own outputs among them), Markdown documentation, or text without
//! a single Chinese character. A batch folder holds such files beside the notices; read as text
//! they would give invented tasks, so they are named and skipped instead.

/// What the decoded text is, when it is not a notice: `JSON`, `JSON Lines`, `TOML`, `CSV`,
/// `Markdown` or `text without Chinese`. `None` for text that may be a notice (including a
/// table written with pipes, `| a | b |` under a `|---|` rule).
#[must_use]
pub fn other_kind(text: &str) -> Option<&'static str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if !text.chars().any(crate::text::is_cjk) {
        return Some("text without Chinese");
    }
    if is_json(text) {
        return Some("JSON");
    }
    if is_json_lines(text) {
        return Some("JSON Lines");
    }
    if is_toml(text) {
        return Some("TOML");
    }
    if is_csv(text) {
        return Some("CSV");
    }
    if is_markdown(text) {
        return Some("Markdown");
    }
    None
}

fn is_json(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Every line a JSON value, and at least two of them objects or arrays.
fn is_json_lines(text: &str) -> bool {
    let mut structured = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !(line.starts_with('{') || line.starts_with('[')) {
            return false;
        }
        if serde_json::from_str::<serde::de::IgnoredAny>(line).is_err() {
            return false;
        }
        structured += 1;
    }
    structured >= 2
}

/// A TOML document with at least one key (a unit registry, an options file).
fn is_toml(text: &str) -> bool {
    // TOML's first significant line is a key or a table header, both ASCII-led; a notice's
    // first line is Chinese text, which no TOML parser accepts: skip the parse for it.
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    let keyed =
        |l: &str| l.starts_with(|c: char| c.is_ascii_alphanumeric() || "[\"'_-".contains(c));
    if !first.is_some_and(keyed) {
        return false;
    }
    toml::from_str::<toml::Table>(text).is_ok_and(|t| !t.is_empty())
}

/// Comma-separated records: at least two, all with the same number of fields, three or more,
/// and no tab (a tab-separated table is a notice's shape).
fn is_csv(text: &str) -> bool {
    if text.contains('\t') {
        return false;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(text.as_bytes());
    // Not flexible: a record of another width is an error, so all have the first's width.
    let mut records = 0;
    for record in reader.records() {
        let Ok(record) = record else { return false };
        if records == 0 && record.len() < 3 {
            return false;
        }
        records += 1;
    }
    records >= 2
}

/// Markdown documentation: a `#` heading and code in backticks, which no notice holds. A pipe
/// table alone is not enough: notices are copied as pipe tables.
fn is_markdown(text: &str) -> bool {
    let heading = text.lines().any(|l| {
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    });
    let code = text
        .lines()
        .any(|l| l.starts_with("```") || l.matches('`').count() >= 2 && !l.contains("``"));
    heading && code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_kinds_of_text_are_named() {
        let cases: &[(&str, Option<&str>)] = &[
            ("工作任务\t工作要求\t责任单位\n加强\t要求\t司法局\n", None),
            (
                "| 工作任务 | 责任单位 |\n|---|---|\n| 加强 | 司法局 |\n",
                None,
            ),
            (
                "一、加强监管，由司法局负责。\n二、推进公开，由财政局负责。\n",
                None,
            ),
            ("{\"tasks\": [{\"task\": \"加强\"}]}", Some("JSON")),
            (
                "{\"task\": \"加强\"}\n{\"task\": \"推进\"}\n",
                Some("JSON Lines"),
            ),
            ("[[unit]]\nname = \"司法局\"\n", Some("TOML")),
            (
                "序号,工作任务,责任单位\n1,加强,司法局\n2,推进,财政局\n",
                Some("CSV"),
            ),
            ("# 说明\n\n`huli.txt` 湖里区\n", Some("Markdown")),
            (
                "plain English text\nwith no table\n",
                Some("text without Chinese"),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(other_kind(text), *want, "{text:?}");
        }
    }
}
