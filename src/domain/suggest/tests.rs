//! The score worked out by hand on a few candidates.

use jiff::civil::date;

use super::*;

/// The default weights (as the settings have them).
fn weights() -> Weights {
    Weights {
        eligible_yes: 30.0,
        eligible_review: 15.0,
        contact: 2.0,
        event: 6.0,
        survey: 10.0,
        campaign: 4.0,
        left: 20.0,
        tenure: 10.0,
        fit: 20.0,
        min_years: 1.0,
        max_years: 5.0,
    }
}

fn points(score: &Score, factor: &str) -> Option<f64> {
    score
        .parts
        .iter()
        .find(|p| p.reason.factor() == factor)
        .map(|p| p.points)
}

#[test]
fn an_engaged_sales_manager_scores_every_part_as_worked_out_by_hand() {
    let facts = Facts {
        eligibility: Some(Rehire::Yes),
        department: Some("営業部".into()),
        job_title: Some("課長".into()),
        hire_date: Some(date(2015, 4, 1)),
        leave_date: Some(date(2023, 6, 30)),
        inbound: 1,
        outbound: 2,
        events: 2,
        survey_score: Some(9),
        clicked: 1,
        opened: 1,
    };
    let wanted = Wanted {
        position: Some("営業 課長".into()),
        department: None,
    };
    let s = score(&facts, &wanted, &weights(), date(2026, 1, 1));
    // 30 eligible; 2×(2 + 2×1) contacts; 6×2 events; +10 promoter;
    // 4×(1 + ½) campaigns; 20 left 916 days = 2.5 years ago (in 1–5);
    // 10 tenure of 8.2 years (over 5); 20 "課長" in the position + 10 its
    // word "営業" in 営業部.
    assert_eq!(points(&s, "eligibility"), Some(30.0));
    assert_eq!(points(&s, "contacts"), Some(8.0));
    assert_eq!(points(&s, "events"), Some(12.0));
    assert_eq!(points(&s, "survey"), Some(10.0));
    assert_eq!(points(&s, "campaigns"), Some(6.0));
    assert_eq!(points(&s, "left"), Some(20.0));
    assert_eq!(points(&s, "tenure"), Some(10.0));
    assert_eq!(points(&s, "role"), Some(30.0));
    assert_eq!(s.total, 126.0);
    assert_eq!(
        s.parts
            .iter()
            .map(|p| p.reason.factor())
            .collect::<Vec<_>>(),
        [
            "eligibility",
            "contacts",
            "events",
            "survey",
            "campaigns",
            "left",
            "tenure",
            "role"
        ]
    );
    assert!(s.parts.contains(&Part {
        points: 20.0,
        reason: Reason::Left(2.5)
    }));
    assert!(s.parts.contains(&Part {
        points: 10.0,
        reason: Reason::Tenure(8.2)
    }));
}

#[test]
fn a_detractor_loses_the_survey_weight_and_contacts_stop_at_ten_units() {
    let facts = Facts {
        eligibility: Some(Rehire::Review),
        inbound: 8,
        survey_score: Some(3),
        ..Facts::default()
    };
    let s = score(&facts, &Wanted::default(), &weights(), date(2026, 1, 1));
    // 15 review; 8 inbound are 16 units, counted as 10: 20; −10 detractor.
    assert_eq!(points(&s, "eligibility"), Some(15.0));
    assert_eq!(points(&s, "contacts"), Some(20.0));
    assert_eq!(points(&s, "survey"), Some(-10.0));
    assert_eq!(s.total, 25.0);
    // No dates, no role: no part for them.
    assert_eq!(points(&s, "left"), None);
    assert_eq!(points(&s, "tenure"), None);
    assert_eq!(points(&s, "role"), None);
}

#[test]
fn a_passive_score_is_told_but_earns_nothing_and_unknown_eligibility_earns_nothing() {
    let facts = Facts {
        survey_score: Some(8),
        events: 7,
        ..Facts::default()
    };
    let s = score(&facts, &Wanted::default(), &weights(), date(2026, 1, 1));
    assert_eq!(s.parts[0].reason, Reason::Eligible(Rehire::Unknown));
    assert_eq!(points(&s, "eligibility"), Some(0.0));
    assert_eq!(points(&s, "survey"), Some(0.0));
    // Seven events count as five.
    assert_eq!(points(&s, "events"), Some(30.0));
    assert_eq!(s.total, 30.0);
}

