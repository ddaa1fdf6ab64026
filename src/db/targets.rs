//! Reading and writing KPI targets (`targets`) and spend and budget
//! (`spend`), both kept per month (`YYYY-MM`). The KPI report reads its
//! targets here too: a target's empty department means all departments,
//! and its empty kind (read as none) both kinds.

use crate::db::sql::types::Type;
use crate::db::sql::{Connection, OptionalExtension, Row, params};
use anyhow::Result;

use crate::domain::Kind;
use crate::domain::fiscal::Month;

/// Which target: a month, a stage key, a department ('' for all of them)
/// and a kind (none for both kinds, stored as '').
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TargetKey {
    pub month: Month,
    pub stage: String,
    pub department: String,
    pub kind: Option<Kind>,
}

/// The stored form of a target's kind: '' for both kinds.
fn stored_kind(kind: Option<Kind>) -> &'static str {
    kind.map_or("", Kind::as_str)
}

/// The count stored for a target, if there is one.
pub fn target(conn: &Connection, key: &TargetKey) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT count FROM targets
             WHERE month = ? AND stage = ? AND department = ? AND kind = ?",
        )?
        .query_row(
            params![key.month, key.stage, key.department, stored_kind(key.kind)],
            |r| r.get(0),
        )
        .optional()?)
}

/// Sets a target, replacing any stored one; returns the count it replaced.
pub fn set_target(conn: &Connection, key: &TargetKey, count: i64) -> Result<Option<i64>> {
    let before = target(conn, key)?;
    conn.prepare_cached(
        "INSERT INTO targets (month, stage, department, kind, count) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (month, stage, department, kind) DO UPDATE SET count = excluded.count",
    )?
    .execute(params![
        key.month,
        key.stage,
        key.department,
        stored_kind(key.kind),
        count
    ])?;
    Ok(before)
}

/// One target as stored, with its stage's labels: the count for a month
/// and stage, and the department ('' for all of them) and kind (none for
/// both) it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetRow {
    pub month: Month,
    pub stage: String,
    pub label_en: String,
    pub label_ja: String,
    pub department: String,
    pub kind: Option<Kind>,
    pub count: u64,
}

/// Targets in the months `first..=last` (all of them without a range), by
/// month, then stage order, department and kind.
pub fn targets(conn: &Connection, range: Option<(Month, Month)>) -> Result<Vec<TargetRow>> {
    let (first, last) = bounds(range);
    let mut stmt = conn.prepare_cached(
        "SELECT t.month, t.stage, s.label_en, s.label_ja, t.department, nullif(t.kind, ''), t.count
         FROM targets t JOIN stages s ON s.key = t.stage
         WHERE t.month BETWEEN ?1 AND ?2
         ORDER BY t.month, s.position, t.department, t.kind",
    )?;
    let rows = stmt
        .query_map([first, last], |r| {
            Ok(TargetRow {
                month: month_at(r, 0)?,
                stage: r.get(1)?,
                label_en: r.get(2)?,
                label_ja: r.get(3)?,
                department: r.get(4)?,
                kind: r.get(5)?,
                count: r.get::<_, i64>(6)?.max(0) as u64,
            })
        })?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The spend and budget of one month and channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendRow {
    pub month: Month,
    pub channel: String,
    pub budget: Option<i64>,
    pub amount: i64,
}

/// How `record_spend` changes the amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    /// Leave it as it is (0 for a new month and channel).
    Keep,
    /// Add this to it.
    Add(i64),
    /// Replace it with this.
    Set(i64),
}

/// The spend row of a month and channel, if there is one.
pub fn spend_of(conn: &Connection, month: Month, channel: &str) -> Result<Option<SpendRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT month, channel, budget, amount FROM spend WHERE month = ? AND channel = ?",
        )?
        .query_row(params![month, channel], spend_row)
        .optional()?)
}

/// Changes a month's amount for a channel and, when given, sets its
/// budget; returns the row before and after.
pub fn record_spend(
    conn: &Connection,
    month: Month,
    channel: &str,
    amount: Amount,
    budget: Option<i64>,
) -> Result<(Option<SpendRow>, SpendRow)> {
    let before = spend_of(conn, month, channel)?;
    let (mode, value) = match amount {
        Amount::Keep => ("keep", 0),
        Amount::Add(n) => ("add", n),
        Amount::Set(n) => ("set", n),
    };
    conn.prepare_cached(
        "INSERT INTO spend (month, channel, budget, amount)
         VALUES (?1, ?2, ?3, CASE WHEN ?4 = 'keep' THEN 0 ELSE ?5 END)
         ON CONFLICT (month, channel) DO UPDATE SET
             budget = coalesce(?3, spend.budget),
             amount = CASE ?4 WHEN 'add' THEN spend.amount + ?5 WHEN 'set' THEN ?5
                           ELSE spend.amount END",
    )?
    .execute(params![month, channel, budget, mode, value])?;
    let after = spend_of(conn, month, channel)?.expect("the row was just written");
    Ok((before, after))
}

/// Spend in the months `first..=last` (all of it without a range), by
/// month and channel.
pub fn spend(conn: &Connection, range: Option<(Month, Month)>) -> Result<Vec<SpendRow>> {
    let (first, last) = bounds(range);
    let mut stmt = conn.prepare_cached(
        "SELECT month, channel, budget, amount FROM spend
         WHERE month BETWEEN ?1 AND ?2 ORDER BY month, channel",
    )?;
    let rows = stmt
        .query_map([first, last], spend_row)?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    Ok(rows)
}

fn spend_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<SpendRow> {
    Ok(SpendRow {
        month: month_at(r, 0)?,
        channel: r.get(1)?,
        budget: r.get(2)?,
        amount: r.get(3)?,
    })
}

/// The stored month (`YYYY-MM`) in column `i` of a row.
pub(super) fn month_at(row: &Row<'_>, i: usize) -> crate::db::sql::Result<Month> {
    let text = row.get_ref(i)?.as_str()?;
    text.parse::<Month>()
        .map_err(|why| crate::db::sql::Error::FromSqlConversionFailure(i, Type::Text, why.into()))
}

/// A month range as text bounds; no range is every month.
pub(super) fn bounds(range: Option<(Month, Month)>) -> (String, String) {
    match range {
        Some((first, last)) => (first.to_string(), last.to_string()),
        None => ("0000-00".into(), "9999-99".into()),
    }
}
