//! Erasing a person's personal data on request (`alumni forget`,
//! `alumni retention --erase`), and recognising them afterwards.
//!
//! An erasure empties every personal value of the alumnus and the text
//! others wrote about them, in one transaction, and keeps what the KPI
//! counts are made of: the record's id, department, hire and leave month,
//! leave type and eligibility, and the dates, stages, channels and
//! outcomes of their applications, contacts and attendance. What stays of
//! their keys (employee ID, email) is a salted SHA-256 of each in
//! `erasures`, so that an import listing them again is refused without
//! the keys being kept. [`scrub`] then rewrites the file so that nothing
//! erased is left readable in free space or in the WAL.
//!
//! docs/PRIVACY.md lists what is erased and what is kept.

use std::collections::HashMap;

use crate::db::sql::{Connection, OptionalExtension, params};
use anyhow::{Context as _, Result};
use sha2::{Digest, Sha256};

use crate::domain::{Alumnus, Field, FieldValues};

/// The settings key of the salt the fingerprints of erased keys are made
/// with: one per database, so that two databases' fingerprints of the same
/// ID differ. Not a setting `alumni config` shows or changes.
const SALT_KEY: &str = "erasure-salt";

/// The fields an erasure keeps: anonymous on their own, and what the KPI
/// counts are made of. Every other field is emptied, so that a field added
/// to the roster later is erased without anyone remembering to.
pub const KEPT: [Field; 5] = [
    Field::Department,
    Field::HireDate,
    Field::LeaveDate,
    Field::LeaveType,
    Field::RehireEligible,
];

/// The dates an erasure keeps to the month only (stored as its first day).
const TO_THE_MONTH: [Field; 2] = [Field::HireDate, Field::LeaveDate];

/// What an erasure emptied besides the alumnus's own fields: rows whose
/// text was erased, per table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    /// The alumni erased.
    pub people: usize,
    /// Contacts whose summary, follow-up or consent override was emptied.
    pub contacts: usize,
    /// Stage entries whose note was emptied.
    pub stage_notes: usize,
    /// Applications whose outcome reason or consent override was emptied.
    pub applications: usize,
    /// Referrals whose candidate's name, email and phone were emptied.
    pub referrals: usize,
    /// Partner records whose notes and company were emptied.
    pub partner_notes: usize,
    /// Consent changes whose purpose was emptied.
    pub consent_purposes: usize,
    /// Attendance rows whose consent override was emptied.
    pub attendance: usize,
    /// Campaign recipients whose address was emptied and unsubscribe id
    /// replaced.
    pub campaign_addresses: usize,
    /// Survey responses whose comment and answers were emptied.
    pub survey_answers: usize,
    /// Career entries (companies and titles) deleted.
    pub career: usize,
}

/// The fingerprints of erased keys, loaded once for an import.
pub struct Erasures {
    salt: Option<String>,
    /// Fingerprint → the day its person was erased.
    erased: HashMap<String, String>,
}

impl Erasures {
    /// Every fingerprint stored; none (and no hashing later) in a database
    /// where nobody was ever erased.
    pub fn load(conn: &Connection) -> Result<Erasures> {
        let salt = salt(conn)?;
        let mut erased = HashMap::new();
        if salt.is_some() {
            let mut stmt = conn.prepare("SELECT fingerprint, erased_on FROM erasures")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                erased.insert(row.get(0)?, row.get(1)?);
            }
        }
        Ok(Erasures { salt, erased })
    }

    /// The day the person these values name was erased, if they were: by
    /// their employee ID or email, or (for values with neither) their name
    /// and dates.
    pub fn erased_on(&self, values: &FieldValues) -> Option<&str> {
        let salt = self.salt.as_deref()?;
        if self.erased.is_empty() {
            return None;
        }
        keys_of(values)
            .iter()
            .find_map(|key| self.erased.get(&fingerprint(salt, key)))
            .map(String::as_str)
    }
}

