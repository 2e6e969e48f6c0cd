//! Tables from rulings: the lines a page draws are joined into frames (lines that touch or
//! cross belong to one table), a frame's distinct vertical and horizontal lines give its grid,
//! and where a ruling between two grid positions is missing the two are one merged cell.

use hayro_interpret::kurbo::{Point, Rect};

use super::marks::{Marks, Segment};

/// How far apart (points) two lines may be and still count as one, or touch.
const NEAR: f64 = 2.0;
/// Rows and columns narrower than this (points) are the double lines of a border, not cells.
const THIN: f64 = 4.0;

/// One table's grid on one page.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Column boundaries, left to right.
    pub xs: Vec<f64>,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f64>,
    /// The cells, merged regions once each, in row-major order of their top-left position.
    pub regions: Vec<Region>,
    /// For each grid position (row-major), the region covering it.
    owner: Vec<usize>,
}

/// A cell of a frame: its top-left grid position and how many rows and columns it spans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub rect: Rect,
}

impl Frame {
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    pub fn rect(&self) -> Rect {
        match (
            self.xs.first(),
            self.xs.last(),
            self.ys.first(),
            self.ys.last(),
        ) {
            (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) => Rect::new(x0, y0, x1, y1),
            _ => Rect::ZERO,
        }
    }

    /// The region at a grid position.
    pub fn owner(&self, row: usize, col: usize) -> Option<usize> {
        self.owner.get(row * self.cols() + col).copied()
    }

    /// The region a point of the page falls in, if it falls in the frame.
    pub fn region_at(&self, p: Point) -> Option<usize> {
        let row = slot(&self.ys, p.y)?;
        let col = slot(&self.xs, p.x)?;
        self.owner(row, col)
    }
}

/// The interval of sorted `bounds` that holds `v`.
fn slot(bounds: &[f64], v: f64) -> Option<usize> {
    let first = *bounds.first()?;
    let last = *bounds.last()?;
    if v < first || v > last {
        return None;
    }
    let i = bounds.partition_point(|&b| b <= v);
    Some(i.saturating_sub(1).min(bounds.len().saturating_sub(2)))
}

/// The tables the page's rulings draw, top to bottom.
pub fn frames(marks: &Marks) -> Result<Vec<Frame>, TooLarge> {
    let horizontal = merge(&marks.horizontal);
    let vertical = merge(&marks.vertical);
    // Each horizontal line is tried against each vertical one.
    if horizontal.len().saturating_mul(vertical.len()) > MAX_CROSSINGS {
        return Err(TooLarge {
            what: "the horizontal times the vertical lines one page draws",
            limit: MAX_CROSSINGS,
        });
    }
    let mut frames = Vec::new();
    for (h, v) in clusters(&horizontal, &vertical) {
        frames.extend(frame(&h, &v)?);
    }
    frames.sort_by(|a, b| a.rect().y0.total_cmp(&b.rect().y0));
    Ok(frames)
}

/// The most pairs of lines one page's rulings are checked for crossing.
const MAX_CROSSINGS: usize = 25_000_000;
/// The most grid positions one table on one page may have: more is no table a person reads.
const MAX_POSITIONS: usize = 100_000;

/// A page whose rulings would cost more than a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    pub what: &'static str,
    pub limit: usize,
}

/// Collinear pieces that overlap or touch, as one line each (a border is often drawn cell by
/// cell).
fn merge(segments: &[Segment]) -> Vec<Segment> {
    let mut sorted: Vec<Segment> = segments.to_vec();
    sorted.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut lines: Vec<Segment> = Vec::new();
    for s in sorted {
        // Lines at (nearly) the same place: the most recent ones whose `at` is near.
        let joined = lines
            .iter_mut()
            .rev()
            .take_while(|l| (l.at - s.at).abs() <= NEAR)
            .find(|l| s.from <= l.to + NEAR && s.to >= l.from - NEAR);
        match joined {
            Some(line) => {
                line.from = line.from.min(s.from);
                line.to = line.to.max(s.to);
            }
            None => lines.push(s),
        }
    }
    lines
}

/// The root of `i`'s set in a union-find forest.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn crosses(h: &Segment, v: &Segment) -> bool {
    v.at >= h.from - NEAR && v.at <= h.to + NEAR && h.at >= v.from - NEAR && h.at <= v.to + NEAR
}

/// The lines grouped into tables: two lines are in one table when they cross or touch.
fn clusters(horizontal: &[Segment], vertical: &[Segment]) -> Vec<(Vec<Segment>, Vec<Segment>)> {
    let n = horizontal.len();
    let mut parent: Vec<usize> = (0..n + vertical.len()).collect();
    for (i, h) in horizontal.iter().enumerate() {
        for (j, v) in vertical.iter().enumerate() {
            if crosses(h, v) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, n + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Segment>, Vec<Segment>)> =
        std::collections::BTreeMap::new();
    for (i, h) in horizontal.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().0.push(*h);
    }
    for (j, v) in vertical.iter().enumerate() {
        let r = root(&mut parent, n + j);
        groups.entry(r).or_default().1.push(*v);
    }
    groups.into_values().collect()
}

/// Distinct positions, each within [`NEAR`] of the previous one taken as the same, and
/// positions closer than [`THIN`] (a double border) as one.
fn bounds(mut at: Vec<f64>) -> Vec<f64> {
    at.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in at {
        match out.last() {
            Some(&last) if v - last < THIN => {}
            _ => out.push(v),
        }
    }
    out
}

