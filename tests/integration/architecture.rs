//! The folder is the pipeline: every module of the library imports only from stages before it,
//! and no two files of one stage import each other. Read from the source, so a new import
//! against the flow fails here rather than in review.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The library's modules in pipeline order; a module may use only those before it. Items the
/// crate root re-exports are counted as the module that defines them.
const ORDER: &[&str] = &[
    "text",
    "outline",
    "grid",
    "diagnostic",
    "error",
    "syntax",
    "ingest",
    "jurisdiction",
    "notice",
    "layout",
    "records",
    "report",
    "normalize",
    "validate",
    "diff",
    "emit",
    "lib",
    "files",
    "ocr",
    "batch",
    "check",
    "compare",
];

/// The crate root's own items, by the module they count as.
const ROOT_ITEMS: &[(&str, &str)] = &[
    ("Options", "lib"),
    ("convert", "lib"),
    ("source_texts", "lib"),
    ("choose_registry", "lib"),
];

/// The crate root's re-exports (`pub use report::{Task, …};`), each by the module it comes from.
fn reexports() -> Vec<(String, String)> {
    let lib = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .unwrap();
    let mut out = Vec::new();
    for (i, _) in lib.match_indices("\npub use ") {
        let rest = &lib[i + "\npub use ".len()..];
        let statement = &rest[..rest.find(';').unwrap_or(rest.len())];
        let module = statement
            .split("::")
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let items = statement
            .rsplit_once("::")
            .map_or(statement, |(_, items)| items)
            .trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace());
        for item in items.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            out.push((item.to_string(), module.clone()));
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            // A module's tests in a file of their own are test code, as an inline test module.
            out.push(path);
        }
    }
}

/// The file's code without its test module and comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names that follow `prefix` in `code` (`crate::layout::…` → `layout`).
fn names_after<'c>(code: &'c str, prefix: &str) -> Vec<&'c str> {
    code.match_indices(prefix)
        .map(|(i, _)| {
            let rest = &code[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|n| !n.is_empty())
        .collect()
}

fn rank(module: &str) -> Option<usize> {
    ORDER.iter().position(|m| *m == module)
}

#[test]
fn imports_run_down_the_pipeline() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let reexported = reexports();
    assert!(
        reexported
            .iter()
            .any(|(item, m)| item == "Task" && m == "report"),
        "{reexported:?}"
    );
    let mut against = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = top.trim_end_matches(".rs").to_string();
        if module == "main" || module == "cli" || module == "cmd" || module == "serve" {
            continue; // the binary: it may use everything
        }
        let own = rank(&module).unwrap_or_else(|| panic!("{module} is not in ORDER"));
        let code = code(file);
        // `crate::x` and the items of `use crate::{x, y::z}` groups.
        let mut used: Vec<String> = names_after(&code, "crate::")
            .into_iter()
            .map(str::to_string)
            .collect();
        for (i, _) in code.match_indices("use crate::{") {
            let group = &code[i + "use crate::{".len()..];
            let group = &group[..group.find("};").unwrap_or(group.len())];
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        used.push(group[start..j].trim().to_string());
                        start = j + 1;
                    }
                    _ => {}
                }
            }
            used.push(group[start..].trim().to_string());
        }
        for name in used {
            let first = name.split("::").next().unwrap_or("").trim();
            if first.is_empty() || first == "self" {
                continue;
            }
            let target = ROOT_ITEMS
                .iter()
                .find(|(item, _)| *item == first)
                .map(|(_, m)| (*m).to_string())
                .or_else(|| {
                    reexported
                        .iter()
                        .find(|(item, _)| item == first)
                        .map(|(_, m)| m.clone())
                })
                .unwrap_or_else(|| first.to_string());
            let target = target.as_str();
            let Some(theirs) = rank(target) else {
                panic!(
                    "{}: uses crate::{first}, which ORDER does not place",
                    relative.display()
                );
            };
            if target != module && theirs > own {
                against.push(format!("{} ({module}) uses {target}", relative.display()));
            }
        }
    }
    against.sort();
    against.dedup();
    assert!(
        against.is_empty(),
        "imports against the pipeline:\n{}",
        against.join("\n")
    );
}

#[test]
fn no_two_files_of_a_stage_import_each_other() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut files = Vec::new();
        sources(&dir, &mut files);
        for file in &files {
            let name = file.file_stem().unwrap().to_string_lossy().to_string();
            let code = code(file);
            let mut siblings: Vec<String> = names_after(&code, "super::")
                .into_iter()
                .filter(|n| files.iter().any(|f| f.file_stem().is_some_and(|s| s == *n)))
                .map(str::to_string)
                .collect();
            siblings.sort();
            siblings.dedup();
            edges.insert(name, siblings);
        }
        for (a, uses) in &edges {
            for b in uses {
                assert!(
                    !edges.get(b).is_some_and(|back| back.contains(a)),
                    "{}: {a} and {b} import each other",
                    dir.display()
                );
            }
        }
    }
}

/// The library builds without the command line: a program that uses it with
/// `default-features = false` compiles no flag parser, progress bar or signal handler.
#[test]
fn the_library_does_not_depend_on_the_command_line() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--no-default-features",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--manifest-path",
        ])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.lines().count() > 10, "{tree}");
    for crate_name in [
        "clap ",
        "clap_complete ",
        "indicatif ",
        "ctrlc ",
        "axum ",
        "hyper ",
        "tokio ",
    ] {
        assert!(
            !tree.lines().any(|l| l.starts_with(crate_name)),
            "the library pulls in {crate_name}"
        );
    }
}
