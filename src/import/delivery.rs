//! Reading a mail tool's delivery report (配信レポート) into what it says of
//! each recipient: delivered, opened, clicked, bounced or unsubscribed, and
//! on which day.
//!
//! The file is read as a roster is (any encoding, the header row found
//! below titles, columns in any order), and its columns are told apart by
//! the names in [`words::COLUMNS`]: the recipient's email or the token of
//! `campaign export`; a status column whose words are in `words::STATUSES`; and
//! one column per kind of mark, holding a day or time (opened_at, 開封日時)
//! or a yes/no (開封, opened). A yes without a time is the campaign's day.
//! Matching the rows to recipients is the caller's, since that reads the
//! database. A cell that cannot be read makes its row a [`Problem`], named
//! by file, row and column; a header without an email or id column refuses
//! the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::ImportOptions;
use super::letter;
use super::record;
use super::rejects::Rejects;
use crate::db::campaigns::Reported;
use crate::domain::Field;
use crate::error::Failure;
use crate::i18n::tr;
use crate::ingest::{self, HeaderOptions, RawRow, ReadOptions, header};

mod words;

use words::{COLUMNS, Role, day, mark, role_of, status};

/// One row of a delivery report that could be read.
#[derive(Debug)]
pub struct Delivery {
    /// The row's number in the file, as a spreadsheet shows it.
    pub row: u64,
    /// The address, normalized as an import stores it.
    pub email: Option<String>,
    pub token: Option<String>,
    /// What the row says, with the day of each.
    pub marks: BTreeMap<Reported, String>,
    /// The row as it was, for a rejects file.
    pub raw: RawRow,
}

impl Delivery {
    /// How the row names its recipient, for messages: the token, else the
    /// address.
    pub fn named(&self) -> String {
        match (&self.token, &self.email) {
            (Some(token), _) => format!("id {token}"),
            (None, Some(email)) => email.clone(),
            (None, None) => String::new(),
        }
    }
}

/// A row that cannot be read, and why (naming its row and column).
#[derive(Debug)]
pub struct Problem {
    pub row: u64,
    pub message: String,
    pub raw: RawRow,
}

/// A delivery report as read: its column names, the rows that could be
/// read, and those that could not.
#[derive(Debug)]
pub struct Report {
    pub header: Vec<String>,
    pub rows: Vec<Delivery>,
    pub problems: Vec<Problem>,
}

