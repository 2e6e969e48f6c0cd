//! Tables drawn without rulings (columns only aligned, a worksheet printed without borders):
//! found from the text's positions, and given the rulings a person sees in them, so that they
//! are laid out as ruled tables are. Consecutive lines that each break into two or more runs of
//! text at gaps wider than two ems, every run starting at one of a few shared column starts,
//! make a table of at least three such rows; a line between them whose text starts at a later
//! column is a cell's text wrapped, and stays in the row above.

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

/// The rulings of the tables the glyphs' positions draw: (horizontal, vertical).
pub fn rulings(glyphs: &[&Glyph]) -> (Vec<Segment>, Vec<Segment>) {
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
            Some(line) if line.first().is_some_and(|f| (g.y - f.y).abs() <= 0.4 * f.size) => {
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
fn block(rows: &[Row]) -> Option<(usize, (Vec<Segment>, Vec<Segment>))> {
    let first = rows.first()?;
    if first.runs.len() < 2 {
        return None;
    }
    let size = first.size;
    let mut columns: Vec<f64> = first.runs.iter().map(|r| r.left).collect();
    let near = |columns: &[f64], x: f64| columns.iter().any(|&c| (c - x).abs() <= ALIGNED * size);
    // Rows of cells (their index) and the wrapped lines that follow them.
    let mut starts = vec![0];
    let mut len = 1;
    for (i, row) in rows.iter().enumerate().skip(1) {
        let previous = &rows[i - 1];
        if row.y - previous.y > 2.5 * size || (row.size - size).abs() > 0.2 * size {
            break;
        }
        let Some(lead) = row.runs.first() else { break };
        if row.runs.len() >= 2 {
            // A row of cells: a run may open a column of its own (a cell empty above).
            if !row.runs.iter().all(|r| near(&columns, r.left))
                && row.runs.iter().filter(|r| !near(&columns, r.left)).count() > 1
            {
                break;
            }
            for r in &row.runs {
                if !near(&columns, r.left) {
                    columns.push(r.left);
                }
            }
            starts.push(i);
        } else if (lead.left - columns.iter().copied().fold(f64::INFINITY, f64::min)).abs()
            > ALIGNED * size
            && near(&columns, lead.left)
        {
            // A cell's text wrapped onto a line of its own.
        } else {
            break;
        }
        len = i + 1;
    }
    if starts.len() < MIN_ROWS {
        return None;
    }
    columns.sort_by(f64::total_cmp);
    let rows = &rows[..len];
    let pad = 0.5 * size;
    let left = columns[0] - pad;
    let right = rows
        .iter()
        .flat_map(|r| &r.runs)
        .map(|r| r.right)
        .fold(f64::NEG_INFINITY, f64::max)
        + pad;
    let top = |row: &Row| row.y - 1.2 * row.size;
    let bottom = rows.last().map_or(0.0, |r| r.y + 0.5 * r.size);
    let mut ys: Vec<f64> = starts.iter().map(|&i| top(&rows[i])).collect();
    ys.push(bottom);
    let mut xs: Vec<f64> = columns.iter().skip(1).map(|c| c - pad).collect();
    xs.insert(0, left);
    xs.push(right);
    let horizontal = ys
        .iter()
        .map(|&at| Segment {
            at,
            from: left,
            to: right,
        })
        .collect();
    let vertical = xs
        .iter()
        .map(|&at| Segment {
            at,
            from: ys[0],
            to: bottom,
        })
        .collect();
    Some((len, (horizontal, vertical)))
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
        assert_eq!(horizontal.len(), 4, "{horizontal:?}");
        assert_eq!(vertical.len(), 4, "{vertical:?}");
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
