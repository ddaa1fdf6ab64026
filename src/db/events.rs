//! Reading and writing events, attendance and partners: the relationship
//! side of the program, apart from the contact history itself.

use crate::db::sql::{Connection, OptionalExtension, Row, params};
use anyhow::Result;

use crate::domain::{Attendance, EventKind, PartnerKind};
use crate::error::Failure;

/// One stored event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub name: String,
    pub date: String,
    pub kind: EventKind,
    pub location: Option<String>,
    pub cost: i64,
}

/// An event to be stored; `name` and `location` already normalized.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub name: &'a str,
    pub date: &'a str,
    pub kind: EventKind,
    pub location: Option<&'a str>,
    pub cost: i64,
}

const SELECT_EVENT: &str = "SELECT id, name, date, kind, location, cost FROM events";

fn event_from_row(row: &Row<'_>) -> crate::db::sql::Result<Event> {
    Ok(Event {
        id: row.get(0)?,
        name: row.get(1)?,
        date: row.get(2)?,
        kind: row.get(3)?,
        location: row.get(4)?,
        cost: row.get(5)?,
    })
}

pub fn insert_event(conn: &Connection, event: &NewEvent<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO events (name, date, kind, location, cost, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        event.name,
        event.date,
        event.kind,
        event.location,
        event.cost,
        super::now()
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn event_by_id(conn: &Connection, id: i64) -> Result<Option<Event>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_EVENT} WHERE id = ?"))?
        .query_row([id], event_from_row)
        .optional()?)
}

/// Every event with exactly this (normalized) name, oldest first.
pub fn events_named(conn: &Connection, name: &str) -> Result<Vec<Event>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT_EVENT} WHERE name = ? ORDER BY date, id"))?;
    let events = stmt
        .query_map([name], event_from_row)?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(events)
}

/// The events of a month (`YYYY-MM`) that have a cost, by day: what
/// `spend add --channel event` for that month would count again.
pub fn costed_events_in(conn: &Connection, month: &str) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_EVENT} WHERE substr(date, 1, 7) = ? AND cost > 0 ORDER BY date, id"
    ))?;
    let events = stmt
        .query_map([month], event_from_row)?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(events)
}

/// Finds the event a person named on the command line: `#3` or `3` is its
/// id, anything else (or an id that does not exist) its exact name after
/// the usual normalization, so a full-width space typed in a name matches.
pub fn find_event(conn: &Connection, reference: &str) -> Result<Event> {
    let trimmed = reference.trim();
    let number = trimmed.strip_prefix('#').unwrap_or(trimmed);
    if let Ok(id) = number.parse::<i64>()
        && let Some(event) = event_by_id(conn, id)?
    {
        return Ok(event);
    }
    let name = crate::domain::normalize::text(reference).unwrap_or_default();
    let mut named = events_named(conn, &name)?;
    match named.len() {
        0 => Err(Failure::NotFound(format!(
            "no event {reference:?} (name one by its id or exact name; `alumni event list` shows them)"
        ))
        .into()),
        1 => Ok(named.remove(0)),
        _ => {
            let which: Vec<String> = named
                .iter()
                .map(|e| format!("#{} on {}", e.id, e.date))
                .collect();
            Err(Failure::Usage(format!(
                "{} events are named {name:?} ({}); name one by its id",
                named.len(),
                which.join(", ")
            ))
            .into())
        }
    }
}

/// What recording a status did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// The alumnus had no row for the event, or one further back.
    Moved,
    /// The alumnus was already at this status or further along.
    Already,
}

/// Records that an alumnus reached `status` for an event, unless they are
/// already there or further: inviting someone who attended keeps
/// "attended", since the invitation is what came first.
///
/// `consent_override` is why an alumnus who opted out was invited anyway;
/// one stored before is kept when none is given.
pub fn record_status(
    conn: &Connection,
    event_id: i64,
    alumnus_id: i64,
    status: Attendance,
    consent_override: Option<&str>,
) -> Result<Recorded> {
    let current: Option<Attendance> = conn
        .prepare_cached("SELECT status FROM attendance WHERE event_id = ? AND alumnus_id = ?")?
        .query_row([event_id, alumnus_id], |r| r.get(0))
        .optional()?;
    if current.is_some_and(|current| current >= status) {
        return Ok(Recorded::Already);
    }
    conn.prepare_cached(
        "INSERT INTO attendance (event_id, alumnus_id, status, updated_at, consent_override)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (event_id, alumnus_id) DO UPDATE SET status = excluded.status,
             updated_at = excluded.updated_at,
             consent_override = coalesce(excluded.consent_override, attendance.consent_override)",
    )?
    .execute(params![
        event_id,
        alumnus_id,
        status,
        super::now(),
        consent_override
    ])?;
    Ok(Recorded::Moved)
}

