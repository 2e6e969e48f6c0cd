//! Word's automatic list numbering (the numbering part, ECMA-376 Part 1 §17.9): a paragraph with
//! `w:numPr` shows a label such as `1.` or `一、` that is not in its text. Offices number the 序号
//! column and the items of a requirement cell this way, so the labels are rebuilt here and put
//! in front of the paragraph's text.
//!
//! Counters are kept per list instance (`w:num`), each level restarting when a higher level
//! advances. Labels come from `w:lvlText` (`%1.`, `（%1）`) with `decimal` and the Chinese counting
//! formats; bullets have no label. Numbering inherited from paragraph styles is not resolved.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::ooxml::attribute;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Decimal,
    Chinese,
    /// A bullet, or a format with no label worth rebuilding.
    None,
}

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: Format,
    text: String,
}

/// A list level as a legacy Word document stores it: the first number, the number format
/// (MSONFC) and the label text as UTF-16, in which the characters 0–8 stand for the numbers of
/// levels 1–9.
#[derive(Debug, Clone)]
pub struct BinaryLevel {
    pub start: u32,
    pub nfc: u8,
    pub text: Vec<u16>,
}

/// The lists of one document and their counters.
#[derive(Debug, Default)]
pub struct Numbering {
    /// `w:num` id → `w:abstractNum` id.
    nums: HashMap<u32, u32>,
    abstracts: HashMap<u32, Vec<Level>>,
    counters: HashMap<u32, [u32; 9]>,
}

fn number(e: &BytesStart<'_>) -> Option<u32> {
    attribute(e, "val")?.trim().parse().ok()
}

