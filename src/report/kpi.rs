//! The KPI report of a period: the funnel table (target, actual,
//! achievement, pass rate, required counts and time in stage per stage) and
//! the metrics below it, each as docs/DATA-MODEL.md ("KPI definitions") defines it.

use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::{Value, json};

use super::funnel;
use super::reach::Reach;
use crate::db::report::{Application, Spend};
use crate::domain::{Counting, Engagement, History, Period};
use crate::domain::{Kind, Outcome, Stage};

/// One row of the funnel table.
#[derive(Clone, Debug, PartialEq)]
pub struct StageRow {
    pub key: String,
    pub label_en: String,
    pub label_ja: String,
    pub target: Option<u64>,
    pub actual: u64,
    pub achievement: Option<f64>,
    /// From this stage to the next; none for the last.
    pub pass_rate: Option<f64>,
    /// The pass rate to the next stage the user assumed, which the
    /// back-calculation uses instead of the observed one.
    pub assumed_rate: Option<f64>,
    /// What this stage needs for the hire target to be met (逆算).
    pub required: Option<u64>,
    pub median_days_in_stage: Option<f64>,
}

/// Everything below the funnel table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    pub hires: u64,
    pub rehire_hires: u64,
    pub referral_hires: u64,
    /// The company's hires through every channel, entered by HR.
    pub all_hires: Option<u64>,
    /// Alumni hires (rehires and referrals) / all hires.
    pub rehire_share: Option<f64>,
    pub offer_acceptance_rate: Option<f64>,
    pub decline_rate: Option<f64>,
    pub median_days_to_rejoin: Option<f64>,
    pub median_months_from_leaving_to_rejoining: Option<f64>,
    pub comeback_conversion: Option<f64>,
    pub contactable_alumni: u64,
    pub engaged_alumni: u64,
    pub engagement_rate: Option<f64>,
    pub invited: u64,
    pub attended: u64,
    pub event_attendance_rate: Option<f64>,
    /// Entered spend, event costs and application costs of the period,
    /// each counted once (`spend` is their total).
    pub spend_parts: Spend,
    pub spend: i64,
    pub cost_per_hire: Option<f64>,
    pub by_channel: Vec<ChannelCost>,
}

/// The spend of one channel, the hires from it and the cost per hire.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelCost {
    pub channel: String,
    pub spend: Spend,
    pub hires: u64,
    pub cost_per_hire: Option<f64>,
}

/// The inputs of a report that are not application histories.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// Target per stage key, summed over the period.
    pub targets: std::collections::HashMap<String, u64>,
    /// Pass rates the user assumed, per stage key (to the next stage).
    pub assumed_rates: std::collections::HashMap<String, f64>,
    /// Per channel, where its money was recorded (see [`Spend`]).
    pub spend: Vec<(String, Spend)>,
    /// (invited, attended) at events in the period.
    pub attendance: (u64, u64),
    /// (contactable, engaged in the twelve months up to the period's end).
    pub engagement: (u64, u64),
    /// The company's hires through every channel in the period's months;
    /// none when no month has a number.
    pub all_hires: Option<u64>,
}

/// The report of one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub period: Period,
    pub counting: Counting,
    /// Whether a campaign's sends made its recipients engaged.
    pub engagement: Engagement,
    pub stages: Vec<StageRow>,
    pub metrics: Metrics,
    /// Campaign reach and NPS of the period; none in the reports of groups
    /// that campaigns and surveys are not split by.
    pub reach: Option<Reach>,
}

/// Computes the report of `period` from the applications and inputs.
pub fn compute(
    stages: &[Stage],
    applications: &[Application],
    inputs: &Inputs,
    period: Period,
    counting: Counting,
) -> Report {
    let histories: Vec<History> = applications.iter().map(|a| a.history.clone()).collect();
    let n = stages.len();
    let reached = funnel::reached(&histories, n, period, counting);
    let observed = funnel::pass_rates(&reached);
    let rates: Vec<Option<f64>> = stages
        .iter()
        .zip(&observed)
        .map(|(stage, observed)| inputs.assumed_rates.get(&stage.key).copied().or(*observed))
        .collect();
    let hire_target = stages
        .last()
        .and_then(|last| inputs.targets.get(&last.key).copied());
    let required = funnel::required(hire_target, &rates);
    let in_stage = funnel::time_in_stage(&histories, n, period);
    let rows = stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let target = inputs.targets.get(&stage.key).copied();
            StageRow {
                key: stage.key.clone(),
                label_en: stage.label_en.clone(),
                label_ja: stage.label_ja.clone(),
                target,
                actual: reached[i],
                achievement: target.and_then(|t| funnel::ratio(reached[i], t)),
                pass_rate: observed[i],
                assumed_rate: inputs.assumed_rates.get(&stage.key).copied(),
                required: required[i],
                median_days_in_stage: in_stage[i],
            }
        })
        .collect();
    Report {
        period,
        counting,
        engagement: Engagement::default(),
        stages: rows,
        metrics: metrics(stages, applications, inputs, period, counting, &reached),
        reach: None,
    }
}

