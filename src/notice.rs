//! The notice's own metadata, read from its body paragraphs (and, for spreadsheets, the title
//! rows above the table and the sheet names): issuer, document number, title, recipients, date
//! of issue, year, contact, disclosure and the attachment's title.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use serde::Serialize;

use crate::grid::Paragraph;
use crate::jurisdiction::{self, Jurisdiction};
use crate::outline::chinese_number;
use crate::text::{clean, simplified};

/// The contact line of a notice (联系人：…，联系电话：…).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The person named.
    pub name: Option<String>,
    /// The telephone number.
    pub phone: Option<String>,
    /// The line as written.
    pub raw: String,
}

/// What the notice says about itself. Every field is optional: a workbook or a bare table has
/// none of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// 发文机关: the issuing office.
    pub issuer: Option<String>,
    /// 发文字号, e.g. 厦湖府办函〔2022〕80号.
    pub doc_number: Option<String>,
    /// The notice's title (关于印发……的通知), joined when it spans lines.
    pub title: Option<String>,
    /// 主送机关, one entry per addressee.
    pub recipients: Vec<String>,
    /// 成文日期: the date of issue.
    #[serde(serialize_with = "serialize_date")]
    pub issued_on: Option<Date>,
    /// The year the notice's tasks belong to: from the attachment's or notice's title
    /// (2022年…), else a sheet name, else the date of issue.
    pub year: Option<i16>,
    /// Whom to ask about the notice.
    pub contact: Option<Contact>,
    /// 公开属性, e.g. 主动公开 from （此件主动公开）.
    pub disclosure: Option<String>,
    /// The attached table's title (附件), or a spreadsheet's title row.
    pub attachment_title: Option<String>,
    /// The government (or department) the notice belongs to; unit names are read within it.
    pub jurisdiction: Option<Jurisdiction>,
    /// Where the year used for deadlines came from.
    pub year_source: Option<YearSource>,
}

/// Where the year that resolves deadlines without one came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// `--year YYYY`.
    Option,
    /// The attachment's or the table's title (`2022年…分解表`).
    AttachmentTitle,
    /// The notice's title.
    Title,
    /// A worksheet's name.
    SheetName,
    /// The date of issue.
    IssueDate,
    /// The year of the document number (`〔2021〕`), when nothing else gives one.
    DocNumber,
}

fn serialize_date<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: literal pattern.
    Regex::new(r"[\p{Han}]{1,16}\s*[〔［\[【(（]\s*(\d{4})\s*[〕］\]】)）]\s*\d{1,5}\s*号")
        .expect("invariant: literal regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    // A remark in brackets may follow the date on its line (`2022年1月28日（此件公开发布）`).
    Regex::new(r"^\s*(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*(?:[（(][^）)]*[）)]\s*)?$")
        .expect("invariant: literal regex")
});
/// A date in digits alone on its line: `2015-03-13`, `2015.03.13`, `2015/3/13`, or day first
/// with dots as in `13.03.2015`.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(\d{4})[-./](\d{1,2})[-./](\d{1,2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))\s*$")
        .expect("invariant: literal regex")
});
/// A line of a page's metadata, label and value (`发布机构 | 某县农业农村局 |`, `成文日期：…`).
static META_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(发布机构|发文机关|发文单位|成文日期|发文日期|发文字号|文号)\s*[|｜:：]\s*([^|｜]+?)\s*[|｜]?\s*$",
    )
    .expect("invariant: literal regex")
});
/// A page's line naming who published the notice (`来源：某区教育局`, `文章来源:…`,
/// `发布机构 | …`), alone or among the page's other metadata (`发布时间：… 来源：… 浏览次数：…`,
/// `发布时间：2024-03-28 09:33信息来源：…`).
static PUBLISHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])(?:信息来源|文章来源|来源|发布机构|发布单位)\s*[|｜:：]\s*(\p{Han}{2,40})")
        .expect("invariant: literal regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").expect("invariant: literal regex"));
