//! Reports: the KPI computation as pure functions over what `db::report`
//! reads from the database, kept apart from how a report is shown.

pub mod bars;
pub mod by;
pub mod funnel;
pub mod kpi;
pub mod reach;
pub mod render;
pub mod workbook;

use anyhow::Result;

use crate::db::{self, Tx, targets};
use crate::domain::{Counting, Engagement, Period};

pub use by::{Group, kpi_by};
pub use kpi::Report;

/// Computes the KPI report of a period from the database, with its
/// campaign reach and NPS.
pub fn kpi_report(
    conn: &Tx<'_>,
    period: Period,
    counting: Counting,
    rule: Engagement,
) -> Result<Report> {
    let stages = db::pipeline::stages::all(conn)?;
    // The two big reads, the contacts of a year and the applications, at
    // the same time where the backend can.
    let window = kpi::engagement_window(period);
    let (engagement, applications) = conn.alongside(
        |side| db::report::engagement(side, window, rule),
        |tx| db::report::applications(tx, &stages, period, db::report::People::LeftOfHires),
    )?;
    let inputs = inputs_engaged(conn, period, engagement)?;
    let mut report = kpi::compute(&stages, &applications, &inputs, period, counting);
    report.engagement = rule;
    report.reach = Some(reach_of(conn, period)?);
    Ok(report)
}

/// The campaign reach and NPS of `period`.
pub fn reach_of(conn: &Tx<'_>, period: Period) -> Result<reach::Reach> {
    use db::report::reach as read;
    Ok(reach::compute(
        period,
        read::campaigns(conn, period)?,
        &read::scores(conn, period)?,
        read::event_scores(conn, period)?,
    ))
}

/// Everything a report of `period` needs besides the applications: the
/// targets, spend and all hires of its months, the events held in it, and
/// `engagement`, counted already over the twelve months up to its end
/// (read beside the applications, and for reports of many periods, for all
/// of them at once).
pub fn inputs_engaged(
    conn: &Tx<'_>,
    period: Period,
    engagement: (u64, u64),
) -> Result<kpi::Inputs> {
    Ok(kpi::Inputs {
        targets: by::sum_targets(&targets::targets(conn, Some(period.months()))?, |_| true),
        assumed_rates: db::report::assumed_rates(conn)?,
        spend: db::report::spend_parts(conn, period)?,
        attendance: db::report::attendance(conn, period)?,
        engagement,
        all_hires: db::report::all_hires(conn, period)?,
    })
}
