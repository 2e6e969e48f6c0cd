//! Text from glyphs: glyphs on one baseline make a line, lines make paragraphs. A line that
//! runs to the right edge of its column wrapped, and the next line goes on with it; a line that
//! stops short, a first-line indent, a change of size or a wider gap than the text's own line
//! pitch ends a paragraph.

use std::sync::LazyLock;

use regex::Regex;

use super::marks::Glyph;

/// One line of text as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub left: f64,
    pub right: f64,
    /// The baseline.
    pub y: f64,
    /// The largest font size on the line.
    pub size: f64,
}

impl Line {
    pub fn top(&self) -> f64 {
        self.y - self.size
    }
}

/// Glyphs this close to a line's baseline (in ems) stand on it.
const SAME_BASELINE: f64 = 0.4;

/// The lines the glyphs make, top to bottom, each read left to right.
pub fn lines(glyphs: &[&Glyph]) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs
        .iter()
        .copied()
        .filter(|g| g.size > 0.0 && !g.text.is_empty())
        .collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match groups.last_mut() {
            Some(group)
                if group
                    .first()
                    .is_some_and(|f| (g.y - f.y).abs() <= SAME_BASELINE * f.size.max(g.size)) =>
            {
                group.push(g);
            }
            _ => groups.push(vec![g]),
        }
    }
    groups.into_iter().filter_map(line).collect()
}

fn line(mut glyphs: Vec<&Glyph>) -> Option<Line> {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut text = String::new();
    let mut previous: Option<&Glyph> = None;
    for g in &glyphs {
        if let Some(p) = previous {
            // Overprinted glyphs (a bold effect drawn twice) are one.
            if (g.x - p.x).abs() < p.width * 0.3 && g.text == p.text {
                continue;
            }
            let gap = g.x - p.right();
            let ascii = is_ascii_word(&p.text) || is_ascii_word(&g.text);
            let wide = if ascii { 0.25 } else { 0.6 };
            if gap > wide * g.size.max(p.size)
                && !text.ends_with(char::is_whitespace)
                && !g.text.starts_with(char::is_whitespace)
            {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        previous = Some(g);
    }
    let first = glyphs.first()?;
    let last = glyphs.last()?;
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    let visible: Vec<&&Glyph> = glyphs
        .iter()
        .filter(|g| !g.text.chars().all(char::is_whitespace))
        .collect();
    let left = visible.first().map_or(first.x, |g| g.x);
    let right = visible.last().map_or(last.right(), |g| g.right());
    let size = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
    let y = glyphs.iter().map(|g| g.y).sum::<f64>() / glyphs.len() as f64;
    Some(Line {
        text,
        left,
        right,
        y,
        size,
    })
}

fn is_ascii_word(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_alphanumeric())
}

/// The column lines stand in: its left and right edges and the usual distance between two
/// baselines.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub left: f64,
    pub right: f64,
    pub pitch: f64,
}

impl Column {
    /// The column `lines` fill: from their leftmost start to their rightmost end.
    pub fn of(lines: &[Line]) -> Column {
        let left = lines.iter().map(|l| l.left).fold(f64::INFINITY, f64::min);
        let right = lines
            .iter()
            .map(|l| l.right)
            .fold(f64::NEG_INFINITY, f64::max);
        Column {
            left,
            right,
            pitch: pitch(lines),
        }
    }
}

/// The distance between the baselines of a paragraph's lines, or 0: the shorter steps between
/// consecutive lines (the longer ones have space between paragraphs in them).
pub fn pitch(lines: &[Line]) -> f64 {
    let mut steps: Vec<f64> = lines
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|&d| d > 0.0 && d < 3.0 * lines[0].size.max(1.0))
        .collect();
    steps.sort_by(f64::total_cmp);
    steps.get(steps.len() / 5).copied().unwrap_or(0.0)
}

/// True when `next` goes on the paragraph `line` is in. `near` says whether `next` follows on
/// the same page or cell (else it starts the next page, where the gap says nothing); `first`
/// whether `line` is its paragraph's first line, which may stand apart from the lines after it
/// (a first-line indent, or a number hanging out in front).
pub fn continues(line: &Line, next: &Line, column: &Column, near: bool, first: bool) -> bool {
    let size = line.size.max(next.size);
    if near && column.pitch > 0.0 && next.y - line.y > 1.3 * column.pitch {
        return false;
    }
    // Two centred lines of a title.
    let centred = |l: &Line| {
        let (before, after) = (l.left - column.left, column.right - l.right);
        before > 2.0 * size && (before - after).abs() < size
    };
    if centred(line) && centred(next) && (line.size - next.size).abs() < 0.15 * size {
        return true;
    }
    // After the first line, the lines of a paragraph start where the one before started.
    let aligned = first || (next.left - line.left).abs() < 0.8 * size;
    aligned && wrapped(line, next, column)
}

