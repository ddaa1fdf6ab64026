//! `alumni spend add|list`: yen per month and channel, and the budget.

use serde_json::Value;

use super::{audit, json_rows, refused};
use crate::common::{Env, parse_csv, stderr, stdout};

/// Every spend row: month, channel, budget, amount.
fn spend(env: &Env) -> Vec<(String, String, Option<i64>, i64)> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT month, channel, budget, amount FROM spend ORDER BY month, channel")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn row(
    month: &str,
    channel: &str,
    budget: Option<i64>,
    amount: i64,
) -> (String, String, Option<i64>, i64) {
    (month.into(), channel.into(), budget, amount)
}

#[test]
fn a_second_spend_add_for_the_same_month_and_channel_adds_up() {
    let env = Env::empty();
    let err = stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "event", "50,000"],
    );
    assert!(err.contains("2026-04 event: spent 50,000 yen"), "{err}");
    let err = stderr(
        &env,
        &["spend", "add", "2026/4", "--channel", "event", "70000"],
    );
    assert!(
        err.contains("2026-04 event: spent 120,000 yen (50,000 + 70,000)"),
        "{err}"
    );
    assert_eq!(spend(&env), [row("2026-04", "event", None, 120_000)]);
    assert_eq!(
        audit(&env, "spend add"),
        [
            "2026-04 event: amount 0 -> 50000",
            "2026-04 event: amount 50000 -> 120000"
        ]
    );
}

#[test]
fn amounts_are_read_with_commas_yen_signs_and_man() {
    let env = Env::empty();
    for (month, amount) in [
        ("2026-04", "120,000"),
        ("2026-05", "¥1,200"),
        ("2026-06", "12万"),
        ("2026-07", "1.5万円"),
        ("2026-08", "０"),
    ] {
        stderr(&env, &["spend", "add", month, "--channel", "other", amount]);
    }
    let amounts: Vec<i64> = spend(&env).into_iter().map(|r| r.3).collect();
    assert_eq!(amounts, [120_000, 1_200, 120_000, 15_000, 0]);
}

#[test]
fn channels_are_kept_in_lower_case_and_japanese_names_are_the_usual_keys() {
    let env = Env::empty();
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "Event", "100"],
    );
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "イベント", "200"],
    );
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "リファラル", "300"],
    );
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "Job Board", "400"],
    );
    assert_eq!(
        spend(&env),
        [
            row("2026-04", "event", None, 300),
            row("2026-04", "job board", None, 400),
            row("2026-04", "referral", None, 300),
        ]
    );
}

#[test]
fn budget_sets_the_budget_and_leaves_the_amount() {
    let env = Env::empty();
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "event", "120000"],
    );
    let err = stderr(
        &env,
        &[
            "spend",
            "add",
            "2026-04",
            "--channel",
            "event",
            "--budget",
            "50万",
        ],
    );
    assert!(err.contains("budget 500,000 yen"), "{err}");
    assert_eq!(
        spend(&env),
        [row("2026-04", "event", Some(500_000), 120_000)]
    );
    stderr(
        &env,
        &[
            "spend",
            "add",
            "2026-04",
            "--channel",
            "event",
            "1000",
            "--budget",
            "600000",
        ],
    );
    assert_eq!(
        spend(&env),
        [row("2026-04", "event", Some(600_000), 121_000)]
    );
    assert!(
        audit(&env, "spend add")[1].ends_with("budget (none) -> 500000"),
        "{:?}",
        audit(&env, "spend add")
    );
}

#[test]
fn a_budget_alone_opens_a_month_with_nothing_spent() {
    let env = Env::empty();
    stderr(
        &env,
        &[
            "spend",
            "add",
            "2026-05",
            "--channel",
            "newsletter",
            "--budget",
            "30000",
        ],
    );
    assert_eq!(spend(&env), [row("2026-05", "newsletter", Some(30_000), 0)]);
}

#[test]
fn replace_sets_the_amount_instead_of_adding_to_it() {
    let env = Env::empty();
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "event", "1,200,000"],
    );
    let err = stderr(
        &env,
        &[
            "spend",
            "add",
            "2026-04",
            "--channel",
            "event",
            "120,000",
            "--replace",
        ],
    );
    assert!(err.contains("spent 120,000 yen (was 1,200,000)"), "{err}");
    assert_eq!(spend(&env), [row("2026-04", "event", None, 120_000)]);
}

