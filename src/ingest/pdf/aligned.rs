//! Tables drawn without rulings (columns only aligned, a worksheet printed without borders):
//! found from the text's positions, and given the rulings a person sees in them, so that they
//! are laid out as ruled tables are. A table starts at a line of two runs of text an em apart
//! or more; its columns are apart by rivers of white space (a third of an em at least) that run
//! down all its lines, and it ends at a line that crosses them all (running text). It needs
//! three rows holding two cells or more. Rows end where white space runs across the columns;
//! a cell centred on the rows it spans (a merged cell) keeps that row's line off its column.

use super::marks::{Glyph, Segment};

/// A gap this wide (ems) between two cells of the line a table starts with.
const CELL_GAP: f64 = 1.0;
/// The narrowest white space (ems) between two runs of text on a line, and between two
/// columns.
const RIVER: f64 = 0.3;
/// The fewest rows of two or more cells that make a table.
const MIN_ROWS: usize = 3;

/// A run of text on one line: where it starts and ends.
#[derive(Debug, Clone, Copy)]
struct Run {
    left: f64,
    right: f64,
}

/// One line of glyphs: its baseline, size and runs.
#[derive(Debug)]
struct Row {
    y: f64,
    size: f64,
    runs: Vec<Run>,
}

/// Horizontal and vertical rulings.
type Rulings = (Vec<Segment>, Vec<Segment>);

/// The rulings of the tables the glyphs' positions draw: (horizontal, vertical).
pub fn rulings(glyphs: &[&Glyph]) -> Rulings {
    let rows = rows(glyphs);
    let mut horizontal = Vec::new();
    let mut vertical = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        match block(&rows[start..]) {
            Some((len, table)) => {
                horizontal.extend(table.0);
                vertical.extend(table.1);
                start += len;
            }
            None => start += 1,
        }
    }
    (horizontal, vertical)
}

/// The glyphs as lines (on one baseline), top to bottom, each cut into runs.
fn rows(glyphs: &[&Glyph]) -> Vec<Row> {
    let mut sorted: Vec<&Glyph> = glyphs
        .iter()
        .copied()
        .filter(|g| g.size > 0.0 && !g.text.trim().is_empty())
        .collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match lines.last_mut() {
            Some(line)
                if line
                    .first()
                    .is_some_and(|f| (g.y - f.y).abs() <= 0.4 * f.size) =>
            {
                line.push(g);
            }
            _ => lines.push(vec![g]),
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let size = line.iter().map(|g| g.size).fold(0.0, f64::max);
            let mut runs: Vec<Run> = Vec::new();
            for g in &line {
                match runs.last_mut() {
                    Some(run) if g.x - run.right < RIVER * size => {
                        run.right = run.right.max(g.right());
                    }
                    _ => runs.push(Run {
                        left: g.x,
                        right: g.right(),
                    }),
                }
            }
            Row {
                y: line.first().map_or(0.0, |g| g.y),
                size,
                runs,
            }
        })
        .collect()
}

/// The table starting at the first row, if one does: how many rows it takes, and its rulings.
/// Its columns are apart by rivers of white space that run down all its lines; a line of
/// running text crosses them and ends it.
fn block(rows: &[Row]) -> Option<(usize, Rulings)> {
    let first = rows.first()?;
    let size = first.size;
    // A table starts with a line of two cells or more.
    if !first
        .runs
        .windows(2)
        .any(|w| w[1].left - w[0].right >= CELL_GAP * size)
    {
        return None;
    }
    let mut rivers: Vec<(f64, f64)> = first
        .runs
        .windows(2)
        .map(|w| (w[0].right, w[1].left))
        .collect();
    let mut len = 1;
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row.y - rows[i - 1].y > 3.0 * size || (row.size - size).abs() > 0.2 * size {
            break;
        }
        let narrowed: Vec<(f64, f64)> = rivers
            .iter()
            .flat_map(|&(a, b)| free(a, b, &row.runs))
            .filter(|(a, b)| b - a >= RIVER * size)
            .collect();
        if narrowed.is_empty() {
            break;
        }
        rivers = narrowed;
        len = i + 1;
    }
    let rows = &rows[..len];
    let pad = 0.5 * size;
    let left = rows
        .iter()
        .flat_map(|r| &r.runs)
        .map(|r| r.left)
        .fold(f64::INFINITY, f64::min);
    let right = rows
        .iter()
        .flat_map(|r| &r.runs)
        .map(|r| r.right)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut xs = vec![left - pad];
    xs.extend(rivers.iter().map(|&(a, b)| f64::midpoint(a, b)));
    xs.push(right + pad);
    let column_of = |x: f64| xs[1..xs.len() - 1].iter().filter(|&&m| m < x).count();
    let multi = rows
        .iter()
        .filter(|r| {
            let first = r.runs.first().map(|run| column_of(run.left));
            r.runs.iter().any(|run| Some(column_of(run.left)) != first)
        })
        .count();
    if multi < MIN_ROWS {
        return None;
    }
    Some((len, implied(rows, &xs, size)))
}

