//! Reading an event's sign-up sheet (受付名簿, a form's export) into the
//! keys that name an alumnus: the email and the employee ID of each row.
//!
//! The header row is found as a roster's is, below any title rows, and
//! only its email and employee ID columns are read; every other column
//! (name, department, a question of the form) is left alone. Matching the
//! rows to alumni is the caller's, since that reads the database.

use std::path::Path;

use anyhow::Result;

use crate::domain::Field;
use crate::error::Failure;
use crate::import::record;
use crate::ingest::{self, HeaderOptions, ReadOptions};

/// One row of a sign-up sheet: its row number and the keys it gives.
#[derive(Debug)]
pub struct SignUp {
    /// The row's number in the file, as a spreadsheet shows it.
    pub row: u64,
    /// The email, normalized as an import stores it; `Err` completes a
    /// sentence starting with "email": why the cell is not one.
    pub email: Result<Option<String>, String>,
    /// The employee ID; one that cannot be read is as good as none.
    pub employee_id: Option<String>,
}

/// Reads a sign-up sheet (`sheet` of a workbook, else its first visible
/// one): the header row is found as the importer finds it, and only its
/// email and employee ID columns are read. A header with neither, or no
/// data rows below it, is bad data.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Vec<SignUp>> {
    let options = ReadOptions {
        sheets: sheet.map(String::from).into_iter().collect(),
        encoding: None,
    };
    ingest::with_rows(path, &options, |source, _info| {
        let mut rows = ingest::locate_header(path, source, &HeaderOptions::default())?
            .map_err(|why| Failure::bad_file(path, why))?;
        let column = |field: Field| {
            rows.names
                .iter()
                .position(|name| ingest::header::field_for(name) == Some(field))
        };
        let (email_column, id_column) = (column(Field::Email), column(Field::EmployeeId));
        if email_column.is_none() && id_column.is_none() {
            return Err(Failure::bad_file(
                path,
                format!(
                    "the header row (row {}) has no email or employee ID column \
                     (メールアドレス, 社員番号, E-mail, Employee ID …)",
                    rows.row_number
                ),
            )
            .into());
        }
        let mut sign_ups = Vec::new();
        while let Some(row) = rows.next_row()? {
            let email = match email_column {
                Some(c) => record::value(Field::Email, row.cell(c)),
                None => Ok(None),
            };
            // A key that cannot be read is as good as none: it is reported
            // when the row matches nobody.
            let employee_id = id_column
                .and_then(|c| record::value(Field::EmployeeId, row.cell(c)).ok())
                .flatten();
            sign_ups.push(SignUp {
                row: row.number,
                email,
                employee_id,
            });
        }
        if sign_ups.is_empty() {
            return Err(
                Failure::bad_file(path, "there is a header row but no data rows".into()).into(),
            );
        }
        Ok(sign_ups)
    })
}