/// The keys a person is recognised by after their erasure, as text.
fn keys_of(values: &FieldValues) -> Vec<String> {
    let get = |field: Field| values[field.index()].as_deref();
    let mut keys = Vec::new();
    if let Some(id) = get(Field::EmployeeId) {
        keys.push(format!("employee_id\0{id}"));
    }
    if let Some(email) = get(Field::Email) {
        keys.push(format!("email\0{email}"));
    }
    if keys.is_empty()
        && let Some(name) = get(Field::Name)
    {
        let hire = get(Field::HireDate).unwrap_or_default();
        let leave = get(Field::LeaveDate).unwrap_or_default();
        keys.push(format!("person\0{name}\0{hire}\0{leave}"));
    }
    keys
}

/// The salted SHA-256 of a key, as lower-case hex.
fn fingerprint(salt: &str, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update([0]);
    hasher.update(key.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn salt(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?")?
        .query_row([SALT_KEY], |r| r.get(0))
        .optional()?)
}

/// The database's salt, made from the system's random source the first
/// time it is needed.
fn salt_or_new(conn: &Connection) -> Result<String> {
    if let Some(salt) = salt(conn)? {
        return Ok(salt);
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("no random numbers from the system: {e}"))?;
    let salt: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    conn.prepare_cached("INSERT INTO settings (key, value) VALUES (?1, ?2)")?
        .execute(params![SALT_KEY, salt])?;
    Ok(salt)
}

/// The day the alumnus whose employee ID or email is `key` was erased, if
/// one was: for telling a person who names an erased alumnus by a key
/// that is gone why nobody is found.
pub fn erased_key(conn: &Connection, key: &str) -> Result<Option<String>> {
    let Some(salt) = salt(conn)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached("SELECT erased_on FROM erasures WHERE fingerprint = ?")?;
    for kind in ["employee_id", "email"] {
        let print = fingerprint(&salt, &format!("{kind}\0{key}"));
        if let Some(on) = stmt.query_row([print], |r| r.get(0)).optional()? {
            return Ok(Some(on));
        }
    }
    Ok(None)
}

/// The roster fields of `alumnus` that hold a value an erasure empties.
pub fn erased_fields(alumnus: &Alumnus) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| alumnus.get(*f).is_some() && !KEPT.contains(f))
        .collect()
}

/// Makes the (temporary) tables [`mark`] and [`erase_marked`] work in:
/// before any statement that marks is running, since changing a schema
/// aborts the statements running on it. They are named without a schema:
/// both SQLite and PostgreSQL look in the connection's temporary tables
/// first.
pub fn begin_marking(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS erasing (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS erasing_referrals (id INTEGER PRIMARY KEY);",
    )?;
    Ok(())
}

/// Marks alumnus `id` to be erased by the next [`erase_marked`] of this
/// transaction (after [`begin_marking`]).
pub fn mark(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO erasing (id) VALUES (?) ON CONFLICT (id) DO NOTHING")?
        .execute([id])?;
    Ok(())
}

