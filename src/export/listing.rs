//! What a listing is, once for every format: its columns, with the name
//! each has in CSV, xlsx and JSON, and whether and under what heading the
//! terminal table shows it; and its rows.
//!
//! `alumni contact list` and `alumni export contacts` write one listing,
//! so their columns cannot drift apart.

use std::borrow::Cow;

use serde_json::Value;

use super::writer::{Cell, Row};
use crate::error::Failure;

/// One column of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The name in a CSV or xlsx header, and the key in JSON.
    pub name: &'static str,
    /// The heading in a table; `None` when the table leaves it out.
    pub heading: Option<&'static str>,
    /// How much the column matters on a narrow screen: the table drops
    /// the lowest first, and among equals the rightmost ([`Column::keep`]).
    pub keep: u8,
    /// What the column holds, where a table shows it otherwise.
    pub kind: Kind,
}

/// What a column holds, where a table shows it differently from CSV and
/// JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// An RFC 3339 time in UTC, as stored: a table shows it in local time
    /// (`TZ`, else the system's zone); CSV and JSON keep it as stored.
    Timestamp,
}

/// The rank of a column that was given none.
const USUAL: u8 = 5;

impl Column {
    /// A column that the table shows under its name.
    pub const fn shown(name: &'static str) -> Column {
        Column::headed(name, name)
    }

    /// A column that the table shows under another heading.
    pub const fn headed(name: &'static str, heading: &'static str) -> Column {
        Column {
            name,
            heading: Some(heading),
            keep: USUAL,
            kind: Kind::Text,
        }
    }

    /// A column of CSV, xlsx and JSON that the table leaves out, to fit a
    /// screen.
    pub const fn hidden(name: &'static str) -> Column {
        Column {
            name,
            heading: None,
            keep: USUAL,
            kind: Kind::Text,
        }
    }

    /// The column, ranked: one with a higher rank than the usual (5) stays
    /// on a narrow screen while the others go; a lower one goes first.
    pub const fn keep(self, keep: u8) -> Column {
        Column { keep, ..self }
    }

    /// The column, holding a stored time that a table shows in local time.
    pub const fn timestamp(self) -> Column {
        Column {
            kind: Kind::Timestamp,
            ..self
        }
    }

    /// The heading a table shows: its own, or the name of a column that
    /// the table leaves out unless `--columns` asks for it.
    pub fn table_heading(&self) -> &'static str {
        self.heading.unwrap_or(self.name)
    }
}

/// A listing: what it is called and holds, and its columns.
#[derive(Clone, Debug)]
pub struct Listing {
    /// The name of the xlsx worksheet.
    pub title: &'static str,
    /// What a row is, for messages: "exported 10 alumni".
    pub noun: &'static str,
    pub columns: Cow<'static, [Column]>,
}

impl Listing {
    /// A listing whose columns are known when the program is built.
    pub const fn fixed(
        title: &'static str,
        noun: &'static str,
        columns: &'static [Column],
    ) -> Listing {
        Listing {
            title,
            noun,
            columns: Cow::Borrowed(columns),
        }
    }

    /// A listing whose columns are made at run time (the fields of the
    /// roster, the labels of a report in its language).
    pub fn of(title: &'static str, noun: &'static str, columns: Vec<Column>) -> Listing {
        Listing {
            title,
            noun,
            columns: Cow::Owned(columns),
        }
    }

    /// The names of the columns, as a CSV header has them.
    pub fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    /// The positions of the columns `names` chooses, in their order
    /// (`--columns name,email`); a name the listing lacks is a usage
    /// error that lists the ones it has.
    pub fn choose(&self, names: &[String]) -> Result<Vec<usize>, Failure> {
        names
            .iter()
            .map(|name| {
                let name = name.trim();
                self.columns
                    .iter()
                    .position(|c| c.name == name)
                    .ok_or_else(|| {
                        Failure::Usage(format!(
                            "--columns: no column {name:?}; the columns are: {}",
                            self.names().join(", ")
                        ))
                    })
            })
            .collect()
    }
}

/// A listing row given as a JSON object keyed by the column names, as the
/// listings build them. JSON gets the object as it is; CSV, xlsx and the
/// table get its values under the columns (null as empty, a list joined
/// by commas). `table` is the row as people read it, where that differs (a
/// ratio shown as a percentage).
pub struct Listed {
    value: Value,
    table: Option<Value>,
}

impl Listed {
    pub fn new(value: Value) -> Listed {
        Listed { value, table: None }
    }

    /// The row as the table shows it, where it differs from `value`.
    pub fn shown_as(value: Value, table: Value) -> Listed {
        Listed {
            value,
            table: Some(table),
        }
    }
}

impl Row for Listed {
    fn cells(&self, columns: &[Column]) -> Vec<Cell> {
        cells_of(&self.value, columns)
    }

    fn shown(&self, columns: &[Column]) -> Vec<Cell> {
        cells_of(self.table.as_ref().unwrap_or(&self.value), columns)
    }

    fn into_json(self, _: &[Column]) -> Value {
        self.value
    }
}

fn cells_of(value: &Value, columns: &[Column]) -> Vec<Cell> {
    columns
        .iter()
        .map(|c| Cell::of_json(value.get(c.name)))
        .collect()
}

/// A row of text by position under the columns (the KPI stage table); as
/// JSON, an object of the column names and the texts.
pub struct Texts(pub Vec<String>);

impl Row for Texts {
    fn cells(&self, _: &[Column]) -> Vec<Cell> {
        self.0.iter().cloned().map(Cell::text).collect()
    }

    fn into_json(self, columns: &[Column]) -> Value {
        let pairs = columns.iter().map(|c| c.name.to_string()).zip(self.0);
        Value::Object(pairs.map(|(c, v)| (c, Value::String(v))).collect())
    }
}