/// The first year of a range and its dash, right before the range's last year (`2021—`).
static YEAR_RANGE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:19|20)\d{2}\s*年?\s*[—–\-－~～至到]+\s*$").expect("invariant: literal regex")
});
static YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(]\s*(?:19|20)\d{2}\s*年?\s*[）)]\s*$").expect("invariant: literal regex")
});
static DISCLOSURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]\s*此件(.{2,8}?)\s*[）)]$").expect("invariant: literal regex")
});
static ATTACHMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附\s*件\s*\d*\s*[:：]?\s*(.*)$").expect("invariant: literal regex")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:电话|联系电话|手机|Tel|TEL)\s*[:：]?\s*([0-9０-９\-－—()（）\s、/]{5,})")
        .expect("invariant: literal regex")
});
static CONTACT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"联\s*系\s*人\s*[:：]?\s*([\p{Han}·]{2,5})").expect("invariant: literal regex")
});

const ORGANISATION_ENDINGS: &[&str] = &[
    "办公室",
    "人民政府",
    "政府",
    "委员会",
    "局",
    "办",
    "委",
    "厅",
    "院",
    "中心",
    "部",
    "小组",
    "指挥部",
    "公司",
    "处",
];

/// Words of a sentence, never of an office's name: a line holding one is body text that happens
/// to end like a name (`为深入贯彻落实《国务院`).
const SENTENCE_WORDS: &[&str] = &["关于", "现将", "贯彻落实", "印发", "根据", "按照"];

fn is_organisation(text: &str) -> bool {
    let n = text.chars().count();
    (4..=40).contains(&n)
        && !text.contains(['，', '。', '：', ':', '；', '、', '《', '》', '<', '>', '“', '”'])
        // 为 opens a sentence of purpose (`为深入…`), 为民 an office (`为民服务中心`).
        && (!text.starts_with('为') || text.starts_with("为民"))
        && !SENTENCE_WORDS.iter().any(|w| text.contains(w))
        && ORGANISATION_ENDINGS.iter().any(|e| text.ends_with(e))
}

/// What the first line of a signature split over two lines ends with: a government or party
/// committee (`中共某县委某县人民政府`), whose body follows on the next line.
const SIGNATURE_HEADS: &[&str] = &[
    "人民政府",
    "政府",
    "县委",
    "市委",
    "区委",
    "党委",
    "委员会",
    "办公室",
    "办公厅",
];

/// What the second line of such a signature ends with: a body of the government above it
/// (`优化营商环境领导小组`).
const SIGNATURE_BODIES: &[&str] = &["小组", "工作组", "指挥部", "办公室", "委员会"];

/// The signature above the date of issue at `date_at`: the line above it, joined with the line
/// above that when the two are one name broken after the government (`中共某县委某县人民政府` /
/// `优化营商环境领导小组`).
fn signature(texts: &[String], simple: &[String], date_at: usize) -> Option<String> {
    let last = date_at.checked_sub(1)?;
    if !is_organisation(&simple[last]) {
        return None;
    }
    let body = simple[last].as_str();
    let head = last.checked_sub(1).map(|i| simple[i].as_str());
    let broken = head.is_some_and(|head| {
        is_organisation(head)
            && SIGNATURE_HEADS.iter().any(|e| head.ends_with(e))
            && body.chars().count() <= 16
            && SIGNATURE_BODIES.iter().any(|e| body.ends_with(e))
            && jurisdiction::parse_office(body).is_none()
    });
    Some(if broken {
        format!("{}{}", texts[last - 1], texts[last])
    } else {
        texts[last].clone()
    })
}

fn is_title(text: &str) -> bool {
    // A year in brackets may end the title (`重点工作责任分解（2023年）`).
    let text = YEAR_AFTER.replace(text, "");
    let text = text.as_ref();
    text.chars().count() <= 120
        && !text.ends_with(['。', '：', ':'])
        // 台帳, as Taiwan writes it, simplifies to 台帐, not 台账.
        && [
            "通知", "意见", "方案", "表", "函", "通报", "要点", "安排", "计划", "清单", "分工",
            "分解", "台账", "台帐",
        ]
        .iter()
        .any(|e| text.ends_with(e))
}

