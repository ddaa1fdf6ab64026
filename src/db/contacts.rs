//! Reading and writing the relationship side of an alumnus: the `contacts`
//! history, the consent columns of `alumni`, and the `rehire_rules`. The
//! commands in `crate::cmd` call these functions and hold no SQL of their own.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, ToSql, params, params_from_iter};

use crate::domain::{Channel, Consent, Direction, RehireSource, Rules};

/// A contact about to be logged.
#[derive(Debug)]
pub struct NewContact<'a> {
    pub alumnus_id: i64,
    pub date: &'a str,
    pub channel: Channel,
    pub direction: Direction,
    pub summary: &'a str,
    pub owner: &'a str,
    pub follow_up: Option<&'a str>,
    /// Why an opted-out alumnus was contacted anyway.
    pub consent_override: Option<&'a str>,
}

/// Logs a contact and returns its id.
pub fn insert(conn: &Connection, contact: &NewContact<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contacts (alumnus_id, date, channel, direction, summary, owner,
                               follow_up, consent_override, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        contact.alumnus_id,
        contact.date,
        contact.channel,
        contact.direction,
        contact.summary,
        contact.owner,
        contact.follow_up,
        contact.consent_override,
        super::now(),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One row of a contact listing, with the alumnus it is about.
#[derive(Debug)]
pub struct ContactRow {
    pub id: i64,
    pub date: String,
    pub employee_id: Option<String>,
    pub name: Option<String>,
    pub channel: Channel,
    pub direction: Direction,
    pub summary: Option<String>,
    pub owner: Option<String>,
    pub follow_up: Option<String>,
}

/// Which contacts a listing shows. Every filter given must hold.
#[derive(Debug, Default)]
pub struct ContactFilter {
    pub alumnus_id: Option<i64>,
    /// On or after this date (`YYYY-MM-DD`).
    pub since: Option<String>,
    pub channel: Option<Channel>,
    pub owner: Option<String>,
    /// Only follow-ups due on or before this day (today), still open.
    pub due_by: Option<String>,
}

/// The contacts the filter lets through: newest first, or for due
/// follow-ups, the longest overdue first. Erased alumni are left out.
///
/// A follow-up is open while no later contact with the same alumnus exists:
/// whatever contact came next is taken as the follow-up having been done.
/// "Later" is a later date, or the same date logged afterwards (higher id),
/// so a contact back-filled with an earlier date does not close anything.
pub fn list(conn: &Connection, filter: &ContactFilter) -> Result<Vec<ContactRow>> {
    let mut rows = Vec::new();
    for_each(conn, filter, |row| {
        rows.push(row);
        Ok(())
    })?;
    Ok(rows)
}

/// Calls `each` for every contact [`list`] would return, in its order,
/// without holding them all in memory.
pub fn for_each(
    conn: &Connection,
    filter: &ContactFilter,
    mut each: impl FnMut(ContactRow) -> Result<()>,
) -> Result<()> {
    let mut clauses: Vec<String> = vec!["a.erased_at IS NULL".into()];
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    // Binds a value and returns its placeholder, `?N`.
    let mut bind = |value: Box<dyn ToSql>| {
        params.push(value);
        format!("?{}", params.len())
    };
    if let Some(id) = filter.alumnus_id {
        clauses.push(format!("c.alumnus_id = {}", bind(Box::new(id))));
    }
    if let Some(since) = &filter.since {
        clauses.push(format!("c.date >= {}", bind(Box::new(since.clone()))));
    }
    if let Some(channel) = &filter.channel {
        clauses.push(format!("c.channel = {}", bind(Box::new(*channel))));
    }
    if let Some(owner) = &filter.owner {
        clauses.push(format!("c.owner = {}", bind(Box::new(owner.clone()))));
    }
    let order = if let Some(today) = &filter.due_by {
        clauses.push(format!(
            "c.follow_up IS NOT NULL AND c.follow_up <= {}",
            bind(Box::new(today.clone()))
        ));
        clauses.push(
            "NOT EXISTS (SELECT 1 FROM contacts later
                         WHERE later.alumnus_id = c.alumnus_id
                           AND (later.date > c.date OR (later.date = c.date AND later.id > c.id)))"
                .into(),
        );
        "c.follow_up, c.date, c.id"
    } else {
        "c.date DESC, c.id DESC"
    };
    let sql = format!(
        "SELECT c.id, c.date, a.employee_id, a.name, c.channel, c.direction, c.summary,
                c.owner, c.follow_up
         FROM contacts c JOIN alumni a ON a.id = c.alumnus_id
         WHERE {}
         ORDER BY {order}",
        clauses.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter().map(|p| p.as_ref())))?;
    while let Some(r) = rows.next()? {
        each(ContactRow {
            id: r.get(0)?,
            date: r.get(1)?,
            employee_id: r.get(2)?,
            name: r.get(3)?,
            channel: r.get(4)?,
            direction: r.get(5)?,
            summary: r.get(6)?,
            owner: r.get(7)?,
            follow_up: r.get(8)?,
        })?;
    }
    Ok(())
}

