//! Per-row findings: data the pipeline reports and carries on past. A fatal problem with the
//! whole document is an [`crate::Error`] instead.

use std::fmt;

use serde::Serialize;

use crate::grid::Location;

mod wording;

pub use wording::{Wording, fragments};

/// What a diagnostic is about: one variant per kind of finding, spelled in kebab case in every
/// output (`unknown-unit`). README.md's table of diagnostics lists each; a test holds them equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// Items stand under no section heading.
    SectionMissing,
    /// Item numbers were inferred from the sequence.
    NumberInferred,
    /// Unnumbered items whose numbers the sequence does not fix.
    NumberUncertain,
    /// A 序号 cell that is not a number.
    NumberUnparsed,
    /// Two numbers for one row.
    NumberConflict,
    /// One cell held several numbered items.
    ItemsSplit,
    /// The copy lost the notice's own layout and a rule rebuilt it: which rule, on what evidence.
    LayoutGuess,
    /// Two items with the same requirement text.
    DuplicateRequirement,
    /// A unit not in the registry that applies, kept as written.
    UnknownUnit,
    /// No registry covers the notice's jurisdiction: units kept as written or named from the standard departments.
    UnitsAsWritten,
    /// A notice that names no jurisdiction took it from the notice of the same name beside it.
    JurisdictionFromSibling,
    /// Text between the items of a paragraph list that is no item, or right after a task table
    /// in no row of it, kept here.
    ListText,
    /// A numbered paragraph taken as an item although it names no unit.
    ItemWithoutUnits,
    /// An empty units cell.
    UnitsMissing,
    /// An empty requirement cell.
    RequirementMissing,
    /// An empty deadline cell.
    DeadlineMissing,
    /// A deadline outside the grammar, kept as written.
    DeadlineUnparsed,
    /// A deadline naming a day no calendar has.
    DeadlineInvalid,
    /// A second deadline for one item, kept in `extra`.
    DeadlineIgnored,
    /// Deadlines without a year, and no year known.
    YearUnknown,
    /// The table has no deadline column.
    NoDeadlineColumn,
    /// The table has no units column.
    NoUnitColumn,
    /// The table has no requirement column.
    NoRequirementColumn,
    /// A row without its own requirement, added to the item above.
    RowContinues,
    /// A row under a merged measure with its own unit and deadline: a record of its own.
    SubRow,
    /// A heading without an ordinal, numbered after the one before.
    HeadingUnnumbered,
    /// A note row under the table.
    Note,
    /// A column's role decided by its content, with the evidence.
    ColumnRole,
    /// An .xlsx formula cell whose file stores no computed value.
    FormulaWithoutValue,
    /// A spreadsheet cell far from the table, set aside with its text.
    FarCell,
    /// A grid that is not a task table.
    TableSkipped,
    /// Worksheets without a task table.
    SheetsSkipped,
    /// Hidden worksheets, not read.
    SheetsHidden,
    /// A table continued across pages, joined to the one before.
    TableStitched,
    /// A further task table after the first.
    SecondTable,
    /// A row with fewer cells than the header.
    ShortRow,
    /// A table inside a table cell.
    NestedTable,
    /// A covered cell of a merge that holds text of its own.
    MergeWithText,
    /// A merge continuation with no cell starting it.
    MergeWithoutStart,
    /// Package relationships that could not be followed.
    PackageRelationships,
    /// A symbol-font character without a known Unicode form.
    SymbolUnknown,
    /// How a text or a page was decoded.
    Encoding,
    /// Bytes that were not valid in the encoding used.
    InvalidEncoding,
    /// A cell whose text reached no record (a bug, reported rather than lost).
    CellUnaccounted,
    /// A task table with a header and not one item under it.
    NoItems,
    /// A workbook cell cut at Excel's 32,767 characters (the workbook's own diagnostics sheet).
    CellTruncated,
    /// A legacy Word field begun and not closed by the end of its paragraph or cell.
    FieldUnbalanced,
    /// A page read by OCR, with the engine's mean confidence: its text is to be checked; or a
    /// scanned page left unread for want of an engine.
    Ocr,
    /// Diagnostics of one code past the most a report lists, counted instead of listed.
    Omitted,
}

