//! The one writer of listings and exports: rows under a [`Listing`]'s
//! columns, written one at a time as a table for people, CSV, JSON or xlsx.
//!
//! Rows are never collected for CSV, JSON and xlsx: CSV and JSON go
//! straight to the writer, and xlsx goes through rust_xlsxwriter's
//! constant-memory worksheet, which keeps one row in memory. A JSON
//! listing is one array, opened before the first row and closed after the
//! last, one row a line. A table ([`StreamTable`], in the house style,
//! which shows control characters escaped) is laid out from its first few
//! hundred rows and then printed as the rows come, fitted to the screen
//! ([`crate::output::screen_width`]); its stored times are shown in local
//! time ([`Kind::Timestamp`]).
//!
//! A [`Selection`] chooses the columns of every format (`--columns`) and
//! how many rows are written (`--limit`); the rows past the limit are
//! counted, not written.
//!
//! CSV is for Excel unless asked otherwise ([`CsvOptions`]): a byte-order
//! mark first, and a cell that a spreadsheet would take for a formula
//! neutralized ([`neutralize`]).

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use super::Format;
use super::listing::{Column, Kind, Listing};
use super::xlsx::Sheet;
use crate::output::table::StreamTable;
use crate::output::{local_time, neutralize};

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

/// Which columns a listing shows, in which order, and how many rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The names of the columns (`--columns`); none: the listing's own.
    pub columns: Option<Vec<String>>,
    /// At most this many rows (`--limit`).
    pub limit: Option<u64>,
}

/// What a finished listing wrote.
pub struct Finished<W> {
    pub out: W,
    /// The rows written.
    pub rows: u64,
    /// The rows given, written or not (past the limit).
    pub seen: u64,
    /// The headings of the columns the table left out to fit the screen.
    pub dropped: Vec<String>,
}

/// Writes the rows of one listing in one format.
pub struct Writer<'l, W: Write + Send> {
    listing: &'l Listing,
    inner: Inner<W>,
    /// The positions of the columns written, in order.
    columns: Vec<usize>,
    /// Whether those are all the listing's columns in its order, so rows
    /// go out as they are.
    whole: bool,
    limit: Option<u64>,
    rows: u64,
    seen: u64,
    zone: Option<jiff::tz::TimeZone>,
}

