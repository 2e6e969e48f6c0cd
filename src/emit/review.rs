//! A review page: one self-contained HTML file (no script, no network resource) that shows, item
//! by item, the source row or paragraphs beside the fields extracted from them, with the item's
//! diagnostics and the units no registry knows highlighted, so a clerk checks a conversion at a
//! glance.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::lang::{self, Lang};
use crate::Severity;
use crate::report::{DeadlineKind, Origin, Report, Role};

/// Escapes text for HTML.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.4em;vertical-align:top;text-align:left}
th{background:#e8eef7}td.src{background:#fafafa;color:#444;width:24%}td.units{min-width:10em}td.due{min-width:6em}.meta{color:#666;font-size:.9em}
td.heads{min-width:7em}td.task{min-width:10em}td.req{min-width:14em}td.notes{min-width:9em}.part{color:#2a6;font-size:.85em;white-space:nowrap}
.unknown{background:#ffe08a}.template{border-bottom:1px dashed #2a6}.warning{color:#a15c00}.error{color:#b00020;font-weight:bold}
.info{color:#555}.lead{font-weight:bold}ul{margin:.2em 0;padding-left:1.2em}
.summary{font-size:1.05em}.summary b{margin-right:.2em}label{cursor:pointer}
#only-warned:checked~table tbody tr:not(.warned){display:none}";

/// The page for one report. `sources` maps a location as the report prints it (`table 1, row
/// 7`, `line 26`, `paragraph 14`) to the text standing there in the document. The page is in
/// Chinese; `lang` is the language of the diagnostics' messages.
#[must_use]
pub fn page<S: std::hash::BuildHasher>(
    report: &Report,
    sources: &HashMap<String, String, S>,
    lang: Lang,
) -> String {
    let mut by_place: HashMap<String, Vec<&crate::Diagnostic>> = HashMap::new();
    let mut general = Vec::new();
    for d in &report.diagnostics {
        match &d.location {
            Some(l) => by_place
                .entry(place_of(&l.to_string()))
                .or_default()
                .push(d),
            None => general.push(d),
        }
    }
    // An item is flagged when a warning or an error names its place, or a unit of it is unknown.
    let flagged: Vec<bool> = report
        .tasks
        .iter()
        .map(|t| {
            by_place.get(&place_of(&t.source)).is_some_and(|ds| {
                ds.iter()
                    .any(|d| matches!(d.severity, Severity::Warning | Severity::Error))
            }) || t.responsible.units.iter().any(|u| !u.known)
        })
        .collect();
    let mut html = String::new();
    head(&mut html, report);
    summary(&mut html, report, &flagged);
    diagnostic_list(&mut html, &general, lang);
    // A filter without script: the checkbox hides the rows not flagged (the style above).
    html.push_str("<input type=\"checkbox\" id=\"only-warned\"><label for=\"only-warned\">只显示有警告或未登记单位的条目</label>");
    // The task has a column of its own when any item has one (the titles of a paragraph
    // notice's items), wide enough to read.
    let tasks = report.tasks.iter().any(|t| t.task.is_some());
    let _ = write!(
        html,
        "<table><thead><tr><th>原文</th><th>序号</th><th>标题</th>{}<th>工作要求</th><th>责任单位</th><th>完成时限</th><th>诊断</th></tr></thead><tbody>",
        if tasks { "<th>工作任务</th>" } else { "" }
    );
    let mut offset = 0;
    for group in report.tasks.chunk_by(|a, b| a.source == b.source) {
        // Items split from one cell share its place: the source is shown once beside them,
        // each part marked, the group flagged as a whole so the filter keeps it together.
        let flagged = flagged[offset..offset + group.len()].iter().any(|f| *f);
        offset += group.len();
        for (k, task) in group.iter().enumerate() {
            let row = Row {
                source: (k == 0).then(|| source_text(&task.source, sources)),
                span: group.len(),
                part: (group.len() > 1).then_some(k + 1),
                flagged,
                tasks,
            };
            item(&mut html, report, task, &row);
            if k == 0 {
                let _ = write!(html, "<td class=\"notes\" rowspan=\"{}\">", group.len());
                if let Some(ds) = by_place.get(&place_of(&task.source)) {
                    diagnostic_list(&mut html, ds, lang);
                }
                html.push_str("</td>");
            }
            html.push_str("</tr>");
        }
    }
    html.push_str("</tbody></table></body></html>\n");
    html
}

/// How one item's row is drawn.
struct Row {
    /// The source text, on the first row of the items standing at one place.
    source: Option<String>,
    /// How many items stand at the item's place.
    span: usize,
    /// The item's part (from 1) when several items were split from one place.
    part: Option<usize>,
    /// Whether the row shows under the filter.
    flagged: bool,
    /// Whether the table has a task column.
    tasks: bool,
}

/// The page's head, title and the notice's metadata.
fn head(html: &mut String, report: &Report) {
    let n = &report.notice;
    let title = n
        .title
        .as_deref()
        .or(n.attachment_title.as_deref())
        .unwrap_or(&report.source.path);
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(title)
    );
    let _ = write!(html, "<h1>{}</h1><p class=\"meta\">", esc(title));
    let registry = report
        .registry
        .as_ref()
        .map_or("无（单位按原文保留）".to_string(), |r| {
            r.name.clone()
        });
    let meta = [
        ("文件", Some(report.source.path.clone())),
        ("发文字号", n.doc_number.clone()),
        ("发文机关", n.issuer.clone()),
        ("行政区划", n.jurisdiction.as_ref().map(|j| j.name.clone())),
        ("年度", n.year.map(|y| y.to_string())),
        ("单位名录", Some(registry)),
        ("任务数", Some(report.tasks.len().to_string())),
    ];
    for (name, value) in meta {
        if let Some(v) = value {
            let _ = write!(html, "{name}：{}　", esc(&v));
        }
    }
    html.push_str("</p>");
}

/// The counts a clerk reads first: items, items with warnings, unknown units.
fn summary(html: &mut String, report: &Report, flagged: &[bool]) {
    let unknown: std::collections::BTreeSet<&str> = report
        .tasks
        .iter()
        .flat_map(|t| &t.responsible.units)
        .filter(|u| !u.known)
        .map(|u| u.name.as_str())
        .collect();
    let _ = write!(
        html,
        "<p class=\"summary\">条目 <b>{}</b>　有警告或未登记单位的条目 <b>{}</b>　未登记单位 <b>{}</b>{}</p>",
        report.tasks.len(),
        flagged.iter().filter(|f| **f).count(),
        unknown.len(),
        if unknown.is_empty() {
            String::new()
        } else {
            format!(
                "（{}）",
                esc(&unknown.into_iter().collect::<Vec<_>>().join("、"))
            )
        }
    );
}

/// One item's row up to its diagnostics cell: the source beside number, headings, task,
/// requirement, units and deadline; a flagged row is classed `warned` for the filter.
fn item(html: &mut String, report: &Report, task: &crate::Task, row: &Row) {
    let _ = write!(
        html,
        "<tr id=\"item-{}\"{}>",
        task.seq,
        if row.flagged { " class=\"warned\"" } else { "" },
    );
    if let Some(source) = &row.source {
        let _ = write!(
            html,
            "<td class=\"src\" rowspan=\"{}\"><div class=\"meta\">{}</div>{}</td>",
            row.span,
            esc(&lang::place(&task.source, Lang::Zh)),
            esc(source)
        );
    }
    let number = task.number.map_or(String::new(), |n| {
        if task.number_inferred {
            format!("{n}（推断）")
        } else {
            n.to_string()
        }
    });
    let _ = write!(html, "<td>{}", esc(&number));
    if let Some(part) = row.part {
        let _ = write!(html, "<div class=\"part\">拆分 {part}/{}</div>", row.span);
    }
    html.push_str("</td><td class=\"heads\">");
    for h in [&task.section, &task.subsection].into_iter().flatten() {
        if let Some(t) = &h.title {
            let _ = write!(html, "<div>{}</div>", esc(t));
        }
    }
    html.push_str("</td>");
    if row.tasks {
        let _ = write!(
            html,
            "<td class=\"task\"><b>{}</b></td>",
            esc(task.task.as_deref().unwrap_or(""))
        );
    }
    let _ = write!(
        html,
        "<td class=\"req\">{}</td><td class=\"units\">",
        esc(&task.requirement)
    );
    units(html, report, task);
    html.push_str("</td><td class=\"due\">");
    deadline(html, &task.deadline);
    html.push_str("</td>");
}

/// Each unit with its role; unknown ones marked, names from the standard departments underlined.
fn units(html: &mut String, report: &Report, task: &crate::Task) {
    for unit in &task.responsible.units {
        let mut classes = Vec::new();
        if unit.role == Role::Lead {
            classes.push("lead");
        }
        if report.registry.is_some() && !unit.known && unit.origin != Origin::Template {
            classes.push("unknown");
        }
        if unit.origin == Origin::Template {
            classes.push("template");
        }
        let role = match unit.role {
            Role::Lead => "牵头",
            Role::Cooperate => "配合",
            Role::Responsible => "负责",
        };
        let _ = write!(
            html,
            "<div class=\"{}\" title=\"原文：{}\">{}（{role}）</div>",
            classes.join(" "),
            esc(&unit.raw),
            esc(&unit.name)
        );
    }
    for leader in &task.leaders {
        let _ = write!(html, "<div>责任领导：{}</div>", esc(leader));
    }
}

/// The deadline as read, with its text as written below; one outside the grammar marked.
fn deadline(html: &mut String, d: &crate::Deadline) {
    let shown = match (d.date, d.kind) {
        (Some(date), _) => date.to_string(),
        (None, DeadlineKind::Ongoing) => "持续推进".into(),
        (None, DeadlineKind::Recurring) => "定期".into(),
        (None, DeadlineKind::AsRequired) => "按要求".into(),
        (None, _) => String::new(),
    };
    let unknown = d.raw.is_some() && d.kind == DeadlineKind::Unknown;
    let _ = write!(
        html,
        "<div{}>{}</div><div class=\"meta\">{}</div>",
        if unknown { " class=\"unknown\"" } else { "" },
        esc(&shown),
        esc(d.raw.as_deref().unwrap_or(""))
    );
}

/// Diagnostics as a list, each coloured by its severity; nothing when there are none.
fn diagnostic_list(html: &mut String, diagnostics: &[&crate::Diagnostic], lang: Lang) {
    if diagnostics.is_empty() {
        return;
    }
    html.push_str("<ul>");
    for d in diagnostics {
        let _ = write!(
            html,
            "<li class=\"{}\">{}</li>",
            class(d.severity),
            esc(&lang::message(d, lang))
        );
    }
    html.push_str("</ul>");
}

fn class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The row part of a location: `table 1, row 7` of `table 1, row 7, column 3`; `line 26` of
/// `line 26, column 2`; `分解表!9` of `分解表!D9` and of `分解表!A9:D9`.
fn place_of(location: &str) -> String {
    if let Some(i) = location.find(", column") {
        return location[..i].to_string();
    }
    if let Some((sheet, cell)) = location.rsplit_once('!') {
        let row: String = cell
            .split(':')
            .next()
            .unwrap_or(cell)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        return format!("{sheet}!{row}");
    }
    location.to_string()
}

/// The source text for an item's location, joining the paragraphs or lines of a span
/// (`lines 9–12`).
fn source_text<S: std::hash::BuildHasher>(
    location: &str,
    sources: &HashMap<String, String, S>,
) -> String {
    if let Some(text) = sources.get(location) {
        return text.clone();
    }
    for (plural, singular) in [("lines ", "line "), ("paragraphs ", "paragraph ")] {
        if let Some(range) = location.strip_prefix(plural)
            && let Some((a, b)) = range.split_once('–')
            && let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>())
        {
            return (a..=b.min(a.saturating_add(200)))
                .filter_map(|i| sources.get(&format!("{singular}{i}")))
                .cloned()
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    String::new()
}