/// Erases the personal data of every alumnus [`mark`]ed, and the text
/// about them in other tables, each statement once for them all (so that
/// erasing many costs a pass over each table, not one per person); keeps
/// the fingerprints of their keys, dated `today`. The marks are gone after.
pub fn erase_marked(conn: &Connection, today: &str) -> Result<Erased> {
    let salt = salt_or_new(conn)?;
    {
        let mut keys = conn.prepare(
            "SELECT id, employee_id, email, name, hire_date, leave_date FROM alumni
             WHERE id IN (SELECT id FROM erasing)",
        )?;
        let mut remember = conn.prepare_cached(
            "INSERT INTO erasures (fingerprint, alumnus_id, erased_on) VALUES (?1, ?2, ?3)
             ON CONFLICT (fingerprint) DO UPDATE SET alumnus_id = excluded.alumnus_id,
                                                     erased_on = excluded.erased_on",
        )?;
        let mut rows = keys.query([])?;
        while let Some(row) = rows.next()? {
            let mut values: FieldValues = Default::default();
            for (i, field) in [
                Field::EmployeeId,
                Field::Email,
                Field::Name,
                Field::HireDate,
                Field::LeaveDate,
            ]
            .into_iter()
            .enumerate()
            {
                values[field.index()] = row.get(i + 1)?;
            }
            let id: i64 = row.get(0)?;
            for key in keys_of(&values) {
                remember.execute(params![fingerprint(&salt, &key), id, today])?;
            }
        }
        // Employee IDs merged into them and further emails are their keys too.
        let mut others = conn.prepare(
            "SELECT alumnus_id, 'employee_id', employee_id FROM aliases
                 WHERE alumnus_id IN (SELECT id FROM erasing)
             UNION ALL
             SELECT alumnus_id, 'email', value FROM alumnus_contacts
                 WHERE kind = 'email' AND alumnus_id IN (SELECT id FROM erasing)",
        )?;
        let mut rows = others.query([])?;
        while let Some(row) = rows.next()? {
            let (id, kind, value): (i64, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let key = format!("{kind}\0{value}");
            remember.execute(params![fingerprint(&salt, &key), id, today])?;
        }
    }
    // Their further emails and phones, merged-away employee IDs, and the
    // records of merges into them (which hold both records as they were).
    conn.execute_batch(
        "DELETE FROM alumnus_contacts WHERE alumnus_id IN (SELECT id FROM erasing);
         DELETE FROM aliases WHERE alumnus_id IN (SELECT id FROM erasing);
         DELETE FROM merges WHERE kept_id IN (SELECT id FROM erasing);",
    )?;
    // The referrals they made, or whose candidate they are (by email or
    // phone; by name only for a candidate with neither), found before
    // their own fields are emptied.
    conn.execute_batch(
        "DELETE FROM erasing_referrals;
         INSERT INTO erasing_referrals (id)
             SELECT id FROM applications
             WHERE kind = 'referral' AND (
                 referrer_id IN (SELECT id FROM erasing)
                 OR candidate_email IN (SELECT email FROM alumni
                     WHERE id IN (SELECT id FROM erasing) AND email IS NOT NULL)
                 OR candidate_phone IN (SELECT phone FROM alumni
                     WHERE id IN (SELECT id FROM erasing) AND phone IS NOT NULL)
                 OR (candidate_email IS NULL AND candidate_phone IS NULL
                     AND candidate_name IN (SELECT name FROM alumni
                         WHERE id IN (SELECT id FROM erasing) AND name IS NOT NULL)));",
    )?;
    let stage_notes = conn.execute(
        "UPDATE stage_events SET note = NULL
         WHERE note IS NOT NULL AND application_id IN (
             SELECT id FROM applications WHERE alumnus_id IN (SELECT id FROM erasing)
             UNION SELECT id FROM erasing_referrals)",
        [],
    )?;
    let referrals = conn.execute(
        "UPDATE applications SET candidate_name = NULL, candidate_email = NULL,
                                 candidate_phone = NULL, outcome_reason = NULL,
                                 consent_override = NULL
         WHERE id IN (SELECT id FROM erasing_referrals)
           AND (candidate_name IS NOT NULL OR candidate_email IS NOT NULL
                OR candidate_phone IS NOT NULL OR outcome_reason IS NOT NULL
                OR consent_override IS NOT NULL)",
        [],
    )?;
    let applications = conn.execute(
        "UPDATE applications SET outcome_reason = NULL, consent_override = NULL
         WHERE alumnus_id IN (SELECT id FROM erasing)
           AND (outcome_reason IS NOT NULL OR consent_override IS NOT NULL)",
        [],
    )?;
    let contacts = conn.execute(
        "UPDATE contacts SET summary = NULL, follow_up = NULL, consent_override = NULL
         WHERE alumnus_id IN (SELECT id FROM erasing)
           AND (summary IS NOT NULL OR follow_up IS NOT NULL OR consent_override IS NOT NULL)",
        [],
    )?;
    // The company too: it is most often their current employer, copied
    // from the roster, and with it the record points at them.
    let partner_notes = conn.execute(
        "UPDATE partners SET notes = NULL, company = NULL
         WHERE alumnus_id IN (SELECT id FROM erasing)
           AND (notes IS NOT NULL OR company IS NOT NULL)",
        [],
    )?;
    // The history of those records holds the company as it was.
    conn.execute(
        "UPDATE partner_changes SET company = NULL
         WHERE alumnus_id IN (SELECT id FROM erasing) AND company IS NOT NULL",
        [],
    )?;
    let consent_purposes = conn.execute(
        "UPDATE consent_changes SET purpose = NULL
         WHERE alumnus_id IN (SELECT id FROM erasing) AND purpose IS NOT NULL",
        [],
    )?;
    let attendance = conn.execute(
        "UPDATE attendance SET consent_override = NULL
         WHERE alumnus_id IN (SELECT id FROM erasing) AND consent_override IS NOT NULL",
        [],
    )?;
    // The address a campaign went to, and the id the mail tool was given
    // for it (which the mail tool's own list would lead back to them):
    // the row stays, so that the campaign's counts do not change.
    let campaign_addresses = conn.execute(
        "UPDATE campaign_recipients SET email = NULL, token = 'erased-' || id
         WHERE alumnus_id IN (SELECT id FROM erasing)
           AND (email IS NOT NULL OR token NOT LIKE 'erased-%')",
        [],
    )?;
    // What they wrote in surveys; the score stays, for the NPS.
    let survey_answers = conn.execute(
        "UPDATE survey_responses SET comment = NULL, answers = NULL
         WHERE alumnus_id IN (SELECT id FROM erasing)
           AND (comment IS NOT NULL OR answers IS NOT NULL)",
        [],
    )?;
    // Where they worked after leaving, and as what.
    let career = conn.execute(
        "DELETE FROM career WHERE alumnus_id IN (SELECT id FROM erasing)",
        [],
    )?;
    let mut sets: Vec<String> = Field::ALL
        .into_iter()
        .filter(|f| !KEPT.contains(f))
        .map(|f| format!("{} = NULL", f.column()))
        .collect();
    for field in TO_THE_MONTH {
        let column = field.column();
        sets.push(format!("{column} = substr({column}, 1, 7) || '-01'"));
    }
    let people = conn.execute(
        &format!(
            "UPDATE alumni SET {}, consent_purpose = NULL, manual_fields = 0,
                               email_bounced_on = NULL, erased_at = ?1, updated_at = ?1
             WHERE id IN (SELECT id FROM erasing)",
            sets.join(", ")
        ),
        params![super::now()],
    )?;
    conn.execute_batch("DELETE FROM erasing; DELETE FROM erasing_referrals;")?;
    Ok(Erased {
        people,
        contacts,
        stage_notes,
        applications,
        referrals,
        partner_notes,
        consent_purposes,
        attendance,
        campaign_addresses,
        survey_answers,
        career,
    })
}

/// Erases one alumnus: [`mark`], then [`erase_marked`].
pub fn erase(conn: &Connection, id: i64, today: &str) -> Result<Erased> {
    begin_marking(conn)?;
    mark(conn, id)?;
    erase_marked(conn, today)
}

/// What [`erase`] would empty, counted without changing anything: for the
/// question a person is asked first.
pub fn preview(conn: &Connection, id: i64, today: &str) -> Result<Erased> {
    conn.execute_batch("SAVEPOINT erase_preview")?;
    let counted = erase(conn, id, today);
    conn.execute_batch("ROLLBACK TO erase_preview; RELEASE erase_preview")?;
    counted
}

/// How a [`scrub`] went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scrubbed {
    /// The file was rewritten and the WAL emptied.
    Done,
    /// Another connection kept the WAL from being emptied, or the file
    /// from being rewritten: what was erased may still be in it.
    Busy,
}