/// Reads a date written as 2022年7月28日, 二〇二二年七月二十八日, 2022-07-28 or 28.07.2022.
pub fn parse_date(text: &str) -> Option<Date> {
    if let Some(c) = NUMERIC_DATE.captures(text) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i16>().ok());
        let (y, m, d) = match n(1) {
            Some(y) => (y, n(2)?, n(3)?),
            None => (n(6)?, n(5)?, n(4)?),
        };
        return Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok();
    }
    let caps = DATE.captures(text)?;
    let year: i16 = caps[1].parse().ok().or_else(|| {
        let digits: String = caps[1]
            .chars()
            .map(|c| match c {
                '〇' | '○' | '零' => '0',
                c => chinese_number(&c.to_string())
                    .and_then(|d| char::from_digit(d, 10))
                    .unwrap_or('x'),
            })
            .collect();
        digits.parse().ok()
    })?;
    let part = |s: &str| {
        s.parse::<i8>()
            .ok()
            .or_else(|| chinese_number(s).and_then(|n| i8::try_from(n).ok()))
    };
    Date::new(year, part(&caps[2])?, part(&caps[3])?).ok()
}

/// The year a title names as its own: the first outside the titles it cites in `《…》`, else
/// the first inside them (`关于印发《2023年工作要点》的通知`); never the years a plan runs over
/// (`（2022—2024年）`, `贯彻《……三年行动计划（2021—2023年）》实施方案`), which name no one year.
fn year_in(text: &str) -> Option<i16> {
    let (outside, inside) = cited_apart(text);
    single_year(&outside).or_else(|| single_year(&inside))
}

/// The first year in `text` that does not close a range.
fn single_year(text: &str) -> Option<i16> {
    YEAR.captures_iter(text).find_map(|caps| {
        let at = caps.get(0)?.start();
        if YEAR_RANGE_START.is_match(&text[..at]) {
            return None;
        }
        caps[1].parse().ok()
    })
}

/// The text outside the titles it cites in `《…》`, and the text inside them.
fn cited_apart(text: &str) -> (String, String) {
    let mut outside = String::with_capacity(text.len());
    let mut inside = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' if depth > 0 => {
                depth -= 1;
                inside.push(' ');
            }
            _ if depth == 0 => outside.push(c),
            _ => inside.push(c),
        }
    }
    (outside, inside)
}

/// Reads the notice's metadata from its paragraphs (in document order) and sheet names.
pub fn read(paragraphs: &[Paragraph], sheet_names: &[String]) -> Notice {
    let texts: Vec<String> = paragraphs
        .iter()
        .map(|p| clean(&p.text))
        .filter(|t| !t.is_empty())
        .collect();
    // Words are matched in simplified script; what is kept is the text as written (the two have
    // the same byte offsets, see `text::simplified`).
    let simple: Vec<String> = texts.iter().map(|t| simplified(t)).collect();
    let mut notice = Notice::default();
    let title_at = read_lines(&texts, &simple, &mut notice);
    if notice.issuer.is_none() {
        notice.issuer = texts.iter().zip(&simple).take(3).find_map(|(t, s)| {
            // A letterhead (`X人民政府文件`) names the issuer too.
            let office = s.strip_suffix("文件").unwrap_or(s);
            is_organisation(office).then(|| t[..office.len().min(t.len())].to_string())
        });
    }
    if notice.issuer.is_none() {
        notice.issuer = issuer_before_about(&texts, &simple);
    }
    notice.recipients = recipients(&texts, &simple, title_at.map_or(0, |t| t + 1));
    // A table without a notice around it: its title row is the attachment's title.
    if notice.attachment_title.is_none() && notice.title.is_none() {
        notice.attachment_title = texts
            .iter()
            .zip(&simple)
            .find(|(t, s)| YEAR.is_match(t) && is_title(s))
            .map(|(t, _)| t.clone());
    }
    (notice.year, notice.year_source) = year(&notice, sheet_names);
    if notice.year.is_none() || notice.year_source == Some(YearSource::DocNumber) {
        // A plan's own title line with its year (`某县2023年优化营商环境工作方案`), when the
        // notice's title and its attachment's name none.
        if let Some(y) = texts
            .iter()
            .zip(&simple)
            .take(TITLE_LINES)
            .find(|(t, s)| year_in(t).is_some() && is_title(s))
            .and_then(|(t, _)| year_in(t))
        {
            notice.year = Some(y);
            notice.year_source = Some(YearSource::Title);
        }
    }
    // A table standing alone names its place in its title (`桐庐县2022年重点项目推进情况表`).
    let title = notice
        .title
        .as_deref()
        .or(notice.attachment_title.as_deref());
    notice.jurisdiction = jurisdiction::read(notice.issuer.as_deref(), title);
    notice
}

