//! What the schedule shows as rows: the events of the period, one recruiting
//! phase per stage with targets, campaigns, and the rows left for the
//! user's own phases. Each row that alumni fills says which days its bar
//! covers; the user's rows are drawn by conditional formatting instead.

use jiff::civil::Date;

use super::super::model::Model;

/// What a row is: the section it is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Event,
    Phase,
    Campaign,
    Own,
}

impl Kind {
    pub fn label(self, m: &Model) -> &'static str {
        match self {
            Kind::Event => m.label("Events", "イベント"),
            Kind::Phase => m.label("Phases (months with targets)", "採用フェーズ(目標のある月)"),
            Kind::Campaign => m.label("Campaigns", "キャンペーン"),
            Kind::Own => m.label(
                "Your own (type a name, start and end)",
                "自由入力(名称・開始・終了を入力)",
            ),
        }
    }
}

/// A row written by alumni.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub kind: Kind,
    pub name: String,
    pub start: Date,
    pub end: Date,
    /// The spans the bar covers; a column overlapping one is filled.
    pub spans: Vec<(Date, Date)>,
}

/// The rows alumni writes, in order: events, phases, campaigns.
pub fn lines(m: &Model) -> Vec<Line> {
    let mut lines = events(m);
    lines.extend(phases(m));
    lines.extend(campaigns(m));
    lines
}

/// One row per event of the period, marked on its day.
fn events(m: &Model) -> Vec<Line> {
    m.events
        .iter()
        .map(|(name, day)| Line {
            kind: Kind::Event,
            name: name.clone(),
            start: *day,
            end: *day,
            spans: vec![(*day, *day)],
        })
        .collect()
}

/// One row per stage with targets, its bar over exactly the months whose
/// target is above zero: a stage targeted in June and September is not
/// drawn from June to September.
fn phases(m: &Model) -> Vec<Line> {
    (0..m.stages.len())
        .filter_map(|stage| {
            let months = m.target_months(stage);
            let start = *months.first()?;
            let end = months.last()?.last_of_month();
            Some(Line {
                kind: Kind::Phase,
                name: m.stage_label(stage).to_string(),
                start,
                end,
                spans: months.iter().map(|d| (*d, d.last_of_month())).collect(),
            })
        })
        .collect()
}

/// One row per campaign of the period (a newsletter, a mail-out, an SNS
/// post), marked on its day as events are.
fn campaigns(m: &Model) -> Vec<Line> {
    m.reach
        .campaigns
        .iter()
        .map(|c| Line {
            kind: Kind::Campaign,
            name: c.counts.name.clone(),
            start: c.counts.date,
            end: c.counts.date,
            spans: vec![(c.counts.date, c.counts.date)],
        })
        .collect()
}