/// The grid of one cluster of lines, if it makes a table of at least one cell.
fn frame(horizontal: &[Segment], vertical: &[Segment]) -> Result<Option<Frame>, TooLarge> {
    if horizontal.len() < 2 || vertical.len() < 2 {
        return Ok(None);
    }
    let xs = bounds(vertical.iter().map(|v| v.at).collect());
    let ys = bounds(horizontal.iter().map(|h| h.at).collect());
    if xs.len() < 2 || ys.len() < 2 {
        return Ok(None);
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    if rows.saturating_mul(cols) > MAX_POSITIONS {
        return Err(TooLarge {
            what: "the grid positions of one table on one page",
            limit: MAX_POSITIONS,
        });
    }
    // A ruling stands between two positions where a line runs through the middle of their
    // shared edge.
    let covers = |lines: &[Segment], at: f64, from: f64, to: f64| {
        let mid = f64::midpoint(from, to);
        lines
            .iter()
            .any(|l| (l.at - at).abs() <= THIN && l.from <= mid && l.to >= mid)
    };
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    let join = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        // The smaller index (the top-left position) stays the root.
        parent[ra.max(rb)] = ra.min(rb);
    };
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !covers(vertical, xs[c + 1], ys[r], ys[r + 1]) {
                join(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !covers(horizontal, ys[r + 1], xs[c], xs[c + 1]) {
                join(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let mut regions: Vec<Region> = Vec::new();
    let mut index_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut owner = vec![0; rows * cols];
    for (i, owner) in owner.iter_mut().enumerate() {
        let r = root(&mut parent, i);
        let (row, col) = (i / cols, i % cols);
        let k = *index_of.entry(r).or_insert_with(|| {
            regions.push(Region {
                row,
                col,
                rows: 1,
                cols: 1,
                rect: Rect::ZERO,
            });
            regions.len() - 1
        });
        *owner = k;
        let region = &mut regions[k];
        region.rows = region.rows.max(row + 1 - region.row);
        // A region that is no rectangle (an L of missing rulings) is taken as its bounding
        // box, anchored at its first position.
        if col >= region.col {
            region.cols = region.cols.max(col + 1 - region.col);
        }
    }
    for region in &mut regions {
        region.rect = Rect::new(
            xs[region.col],
            ys[region.row],
            xs[region.col + region.cols],
            ys[region.row + region.rows],
        );
    }
    Ok(Some(Frame {
        xs,
        ys,
        regions,
        owner,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(at: f64, from: f64, to: f64) -> Segment {
        Segment { at, from, to }
    }

    /// A 2 × 3 grid drawn as full lines, less the rulings named.
    fn marks(skip_v: &[(f64, f64)], skip_h: &[(f64, f64)]) -> Marks {
        let mut m = Marks::default();
        for y in [0.0, 10.0, 20.0] {
            m.horizontal.push(h(y, 0.0, 30.0));
        }
        for x in [0.0, 10.0, 20.0, 30.0] {
            m.vertical.push(h(x, 0.0, 20.0));
        }
        // Cut the named pieces out: (x, row's top) for verticals, (y, column's left) for
        // horizontals.
        for &(x, top) in skip_v {
            m.vertical.retain(|v| (v.at - x).abs() > 0.1);
            for y0 in [0.0, 10.0] {
                if (y0 - top).abs() > 0.1 {
                    m.vertical.push(h(x, y0, y0 + 10.0));
                }
            }
        }
        for &(y, left) in skip_h {
            m.horizontal.retain(|s| (s.at - y).abs() > 0.1);
            for x0 in [0.0, 10.0, 20.0] {
                if (x0 - left).abs() > 0.1 {
                    m.horizontal.push(h(y, x0, x0 + 10.0));
                }
            }
        }
        m
    }

    fn spans(frame: &Frame) -> Vec<(usize, usize, usize, usize)> {
        frame
            .regions
            .iter()
            .map(|r| (r.row, r.col, r.rows, r.cols))
            .collect()
    }

    #[test]
    fn full_rulings_give_single_cells() {
        let f = frames(&marks(&[], &[])).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].rows(), f[0].cols()), (2, 3));
        assert_eq!(f[0].regions.len(), 6);
    }

    #[test]
    fn a_missing_ruling_merges_the_cells_beside_it() {
        // No vertical line at x = 20 in the top row: the header spans columns 2 and 3.
        let f = frames(&marks(&[(20.0, 0.0)], &[])).unwrap();
        assert_eq!(
            spans(&f[0]),
            [
                (0, 0, 1, 1),
                (0, 1, 1, 2),
                (1, 0, 1, 1),
                (1, 1, 1, 1),
                (1, 2, 1, 1)
            ]
        );
        // No horizontal line at y = 10 under column 1: that cell spans both rows.
        let f = frames(&marks(&[], &[(10.0, 0.0)])).unwrap();
        assert_eq!(spans(&f[0])[0], (0, 0, 2, 1));
        assert_eq!(f[0].owner(1, 0), Some(0));
    }

    #[test]
    fn text_falls_in_the_cell_under_it() {
        let f = frames(&marks(&[(20.0, 0.0)], &[])).unwrap();
        let top_right = f[0].region_at(Point::new(25.0, 5.0)).unwrap();
        assert_eq!(f[0].regions[top_right].col, 1);
        assert_eq!(f[0].region_at(Point::new(35.0, 5.0)), None);
    }

    #[test]
    fn a_grid_past_the_bound_is_refused() {
        let mut m = Marks::default();
        for i in 0..400 {
            let at = f64::from(i) * 5.0;
            m.horizontal.push(h(at, 0.0, 2000.0));
            m.vertical.push(h(at, 0.0, 2000.0));
        }
        assert_eq!(frames(&m).unwrap_err().limit, MAX_POSITIONS);
    }

    #[test]
    fn lone_lines_make_no_table() {
        let mut m = Marks::default();
        m.horizontal.push(h(50.0, 0.0, 400.0));
        assert!(frames(&m).unwrap().is_empty());
    }
}