fn metrics(
    stages: &[Stage],
    applications: &[Application],
    inputs: &Inputs,
    period: Period,
    counting: Counting,
    reached: &[u64],
) -> Metrics {
    let last = stages.len().saturating_sub(1);
    let position = |key: &str| stages.iter().position(|s| s.key == key);
    // Which applications count for the period, as the funnel counts them.
    let counts_for = |a: &Application, stage: usize| match counting {
        Counting::Activity => a
            .history
            .reached_on(stage)
            .is_some_and(|d| period.contains(d)),
        Counting::Cohort => {
            period.contains(a.history.opened_on) && a.history.furthest().is_some_and(|f| f >= stage)
        }
    };
    let hired: Vec<&Application> = applications
        .iter()
        .filter(|a| !stages.is_empty() && counts_for(a, last))
        .collect();
    let hires = hired.len() as u64;
    let offer = position("offer");
    let accepted = position("accepted");
    let offers = offer.map_or(0, |o| reached[o]);
    let declined = offer.map_or(0, |o| {
        applications
            .iter()
            .filter(|a| a.outcome == Some(Outcome::Declined) && counts_for(a, o))
            .count() as u64
    });
    let rehires_opened: Vec<&Application> = applications
        .iter()
        .filter(|a| a.kind == Kind::Rehire && period.contains(a.history.opened_on))
        .collect();
    let comeback = rehires_opened
        .iter()
        .filter(|a| a.history.furthest() == Some(last) && !stages.is_empty())
        .count() as u64;
    let spend_parts = inputs
        .spend
        .iter()
        .fold(Spend::default(), |sum, (_, spend)| sum.plus(*spend));
    let spend = spend_parts.total();
    let by_channel = inputs
        .spend
        .iter()
        .map(|(channel, spend)| {
            let hires = hired.iter().filter(|a| a.channel() == channel).count() as u64;
            ChannelCost {
                channel: channel.clone(),
                spend: *spend,
                hires,
                cost_per_hire: (hires > 0).then(|| spend.total() as f64 / hires as f64),
            }
        })
        .collect();
    let (contactable, engaged) = inputs.engagement;
    let (invited, attended) = inputs.attendance;
    let rehire_hires = hired.iter().filter(|a| a.kind == Kind::Rehire).count() as u64;
    let referral_hires = hired.iter().filter(|a| a.kind == Kind::Referral).count() as u64;
    Metrics {
        hires,
        rehire_hires,
        referral_hires,
        all_hires: inputs.all_hires,
        rehire_share: inputs
            .all_hires
            .and_then(|all| funnel::ratio(rehire_hires + referral_hires, all)),
        offer_acceptance_rate: accepted.and_then(|a| funnel::ratio(reached[a], offers)),
        decline_rate: funnel::ratio(declined, offers),
        median_days_to_rejoin: funnel::median(
            hired
                .iter()
                .filter_map(|a| {
                    Some(funnel::days(
                        a.history.opened_on,
                        a.history.reached_on(last)?,
                    ))
                })
                .collect(),
        ),
        median_months_from_leaving_to_rejoining: funnel::median(
            hired
                .iter()
                .filter_map(|a| Some(months_between(a.left_on?, a.history.reached_on(last)?)))
                .collect(),
        ),
        comeback_conversion: funnel::ratio(comeback, rehires_opened.len() as u64),
        contactable_alumni: contactable,
        engaged_alumni: engaged,
        engagement_rate: funnel::ratio(engaged, contactable),
        invited,
        attended,
        event_attendance_rate: funnel::ratio(attended, invited),
        spend_parts,
        spend,
        cost_per_hire: (hires > 0).then(|| spend as f64 / hires as f64),
        by_channel,
    }
}

/// Whole calendar months from one day to another (a month is complete on
/// the same day of the month).
pub fn months_between(from: Date, to: Date) -> i64 {
    let mut months = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month());
    if to.day() < from.day() {
        months -= 1;
    }
    months
}

