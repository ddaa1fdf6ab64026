//! Money is counted once, where it was recorded: spend entered with
//! `spend add`, an event's cost on the event, an application's own cost on
//! the application. The report, its splits by source and by month, and
//! the workbook's チャネル別 sheet all add the three once; recording event
//! spend where an event already has a cost is warned about, in either
//! language.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::common::{Env, example, roster, stderr, stdout};
use crate::test_workbook::{number, sheet, text, write_workbook};

/// The example (events of ¥300,000 on 2026-08-01 and ¥50,000 in
/// October; applications costing ¥20,000 through an event and ¥100,000
/// as a referral; ¥30,000 entered for the newsletter and ¥50,000 for
/// referrals) with ¥10,000 more entered for events in August and a
/// ¥5,000 study session on 2026-08-20. So:
/// event: entered 10,000 + events 355,000 + applications 20,000 = 385,000;
/// referral: entered 50,000 + applications 100,000 = 150,000;
/// newsletter: entered 30,000. In all 565,000, for one hire.
fn example_with_every_kind_of_cost() -> Env {
    let env = example();
    stdout(
        &env,
        &["spend", "add", "2026-08", "--channel", "event", "10000"],
    );
    stdout(
        &env,
        &[
            "event",
            "add",
            "アルムナイ勉強会",
            "--date",
            "2026-08-20",
            "--kind",
            "seminar",
            "--cost",
            "5000",
        ],
    );
    env
}

const ENTERED: i64 = 90_000;
const EVENTS: i64 = 355_000;
const APPLICATIONS: i64 = 120_000;

#[test]
fn spend_for_the_month_of_an_event_with_a_cost_warns_and_is_still_recorded() {
    let env = roster();
    stdout(
        &env,
        &[
            "event",
            "add",
            "2026 夏の同窓会",
            "--date",
            "2026-08-01",
            "--kind",
            "reunion",
            "--cost",
            "300000",
        ],
    );
    let said = stderr(
        &env,
        &["spend", "add", "2026-08", "--channel", "event", "10000"],
    );
    assert!(
        said.contains(
            "warning: also recorded as event cost: 2026 夏の同窓会 (2026-08-01) ¥300,000"
        ),
        "{said}"
    );
    let said = stderr(
        &env,
        &[
            "--lang",
            "ja",
            "spend",
            "add",
            "2026-08",
            "--channel",
            "イベント",
            "5000",
        ],
    );
    assert!(
        said.contains(
            "警告: イベント費用としても記録されています: 2026 夏の同窓会 (2026-08-01) ¥300,000"
        ),
        "{said}"
    );
    assert_eq!(
        env.query::<i64>("SELECT amount FROM spend WHERE month = '2026-08' AND channel = 'event'"),
        15_000
    );
    // Another channel, or another month, is not the event's money.
    for args in [
        ["spend", "add", "2026-08", "--channel", "sns", "1000"],
        ["spend", "add", "2026-09", "--channel", "event", "1000"],
    ] {
        let said = stderr(&env, &args);
        assert!(!said.contains("also recorded"), "{args:?}: {said}");
    }
}

#[test]
fn an_event_cost_in_a_month_with_event_spend_warns_once_per_event() {
    let env = roster();
    stdout(
        &env,
        &["spend", "add", "2026-08", "--channel", "event", "10000"],
    );
    let said = stderr(
        &env,
        &[
            "event",
            "add",
            "Reunion",
            "--date",
            "2026-08-01",
            "--kind",
            "reunion",
            "--cost",
            "300000",
        ],
    );
    assert!(
        said.contains("warning: also recorded as spend for event in 2026-08: ¥10,000"),
        "{said}"
    );
    assert_eq!(env.count("events"), 1);
    let said = stderr(
        &env,
        &[
            "--lang",
            "ja",
            "event",
            "add",
            "Mixer",
            "--date",
            "2026-08-09",
            "--kind",
            "mixer",
            "--cost",
            "1",
        ],
    );
    assert!(
        said.contains("警告: 2026-08 のイベント向け費用(spend add --channel event)としても記録されています: ¥10,000"),
        "{said}"
    );
    // Without a cost, or in a month without event spend, nothing is said.
    for (name, day, cost) in [("Free", "2026-08-10", "0"), ("Later", "2026-09-01", "5000")] {
        let said = stderr(
            &env,
            &[
                "event", "add", name, "--date", day, "--kind", "mixer", "--cost", cost,
            ],
        );
        assert!(!said.contains("also recorded"), "{name}: {said}");
    }
    // And the spend add of that month names both events with a cost.
    let said = stderr(
        &env,
        &["spend", "add", "2026-08", "--channel", "event", "1"],
    );
    assert_eq!(
        said.matches("also recorded as event cost").count(),
        2,
        "{said}"
    );
}

fn json(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["kpi", "--fy", "2026", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout(env, &all)).unwrap()
}