/// Reads a delivery report; `campaign_day` is the day a yes without a
/// time stands for. A file without an email or id column, or with no data
/// rows, is bad data.
pub fn read(path: &Path, read: &ReadOptions, campaign_day: &str) -> Result<Report> {
    // The report's own column names count as known when the header row is
    // looked for, besides the roster's.
    let mapped = COLUMNS
        .iter()
        .flat_map(|(_, names)| names.iter().map(|n| header::fold(n)))
        .collect();
    let options = HeaderOptions { row: None, mapped };
    ingest::with_rows(path, read, |source, _info| {
        let mut rows = ingest::locate_header(path, source, &options)?
            .map_err(|why| Failure::bad_file(path, why))?;
        let roles: Vec<Option<Role>> = rows.names.iter().map(|n| role_of(n)).collect();
        let first = |role: Role| roles.iter().position(|r| *r == Some(role));
        let (email, token) = (first(Role::Email), first(Role::Token));
        if email.is_none() && token.is_none() {
            return Err(Failure::bad_file(
                path,
                tr!("campaign-report-no-key-column", row = rows.row_number),
            )
            .into());
        }
        let (status_column, when) = (first(Role::Status), first(Role::When));
        let marks: Vec<(usize, Reported)> = roles
            .iter()
            .enumerate()
            .filter_map(|(c, role)| match role {
                Some(Role::Mark(what)) => Some((c, *what)),
                _ => None,
            })
            .collect();
        let header = rows.names.clone();
        let bad = |row: u64, column: usize, why: String| {
            tr!(
                "campaign-report-bad-cell",
                row = row,
                column = letter(column),
                header = header[column].as_str(),
                why = why
            )
        };
        let mut report = Report {
            header: rows.names.clone(),
            rows: Vec::new(),
            problems: Vec::new(),
        };
        while let Some(raw) = rows.next_row()? {
            let mut why: Option<String> = None;
            let email = match email.map(|c| (c, record::value(Field::Email, raw.cell(c)))) {
                Some((_, Ok(value))) => value,
                Some((c, Err(e))) => {
                    note(&mut why, bad(raw.number, c, format!("email {e}")));
                    None
                }
                None => None,
            };
            let token = token
                .map(|c| raw.cell(c).text().trim().to_lowercase())
                .filter(|t| !t.is_empty());
            let mut found = BTreeMap::new();
            if let Some(c) = status_column {
                match status(raw.cell(c)) {
                    Ok(Some(what)) => {
                        // The time of the status, else the campaign's day.
                        let at = match when.map(|w| (w, raw.cell(w))) {
                            Some((w, cell)) if !cell.is_empty() => day(cell).or_else(|| {
                                note(
                                    &mut why,
                                    bad(
                                        raw.number,
                                        w,
                                        tr!(
                                            "campaign-report-not-a-day",
                                            value = format!("{:?}", cell.to_text())
                                        ),
                                    ),
                                );
                                None
                            }),
                            _ => Some(campaign_day.to_string()),
                        };
                        if let Some(at) = at {
                            found.insert(what, at);
                        }
                    }
                    Ok(None) => {}
                    Err(value) => note(
                        &mut why,
                        bad(
                            raw.number,
                            c,
                            tr!("campaign-report-bad-status", value = format!("{value:?}")),
                        ),
                    ),
                }
            }
            // A day of its own beats the status's.
            for &(c, what) in &marks {
                match mark(raw.cell(c), campaign_day) {
                    Ok(Some(at)) => {
                        found.insert(what, at);
                    }
                    Ok(None) => {}
                    Err(value) => note(
                        &mut why,
                        bad(
                            raw.number,
                            c,
                            tr!("campaign-report-not-a-mark", value = format!("{value:?}")),
                        ),
                    ),
                }
            }
            if why.is_none() && email.is_none() && token.is_none() {
                note(&mut why, tr!("campaign-report-no-key", row = raw.number));
            }
            match why {
                Some(message) => report.problems.push(Problem {
                    row: raw.number,
                    message,
                    raw,
                }),
                None => report.rows.push(Delivery {
                    row: raw.number,
                    email,
                    token,
                    marks: found,
                    raw,
                }),
            }
        }
        if report.rows.is_empty() && report.problems.is_empty() {
            return Err(
                Failure::bad_file(path, "there is a header row but no data rows".into()).into(),
            );
        }
        Ok(report)
    })
}

/// Writes the rows left out of a delivery report, with a reason column,
/// to `path` (as the roster import's rejects: whole, 0600, with a BOM).
/// The path may be neither the database nor the report itself.
pub fn write_rejects(
    path: &Path,
    database: &Path,
    input: &Path,
    header: &[String],
    rows: &[(&RawRow, String)],
) -> Result<()> {
    let options = ImportOptions {
        files: vec![input.to_path_buf()],
        database: Some(database.to_path_buf()),
        ..ImportOptions::default()
    };
    let mut rejects = Rejects::create(path, &options)?;
    for (raw, reason) in rows {
        rejects.write(header, raw, reason)?;
    }
    rejects.finish()
}

/// Refuses a rejects path that would cost data, before anything is read.
pub fn check_rejects(path: &Path, database: &Path, input: &Path) -> Result<()> {
    super::rejects::check_target(path, Some(database), &[PathBuf::from(input)])
}

/// Keeps the first reason a row cannot be read.
fn note(why: &mut Option<String>, message: String) {
    why.get_or_insert(message);
}
