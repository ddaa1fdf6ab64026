//! The merged cells of an OpenDocument sheet, which calamine does not
//! report: read from `content.xml`, where a merge is a cell with
//! `table:number-rows-spanned` or `table:number-columns-spanned`.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::Result;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::Merge;
use crate::error::Failure;

/// Excel's limits, past which a position cannot be a real cell: a sheet
/// that claims more is read no further.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// The merges of sheet `sheet` of the .ods file at `path`.
pub(super) fn read(path: &Path, sheet: &str) -> Result<Vec<Merge>> {
    let bad = |why: String| Failure::bad_file(path, format!("cannot read the merged cells: {why}"));
    let file = File::open(path).map_err(|e| bad(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| bad(e.to_string()))?;
    let content = zip.by_name("content.xml").map_err(|e| bad(e.to_string()))?;
    let mut xml = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut merges = Vec::new();
    let mut in_sheet = false;
    // The 0-based row and column of the next cell.
    let mut row: u64 = 0;
    let mut column: u64 = 0;
    let mut row_repeat: u64 = 1;
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| bad(e.to_string()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().into_inner() == "table:table" => {
                in_sheet = attribute(&e, "table:name").as_deref() == Some(sheet);
                row = 0;
            }
            Event::End(e) if e.name().into_inner() == "table:table" && in_sheet => break,
            Event::Start(e) if in_sheet && e.name().into_inner() == "table:table-row" => {
                column = 0;
                row_repeat = number(&e, "table:number-rows-repeated").max(1);
            }
            Event::Empty(e) if in_sheet && e.name().into_inner() == "table:table-row" => {
                row = row.saturating_add(number(&e, "table:number-rows-repeated").max(1));
            }
            Event::End(e) if in_sheet && e.name().into_inner() == "table:table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Start(e) | Event::Empty(e)
                if in_sheet
                    && matches!(
                        e.name().into_inner(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
            {
                let rows = number(&e, "table:number-rows-spanned").max(1);
                let columns = number(&e, "table:number-columns-spanned").max(1);
                if (rows > 1 || columns > 1) && row < MAX_ROWS && column < MAX_COLUMNS {
                    merges.push(Merge {
                        first_row: row + 1,
                        last_row: (row + rows).min(MAX_ROWS),
                        first_column: column as usize,
                        last_column: (column + columns - 1).min(MAX_COLUMNS - 1) as usize,
                    });
                }
                column = column.saturating_add(number(&e, "table:number-columns-repeated").max(1));
            }
            Event::Eof => break,
            _ => {}
        }
        if row >= MAX_ROWS {
            break;
        }
    }
    Ok(merges)
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// A count attribute; 0 where it is missing or not a number.
fn number(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(0)
}
