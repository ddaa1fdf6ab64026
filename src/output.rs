//! Text laid out for people: the house style of tables (UTF-8 borders,
//! wrapped to the terminal), which listings (`crate::export::Writer`) and
//! reports (`crate::report::render`) use, and the neutralizing of CSV cells
//! that a spreadsheet would run as formulas, which every CSV written for
//! people (exports, the rejects file of an import) goes through.

use std::borrow::Cow;

use comfy_table::{ContentArrangement, Table, presets};

/// The characters that make a spreadsheet read a cell as a formula (or
/// that hide one): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell that Excel or LibreOffice would take for a formula gets a
/// single quote in front, as OWASP recommends against CSV injection: an
/// alumnus named `=HYPERLINK(…)` is shown as text, never run.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A table in the house style: UTF-8 borders, wrapped to the terminal, and
/// Japanese text measured by its display width (comfy-table does that).
pub fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralized_and_others_kept() {
        for risky in ["=1+1", "+81", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(risky), format!("'{risky}"));
        }
        for safe in ["山田 太郎", "a=b", "00123", "", "'quoted"] {
            assert_eq!(neutralize(safe), safe);
        }
    }
}
