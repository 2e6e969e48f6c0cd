//! Per-row findings: data the pipeline reports and carries on past. A fatal problem with the
//! whole document is an [`crate::Error`] instead.

use std::fmt;

use serde::Serialize;

use crate::grid::Location;

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

/// One message of a code in both languages: the English as fenjie writes it (`en`), and the
/// Chinese a person reads (`zh`). A `{name}` stands for a value (a unit's name, the text of a
/// cell) that both keep as found; `{place…}` is a place, written in the reader's language; a
/// name [`fragments`] lists is an English phrase with its own Chinese wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    /// The message in English, as the diagnostic carries it.
    pub en: &'static str,
    /// The same message in Chinese.
    pub zh: &'static str,
}

/// A wording, written as a literal so that a table of them is a constant.
macro_rules! w {
    ($en:expr, $zh:expr $(,)?) => {
        Wording { en: $en, zh: $zh }
    };
}

impl Code {
    /// Every message of the code in both wordings: the one table people's words come from. A
    /// message is matched against the English wordings in order, so a wording that another
    /// one's placeholder would swallow stands before it.
    #[must_use]
    #[allow(clippy::too_many_lines)] // a table, one line per wording
    pub fn wordings(self) -> &'static [Wording] {
        const SECTION_MISSING: &[Wording] = &[
            w!(
                "item {n} stands under no section heading (the heading may have been lost in export)",
                "第{n}项不在任何一级标题下（标题可能在导出时丢失）",
            ),
            w!(
                "items {first}–{last} stand under no section heading (the heading may have been lost in export)",
                "第{first}–{last}项不在任何一级标题下（标题可能在导出时丢失）",
            ),
        ];
        const NUMBER_INFERRED: &[Wording] = &[
            w!(
                "item {n} carries no number in the table; numbered from the sequence around them",
                "第{n}项在表中没有序号，按前后顺序编号",
            ),
            w!(
                "items {first}–{last} carry no number in the table; numbered from the sequence around them",
                "第{first}–{last}项在表中没有序号，按前后顺序编号",
            ),
        ];
        const UNKNOWN_UNIT: &[Wording] = &[
            w!(
                "the unit {unit} is not in the registry ({registry}); kept as written",
                "单位 {unit} 不在单位名录（{registry}）中，按原文保留",
            ),
            w!(
                "the unit {unit} is not in the registry ({registry}); kept as written; did you mean {guess}?",
                "单位 {unit} 不在单位名录（{registry}）中，按原文保留；是否为 {guess}？",
            ),
        ];
        const UNITS_AS_WRITTEN: &[Wording] = &[
            w!(
                "the notice names no jurisdiction: units are kept as written; {n} named in full from the standard departments of its government",
                "通知未写明行政区划：单位按原文保留；{n}个按本级政府的标准部门写出全称",
            ),
            w!(
                "no unit registry covers {jurisdiction}: units are kept as written; {n} named in full from the standard departments of its government",
                "没有覆盖{jurisdiction}的单位名录：单位按原文保留；{n}个按本级政府的标准部门写出全称",
            ),
        ];
        const LIST_TEXT: &[Wording] = &[
            w!(
                "the list's title, no item: {text}",
                "清单的标题，不是条目：{text}",
            ),
            w!(
                "{where} names no unit and is no item: {text}",
                "{where}未写责任单位，不是条目：{text}",
            ),
            w!(
                "a heading no item stands under: {text}",
                "标题下没有条目：{text}",
            ),
            w!(
                "text after the task table, in no row of it: {text}",
                "任务表之后、不在表中任何一行的文字：{text}",
            ),
        ];
        const LAYOUT_GUESS: &[Wording] = &[
            w!(
                "items ran on in one paragraph: {text} is cut before {next} ({why})",
                "条目连成了一段：{text} 在 {next} 之前断开（{why}）",
            ),
            w!(
                "{number} is a document site's chunk number inside a sentence, not an item's: dropped, and the line joined to the one before",
                "{number} 是文档网站插在句中的分块编号，不是条目的序号：已去掉，该行并入上一行",
            ),
            w!(
                "a line break inside a bracket: {text} joined to the line before, whose bracket it closes",
                "括号内断行：{text} 并入上一行，补全其括号",
            ),
            w!(
                "a line break inside a unit's name: {text} joined to the line before, whose name {name} it completes",
                "单位名称内断行：{text} 并入上一行，补全单位名称 {name}",
            ),
            w!(
                "two unit names written together: {text} read as {first} and {second}, since the notice names one of them on its own elsewhere",
                "两个单位名称连写：{text} 按 {first} 和 {second} 两个单位读取，因为通知在别处单独写过其中一个",
            ),
        ];
        const ITEM_WITHOUT_UNITS: &[Wording] = &[
            w!(
                "a numbered measure of a plan that names units for none of its measures: taken as an item without units",
                "方案的各项措施均未写责任单位：该编号措施作为没有责任单位的条目",
            ),
            w!(
                "a numbered paragraph names no unit, but items numbered alike under the same heading do: taken as an item",
                "编号段落未写责任单位，但同一标题下同样编号的条目写了：仍作为条目",
            ),
        ];
        const DEADLINE_UNPARSED: &[Wording] = &[
            w!(
                "expected a deadline such as 10月底前 or a date, but found the value {value}",
                "完成时限应如 10月底前 或为日期，实为值 {value}",
            ),
            w!(
                "expected a deadline such as 10月底前, but found {part} in {raw}",
                "完成时限应如 10月底前，{raw} 中的 {part} 无法识别",
            ),
            w!(
                "expected a deadline such as 10月底前, but found {raw}",
                "完成时限应如 10月底前，{raw} 无法识别",
            ),
        ];
        const HEADING_UNNUMBERED: &[Wording] = &[
            w!(
                "the heading {text} has no ordinal; numbered by its order",
                "标题 {text} 没有序号，按顺序编号",
            ),
            w!(
                "the category {text} has no ordinal; numbered by its order",
                "类别 {text} 没有序号，按顺序编号",
            ),
        ];
        const NOTE: &[Wording] = &[
            w!(
                "a note under the table, not a work item: {text}",
                "表格下方的注释，不是条目：{text}",
            ),
            w!(
                "a note in the units, read as the rule that the first unit named leads: {text}",
                "责任单位中的注释，按“列第一位的为牵头单位”处理：{text}",
            ),
            w!(
                "a note in the units, kept here: {text}",
                "责任单位中的注释，保留于此：{text}",
            ),
        ];
        const TABLE_STITCHED: &[Wording] = &[
            w!(
                "a table without header and with the same columns continues the task table",
                "没有表头、列相同的表格接续任务表",
            ),
            w!(
                "the table continues here with its header repeated; read as one table",
                "表格在此接续并重复表头：作为一个表格读取",
            ),
        ];
        const MERGE_WITH_TEXT: &[Wording] = &[
            w!(
                "a merged continuation cell holds its own text; read as a cell of its own",
                "合并的续格有自己的文字：作为单独的单元格读取",
            ),
            w!(
                "a cell hidden under a merged region holds its own text; read as a cell of its own",
                "被合并区域覆盖的单元格有自己的文字：作为单独的单元格读取",
            ),
        ];
        const ENCODING: &[Wording] = &[
            w!(
                "text decoded as {encoding} ({how})",
                "文本按 {encoding} 解码（{how}）",
            ),
            w!(
                "the page was read as {encoding} ({how})",
                "网页按 {encoding} 读取（{how}）",
            ),
        ];
        const INVALID_ENCODING: &[Wording] = &[
            w!(
                "bytes that are not valid {encoding} were replaced by U+FFFD; pass --input-encoding if the encoding is wrong",
                "不符合 {encoding} 的字节已替换为 U+FFFD；编码不对时请用 --input-encoding 指定",
            ),
            w!(
                "some bytes are not valid {encoding} (decided by {how}); they read as U+FFFD; if the page is in another encoding, give it (--input-encoding)",
                "部分字节不符合 {encoding}（依据：{how}），读作 U+FFFD；网页为其他编码时请指定（--input-encoding）",
            ),
        ];
        match self {
            Code::SectionMissing => SECTION_MISSING,
            Code::NumberInferred => NUMBER_INFERRED,
            Code::NumberUncertain => &[w!(
                "{n} unnumbered item(s) where the numbers around them do not say which; left without a number",
                "{n}个条目没有序号，前后的序号也定不了是几号：序号留空",
            )],
            Code::NumberUnparsed => &[w!(
                "expected an item number such as 7, but found {text}; kept in extra",
                "序号应为数字（如 7），实为 {text}：保留在其他列",
            )],
            Code::NumberConflict => &[w!(
                "the 序号 column says {column} but the task cell starts with {cell}; kept {kept}",
                "序号列为 {column}，工作任务单元格却以 {cell} 开头：采用 {kept}",
            )],
            Code::LayoutGuess => LAYOUT_GUESS,
            Code::ItemsSplit => &[w!(
                "one cell holds {count} numbered items ({first}–{last}); each became a record sharing the row's units and deadline",
                "一个单元格含 {count} 个编号条目（{first}–{last}）：各成一条，共用该行的责任单位和时限",
            )],
            Code::DuplicateRequirement => &[w!(
                "items {a} and {b} have the same requirement text ({place_a} and {place_b})",
                "第{a}项与第{b}项的工作要求相同（{place_a}、{place_b}）",
            )],
            Code::UnknownUnit => UNKNOWN_UNIT,
            Code::UnitsAsWritten => UNITS_AS_WRITTEN,
            Code::JurisdictionFromSibling => &[w!(
                "the notice names no jurisdiction: {jurisdiction} is taken from {file}, the file of the same name beside it",
                "通知未写明行政区划：取旁边同名文件 {file} 的行政区划 {jurisdiction}",
            )],
            Code::ListText => LIST_TEXT,
            Code::ItemWithoutUnits => ITEM_WITHOUT_UNITS,
            Code::UnitsMissing => &[w!("the item names no responsible unit", "条目未写责任单位")],
            Code::RequirementMissing => {
                &[w!("the row has no requirement text", "该行没有工作要求")]
            }
            Code::DeadlineMissing => &[w!("the item has no deadline", "条目没有完成时限")],
            Code::DeadlineUnparsed => DEADLINE_UNPARSED,
            Code::DeadlineInvalid => &[w!(
                "{raw} names a day no calendar has ({day})",
                "{raw} 中的日期不存在（{day}）",
            )],
            Code::DeadlineIgnored => &[w!(
                "a second deadline for the item above, kept in extra: {text}",
                "上一条目的第二个时限，保留在其他列：{text}",
            )],
            Code::YearUnknown => &[w!(
                "{n} deadline(s) name no year and the notice gives none; their dates stay empty (pass --year YYYY)",
                "{n}个时限未写年份，通知也未写明年度：其日期留空（可用 --year YYYY 指定）",
            )],
            Code::NoDeadlineColumn => &[w!(
                "the table has no deadline column; every deadline is unknown",
                "表格没有完成时限列：各条目的时限均未知",
            )],
            Code::NoUnitColumn => &[w!(
                "the table has no responsible-unit column",
                "表格没有责任单位列",
            )],
            Code::NoRequirementColumn => &[w!(
                "the table has no requirement column; each item's text is its task",
                "表格没有工作要求列：各条目的文字作为工作任务",
            )],
            Code::RowContinues => &[w!(
                "the row has no requirement of its own; its cells were added to the item above",
                "该行没有自己的工作要求：其单元格并入上一条目",
            )],
            Code::SubRow => &[w!(
                "the measure merged over this row has a unit and deadline of its own here: a record of its own, sharing the measure",
                "合并到该行的措施在此有自己的责任单位和时限：单独成条，共用该措施",
            )],
            Code::HeadingUnnumbered => HEADING_UNNUMBERED,
            Code::Note => NOTE,
            Code::ColumnRole => &[w!(
                "column {n} {header}: {role}, by content ({fit} of {of} cells)",
                "第{n}列 {header}：按内容判定为{role}（{of}个单元格中{fit}个相符）",
            )],
            Code::FormulaWithoutValue => &[w!(
                "the cell holds the formula ={formula} but the file stores no value for it (open and save it in a spreadsheet program to compute it); it reads empty",
                "单元格含公式 ={formula}，文件却未保存其结果（在电子表格程序中打开并保存即可算出）：按空单元格读取",
            )],
            Code::FarCell => &[w!(
                "this cell lies far from the table and was not laid out with it; it holds {text}",
                "该单元格远离表格，未随表格读取；其内容为 {text}",
            )],
            Code::TableSkipped => &[
                w!(
                    "the table at {location} repeats {n} items of the numbered paragraphs (the same tasks, units and deadlines): its rows are not made records twice: {rows}",
                    "{location} 处的表格重复了编号段落中的 {n} 个条目（任务、单位和时限相同）：其各行不再重复生成记录：{rows}",
                ),
                w!(
                    "not a task table, skipped: {grid}",
                    "不是任务分解表，已跳过：{grid}",
                ),
            ],
            Code::SheetsSkipped => &[w!(
                "sheets without a task table were skipped: {sheets}",
                "没有任务分解表的工作表已跳过：{sheets}",
            )],
            Code::SheetsHidden => &[w!(
                "hidden sheets were not read: {sheets}",
                "隐藏的工作表未读取：{sheets}",
            )],
            Code::TableStitched => TABLE_STITCHED,
            Code::SecondTable => &[w!(
                "a second task table with other columns ({these}) after one with ({those})",
                "列为（{those}）的任务表之后，又有列为（{these}）的第二个任务表",
            )],
            Code::ShortRow => &[w!(
                "the row has {own} cells for {n} columns; read as columns {columns}, the other {rest} continuing from the row above",
                "该行只有{own}个单元格，表格有{n}列：读作第{columns}列，其余{rest}列沿用上一行",
            )],
            Code::NestedTable => &[w!(
                "a table nested in this cell was flattened into the cell's text",
                "该单元格内嵌套的表格已并入单元格的文字",
            )],
            Code::MergeWithText => MERGE_WITH_TEXT,
            Code::MergeWithoutStart => &[w!(
                "w:vMerge continues a merge that has no cell above; read as a cell of its own",
                "w:vMerge 接续的合并上方没有起始单元格：作为单独的单元格读取",
            )],
            Code::PackageRelationships => &[w!(
                "the package names no main document in _rels/.rels; read word/document.xml",
                "文件包的 _rels/.rels 未指明主文档：读取 word/document.xml",
            )],
            Code::SymbolUnknown => &[w!(
                "a symbol inserted from the font {font} (character {character}) has no Unicode equivalent known here; it reads as U+FFFD",
                "从字体 {font} 插入的符号（字符 {character}）没有已知的 Unicode 对应字符：读作 U+FFFD",
            )],
            Code::Encoding => ENCODING,
            Code::InvalidEncoding => INVALID_ENCODING,
            Code::CellUnaccounted => &[w!(
                "the cell's text reached no record: {text}",
                "单元格的文字未进入任何记录：{text}",
            )],
            Code::NoItems => &[w!(
                "expected rows of items under the task table's header, but found none; nothing was read",
                "任务表的表头下应有条目行，却一行也没有：未读取任何内容",
            )],
            Code::CellTruncated => &[w!(
                "the item's {column} holds {n} characters, more than Excel's {max} in one cell: the cell is cut there, the full text is in the JSON output",
                "条目的{column}有{n}个字符，超过 Excel 单元格上限 {max}：在此截断，全文见 JSON 输出",
            )],
            Code::FieldUnbalanced => &[w!(
                "a field begins in the paragraph \"{start}\" but is not closed by its end; the field ends there and its text is read as text",
                "域在段落“{start}”中开始，到段落结束仍未闭合：域在此结束，其文字按正文读取",
            )],
            Code::Ocr => &[
                w!(
                    "page {page} was read by OCR ({engine}): {n} characters, mean confidence {confidence} %; check its records against the page",
                    "第{page}页由 OCR 识别（{engine}）：{n}个字符，平均置信度 {confidence}%；请对照原件核对其记录",
                ),
                w!(
                    "page {page} is a scanned image and was not read: reading it needs OCR, and no OCR engine is available (install Tesseract: apt install tesseract-ocr tesseract-ocr-chi-sim)",
                    "第{page}页是扫描图像，未读取：读取需要 OCR，而没有可用的 OCR 引擎（请安装 Tesseract：apt install tesseract-ocr tesseract-ocr-chi-sim）",
                ),
            ],
            Code::Omitted => &[w!(
                "{n} more {code} diagnostics were left out: a report lists at most {max} of one code",
                "另有{n}条 {code} 诊断未列出：同一代码最多列出{max}条",
            )],
        }
    }
}