/// The place of the office a page names as the notice's publisher (`来源：某县卫生健康委员会` →
/// 某县), for a notice that names no place itself. The lines are a page's chrome and the first
/// lines of its text, where such a line stands.
pub fn publisher_place<'a>(lines: impl IntoIterator<Item = &'a Paragraph>) -> Option<Jurisdiction> {
    lines.into_iter().find_map(|p| {
        // As written, not cleaned: the space that ends the name (`来源：某局 浏览次数：…`) stays.
        let simple = simplified(&p.text);
        PUBLISHER
            .captures_iter(&simple)
            .filter_map(|c| c.get(1))
            .find_map(|m| office_at_start(m.as_str()))
    })
}

/// The place of the longest office a page's value starts with: the next label may follow the
/// name without a space (`芜湖市教育局阅读次数：`).
fn office_at_start(value: &str) -> Option<Jurisdiction> {
    value
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .rev()
        .find_map(|end| jurisdiction::from_page(&value[..end]))
}

/// The first lines of a page's text, where its metadata (`来源：…`) stands.
pub const PAGE_HEAD_LINES: usize = 20;

/// The office at the head of the title, within the first lines (`芜湖市人民政府关于……的通知`,
/// also a title a page cut short or broke over lines, `省人民政府关于`), after a page's label in
/// brackets (`【专题】`).
fn issuer_before_about(texts: &[String], simple: &[String]) -> Option<String> {
    texts
        .iter()
        .zip(simple)
        .take(TITLE_LINES)
        .find_map(|(t, s)| {
            let at = s.find("关于")?;
            let head = &s[..at];
            let after_label = head.rfind('】').map_or(0, |i| i + '】'.len_utf8());
            let office = head[after_label..].trim();
            let start = at - head[after_label..].trim_start().len();
            (is_organisation(office) && !office.starts_with("中共")).then(|| {
                t.get(start..start + office.len())
                    .unwrap_or(office)
                    .to_string()
            })
        })
}

/// The first lines of a notice, where its title stands.
const TITLE_LINES: usize = 10;

/// The rows of a page's metadata table, each label and its value as a line (`发布机构：某局`);
/// a row may hold two pairs. Only the labels [`read`] knows are taken.
pub fn metadata_rows(grid: &crate::grid::Grid) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for (r, row) in grid.rows.iter().enumerate().take(MAX_METADATA_ROWS) {
        for pair in row.own_texts().chunks(2) {
            if let [label, value] = pair {
                let line = format!("{label}：{value}");
                if META_LINE.is_match(&simplified(&line)) {
                    out.push(Paragraph {
                        text: line,
                        location: grid.location(r, None),
                    });
                }
            }
        }
    }
    out
}

/// The most rows of a table looked at for a page's metadata.
const MAX_METADATA_ROWS: usize = 12;