/// Logs an event's attendance in the contact history (channel `event`,
/// inbound, on the event's date), unless that contact is already there.
/// Returns whether a row was added.
///
/// The contacts table has no event column, so "already there" means a
/// contact of this alumnus on the event's channel, date and name; `event
/// add` refuses a second event of the same name and date, which keeps that
/// unambiguous.
pub fn log_attendance_contact(conn: &Connection, event: &Event, alumnus_id: i64) -> Result<bool> {
    let added = conn
        .prepare_cached(
            "INSERT INTO contacts (alumnus_id, date, channel, direction, summary, owner, created_at)
             SELECT ?1, ?2, 'event', 'inbound', ?3, ?4, ?5
             WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE alumnus_id = ?1 AND channel = 'event'
                               AND date = ?2 AND summary = ?3)",
        )?
        .execute(params![
            alumnus_id,
            event.date,
            event.name,
            super::actor(conn)?,
            super::now()
        ])?;
    Ok(added > 0)
}

/// An event with its attendance counted, as `event list` shows it.
#[derive(Clone, Debug)]
pub struct EventSummary {
    pub event: Event,
    /// Everyone with a row: a walk-in who attended was invited in effect.
    pub invited: i64,
    /// Those registered or further.
    pub registered: i64,
    pub attended: i64,
}

/// Every event, oldest first, with its counts.
pub fn event_summaries(conn: &Connection) -> Result<Vec<EventSummary>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.name, e.date, e.kind, e.location, e.cost,
                count(a.alumnus_id),
                count(CASE WHEN a.status = 'registered' OR a.status = 'attended' THEN 1 END),
                count(CASE WHEN a.status = 'attended' THEN 1 END)
         FROM events e LEFT JOIN attendance a ON a.event_id = e.id
         GROUP BY e.id
         ORDER BY e.date, e.id",
    )?;
    let rows = stmt
        .query_map([], |row| {
            Ok(EventSummary {
                event: event_from_row(row)?,
                invited: row.get(6)?,
                registered: row.get(7)?,
                attended: row.get(8)?,
            })
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(rows)
}

/// A business opportunity to be stored; text already normalized.
#[derive(Clone, Debug)]
pub struct NewPartner<'a> {
    pub alumnus_id: i64,
    pub company: Option<&'a str>,
    pub kind: PartnerKind,
    pub status: Option<&'a str>,
    pub notes: Option<&'a str>,
}

pub fn insert_partner(conn: &Connection, partner: &NewPartner<'_>) -> Result<i64> {
    let now = super::now();
    conn.prepare_cached(
        "INSERT INTO partners (alumnus_id, company, kind, status, notes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        partner.alumnus_id,
        partner.company,
        partner.kind,
        partner.status,
        partner.notes,
        now,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A partner row with the alumnus it came through, as `partner list`
/// shows it.
#[derive(Clone, Debug)]
pub struct PartnerRow {
    pub id: i64,
    pub employee_id: Option<String>,
    pub name: Option<String>,
    pub company: Option<String>,
    pub kind: PartnerKind,
    pub status: Option<String>,
    pub notes: Option<String>,
    pub created_at: String,
}

/// Every partner, or those of one kind, in the order they were added.
pub fn partners(conn: &Connection, kind: Option<PartnerKind>) -> Result<Vec<PartnerRow>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, a.employee_id, a.name, p.company, p.kind, p.status, p.notes, p.created_at
         FROM partners p JOIN alumni a ON a.id = p.alumnus_id
         WHERE CAST(?1 AS TEXT) IS NULL OR p.kind = ?1
         ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([kind], |row| {
            Ok(PartnerRow {
                id: row.get(0)?,
                employee_id: row.get(1)?,
                name: row.get(2)?,
                company: row.get(3)?,
                kind: row.get(4)?,
                status: row.get(5)?,
                notes: row.get(6)?,
                created_at: row.get(7)?,
            })
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(rows)
}