impl Numbering {
    /// Reads a numbering part. What cannot be read is left out: labels are a help, not a
    /// requirement, and a document without them still converts.
    #[must_use]
    pub fn parse(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<u32> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num_id: Option<u32> = None;
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        "abstractNum" => {
                            abstract_id =
                                attribute(&e, "abstractNumId").and_then(|v| v.parse().ok());
                        }
                        "lvl" => {
                            let ilvl = attribute(&e, "ilvl").and_then(|v| v.parse::<usize>().ok());
                            level = ilvl.filter(|&i| i < 9).map(|i| {
                                (
                                    i,
                                    Level {
                                        start: 1,
                                        format: Format::Decimal,
                                        text: String::new(),
                                    },
                                )
                            });
                        }
                        "start" => {
                            if let (Some((_, l)), Some(n)) = (level.as_mut(), number(&e)) {
                                l.start = n;
                            }
                        }
                        "numFmt" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.format = match attribute(&e, "val").as_deref() {
                                    Some(
                                        "decimal" | "decimalZero" | "decimalFullWidth"
                                        | "decimalHalfWidth",
                                    ) => Format::Decimal,
                                    Some(
                                        "chineseCounting"
                                        | "chineseCountingThousand"
                                        | "chineseLegalSimplified"
                                        | "ideographTraditional"
                                        | "taiwaneseCounting"
                                        | "japaneseCounting",
                                    ) => Format::Chinese,
                                    _ => Format::None,
                                };
                            }
                        }
                        "lvlText" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.text = attribute(&e, "val").unwrap_or_default();
                            }
                        }
                        "num" => num_id = attribute(&e, "numId").and_then(|v| v.parse().ok()),
                        "abstractNumId" => {
                            if let (Some(num), Some(abs)) = (num_id, number(&e)) {
                                numbering.nums.insert(num, abs);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(abs), Some((i, l))) = (abstract_id, level.take()) {
                            let levels = numbering.abstracts.entry(abs).or_default();
                            if levels.len() <= i {
                                levels.resize(
                                    i + 1,
                                    Level {
                                        start: 1,
                                        format: Format::None,
                                        text: String::new(),
                                    },
                                );
                            }
                            levels[i] = l;
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        numbering
    }

    /// The lists of a legacy Word document ([MS-DOC] 2.9.131 LVL, 2.9.150 LSTF, 2.9.146
    /// LFO): `lists[i]` the levels of the i-th list, `instances[k]` the list that list instance
    /// `k + 1` (a paragraph's `ilfo`) numbers. Label counters are kept per instance, as Word does.
    #[must_use]
    pub fn from_binary(lists: Vec<Vec<BinaryLevel>>, instances: &[usize]) -> Numbering {
        let mut numbering = Numbering::default();
        for (i, levels) in lists.into_iter().enumerate() {
            let levels = levels
                .into_iter()
                .map(|l| Level {
                    start: l.start,
                    format: match l.nfc {
                        // MSONFC: decimal, full-width and half-width decimal, zero-padded.
                        0 | 14 | 15 | 19 | 22 => Format::Decimal,
                        // japaneseCounting, ideographTraditional, taiwaneseCounting,
                        // chineseCounting, chineseLegalSimplified, chineseCountingThousand.
                        11 | 30 | 33 | 37..=39 => Format::Chinese,
                        _ => Format::None,
                    },
                    // The characters 0–8 of the label text stand for the levels' numbers.
                    text: char::decode_utf16(l.text)
                        .map(|c| match c {
                            Ok(c) if (c as u32) < 9 => format!("%{}", c as u32 + 1),
                            Ok(c) => c.to_string(),
                            Err(_) => String::new(),
                        })
                        .collect(),
                })
                .collect();
            numbering.abstracts.insert(i as u32, levels);
        }
        for (k, &list) in instances.iter().enumerate() {
            numbering.nums.insert(k as u32 + 1, list as u32);
        }
        numbering
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`, if it shows one.
    pub fn label(&mut self, num_id: u32, ilvl: u32) -> Option<String> {
        let abs = *self.nums.get(&num_id)?;
        let levels = self.abstracts.get(&abs)?;
        let ilvl = ilvl as usize;
        let level = levels.get(ilvl)?;
        if level.format == Format::None || level.text.is_empty() {
            return None;
        }
        let counters = self.counters.entry(num_id).or_insert([0; 9]);
        counters[ilvl] = if counters[ilvl] == 0 {
            level.start
        } else {
            counters[ilvl] + 1
        };
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = 0;
        }
        let mut label = level.text.clone();
        for (k, l) in levels.iter().enumerate().take(ilvl + 1).rev() {
            let value = if counters[k] == 0 {
                l.start
            } else {
                counters[k]
            };
            let shown = match l.format {
                Format::Chinese => chinese(value),
                _ => value.to_string(),
            };
            label = label.replace(&format!("%{}", k + 1), &shown);
        }
        Some(label)
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
fn chinese(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest as usize]),
                10..=19 => format!("一{}", chinese(rest)),
                _ => chinese(rest),
            };
            format!("{}百{tail}", DIGITS[(n / 100) as usize])
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PART: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    #[test]
    fn labels_count_per_level_and_restart_below() {
        let mut n = Numbering::parse(PART);
        let labels: Vec<Option<String>> = [(3, 0), (3, 1), (3, 1), (3, 0), (3, 1), (4, 0), (9, 0)]
            .iter()
            .map(|&(num, lvl)| n.label(num, lvl))
            .collect();
        let want = [
            Some("一、"),
            Some("1."),
            Some("2."),
            Some("二、"),
            Some("1."),
            None,
            None,
        ];
        assert_eq!(labels, want.map(|w| w.map(String::from)));
    }

    #[test]
    fn chinese_counting() {
        for (n, s) in [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (35, "三十五"),
            (105, "一百零五"),
            (110, "一百一十"),
        ] {
            assert_eq!(chinese(n), s);
        }
    }

    #[test]
    fn a_broken_part_gives_no_labels() {
        let mut n = Numbering::parse("<w:numbering><w:num");
        assert_eq!(n.label(1, 0), None);
    }
}
