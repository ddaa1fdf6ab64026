//! The one writer of listings and exports: rows under a [`Listing`]'s
//! columns, written one at a time as a table for people, CSV, JSON or xlsx.
//!
//! Rows are never collected for CSV, JSON and xlsx: CSV and JSON go
//! straight to the writer, and xlsx goes through rust_xlsxwriter's
//! constant-memory worksheet, which keeps one row in memory. A JSON
//! listing is one array, opened before the first row and closed after the
//! last, one row a line. A table (comfy-table, in the house style of
//! [`crate::output::new_table`], which shows control characters escaped)
//! is laid out once all rows are in.
//!
//! CSV is for Excel unless asked otherwise ([`CsvOptions`]): a byte-order
//! mark first, and a cell that a spreadsheet would take for a formula
//! neutralized ([`neutralize`]).

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use super::Format;
use super::listing::{Column, Listing};
use super::xlsx::Sheet;
use crate::output::{Table, neutralize, new_table};

/// One value of a row, for CSV and xlsx.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
}

impl Cell {
    /// A value of a listing row: null is empty, an array is its items
    /// joined by commas (as the listings show tags), numbers stay numbers.
    pub fn of_json(value: Option<&Value>) -> Cell {
        match value {
            None | Some(Value::Null) => Cell::Empty,
            Some(Value::String(s)) if s.is_empty() => Cell::Empty,
            Some(Value::String(s)) => Cell::Text(s.clone()),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Cell::Int(i),
                None => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Some(Value::Array(items)) => Cell::Text(
                items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Some(other) => Cell::Text(other.to_string()),
        }
    }

    /// Text, with the empty string as [`Cell::Empty`].
    pub fn text(value: impl Into<String>) -> Cell {
        let value = value.into();
        if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value)
        }
    }

    /// The cell as CSV text, before neutralizing.
    fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Int(i) => Cow::Owned(i.to_string()),
            // As serde_json writes it, so a ratio reads as in `--format csv`.
            Cell::Float(f) => Cow::Owned(
                serde_json::Number::from_f64(*f)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ),
        }
    }
}

/// One row of a listing. A writer asks for its cells under the listing's
/// columns (CSV, xlsx), for the cells a table shows, or for the row as
/// JSON with the data model's field names.
pub trait Row {
    fn cells(&self, columns: &[Column]) -> Vec<Cell>;

    /// The cells as people read them in a table; the same as [`Row::cells`]
    /// unless a listing shows a value its own way.
    fn shown(&self, columns: &[Column]) -> Vec<Cell> {
        self.cells(columns)
    }

    fn into_json(self, columns: &[Column]) -> Value;
}

/// The UTF-8 byte-order mark: Japanese Excel reads a CSV without it as
/// CP932 and garbles it.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How CSV is written. The default is for Excel: a byte-order mark, and
/// formula-like cells neutralized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// A UTF-8 byte-order mark before the header.
    pub bom: bool,
    /// A `'` before each cell that starts like a formula ([`neutralize`]).
    pub neutralize: bool,
}

impl Default for CsvOptions {
    fn default() -> CsvOptions {
        CsvOptions {
            bom: true,
            neutralize: true,
        }
    }
}

/// Writes the rows of one listing in one format.
pub struct Writer<'l, W: Write + Send> {
    listing: &'l Listing,
    inner: Inner<W>,
    rows: u64,
}

// Boxed: one of these lives per listing, and the variants differ in size.
enum Inner<W: Write + Send> {
    Table(Box<Table>, W),
    Csv(Box<csv::Writer<W>>, bool),
    Json(W),
    Xlsx(Box<Sheet>, W),
}