// Boxed: one of these lives per listing, and the variants differ in size.
enum Inner<W: Write + Send> {
    Table(Box<StreamTable>, W),
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
        out: W,
    ) -> Result<Writer<'l, W>> {
        Writer::selecting(format, listing, csv, out, &Selection::default())
    }

    /// Starts `listing` in `format` on `out`, with the columns and the
    /// number of rows `selection` asks for.
    pub fn selecting(
        format: Format,
        listing: &'l Listing,
        csv: CsvOptions,
        mut out: W,
        selection: &Selection,
    ) -> Result<Writer<'l, W>> {
        let chosen = match &selection.columns {
            Some(names) => Some(listing.choose(names)?),
            None => None,
        };
        let all: Vec<usize> = (0..listing.columns.len()).collect();
        let columns = match (&chosen, format) {
            (Some(chosen), _) => chosen.clone(),
            (None, Format::Table) => all
                .iter()
                .copied()
                .filter(|&i| listing.columns[i].heading.is_some())
                .collect(),
            (None, _) => all.clone(),
        };
        let names: Vec<&'static str> = columns.iter().map(|&i| listing.columns[i].name).collect();
        let inner = match format {
            Format::Table => {
                let picked = columns.iter().map(|&i| &listing.columns[i]);
                let headings = picked
                    .clone()
                    // Translated here, by heading, for every listing at once.
                    .map(|c| crate::i18n::heading(c.table_heading()))
                    .collect();
                let keep = picked.map(|c| c.keep).collect();
                let table = StreamTable::new(headings, keep, crate::output::screen_width());
                Inner::Table(Box::new(table), out)
            }
            Format::Csv => {
                if csv.bom {
                    out.write_all(BOM)?;
                }
                let mut writer = csv::Writer::from_writer(out);
                writer
                    .write_record(
                        names
                            .iter()
                            .map(|name| text_cell(Cow::Borrowed(name), csv.neutralize)),
                    )
                    .map_err(csv_failure)?;
                Inner::Csv(Box::new(writer), csv.neutralize)
            }
            Format::Json => {
                out.write_all(b"[")?;
                Inner::Json(out)
            }
            Format::Xlsx => Inner::Xlsx(Box::new(Sheet::new(listing.title, &names)?), out),
        };
        let whole = columns == all;
        let zone = columns
            .iter()
            .any(|&i| listing.columns[i].kind == Kind::Timestamp)
            .then(jiff::tz::TimeZone::system);
        Ok(Writer {
            listing,
            inner,
            columns,
            whole,
            limit: selection.limit,
            rows: 0,
            seen: 0,
            zone,
        })
    }

    pub fn write(&mut self, row: impl Row) -> Result<()> {
        self.seen += 1;
        if self.limit.is_some_and(|limit| self.rows >= limit) {
            return Ok(());
        }
        let columns = &self.listing.columns;
        match &mut self.inner {
            Inner::Table(table, out) => {
                let cells = row.shown(columns);
                let shown = self.columns.iter().map(|&i| {
                    let text = cells.get(i).map(Cell::as_text).unwrap_or_default();
                    match (&self.zone, columns[i].kind) {
                        (Some(zone), Kind::Timestamp) => local_time(&text, zone),
                        _ => text.into_owned(),
                    }
                });
                table.push(out, shown.collect())?;
            }
            Inner::Csv(csv, neutralized) => {
                let cells = row.cells(columns);
                let picked = self
                    .columns
                    .iter()
                    .map(|&i| cells.get(i).map(Cell::as_text).unwrap_or_default());
                csv.write_record(picked.map(|c| text_cell(c, *neutralized)))
                    .map_err(csv_failure)?;
            }
            Inner::Json(out) => {
                out.write_all(if self.rows > 0 { b",\n  " } else { b"\n  " })?;
                let mut value = row.into_json(columns);
                if !self.whole {
                    value = picked_json(value, self.columns.iter().map(|&i| columns[i].name));
                }
                serde_json::to_writer(&mut *out, &value)?;
            }
            Inner::Xlsx(sheet, _) => {
                let cells = row.cells(columns);
                if self.whole {
                    sheet.write(&cells)?;
                } else {
                    let picked: Vec<Cell> = self
                        .columns
                        .iter()
                        .map(|&i| cells.get(i).cloned().unwrap_or(Cell::Empty))
                        .collect();
                    sheet.write(&picked)?;
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Ends the listing and returns the writer, with how many rows it holds.
    pub fn finish(self) -> Result<(W, u64)> {
        let finished = self.end()?;
        Ok((finished.out, finished.rows))
    }

    /// Ends the listing; says what it wrote and what the table left out.
    pub fn end(self) -> Result<Finished<W>> {
        let mut dropped = Vec::new();
        let out = match self.inner {
            Inner::Table(table, mut out) => {
                dropped = table.finish(&mut out)?;
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
        Ok(Finished {
            out,
            rows: self.rows,
            seen: self.seen,
            dropped,
        })
    }
}

/// A CSV writer's error, with the failed write as its `io::Error`: csv's
/// error does not give it as its source, and a reader that went away
/// (`alumni list --format csv | head -1`) must be seen as a broken pipe.
fn csv_failure(error: csv::Error) -> anyhow::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => anyhow::anyhow!("{other:?}"),
    }
}

/// A JSON row with only the keys chosen, in their order.
fn picked_json<'a>(value: Value, names: impl Iterator<Item = &'a str>) -> Value {
    let Value::Object(mut object) = value else {
        return value;
    };
    Value::Object(
        names
            .map(|name| (name.to_string(), object.remove(name).unwrap_or(Value::Null)))
            .collect(),
    )
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
