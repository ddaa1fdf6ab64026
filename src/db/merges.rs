//! A person's further emails, phones and employee IDs (`alumnus_contacts`,
//! `aliases`), and the record of each merge (`merges`) that lets
//! `alumni merge --undo` put the two records back as they were.

use crate::db::sql::types::ValueRef;
use crate::db::sql::{Connection, OptionalExtension, ToSql, params, params_from_iter};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::people;
use crate::domain::Alumnus;
use crate::error::Failure;

/// What a person is known by besides the primary email and phone and the
/// employee ID in their record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Others {
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub aliases: Vec<String>,
}

/// The further emails, phones and employee IDs of alumnus `id`, oldest first.
pub fn others_of(conn: &Connection, id: i64) -> Result<Others> {
    let mut others = Others::default();
    let mut stmt = conn.prepare_cached(
        "SELECT kind, value FROM alumnus_contacts WHERE alumnus_id = ? ORDER BY id",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(row) = rows.next()? {
        let (kind, value): (String, String) = (row.get(0)?, row.get(1)?);
        match kind.as_str() {
            "email" => others.emails.push(value),
            _ => others.phones.push(value),
        }
    }
    // In the order the merges made them: each alias is made by one.
    let mut stmt = conn.prepare_cached(
        "SELECT employee_id FROM aliases WHERE alumnus_id = ?
         ORDER BY merge_id NULLS FIRST, employee_id",
    )?;
    for alias in stmt.query_map([id], |r| r.get(0))? {
        others.aliases.push(alias?);
    }
    Ok(others)
}

/// Adds a further email or phone (`kind`) to alumnus `id`, unless they
/// have it already.
pub fn add_other(conn: &Connection, id: i64, kind: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO alumnus_contacts (alumnus_id, kind, value, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (alumnus_id, kind, value) DO NOTHING",
    )?
    .execute(params![id, kind, value, super::now()])?;
    Ok(())
}

/// The id of the alumnus whose further email is `email`, or who has the
/// employee ID `employee_id` as an alias.
pub fn owner_of_email(conn: &Connection, email: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT alumnus_id FROM alumnus_contacts WHERE kind = 'email' AND value = ?",
        )?
        .query_row([email], |r| r.get(0))
        .optional()?)
}

/// The id of the alumnus that employee ID `employee_id` was merged into.
pub fn owner_of_alias(conn: &Connection, employee_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT alumnus_id FROM aliases WHERE employee_id = ?")?
        .query_row([employee_id], |r| r.get(0))
        .optional()?)
}

/// Whether any alias or further email is stored: an import asks once, and
/// looks them up on every row only if so.
pub fn any_others(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM aliases) OR EXISTS (SELECT 1 FROM alumnus_contacts WHERE kind = 'email')",
        [],
        |r| r.get(0),
    )?)
}

/// A table's row, column by column, as JSON: what a merge keeps to put
/// it back exactly.
type Row = Map<String, Value>;

/// Both records as they were, and which rows of the other record moved.
/// Stored as JSON in `merges.snapshot`: personal data.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Snapshot {
    kept: Row,
    other: Row,
    /// Every attendance, further email/phone and alias row of either record.
    attendance: Vec<Row>,
    others: Vec<Row>,
    aliases: Vec<Row>,
    /// Every campaign recipient row of either record: one row per campaign
    /// and person, so where both got a campaign the kept row takes what
    /// the other's report said.
    #[serde(default)]
    recipients: Vec<Row>,
    /// Rows of the other record given to the kept one, by id.
    contacts: Vec<i64>,
    applications: Vec<i64>,
    referrals: Vec<i64>,
    partners: Vec<i64>,
    consent_changes: Vec<i64>,
    #[serde(default)]
    survey_responses: Vec<i64>,
    #[serde(default)]
    career: Vec<i64>,
    audit: Vec<i64>,
    /// Every row the kept record had just after the merge: had it others
    /// at undo, something changed since.
    after: Holdings,
}