#[test]
fn leaving_scores_fully_in_the_sweet_spot_and_less_on_either_side() {
    assert_eq!(since_leaving(0.5, 1.0, 5.0), 0.5);
    assert_eq!(since_leaving(1.0, 1.0, 5.0), 1.0);
    assert_eq!(since_leaving(5.0, 1.0, 5.0), 1.0);
    assert_eq!(since_leaving(10.0, 1.0, 5.0), 0.5);
    assert_eq!(since_leaving(-1.0, 1.0, 5.0), 0.0);
    // Half a year after leaving: 20 × 0.5 / 1; 183 days is 0.50 years.
    let facts = Facts {
        leave_date: Some(date(2025, 6, 30)),
        hire_date: Some(date(2023, 6, 30)),
        ..Facts::default()
    };
    let s = score(&facts, &Wanted::default(), &weights(), date(2025, 12, 30));
    assert_eq!(points(&s, "left").map(tenth), Some(10.0));
    // Two years of tenure: 10 × 2/5 (731 days = 2.001 years).
    assert_eq!(points(&s, "tenure").map(tenth), Some(4.0));
    // Ten years after: 20 × 5/10.
    let s = score(&facts, &Wanted::default(), &weights(), date(2035, 6, 30));
    assert_eq!(points(&s, "left").map(tenth), Some(10.0));
}

#[test]
fn campaigns_count_a_click_whole_and_an_open_half_up_to_five() {
    let mut facts = Facts {
        opened: 3,
        ..Facts::default()
    };
    let s = score(&facts, &Wanted::default(), &weights(), date(2026, 1, 1));
    assert_eq!(points(&s, "campaigns"), Some(6.0));
    facts.clicked = 9;
    let s = score(&facts, &Wanted::default(), &weights(), date(2026, 1, 1));
    assert_eq!(points(&s, "campaigns"), Some(20.0));
}

#[test]
fn the_department_asked_for_matches_the_department_left_from_in_any_width_and_case() {
    let facts = Facts {
        department: Some("ＩＴ企画部".into()),
        job_title: Some("Engineer".into()),
        ..Facts::default()
    };
    let wanted = Wanted {
        position: Some("senior ENGINEER".into()),
        department: Some("it企画".into()),
    };
    let m = role_match(&facts, &wanted);
    assert_eq!(
        m,
        Matched {
            position_title: true,
            position_department: false,
            department: true
        }
    );
    let s = score(&facts, &wanted, &weights(), date(2026, 1, 1));
    assert_eq!(points(&s, "role"), Some(40.0));
    // Nothing asked for: the role is told, for nothing.
    let s = score(&facts, &Wanted::default(), &weights(), date(2026, 1, 1));
    assert_eq!(points(&s, "role"), Some(0.0));
    // One-letter words do not match on their own.
    let wanted = Wanted {
        position: Some("a b".into()),
        department: None,
    };
    assert_eq!(role_match(&facts, &wanted), Matched::default());
}

#[test]
fn ties_go_to_the_better_eligibility_then_the_older_record() {
    let mut rows = [
        (10.0, Rehire::Unknown, 1),
        (10.0, Rehire::Yes, 3),
        (12.0, Rehire::Review, 4),
        (10.0, Rehire::Yes, 2),
    ];
    rows.sort_by(|a, b| rank_order(*a, *b));
    assert_eq!(rows.iter().map(|r| r.2).collect::<Vec<_>>(), [4, 2, 3, 1]);
}

#[test]
fn the_window_is_the_twelve_months_up_to_and_including_the_day() {
    let w = window(date(2026, 3, 31));
    assert_eq!((w.from, w.to), (date(2025, 4, 1), date(2026, 3, 31)));
    let w = window(date(2024, 2, 29));
    assert_eq!((w.from, w.to), (date(2023, 3, 1), date(2024, 2, 29)));
}
