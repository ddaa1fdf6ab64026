//! The benchmark baseline for .xlsx imports: a plain calamine read of a
//! sheet, cell by cell, doing nothing with the values.
//!
//!     cargo run --release --example read_xlsx -- big.xlsx

use calamine::{Reader, Xlsx, open_workbook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: read_xlsx FILE.xlsx")?;
    let mut workbook: Xlsx<_> = open_workbook(&path)?;
    let sheet = workbook.sheet_names().first().cloned().ok_or("no sheet")?;
    let mut cells = workbook.worksheet_cells_reader(&sheet)?;
    let (mut count, mut rows) = (0u64, 0u32);
    while let Some(cell) = cells.next_cell()? {
        count += 1;
        rows = rows.max(cell.get_position().0 + 1);
    }
    println!("{path}: {count} cells in {rows} rows");
    Ok(())
}