/// The first of each kind of line: document number, title, date (and the signature above it),
/// disclosure, contact, attachment title. Returns where the title stands.
fn read_lines(texts: &[String], simple: &[String], notice: &mut Notice) -> Option<usize> {
    let mut title_at = None;
    for (i, text) in texts.iter().enumerate() {
        let s = simple[i].as_str();
        if notice.doc_number.is_none()
            && let Some(m) = DOC_NUMBER.find(s)
        {
            let found = text.get(m.range()).unwrap_or(m.as_str());
            notice.doc_number = Some(found.split_whitespace().collect());
        }
        if notice.title.is_none() && s.contains("关于") && is_title(s) {
            // A page's label in brackets before the title (`【重点工作】`) is not part of it.
            let label = text
                .strip_prefix('【')
                .and_then(|rest| {
                    rest.find('】')
                        .map(|i| '【'.len_utf8() + i + '】'.len_utf8())
                })
                .filter(|&end| s.get(end..).is_some_and(|rest| rest.contains("关于")))
                .unwrap_or(0);
            notice.title = Some(text[label..].trim().to_string());
            title_at = Some(i);
        }
        if notice.issued_on.is_none()
            && let Some(d) = parse_date(text)
        {
            notice.issued_on = Some(d);
            // The signature stands right above the date.
            if let Some(issuer) = signature(texts, simple, i) {
                notice.issuer = Some(issuer);
            }
        }
        if let Some(c) = META_LINE.captures(s) {
            let value = text
                .get(c.get(2).map_or(0..0, |m| m.range()))
                .unwrap_or_default();
            if c[1].ends_with("日期") {
                notice.issued_on = notice.issued_on.or_else(|| parse_date(value));
            } else if c[1].ends_with("文号") || c[1].ends_with("字号") {
                if notice.doc_number.is_none() && DOC_NUMBER.is_match(&c[2]) {
                    notice.doc_number = Some(value.split_whitespace().collect());
                }
            } else if notice.issuer.is_none() && is_organisation(&c[2]) {
                notice.issuer = Some(value.to_string());
            }
        }
        if notice.disclosure.is_none()
            && let Some(c) = DISCLOSURE.captures(text)
        {
            notice.disclosure = Some(c[1].to_string());
        }
        if notice.contact.is_none() && s.starts_with("联系人") {
            notice.contact = Some(contact(text, s));
        }
        if notice.attachment_title.is_none()
            && let Some(c) = ATTACHMENT.captures(text)
        {
            let inline = c[1].trim();
            notice.attachment_title = if inline.is_empty() {
                texts.get(i + 1).filter(|t| !t.starts_with("附")).cloned()
            } else {
                Some(inline.to_string())
            };
        }
    }
    title_at
}

/// A contact line (`联系人：…，联系电话：…`), read in simplified script, kept as written.
fn contact(text: &str, simple: &str) -> Contact {
    Contact {
        name: CONTACT_NAME
            .captures(simple)
            .and_then(|c| c.get(1))
            .and_then(|m| text.get(m.range()))
            .map(str::to_string),
        phone: PHONE
            .captures(simple)
            .map(|c| c[1].trim_end_matches(['、', '/', ' ']).trim().to_string()),
        raw: text.to_string(),
    }
}

