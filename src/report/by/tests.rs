//! Unit tests of the split report on a small hand-made history.

use super::*;
use crate::domain::History;
use crate::report::kpi::tests::{entered, stages};
use jiff::civil::{Date, date};

fn app(
    kind: &str,
    source: Option<&str>,
    department: Option<&str>,
    entries: &[(usize, Date)],
) -> Application {
    Application {
        kind: crate::domain::Kind::from_stored(kind).expect("a kind"),
        source: source.map(String::from),
        department: department.map(String::from),
        history: History {
            opened_on: entries[0].1,
            entries: entries.to_vec(),
        },
        ..Default::default()
    }
}

/// The history of the `kpi` tests, with departments:
/// A (rehire, event, 営業部): contacted 4/1, offer 5/1, accepted 5/10, rejoined 6/1.
/// B (rehire, newsletter, 開発部): contacted 4/5, interview 4/20, offer 5/5.
/// C (rehire, no source, no department): contacted 4/10, applied 4/15.
/// D (referral, no source, 営業部): applied 7/1, rejoined 9/1.
fn history() -> Vec<Application> {
    vec![
        app(
            "rehire",
            Some("event"),
            Some("営業部"),
            &[
                (0, date(2026, 4, 1)),
                (5, date(2026, 5, 1)),
                (6, date(2026, 5, 10)),
                (7, date(2026, 6, 1)),
            ],
        ),
        app(
            "rehire",
            Some("newsletter"),
            Some("開発部"),
            &[
                (0, date(2026, 4, 5)),
                (4, date(2026, 4, 20)),
                (5, date(2026, 5, 5)),
            ],
        ),
        app(
            "rehire",
            None,
            Some(" "),
            &[(0, date(2026, 4, 10)), (2, date(2026, 4, 15))],
        ),
        app(
            "referral",
            None,
            Some("営業部"),
            &[(2, date(2026, 7, 1)), (7, date(2026, 9, 1))],
        ),
    ]
}

fn fy2026() -> Period {
    Period {
        from: date(2026, 4, 1),
        to: date(2027, 3, 31),
    }
}

fn month(year: i32, number: u8) -> Month {
    Month::new(year, number).unwrap()
}

fn actuals(group: &Group) -> Vec<u64> {
    group.report.stages.iter().map(|s| s.actual).collect()
}

fn keys(groups: &[Group]) -> Vec<&str> {
    groups.iter().map(|g| g.key.as_str()).collect()
}

fn over(period: Period, by: By, start: u8) -> Vec<Group> {
    over_time(
        &stages(),
        &history(),
        spans(period, by, start),
        Counting::Activity,
        |_| Ok(Inputs::default()),
    )
    .unwrap()
}

fn split_by(by: By, whole: &Inputs, targets: &[TargetRow]) -> Vec<Group> {
    let stages = stages();
    let split = Split {
        stages: &stages,
        whole,
        period: fy2026(),
        counting: Counting::Activity,
    };
    match by {
        By::Department => by_department(&split, &history(), targets),
        By::Kind => by_kind(&split, &history(), targets),
        _ => by_source(&split, &history()),
    }
}

/// Sums each stage's actual over the groups.
fn summed(groups: &[Group]) -> Vec<u64> {
    (0..8)
        .map(|i| groups.iter().map(|g| g.report.stages[i].actual).sum())
        .collect()
}

