//! `alumni kpi`: the report computed from a history made with the real
//! commands, each number worked out by hand.

mod by;
mod funnel;
mod money;
pub mod reach;

use serde_json::Value;

use crate::common::{Env, parse_csv, refused, roster, stdout};

/// Four applications in fiscal year 2026:
/// 00123 rehire: contacted 4/1, offer 5/1, accepted 5/10, rejoined 6/1.
/// 00124 rehire: contacted 4/5, interview 4/20, offer 5/5, declined 5/20.
/// 00125 rehire: contacted 4/10, applied 4/15 (open).
/// referral by 00131: applied 7/1, rejoined 9/1.
fn history() -> Env {
    let env = roster();
    let open = |args: &[&str]| -> String { stdout(&env, args).trim().to_string() };
    let a = open(&[
        "pipeline",
        "add",
        "00123",
        "--date",
        "2026-04-01",
        "--source",
        "event",
    ]);
    for (stage, day) in [
        ("offer", "2026-05-01"),
        ("accepted", "2026-05-10"),
        ("rejoined", "2026-06-01"),
    ] {
        stdout(&env, &["pipeline", "move", &a, stage, "--date", day]);
    }
    let b = open(&[
        "pipeline",
        "add",
        "00124",
        "--date",
        "2026-04-05",
        "--source",
        "newsletter",
    ]);
    stdout(
        &env,
        &["pipeline", "move", &b, "interview", "--date", "2026-04-20"],
    );
    stdout(
        &env,
        &["pipeline", "move", &b, "offer", "--date", "2026-05-05"],
    );
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            &b,
            "declined",
            "--reason",
            "他社",
            "--date",
            "2026-05-20",
        ],
    );
    let c = open(&["pipeline", "add", "00125", "--date", "2026-04-10"]);
    stdout(
        &env,
        &["pipeline", "move", &c, "applied", "--date", "2026-04-15"],
    );
    let d = open(&[
        "referral",
        "add",
        "--by",
        "00131",
        "--name",
        "鈴木 次郎",
        "--date",
        "2026-07-01",
        "--stage",
        "applied",
        "--cost",
        "100000",
    ]);
    stdout(
        &env,
        &["pipeline", "move", &d, "rejoined", "--date", "2026-09-01"],
    );
    env
}

fn report(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["kpi"];
    all.extend(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout(env, &all)).unwrap()
}

fn actuals(report: &Value) -> Vec<u64> {
    report["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["actual"].as_u64().unwrap())
        .collect()
}

#[test]
fn the_fiscal_year_funnel_counts_skipped_stages_as_reached() {
    let env = history();
    let report = report(&env, &["--fy", "2026"]);
    assert_eq!(report["from"], "2026-04-01");
    assert_eq!(report["to"], "2027-03-31");
    assert_eq!(actuals(&report), [4, 4, 4, 3, 3, 3, 2, 2]);
    assert_eq!(report["stages"][5]["pass_rate"], 2.0 / 3.0);
    assert_eq!(report["stages"][7]["pass_rate"], Value::Null);
    let m = &report["metrics"];
    assert_eq!(m["hires"], 2);
    assert_eq!(m["rehire_hires"], 1);
    assert_eq!(m["referral_hires"], 1);
    assert_eq!(m["offer_acceptance_rate"], 2.0 / 3.0);
    assert_eq!(m["decline_rate"], 1.0 / 3.0);
    // 4/1 → 6/1 is 61 days, 7/1 → 9/1 is 62.
    assert_eq!(m["median_days_to_rejoin"], 61.5);
    // 00123 left 2024-03-31 and came back 2026-06-01: 26 whole months.
    assert_eq!(m["median_months_from_leaving_to_rejoining"], 26.0);
    assert_eq!(m["comeback_conversion"], 1.0 / 3.0);
    assert_eq!(m["spend"], 100000);
    assert_eq!(m["cost_per_hire"], 50000.0);
}

#[test]
fn a_month_counts_what_was_reached_in_it() {
    let env = history();
    let may = report(&env, &["--from", "2026-05", "--to", "2026/5"]);
    // In May: A skipped from contacted to offer (interested…offer) and was
    // accepted; B reached offer.
    assert_eq!(actuals(&may), [0, 1, 1, 1, 1, 2, 1, 0]);
    assert_eq!(may["metrics"]["hires"], 0);
    assert_eq!(may["metrics"]["cost_per_hire"], Value::Null);
}

#[test]
fn cohort_counting_follows_april_openings() {
    let env = history();
    let april = report(
        &env,
        &["--from", "2026-04", "--to", "2026-04", "--count", "cohort"],
    );
    assert_eq!(april["counting"], "cohort");
    assert_eq!(actuals(&april), [3, 3, 3, 2, 2, 2, 1, 1]);
}

#[test]
fn an_empty_period_is_blanks_not_errors() {
    let env = roster();
    let empty = report(&env, &["--fy", "2030"]);
    assert_eq!(actuals(&empty), [0; 8]);
    assert!(
        empty["stages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["pass_rate"].is_null())
    );
    assert_eq!(empty["metrics"]["offer_acceptance_rate"], Value::Null);
    let table = stdout(&env, &["kpi", "--fy", "2030"]);
    assert!(
        table.contains("Recruiting KPIs 2030-04-01 – 2031-03-31"),
        "{table}"
    );
}

#[test]
fn the_table_speaks_japanese_or_english() {
    let env = history();
    let ja = stdout(&env, &["kpi", "--fy", "2026", "--lang", "ja"]);
    for label in [
        "採用KPI",
        "目標",
        "実績",
        "達成率",
        "歩留まり率",
        "必要数(逆算)",
        "入社",
        "内定承諾率",
        "採用単価",
    ] {
        assert!(ja.contains(label), "{label} missing from\n{ja}");
    }
    let en = stdout(&env, &["kpi", "--fy", "2026", "--lang", "en"]);
    for label in [
        "Recruiting KPIs",
        "target",
        "actual",
        "achievement",
        "Rejoined",
        "offer acceptance rate",
        "66.7%",
    ] {
        assert!(en.contains(label), "{label} missing from\n{en}");
    }
}

#[test]
fn csv_holds_the_stage_table() {
    let env = history();
    let rows = parse_csv(&stdout(
        &env,
        &["kpi", "--fy", "2026", "--format", "csv", "--lang", "en"],
    ));
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0]["key"], "contacted");
    assert_eq!(rows[7]["key"], "rejoined");
    assert_eq!(rows[7]["actual"], "2");
    assert_eq!(rows[5]["pass rate to next"], "66.7%");
}

