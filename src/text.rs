//! Cleaning cell text for output: markup removed, entities decoded, the stray spaces that
//! exports put between two Chinese characters (`公 开`) removed, white space trimmed.
//! Line breaks inside a cell are kept as `\n`. Also the text helpers every stage shares: lookup
//! keys, CJK classes, and the simplified form of traditional characters.

use std::sync::LazyLock;

use regex::Regex;

static PARAGRAPH_TAG: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: literal pattern.
    Regex::new(r"(?i)</?(?:p|div|br|li|tr)\b[^>]*>").expect("invariant: literal regex")
});
static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(?:span|font|b|i|u|em|strong|a|sup|sub|td|th|table|tbody|ul|ol|o:p)\b[^>]*>",
    )
    .expect("invariant: literal regex")
});
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|hellip|mdash));")
        .expect("invariant: literal regex")
});

/// Removes HTML markup left by web exports; paragraph-level tags become line breaks.
pub fn strip_tags(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    let text = PARAGRAPH_TAG.replace_all(text, "\n");
    INLINE_TAG.replace_all(&text, "").into_owned()
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    ENTITY
        .replace_all(text, |caps: &regex::Captures<'_>| {
            let c = if let Some(d) = caps.get(1) {
                d.as_str().parse().ok().and_then(char::from_u32)
            } else if let Some(h) = caps.get(2) {
                u32::from_str_radix(h.as_str(), 16)
                    .ok()
                    .and_then(char::from_u32)
            } else {
                match caps.get(3).map(|m| m.as_str()) {
                    Some("nbsp") => Some(' '),
                    Some("amp") => Some('&'),
                    Some("lt") => Some('<'),
                    Some("gt") => Some('>'),
                    Some("quot") => Some('"'),
                    Some("apos") => Some('\''),
                    Some("ldquo") => Some('“'),
                    Some("rdquo") => Some('”'),
                    Some("hellip") => Some('…'),
                    Some("mdash") => Some('—'),
                    _ => None,
                }
            };
            c.map_or_else(|| caps[0].to_string(), String::from)
        })
        .into_owned()
}

/// How many characters a reader sees in `text`: the pinyin a mirror site left after a
/// character (`重點(diǎn)`, `發（fā）`) is not counted, so that a length limit reads the words alone.
#[must_use]
pub fn visible_len(text: &str) -> usize {
    let mut n = 0;
    let mut rest = text;
    let mut after_cjk = false;
    while let Some(c) = rest.chars().next() {
        if after_cjk
            && matches!(c, '(' | '（')
            && let Some(gloss) = pinyin_gloss(&rest[c.len_utf8()..])
        {
            rest = &rest[c.len_utf8() + gloss..];
            continue;
        }
        n += 1;
        after_cjk = ('\u{3400}'..='\u{9FFF}').contains(&c);
        rest = &rest[c.len_utf8()..];
    }
    n
}

/// The length of a pinyin syllable and the bracket closing it (`diǎn)`), if `text` starts so.
fn pinyin_gloss(text: &str) -> Option<usize> {
    let end = text.find([')', '）'])?;
    let syllable = &text[..end];
    let letters = syllable.chars().count();
    ((2..=7).contains(&letters) && syllable.chars().all(is_pinyin_letter)).then(|| {
        let close = text[end..].chars().next().map_or(1, char::len_utf8);
        end + close
    })
}

/// A letter of pinyin: a to z and the vowels with tone marks.
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c)
}

/// Chinese characters and the punctuation set among them, between which a space is never
/// written in Chinese text.
#[must_use]
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3000}'..='\u{303F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// A lookup key for names and header words: full-width letters, digits and brackets made
/// half-width, white space and bracketed remarks (`（牵头）`, `【注】`) dropped, and each other
/// character passed through `map` (None drops it).
pub fn lookup_key(text: &str, map: impl Fn(char) -> Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() || depth > 0 => {}
            c => out.extend(map(c)),
        }
    }
    out
}

