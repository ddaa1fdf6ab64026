//! The house style of tables for people: UTF-8 borders, wrapped to the
//! terminal. Listings (`crate::export::Writer`) and reports
//! (`crate::report::render`) lay out their tables with it.

use comfy_table::{ContentArrangement, Table, presets};

/// A table in the house style: UTF-8 borders, wrapped to the terminal, and
/// Japanese text measured by its display width (comfy-table does that).
pub fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}