/// Rewrites the database after an erasure, outside any transaction: the
/// WAL folded into the file and truncated, the file rebuilt (VACUUM) so
/// that no free page or free space in a page keeps an erased value
/// (`secure_delete` zeroes what is deleted from now on, not what was freed
/// before it was on), and the WAL of the rebuild emptied again.
///
/// On PostgreSQL there is no file of alumni's to rewrite: the server keeps
/// its own storage, and nothing is done here.
pub fn scrub(conn: &Connection) -> Result<Scrubbed> {
    if conn.sqlite().is_none() {
        return Ok(Scrubbed::Done);
    }
    // Another program's open transaction is waited for a little, not for
    // the minute a write waits: the erasure is committed already, and the
    // person is told at once how to finish the rewrite later.
    conn.busy_timeout(SCRUB_WAIT)?;
    if !checkpoint(conn)? {
        return Ok(Scrubbed::Busy);
    }
    match conn.execute_batch("VACUUM") {
        Ok(()) => {}
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            return Ok(Scrubbed::Busy);
        }
        Err(e) => return Err(e).context("cannot rewrite the database file"),
    }
    Ok(if checkpoint(conn)? {
        Scrubbed::Done
    } else {
        Scrubbed::Busy
    })
}

/// How long [`scrub`] waits for other programs' transactions to end.
const SCRUB_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Folds the WAL into the database file and truncates it; false when a
/// reader kept that from finishing.
fn checkpoint(conn: &Connection) -> Result<bool> {
    let (busy, log, done): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(busy == 0 && log == done)
}