#[test]
fn the_fiscal_year_start_setting_moves_the_year() {
    let env = history();
    env.conn()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('fiscal-year-start', '1')",
            [],
        )
        .unwrap();
    let calendar = report(&env, &["--fy", "2026"]);
    assert_eq!(calendar["from"], "2026-01-01");
    assert_eq!(calendar["to"], "2026-12-31");
}

#[test]
fn a_target_gives_achievement_and_the_back_calculation() {
    let env = history();
    stdout(
        &env,
        &["target", "set", "2026-06", "--stage", "rejoined", "3"],
    );
    stdout(
        &env,
        &["target", "set", "2026年9月", "--stage", "入社", "1"],
    );
    stdout(
        &env,
        &["target", "set", "2026/4", "--stage", "contacted", "8"],
    );
    let report = report(&env, &["--fy", "2026"]);
    let rejoined = &report["stages"][7];
    assert_eq!(rejoined["target"], 4);
    assert_eq!(rejoined["achievement"], 0.5);
    assert_eq!(rejoined["required"], 4);
    // accepted → rejoined 2/2, offer → accepted 2/3: 4 accepted, 6 offers.
    assert_eq!(report["stages"][6]["required"], 4);
    assert_eq!(report["stages"][5]["required"], 6);
    assert_eq!(report["stages"][0]["achievement"], 0.5);
}

#[test]
fn bad_periods_are_refused() {
    let env = roster();
    let stderr = refused(&env, &["kpi", "--from", "2026-13"], 65);
    assert!(
        stderr.contains("--from \"2026-13\" is not a month"),
        "{stderr}"
    );
    let stderr = refused(&env, &["kpi", "--from", "2026-06", "--to", "2026-04"], 2);
    assert!(stderr.contains("is after --to"), "{stderr}");
    refused(&env, &["kpi", "--fy", "2026", "--from", "2026-04"], 2);
}

#[test]
fn spend_of_the_period_gives_the_cost_per_hire_overall_and_by_channel() {
    let env = history();
    stdout(
        &env,
        &["spend", "add", "2026-05", "--channel", "event", "250,000"],
    );
    stdout(
        &env,
        &["spend", "add", "2027-04", "--channel", "event", "999999"],
    );
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
            "50000",
        ],
    );
    let m = report(&env, &["--fy", "2026"])["metrics"].clone();
    // 250,000 spent on events and 50,000 on the reunion; 100,000 for the referral.
    assert_eq!(m["spend"], 400000);
    assert_eq!(m["cost_per_hire"], 200000.0);
    let channels = m["by_channel"].as_array().unwrap();
    let event = channels.iter().find(|c| c["channel"] == "event").unwrap();
    assert_eq!(event["spend"], 300000);
    assert_eq!(event["hires"], 1);
    assert_eq!(event["cost_per_hire"], 300000.0);
    let referral = channels
        .iter()
        .find(|c| c["channel"] == "referral")
        .unwrap();
    assert_eq!(
        (referral["spend"].as_i64(), referral["hires"].as_i64()),
        (Some(100000), Some(1))
    );
}