impl Code {
    /// Every code, in README.md's order.
    pub const ALL: &[Code] = &[
        Code::SectionMissing,
        Code::NumberInferred,
        Code::NumberUncertain,
        Code::NumberUnparsed,
        Code::NumberConflict,
        Code::ItemsSplit,
        Code::LayoutGuess,
        Code::DuplicateRequirement,
        Code::UnknownUnit,
        Code::UnitsAsWritten,
        Code::JurisdictionFromSibling,
        Code::ListText,
        Code::ItemWithoutUnits,
        Code::UnitsMissing,
        Code::RequirementMissing,
        Code::DeadlineMissing,
        Code::DeadlineUnparsed,
        Code::DeadlineInvalid,
        Code::DeadlineIgnored,
        Code::YearUnknown,
        Code::NoDeadlineColumn,
        Code::NoUnitColumn,
        Code::NoRequirementColumn,
        Code::RowContinues,
        Code::SubRow,
        Code::HeadingUnnumbered,
        Code::Note,
        Code::ColumnRole,
        Code::FormulaWithoutValue,
        Code::FarCell,
        Code::TableSkipped,
        Code::SheetsSkipped,
        Code::SheetsHidden,
        Code::TableStitched,
        Code::SecondTable,
        Code::ShortRow,
        Code::NestedTable,
        Code::MergeWithText,
        Code::MergeWithoutStart,
        Code::PackageRelationships,
        Code::SymbolUnknown,
        Code::Encoding,
        Code::InvalidEncoding,
        Code::CellUnaccounted,
        Code::NoItems,
        Code::CellTruncated,
        Code::FieldUnbalanced,
        Code::Ocr,
        Code::Omitted,
    ];

