//! Values typed by hand on the command line: checked by the same rules as
//! an imported cell, and marked as set by hand so no import overwrites them.

use anyhow::Result;
use rusqlite::Connection;

use crate::db::alumni;
use crate::domain::{Field, FieldValues};
use crate::error::Failure;
use crate::import::record;
use crate::ingest::Cell;

/// Checks and normalizes a value given for `field`; the flag is named in
/// the error ("--leave-date "2024-13-45" is not a date").
pub fn value(field: Field, raw: &str) -> Result<Option<String>> {
    record::value(field, &Cell::Text(raw.to_string()))
        .map_err(|why| Failure::BadData(format!("{} {why}", flag(field))).into())
}

/// The command-line flag that sets a field: `--leave-date`, `--kana` ….
pub fn flag(field: Field) -> String {
    let name = match field {
        Field::NameKana => "kana",
        Field::RehireEligible => "rehire",
        Field::LinkedinUrl => "linkedin",
        other => other.column(),
    };
    format!("--{}", name.replace('_', "-"))
}

/// Refuses an employee ID or email that another alumnus already has.
pub fn check_unique(conn: &Connection, values: &FieldValues, own_id: Option<i64>) -> Result<()> {
    for field in [Field::EmployeeId, Field::Email] {
        let Some(value) = values[field.index()].as_deref() else {
            continue;
        };
        if let Some(other) = alumni::by_field(conn, field, value)?
            && Some(other.id) != own_id
        {
            return Err(Failure::BadData(format!(
                "{field} {value:?} already belongs to {} (#{})",
                other.display_name(),
                other.id
            ))
            .into());
        }
    }
    Ok(())
}