impl<'l, W: Write + Send> Writer<'l, W> {
    /// Starts `listing` in `format` on `out`; `csv` says how CSV is written.
    pub fn new(
        format: Format,
        listing: &'l Listing,
        csv: CsvOptions,
        mut out: W,
    ) -> Result<Writer<'l, W>> {
        let inner = match format {
            Format::Table => {
                let mut table = new_table();
                // Headings are translated here, by name, for every listing at once.
                table.set_header(
                    listing
                        .columns
                        .iter()
                        .filter_map(|c| c.heading)
                        .map(crate::i18n::heading),
                );
                Inner::Table(Box::new(table), out)
            }
            Format::Csv => {
                if csv.bom {
                    out.write_all(BOM)?;
                }
                let mut writer = csv::Writer::from_writer(out);
                writer.write_record(
                    listing
                        .columns
                        .iter()
                        .map(|c| text_cell(Cow::Borrowed(c.name), csv.neutralize)),
                )?;
                Inner::Csv(Box::new(writer), csv.neutralize)
            }
            Format::Json => {
                out.write_all(b"[")?;
                Inner::Json(out)
            }
            Format::Xlsx => {
                Inner::Xlsx(Box::new(Sheet::new(listing.title, &listing.names())?), out)
            }
        };
        Ok(Writer {
            listing,
            inner,
            rows: 0,
        })
    }

    pub fn write(&mut self, row: impl Row) -> Result<()> {
        let columns = &self.listing.columns;
        match &mut self.inner {
            Inner::Table(table, _) => {
                let cells = row.shown(columns);
                table.add_row(
                    columns
                        .iter()
                        .zip(&cells)
                        .filter(|(column, _)| column.heading.is_some())
                        .map(|(_, cell)| cell.as_text()),
                );
            }
            Inner::Csv(csv, neutralized) => {
                let cells = row.cells(columns);
                csv.write_record(cells.iter().map(|c| text_cell(c.as_text(), *neutralized)))?;
            }
            Inner::Json(out) => {
                out.write_all(if self.rows > 0 { b",\n  " } else { b"\n  " })?;
                serde_json::to_writer(&mut *out, &row.into_json(columns))?;
            }
            Inner::Xlsx(sheet, _) => sheet.write(&row.cells(columns))?,
        }
        self.rows += 1;
        Ok(())
    }

    /// Ends the listing and returns the writer, with how many rows it holds.
    pub fn finish(self) -> Result<(W, u64)> {
        let out = match self.inner {
            Inner::Table(table, mut out) => {
                writeln!(out, "{table}")?;
                out
            }
            Inner::Csv(csv, _) => csv.into_inner().map_err(|e| e.into_error())?,
            Inner::Json(mut out) => {
                out.write_all(if self.rows > 0 { b"\n]\n" } else { b"]\n" })?;
                out
            }
            Inner::Xlsx(sheet, mut out) => {
                sheet.save(&mut out)?;
                out
            }
        };
        Ok((out, self.rows))
    }
}

/// A CSV cell's text, neutralized if asked.
fn text_cell(text: Cow<'_, str>, neutralized: bool) -> String {
    if !neutralized {
        return text.into_owned();
    }
    match neutralize(&text) {
        Cow::Borrowed(_) => text.into_owned(),
        Cow::Owned(s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::listing::Listed;
    use serde_json::json;

    static LISTING: Listing = Listing::fixed(
        "t",
        "rows",
        &[
            Column::headed("id", "#"),
            Column::shown("name"),
            Column::hidden("tags"),
            Column::shown("rate"),
        ],
    );

    fn written(format: Format, csv: CsvOptions, rows: Vec<Value>) -> String {
        let mut w = Writer::new(format, &LISTING, csv, Vec::new()).unwrap();
        for row in rows {
            w.write(Listed::new(row)).unwrap();
        }
        String::from_utf8(w.finish().unwrap().0).unwrap()
    }

    fn risky() -> Vec<Value> {
        vec![json!({"id": 1, "name": "=HYPERLINK(\"http://x\")", "tags": ["a", "b"], "rate": 0.5})]
    }

    #[test]
    fn csv_has_a_bom_and_neutralized_cells_unless_asked_not_to() {
        let text = written(Format::Csv, CsvOptions::default(), risky());
        assert_eq!(
            text,
            "\u{feff}id,name,tags,rate\n1,\"'=HYPERLINK(\"\"http://x\"\")\",\"a,b\",0.5\n"
        );
        let plain = CsvOptions {
            bom: false,
            neutralize: false,
        };
        assert_eq!(
            written(Format::Csv, plain, risky()),
            "id,name,tags,rate\n1,\"=HYPERLINK(\"\"http://x\"\")\",\"a,b\",0.5\n"
        );
    }

    #[test]
    fn a_table_shows_its_columns_under_their_headings_as_they_are() {
        let text = written(Format::Table, CsvOptions::default(), risky());
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].contains("#") && !lines[1].contains("id"), "{text}");
        assert!(!text.contains("tags") && !text.contains("a,b"), "{text}");
        assert!(lines[3].contains("=HYPERLINK(\"http://x\")"), "{text}");
        assert!(text.ends_with("┘\n"), "{text}");
    }

    #[test]
    fn json_is_one_array_even_when_empty() {
        assert_eq!(written(Format::Json, CsvOptions::default(), vec![]), "[]\n");
        let rows = vec![json!({"id": 1, "name": "=x"}), json!({"id": 2})];
        let text = written(Format::Json, CsvOptions::default(), rows);
        assert_eq!(text, "[\n  {\"id\":1,\"name\":\"=x\"},\n  {\"id\":2}\n]\n");
    }
}
