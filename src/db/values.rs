//! Stored values read into the domain's enums, once, here: every column
//! that holds one of a fixed set of texts is read as its enum and written
//! from it, so no other module compares stored strings.

use crate::db::sql::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::CareerSource;
use crate::domain::fiscal::Month;
use crate::domain::{
    Attendance, By, Channel, Consent, Counting, Direction, EmploymentType, EndedBy, EventKind,
    Kind, Lang, LeaveType, Outcome, PartnerKind, RehireSource,
};

/// A stored text that is not one of its column's values: a database
/// written by something other than alumni, or damaged.
#[derive(Debug, thiserror::Error)]
#[error("{text:?} is not a stored {what}")]
struct Unexpected {
    what: &'static str,
    text: String,
}

macro_rules! stored_as_text {
    ($($name:ident => $what:literal),+ $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> crate::db::sql::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::from_stored(text).ok_or_else(|| {
                    FromSqlError::Other(Box::new(Unexpected { what: $what, text: text.into() }))
                })
            }
        }
    )+};
}

stored_as_text! {
    Attendance => "attendance status",
    By => "grouping",
    CareerSource => "career source",
    Channel => "channel",
    Consent => "consent state",
    Counting => "counting mode",
    Direction => "direction",
    EmploymentType => "employment type",
    EndedBy => "party that ended an application",
    EventKind => "event kind",
    Kind => "application kind",
    Lang => "language",
    LeaveType => "leave type",
    Outcome => "outcome",
    PartnerKind => "partner kind",
    RehireSource => "eligibility source",
}

/// A month is stored as `YYYY-MM`, so that months sort as text.
impl ToSql for Month {
    fn to_sql(&self) -> crate::db::sql::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use crate::db::sql::Connection;

    use super::*;

    #[test]
    fn enums_are_stored_as_their_texts_and_read_back() {
        let conn = Connection::open_in_memory().unwrap();
        let text: String = conn
            .query_row("SELECT ?1", [Consent::OptedOut], |r| r.get(0))
            .unwrap();
        assert_eq!(text, "opted_out");
        let back: Outcome = conn
            .query_row("SELECT 'rejoined'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Outcome::Rejoined);
    }

    #[test]
    fn an_unknown_stored_text_is_an_error_that_names_it() {
        let conn = Connection::open_in_memory().unwrap();
        let err = conn
            .query_row("SELECT 'maybe'", [], |r| r.get::<_, Consent>(0))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("\"maybe\" is not a stored consent state"),
            "{err}"
        );
    }
}
