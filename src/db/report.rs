//! What the KPI report and workbook read, in the shapes their pure
//! functions take: the pass rates assumed, the company's hires and the
//! spend per channel of a period. Each table is read through its one
//! reader (`targets`, `kpi_inputs`); only what no other command reads has
//! its statement here.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use rusqlite::{Connection, params};

use super::{kpi_inputs, targets};
use crate::domain::Period;

/// The pass rates the user assumed, per stage key (from it to the next).
pub fn assumed_rates(conn: &Connection) -> Result<HashMap<String, f64>> {
    Ok(kpi_inputs::assumed_rates(conn)?
        .into_iter()
        .map(|r| (r.stage, r.rate))
        .collect())
}

/// The company's hires through every channel in the months of `period`;
/// none when no month of them has a number.
pub fn all_hires(conn: &Connection, period: Period) -> Result<Option<u64>> {
    let months = kpi_inputs::all_hires(conn, Some(period.months()))?;
    Ok((!months.is_empty()).then(|| months.iter().map(|(_, n)| n).sum::<i64>().max(0) as u64))
}

/// Spend per channel in `period`, by channel: the spend table's amounts of
/// its months, plus the cost of the events held and of the applications
/// opened in it (an application's cost counts for its source, else its
/// kind).
pub fn spend_by_channel(conn: &Connection, period: Period) -> Result<Vec<(String, i64)>> {
    let mut by_channel: BTreeMap<String, i64> = BTreeMap::new();
    for row in targets::spend(conn, Some(period.months()))? {
        *by_channel.entry(row.channel).or_default() += row.amount;
    }
    let mut stmt = conn.prepare(
        "SELECT channel, sum(cost) FROM (
             SELECT 'event' AS channel, cost FROM events WHERE date >= ?1 AND date <= ?2 AND cost > 0
             UNION ALL
             SELECT coalesce(source, kind), cost FROM applications
                 WHERE opened_on >= ?1 AND opened_on <= ?2 AND cost > 0)
         GROUP BY channel",
    )?;
    let mut rows = stmt.query(params![period.from.to_string(), period.to.to_string()])?;
    while let Some(row) = rows.next()? {
        *by_channel.entry(row.get(0)?).or_default() += row.get::<_, i64>(1)?;
    }
    Ok(by_channel.into_iter().collect())
}

/// The budget of the months of `period`, summed over channels; none when
/// no month and channel has one.
pub fn budget(conn: &Connection, period: Period) -> Result<Option<i64>> {
    Ok(targets::spend(conn, Some(period.months()))?
        .iter()
        .filter_map(|row| row.budget)
        .reduce(|a, b| a + b))
}