#[test]
fn amounts_that_are_not_whole_yen_of_zero_or_more_are_bad_data() {
    let env = Env::empty();
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "event", "100"],
    );
    for bad in ["-5", "1.5", "12,00", "たくさん", "2000000000000"] {
        let err = refused(
            &env,
            &["spend", "add", "2026-04", "--channel", "event", bad],
            65,
        );
        assert!(
            err.contains(&format!("AMOUNT {bad:?} is not an amount of yen")),
            "{bad}: {err}"
        );
    }
    let err = refused(
        &env,
        &[
            "spend",
            "add",
            "2026-04",
            "--channel",
            "event",
            "1",
            "--budget",
            "-1",
        ],
        65,
    );
    assert!(err.contains("--budget \"-1\""), "{err}");
}

#[test]
fn a_month_that_is_not_one_and_a_missing_amount_are_refused() {
    let env = Env::empty();
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "event", "100"],
    );
    let err = refused(
        &env,
        &["spend", "add", "2026-04-31", "--channel", "event", "100"],
        65,
    );
    assert!(err.contains("MONTH \"2026-04-31\" is not a month"), "{err}");
    let err = refused(&env, &["spend", "add", "2026-04", "--channel", "event"], 2);
    assert!(err.contains("<AMOUNT>"), "{err}");
    let err = refused(
        &env,
        &[
            "spend",
            "add",
            "2026-04",
            "--channel",
            "event",
            "--budget",
            "1",
            "--replace",
        ],
        2,
    );
    assert!(err.contains("<AMOUNT>"), "{err}");
    let err = refused(
        &env,
        &["spend", "add", "2026-04", "--channel", " ", "100"],
        2,
    );
    assert!(err.contains("--channel is empty"), "{err}");
}

#[test]
fn a_total_that_would_pass_a_trillion_yen_is_refused() {
    let env = Env::empty();
    stderr(
        &env,
        &[
            "spend",
            "add",
            "2026-04",
            "--channel",
            "event",
            "999,999,999,999",
        ],
    );
    let err = refused(
        &env,
        &["spend", "add", "2026-04", "--channel", "event", "2"],
        65,
    );
    assert!(err.contains("correct the amount with --replace"), "{err}");
}

#[test]
fn spend_list_shows_each_month_and_channel_in_all_three_formats_and_by_fiscal_year() {
    let env = Env::empty();
    stderr(
        &env,
        &["spend", "add", "2026-03", "--channel", "event", "10"],
    );
    stderr(
        &env,
        &[
            "spend",
            "add",
            "2026-04",
            "--channel",
            "referral",
            "20",
            "--budget",
            "100",
        ],
    );
    stderr(
        &env,
        &["spend", "add", "2026-04", "--channel", "event", "30"],
    );
    stderr(
        &env,
        &["spend", "add", "2027-04", "--channel", "event", "40"],
    );
    let rows = json_rows(&env, &["spend", "list"]);
    assert_eq!(rows.len(), 4);
    let keys: Vec<String> = rows[0].keys().cloned().collect();
    assert_eq!(keys, ["month", "channel", "budget", "amount"]);
    assert_eq!(rows[1]["month"], "2026-04");
    assert_eq!(rows[1]["channel"], "event");
    assert_eq!(rows[1]["budget"], Value::Null);
    assert_eq!(rows[1]["amount"], 30);
    assert_eq!(rows[2]["channel"], "referral");
    assert_eq!(rows[2]["budget"], 100);

    let csv = parse_csv(&stdout(
        &env,
        &["spend", "list", "--fy", "2026", "--format", "csv"],
    ));
    let months: Vec<(&str, &str, &str, &str)> = csv
        .iter()
        .map(|r| {
            (
                r["month"].as_str(),
                r["channel"].as_str(),
                r["budget"].as_str(),
                r["amount"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        months,
        [
            ("2026-04", "event", "", "30"),
            ("2026-04", "referral", "100", "20")
        ]
    );
    let table = stdout(&env, &["spend", "list", "--fy", "2025"]);
    assert!(
        table.contains("2026-03") && !table.contains("2026-04"),
        "{table}"
    );
    assert!(table.contains("amount"), "{table}");
}
