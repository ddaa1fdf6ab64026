//! What campaigns reached and what alumni would say of the program: per
//! campaign and per month of the period the reach, open rate and click
//! rate, and the alumni NPS of the period, of each month and of each event,
//! each as docs/DATA-MODEL.md ("KPI definitions") defines it.

use serde_json::{Value, json};

use super::funnel::ratio;
use crate::db::report::reach::{CampaignCounts, EventScores, Score};
use crate::domain::Period;
use crate::domain::nps::Nps;

/// One campaign's counts and its rates.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignRow {
    pub counts: CampaignCounts,
    /// The delivered recipients, or every recipient when the delivery
    /// report gave no delivery (an SNS post, a mail tool that reports only
    /// opens).
    pub reach: u64,
    /// Opened / reach.
    pub open_rate: Option<f64>,
    /// Clicked / reach.
    pub click_rate: Option<f64>,
}

impl CampaignRow {
    pub fn of(counts: CampaignCounts) -> CampaignRow {
        let reach = reach(counts.recipients, counts.delivered);
        CampaignRow {
            open_rate: ratio(counts.opened, reach),
            click_rate: ratio(counts.clicked, reach),
            reach,
            counts,
        }
    }
}

/// The reach of a campaign: delivered, or recipients when nothing was
/// reported delivered.
pub fn reach(recipients: u64, delivered: u64) -> u64 {
    if delivered > 0 { delivered } else { recipients }
}

/// The campaigns of one month (by the campaign's date), summed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthReach {
    /// `YYYY-MM`.
    pub month: String,
    pub campaigns: u64,
    pub recipients: u64,
    pub reach: u64,
    pub opened: u64,
    pub clicked: u64,
    pub bounced: u64,
    pub unsubscribed: u64,
    pub open_rate: Option<f64>,
    pub click_rate: Option<f64>,
}

/// The JSON of a group's scores: its counts and NPS.
fn nps_json(nps: &Nps) -> Value {
    json!({
        "responses": nps.respondents(),
        "promoters": nps.promoters,
        "passives": nps.passives,
        "detractors": nps.detractors,
        "nps": nps.score(),
    })
}

/// The NPS of one event held in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct EventNps {
    pub name: String,
    pub date: jiff::civil::Date,
    pub tally: Nps,
}

/// Campaign reach and NPS of a period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reach {
    pub campaigns: Vec<CampaignRow>,
    /// Every month of the period, with or without campaigns.
    pub months: Vec<MonthReach>,
    /// The responses answered in the period.
    pub nps: Nps,
    /// Every month of the period, by the day a response was answered.
    pub nps_months: Vec<(String, Nps)>,
    pub nps_events: Vec<EventNps>,
}