#[test]
fn engagement_and_event_attendance_of_the_year() {
    let env = history();
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
        ],
    );
    stdout(
        &env,
        &["event", "invite", "1", "00123", "00124", "00125", "00126"],
    );
    stdout(&env, &["event", "attend", "1", "00123"]);
    stdout(
        &env,
        &[
            "contact",
            "add",
            "00130",
            "--channel",
            "email",
            "--summary",
            "近況",
            "--date",
            "2026-10-01",
        ],
    );
    stdout(&env, &["consent", "00132", "opted-out"]);
    let m = report(&env, &["--fy", "2026"])["metrics"].clone();
    assert_eq!(
        (m["invited"].as_u64(), m["attended"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(m["event_attendance_rate"], 0.25);
    // Nine alumni may be contacted (00132 opted out); two were in touch.
    assert_eq!(
        (
            m["contactable_alumni"].as_u64(),
            m["engaged_alumni"].as_u64()
        ),
        (Some(9), Some(2))
    );
    assert_eq!(m["engagement_rate"], 2.0 / 9.0);
}

#[test]
fn an_assumed_pass_rate_replaces_the_observed_one_in_the_back_calculation() {
    let env = history();
    stdout(
        &env,
        &["target", "set", "2026-06", "--stage", "rejoined", "4"],
    );
    stdout(&env, &["target", "rate", "offer", "50%"]);
    stdout(&env, &["target", "rate", "面接", "0.8"]);
    let assumed = report(&env, &["--fy", "2026"]);
    let required = |report: &Value| -> Vec<u64> {
        report["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["required"].as_u64().unwrap())
            .collect()
    };
    // Observed: applied → screening 3/4, accepted → rejoined 2/2, the rest
    // 1 but offer → accepted 2/3. Back from 4 hires: 4 accepted; 4 / 0.5 =
    // 8 offers (not 6); 8 / 0.8 = 10 interviews; 10 screened; 10 / 0.75 =
    // 13.3, so 14 applied, interested and contacted.
    assert_eq!(required(&assumed), [14, 14, 14, 10, 10, 8, 4, 4]);
    let offer = &assumed["stages"][5];
    assert_eq!(offer["pass_rate"], 2.0 / 3.0);
    assert_eq!(offer["assumed_rate"], 0.5);
    assert_eq!(assumed["stages"][4]["assumed_rate"], 0.8);
    assert_eq!(assumed["stages"][3]["assumed_rate"], Value::Null);

    // Cleared, the offer's observed 2/3 counts again: 6 offers, 6 / 0.8 =
    // 7.5 so 8 interviews and screened, 8 / 0.75 = 10.7 so 11 before.
    stdout(&env, &["target", "rate", "offer", "--clear"]);
    let observed = report(&env, &["--fy", "2026"]);
    assert_eq!(required(&observed), [11, 11, 11, 8, 8, 6, 4, 4]);

    let table = stdout(&env, &["kpi", "--fy", "2026", "--lang", "ja"]);
    assert!(table.contains("想定歩留まり率"), "{table}");
    let rows = parse_csv(&stdout(
        &env,
        &["kpi", "--fy", "2026", "--format", "csv", "--lang", "en"],
    ));
    assert_eq!(rows[4]["assumed rate"], "80.0%");
    assert_eq!(rows[5]["assumed rate"], "");
}

#[test]
fn all_hires_of_the_periods_months_give_the_rehire_share() {
    let env = history();
    for (month, count) in [
        ("2026-03", "50"),
        ("2026-06", "10"),
        ("2026年7月", "0"),
        ("2026-09", "6"),
        ("2027-04", "100"),
    ] {
        stdout(&env, &["target", "hires", month, count]);
    }
    // Fiscal 2026: 10 + 0 + 6 = 16 hires in all, of which 00123's rehire
    // (June) and the referral (September) are alumni: 2 / 16.
    let m = report(&env, &["--fy", "2026"])["metrics"].clone();
    assert_eq!(m["all_hires"], 16);
    assert_eq!(m["rehire_share"], 0.125);
    // June alone: the rehire of 10.
    let june = report(&env, &["--from", "2026-06", "--to", "2026-06"])["metrics"].clone();
    assert_eq!(
        (june["hires"].as_u64(), june["all_hires"].as_u64()),
        (Some(1), Some(10))
    );
    assert_eq!(june["rehire_share"], 0.1);
    // July has 0 hires in all: no share. August has no number: none of either.
    let july = report(&env, &["--from", "2026-07", "--to", "2026-07"])["metrics"].clone();
    assert_eq!(july["all_hires"], 0);
    assert_eq!(july["rehire_share"], Value::Null);
    let august = report(&env, &["--from", "2026-08", "--to", "2026-08"])["metrics"].clone();
    assert_eq!(august["all_hires"], Value::Null);
    assert_eq!(august["rehire_share"], Value::Null);

    let en = stdout(&env, &["kpi", "--fy", "2026", "--lang", "en"]);
    for text in [
        "all hires (every channel)",
        "rehire share of all hires",
        "12.5%",
    ] {
        assert!(en.contains(text), "{text} missing from\n{en}");
    }
    let ja = stdout(&env, &["kpi", "--fy", "2026", "--lang", "ja"]);
    for text in ["全採用数", "アルムナイ採用比率"] {
        assert!(ja.contains(text), "{text} missing from\n{ja}");
    }
}
