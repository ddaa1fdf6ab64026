//! The KPI report split into groups (`alumni kpi --by`): one report per
//! month or fiscal quarter of the period, or per department, kind or
//! source of the period's applications. Each group is an ordinary
//! [`Report`], computed by `kpi::compute` over the applications and inputs
//! that belong to it; the applications are read once for the whole period
//! and split in memory.

use std::collections::{BTreeSet, HashMap};

use anyhow::Result;
use serde_json::{Map, Value, json};

use super::kpi::{self, Inputs, Report};
use crate::db::Tx;
use crate::db::pipeline::stages;
use crate::db::report::{self as read, Application};
use crate::db::targets::{self, TargetRow};
use crate::domain::fiscal::{self, Month};
use crate::domain::period::{first_day, last_day};
use crate::domain::{By, Counting, Engagement, Kind, Lang, Period, Stage};

/// The label of an application without a department.
pub const NO_DEPARTMENT: (&str, &str) = ("(none)", "(部署なし)");

/// One group of a split report.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// What scripts see: `2026-04`, `FY2026 Q1`, a department (`(none)`
    /// for none), `rehire` or `referral`, a channel.
    pub key: String,
    pub label_en: String,
    pub label_ja: String,
    pub report: Report,
}

impl Group {
    /// The report's JSON with the group's key first.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("group".into(), json!(self.key));
        if let Value::Object(fields) = self.report.to_json() {
            object.extend(fields);
        }
        Value::Object(object)
    }
}

/// `{"by": "month", "groups": [{"group": "2026-04", …}, …]}`.
pub fn to_json(by: By, groups: &[Group]) -> Value {
    json!({
        "by": by.name(),
        "groups": groups.iter().map(Group::to_json).collect::<Vec<_>>(),
    })
}

/// Computes the report of `period` once per group of `by`. `start` is the
/// first month of the fiscal year (for quarters). Engagement is counted by
/// `rule`; a month or quarter has its own campaign reach and NPS, the other
/// groups none (campaigns and surveys are not split by them).
pub fn kpi_by(
    conn: &Tx<'_>,
    period: Period,
    counting: Counting,
    by: By,
    start: u8,
    rule: Engagement,
) -> Result<Vec<Group>> {
    let mut groups = groups(conn, period, counting, by, start, rule)?;
    for group in &mut groups {
        group.report.engagement = rule;
        if matches!(by, By::Month | By::Quarter) {
            group.report.reach = Some(super::reach_of(conn, group.report.period)?);
        }
    }
    Ok(groups)
}

fn groups(
    conn: &Tx<'_>,
    period: Period,
    counting: Counting,
    by: By,
    start: u8,
    rule: Engagement,
) -> Result<Vec<Group>> {
    let stages = stages::all(conn)?;
    let over_spans = matches!(by, By::Month | By::Quarter);
    let spans = if over_spans {
        spans(period, by, start)
    } else {
        Vec::new()
    };
    // The engagement of every span in one pass over the contacts, not one
    // pass over a year of them per month; or of the whole period. Read at
    // the same time as the applications where the backend can.
    let windows: Vec<Period> = if over_spans {
        spans
            .iter()
            .map(|(_, span)| kpi::engagement_window(*span))
            .collect()
    } else {
        vec![kpi::engagement_window(period)]
    };
    let (engaged, applications) = conn.alongside(
        |side| read::engagements(side, &windows, rule),
        |tx| read::applications(tx, &stages, period, read::People::LeftOfHires),
    )?;
    match by {
        By::Month | By::Quarter => {
            let engaged: Vec<(Period, (u64, u64))> =
                spans.iter().map(|(_, span)| *span).zip(engaged).collect();
            over_time(&stages, &applications, spans, counting, |span| {
                let engagement = engaged
                    .iter()
                    .find(|(of, _)| *of == span)
                    .map_or((0, 0), |(_, counts)| *counts);
                super::inputs_engaged(conn, span, engagement)
            })
        }
        By::Department | By::Kind | By::Source => {
            let engagement = engaged.first().copied().unwrap_or_default();
            let whole = super::inputs_engaged(conn, period, engagement)?;
            let targets = targets::targets(conn, Some(period.months()))?;
            let split = Split {
                stages: &stages,
                whole: &whole,
                period,
                counting,
            };
            Ok(match by {
                By::Department => by_department(&split, &applications, &targets),
                By::Kind => by_kind(&split, &applications, &targets),
                _ => by_source(&split, &applications),
            })
        }
    }
}