/// The rows an alumnus holds in the tables a merge moves, as ids (or
/// whole rows, for the tables keyed otherwise).
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Holdings {
    contacts: Vec<i64>,
    applications: Vec<i64>,
    referrals: Vec<i64>,
    partners: Vec<i64>,
    consent_changes: Vec<i64>,
    #[serde(default)]
    survey_responses: Vec<i64>,
    #[serde(default)]
    career: Vec<i64>,
    attendance: Vec<Row>,
    others: Vec<Row>,
    aliases: Vec<Row>,
    #[serde(default)]
    recipients: Vec<Row>,
}

/// The tables of [`Holdings`], as (name, table, column), for the message
/// that says which changed.
const HELD: [(&str, &str, &str); 7] = [
    ("contacts", "contacts", "alumnus_id"),
    ("applications", "applications", "alumnus_id"),
    ("referrals", "applications", "referrer_id"),
    ("partners", "partners", "alumnus_id"),
    ("consent changes", "consent_changes", "alumnus_id"),
    ("survey responses", "survey_responses", "alumnus_id"),
    ("career", "career", "alumnus_id"),
];

fn holdings(conn: &Connection, id: i64) -> Result<Holdings> {
    let mut ids = HELD
        .iter()
        .map(|(_, table, column)| ids_of(conn, table, column, id));
    let mut next = || ids.next().expect("one per table");
    Ok(Holdings {
        contacts: next()?,
        applications: next()?,
        referrals: next()?,
        partners: next()?,
        consent_changes: next()?,
        survey_responses: next()?,
        career: next()?,
        attendance: rows_of(conn, "attendance", "alumnus_id", &[id])?,
        others: rows_of(conn, "alumnus_contacts", "alumnus_id", &[id])?,
        aliases: rows_of(conn, "aliases", "alumnus_id", &[id])?,
        recipients: rows_of(conn, "campaign_recipients", "alumnus_id", &[id])?,
    })
}

fn ids_of(conn: &Connection, table: &str, column: &str, id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM {table} WHERE {column} = ? ORDER BY id"
    ))?;
    let ids = stmt.query_map([id], |r| r.get(0))?;
    Ok(ids.collect::<crate::db::sql::Result<_>>()?)
}

/// Every row of `table` whose `column` is one of `ids`, in the order of
/// `column` and then the table's key, the same on both backends.
fn rows_of(conn: &Connection, table: &str, column: &str, ids: &[i64]) -> Result<Vec<Row>> {
    let marks = vec!["?"; ids.len()].join(", ");
    let key = match table {
        "attendance" => "event_id",
        "aliases" => "employee_id",
        _ => "id",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT * FROM {table} WHERE {column} IN ({marks}) ORDER BY {column}, {key}"
    ))?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.query(params_from_iter(ids))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut map = Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => n.into(),
                ValueRef::Real(x) => x.into(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                ValueRef::Blob(_) => {
                    bail!("{table}.{name} holds a blob, which a merge cannot keep")
                }
            };
            map.insert(name.clone(), value);
        }
        out.push(map);
    }
    Ok(out)
}

/// Writes `row` back into `table` as it was, its id included.
fn insert_row(conn: &Connection, table: &str, row: &Row) -> Result<()> {
    let columns: Vec<&str> = row.keys().map(String::as_str).collect();
    let marks = vec!["?"; columns.len()].join(", ");
    let values: Vec<Box<dyn ToSql>> = row.values().map(sql_value).collect();
    conn.execute(
        &format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            columns.join(", ")
        ),
        params_from_iter(values.iter().map(|v| v.as_ref())),
    )?;
    Ok(())
}

fn sql_value(value: &Value) -> Box<dyn ToSql> {
    match value {
        Value::Null => Box::new(crate::db::sql::types::Null),
        Value::Number(n) if n.is_i64() => Box::new(n.as_i64()),
        Value::Number(n) => Box::new(n.as_f64()),
        Value::String(s) => Box::new(s.clone()),
        other => Box::new(other.to_string()),
    }
}

