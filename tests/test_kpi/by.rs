//! `alumni kpi --by`: the report once per month, quarter, department, kind
//! or source, from a history made with the real commands, each number
//! worked out by hand.

use serde_json::Value;

use super::{actuals, report as kpi_json};
use crate::common::{Env, parse_csv, refused, roster, stdout};

/// Four applications in fiscal year 2026, with departments and channels:
/// 00123 rehire, event, 営業部: contacted 4/1, offer 5/1, accepted 5/10, rejoined 6/1.
/// 00124 rehire, newsletter, 開発部: contacted 4/5, interview 4/20, offer 5/5, declined 5/20.
/// 00125 rehire, no source, no department: contacted 4/10, applied 4/15 (open).
/// referral by 00131, 営業部, cost 100,000: applied 7/1, rejoined 9/1.
/// Spend: 250,000 on events in May.
fn history() -> Env {
    let env = roster();
    let run = |args: &[&str]| -> String { stdout(&env, args).trim().to_string() };
    let a = run(&[
        "pipeline",
        "add",
        "00123",
        "--date",
        "2026-04-01",
        "--source",
        "event",
        "--department",
        "営業部",
    ]);
    for (stage, day) in [
        ("offer", "2026-05-01"),
        ("accepted", "2026-05-10"),
        ("rejoined", "2026-06-01"),
    ] {
        run(&["pipeline", "move", &a, stage, "--date", day]);
    }
    let b = run(&[
        "pipeline",
        "add",
        "00124",
        "--date",
        "2026-04-05",
        "--source",
        "newsletter",
        "--department",
        "開発部",
    ]);
    run(&["pipeline", "move", &b, "interview", "--date", "2026-04-20"]);
    run(&["pipeline", "move", &b, "offer", "--date", "2026-05-05"]);
    run(&[
        "pipeline",
        "close",
        &b,
        "declined",
        "--reason",
        "他社",
        "--date",
        "2026-05-20",
    ]);
    let c = run(&["pipeline", "add", "00125", "--date", "2026-04-10"]);
    run(&["pipeline", "move", &c, "applied", "--date", "2026-04-15"]);
    let d = run(&[
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
        "--department",
        "営業部",
        "--cost",
        "100000",
    ]);
    run(&["pipeline", "move", &d, "rejoined", "--date", "2026-09-01"]);
    run(&["spend", "add", "2026-05", "--channel", "event", "250000"]);
    env
}

fn groups(report: &Value) -> &Vec<Value> {
    report["groups"].as_array().unwrap()
}

#[test]
fn by_month_each_month_of_the_year_is_a_report_of_its_own() {
    let env = history();
    let report = kpi_json(&env, &["--fy", "2026", "--by", "month"]);
    assert_eq!(report["by"], "month");
    let months = groups(&report);
    let keys: Vec<&str> = months
        .iter()
        .map(|m| m["group"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
            "2026-12", "2027-01", "2027-02", "2027-03"
        ]
    );
    assert_eq!(months[1]["from"], "2026-05-01");
    assert_eq!(months[1]["to"], "2026-05-31");
    assert_eq!(months[1]["counting"], "activity");
    // April: three contacted; 00124 skipped to interview, 00125 applied.
    assert_eq!(actuals(&months[0]), [3, 2, 2, 1, 1, 0, 0, 0]);
    // May: 00123 skipped from contacted to offer and accepted; 00124 offer.
    assert_eq!(actuals(&months[1]), [0, 1, 1, 1, 1, 2, 1, 0]);
    assert_eq!(actuals(&months[2]), [0, 0, 0, 0, 0, 0, 0, 1]);
    // July: the referral applied (contacted and interested skipped);
    // September: it rejoined (screening to accepted skipped).
    assert_eq!(actuals(&months[3]), [1, 1, 1, 0, 0, 0, 0, 0]);
    assert_eq!(actuals(&months[4]), [0; 8]);
    assert_eq!(actuals(&months[5]), [0, 0, 0, 1, 1, 1, 1, 1]);
    // The months add up to the year.
    let year = actuals(&kpi_json(&env, &["--fy", "2026"]));
    let summed: Vec<u64> = (0..8)
        .map(|i| months.iter().map(|m| actuals(m)[i]).sum())
        .collect();
    assert_eq!(summed, year);
    // May: one offer accepted, one declined; the events' 250,000.
    let may = &months[1]["metrics"];
    assert_eq!(may["offer_acceptance_rate"], 0.5);
    assert_eq!(may["decline_rate"], 0.5);
    assert_eq!(
        (may["spend"].as_i64(), may["hires"].as_u64()),
        (Some(250000), Some(0))
    );
    assert_eq!(may["cost_per_hire"], Value::Null);
    // June: 00123 rejoined 61 days after opening; July: the referral's cost.
    assert_eq!(months[2]["metrics"]["hires"], 1);
    assert_eq!(months[2]["metrics"]["median_days_to_rejoin"], 61.0);
    assert_eq!(months[3]["metrics"]["spend"], 100000);
}