/// The wordings of a value that is itself an English phrase (how an encoding was decided, a
/// column's role, which grid a table is), by its placeholder's name; none for a value kept as
/// found.
#[must_use]
pub fn fragments(name: &str) -> &'static [Wording] {
    match name {
        "how" => &[
            w!("given", "指定"),
            w!("byte-order mark", "字节顺序标记"),
            w!("valid UTF-8", "合法的 UTF-8"),
            w!("UTF-8 but for a few bytes", "除少数字节外为 UTF-8"),
            w!("NUL-byte pattern", "NUL 字节的分布"),
            w!("detected", "自动识别"),
            w!("<meta> declaration", "<meta> 声明"),
            w!("content", "按内容判断"),
        ],
        "role" => &[
            w!("number", "序号"),
            w!("section", "一级标题"),
            w!("task", "工作任务"),
            w!("requirement", "工作要求"),
            w!("units", "责任单位"),
            w!("lead", "牵头单位"),
            w!("cooperate", "配合单位"),
            w!("leaders", "责任领导"),
            w!("deadline", "完成时限"),
            w!("notes", "备注"),
            w!("extra", "其他列"),
        ],
        "grid" => &[
            w!("{source} (empty)", "{source}（空）"),
            w!(
                "{source} (header row: {text})",
                "{source}（表头行：{text}）"
            ),
            w!("{source} (first row: {text})", "{source}（首行：{text}）"),
        ],
        "where" => &[
            w!("text before the first item", "第一个条目之前的文字"),
            w!("text between the items", "条目之间的文字"),
            w!("text after the last item", "最后一个条目之后的文字"),
        ],
        "why" => &[
            w!("the next section's number", "下一部分的序号"),
            w!(
                "the next number of the item's own numbering",
                "本条目编号的下一个序号"
            ),
            w!("a heading's first item", "标题下的第一个条目"),
            w!(
                "a section's title glued to its first item",
                "部分标题与其第一个条目连在一起"
            ),
            w!(
                "the text after a bracket of units",
                "责任单位括号之后的文字"
            ),
        ],
        "source" => &[
            w!(
                "a table written in the text's lines",
                "文本中逐行书写的表格"
            ),
            w!(
                "a table written one cell per paragraph",
                "每段一格写成的表格"
            ),
            w!("table {n}", "表{n}"),
            w!("sheet {name}", "工作表 {name}"),
        ],
        _ => &[],
    }
}