/// `YYYY-MM` of each month of the period.
fn months(period: Period) -> Vec<String> {
    let mut months = Vec::new();
    let mut day = period.from.first_of_month();
    while day <= period.to {
        months.push(format!("{:04}-{:02}", day.year(), day.month()));
        match day.last_of_month().tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    months
}

fn month_of(day: jiff::civil::Date) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The reach and NPS of `period` from what was read of it.
pub fn compute(
    period: Period,
    campaigns: Vec<CampaignCounts>,
    scores: &[Score],
    events: Vec<EventScores>,
) -> Reach {
    let campaigns: Vec<CampaignRow> = campaigns.into_iter().map(CampaignRow::of).collect();
    let month_list = months(period);
    let months = month_list
        .iter()
        .map(|month| {
            let mut m = MonthReach {
                month: month.clone(),
                ..MonthReach::default()
            };
            for c in campaigns
                .iter()
                .filter(|c| &month_of(c.counts.date) == month)
            {
                m.campaigns += 1;
                m.recipients += c.counts.recipients;
                m.reach += c.reach;
                m.opened += c.counts.opened;
                m.clicked += c.counts.clicked;
                m.bounced += c.counts.bounced;
                m.unsubscribed += c.counts.unsubscribed;
            }
            m.open_rate = ratio(m.opened, m.reach);
            m.click_rate = ratio(m.clicked, m.reach);
            m
        })
        .collect();
    let nps_months = month_list
        .iter()
        .map(|month| {
            let of_month = scores.iter().filter(|s| &month_of(s.answered_on) == month);
            (month.clone(), Nps::from_scores(of_month.map(|s| s.score)))
        })
        .collect();
    Reach {
        campaigns,
        months,
        nps: Nps::from_scores(scores.iter().map(|s| s.score)),
        nps_months,
        nps_events: events
            .into_iter()
            .map(|e| EventNps {
                tally: Nps::from_scores(e.scores),
                name: e.name,
                date: e.date,
            })
            .collect(),
    }
}

impl Reach {
    /// The campaigns summed over the period: (campaigns, recipients, reach,
    /// opened, clicked).
    pub fn total(&self) -> MonthReach {
        let mut t = MonthReach::default();
        for m in &self.months {
            t.campaigns += m.campaigns;
            t.recipients += m.recipients;
            t.reach += m.reach;
            t.opened += m.opened;
            t.clicked += m.clicked;
            t.bounced += m.bounced;
            t.unsubscribed += m.unsubscribed;
        }
        t.open_rate = ratio(t.opened, t.reach);
        t.click_rate = ratio(t.clicked, t.reach);
        t
    }

    /// The `campaigns` and `nps` members of the report's JSON.
    pub fn to_json(&self) -> (Value, Value) {
        let total = self.total();
        let campaigns = json!({
            "reach": total.reach,
            "opened": total.opened,
            "clicked": total.clicked,
            "open_rate": total.open_rate,
            "click_rate": total.click_rate,
            "by_campaign": self.campaigns.iter().map(|c| json!({
                "id": c.counts.id,
                "name": c.counts.name,
                "date": c.counts.date.to_string(),
                "channel": c.counts.channel,
                "recipients": c.counts.recipients,
                "delivered": c.counts.delivered,
                "opened": c.counts.opened,
                "clicked": c.counts.clicked,
                "bounced": c.counts.bounced,
                "unsubscribed": c.counts.unsubscribed,
                "reach": c.reach,
                "open_rate": c.open_rate,
                "click_rate": c.click_rate,
            })).collect::<Vec<_>>(),
            "by_month": self.months.iter().map(|m| json!({
                "month": m.month,
                "campaigns": m.campaigns,
                "recipients": m.recipients,
                "reach": m.reach,
                "opened": m.opened,
                "clicked": m.clicked,
                "bounced": m.bounced,
                "unsubscribed": m.unsubscribed,
                "open_rate": m.open_rate,
                "click_rate": m.click_rate,
            })).collect::<Vec<_>>(),
        });
        let mut nps = nps_json(&self.nps);
        nps["by_month"] = self
            .nps_months
            .iter()
            .map(|(month, tally)| {
                let mut row = nps_json(tally);
                row["month"] = json!(month);
                row
            })
            .collect();
        nps["by_event"] = self
            .nps_events
            .iter()
            .map(|e| {
                let mut row = nps_json(&e.tally);
                row["event"] = json!(e.name);
                row["date"] = json!(e.date.to_string());
                row
            })
            .collect();
        (campaigns, nps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn counts(
        name: &str,
        day: jiff::civil::Date,
        r: u64,
        d: u64,
        o: u64,
        c: u64,
    ) -> CampaignCounts {
        CampaignCounts {
            id: 0,
            name: name.into(),
            date: day,
            channel: "email".into(),
            recipients: r,
            delivered: d,
            opened: o,
            clicked: c,
            bounced: r - d.min(r),
            unsubscribed: 0,
        }
    }

    fn april_to_june() -> Period {
        Period {
            from: date(2026, 4, 1),
            to: date(2026, 6, 30),
        }
    }

    #[test]
    fn rates_are_over_the_delivered_or_over_the_recipients_when_none_was_reported() {
        // 200 sent, 190 delivered, 57 opened, 19 clicked: 30% and 10%.
        let row = CampaignRow::of(counts("News", date(2026, 4, 10), 200, 190, 57, 19));
        assert_eq!(row.reach, 190);
        assert_eq!(row.open_rate, Some(0.3));
        assert_eq!(row.click_rate, Some(0.1));
        // An SNS post of 40 with 10 clicks and no deliveries: over the 40.
        let post = CampaignRow::of(counts("Post", date(2026, 4, 20), 40, 0, 0, 10));
        assert_eq!(
            (post.reach, post.open_rate, post.click_rate),
            (40, Some(0.0), Some(0.25))
        );
        let none = CampaignRow::of(counts("Nobody", date(2026, 4, 20), 0, 0, 0, 0));
        assert_eq!((none.open_rate, none.click_rate), (None, None));
    }

    #[test]
    fn months_sum_their_campaigns_by_date_and_rates_are_of_the_sums() {
        let reach = compute(
            april_to_june(),
            vec![
                counts("A", date(2026, 4, 10), 200, 190, 57, 19),
                counts("B", date(2026, 4, 20), 40, 0, 0, 10),
                counts("C", date(2026, 6, 1), 100, 100, 50, 0),
            ],
            &[],
            Vec::new(),
        );
        let months: Vec<_> = reach
            .months
            .iter()
            .map(|m| (m.month.as_str(), m.campaigns, m.reach, m.opened, m.clicked))
            .collect();
        assert_eq!(
            months,
            [
                ("2026-04", 2, 230, 57, 29),
                ("2026-05", 0, 0, 0, 0),
                ("2026-06", 1, 100, 50, 0)
            ]
        );
        // April: 57 / 230 opened, 29 / 230 clicked; May has none.
        assert_eq!(reach.months[0].open_rate, Some(57.0 / 230.0));
        assert_eq!(reach.months[0].click_rate, Some(29.0 / 230.0));
        assert_eq!(reach.months[1].open_rate, None);
        let total = reach.total();
        assert_eq!((total.campaigns, total.reach, total.opened), (3, 330, 107));
        assert_eq!(total.click_rate, Some(29.0 / 330.0));
    }

    #[test]
    fn nps_of_the_period_of_each_month_and_of_each_event_worked_out_by_hand() {
        let score = |m, d, score, event| Score {
            answered_on: date(2026, m, d),
            score,
            event,
        };
        // April: 10, 9, 8, 6, 0 → 2 promoters, 1 passive, 2 detractors:
        // (2 − 2) / 5 = 0. June: 10, 10, 7 → (2 − 0) / 3 = 66.7.
        // The period: 4 promoters, 2 passives, 2 detractors of 8 → 25.
        let scores = [
            score(4, 2, 10, Some(1)),
            score(4, 3, 9, Some(1)),
            score(4, 3, 8, None),
            score(4, 9, 6, Some(1)),
            score(4, 30, 0, None),
            score(6, 1, 10, None),
            score(6, 2, 10, None),
            score(6, 3, 7, None),
        ];
        let events = vec![EventScores {
            id: 1,
            name: "Reunion".into(),
            date: date(2026, 4, 1),
            // Its three of April and one answered in July.
            scores: vec![10, 9, 6, 5],
        }];
        let reach = compute(april_to_june(), Vec::new(), &scores, events);
        assert_eq!(reach.nps, Nps::from_scores([10, 9, 8, 6, 0, 10, 10, 7]));
        assert_eq!(
            (
                reach.nps.promoters,
                reach.nps.passives,
                reach.nps.detractors
            ),
            (4, 2, 2)
        );
        assert_eq!(reach.nps.score(), Some(25.0));
        let months: Vec<_> = reach
            .nps_months
            .iter()
            .map(|(m, t)| (m.as_str(), t.respondents(), t.score()))
            .collect();
        assert_eq!(
            months,
            [
                ("2026-04", 5, Some(0.0)),
                ("2026-05", 0, None),
                ("2026-06", 3, Some(200.0 / 3.0)),
            ]
        );
        // The reunion: 2 promoters, 2 detractors of 4 → 0.
        assert_eq!(reach.nps_events[0].tally.score(), Some(0.0));
        assert_eq!(reach.nps_events[0].tally.respondents(), 4);
        // All detractors is −100, all promoters 100.
        assert_eq!(Nps::from_scores([0, 3, 6]).score(), Some(-100.0));
        assert_eq!(Nps::from_scores([9, 10]).score(), Some(100.0));
        assert_eq!(Nps::from_scores([7, 8]).score(), Some(0.0));
    }

    #[test]
    fn the_json_names_each_figure() {
        let reach = compute(
            april_to_june(),
            vec![counts("A", date(2026, 4, 10), 200, 190, 57, 19)],
            &[Score {
                answered_on: date(2026, 5, 1),
                score: 9,
                event: None,
            }],
            Vec::new(),
        );
        let (campaigns, nps) = reach.to_json();
        assert_eq!(campaigns["reach"], 190);
        assert_eq!(campaigns["by_campaign"][0]["date"], "2026-04-10");
        assert_eq!(campaigns["by_campaign"][0]["open_rate"], 0.3);
        assert_eq!(campaigns["by_month"][1]["month"], "2026-05");
        assert_eq!(campaigns["by_month"][1]["open_rate"], Value::Null);
        assert_eq!(nps["nps"], 100.0);
        assert_eq!(nps["by_month"][1]["promoters"], 1);
        assert_eq!(nps["by_event"], json!([]));
    }
}