/// An alumnus to look at for the retention period: what it is counted from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetentionCandidate {
    pub alumnus: Alumnus,
    /// The day of their latest contact, if any.
    pub last_contact: Option<String>,
}

/// Calls `each` for every alumnus not erased and without an open
/// application (as candidate or referrer), in id order, with the day of
/// their latest contact: those the retention period may have run out for.
/// Which of them it has is for the caller. One row at a time: a million
/// alumni are never held at once.
pub fn retention_candidates(
    conn: &Connection,
    mut each: impl FnMut(RetentionCandidate) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "{select} WHERE erased_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM applications p
                           WHERE (p.alumnus_id = alumni.id OR p.referrer_id = alumni.id)
                             AND p.outcome IS NULL)
         ORDER BY id",
        select = super::alumni::SELECT.replace(
            " FROM alumni",
            ", (SELECT max(date) FROM contacts c WHERE c.alumnus_id = alumni.id) FROM alumni"
        )
    );
    let last = Field::COUNT + 9;
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(RetentionCandidate {
            alumnus: super::alumni::from_row(&row)?,
            last_contact: row.get(last)?,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(Field, &str)]) -> FieldValues {
        let mut all: FieldValues = Default::default();
        for (field, value) in pairs {
            all[field.index()] = Some(value.to_string());
        }
        all
    }

    #[test]
    fn a_person_is_recognised_by_any_key_and_a_keyless_one_by_name_and_dates() {
        let keyed = values(&[
            (Field::EmployeeId, "00123"),
            (Field::Email, "taro@example.jp"),
            (Field::Name, "山田 太郎"),
        ]);
        assert_eq!(
            keys_of(&keyed).len(),
            2,
            "the name is not a key beside them"
        );
        let keyless = values(&[(Field::Name, "山田 太郎"), (Field::LeaveDate, "2024-03-31")]);
        assert_eq!(
            keys_of(&keyless),
            ["person\0山田 太郎\0\x002024-03-31".to_string()]
        );
        assert!(keys_of(&values(&[(Field::Department, "営業部")])).is_empty());
    }

    #[test]
    fn a_fingerprint_depends_on_the_salt_and_does_not_hold_the_key() {
        let a = fingerprint("salt-a", "employee_id\x0000123");
        assert_eq!(a.len(), 64);
        assert!(!a.contains("00123"));
        assert_ne!(a, fingerprint("salt-b", "employee_id\x0000123"));
        assert_eq!(a, fingerprint("salt-a", "employee_id\x0000123"));
    }

    #[test]
    fn the_kept_fields_are_anonymous_ones() {
        for field in [Field::Name, Field::Email, Field::EmployeeId, Field::Notes] {
            assert!(!KEPT.contains(&field), "{field:?}");
        }
    }
}