/// The suffix [`bound`] gives a message found several times, and its Chinese form.
const FOUND_TIMES: Wording = w!(" (found {n} times)", "（共出现{n}次）");

/// A part of a wording: text as it stands, or a placeholder's name.
#[derive(Clone, Copy)]
enum Piece<'t> {
    Text(&'t str),
    Value(&'t str),
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Value(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The values of `message` by placeholder name when it is written in `template`.
fn capture<'t, 'm>(template: &'t str, message: &'m str) -> Option<Vec<(&'t str, &'m str)>> {
    fn go<'t, 'm>(pieces: &[Piece<'t>], rest: &'m str, out: &mut Vec<(&'t str, &'m str)>) -> bool {
        match pieces.split_first() {
            None => rest.is_empty(),
            Some((Piece::Text(text), tail)) => {
                rest.strip_prefix(text).is_some_and(|r| go(tail, r, out))
            }
            Some((Piece::Value(name), tail)) => match tail.first() {
                None => {
                    out.push((name, rest));
                    true
                }
                Some(Piece::Text(text)) => {
                    let kept = out.len();
                    for (at, _) in rest.match_indices(text) {
                        out.push((name, &rest[..at]));
                        if go(tail, &rest[at..], out) {
                            return true;
                        }
                        out.truncate(kept);
                    }
                    false
                }
                // Two placeholders side by side cannot be told apart (a test keeps them out).
                Some(Piece::Value(_)) => false,
            },
        }
    }
    let mut out = Vec::new();
    go(&pieces(template), message, &mut out).then_some(out)
}

/// Writes a wording's Chinese with the values `message` holds in its English, each value
/// rendered by `value(name, value)`; `None` when the message is not in this wording.
fn reword(
    wording: &Wording,
    message: &str,
    value: &dyn Fn(&str, &str) -> String,
) -> Option<String> {
    let values = capture(wording.en, message)?;
    let mut out = String::new();
    for piece in pieces(wording.zh) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Value(name) => {
                let (_, found) = values.iter().find(|(n, _)| *n == name)?;
                out.push_str(&value(name, found));
            }
        }
    }
    Some(out)
}

/// A value in Chinese: a phrase [`fragments`] words is reworded (its own values alike), a place
/// goes through `place`, anything else is kept as found.
fn value_in_chinese(name: &str, found: &str, place: &dyn Fn(&str) -> String) -> String {
    if name.starts_with("place") {
        return place(found);
    }
    let inner = |n: &str, v: &str| value_in_chinese(n, v, place);
    fragments(name)
        .iter()
        .find_map(|wording| reword(wording, found, &inner))
        .unwrap_or_else(|| found.to_string())
}

impl Diagnostic {
    /// The message in Chinese, from the code's [wordings](Code::wordings), the values it quotes
    /// kept as they are and places written by `place` (`表1 第2行`); `None` when no wording of
    /// the code matches the message.
    #[must_use]
    pub fn chinese_message(&self, place: &dyn Fn(&str) -> String) -> Option<String> {
        let (body, times) = match self.message.rfind(" (found ") {
            Some(at) if capture(FOUND_TIMES.en, &self.message[at..]).is_some() => {
                (&self.message[..at], Some(&self.message[at..]))
            }
            _ => (self.message.as_str(), None),
        };
        let value = |n: &str, v: &str| value_in_chinese(n, v, place);
        let mut out = self
            .code
            .wordings()
            .iter()
            .find_map(|wording| reword(wording, body, &value))?;
        if let Some(times) = times {
            out.push_str(&reword(&FOUND_TIMES, times, &value)?);
        }
        Some(out)
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
mod tests {
    use super::*;

    /// The codes README.md's table of diagnostics names, in its order.
    fn readme_codes() -> Vec<String> {
        let readme = include_str!("../README.md");
        let start = readme
            .find("## Diagnostics")
            .expect("README has a Diagnostics section");
        let section = &readme[start..];
        let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
        section[..end]
            .lines()
            .filter(|l| l.starts_with("| `"))
            .flat_map(|l| {
                let first = l.split('|').nth(1).unwrap_or("");
                first
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn readme_lists_every_code_once_in_order() {
        let listed = readme_codes();
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, codes);
    }

    #[test]
    fn repeats_collapse_and_each_code_is_capped_but_text_is_never_dropped() {
        let at = |row| {
            Some(Location::Line {
                line: row,
                column: None,
            })
        };
        let mut many = Vec::new();
        for _ in 0..1000 {
            many.push(Diagnostic::warning(
                Code::MergeWithText,
                at(1),
                "hidden text",
            ));
        }
        for row in 0..1000 {
            many.push(Diagnostic::warning(Code::ShortRow, at(row), "short"));
            many.push(Diagnostic::info(Code::ListText, at(row), "甲"));
        }
        many.push(Diagnostic::error(Code::ShortRow, at(5000), "short"));
        let bounded = bound(many);
        let count = |code| bounded.iter().filter(|d| d.code == code).count();
        assert_eq!(count(Code::MergeWithText), 1);
        assert!(
            bounded[0].message.ends_with("(found 1000 times)"),
            "{}",
            bounded[0].message
        );
        assert_eq!(count(Code::ShortRow), PER_CODE);
        assert_eq!(count(Code::ListText), 1000);
        let omitted: Vec<_> = bounded.iter().filter(|d| d.code == Code::Omitted).collect();
        assert_eq!(omitted.len(), 1);
        assert_eq!(omitted[0].severity, Severity::Error);
        assert!(
            omitted[0]
                .message
                .starts_with("901 more short-row diagnostics")
        );
    }

    fn names(template: &str) -> Vec<&str> {
        let mut names: Vec<&str> = pieces(template)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Value(name) => Some(name),
                Piece::Text(_) => None,
            })
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_wording_says_the_same_values_in_both_languages() {
        let fragments = ["how", "role", "grid", "source", "where", "why"]
            .iter()
            .map(|n| fragments(n));
        let all = Code::ALL
            .iter()
            .map(|c| c.wordings())
            .chain(fragments)
            .chain([std::slice::from_ref(&FOUND_TIMES)]);
        for wordings in all {
            assert!(!wordings.is_empty());
            for wording in wordings {
                assert_eq!(names(wording.en), names(wording.zh), "{wording:?}");
                let side_by_side = pieces(wording.en)
                    .windows(2)
                    .any(|p| matches!(p, [Piece::Value(_), Piece::Value(_)]));
                assert!(!side_by_side, "{}", wording.en);
            }
        }
    }

    #[test]
    fn messages_read_in_chinese_with_their_values_kept() {
        let place = |p: &str| format!("<{p}>");
        let cases = [
            (
                Code::UnknownUnit,
                "the unit \"直属分局\" is not in the registry (厦门市湖里区); kept as written",
                "单位 \"直属分局\" 不在单位名录（厦门市湖里区）中，按原文保留",
            ),
            (
                Code::UnknownUnit,
                "the unit \"区司法\" is not in the registry (厦门市湖里区); kept as written; did you mean 湖里区司法局?",
                "单位 \"区司法\" 不在单位名录（厦门市湖里区）中，按原文保留；是否为 湖里区司法局？",
            ),
            (
                Code::DuplicateRequirement,
                "items 3 and 9 have the same requirement text (table 1, row 4 and table 1, row 10)",
                "第3项与第9项的工作要求相同（<table 1, row 4>、<table 1, row 10>）",
            ),
            (
                Code::Encoding,
                "text decoded as GB18030 (detected)",
                "文本按 GB18030 解码（自动识别）",
            ),
            (
                Code::TableSkipped,
                "not a task table, skipped: table 1 (header row: 姓名 | 电话)",
                "不是任务分解表，已跳过：表1（表头行：姓名 | 电话）",
            ),
            (
                Code::ColumnRole,
                "column 3 \"单位\": units, by content (7 of 8 cells)",
                "第3列 \"单位\"：按内容判定为责任单位（8个单元格中7个相符）",
            ),
            (
                Code::MergeWithText,
                "a merged continuation cell holds its own text; read as a cell of its own (found 4 times)",
                "合并的续格有自己的文字：作为单独的单元格读取（共出现4次）",
            ),
            (
                Code::DeadlineUnparsed,
                "expected a deadline such as 10月底前, but found \"待定\"",
                "完成时限应如 10月底前，\"待定\" 无法识别",
            ),
            (
                Code::DeadlineUnparsed,
                "expected a deadline such as 10月底前, but found \"每旬\" in \"每旬，10月底前\"",
                "完成时限应如 10月底前，\"每旬，10月底前\" 中的 \"每旬\" 无法识别",
            ),
            (
                Code::JurisdictionFromSibling,
                "the notice names no jurisdiction: 厦门市湖里区 is taken from n.docx, the file of the same name beside it",
                "通知未写明行政区划：取旁边同名文件 n.docx 的行政区划 厦门市湖里区",
            ),
            (
                Code::Omitted,
                "901 more short-row diagnostics were left out: a report lists at most 100 of one code",
                "另有901条 short-row 诊断未列出：同一代码最多列出100条",
            ),
        ];
        for (code, en, zh) in cases {
            let d = Diagnostic::warning(code, None, en);
            assert_eq!(d.chinese_message(&place).as_deref(), Some(zh), "{en}");
        }
        let stranger = Diagnostic::warning(Code::UnitsMissing, None, "something else");
        assert_eq!(stranger.chinese_message(&place), None);
    }

    #[test]
    fn the_schema_lists_every_code() {
        let schema: serde_json::Value = serde_json::from_str(crate::validate::SCHEMA).unwrap();
        let listed: Vec<&str> = schema["$defs"]["diagnostic"]["properties"]["code"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, codes);
    }

    #[test]
    fn codes_serialize_as_their_kebab_spelling() {
        for code in Code::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let words = code.as_str().split('-');
            assert!(
                words
                    .clone()
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
            );
        }
    }
}