    /// What the code means, in Chinese, for people (the workbook's 诊断 sheet with `--lang zh`):
    /// every code has its wording here beside [`Code::as_str`], so a new code cannot go without.
    #[must_use]
    pub fn chinese(self) -> &'static str {
        match self {
            Code::SectionMissing => "条目不在任何一级标题下（标题可能在导出时丢失）",
            Code::NumberInferred => "序号按顺序推断",
            Code::NumberUncertain => "未编号条目的序号无法由顺序确定",
            Code::NumberUnparsed => "序号单元格不是数字",
            Code::NumberConflict => "同一行有两个序号",
            Code::ItemsSplit => "一个单元格含多个编号条目，已拆分",
            Code::LayoutGuess => "复制件丢失了原有版式，按规则重建（规则及依据见说明）",
            Code::DuplicateRequirement => "两个条目的工作要求相同",
            Code::UnknownUnit => "单位不在适用的单位名录中，按原文保留",
            Code::UnitsAsWritten => "没有覆盖该通知行政区划的单位名录：单位按原文或标准部门名称",
            Code::JurisdictionFromSibling => "通知未写明行政区划，取同名文件的行政区划",
            Code::ListText => "条目之间的非条目文字，保留于此",
            Code::ItemWithoutUnits => "编号段落未写责任单位，仍作为条目",
            Code::UnitsMissing => "责任单位为空",
            Code::RequirementMissing => "工作要求为空",
            Code::DeadlineMissing => "完成时限为空",
            Code::DeadlineUnparsed => "完成时限无法识别，按原文保留",
            Code::DeadlineInvalid => "完成时限中的日期不存在",
            Code::DeadlineIgnored => "一个条目有第二个时限，保留在其他列",
            Code::YearUnknown => "时限未写年份，且无法确定年度",
            Code::NoDeadlineColumn => "表格没有完成时限列",
            Code::NoUnitColumn => "表格没有责任单位列",
            Code::NoRequirementColumn => "表格没有工作要求列",
            Code::RowContinues => "该行没有自己的工作要求，并入上一条目",
            Code::SubRow => "合并的措施下有自己的单位和时限的行，单独成条",
            Code::HeadingUnnumbered => "标题没有序号，按前一标题顺延编号",
            Code::Note => "表格下方的注释行",
            Code::ColumnRole => "按内容判定的列含义及依据",
            Code::FormulaWithoutValue => "公式单元格未保存计算结果",
            Code::FarCell => "远离表格的单元格，单独列出其文字",
            Code::TableSkipped => "不是任务分解表的表格，已跳过",
            Code::SheetsSkipped => "没有任务分解表的工作表",
            Code::SheetsHidden => "隐藏的工作表，未读取",
            Code::TableStitched => "跨页续表，已与前表合并",
            Code::SecondTable => "第一个任务表之后的另一个任务表",
            Code::ShortRow => "该行单元格少于表头",
            Code::NestedTable => "单元格内嵌套的表格",
            Code::MergeWithText => "合并区域内被覆盖的单元格有自己的文字",
            Code::MergeWithoutStart => "合并续格没有起始单元格",
            Code::PackageRelationships => "文件包内的关联无法解析",
            Code::SymbolUnknown => "符号字体字符无对应的 Unicode 字符",
            Code::Encoding => "文本或网页的编码",
            Code::InvalidEncoding => "字节不符合所用编码",
            Code::CellUnaccounted => "单元格文字未进入任何记录（程序缺陷，已报告而非丢弃）",
            Code::NoItems => "任务表有表头但没有条目",
            Code::CellTruncated => "单元格超过 Excel 的 32767 字符上限，已截断（全文见 JSON 输出）",
            Code::FieldUnbalanced => "旧版 Word 域在段落或单元格结束前未闭合",
            Code::Ocr => "该页文字由 OCR 识别，请对照原件核对",
            Code::Omitted => "同类诊断超过上限，只计数不逐条列出",
        }
    }

    /// The code as written in every output: `unknown-unit`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SectionMissing => "section-missing",
            Code::NumberInferred => "number-inferred",
            Code::NumberUncertain => "number-uncertain",
            Code::NumberUnparsed => "number-unparsed",
            Code::NumberConflict => "number-conflict",
            Code::ItemsSplit => "items-split",
            Code::LayoutGuess => "layout-guess",
            Code::DuplicateRequirement => "duplicate-requirement",
            Code::UnknownUnit => "unknown-unit",
            Code::UnitsAsWritten => "units-as-written",
            Code::JurisdictionFromSibling => "jurisdiction-from-sibling",
            Code::ListText => "list-text",
            Code::ItemWithoutUnits => "item-without-units",
            Code::UnitsMissing => "units-missing",
            Code::RequirementMissing => "requirement-missing",
            Code::DeadlineMissing => "deadline-missing",
            Code::DeadlineUnparsed => "deadline-unparsed",
            Code::DeadlineInvalid => "deadline-invalid",
            Code::DeadlineIgnored => "deadline-ignored",
            Code::YearUnknown => "year-unknown",
            Code::NoDeadlineColumn => "no-deadline-column",
            Code::NoUnitColumn => "no-unit-column",
            Code::NoRequirementColumn => "no-requirement-column",
            Code::RowContinues => "row-continues",
            Code::SubRow => "sub-row",
            Code::HeadingUnnumbered => "heading-unnumbered",
            Code::Note => "note",
            Code::ColumnRole => "column-role",
            Code::FormulaWithoutValue => "formula-without-value",
            Code::FarCell => "far-cell",
            Code::TableSkipped => "table-skipped",
            Code::SheetsSkipped => "sheets-skipped",
            Code::SheetsHidden => "sheets-hidden",
            Code::TableStitched => "table-stitched",
            Code::SecondTable => "second-table",
            Code::ShortRow => "short-row",
            Code::NestedTable => "nested-table",
            Code::MergeWithText => "merge-with-text",
            Code::MergeWithoutStart => "merge-without-start",
            Code::PackageRelationships => "package-relationships",
            Code::SymbolUnknown => "symbol-unknown",
            Code::Encoding => "encoding",
            Code::InvalidEncoding => "invalid-encoding",
            Code::CellUnaccounted => "cell-unaccounted",
            Code::NoItems => "no-items",
            Code::CellTruncated => "cell-truncated",
            Code::FieldUnbalanced => "field-unbalanced",
            Code::Ocr => "ocr",
            Code::Omitted => "omitted",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// How the input was read; nothing to act on.
    Info,
    /// Something to check: a value kept as written, a cell left empty.
    Warning,
    /// Text that could not be placed, or a document-level problem; the exit code is 1.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One finding about the input: what was expected, what was found, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// What the finding is about; its kebab-case spelling (`unknown-unit`) is stable.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// What was expected and what was found, quoting the input.
    pub message: String,
    /// Where in the input, when the finding has a place.
    #[serde(serialize_with = "serialize_location")]
    pub location: Option<Location>,
}