/// What [`merge`] did: its id, and what moved.
pub struct Merged {
    pub id: i64,
    pub moved: people::Moved,
}

/// Joins `other` into `keep` ([`people::merge`]) and records what its undo
/// needs. `other`'s employee ID becomes an alias of `keep`. Call inside the
/// write transaction whose only audit row is the merge's.
pub fn merge(conn: &Connection, keep: &Alumnus, other: &Alumnus) -> Result<Merged> {
    let both = [keep.id, other.id];
    let of_other = holdings(conn, other.id)?;
    let mut snapshot = Snapshot {
        kept: one_row(conn, keep.id)?,
        other: one_row(conn, other.id)?,
        attendance: rows_of(conn, "attendance", "alumnus_id", &both)?,
        others: rows_of(conn, "alumnus_contacts", "alumnus_id", &both)?,
        aliases: rows_of(conn, "aliases", "alumnus_id", &both)?,
        recipients: rows_of(conn, "campaign_recipients", "alumnus_id", &both)?,
        contacts: of_other.contacts,
        applications: of_other.applications,
        referrals: of_other.referrals,
        partners: of_other.partners,
        consent_changes: of_other.consent_changes,
        survey_responses: of_other.survey_responses,
        career: of_other.career,
        audit: ids_of(conn, "audit", "alumnus_id", other.id)?,
        after: Holdings::default(),
    };
    // The audit row `Db::write` adds after this work, in this transaction,
    // takes the next id: nobody else can write meanwhile.
    let audit_id: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM audit", [], |r| {
        r.get(0)
    })?;
    let (_, moved) = people::merge(conn, keep, other)?;
    let updated_at: String = conn.query_row(
        "SELECT updated_at FROM alumni WHERE id = ?",
        [keep.id],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO merges (kept_id, other_id, snapshot, audit_id, kept_updated_at, merged_at)
         VALUES (?, ?, '{}', ?, ?, ?)",
        params![keep.id, other.id, audit_id, updated_at, super::now()],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "UPDATE aliases SET merge_id = ?1 WHERE alumnus_id = ?2 AND merge_id IS NULL",
        params![id, keep.id],
    )?;
    // Taken last, so that it holds the aliases as they are now.
    snapshot.after = holdings(conn, keep.id)?;
    conn.execute(
        "UPDATE merges SET snapshot = ? WHERE id = ?",
        params![serde_json::to_string(&snapshot)?, id],
    )?;
    Ok(Merged { id, moved })
}

fn one_row(conn: &Connection, id: i64) -> Result<Row> {
    rows_of(conn, "alumni", "id", &[id])?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no alumnus #{id}"))
}

/// The two records a merge joined, as (kept, other).
pub fn parties(conn: &Connection, merge: i64) -> Result<(i64, i64)> {
    conn.query_row(
        "SELECT kept_id, other_id FROM merges WHERE id = ? AND undone_at IS NULL",
        [merge],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| Failure::NotFound(no_merge(merge)).into())
}

fn no_merge(merge: i64) -> String {
    format!(
        "no merge {merge} to undo (it was undone already, or the kept person was merged again or erased)"
    )
}