/// The parts of `a..b` no run covers.
fn free(a: f64, b: f64, runs: &[Run]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut from = a;
    for r in runs {
        if r.right <= from || r.left >= b {
            continue;
        }
        if r.left > from {
            out.push((from, r.left));
        }
        from = from.max(r.right);
    }
    if from < b {
        out.push((from, b));
    }
    out
}

/// The rulings of a table of `rows` between the column boundaries `xs`: a vertical line at
/// each, and a horizontal line wherever white space runs across the columns between two
/// cells' text. A cell whose text spans that space (a merged cell, centred on the rows it
/// covers) keeps the line off its column, so it stays one cell.
fn implied(rows: &[Row], xs: &[f64], size: f64) -> Rulings {
    let columns = xs.len() - 1;
    let column_of = |x: f64| xs[1..columns].iter().filter(|&&m| m < x).count();
    // Each column's cells: lines of its text one line pitch apart, as (top, bottom).
    let mut cells: Vec<Vec<(f64, f64)>> = vec![Vec::new(); columns];
    let mut last: Vec<Option<f64>> = vec![None; columns];
    for row in rows {
        for run in &row.runs {
            let c = column_of(run.left);
            let (top, bottom) = (row.y - 1.1 * row.size, row.y + 0.3 * row.size);
            match (cells[c].last_mut(), last[c]) {
                (Some(cell), Some(y)) if row.y - y <= 1.6 * row.size => cell.1 = bottom,
                _ => cells[c].push((top, bottom)),
            }
            last[c] = Some(row.y);
        }
    }
    let top = rows.first().map_or(0.0, |r| r.y - 1.2 * r.size);
    let bottom = rows.last().map_or(0.0, |r| r.y + 0.5 * r.size);
    // Where white space between two cells of a column could end a row.
    let mut gaps: Vec<f64> = cells
        .iter()
        .flat_map(|c| c.windows(2).map(|w| f64::midpoint(w[0].1, w[1].0)))
        .collect();
    gaps.sort_by(f64::total_cmp);
    let spanned = |y: f64| -> Vec<bool> {
        cells
            .iter()
            .map(|c| c.iter().any(|&(t, b)| t < y && b > y))
            .collect()
    };
    let count = |y: f64| spanned(y).iter().filter(|&&s| s).count();
    // Gaps close together are one row's end: where the fewest cells' text crosses it.
    let mut clusters: Vec<Vec<f64>> = Vec::new();
    for y in gaps {
        match clusters.last_mut() {
            Some(cluster) if cluster.last().is_some_and(|&l| y - l < 0.8 * size) => {
                cluster.push(y);
            }
            _ => clusters.push(vec![y]),
        }
    }
    let lines: Vec<f64> = clusters
        .iter()
        .filter_map(|cluster| cluster.iter().copied().min_by_key(|&y| count(y)))
        .collect();
    let (left, right) = (xs[0], xs[columns]);
    let mut horizontal = vec![
        Segment {
            at: top,
            from: left,
            to: right,
        },
        Segment {
            at: bottom,
            from: left,
            to: right,
        },
    ];
    for y in lines {
        let spanned = spanned(y);
        // White space across most columns ends a row; a line of text crossing it in most
        // columns means it is no row's end.
        if spanned.iter().filter(|&&s| s).count() * 3 > columns {
            continue;
        }
        for (c, spans) in spanned.iter().enumerate() {
            if !spans {
                horizontal.push(Segment {
                    at: y,
                    from: xs[c],
                    to: xs[c + 1],
                });
            }
        }
    }
    let vertical = xs
        .iter()
        .map(|&at| Segment {
            at,
            from: top,
            to: bottom,
        })
        .collect();
    (horizontal, vertical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(glyphs: &mut Vec<Glyph>, text: &str, x: f64, y: f64) {
        let mut x = x;
        for c in text.chars() {
            glyphs.push(Glyph {
                text: c.to_string(),
                x,
                y,
                width: 10.0,
                size: 10.0,
            });
            x += 10.0;
        }
    }

    #[test]
    fn aligned_columns_make_a_table_and_wrapped_text_stays_in_its_row() {
        let mut g = Vec::new();
        write(&mut g, "序号", 50.0, 100.0);
        write(&mut g, "工作任务", 100.0, 100.0);
        write(&mut g, "责任单位", 300.0, 100.0);
        write(&mut g, "1", 50.0, 120.0);
        write(&mut g, "制定目录", 100.0, 120.0);
        write(&mut g, "司法局", 300.0, 120.0);
        write(&mut g, "并公开", 100.0, 134.0);
        write(&mut g, "2", 50.0, 154.0);
        write(&mut g, "公开文件", 100.0, 154.0);
        write(&mut g, "财政局", 300.0, 154.0);
        let refs: Vec<&Glyph> = g.iter().collect();
        let (horizontal, vertical) = rulings(&refs);
        let mut ys: Vec<f64> = horizontal.iter().map(|h| h.at).collect();
        ys.dedup();
        // Above the header, between the three rows, below the last.
        assert_eq!(ys, [88.0, 159.0, 106.0, 140.0], "{horizontal:?}");
        assert!(
            horizontal
                .iter()
                .all(|h| (h.at - 140.0).abs() > 0.5 || h.to - h.from < 300.0)
        );
        assert_eq!(vertical.len(), 4, "{vertical:?}");
    }

    #[test]
    fn a_cell_centred_on_the_rows_it_spans_keeps_them_apart_and_stays_one_cell() {
        let mut g = Vec::new();
        write(&mut g, "类别", 50.0, 100.0);
        write(&mut g, "工作任务", 150.0, 100.0);
        write(&mut g, "责任单位", 300.0, 100.0);
        write(&mut g, "制定目录", 150.0, 120.0);
        write(&mut g, "司法局", 300.0, 120.0);
        write(&mut g, "政务公开", 50.0, 130.0);
        write(&mut g, "公开文件", 150.0, 140.0);
        write(&mut g, "财政局", 300.0, 140.0);
        let refs: Vec<&Glyph> = g.iter().collect();
        let (horizontal, _) = rulings(&refs);
        // Between the two rows, no line crosses the 类别 column: its cell spans both.
        let between: Vec<&Segment> = horizontal
            .iter()
            .filter(|h| h.at > 110.0 && h.at < 135.0)
            .collect();
        assert!(!between.is_empty(), "{horizontal:?}");
        assert!(between.iter().all(|h| h.from > 60.0), "{horizontal:?}");
    }

    #[test]
    fn paragraphs_and_a_line_with_a_gap_make_no_table() {
        let mut g = Vec::new();
        write(&mut g, "为进一步加强全区政务公开工作", 50.0, 100.0);
        write(&mut g, "联系人：王璐", 50.0, 120.0);
        write(&mut g, "电话：5722601", 300.0, 120.0);
        write(&mut g, "明确任务落实责任", 50.0, 140.0);
        let refs: Vec<&Glyph> = g.iter().collect();
        let (horizontal, vertical) = rulings(&refs);
        assert!(horizontal.is_empty() && vertical.is_empty());
    }
}