/// The twelve months up to and including a period's last day, for the
/// engagement rate.
pub fn engagement_window(period: Period) -> Period {
    let from = period
        .to
        .checked_sub(12.months())
        .ok()
        .and_then(|d| d.tomorrow().ok())
        .unwrap_or(period.from);
    Period {
        from,
        to: period.to,
    }
}

impl Report {
    /// The report as JSON, with the field names scripts rely on.
    pub fn to_json(&self) -> Value {
        let m = &self.metrics;
        let mut report = json!({
            "from": self.period.from.to_string(),
            "to": self.period.to.to_string(),
            "counting": match self.counting { Counting::Activity => "activity", Counting::Cohort => "cohort" },
            "engagement": self.engagement.as_str(),
            "stages": self.stages.iter().map(|s| json!({
                "stage": s.key,
                "label_en": s.label_en,
                "label_ja": s.label_ja,
                "target": s.target,
                "actual": s.actual,
                "achievement": s.achievement,
                "pass_rate": s.pass_rate,
                "assumed_rate": s.assumed_rate,
                "required": s.required,
                "median_days_in_stage": s.median_days_in_stage,
            })).collect::<Vec<_>>(),
            "metrics": {
                "hires": m.hires,
                "rehire_hires": m.rehire_hires,
                "referral_hires": m.referral_hires,
                "all_hires": m.all_hires,
                "rehire_share": m.rehire_share,
                "offer_acceptance_rate": m.offer_acceptance_rate,
                "decline_rate": m.decline_rate,
                "median_days_to_rejoin": m.median_days_to_rejoin,
                "median_months_from_leaving_to_rejoining": m.median_months_from_leaving_to_rejoining,
                "comeback_conversion": m.comeback_conversion,
                "contactable_alumni": m.contactable_alumni,
                "engaged_alumni": m.engaged_alumni,
                "engagement_rate": m.engagement_rate,
                "invited": m.invited,
                "attended": m.attended,
                "event_attendance_rate": m.event_attendance_rate,
                "spend": m.spend,
                "entered_spend": m.spend_parts.entered,
                "event_costs": m.spend_parts.events,
                "application_costs": m.spend_parts.applications,
                "cost_per_hire": m.cost_per_hire,
                "by_channel": m.by_channel.iter().map(|c| json!({
                    "channel": c.channel,
                    "spend": c.spend.total(),
                    "entered_spend": c.spend.entered,
                    "event_costs": c.spend.events,
                    "application_costs": c.spend.applications,
                    "hires": c.hires,
                    "cost_per_hire": c.cost_per_hire,
                })).collect::<Vec<_>>(),
            },
        });
        if let Some(reach) = &self.reach {
            let (campaigns, nps) = reach.to_json();
            report["campaigns"] = campaigns;
            report["nps"] = nps;
        }
        report
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use jiff::civil::date;

    /// The eight default stages, labelled by their keys.
    pub(crate) fn stages() -> Vec<Stage> {
        [
            "contacted",
            "interested",
            "applied",
            "screening",
            "interview",
            "offer",
            "accepted",
            "rejoined",
        ]
        .iter()
        .zip(1..)
        .map(|(k, position)| Stage {
            key: k.to_string(),
            label_en: k.to_string(),
            label_ja: k.to_string(),
            position,
        })
        .collect()
    }

    fn app(
        kind: &str,
        source: &str,
        entries: &[(usize, Date)],
        outcome: Option<&str>,
    ) -> Application {
        Application {
            kind: Kind::from_stored(kind).expect("a kind"),
            source: Some(source.into()),
            outcome: outcome.map(|o| Outcome::from_stored(o).expect("an outcome")),
            left_on: Some(date(2024, 3, 31)),
            history: History {
                opened_on: entries[0].1,
                entries: entries.to_vec(),
            },
            ..Default::default()
        }
    }

    fn fy2026() -> Period {
        Period {
            from: date(2026, 4, 1),
            to: date(2027, 3, 31),
        }
    }

    /// Three rehires and a referral, worked out by hand:
    /// A: contacted 4/1 → offer 5/1 → accepted 5/10 → rejoined 6/1.
    /// B: contacted 4/5 → interview 4/20 → offer 5/5, then declined.
    /// C: contacted 4/10 → applied 4/15 (open).
    /// D (referral): applied 7/1 → rejoined 9/1.
    fn history() -> Vec<Application> {
        vec![
            app(
                "rehire",
                "event",
                &[
                    (0, date(2026, 4, 1)),
                    (5, date(2026, 5, 1)),
                    (6, date(2026, 5, 10)),
                    (7, date(2026, 6, 1)),
                ],
                Some("rejoined"),
            ),
            app(
                "rehire",
                "newsletter",
                &[
                    (0, date(2026, 4, 5)),
                    (4, date(2026, 4, 20)),
                    (5, date(2026, 5, 5)),
                ],
                Some("declined"),
            ),
            app(
                "rehire",
                "event",
                &[(0, date(2026, 4, 10)), (2, date(2026, 4, 15))],
                None,
            ),
            app(
                "referral",
                "referral",
                &[(2, date(2026, 7, 1)), (7, date(2026, 9, 1))],
                Some("rejoined"),
            ),
        ]
    }

    #[test]
    fn the_funnel_of_a_fiscal_year_worked_out_by_hand() {
        let inputs = Inputs {
            targets: [("rejoined".to_string(), 4), ("contacted".to_string(), 8)].into(),
            ..Inputs::default()
        };
        let report = compute(&stages(), &history(), &inputs, fy2026(), Counting::Activity);
        let actual: Vec<u64> = report.stages.iter().map(|s| s.actual).collect();
        // Up to applied, all four (D skipped past contacted and interested);
        // screening to offer, A, B and D (C stopped at applied, A and D skipped
        // through); accepted and rejoined, A and D.
        assert_eq!(actual, [4, 4, 4, 3, 3, 3, 2, 2]);
        let first = &report.stages[0];
        assert_eq!(first.target, Some(8));
        assert_eq!(first.achievement, Some(0.5));
        assert_eq!(report.stages[7].achievement, Some(0.5));
        assert_eq!(report.stages[5].pass_rate, Some(2.0 / 3.0));
        assert_eq!(report.stages[7].pass_rate, None);
        // 4 hires needed: accepted→rejoined 1.0 → 4 accepted; offer→accepted 2/3 → 6 offers.
        assert_eq!(report.stages[7].required, Some(4));
        assert_eq!(report.stages[6].required, Some(4));
        assert_eq!(report.stages[5].required, Some(6));
        let m = &report.metrics;
        assert_eq!((m.hires, m.rehire_hires, m.referral_hires), (2, 1, 1));
        assert_eq!(m.offer_acceptance_rate, Some(2.0 / 3.0));
        assert_eq!(m.decline_rate, Some(1.0 / 3.0));
        // A: 4/1 → 6/1 is 61 days; D: 7/1 → 9/1 is 62 days.
        assert_eq!(m.median_days_to_rejoin, Some(61.5));
        // Both left 2024-03-31: 26 and 29 whole months.
        assert_eq!(m.median_months_from_leaving_to_rejoining, Some(27.5));
        // One of the three rehires opened this year came back.
        assert_eq!(m.comeback_conversion, Some(1.0 / 3.0));
    }

    #[test]
    fn an_empty_period_has_blanks_not_errors() {
        let empty = Period {
            from: date(2030, 4, 1),
            to: date(2030, 4, 30),
        };
        let report = compute(
            &stages(),
            &history(),
            &Inputs::default(),
            empty,
            Counting::Activity,
        );
        assert!(
            report
                .stages
                .iter()
                .all(|s| s.actual == 0 && s.pass_rate.is_none())
        );
        assert!(
            report
                .stages
                .iter()
                .all(|s| s.achievement.is_none() && s.required.is_none())
        );
        let m = &report.metrics;
        assert_eq!(m.hires, 0);
        assert_eq!(m.offer_acceptance_rate, None);
        assert_eq!(m.cost_per_hire, None);
        assert_eq!(m.engagement_rate, None);
        assert_eq!(m.median_days_to_rejoin, None);
        let json = report.to_json();
        assert_eq!(json["metrics"]["cost_per_hire"], Value::Null);
    }

    #[test]
    fn cohort_counting_follows_april_openings_to_wherever_they_got() {
        let april = Period {
            from: date(2026, 4, 1),
            to: date(2026, 4, 30),
        };
        let report = compute(
            &stages(),
            &history(),
            &Inputs::default(),
            april,
            Counting::Cohort,
        );
        let actual: Vec<u64> = report.stages.iter().map(|s| s.actual).collect();
        // A, B and C were opened in April; A got to rejoined, B to offer, C to applied.
        assert_eq!(actual, [3, 3, 3, 2, 2, 2, 1, 1]);
        assert_eq!(report.metrics.hires, 1);
    }

    #[test]
    fn cost_per_hire_overall_and_by_channel() {
        let inputs = Inputs {
            spend: vec![
                ("event".into(), entered(300_000)),
                ("referral".into(), entered(100_000)),
                ("newsletter".into(), entered(20_000)),
            ],
            ..Inputs::default()
        };
        let report = compute(&stages(), &history(), &inputs, fy2026(), Counting::Activity);
        let m = &report.metrics;
        assert_eq!(m.spend, 420_000);
        assert_eq!(m.cost_per_hire, Some(210_000.0));
        let channel =
            |c: &ChannelCost| (c.channel.clone(), c.spend.total(), c.hires, c.cost_per_hire);
        assert_eq!(
            channel(&m.by_channel[0]),
            ("event".into(), 300_000, 1, Some(300_000.0))
        );
        assert_eq!(
            channel(&m.by_channel[2]),
            ("newsletter".into(), 20_000, 0, None)
        );
    }

    /// Spend entered with `spend add`, as the tests give it.
    pub(crate) fn entered(amount: i64) -> Spend {
        Spend {
            entered: amount,
            ..Spend::default()
        }
    }

    #[test]
    fn each_kind_of_cost_counts_once_in_the_total_and_the_cost_per_hire() {
        let spend = Spend {
            entered: 1_000,
            events: 20_000,
            applications: 300_000,
        };
        let inputs = Inputs {
            spend: vec![("event".into(), spend), ("referral".into(), entered(4))],
            ..Inputs::default()
        };
        let report = compute(&stages(), &history(), &inputs, fy2026(), Counting::Activity);
        let m = &report.metrics;
        assert_eq!(m.spend, 321_004);
        assert_eq!(
            m.spend_parts,
            Spend {
                entered: 1_004,
                events: 20_000,
                applications: 300_000
            }
        );
        // Two hires in the year.
        assert_eq!(m.cost_per_hire, Some(321_004.0 / 2.0));
        let json = report.to_json();
        let metrics = &json["metrics"];
        assert_eq!(
            [
                &metrics["entered_spend"],
                &metrics["event_costs"],
                &metrics["application_costs"],
                &metrics["spend"]
            ],
            [1_004, 20_000, 300_000, 321_004]
        );
        assert_eq!(metrics["by_channel"][0]["spend"], 321_000);
        assert_eq!(metrics["by_channel"][0]["event_costs"], 20_000);
    }

    #[test]
    fn assumed_pass_rates_win_over_observed_ones_in_the_back_calculation() {
        let inputs = Inputs {
            targets: [("rejoined".to_string(), 3)].into(),
            assumed_rates: [("accepted".to_string(), 0.5)].into(),
            ..Inputs::default()
        };
        let report = compute(&stages(), &history(), &inputs, fy2026(), Counting::Activity);
        assert_eq!(report.stages[6].required, Some(6));
        // The observed rate is still what the table shows, beside the assumed one.
        assert_eq!(report.stages[6].pass_rate, Some(1.0));
        assert_eq!(report.stages[6].assumed_rate, Some(0.5));
        assert_eq!(report.stages[5].assumed_rate, None);
        assert_eq!(report.to_json()["stages"][6]["assumed_rate"], 0.5);
    }

    #[test]
    fn the_rehire_share_is_alumni_hires_over_all_hires_and_blank_without_them() {
        let report = |all_hires: Option<u64>| {
            let inputs = Inputs {
                all_hires,
                ..Inputs::default()
            };
            compute(&stages(), &history(), &inputs, fy2026(), Counting::Activity)
        };
        // A rehire and a referral rejoined in the year: 2 of 8.
        let m = report(Some(8)).metrics;
        assert_eq!((m.all_hires, m.rehire_share), (Some(8), Some(0.25)));
        assert_eq!(report(Some(0)).metrics.rehire_share, None);
        assert_eq!(report(None).metrics.rehire_share, None);
        let json = report(Some(8)).to_json();
        assert_eq!(json["metrics"]["all_hires"], 8);
        assert_eq!(json["metrics"]["rehire_share"], 0.25);
        assert_eq!(report(None).to_json()["metrics"]["all_hires"], Value::Null);
    }

    #[test]
    fn months_between_counts_whole_months() {
        assert_eq!(months_between(date(2024, 3, 31), date(2026, 6, 1)), 26);
        assert_eq!(months_between(date(2024, 3, 1), date(2024, 4, 1)), 1);
        assert_eq!(months_between(date(2024, 3, 2), date(2024, 4, 1)), 0);
    }

    #[test]
    fn engagement_looks_back_twelve_months_from_the_end() {
        let window = engagement_window(fy2026());
        assert_eq!(window.from, date(2026, 4, 1));
        assert_eq!(window.to, date(2027, 3, 31));
    }
}
