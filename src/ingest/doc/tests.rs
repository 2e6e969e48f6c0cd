use crate::grid::{Grid, Merge};

use super::*;

fn in_table() -> Props {
    Props {
        in_table: true,
        depth: 1,
        ..Props::default()
    }
}

/// A row end whose table definition gives the cells these boundaries (in twips) and merge
/// flags (horizontal, vertical).
fn row_end(edges: &[i16], merges: &[(u8, u8)]) -> Props {
    Props {
        row_end: true,
        edges: edges.to_vec(),
        merges: merges.to_vec(),
        ..in_table()
    }
}

fn table(rows: &[(&[&str], Props)]) -> Result<Grid, Error> {
    let mut builder = Builder::new(crate::ingest::Limits::default());
    for (cells, end) in rows {
        for text in *cells {
            builder.paragraph((*text).to_string(), true, &in_table())?;
        }
        builder.paragraph(String::new(), true, end)?;
    }
    builder.end_table()?;
    let mut grids = builder.doc.take_blocks().filter_map(|b| match b {
        crate::ingest::Block::Table(grid) => Some(grid),
        crate::ingest::Block::Paragraph(_) => None,
    });
    grids.next().ok_or_else(|| {
        Error::from(crate::error::ErrorKind::NoTaskTable {
            seen: "the rows made no table".to_string(),
            tables_seen: false,
        })
    })
}

#[test]
fn cells_stand_at_their_boundaries_not_at_their_order() -> Result<(), Error> {
    // A header of four columns; a row whose first cell spans the first two, then a row
    // whose first cell continues a vertical merge.
    let grid = table(&[
        (
            &["序号", "工作任务", "工作要求", "责任单位"],
            row_end(&[0, 500, 2000, 4000, 5000], &[]),
        ),
        (
            &["一、公开", "要求甲", "司法局"],
            row_end(&[0, 2000, 4000, 5000], &[(0, 3), (0, 0), (0, 0)]),
        ),
        (
            &["", "要求乙", "财政局"],
            row_end(&[0, 2000, 4000, 5000], &[(0, 1), (0, 0), (0, 0)]),
        ),
    ])?;
    assert_eq!(
        grid.rows[1].cells[0].merge,
        Merge::Anchor { rows: 2, cols: 2 }
    );
    assert_eq!(grid.value(1, 2).text(), "要求甲");
    assert_eq!(grid.value(1, 3).text(), "司法局");
    assert_eq!(grid.value(2, 1).text(), "一、公开");
    assert!(grid.rows[2].cells[1].value.is_blank());
    assert_eq!(grid.value(2, 3).text(), "财政局");
    Ok(())
}

#[test]
fn a_wide_row_over_many_empty_rows_costs_what_the_file_holds() -> Result<(), Error> {
    let wide: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
    let mut rows: Vec<(&[&str], Props)> = vec![(&wide, row_end(&[], &[]))];
    for _ in 0..100_000 {
        rows.push((&[""], row_end(&[], &[])));
    }
    let grid = table(&rows)?;
    assert_eq!(grid.rows.len(), 100_001);
    let positions: usize = grid.rows.iter().map(|r| r.cells.len()).sum();
    assert_eq!(positions, 10_000);
    Ok(())
}