/// Puts back the two records merge `merge` joined, as they were before
/// it, with every row that moved; refused (exit 1) if the kept person
/// changed since. Returns (kept, other).
pub fn undo(conn: &Connection, merge: i64) -> Result<(i64, i64)> {
    let found: Option<(i64, i64, String, Option<i64>, String)> = conn
        .query_row(
            "SELECT kept_id, other_id, snapshot, audit_id, kept_updated_at FROM merges
             WHERE id = ? AND undone_at IS NULL",
            [merge],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((kept, other, snapshot, audit_id, updated_at)) = found else {
        return Err(Failure::NotFound(no_merge(merge)).into());
    };
    let snapshot: Snapshot = serde_json::from_str(&snapshot)?;
    let changed = |what: &str| -> anyhow::Error {
        anyhow::anyhow!(
            "cannot undo merge {merge}: #{kept} changed after it ({what}); \
             undo those changes first, or correct the records by hand"
        )
    };
    let now_updated: String =
        conn.query_row("SELECT updated_at FROM alumni WHERE id = ?", [kept], |r| {
            r.get(0)
        })?;
    if now_updated != updated_at {
        return Err(changed("its record was updated"));
    }
    let later: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, command FROM audit WHERE alumnus_id = ?1 AND id > ?2 ORDER BY id LIMIT 1",
            params![kept, audit_id.unwrap_or(i64::MAX)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, command)) = later {
        return Err(changed(&format!("audit #{id}: {command}")));
    }
    let now = holdings(conn, kept)?;
    let after = &snapshot.after;
    for (differs, (name, _, _)) in [
        now.contacts != after.contacts,
        now.applications != after.applications,
        now.referrals != after.referrals,
        now.partners != after.partners,
        now.consent_changes != after.consent_changes,
        now.survey_responses != after.survey_responses,
        now.career != after.career,
    ]
    .into_iter()
    .zip(HELD)
    {
        if differs {
            return Err(changed(&format!("its {name}")));
        }
    }
    if now.attendance != after.attendance {
        return Err(changed("its event attendance"));
    }
    if now.recipients != after.recipients {
        return Err(changed("its campaigns"));
    }
    if now.others != after.others || now.aliases != after.aliases {
        return Err(changed("its emails, phones or employee IDs"));
    }

    // The kept record first goes back to what it was, keys included, so
    // that the other's keys are free again when it is put back.
    conn.execute("DELETE FROM alumnus_contacts WHERE alumnus_id = ?", [kept])?;
    conn.execute("DELETE FROM aliases WHERE alumnus_id = ?", [kept])?;
    conn.execute("DELETE FROM attendance WHERE alumnus_id = ?", [kept])?;
    conn.execute(
        "DELETE FROM campaign_recipients WHERE alumnus_id = ?",
        [kept],
    )?;
    let sets: Vec<String> = snapshot
        .kept
        .keys()
        .filter(|k| *k != "id")
        .map(|k| format!("{k} = ?"))
        .collect();
    let mut values: Vec<Box<dyn ToSql>> = snapshot
        .kept
        .iter()
        .filter(|(k, _)| *k != "id")
        .map(|(_, v)| sql_value(v))
        .collect();
    values.push(Box::new(kept));
    conn.execute(
        &format!("UPDATE alumni SET {} WHERE id = ?", sets.join(", ")),
        params_from_iter(values.iter().map(|v| v.as_ref())),
    )?;
    insert_row(conn, "alumni", &snapshot.other)?;
    for row in &snapshot.attendance {
        insert_row(conn, "attendance", row)?;
    }
    for row in &snapshot.recipients {
        insert_row(conn, "campaign_recipients", row)?;
    }
    for row in &snapshot.others {
        insert_row(conn, "alumnus_contacts", row)?;
    }
    for row in &snapshot.aliases {
        insert_row(conn, "aliases", row)?;
    }
    for (ids, table, column) in [
        (&snapshot.contacts, "contacts", "alumnus_id"),
        (&snapshot.applications, "applications", "alumnus_id"),
        (&snapshot.referrals, "applications", "referrer_id"),
        (&snapshot.partners, "partners", "alumnus_id"),
        (&snapshot.consent_changes, "consent_changes", "alumnus_id"),
        (&snapshot.survey_responses, "survey_responses", "alumnus_id"),
        (&snapshot.career, "career", "alumnus_id"),
        (&snapshot.audit, "audit", "alumnus_id"),
    ] {
        let mut stmt = conn.prepare(&format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"))?;
        for id in ids {
            stmt.execute(params![other, id])?;
        }
    }
    // The snapshot's personal data is no longer needed.
    conn.execute(
        "UPDATE merges SET undone_at = ?1, snapshot = '{}' WHERE id = ?2",
        params![super::now(), merge],
    )?;
    Ok((kept, other))
}