#[test]
fn by_quarter_follows_the_fiscal_year_start() {
    let env = history();
    let april = kpi_json(&env, &["--fy", "2026", "--by", "quarter"]);
    let quarters = groups(&april);
    let keys: Vec<&str> = quarters
        .iter()
        .map(|q| q["group"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["FY2026 Q1", "FY2026 Q2", "FY2026 Q3", "FY2026 Q4"]);
    assert_eq!(quarters[0]["to"], "2026-06-30");
    assert_eq!(actuals(&quarters[0]), [3, 3, 3, 2, 2, 2, 1, 1]);
    assert_eq!(actuals(&quarters[1]), [1; 8]);

    stdout(&env, &["config", "set", "fiscal-year-start", "1"]);
    let january = kpi_json(
        &env,
        &["--from", "2026-05", "--to", "2027-01", "--by", "quarter"],
    );
    let bounds: Vec<(&str, &str, &str)> = groups(&january)
        .iter()
        .map(|q| {
            (
                q["group"].as_str().unwrap(),
                q["from"].as_str().unwrap(),
                q["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bounds,
        [
            ("FY2026 Q2", "2026-05-01", "2026-06-30"),
            ("FY2026 Q3", "2026-07-01", "2026-09-30"),
            ("FY2026 Q4", "2026-10-01", "2026-12-31"),
            ("FY2027 Q1", "2027-01-01", "2027-01-31"),
        ]
    );
}

#[test]
fn by_department_as_csv_has_a_block_of_stages_per_department() {
    let env = history();
    for args in [
        [
            "2026-06",
            "--stage",
            "rejoined",
            "2",
            "--department",
            "営業部",
        ],
        ["2026-09", "--stage", "offer", "1", "--department", "人事部"],
    ] {
        let mut all = vec!["target", "set"];
        all.extend(args);
        stdout(&env, &all);
    }
    // The company's target is no department's.
    stdout(
        &env,
        &["target", "set", "2026-06", "--stage", "rejoined", "5"],
    );
    let rows = parse_csv(&stdout(
        &env,
        &[
            "kpi",
            "--fy",
            "2026",
            "--by",
            "department",
            "--format",
            "csv",
            "--lang",
            "en",
        ],
    ));
    let departments: Vec<&str> = rows
        .iter()
        .step_by(8)
        .map(|r| r["group"].as_str())
        .collect();
    assert_eq!(departments, ["人事部", "営業部", "開発部", "(none)"]);
    assert_eq!(rows.len(), 32);
    let row = |group: &str, key: &str| {
        rows.iter()
            .find(|r| r["group"] == group && r["key"] == key)
            .unwrap_or_else(|| panic!("no {group} {key}"))
    };
    // 人事部 has a target and nothing else.
    assert_eq!(row("人事部", "offer")["target"], "1");
    assert_eq!(row("人事部", "offer")["actual"], "0");
    // 営業部: 00123 and the referral both rejoined, against its 2.
    let hired = row("営業部", "rejoined");
    assert_eq!(
        (hired["target"].as_str(), hired["actual"].as_str()),
        ("2", "2")
    );
    assert_eq!(hired["achievement"], "100.0%");
    assert_eq!(hired["stage"], "Rejoined");
    assert_eq!(row("営業部", "contacted")["actual"], "2");
    // 開発部: 00124 got to an offer and declined it.
    assert_eq!(row("開発部", "offer")["actual"], "1");
    assert_eq!(row("開発部", "offer")["pass rate to next"], "0.0%");
    assert_eq!(row("開発部", "rejoined")["target"], "");
    // 00125 has no department; no target is set for none.
    assert_eq!(row("(none)", "applied")["actual"], "1");
    assert_eq!(row("(none)", "screening")["actual"], "0");
    assert_eq!(row("(none)", "rejoined")["target"], "");

    // Spend is kept per channel: no department has any.
    let report = kpi_json(&env, &["--fy", "2026", "--by", "department"]);
    for group in groups(&report) {
        assert_eq!(group["metrics"]["spend"], 0);
        assert_eq!(group["metrics"]["cost_per_hire"], Value::Null);
    }
    let ja = stdout(
        &env,
        &[
            "kpi",
            "--fy",
            "2026",
            "--by",
            "department",
            "--format",
            "csv",
            "--lang",
            "ja",
        ],
    );
    assert!(ja.starts_with("\u{feff}グループ,キー,段階"), "{ja}");
    assert!(ja.contains("\n(部署なし),contacted,接触,,1,"), "{ja}");
}

#[test]
fn by_kind_uses_the_targets_of_each_kind() {
    let env = history();
    stdout(
        &env,
        &[
            "target", "set", "2026-09", "--stage", "rejoined", "2", "--kind", "referral",
        ],
    );
    let report = kpi_json(&env, &["--fy", "2026", "--by", "kind"]);
    let kinds = groups(&report);
    assert_eq!(kinds[0]["group"], "rehire");
    assert_eq!(kinds[1]["group"], "referral");
    assert_eq!(actuals(&kinds[0]), [3, 3, 3, 2, 2, 2, 1, 1]);
    assert_eq!(actuals(&kinds[1]), [1; 8]);
    assert_eq!(kinds[0]["stages"][7]["target"], Value::Null);
    assert_eq!(kinds[1]["stages"][7]["target"], 2);
    assert_eq!(kinds[1]["stages"][7]["achievement"], 0.5);
    // One of the three rehires came back.
    assert_eq!(kinds[0]["metrics"]["comeback_conversion"], 1.0 / 3.0);
    assert_eq!(kinds[1]["metrics"]["referral_hires"], 1);
}

#[test]
fn by_source_as_a_table_has_a_heading_and_the_cost_of_each_channel() {
    let env = history();
    let table = stdout(
        &env,
        &[
            "kpi", "--fy", "2026", "--by", "source", "--format", "table", "--lang", "en",
        ],
    );
    assert!(
        table.starts_with(
            "Recruiting KPIs 2026-04-01 – 2027-03-31 by source (counted by activity)\n"
        ),
        "{table}"
    );
    // 00125 has no source: its kind is its channel, as is the referral's.
    let headings: Vec<&str> = table.lines().filter(|l| l.starts_with("■ ")).collect();
    assert_eq!(
        headings,
        [
            "■ event (2026-04-01 – 2027-03-31)",
            "■ newsletter (2026-04-01 – 2027-03-31)",
            "■ referral (2026-04-01 – 2027-03-31)",
            "■ rehire (2026-04-01 – 2027-03-31)",
        ]
    );
    // The event channel: 00123 rejoined for the 250,000 spent on events.
    let event = section(&table, "■ event");
    assert!(
        event.contains("hires 1 (rehires 1, referral 0) · offer acceptance 100.0%"),
        "{event}"
    );
    assert!(
        event.contains("spend ¥250,000 · cost per hire ¥250,000"),
        "{event}"
    );
    let newsletter = section(&table, "■ newsletter");
    assert!(newsletter.contains("declined 100.0%"), "{newsletter}");
    assert!(newsletter.contains("cost per hire –"), "{newsletter}");
    let referral = section(&table, "■ referral");
    assert!(
        referral.contains("spend ¥100,000 · cost per hire ¥100,000"),
        "{referral}"
    );

    let ja = stdout(
        &env,
        &["kpi", "--fy", "2026", "--by", "source", "--lang", "ja"],
    );
    for text in [
        "採用KPI 2026-04-01 – 2027-03-31 チャネル別",
        "■ イベント",
        "■ メールマガジン",
        "段階",
        "実績",
        "入社数 1",
        "採用単価 ¥250,000",
    ] {
        assert!(ja.contains(text), "{text} missing from\n{ja}");
    }
    // The channels are named in Japanese, as the workbook names them.
    for stored in ["■ event", "■ newsletter"] {
        assert!(!ja.contains(stored), "{stored} in\n{ja}");
    }
    let by_department = stdout(&env, &["kpi", "--fy", "2026", "--by", "department"]);
    assert!(by_department.contains("see --by source"), "{by_department}");
    assert!(
        !by_department.contains("cost per hire ¥"),
        "{by_department}"
    );
}

/// The lines of a table from a group's heading to the next heading.
fn section<'a>(table: &'a str, heading: &str) -> &'a str {
    let start = table.find(heading).unwrap();
    let rest = &table[start + heading.len()..];
    &table[start..start + heading.len() + rest.find("■ ").unwrap_or(rest.len())]
}

#[test]
fn by_writes_csv_and_json_files_as_export_does() {
    let env = history();
    stdout(
        &env,
        &[
            "kpi",
            "--fy",
            "2026",
            "--by",
            "month",
            "--out",
            "by-month.json",
        ],
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("by-month.json")).unwrap()).unwrap();
    assert_eq!(written, kpi_json(&env, &["--fy", "2026", "--by", "month"]));

    stdout(
        &env,
        &[
            "export",
            "kpi",
            "--fy",
            "2026",
            "--by",
            "kind",
            "--lang",
            "en",
            "--out",
            "kinds.csv",
        ],
    );
    let text = std::fs::read_to_string(env.path("kinds.csv")).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let rows = parse_csv(text);
    assert_eq!(rows.len(), 16);
    assert_eq!(
        (rows[0]["group"].as_str(), rows[0]["key"].as_str()),
        ("rehire", "contacted")
    );
    assert_eq!(rows[15]["group"], "referral");
    assert_eq!(rows[15]["actual"], "1");
}

#[test]
fn a_period_without_applications_has_empty_months_and_no_departments() {
    let env = roster();
    let months = kpi_json(&env, &["--fy", "2030", "--by", "month"]);
    assert_eq!(groups(&months).len(), 12);
    assert!(groups(&months).iter().all(|m| actuals(m) == [0; 8]));
    let departments = kpi_json(&env, &["--fy", "2030", "--by", "department"]);
    assert_eq!(departments["groups"], serde_json::json!([]));
    let table = stdout(&env, &["kpi", "--fy", "2030", "--by", "source"]);
    assert!(table.contains("No applications in the period."), "{table}");
}

/// A long split report piped into `head` that stops reading: serde_json
/// hides the broken pipe inside its own error, which was once reported as
/// a failure (exit 1, "Broken pipe").
#[test]
fn json_by_month_into_a_closed_pipe_is_not_a_failure() {
    let env = history();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alumni"))
        .env_remove("ALUMNI_DB")
        .arg("--db")
        .arg(env.db_arg())
        .args(["kpi", "--fy", "2026", "--by", "month", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{:?}", output);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn the_workbook_refuses_by() {
    let env = history();
    for args in [
        &[
            "kpi", "--fy", "2026", "--format", "xlsx", "--by", "month", "--out", "x.xlsx",
        ][..],
        &["kpi", "--by", "department", "--out", "x.xlsx"],
        &["kpi", "--by", "month", "--format", "xlsx"],
        &["export", "kpi", "--by", "source", "--out", "x.xlsx"],
    ] {
        let stderr = refused(&env, args, 2);
        assert!(
            stderr.contains("the workbook has its own monthly, channel and department sheets"),
            "{stderr}"
        );
        assert!(
            stderr.contains("--by is for table, csv and json"),
            "{stderr}"
        );
    }
    assert!(!env.path("x.xlsx").exists());
}
