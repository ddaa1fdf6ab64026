//! Writing alumni as a table for people, or as CSV or JSON for programs.
//! CSV and JSON are streamed; a table is laid out once all rows are in.

use std::io::Write;

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value, json};

use crate::domain::{Alumnus, Field};
use crate::export::Format;

/// The columns of a roster table: enough to tell people apart at a glance.
const TABLE_FIELDS: [Field; 7] = [
    Field::EmployeeId,
    Field::Name,
    Field::Email,
    Field::Department,
    Field::LeaveDate,
    Field::RehireEligible,
    Field::CurrentCompany,
];

/// Writes alumni one at a time in the chosen format.
pub enum AlumniWriter<W: Write> {
    Table { table: Table, out: W },
    Csv { csv: csv::Writer<W> },
    Json { out: W, count: u64 },
}

impl<W: Write> AlumniWriter<W> {
    pub fn new(format: Format, mut out: W) -> Result<AlumniWriter<W>> {
        Ok(match format {
            Format::Xlsx => return Err(format.refused("a listing")),
            Format::Table => {
                let mut table = new_table();
                let mut header = vec!["#".to_string()];
                header.extend(TABLE_FIELDS.iter().map(|f| f.column().to_string()));
                table.set_header(header);
                AlumniWriter::Table { table, out }
            }
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(csv_header())?;
                AlumniWriter::Csv { csv }
            }
            Format::Json => {
                out.write_all(b"[")?;
                AlumniWriter::Json { out, count: 0 }
            }
        })
    }

    pub fn write(&mut self, alumnus: &Alumnus) -> Result<()> {
        match self {
            AlumniWriter::Table { table, .. } => {
                let mut row = vec![alumnus.id.to_string()];
                row.extend(
                    TABLE_FIELDS
                        .iter()
                        .map(|f| alumnus.get(*f).unwrap_or("").to_string()),
                );
                table.add_row(row);
            }
            AlumniWriter::Csv { csv } => csv.write_record(csv_record(alumnus))?,
            AlumniWriter::Json { out, count } => {
                out.write_all(if *count > 0 { b",\n  " } else { b"\n  " })?;
                serde_json::to_writer(&mut *out, &to_json(alumnus))?;
                *count += 1;
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Result<()> {
        match self {
            AlumniWriter::Table { table, mut out } => {
                writeln!(out, "{table}")?;
                out.flush()?;
            }
            AlumniWriter::Csv { mut csv } => csv.flush()?,
            AlumniWriter::Json { mut out, count } => {
                out.write_all(if count > 0 { b"\n]\n" } else { b"]\n" })?;
                out.flush()?;
            }
        }
        Ok(())
    }
}

/// The CSV header of a roster listing.
pub fn csv_header() -> Vec<String> {
    let mut header = vec!["id".to_string()];
    header.extend(Field::ALL.iter().map(|f| f.column().to_string()));
    header.extend(["rehire_source", "consent", "created_at", "updated_at"].map(String::from));
    header
}

/// An alumnus as a CSV record under [`csv_header`].
pub fn csv_record(alumnus: &Alumnus) -> Vec<String> {
    let mut record = vec![alumnus.id.to_string()];
    record.extend(
        Field::ALL
            .iter()
            .map(|f| alumnus.get(*f).unwrap_or("").to_string()),
    );
    record.extend([
        alumnus
            .rehire_source
            .map_or_else(String::new, |s| s.to_string()),
        alumnus.consent.to_string(),
        alumnus.created_at.clone(),
        alumnus.updated_at.clone(),
    ]);
    record
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

/// An alumnus as JSON, with the data model's field names.
pub fn to_json(alumnus: &Alumnus) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), json!(alumnus.id));
    for field in Field::ALL {
        let value = match (field, alumnus.get(field)) {
            (Field::Tags, Some(tags)) => json!(tags.split(',').collect::<Vec<_>>()),
            (Field::Tags, None) => json!([]),
            (_, value) => json!(value),
        };
        object.insert(field.column().into(), value);
    }
    object.insert("rehire_source".into(), json!(alumnus.rehire_source));
    object.insert("consent".into(), json!(alumnus.consent));
    object.insert("consent_date".into(), json!(alumnus.consent_date));
    object.insert("consent_purpose".into(), json!(alumnus.consent_purpose));
    object.insert("created_at".into(), json!(alumnus.created_at));
    object.insert("updated_at".into(), json!(alumnus.updated_at));
    Value::Object(object)
}

/// Writes any listing: `rows` are JSON objects whose keys are `columns`
/// (the data model's field names). JSON keeps the values as they are; CSV
/// and tables show null as empty and arrays joined by commas.
pub fn print_listing(format: Format, columns: &[&str], rows: &[Value]) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let cell = |row: &Value, column: &str| -> String {
        match row.get(column) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
                .collect::<Vec<_>>()
                .join(","),
            Some(other) => other.to_string(),
        }
    };
    match format {
        Format::Xlsx => return Err(format.refused("a listing")),
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, rows)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(columns)?;
            for row in rows {
                csv.write_record(columns.iter().map(|c| cell(row, c)))?;
            }
            csv.flush()?;
            return Ok(());
        }
        Format::Table => {
            let mut table = new_table();
            table.set_header(columns.to_vec());
            for row in rows {
                table.add_row(columns.iter().map(|c| cell(row, c)).collect::<Vec<_>>());
            }
            writeln!(out, "{table}")?;
        }
    }
    out.flush()?;
    Ok(())
}