#[test]
fn each_month_counts_the_stages_reached_in_it() {
    let months = over(fy2026(), By::Month, 4);
    assert_eq!(months.len(), 12);
    assert_eq!(months[0].key, "2026-04");
    assert_eq!(months[0].label_ja, "2026年4月");
    assert_eq!(months[11].key, "2027-03");
    assert_eq!(
        (months[11].report.period.from, months[11].report.period.to),
        (date(2027, 3, 1), date(2027, 3, 31))
    );
    // April: A, B and C contacted; B and C got to applied (B skipping
    // to interview), A skipped past interested only in May.
    assert_eq!(actuals(&months[0]), [3, 2, 2, 1, 1, 0, 0, 0]);
    // May: A skipped from contacted to offer and was accepted; B offer.
    assert_eq!(actuals(&months[1]), [0, 1, 1, 1, 1, 2, 1, 0]);
    assert_eq!(actuals(&months[2]), [0, 0, 0, 0, 0, 0, 0, 1]);
    // July: D applied (contacted and interested skipped); September:
    // D rejoined, skipping screening to accepted.
    assert_eq!(actuals(&months[3]), [1, 1, 1, 0, 0, 0, 0, 0]);
    assert_eq!(actuals(&months[4]), [0; 8]);
    assert_eq!(actuals(&months[5]), [0, 0, 0, 1, 1, 1, 1, 1]);
    let hires: Vec<u64> = months.iter().map(|m| m.report.metrics.hires).collect();
    assert_eq!(hires, [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn monthly_activity_adds_up_to_the_whole_period() {
    let whole = kpi::compute(
        &stages(),
        &history(),
        &Inputs::default(),
        fy2026(),
        Counting::Activity,
    );
    let whole: Vec<u64> = whole.stages.iter().map(|s| s.actual).collect();
    assert_eq!(whole, [4, 4, 4, 3, 3, 3, 2, 2]);
    assert_eq!(summed(&over(fy2026(), By::Month, 4)), whole);
    assert_eq!(summed(&over(fy2026(), By::Quarter, 4)), whole);
}

#[test]
fn fiscal_quarters_start_with_the_fiscal_year() {
    let quarters = over(fy2026(), By::Quarter, 4);
    assert_eq!(
        keys(&quarters),
        ["FY2026 Q1", "FY2026 Q2", "FY2026 Q3", "FY2026 Q4"]
    );
    assert_eq!(quarters[0].label_ja, "2026年度 第1四半期");
    let bounds: Vec<(Date, Date)> = quarters
        .iter()
        .map(|q| (q.report.period.from, q.report.period.to))
        .collect();
    assert_eq!(
        bounds,
        [
            (date(2026, 4, 1), date(2026, 6, 30)),
            (date(2026, 7, 1), date(2026, 9, 30)),
            (date(2026, 10, 1), date(2026, 12, 31)),
            (date(2027, 1, 1), date(2027, 3, 31)),
        ]
    );
    // April to June: A, B, C; July to September: D.
    assert_eq!(actuals(&quarters[0]), [3, 3, 3, 2, 2, 2, 1, 1]);
    assert_eq!(actuals(&quarters[1]), [1; 8]);
}

#[test]
fn calendar_quarters_with_a_january_start_and_clipped_ends() {
    // The same twelve months, with the fiscal year starting in January:
    // April to June is the second quarter of 2026, January to March the
    // first of 2027.
    let quarters = over(fy2026(), By::Quarter, 1);
    assert_eq!(
        keys(&quarters),
        ["FY2026 Q2", "FY2026 Q3", "FY2026 Q4", "FY2027 Q1"]
    );
    assert_eq!(quarters[3].report.period.from, date(2027, 1, 1));
    // A period that starts and ends inside quarters is clipped to them.
    let may_to_november = Period {
        from: date(2026, 5, 1),
        to: date(2026, 11, 30),
    };
    let clipped = spans(may_to_november, By::Quarter, 4);
    let bounds: Vec<(&str, Date, Date)> = clipped
        .iter()
        .map(|(name, span)| (name.key.as_str(), span.from, span.to))
        .collect();
    assert_eq!(
        bounds,
        [
            ("FY2026 Q1", date(2026, 5, 1), date(2026, 6, 30)),
            ("FY2026 Q2", date(2026, 7, 1), date(2026, 9, 30)),
            ("FY2026 Q3", date(2026, 10, 1), date(2026, 11, 30)),
        ]
    );
    assert_eq!(quarter_of(month(2027, 3), 4), (2026, 4));
    assert_eq!(quarter_of(month(2026, 4), 4), (2026, 1));
    assert_eq!(quarter_of(month(2026, 1), 1), (2026, 1));
    assert_eq!(quarter_of(month(2026, 12), 1), (2026, 4));
    // November start: November to January is Q1 of the year it starts in.
    assert_eq!(quarter_of(month(2027, 1), 11), (2026, 1));
    assert_eq!(quarter_of(month(2027, 2), 11), (2026, 2));
}

fn target(month: &str, stage: &str, department: &str, kind: &str, count: u64) -> TargetRow {
    TargetRow {
        month: month.parse().unwrap(),
        stage: stage.into(),
        label_en: stage.into(),
        label_ja: stage.into(),
        department: department.into(),
        kind: crate::domain::Kind::from_stored(kind),
        count,
    }
}

fn targets() -> Vec<TargetRow> {
    vec![
        target("2026-06", "rejoined", "", "", 5),
        target("2026-06", "rejoined", "営業部", "", 2),
        target("2026-09", "rejoined", "営業部", "referral", 1),
        target("2026-06", "rejoined", "", "referral", 1),
        target("2026-05", "offer", "人事部", "rehire", 3),
    ]
}

fn spend() -> Inputs {
    Inputs {
        targets: [("rejoined".to_string(), 9)].into(),
        spend: vec![
            ("event".into(), entered(300_000)),
            ("fair".into(), entered(50_000)),
            ("newsletter".into(), entered(20_000)),
        ],
        all_hires: Some(10),
        engagement: (9, 3),
        ..Inputs::default()
    }
}

#[test]
fn departments_have_their_own_applications_and_targets_but_no_cost() {
    let groups = split_by(By::Department, &spend(), &targets());
    // A department with a target but no application is a group too;
    // C's blank department is none, and comes last.
    assert_eq!(keys(&groups), ["人事部", "営業部", "開発部", "(none)"]);
    assert_eq!(groups[3].label_ja, "(部署なし)");
    assert_eq!(actuals(&groups[0]), [0; 8]);
    assert_eq!(groups[0].report.stages[5].target, Some(3));
    // 営業部: A and D; its targets, 2 + 1 hires, not the company's 5.
    assert_eq!(actuals(&groups[1]), [2, 2, 2, 2, 2, 2, 2, 2]);
    assert_eq!(groups[1].report.stages[7].target, Some(3));
    assert_eq!(actuals(&groups[2]), [1, 1, 1, 1, 1, 1, 0, 0]);
    assert_eq!(groups[2].report.stages[7].target, None);
    assert_eq!(actuals(&groups[3]), [1, 1, 1, 0, 0, 0, 0, 0]);
    assert!(groups[3].report.stages.iter().all(|s| s.target.is_none()));
    assert_eq!(summed(&groups), [4, 4, 4, 3, 3, 3, 2, 2]);
    for group in &groups {
        let m = &group.report.metrics;
        assert_eq!((m.spend, m.cost_per_hire), (0, None), "{}", group.key);
        assert!(m.by_channel.is_empty());
        // What belongs to the alumni or the company stays whole.
        assert_eq!(
            (m.engagement_rate, m.all_hires),
            (Some(1.0 / 3.0), Some(10))
        );
    }
    assert_eq!(groups[1].report.metrics.hires, 2);
}

#[test]
fn kinds_have_their_own_targets() {
    let groups = split_by(By::Kind, &spend(), &targets());
    assert_eq!(keys(&groups), ["rehire", "referral"]);
    assert_eq!(groups[1].label_ja, "リファラル");
    assert_eq!(actuals(&groups[0]), [3, 3, 3, 2, 2, 2, 1, 1]);
    assert_eq!(actuals(&groups[1]), [1; 8]);
    assert_eq!(groups[0].report.stages[5].target, Some(3));
    assert_eq!(groups[0].report.stages[7].target, None);
    // Referral hires: 1 in September for 営業部, 1 for the company.
    assert_eq!(groups[1].report.stages[7].target, Some(2));
    assert_eq!(groups[1].report.stages[7].achievement, Some(0.5));
    assert_eq!(groups[0].report.metrics.cost_per_hire, None);
    assert_eq!(
        groups[0].report.metrics.comeback_conversion,
        Some(1.0 / 3.0)
    );
}

#[test]
fn sources_have_their_channels_spend_and_no_targets() {
    let groups = split_by(By::Source, &spend(), &targets());
    // C and D have no source: their kind is their channel. fair has
    // spend and no applications.
    assert_eq!(
        keys(&groups),
        ["event", "fair", "newsletter", "referral", "rehire"]
    );
    assert_eq!(summed(&groups), [4, 4, 4, 3, 3, 3, 2, 2]);
    assert!(
        groups
            .iter()
            .all(|g| g.report.stages.iter().all(|s| s.target.is_none()))
    );
    let event = &groups[0].report.metrics;
    assert_eq!(
        (event.hires, event.spend, event.cost_per_hire),
        (1, 300_000, Some(300_000.0))
    );
    assert_eq!(
        event.by_channel,
        [crate::report::kpi::ChannelCost {
            channel: "event".to_string(),
            spend: entered(300_000),
            hires: 1,
            cost_per_hire: Some(300_000.0)
        }]
    );
    let fair = &groups[1];
    assert_eq!(actuals(fair), [0; 8]);
    assert_eq!(
        (fair.report.metrics.spend, fair.report.metrics.cost_per_hire),
        (50_000, None)
    );
    let referral = &groups[3].report.metrics;
    assert_eq!((referral.spend, referral.cost_per_hire), (0, Some(0.0)));
}

#[test]
fn a_group_in_json_is_the_report_with_its_key_first() {
    let groups = over(fy2026(), By::Quarter, 4);
    let json = to_json(By::Quarter, &groups);
    assert_eq!(json["by"], "quarter");
    let first = &json["groups"][0];
    assert_eq!(first["group"], "FY2026 Q1");
    assert_eq!(first["from"], "2026-04-01");
    assert_eq!(first["stages"][7]["actual"], 1);
    let fields: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(fields[0], "group");
    let plain = groups[0].report.to_json();
    assert_eq!(fields.len(), plain.as_object().unwrap().len() + 1);
}