impl Diagnostic {
    /// A diagnostic of any severity.
    pub fn new(
        severity: Severity,
        code: Code,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            location,
        }
    }

    /// An info-level diagnostic.
    pub fn info(code: Code, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Info, code, location, message)
    }

    /// A warning-level diagnostic.
    pub fn warning(code: Code, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, location, message)
    }

    /// An error-level diagnostic.
    pub fn error(code: Code, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, location, message)
    }
}

impl fmt::Display for Diagnostic {
    /// `warning[unknown-unit] line 46, column 3: …`: the location first, as in every message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] ", self.severity, self.code)?;
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The most diagnostics of one code a report lists; the rest are counted in one `omitted`
/// diagnostic.
pub const PER_CODE: usize = 100;

impl Code {
    /// True when the diagnostic carries the input's text (a far cell's, text between list
    /// items, a cell that reached no record): it is the only place that text is kept, so it is
    /// never collapsed or left out.
    #[must_use]
    pub fn carries_text(self) -> bool {
        matches!(
            self,
            Code::FarCell | Code::ListText | Code::CellUnaccounted | Code::TableSkipped
        )
    }
}

/// Bounds what a report lists, whatever the input: identical diagnostics (same code, place and
/// message) become one that says how many times it was found, and past [`PER_CODE`] of one code
/// the rest are counted in one `omitted` diagnostic of their highest severity. Diagnostics that
/// carry the input's text are all kept ([`Code::carries_text`]).
#[must_use]
pub fn bound(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    let mut kept: Vec<(Diagnostic, usize)> = Vec::with_capacity(diagnostics.len().min(1024));
    let mut index: HashMap<(Code, Severity, Option<String>, String), usize> = HashMap::new();
    let mut per_code: HashMap<Code, usize> = HashMap::new();
    // Per code left out: how many, and the highest severity among them.
    let mut omitted: Vec<(Code, usize, Severity)> = Vec::new();
    for d in diagnostics {
        if d.code.carries_text() {
            kept.push((d, 1));
            continue;
        }
        let key = (
            d.code,
            d.severity,
            d.location.as_ref().map(ToString::to_string),
            d.message.clone(),
        );
        if let Some(&k) = index.get(&key) {
            kept[k].1 += 1;
            continue;
        }
        let listed = per_code.entry(d.code).or_default();
        if *listed >= PER_CODE {
            match omitted.iter_mut().find(|(c, ..)| *c == d.code) {
                Some((_, n, severity)) => {
                    *n += 1;
                    *severity = (*severity).max(d.severity);
                }
                None => omitted.push((d.code, 1, d.severity)),
            }
            continue;
        }
        *listed += 1;
        index.insert(key, kept.len());
        kept.push((d, 1));
    }
    let mut out: Vec<Diagnostic> = kept
        .into_iter()
        .map(|(mut d, times)| {
            if times > 1 {
                d.message.push_str(&format!(" (found {times} times)"));
            }
            d
        })
        .collect();
    out.extend(omitted.into_iter().map(|(code, n, severity)| {
        Diagnostic::new(
            severity,
            Code::Omitted,
            None,
            format!("{n} more {code} diagnostics were left out: a report lists at most {PER_CODE} of one code"),
        )
    }));
    out
}

fn serialize_location<S: serde::Serializer>(
    location: &Option<Location>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match location {
        Some(loc) => serializer.collect_str(loc),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests;
