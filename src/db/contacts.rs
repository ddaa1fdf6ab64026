//! Reading and writing the relationship side of an alumnus: the `contacts`
//! history, the consent columns of `alumni`, and the `rehire_rules`. The
//! commands in `crate::cmd` call these functions and hold no SQL of their own.

use crate::db::sql::{Connection, OptionalExtension, ToSql, params, params_from_iter};
use anyhow::Result;

use crate::domain::rules::{for_leave_type, key_leave_type};
use crate::domain::{Channel, Consent, Direction, LeaveType, RehireSource, Rules};

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
    /// Dated after today: not counted until it is confirmed.
    pub planned: bool,
}

/// Logs a contact and returns its id.
pub fn insert(conn: &Connection, contact: &NewContact<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contacts (alumnus_id, date, channel, direction, summary, owner,
                               follow_up, consent_override, created_at, planned)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        contact.planned,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One contact as stored, for correcting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: i64,
    pub alumnus_id: i64,
    pub date: String,
    pub channel: Channel,
    pub direction: Direction,
    pub summary: Option<String>,
    pub owner: Option<String>,
    pub follow_up: Option<String>,
    pub planned: bool,
    /// The day the follow-up was done (`contact done`).
    pub follow_up_done_on: Option<String>,
}

/// Contact `id`; NotFound (exit 1) if there is none.
pub fn get(conn: &Connection, id: i64) -> Result<Contact> {
    conn.prepare_cached(
        "SELECT id, alumnus_id, date, channel, direction, summary, owner, follow_up, planned,
                follow_up_done_on
         FROM contacts WHERE id = ?",
    )?
    .query_row([id], |r| {
        Ok(Contact {
            id: r.get(0)?,
            alumnus_id: r.get(1)?,
            date: r.get(2)?,
            channel: r.get(3)?,
            direction: r.get(4)?,
            summary: r.get(5)?,
            owner: r.get(6)?,
            follow_up: r.get(7)?,
            planned: r.get(8)?,
            follow_up_done_on: r.get(9)?,
        })
    })
    .optional()?
    .ok_or_else(|| crate::error::Failure::NotFound(format!("no contact #{id}")).into())
}

/// Stores `contact` over the row with its id.
pub fn update(conn: &Connection, contact: &Contact) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contacts SET date = ?, channel = ?, direction = ?, summary = ?, owner = ?,
             follow_up = ?, planned = ?, follow_up_done_on = ?
         WHERE id = ?",
    )?
    .execute(params![
        contact.date,
        contact.channel,
        contact.direction,
        contact.summary,
        contact.owner,
        contact.follow_up,
        contact.planned,
        contact.follow_up_done_on,
        contact.id
    ])?;
    Ok(())
}

/// Removes contact `id`.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contacts WHERE id = ?")?
        .execute([id])?;
    Ok(())
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
/// An event's attendance contact (logged by `event attend`, see
/// [`super::events::log_attendance_contact`]) does not count: coming to a
/// reunion is not the call that was promised.
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
        // Done by hand (`contact done`), or by a later contact that
        // happened (a planned one has not).
        clauses.push(
            "c.follow_up_done_on IS NULL
             AND NOT EXISTS (SELECT 1 FROM contacts later
                         WHERE later.alumnus_id = c.alumnus_id AND later.planned = 0
                           AND (later.date > c.date OR (later.date = c.date AND later.id > c.id))
                           AND NOT EXISTS (SELECT 1 FROM attendance t JOIN events e ON e.id = t.event_id
                                       WHERE t.alumnus_id = later.alumnus_id
                                         AND t.status = 'attended' AND later.channel = 'event'
                                         AND later.date = e.date AND later.summary = e.name))"
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
///
/// The change is added to the alumnus's consent history as typed by a
/// person (source `manual`), with the purpose it now covers.
pub fn set_consent(
    conn: &Connection,
    alumnus_id: i64,
    consent: Consent,
    date: &str,
    purpose: Option<&str>,
) -> Result<()> {
    set_consent_from(
        conn,
        alumnus_id,
        consent,
        date,
        purpose,
        ConsentSource::Manual,
    )
}

/// Where a consent change came from, as its history keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentSource {
    /// Typed by a person (`alumni consent`).
    Manual,
    /// Read from a file (a delivery report's unsubscribe).
    Import,
}

