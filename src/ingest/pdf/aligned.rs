//! Tables drawn without rulings (columns only aligned, a worksheet printed without borders):
//! found from the text's positions, and given the rulings a person sees in them, so that they
//! are laid out as ruled tables are. Consecutive lines whose runs of text (apart by gaps wider
//! than two ems) each stay within one of a few shared columns make a table when at least three
//! of them hold two runs or more. Rows end where white space runs across the columns; a cell
//! centred on the rows it spans (a merged cell) keeps that row's line off its column.

use super::marks::{Glyph, Segment};

/// A gap this wide (ems) between two glyphs of a line separates two cells.
const CELL_GAP: f64 = 2.0;
/// Runs starting this close (ems) start in one column.
const ALIGNED: f64 = 1.0;
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
                    Some(run) if g.x - run.right <= CELL_GAP * size => {
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
fn block(rows: &[Row]) -> Option<(usize, Rulings)> {
    let first = rows.first()?;
    if first.runs.len() < 2 {
        return None;
    }
    let size = first.size;
    let mut columns: Vec<f64> = first.runs.iter().map(|r| r.left).collect();
    let mut len = 1;
    let mut multi = 1;
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row.y - rows[i - 1].y > 3.0 * size || (row.size - size).abs() > 0.2 * size {
            break;
        }
        let mut grown = columns.clone();
        for r in &row.runs {
            if !grown.iter().any(|&c| (c - r.left).abs() <= ALIGNED * size) {
                grown.push(r.left);
            }
        }
        grown.sort_by(f64::total_cmp);
        // A run that reaches into the next column is a paragraph's line, not a cell's; a
        // line opening more than one new column is no row of this table.
        let crosses = row.runs.iter().any(|r| {
            grown
                .iter()
                .any(|&c| c > r.left + ALIGNED * size && r.right > c + 0.5 * size)
        });
        if crosses || grown.len() > columns.len() + 1 {
            break;
        }
        columns = grown;
        multi += usize::from(row.runs.len() >= 2);
        len = i + 1;
    }
    if multi < MIN_ROWS {
        return None;
    }
    columns.sort_by(f64::total_cmp);
    Some((len, implied(&rows[..len], &columns, size)))
}

/// The rulings of a table of `rows` in `columns`: a vertical line before each column, and a
/// horizontal line wherever white space runs across the columns between two cells' text. A
/// cell whose text spans that space (a merged cell, centred on the rows it covers) keeps the
/// line off its column, so it stays one cell.
fn implied(rows: &[Row], columns: &[f64], size: f64) -> Rulings {
    let column_of = |x: f64| {
        columns
            .iter()
            .rposition(|&c| c <= x + ALIGNED * size)
            .unwrap_or(0)
    };
    // Each column's cells: lines of its text one line pitch apart, as (top, bottom).
    let mut cells: Vec<Vec<(f64, f64)>> = vec![Vec::new(); columns.len()];
    let mut last: Vec<Option<f64>> = vec![None; columns.len()];
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
    let pad = 0.5 * size;
    let mut xs: Vec<f64> = columns.iter().map(|c| c - pad).collect();
    let right = rows
        .iter()
        .flat_map(|r| &r.runs)
        .map(|r| r.right)
        .fold(f64::NEG_INFINITY, f64::max)
        + pad;
    xs.push(right);
    let mut horizontal = vec![
        Segment {
            at: top,
            from: xs[0],
            to: right,
        },
        Segment {
            at: bottom,
            from: xs[0],
            to: right,
        },
    ];
    for y in lines {
        let spanned = spanned(y);
        // White space across most columns ends a row; a line of text crossing it in most
        // columns means it is no row's end.
        if spanned.iter().filter(|&&s| s).count() * 3 > columns.len() {
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
