//! Reports: the KPI computation as pure functions over what `db::report`
//! reads from the database, kept apart from how a report is shown.

pub mod bars;
pub mod by;
pub mod funnel;
pub mod kpi;
pub mod render;
pub mod workbook;

use anyhow::Result;

use crate::db::{self, Tx, targets};
use crate::domain::{Counting, Period};

pub use by::{Group, kpi_by};
pub use kpi::Report;

/// Computes the KPI report of a period from the database.
pub fn kpi_report(conn: &Tx<'_>, period: Period, counting: Counting) -> Result<Report> {
    let stages = db::pipeline::stages::all(conn)?;
    let applications = db::report::applications(conn, &stages, period)?;
    let inputs = inputs(conn, period)?;
    Ok(kpi::compute(
        &stages,
        &applications,
        &inputs,
        period,
        counting,
    ))
}

/// Everything a report of `period` needs besides the applications: the
/// targets, spend and all hires of its months, the events held in it, and
/// engagement in the twelve months up to its end.
pub fn inputs(conn: &Tx<'_>, period: Period) -> Result<kpi::Inputs> {
    Ok(kpi::Inputs {
        targets: by::sum_targets(&targets::targets(conn, Some(period.months()))?, |_| true),
        assumed_rates: db::report::assumed_rates(conn)?,
        spend: db::report::spend_parts(conn, period)?,
        attendance: db::report::attendance(conn, period)?,
        engagement: db::report::engagement(conn, kpi::engagement_window(period))?,
        all_hires: db::report::all_hires(conn, period)?,
    })
}
