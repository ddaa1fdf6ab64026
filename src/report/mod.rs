//! Reports: the KPI computation as pure functions over what `load` reads
//! from the database, kept apart from how a report is shown.

pub mod funnel;
pub mod kpi;
pub mod load;
pub mod period;
pub mod workbook;

use anyhow::Result;
use rusqlite::Connection;

pub use funnel::{Counting, Period};
pub use kpi::Report;

/// Computes the KPI report of a period from the database.
pub fn kpi_report(conn: &Connection, period: Period, counting: Counting) -> Result<Report> {
    let stages = load::stages(conn)?;
    let applications = load::applications(conn, &stages, period)?;
    let month = |d: jiff::civil::Date| format!("{:04}-{:02}", d.year(), d.month());
    let (from, to) = (month(period.from), month(period.to));
    let (first_day, last_day) = (period.from.to_string(), period.to.to_string());
    let window = kpi::engagement_window(period);
    let inputs = kpi::Inputs {
        targets: load::targets(conn, &from, &to)?,
        assumed_rates: load::assumed_rates(conn)?,
        spend: load::spend(conn, &from, &to, &first_day, &last_day)?,
        attendance: load::attendance(conn, &first_day, &last_day)?,
        engagement: load::engagement(conn, &window.from.to_string(), &window.to.to_string())?,
        all_hires: load::all_hires(conn, &from, &to)?,
    };
    Ok(kpi::compute(
        &stages,
        &applications,
        &inputs,
        period,
        counting,
    ))
}
