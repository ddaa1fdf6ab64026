//! A table of rows, written one row at a time as CSV, xlsx or JSON.
//!
//! Rows are never collected: CSV and JSON go straight to the writer, and
//! xlsx goes through rust_xlsxwriter's constant-memory worksheet, which
//! keeps one row in memory. A JSON export is one array, opened before the
//! first row and closed after the last.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use super::Format;
use super::xlsx::Sheet;

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

/// One exported row: its cells under the columns (CSV and xlsx), or the
/// row as JSON with the data model's field names. A writer asks for one.
pub trait Row {
    fn cells(&self) -> Vec<Cell>;
    fn into_json(self) -> Value;
}

/// A listing row: a JSON object whose keys are the columns, as the
/// listings (`contact list`, `pipeline list` …) build them.
pub struct Listed<'a> {
    pub columns: &'a [&'a str],
    pub value: Value,
}

impl Row for Listed<'_> {
    fn cells(&self) -> Vec<Cell> {
        self.columns
            .iter()
            .map(|c| Cell::of_json(self.value.get(c)))
            .collect()
    }

    fn into_json(self) -> Value {
        self.value
    }
}

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

/// The UTF-8 byte-order mark: Japanese Excel reads a CSV without it as
/// CP932 and garbles it.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes rows in one format.
pub struct TableWriter<W: Write + Send> {
    inner: Inner<W>,
    rows: u64,
}

// Boxed: one of these lives per export, and the variants differ in size.
enum Inner<W: Write + Send> {
    Csv(Box<csv::Writer<W>>),
    Json(W),
    Xlsx(Box<Sheet>, W),
}

impl<W: Write + Send> TableWriter<W> {
    /// Starts a table under `columns`. `title` names the xlsx worksheet;
    /// `bom` puts a byte-order mark before CSV.
    pub fn new(
        format: Format,
        title: &str,
        columns: &[&str],
        mut out: W,
        bom: bool,
    ) -> Result<TableWriter<W>> {
        let inner = match format {
            Format::Csv => {
                if bom {
                    out.write_all(BOM)?;
                }
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(columns.iter().map(|c| neutralize(c).into_owned()))?;
                Inner::Csv(Box::new(csv))
            }
            Format::Json => {
                out.write_all(b"[")?;
                Inner::Json(out)
            }
            Format::Xlsx => Inner::Xlsx(Box::new(Sheet::new(title, columns)?), out),
            Format::Table => return Err(format.refused("an export")),
        };
        Ok(TableWriter { inner, rows: 0 })
    }

    pub fn write(&mut self, row: impl Row) -> Result<()> {
        match &mut self.inner {
            Inner::Csv(csv) => {
                let cells = row.cells();
                csv.write_record(cells.iter().map(|c| match neutralize(&c.as_text()) {
                    Cow::Borrowed(s) => s.to_string(),
                    Cow::Owned(s) => s,
                }))?;
            }
            Inner::Json(out) => {
                out.write_all(if self.rows > 0 { b",\n  " } else { b"\n  " })?;
                serde_json::to_writer(&mut *out, &row.into_json())?;
            }
            Inner::Xlsx(sheet, _) => sheet.write(&row.cells())?,
        }
        self.rows += 1;
        Ok(())
    }

    /// Ends the table and returns the writer, with how many rows it holds.
    pub fn finish(self) -> Result<(W, u64)> {
        let out = match self.inner {
            Inner::Csv(csv) => csv.into_inner().map_err(|e| e.into_error())?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formula_like_cells_are_neutralized_and_others_kept() {
        for risky in ["=1+1", "+81", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(risky), format!("'{risky}"));
        }
        for safe in ["山田 太郎", "a=b", "00123", "", "'quoted"] {
            assert_eq!(neutralize(safe), safe);
        }
    }

    fn listed(value: Value) -> Listed<'static> {
        Listed {
            columns: &["id", "name", "tags", "rate"],
            value,
        }
    }

    fn csv_of(rows: Vec<Value>, bom: bool) -> Vec<u8> {
        let mut w = TableWriter::new(
            Format::Csv,
            "t",
            &["id", "name", "tags", "rate"],
            Vec::new(),
            bom,
        )
        .unwrap();
        for row in rows {
            w.write(listed(row)).unwrap();
        }
        w.finish().unwrap().0
    }

    #[test]
    fn csv_has_a_bom_unless_asked_not_to_and_neutralized_cells() {
        let rows = vec![
            json!({"id": 1, "name": "=HYPERLINK(\"http://x\")", "tags": ["a", "b"], "rate": 0.5}),
        ];
        let text = csv_of(rows.clone(), true);
        assert!(text.starts_with(BOM));
        assert_eq!(
            String::from_utf8(text[3..].to_vec()).unwrap(),
            "id,name,tags,rate\n1,\"'=HYPERLINK(\"\"http://x\"\")\",\"a,b\",0.5\n"
        );
        assert!(!csv_of(rows, false).starts_with(BOM));
    }

    #[test]
    fn json_is_one_array_even_when_empty() {
        let w = TableWriter::new(Format::Json, "t", &["id"], Vec::new(), true).unwrap();
        let (out, rows) = w.finish().unwrap();
        assert_eq!(
            (String::from_utf8(out).unwrap().as_str(), rows),
            ("[]\n", 0)
        );

        let mut w = TableWriter::new(Format::Json, "t", &["id"], Vec::new(), true).unwrap();
        w.write(listed(json!({"id": 1, "name": "=x"}))).unwrap();
        w.write(listed(json!({"id": 2}))).unwrap();
        let (out, rows) = w.finish().unwrap();
        let parsed: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(parsed, json!([{"id": 1, "name": "=x"}, {"id": 2}]));
        assert_eq!(rows, 2);
    }
}