#[test]
fn the_report_lists_each_kind_of_cost_and_adds_them_once() {
    let env = example_with_every_kind_of_cost();
    let report = json(&env, &[]);
    let m = &report["metrics"];
    assert_eq!(m["entered_spend"], ENTERED);
    assert_eq!(m["event_costs"], EVENTS);
    assert_eq!(m["application_costs"], APPLICATIONS);
    assert_eq!(m["spend"], ENTERED + EVENTS + APPLICATIONS);
    assert_eq!(m["hires"], 1);
    assert_eq!(m["cost_per_hire"], 565_000.0);
    let channels = m["by_channel"].as_array().unwrap();
    let channel = |name: &str| {
        channels
            .iter()
            .find(|c| c["channel"] == name)
            .unwrap_or_else(|| panic!("no channel {name}: {channels:?}"))
    };
    let event = channel("event");
    assert_eq!(
        [
            &event["entered_spend"],
            &event["event_costs"],
            &event["application_costs"],
            &event["spend"]
        ],
        [10_000, 355_000, 20_000, 385_000]
    );
    assert_eq!(event["cost_per_hire"], 385_000.0);
    assert_eq!(channel("referral")["spend"], 150_000);
    assert_eq!(channel("newsletter")["spend"], 30_000);
    let by_channel: i64 = channels.iter().map(|c| c["spend"].as_i64().unwrap()).sum();
    assert_eq!(by_channel, ENTERED + EVENTS + APPLICATIONS);

    // Split by source, every channel's money is in its group alone.
    let split = json(&env, &["--by", "source"]);
    let groups = split["groups"].as_array().unwrap();
    let sum = |key: &str| -> i64 {
        groups
            .iter()
            .map(|g| g["metrics"][key].as_i64().unwrap())
            .sum()
    };
    assert_eq!(sum("entered_spend"), ENTERED);
    assert_eq!(sum("event_costs"), EVENTS);
    assert_eq!(sum("application_costs"), APPLICATIONS);
    assert_eq!(sum("spend"), ENTERED + EVENTS + APPLICATIONS);
    // Month by month, each yen falls in one month.
    let months = json(&env, &["--by", "month"]);
    let spent: i64 = months["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["metrics"]["spend"].as_i64().unwrap())
        .sum();
    assert_eq!(spent, ENTERED + EVENTS + APPLICATIONS);
    let event = groups.iter().find(|g| g["group"] == "event").unwrap();
    assert_eq!(event["metrics"]["spend"], 385_000);
    assert_eq!(event["metrics"]["hires"], 1);
    assert_eq!(event["metrics"]["cost_per_hire"], 385_000.0);
}

fn formulas(path: &std::path::Path, name: &str) -> Range<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_formula(name).unwrap()
}

#[test]
fn the_channel_sheet_lists_where_money_came_from_and_totals_are_sums_of_their_rows() {
    let env = example_with_every_kind_of_cost();
    let path = write_workbook(&env, "kpi.xlsx", &["--lang", "en", "--as-of", "2026-11-30"]);
    let channels = sheet(&path, "By channel");
    let written = formulas(&path, "By channel");
    let header = 3;
    let column = |name: &str| {
        (0..channels.width())
            .find(|&c| text(&channels, header, c) == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (entered, events, applications, spend) = (
        column("Spend entered (input)"),
        column("Event costs"),
        column("Application costs"),
        column("Total spend"),
    );
    let total = (0..channels.height())
        .find(|&r| text(&channels, r, 0) == "Total")
        .unwrap();
    let amount = |r: usize, c: usize| number(&channels, r, c).unwrap_or(0.0);
    let event = (header + 1..total)
        .find(|&r| text(&channels, r, 0) == "event")
        .unwrap();
    assert_eq!(
        [
            amount(event, entered),
            amount(event, events),
            amount(event, applications),
            amount(event, spend)
        ],
        [10_000.0, 355_000.0, 20_000.0, 385_000.0]
    );
    assert_eq!(
        [
            amount(total, entered),
            amount(total, events),
            amount(total, applications),
            amount(total, spend)
        ],
        [
            ENTERED as f64,
            EVENTS as f64,
            APPLICATIONS as f64,
            (ENTERED + EVENTS + APPLICATIONS) as f64
        ]
    );
    // Each row's total spend adds its three parts, as a formula.
    for r in header + 1..total {
        let f = written
            .get_value((r as u32, spend as u32))
            .cloned()
            .unwrap_or_default();
        assert!(f.matches('+').count() == 2, "row {r}: {f}");
        assert_eq!(
            amount(r, spend),
            amount(r, entered) + amount(r, events) + amount(r, applications),
            "row {r}"
        );
    }
    // Every count and amount of the total row is the SUM of exactly the
    // rows above it, and equals it.
    let stages = column("Conversion to hire");
    let summed: Vec<usize> = (1..stages)
        .chain([entered, events, applications, spend])
        .collect();
    for c in summed {
        let first = letters(c);
        let expected = format!("SUM({first}{}:{first}{})", header + 2, total);
        let f = written
            .get_value((total as u32, c as u32))
            .cloned()
            .unwrap_or_default();
        assert_eq!(f.trim_start_matches('='), expected, "column {c}");
        let rows: f64 = (header + 1..total).map(|r| amount(r, c)).sum();
        assert_eq!(amount(total, c), rows, "column {c}");
    }
    // The cost per hire on the sheet and on the alumni sheet is the total
    // once, over the one hire.
    let per_hire = column("Cost per hire");
    assert_eq!(number(&channels, total, per_hire), Some(565_000.0));
    let alumni = sheet(&path, "Alumni metrics");
    let (row, label) = (0..alumni.height())
        .flat_map(|r| (0..alumni.width()).map(move |c| (r, c)))
        .find(|&(r, c)| text(&alumni, r, c) == "Cost per hire")
        .unwrap();
    let value =
        (label + 1..alumni.width()).find_map(|c| match alumni.get_value((row as u32, c as u32)) {
            Some(Data::Float(f)) => Some(*f),
            _ => None,
        });
    assert_eq!(value, Some(565_000.0));
}

/// A column's letters: 0 is A.
fn letters(col: usize) -> String {
    let mut n = col + 1;
    let mut name = Vec::new();
    while n > 0 {
        name.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}