/// 主送机关: the line ending in a colon within three lines after the title.
fn recipients(texts: &[String], simple: &[String], from: usize) -> Vec<String> {
    texts
        .iter()
        .zip(simple)
        .skip(from)
        .take(3)
        .find(|(t, s)| {
            t.ends_with(['：', ':']) && t.chars().count() <= 100 && !s.starts_with("联系人")
        })
        .map(|(t, _)| {
            t.trim_end_matches(['：', ':'])
                .split(['，', '、', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The year the tasks belong to and where it was read: the attachment's title, the notice's
/// title, a sheet name, else the date of issue.
fn year(notice: &Notice, sheet_names: &[String]) -> (Option<i16>, Option<YearSource>) {
    let from_title = |t: &Option<String>| t.as_deref().and_then(year_in);
    if let Some(y) = from_title(&notice.attachment_title) {
        (Some(y), Some(YearSource::AttachmentTitle))
    } else if let Some(y) = from_title(&notice.title) {
        (Some(y), Some(YearSource::Title))
    } else if let Some(y) = sheet_names.iter().find_map(|s| year_in(s)) {
        (Some(y), Some(YearSource::SheetName))
    } else if let Some(d) = notice.issued_on {
        (Some(d.year()), Some(YearSource::IssueDate))
    } else if let Some(y) = notice.doc_number.as_deref().and_then(|n| {
        let n = simplified(n);
        DOC_NUMBER.captures(&n).and_then(|c| c[1].parse().ok())
    }) {
        (Some(y), Some(YearSource::DocNumber))
    } else {
        (None, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_names_its_own_year_not_a_cited_one_or_a_range() {
        assert_eq!(year_in("某县2023年优化营商环境工作方案"), Some(2023));
        assert_eq!(
            year_in("某市贯彻《某省数字政府三年行动计划（2021—2023年）》实施方案"),
            None
        );
        assert_eq!(
            year_in("某市新型基础设施建设三年行动方案（2022—2024年）"),
            None
        );
        assert_eq!(year_in("关于印发《2023年工作要点》的通知"), Some(2023));
        assert_eq!(year_in("某县2024年民生实事（2024-2026年）"), Some(2024));
    }

    #[test]
    fn dates_in_digits_and_numerals() {
        for (text, want) in [
            ("2022年7月28日", Some("2022-07-28")),
            ("二〇二二年七月二十八日", Some("2022-07-28")),
            ("2022年2月30日", None),
            ("2022年7月", None),
            ("2022年1月28日（此件公开发布）", Some("2022-01-28")),
            ("2015-03-13", Some("2015-03-13")),
            ("2015.3.13", Some("2015-03-13")),
            ("13.03.2015", Some("2015-03-13")),
            ("13.13.2015", None),
            ("2022年1月28日前完成", None),
        ] {
            assert_eq!(
                parse_date(text).map(|d| d.to_string()).as_deref(),
                want,
                "{text}"
            );
        }
    }

    fn lines(texts: &[&str]) -> Vec<Paragraph> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                text: (*t).to_string(),
                location: crate::grid::Location::Line {
                    line: i as u32 + 1,
                    column: None,
                },
            })
            .collect()
    }

    #[test]
    fn a_pages_metadata_lines_and_the_document_numbers_year() {
        let n = read(
            &lines(&[
                "发布机构：某县农业农村局",
                "成文日期 | 2022-01-30 |",
                "关于印发农业重点工作任务清单的通知",
                "某县农业农村局",
                "2022年1月28日",
            ]),
            &[],
        );
        assert_eq!(n.issuer.as_deref(), Some("某县农业农村局"));
        assert_eq!(
            n.issued_on.map(|d| d.to_string()).as_deref(),
            Some("2022-01-30")
        );
        // With no title year and no date, the document number's year is the notice's.
        let n = read(
            &lines(&["東府辦〔2021〕54號", "关于印发重点工作方案的通知"]),
            &[],
        );
        assert_eq!(n.year, Some(2021));
        assert_eq!(n.year_source, Some(YearSource::DocNumber));
    }

    #[test]
    fn header_block_is_read() {
        let lines = [
            "厦门市湖里区人民政府办公室",
            "厦湖府办函〔2022〕80号",
            "湖里区人民政府办公室关于印发2022年 全区政务公开工作主要任务分解表的通知",
            "各街道办事处，区直各部门，各有关单位：",
            "为贯彻落实……请认真组织实施。",
            "联系人：王璐，电话：5722601。",
            "厦门市湖里区人民政府办公室",
            "2022年7月28日",
            "（此件主动公开）",
            "附件",
            "2022年全区政务公开工作主要任务分解表",
        ];
        let paragraphs: Vec<Paragraph> = lines
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                text: t.to_string(),
                location: crate::grid::Location::Line {
                    line: i as u32 + 1,
                    column: None,
                },
            })
            .collect();
        let n = read(&paragraphs, &[]);
        assert_eq!(n.issuer.as_deref(), Some("厦门市湖里区人民政府办公室"));
        assert_eq!(n.doc_number.as_deref(), Some("厦湖府办函〔2022〕80号"));
        assert_eq!(
            n.title.as_deref(),
            Some("湖里区人民政府办公室关于印发2022年全区政务公开工作主要任务分解表的通知")
        );
        assert_eq!(n.recipients, ["各街道办事处", "区直各部门", "各有关单位"]);
        assert_eq!(
            n.issued_on.map(|d| d.to_string()).as_deref(),
            Some("2022-07-28")
        );
        assert_eq!(n.year, Some(2022));
        let contact = n.contact.unwrap();
        assert_eq!(
            (contact.name.as_deref(), contact.phone.as_deref()),
            (Some("王璐"), Some("5722601"))
        );
        assert_eq!(n.disclosure.as_deref(), Some("主动公开"));
        assert_eq!(
            n.attachment_title.as_deref(),
            Some("2022年全区政务公开工作主要任务分解表")
        );
    }

    #[test]
    fn traditional_script_reads_as_simplified() {
        let n = read(
            &lines(&[
                "【縣政府重點工作及責任分解】某某縣人民政府關於印發2020年重點工作責任分解的通知",
                "聯繫人及電話：",
                "張三，1234567",
            ]),
            &[],
        );
        assert_eq!(
            n.title.as_deref(),
            Some("某某縣人民政府關於印發2020年重點工作責任分解的通知")
        );
        assert!(n.recipients.is_empty(), "{:?}", n.recipients);
        // 台帳 simplifies to 台帐, not 台账.
        assert!(is_title(&simplified("2021年重點工作台帳")));
    }

    #[test]
    fn a_sentence_of_the_body_is_no_issuer() {
        let n = read(
            &lines(&[
                "某政办字〔2023〕5号",
                "各县区人民政府，市政府各部门：",
                "为深入贯彻落实 《国务院关于推动某某产业发展的意见》，现将《某市某某产业发展方案》印发给你们，请认真贯彻实施。",
            ]),
            &[],
        );
        assert_eq!(n.issuer, None);
        for text in [
            "为深入贯彻落实《国务院",
            "现将某县人民政府",
            "根据市委办公室",
            "《某市人民政府",
        ] {
            assert!(!is_organisation(text), "{text}");
        }
        for text in ["某县为民服务中心", "为民服务中心", "某市人民政府办公室"]
        {
            assert!(is_organisation(text), "{text}");
        }
    }

    #[test]
    fn a_signature_broken_after_the_government_is_joined() {
        let signed = |first: &str, second: &str| {
            read(
                &lines(&[
                    "现将方案印发给你们，请认真贯彻执行。",
                    first,
                    second,
                    "2019年7月16日",
                ]),
                &[],
            )
            .issuer
        };
        assert_eq!(
            signed("中共某某县委某某县人民政府", "优化营商环境领导小组").as_deref(),
            Some("中共某某县委某某县人民政府优化营商环境领导小组")
        );
        assert_eq!(
            signed("某某市人民政府", "重点项目建设指挥部").as_deref(),
            Some("某某市人民政府重点项目建设指挥部")
        );
        // Two offices signing together: the one above the date is the issuer, as before.
        assert_eq!(
            signed("某某县人民政府办公室", "某某县发展和改革委员会").as_deref(),
            Some("某某县发展和改革委员会")
        );
        // A last sentence above a one-line signature.
        assert_eq!(
            signed("请认真贯彻执行。", "领导小组办公室").as_deref(),
            Some("领导小组办公室")
        );
    }

    #[test]
    fn a_pages_publisher_names_the_place() {
        let place = |texts: &[&str]| publisher_place(&lines(texts)).map(|j| (j.name, j.source));
        for (text, want) in [
            ("发布机构：某某县卫生健康委员会", Some("某某县")),
            ("来源：某某区教育局", Some("某某区")),
            (
                "文章来源:某某县农业农村局 浏览量: 发表时间:2021-05-07",
                Some("某某县"),
            ),
            (
                "发布时间：2024-03-28 09:33信息来源：某某市教育局阅读次数：",
                Some("某某市"),
            ),
            (
                "浏览次数：信息来源：某某区城市管理局(区城管执法局)",
                Some("某某区"),
            ),
            ("發佈機構：某某縣衛生健康委員會", Some("某某县")),
            ("来源：区政府办", None),
            ("所需经费来源：某某县财政局", None),
        ] {
            assert_eq!(
                place(&[text]),
                want.map(|w| (w.to_string(), jurisdiction::Source::Page)),
                "{text}"
            );
        }
    }
}