/// A group's key and labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub key: String,
    pub label_en: String,
    pub label_ja: String,
}

impl Name {
    fn same(text: &str) -> Name {
        Name::new(text, text, text)
    }

    fn new(key: &str, en: &str, ja: &str) -> Name {
        Name {
            key: key.into(),
            label_en: en.into(),
            label_ja: ja.into(),
        }
    }
}

/// The months or fiscal quarters of a period, in order, each clipped to
/// the period.
pub fn spans(period: Period, by: By, start: u8) -> Vec<(Name, Period)> {
    let clip = |first: Month, last: Month| {
        Some(Period {
            from: first_day(first)?.max(period.from),
            to: last_day(last)?.min(period.to),
        })
    };
    let mut out = Vec::new();
    let last = Month::of_date(period.to);
    let mut month = Month::of_date(period.from);
    while month <= last {
        let (name, first, end) = match by {
            By::Quarter => {
                let (year, quarter) = quarter_of(month, start);
                let first = fiscal::fiscal_year_range(year, start)
                    .0
                    .plus(3 * (i32::from(quarter) - 1));
                let name = Name::new(
                    &format!("FY{year} Q{quarter}"),
                    &format!("FY{year} Q{quarter}"),
                    &format!("{year}年度 第{quarter}四半期"),
                );
                (name, first, first.plus(2))
            }
            _ => {
                let ja = format!("{}年{}月", month.year(), month.number());
                (
                    Name::new(&month.to_string(), &month.to_string(), &ja),
                    month,
                    month,
                )
            }
        };
        if let Some(span) = clip(first, end) {
            out.push((name, span));
        }
        month = end.plus(1);
    }
    out
}

/// The fiscal year and quarter (1-4) a month is in.
pub fn quarter_of(month: Month, start: u8) -> (i32, u8) {
    let year = fiscal::fiscal_year_of(month, start);
    let offset = (i32::from(month.number()) - i32::from(start)).rem_euclid(12);
    (year, (offset / 3 + 1) as u8)
}

/// Whether an application was opened, or entered a stage, in a span: what
/// `db::report::applications` reads for a period. The report of the span
/// counts only what falls in it anyway; this keeps each group's input to
/// the applications that matter to it.
fn touches(application: &Application, span: Period) -> bool {
    span.contains(application.history.opened_on)
        || application
            .history
            .entries
            .iter()
            .any(|(_, day)| span.contains(*day))
}

/// One report per span, each with the inputs `inputs_of` gives for it.
pub fn over_time(
    stages: &[Stage],
    applications: &[Application],
    spans: Vec<(Name, Period)>,
    counting: Counting,
    mut inputs_of: impl FnMut(Period) -> Result<Inputs>,
) -> Result<Vec<Group>> {
    spans
        .into_iter()
        .map(|(name, span)| {
            let members: Vec<Application> = applications
                .iter()
                .filter(|a| touches(a, span))
                .cloned()
                .collect();
            let report = kpi::compute(stages, &members, &inputs_of(span)?, span, counting);
            Ok(group(name, report))
        })
        .collect()
}

/// An application's department; a blank one is none.
fn department(application: &Application) -> Option<&str> {
    application
        .department
        .as_deref()
        .filter(|d| !d.trim().is_empty())
}

/// What every group of a split by department, kind or source shares: the
/// stages, the inputs of the whole period, the period and the counting.
/// The assumed pass rates, all hires, engagement and event attendance are
/// the whole period's in every group.
pub struct Split<'a> {
    pub stages: &'a [Stage],
    pub whole: &'a Inputs,
    pub period: Period,
    pub counting: Counting,
}