/// True when `line` ends where the column left no room for what starts `next`: less than an
/// em, or less than two where the line-breaking rules (禁则) moved a character down with the
/// punctuation after it, or less than the Latin word that starts `next`.
fn wrapped(line: &Line, next: &Line, column: &Column) -> bool {
    let room = (column.right - line.right) / line.size.max(1.0);
    if line.text.ends_with(ends_sentence) && (room >= 1.2 || starts_item(&next.text)) {
        return false;
    }
    if room < 1.2 {
        return true;
    }
    let mut chars = next.text.chars();
    let (first, second) = (chars.next(), chars.next());
    if room < 2.4 && (first.is_some_and(opens) || second.is_some_and(|c| closes(c) || opens(c))) {
        return true;
    }
    let word = next.text.chars().take_while(char::is_ascii_graphic).count();
    word > 0 && word as f64 * 0.55 > room - 0.5
}

/// Text that starts with an item's number: `1.`, `2、`, `（一）`, `一、`, `（1）`.
fn starts_item(text: &str) -> bool {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{1,3}[.．、](?:\D|$)|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)")
            .expect("invariant: literal regex")
    });
    ITEM.is_match(text)
}

/// Punctuation that ends a sentence or a bracketed note: a paragraph may end after it.
fn ends_sentence(c: char) -> bool {
    "。！？；：）】」』”!?;:)]".contains(c)
}

/// Punctuation that may not start a line.
fn closes(c: char) -> bool {
    "，。、；：？！）》」』】〕”’…—·,.;:?!)]}%".contains(c)
}

/// Punctuation that may not end a line.
fn opens(c: char) -> bool {
    "（《「『【〔“‘([{".contains(c)
}

/// Joins a wrapped line to the text before it: directly between Chinese characters, with a
/// space between words of Latin script.
pub fn join(text: &mut String, next: &str) {
    let end = text.chars().next_back();
    let start = next.chars().next();
    if let (Some(a), Some(b)) = (end, start)
        && a.is_ascii_alphanumeric()
        && b.is_ascii_alphanumeric()
    {
        text.push(' ');
    }
    text.push_str(next);
}

/// The paragraphs of lines standing in one column (a table cell), each joined from its lines.
pub fn paragraphs(lines: &[Line], column: &Column) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous: Option<&Line> = None;
    let mut first = true;
    for line in lines {
        match (previous, out.last_mut()) {
            (Some(p), Some(text)) if continues(p, line, column, true, first) => {
                join(text, &line.text);
                first = false;
            }
            _ => {
                out.push(line.text.clone());
                first = true;
            }
        }
        previous = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            y,
            width: if text.is_ascii() { 5.0 } else { 10.0 },
            size: 10.0,
        }
    }

    fn line_of(text: &str, x: f64, y: f64) -> Line {
        let mut x = x;
        let glyphs: Vec<Glyph> = text
            .chars()
            .map(|c| {
                let g = glyph(&c.to_string(), x, y);
                x += g.width;
                g
            })
            .collect();
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        lines(&refs).remove(0)
    }

    #[test]
    fn glyphs_on_one_baseline_read_left_to_right() {
        let glyphs = [
            glyph("务", 20.0, 100.0),
            glyph("任", 10.0, 100.5),
            glyph("二", 10.0, 120.0),
        ];
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let l = lines(&refs);
        assert_eq!(
            l.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["任务", "二"]
        );
    }

    #[test]
    fn a_wide_gap_is_a_space() {
        let glyphs = [glyph("甲", 10.0, 100.0), glyph("乙", 60.0, 100.0)];
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(lines(&refs)[0].text, "甲 乙");
    }

    #[test]
    fn wrapped_lines_join_and_short_lines_end_paragraphs() {
        let column = Column {
            left: 0.0,
            right: 100.0,
            pitch: 14.0,
        };
        let lines = [
            line_of("一二三四五六七八九十", 0.0, 10.0),
            line_of("十一。", 0.0, 24.0),
            line_of("另起一段。", 20.0, 38.0),
        ];
        assert_eq!(
            paragraphs(&lines, &column),
            ["一二三四五六七八九十十一。", "另起一段。"]
        );
    }

    #[test]
    fn latin_words_keep_their_space_across_a_wrap() {
        let mut text = String::from("PDF");
        join(&mut text, "file");
        assert_eq!(text, "PDF file");
        let mut text = String::from("政务");
        join(&mut text, "公开");
        assert_eq!(text, "政务公开");
    }
}