/// When the alumnus's personal data was erased on request, if it was.
pub fn erased_at(conn: &Connection, alumnus_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT erased_at FROM alumni WHERE id = ?")?
        .query_row([alumnus_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Stores an alumnus's consent (`opted_in`, `opted_out` or `unknown`), the
/// date it was given or withdrawn, and, when given, the purpose it covers.
/// Without a purpose the stored one is kept: an opt-out withdraws the
/// purpose consented to before.
pub fn set_consent(
    conn: &Connection,
    alumnus_id: i64,
    consent: Consent,
    date: &str,
    purpose: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE alumni SET consent = ?1, consent_date = ?2,
                           consent_purpose = coalesce(?3, consent_purpose), updated_at = ?4
         WHERE id = ?5",
    )?
    .execute(params![consent, date, purpose, super::now(), alumnus_id])?;
    Ok(())
}

/// One rehire rule, with how many stored alumni it decides now.
#[derive(Debug)]
pub struct Rule {
    pub leave_reason: String,
    pub rehire_eligible: String,
    pub applied_to: i64,
}

/// Every rule, by departure reason.
pub fn rules(conn: &Connection) -> Result<Vec<Rule>> {
    let mut stmt = conn.prepare(
        "SELECT r.leave_reason, r.rehire_eligible,
                (SELECT count(*) FROM alumni a
                 WHERE a.leave_reason = r.leave_reason AND a.rehire_source = 'rule'
                   AND a.erased_at IS NULL)
         FROM rehire_rules r ORDER BY r.leave_reason",
    )?;
    let rules = stmt
        .query_map([], |r| {
            Ok(Rule {
                leave_reason: r.get(0)?,
                rehire_eligible: r.get(1)?,
                applied_to: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rules)
}

/// The eligibility the rule for a departure reason gives, if there is one.
pub fn rule(conn: &Connection, leave_reason: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT rehire_eligible FROM rehire_rules WHERE leave_reason = ?")?
        .query_row([leave_reason], |r| r.get(0))
        .optional()?)
}

/// Where a rule may write: alumni with this departure reason whose
/// eligibility nobody stated (no source yet, or set by a rule). Values from
/// a file or typed by a person are never touched. `?1` is the reason.
const RULED: &str = "leave_reason = ?1 AND erased_at IS NULL \
                     AND (rehire_source IS NULL OR rehire_source = 'rule')";

/// Sets the rule for a departure reason and applies it to the stored
/// alumni it decides; returns how many of them changed. Each change gets an
/// audit row of its own, so an alumnus's history shows it.
pub fn set_rule(conn: &Connection, leave_reason: &str, eligibility: &str) -> Result<usize> {
    conn.prepare_cached(
        "INSERT INTO rehire_rules (leave_reason, rehire_eligible) VALUES (?1, ?2)
         ON CONFLICT (leave_reason) DO UPDATE SET rehire_eligible = excluded.rehire_eligible",
    )?
    .execute([leave_reason, eligibility])?;
    let changing = format!(
        "{RULED} AND NOT (rehire_eligible = ?2 AND rehire_source IS '{}')",
        RehireSource::Rule
    );
    audit_each(
        conn,
        "rules set",
        &changing,
        &[leave_reason, eligibility],
        &format!("rehire_eligible set by the rule for its leave_reason ({eligibility})"),
    )?;
    let changed = conn.execute(
        &format!(
            "UPDATE alumni SET rehire_eligible = ?2, rehire_source = '{}', \
             updated_at = ?3 WHERE {changing}",
            RehireSource::Rule
        ),
        params![leave_reason, eligibility, super::now()],
    )?;
    Ok(changed)
}

/// Removes the rule for a departure reason, and takes back what it decided:
/// those alumni are `unknown` again, with no source. Returns `None` when
/// there was no such rule, else how many alumni changed.
pub fn remove_rule(conn: &Connection, leave_reason: &str) -> Result<Option<usize>> {
    let removed = conn.execute(
        "DELETE FROM rehire_rules WHERE leave_reason = ?",
        [leave_reason],
    )?;
    if removed == 0 {
        return Ok(None);
    }
    let changing = format!("{RULED} AND rehire_source IS '{}'", RehireSource::Rule);
    audit_each(
        conn,
        "rules remove",
        &changing,
        &[leave_reason],
        "rehire_eligible cleared: the rule for its leave_reason was removed",
    )?;
    let changed = conn.execute(
        &format!(
            "UPDATE alumni SET rehire_eligible = 'unknown', rehire_source = NULL, \
             updated_at = ?2 WHERE {changing}"
        ),
        params![leave_reason, super::now()],
    )?;
    Ok(Some(changed))
}

/// One audit row for every alumnus `condition` selects, written before the
/// change so that the condition still selects them.
fn audit_each(
    conn: &Connection,
    command: &str,
    condition: &str,
    condition_params: &[&str],
    detail: &str,
) -> Result<()> {
    let n = condition_params.len();
    let sql = format!(
        "INSERT INTO audit (at, actor, command, alumnus_id, detail)
         SELECT ?{}, ?{}, ?{}, id, ?{} FROM alumni WHERE {condition}",
        n + 1,
        n + 2,
        n + 3,
        n + 4
    );
    let now = super::now();
    let actor = super::actor();
    let mut values: Vec<&str> = condition_params.to_vec();
    values.extend([now.as_str(), actor.as_str(), command, detail]);
    conn.execute(&sql, params_from_iter(values))?;
    Ok(())
}

/// Every rule, as the import and `add` apply them.
pub fn rule_map(conn: &Connection) -> Result<Rules> {
    Ok(conn
        .prepare_cached("SELECT leave_reason, rehire_eligible FROM rehire_rules")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Rules>>()?)
}