impl Split<'_> {
    /// The report of a group: its applications, its targets, and the spend
    /// of its channel, or none at all (and so no cost per hire) when spend
    /// cannot be attributed to the group.
    fn report(
        &self,
        members: Vec<Application>,
        targets: HashMap<String, u64>,
        channel: Option<&str>,
    ) -> Report {
        let spend = self
            .whole
            .spend
            .iter()
            .filter(|(c, _)| Some(c.as_str()) == channel)
            .cloned()
            .collect();
        let inputs = Inputs {
            targets,
            spend,
            ..self.whole.clone()
        };
        let mut report = kpi::compute(self.stages, &members, &inputs, self.period, self.counting);
        if channel.is_none() {
            report.metrics.cost_per_hire = None;
        }
        report
    }
}

fn members(applications: &[Application], keep: impl Fn(&Application) -> bool) -> Vec<Application> {
    applications.iter().filter(|a| keep(a)).cloned().collect()
}

/// One report per department of the applications or of the targets, in
/// order, each with the targets set for it (of either kind); applications
/// without a department are the last group, which has no targets.
pub fn by_department(
    split: &Split,
    applications: &[Application],
    targets: &[TargetRow],
) -> Vec<Group> {
    let mut named: BTreeSet<&str> = applications.iter().filter_map(department).collect();
    named.extend(
        targets
            .iter()
            .map(|t| t.department.as_str())
            .filter(|d| !d.trim().is_empty()),
    );
    let mut groups: Vec<Group> = named
        .into_iter()
        .map(|name| {
            let report = split.report(
                members(applications, |a| department(a) == Some(name)),
                sum_targets(targets, |t| t.department == name),
                None,
            );
            group(Name::same(name), report)
        })
        .collect();
    if applications.iter().any(|a| department(a).is_none()) {
        let (en, ja) = NO_DEPARTMENT;
        let report = split.report(
            members(applications, |a| department(a).is_none()),
            HashMap::new(),
            None,
        );
        groups.push(group(Name::new(en, en, ja), report));
    }
    groups
}

/// One report for rehires and one for referrals, each with the targets set
/// for that kind (of any department).
pub fn by_kind(split: &Split, applications: &[Application], targets: &[TargetRow]) -> Vec<Group> {
    [Kind::Rehire, Kind::Referral]
        .into_iter()
        .map(|kind| {
            let report = split.report(
                members(applications, |a| a.kind == kind),
                sum_targets(targets, |t| t.kind == Some(kind)),
                None,
            );
            let key = kind.as_str();
            group(Name::new(key, key, kind.label_ja()), report)
        })
        .collect()
}

/// One report per channel of the applications or of the spend, in order,
/// each with that channel's spend; targets are not set per channel.
pub fn by_source(split: &Split, applications: &[Application]) -> Vec<Group> {
    let mut channels: BTreeSet<&str> = applications.iter().map(Application::channel).collect();
    channels.extend(split.whole.spend.iter().map(|(c, _)| c.as_str()));
    channels
        .into_iter()
        .map(|channel| {
            let report = split.report(
                members(applications, |a| a.channel() == channel),
                HashMap::new(),
                Some(channel),
            );
            // Under Japanese a channel reads as the workbook's チャネル別
            // names it (イベント, 直接応募 …); scripts keep the stored key.
            let ja = super::workbook::model::channel_label(Lang::Ja, channel);
            group(Name::new(channel, channel, &ja), report)
        })
        .collect()
}

/// The targets per stage of the rows `keep` keeps.
pub fn sum_targets(rows: &[TargetRow], keep: impl Fn(&TargetRow) -> bool) -> HashMap<String, u64> {
    let mut sums = HashMap::new();
    for row in rows.iter().filter(|r| keep(r)) {
        *sums.entry(row.stage.clone()).or_insert(0) += row.count;
    }
    sums
}

fn group(name: Name, report: Report) -> Group {
    Group {
        key: name.key,
        label_en: name.label_en,
        label_ja: name.label_ja,
        report,
    }
}

#[cfg(test)]
mod tests;
