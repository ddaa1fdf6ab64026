//! `alumni audit`: the audit log, filtered by alumnus, time and command, as
//! a table or JSON. It only reads.

use anyhow::Result;
use serde_json::json;

use super::{Context, hand, listing};
use crate::cli::ListingArgs;
use crate::cli::ops::AuditArgs;
use crate::db::audit::{self, Entry, Filter};
use crate::db::{Backend, Tx, alumni};
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};

pub fn run(context: &Context, args: &AuditArgs) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|raw| start_of_day(&hand::date("--since", raw)?))
        .transpose()?;
    let command = args
        .command
        .as_deref()
        .map(|raw| {
            // As stored: words separated by one space.
            let words: Vec<&str> = raw.split_whitespace().collect();
            if words.is_empty() {
                return Err(Failure::Usage("--command is empty".into()));
            }
            Ok(words.join(" "))
        })
        .transpose()?;
    let output = ListingArgs {
        format: args.format,
        ..ListingArgs::default()
    };
    context.read(|tx| {
        let filter = Filter {
            alumnus_id: args
                .alumnus
                .as_deref()
                .map(|reference| alumnus_id(tx, reference))
                .transpose()?,
            since,
            command,
            limit: args.limit,
        };
        // On PostgreSQL each row says the role it was made as, too.
        let (columns, roles) = match tx.backend() {
            Backend::Sqlite => (&AUDIT, false),
            Backend::Postgres => (&AUDIT_WITH_ROLES, true),
        };
        let mut writer = listing::start(columns, &output)?;
        audit::for_each(tx, &filter, |entry| writer.write(row(entry, roles)))?;
        listing::end(writer)?;
        Ok(())
    })
}

/// The alumnus a reference names, as `alumni::find` resolves it; or, for
/// `#id`, an id the log has rows for even when no record answers to it
/// any more (erased, or merged away).
fn alumnus_id(tx: &Tx<'_>, reference: &str) -> Result<i64> {
    match alumni::find(tx, reference) {
        Ok(alumnus) => Ok(alumnus.id),
        Err(error) => match internal_id(reference) {
            Some(id) if audit::mentions(tx, id)? => Ok(id),
            _ => Err(error),
        },
    }
}

/// The id in `#12` (or `id:12`), the form that names a record by its id.
fn internal_id(reference: &str) -> Option<i64> {
    let reference = reference.trim();
    reference
        .strip_prefix('#')
        .or_else(|| reference.strip_prefix("id:"))
        .and_then(|n| n.parse().ok())
}

/// The first moment of a local calendar day, as the log stores times
/// (UTC), so that `--since` means the day as the person typing it lives it.
fn start_of_day(day: &str) -> Result<String> {
    start_of_day_in(day, &jiff::tz::TimeZone::system())
}

fn start_of_day_in(day: &str, zone: &jiff::tz::TimeZone) -> Result<String> {
    let date: jiff::civil::Date = day.parse()?;
    let start = date.to_zoned(zone.clone())?;
    Ok(start.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A row of the log: the table's names as JSON keys, and `#12` in the
/// table for the alumnus, as the project names records elsewhere; with
/// `roles`, the database role too.
fn row(entry: Entry, roles: bool) -> Listed {
    let mut shown = json!({
        "at": entry.at,
        "actor": entry.actor,
        "command": entry.command,
        "alumnus_id": entry.alumnus_id.map(|id| format!("#{id}")),
        "detail": entry.detail,
    });
    let mut value = json!({
        "id": entry.id,
        "at": entry.at,
        "actor": entry.actor,
        "command": entry.command,
        "alumnus_id": entry.alumnus_id,
        "detail": entry.detail,
    });
    if roles {
        for row in [&mut value, &mut shown] {
            row["db_role"] = json!(entry.db_role);
        }
    }
    Listed::shown_as(value, shown)
}

/// The audit log as a listing; the column names are the `audit` table's,
/// and the JSON keys.
static AUDIT: Listing = Listing::fixed(
    "Audit",
    "changes",
    &[
        Column::hidden("id"),
        Column::shown("at").timestamp(),
        Column::shown("actor"),
        Column::shown("command"),
        Column::headed("alumnus_id", "alumnus"),
        Column::shown("detail"),
    ],
);

/// [`AUDIT`] on PostgreSQL: the role beside the person.
static AUDIT_WITH_ROLES: Listing = Listing::fixed(
    "Audit",
    "changes",
    &[
        Column::hidden("id"),
        Column::shown("at").timestamp(),
        Column::shown("actor"),
        Column::headed("db_role", "role"),
        Column::shown("command"),
        Column::headed("alumnus_id", "alumnus"),
        Column::shown("detail"),
    ],
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_id_is_hash_or_id_prefixed() {
        assert_eq!(internal_id("#12"), Some(12));
        assert_eq!(internal_id(" id:7 "), Some(7));
        assert_eq!(internal_id("00123"), None);
        assert_eq!(internal_id("#x"), None);
    }

    #[test]
    fn a_day_starts_at_local_midnight_in_utc() {
        let tokyo = jiff::tz::TimeZone::fixed(jiff::tz::offset(9));
        assert_eq!(
            start_of_day_in("2026-12-01", &tokyo).unwrap(),
            "2026-11-30T15:00:00Z"
        );
        assert_eq!(
            start_of_day_in("2026-12-01", &jiff::tz::TimeZone::UTC).unwrap(),
            "2026-12-01T00:00:00Z"
        );
    }
}