/// [`set_consent`], kept in the history as coming from `source`.
pub fn set_consent_from(
    conn: &Connection,
    alumnus_id: i64,
    consent: Consent,
    date: &str,
    purpose: Option<&str>,
    source: ConsentSource,
) -> Result<()> {
    let now = super::now();
    let source = match source {
        ConsentSource::Manual => "manual",
        ConsentSource::Import => "import",
    };
    conn.prepare_cached(
        "UPDATE alumni SET consent = ?1, consent_date = ?2,
                           consent_purpose = coalesce(?3, consent_purpose), updated_at = ?4
         WHERE id = ?5",
    )?
    .execute(params![consent, date, purpose, now, alumnus_id])?;
    conn.prepare_cached(
        "INSERT INTO consent_changes (alumnus_id, consent, date, purpose, source, recorded_at)
         SELECT id, consent, consent_date, consent_purpose, ?3, ?2 FROM alumni WHERE id = ?1",
    )?
    .execute(params![alumnus_id, now, source])?;
    Ok(())
}

/// One entry of an alumnus's consent history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentChange {
    pub consent: Consent,
    /// The day it took effect, as given (`None` for some older records).
    pub date: Option<String>,
    /// The purpose of use it covers.
    pub purpose: Option<String>,
    /// `manual` (`alumni consent`), `import` or `erased`.
    pub source: String,
    /// When it was recorded.
    pub recorded_at: String,
}