/// The text with traditional characters in their simplified form (`責任單位` → `责任单位`), for
/// matching words and names written in either script. Each character maps to one character of
/// the same UTF-8 length, so byte offsets found in the result hold in the original.
#[must_use]
pub fn simplified(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    fast2s::convert(text)
}

/// Cleans one cell's text for output. Returns an empty string for a cell of white space.
pub fn clean(raw: &str) -> String {
    let text = decode_entities(&strip_tags(raw));
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let mut out = String::with_capacity(line.len());
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == ' ' {
                let start = i;
                while i < chars.len() && chars[i] == ' ' {
                    i += 1;
                }
                let before = start.checked_sub(1).map(|b| chars[b]);
                let after = chars.get(i).copied();
                let between_cjk = before.is_some_and(is_cjk) && after.is_some_and(is_cjk);
                if !between_cjk && before.is_some() && after.is_some() {
                    out.push(' ');
                }
                continue;
            }
            out.push(chars[i]);
            i += 1;
        }
        if !out.is_empty() {
            lines.push(out);
        }
    }
    lines.join("\n")
}

/// Two values side by side (`fenjie check`): short ones whole (`a → b`), long ones as the part
/// that changed, marked inside the text it shares (`…共同的前文[-旧-]{+新+}共同的后文…`), so two
/// long texts that differ late never print alike.
pub fn marked(from: &str, to: &str) -> String {
    if from.chars().count() <= 60 && to.chars().count() <= 60 {
        return format!("{from} → {to}");
    }
    marked_in_context(from, to)
}

/// The part of a text that changed, marked inside up to 20 characters of the text it shares on
/// each side: `…共同的前文[-旧-]{+新+}共同的后文…` (`fenjie diff` marks every edited requirement so).
pub fn marked_in_context(from: &str, to: &str) -> String {
    const CONTEXT: usize = 20;
    let (a, b): (Vec<char>, Vec<char>) = (from.chars().collect(), to.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let text = |c: &[char]| c.iter().collect::<String>();
    let before = prefix.saturating_sub(CONTEXT);
    let after = (suffix).min(CONTEXT);
    // An empty side is left out: a pure insertion reads `…前文{+新+}后文…`.
    let (removed, inserted) = (
        text(&a[prefix..a.len() - suffix]),
        text(&b[prefix..b.len() - suffix]),
    );
    format!(
        "{}{}{}{}{}{}",
        if before > 0 { "…" } else { "" },
        text(&a[before..prefix]),
        if removed.is_empty() {
            String::new()
        } else {
            format!("[-{removed}-]")
        },
        if inserted.is_empty() {
            String::new()
        } else {
            format!("{{+{inserted}+}}")
        },
        text(&a[a.len() - suffix..a.len() - suffix + after]),
        if after < suffix { "…" } else { "" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_left_after_characters_is_not_counted() {
        assert_eq!(visible_len("深化重點(diǎn)領(lǐng)域改革"), 8);
        assert_eq!(visible_len("發（fā）展"), 2);
        // A bracket that is no pinyin counts, and so does one after a non-Chinese character.
        assert_eq!(visible_len("方案(试行)"), 6);
        assert_eq!(visible_len("Word(doc)"), 9);
        assert_eq!(visible_len("第三(a)款"), 6);
    }

    #[test]
    fn cleaning() {
        let cases = [
            ("七、持续加强公 开平台建设", "七、持续加强公开平台建设"),
            (
                "减税降费政策措施特别 是大规模",
                "减税降费政策措施特别是大规模",
            ),
            ("关于印发2022年 全区政务公开", "关于印发2022年全区政务公开"),
            ("  前后空白\t", "前后空白"),
            ("<p>23 进一步提升</p>", "23 进一步提升"),
            (
                "支持互联网协议第6版 IPv6 改造",
                "支持互联网协议第6版 IPv6 改造",
            ),
            ("A&amp;B&nbsp;C", "A&B C"),
            ("第一行\n\n  第二行  ", "第一行\n第二行"),
            ("全角\u{3000}空格", "全角空格"),
            ("政务公开 ，要求", "政务公开，要求"),
            ("", ""),
            ("   ", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }
}
