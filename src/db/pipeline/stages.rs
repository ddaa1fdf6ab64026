//! The pipeline's stage list: keys, labels and order, editable per database.
//!
//! Two rules hold the list together. Positions are always 1..n without gaps,
//! so "the stage after S" and "the last stage" are plain lookups. And the
//! last stage is the hire (入社, `rejoined` by default): entering it closes
//! an application as rejoined, so no stage may be put after it.

use crate::db::sql::{Connection, params};
use anyhow::Result;

use crate::domain::{Outcome, Stage, normalize};
use crate::error::Failure;

/// Every stage, in order.
pub fn all(conn: &Connection) -> Result<Vec<Stage>> {
    let mut stmt = conn
        .prepare_cached("SELECT key, label_en, label_ja, position FROM stages ORDER BY position")?;
    let rows = stmt.query_map([], |r| {
        Ok(Stage {
            key: r.get(0)?,
            label_en: r.get(1)?,
            label_ja: r.get(2)?,
            position: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// The stage a person named: by key (any case), else by its Japanese or
/// English label, so that `面接` and `Interview` work as well as `interview`.
/// An unknown name is bad data (exit 65) and the error lists the keys.
pub fn find<'a>(stages: &'a [Stage], raw: &str) -> Result<&'a Stage> {
    let wanted = normalize::text(raw).unwrap_or_default();
    let lower = wanted.to_lowercase();
    stages
        .iter()
        .find(|s| s.key == lower)
        .or_else(|| stages.iter().find(|s| s.label_ja == wanted))
        .or_else(|| stages.iter().find(|s| s.label_en.to_lowercase() == lower))
        .ok_or_else(|| {
            Failure::BadData(format!(
                "no stage {raw:?}; the stages are {}",
                keys(stages).join(", ")
            ))
            .into()
        })
}

/// The stage keys, in order.
pub fn keys(stages: &[Stage]) -> Vec<&str> {
    stages.iter().map(|s| s.key.as_str()).collect()
}

/// Whether `stage` is the last one, the hire that closes an application.
pub fn is_last(stage: &Stage, stages: &[Stage]) -> bool {
    stages.last().is_some_and(|last| last.key == stage.key)
}

/// Checks a new stage key: a lower-case ASCII word (letters, digits and
/// `_`, starting with a letter), because keys are typed in commands and
/// scripts and stored in every application's history; not an outcome's
/// name; and not already taken.
pub fn check_key(stages: &[Stage], raw: &str) -> Result<String> {
    let ok = raw.len() <= 32
        && raw.starts_with(|c: char| c.is_ascii_lowercase())
        && raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(Failure::BadData(format!(
            "{raw:?} cannot be a stage key: a key is a lower-case ASCII word \
             (a-z, 0-9 and _, starting with a letter, at most 32 characters), e.g. casual_talk"
        ))
        .into());
    }
    // A stage named like an outcome that `pipeline close` takes would be
    // mistaken for one (`rejoined` is the last stage's key by default).
    let closing = Outcome::from_stored(raw).filter(|o| *o != Outcome::Rejoined);
    if closing.is_some() {
        return Err(Failure::BadData(format!(
            "{raw:?} cannot be a stage key: it is the name of an outcome (pipeline close)"
        ))
        .into());
    }
    if stages.iter().any(|s| s.key == raw) {
        return Err(Failure::BadData(format!("there is already a stage {raw:?}")).into());
    }
    Ok(raw.to_string())
}

/// Checks a label (normalized, not empty, not another stage's label in the
/// same language, since labels name stages on the command line too).
pub fn check_label(
    stages: &[Stage],
    own: Option<&str>,
    flag: &str,
    raw: &str,
    japanese: bool,
) -> Result<String> {
    let label = normalize::text(raw).ok_or_else(|| Failure::Usage(format!("{flag} is empty")))?;
    let taken = stages.iter().find(|s| {
        Some(s.key.as_str()) != own
            && if japanese {
                s.label_ja == label
            } else {
                s.label_en.to_lowercase() == label.to_lowercase()
            }
    });
    if let Some(other) = taken {
        return Err(Failure::BadData(format!(
            "{flag} {label:?} is already the label of the stage {}",
            other.key
        ))
        .into());
    }
    Ok(label)
}

/// Changes a stage's key and labels. A new key reaches every application,
/// history row and target through `ON UPDATE CASCADE`, which SQLite only
/// honours with foreign keys on: that is checked rather than assumed
/// (PostgreSQL always does).
pub fn rename(
    conn: &Connection,
    key: &str,
    new_key: &str,
    label_en: &str,
    label_ja: &str,
) -> Result<()> {
    if let Some(sqlite) = conn.sqlite() {
        let foreign_keys: i64 = sqlite.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if foreign_keys != 1 {
            anyhow::bail!("foreign keys are off, so a new stage key would not reach applications");
        }
    }
    conn.execute(
        "UPDATE stages SET key = ?, label_en = ?, label_ja = ? WHERE key = ?",
        params![new_key, label_en, label_ja, key],
    )?;
    Ok(())
}

/// How many applications (in the stage, or with it as their furthest) and
/// how many history entries name the stage `key`.
pub fn uses(conn: &Connection, key: &str) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM applications WHERE stage = ?1 OR furthest_stage = ?1), \
                (SELECT count(*) FROM stage_events WHERE stage = ?1)",
        [key],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Writes `order` (every stage key, in the new order) as positions 1..n.
/// Positions are UNIQUE and SQLite checks that row by row, so they are
/// first moved out of the way to negative numbers.
pub fn reorder(conn: &Connection, order: &[&str]) -> Result<()> {
    conn.execute("UPDATE stages SET position = -position - 1", [])?;
    let mut stmt = conn.prepare_cached("UPDATE stages SET position = ? WHERE key = ?")?;
    for (i, key) in order.iter().enumerate() {
        stmt.execute(params![i as i64 + 1, key])?;
    }
    let stray: i64 = conn.query_row("SELECT count(*) FROM stages WHERE position < 1", [], |r| {
        r.get(0)
    })?;
    if stray != 0 {
        anyhow::bail!("the new order left out {stray} stages");
    }
    Ok(())
}

/// Inserts a stage right after `after`, moving the later ones down one place.
pub fn insert_after(conn: &Connection, after: &Stage, new: &Stage) -> Result<()> {
    // Two steps for the UNIQUE position, as in `reorder`.
    conn.execute(
        "UPDATE stages SET position = -(position + 1) WHERE position > ?",
        [after.position],
    )?;
    conn.execute(
        "UPDATE stages SET position = -position WHERE position < 0",
        [],
    )?;
    conn.execute(
        "INSERT INTO stages (key, label_en, label_ja, position) VALUES (?, ?, ?, ?)",
        params![new.key, new.label_en, new.label_ja, after.position + 1],
    )?;
    Ok(())
}