/// An alumnus's consent history, newest first: in the order the changes
/// were recorded, so that the first entry is always the consent the
/// alumnus has now, even after one dated earlier was entered late.
pub fn consent_history(conn: &Connection, alumnus_id: i64) -> Result<Vec<ConsentChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT consent, date, purpose, source, recorded_at FROM consent_changes
         WHERE alumnus_id = ? ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([alumnus_id], |r| {
        Ok(ConsentChange {
            consent: r.get(0)?,
            date: r.get(1)?,
            purpose: r.get(2)?,
            source: r.get(3)?,
            recorded_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// One rehire rule, with the leave type it also decides and how many
/// stored alumni it decides now.
#[derive(Debug)]
pub struct Rule {
    /// The key: a departure reason, matched against `leave_reason`.
    pub leave_reason: String,
    /// The leave type the key names, when this rule decides it: alumni of
    /// this type whose departure reason has no rule.
    pub leave_type: Option<LeaveType>,
    pub rehire_eligible: String,
    pub applied_to: i64,
}

/// Every rule, by key.
pub fn rules(conn: &Connection) -> Result<Vec<Rule>> {
    let map = rule_map(conn)?;
    let mut keys: Vec<(&String, &String)> = map.iter().collect();
    keys.sort();
    let mut count = conn.prepare_cached(&format!(
        "SELECT count(*) FROM alumni
         WHERE rehire_source = 'rule' AND erased_at IS NULL
           AND (leave_reason = ?1 OR (leave_type = ?2 AND {NO_REASON_RULE}))"
    ))?;
    let mut rules = Vec::with_capacity(keys.len());
    for (key, eligibility) in keys {
        let leave_type = key_leave_type(key)
            .filter(|t| for_leave_type(&map, *t).is_some_and(|(chosen, _)| chosen == key));
        let applied_to = count.query_row(params![key, leave_type], |r| r.get(0))?;
        rules.push(Rule {
            leave_reason: key.clone(),
            leave_type,
            rehire_eligible: eligibility.clone(),
            applied_to,
        });
    }
    Ok(rules)
}

/// The eligibility the rule with this key gives, if there is one.
pub fn rule(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT rehire_eligible FROM rehire_rules WHERE leave_reason = ?")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// An alumnus (of `alumni`, unqualified) whose departure reason has no rule.
const NO_REASON_RULE: &str = "(leave_reason IS NULL OR NOT EXISTS \
     (SELECT 1 FROM rehire_rules x WHERE x.leave_reason = alumni.leave_reason))";

/// Where a rule may write: alumni whose eligibility nobody stated (no
/// source yet, or set by a rule). Values from a file or typed by a person
/// are never touched.
const RULED: &str = "erased_at IS NULL AND (rehire_source IS NULL OR rehire_source = 'rule')";

/// Sets the rule with this key and applies the rules to the stored alumni
/// it decides; returns how many of them changed. Each change gets an audit
/// row of its own, so an alumnus's history shows it.
pub fn set_rule(conn: &Connection, key: &str, eligibility: &str) -> Result<usize> {
    conn.prepare_cached(
        "INSERT INTO rehire_rules (leave_reason, rehire_eligible) VALUES (?1, ?2)
         ON CONFLICT (leave_reason) DO UPDATE SET rehire_eligible = excluded.rehire_eligible",
    )?
    .execute([key, eligibility])?;
    reapply(conn, "rules set")
}

/// Removes the rule with this key, and takes back what it decided: those
/// alumni get what another rule says (their leave type's, once their
/// departure reason's rule is gone), else are `unknown` again, with no
/// source. Returns `None` when there was no such rule, else how many
/// alumni changed.
pub fn remove_rule(conn: &Connection, key: &str) -> Result<Option<usize>> {
    let removed = conn.execute("DELETE FROM rehire_rules WHERE leave_reason = ?", [key])?;
    if removed == 0 {
        return Ok(None);
    }
    reapply(conn, "rules remove").map(Some)
}

/// Brings every alumnus a rule may decide in line with the rules stored
/// now, with one audit row each; returns how many changed.
///
/// What the rules give an alumnus is the rule for its departure reason,
/// else the rule for its leave type, else nothing; the leave types' rules
/// are worked out here (which key names which type) and bound as `?1`…,
/// one per [`LeaveType`], in [`LeaveType::ALL`]'s order.
fn reapply(conn: &Connection, command: &str) -> Result<usize> {
    let map = rule_map(conn)?;
    let by_type: Vec<Option<&str>> = LeaveType::ALL
        .iter()
        .map(|t| for_leave_type(&map, *t).map(|(_, eligibility)| eligibility))
        .collect();
    let arms: String = LeaveType::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| format!(" WHEN '{}' THEN ?{}", t.as_str(), i + 1))
        .collect();
    let by_reason = "(SELECT r.rehire_eligible FROM rehire_rules r \
                     WHERE r.leave_reason = alumni.leave_reason)";
    let decided = format!("coalesce({by_reason}, CASE leave_type{arms} END)");
    let rule = RehireSource::Rule;
    let changing = format!(
        "{RULED} AND CASE WHEN {decided} IS NULL THEN rehire_source IS NOT DISTINCT FROM '{rule}' \
         ELSE NOT (rehire_eligible = {decided} AND rehire_source IS NOT DISTINCT FROM '{rule}') END"
    );
    let n = by_type.len();
    let audit = format!(
        "INSERT INTO audit (at, actor, command, alumnus_id, detail)
         SELECT ?{now}, ?{actor}, ?{command}, id,
                CASE WHEN {decided} IS NULL
                     THEN 'rehire_eligible cleared: no rule decides it any more'
                     WHEN {by_reason} IS NOT NULL
                     THEN 'rehire_eligible set by the rule for its leave_reason (' || {decided} || ')'
                     ELSE 'rehire_eligible set by the rule for its leave_type (' || {decided} || ')'
                END
         FROM alumni WHERE {changing}",
        now = n + 1,
        actor = n + 2,
        command = n + 3,
    );
    let now = super::now();
    let actor = super::actor(conn)?;
    let mut values: Vec<Option<&str>> = by_type.clone();
    values.extend([Some(now.as_str()), Some(actor.as_str()), Some(command)]);
    conn.execute(&audit, params_from_iter(&values))?;
    let update = format!(
        "UPDATE alumni SET rehire_eligible = coalesce({decided}, 'unknown'),
                           rehire_source = CASE WHEN {decided} IS NULL THEN NULL ELSE '{rule}' END,
                           updated_at = ?{now}
         WHERE {changing}",
        now = n + 1
    );
    let mut values = by_type;
    values.push(Some(now.as_str()));
    Ok(conn.execute(&update, params_from_iter(&values))?)
}

/// Every rule, as the import and `add` apply them.
pub fn rule_map(conn: &Connection) -> Result<Rules> {
    Ok(conn
        .prepare_cached("SELECT leave_reason, rehire_eligible FROM rehire_rules")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<Rules>>()?)
}
