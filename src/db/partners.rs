//! Correcting partner records (`alumni partner set`) and their dated
//! history (`partner_changes`), which `alumni show` reads into its
//! timeline. Adding a partner lives with the events in `events.rs`.

use crate::db::sql::{Connection, OptionalExtension, params};
use anyhow::Result;

use crate::domain::PartnerKind;
use crate::error::Failure;

/// A partner record as stored.
#[derive(Clone, Debug)]
pub struct Partner {
    pub id: i64,
    pub alumnus_id: i64,
    pub company: Option<String>,
    pub kind: PartnerKind,
    pub status: Option<String>,
    pub notes: Option<String>,
}

/// The values `partner set` changes; `None` leaves a value as it is.
#[derive(Clone, Debug, Default)]
pub struct PartnerUpdate {
    pub company: Option<String>,
    pub kind: Option<PartnerKind>,
    pub status: Option<String>,
    pub notes: Option<String>,
}

impl PartnerUpdate {
    /// The names of the fields this update gives a value.
    pub fn fields(&self) -> Vec<&'static str> {
        [
            ("company", self.company.is_some()),
            ("kind", self.kind.is_some()),
            ("status", self.status.is_some()),
            ("notes", self.notes.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }
}

/// Partner `id`; NotFound (exit 1) if there is none.
pub fn get(conn: &Connection, id: i64) -> Result<Partner> {
    conn.prepare_cached(
        "SELECT id, alumnus_id, company, kind, status, notes FROM partners WHERE id = ?",
    )?
    .query_row([id], |r| {
        Ok(Partner {
            id: r.get(0)?,
            alumnus_id: r.get(1)?,
            company: r.get(2)?,
            kind: r.get(3)?,
            status: r.get(4)?,
            notes: r.get(5)?,
        })
    })
    .optional()?
    .ok_or_else(|| Failure::NotFound(format!("no partner {id}")).into())
}

/// The partner record of `alumnus_id` at `company` (or with no company),
/// if there is one: a second `partner add` of the same pair is refused.
pub fn same(conn: &Connection, alumnus_id: i64, company: Option<&str>) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM partners WHERE alumnus_id = ? AND company IS NOT DISTINCT FROM ? ORDER BY id LIMIT 1",
        )?
        .query_row(params![alumnus_id, company], |r| r.get(0))
        .optional()?)
}

/// Applies `update` to partner `id`, and adds the change, dated `date`,
/// to its history.
pub fn set(conn: &Connection, id: i64, update: &PartnerUpdate, date: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE partners SET company = coalesce(?, company), kind = coalesce(?, kind),
             status = coalesce(?, status), notes = coalesce(?, notes), updated_at = ?
         WHERE id = ?",
    )?
    .execute(params![
        update.company,
        update.kind,
        update.status,
        update.notes,
        super::now(),
        id
    ])?;
    record(conn, id, date, &update.fields().join(","))
}

/// Adds partner `id` as it is now to its history, dated `date`, with the
/// names of the fields that changed (`added` for a new record).
pub fn record(conn: &Connection, id: i64, date: &str, fields: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO partner_changes (partner_id, alumnus_id, date, fields, company, kind,
                                      status, recorded_at)
         SELECT id, alumnus_id, ?2, ?3, company, kind, status, ?4 FROM partners WHERE id = ?1",
    )?
    .execute(params![id, date, fields, super::now()])?;
    Ok(())
}
