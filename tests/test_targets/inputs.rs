//! `alumni target rate|rates|hires`: the pass rates assumed from a stage to
//! the next, and the company's hires of each month through every channel,
//! as `target list` shows them beside the targets.

use serde_json::Value;

use super::{audit, json_rows, listed_months, refused};
use crate::common::{Env, parse_csv, stderr, stdout};

/// Every stored assumed rate, by stage key.
fn rates(env: &Env) -> Vec<(String, f64)> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT stage, rate FROM assumed_rates ORDER BY stage")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every stored month of all hires, in order.
pub(super) fn all_hires(env: &Env) -> Vec<(String, i64)> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT month, count FROM all_hires ORDER BY month")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn rate(stage: &str, rate: f64) -> (String, f64) {
    (stage.into(), rate)
}

fn hires(month: &str, count: i64) -> (String, i64) {
    (month.into(), count)
}

// ---------------------------------------------------------------- target rate

#[test]
fn target_rate_stores_a_rate_typed_as_a_fraction_or_a_percentage() {
    let env = Env::empty();
    let err = stderr(&env, &["target", "rate", "interview", "40%"]);
    assert!(
        err.contains("pass rate assumed from interview to offer set to 40%"),
        "{err}"
    );
    stderr(&env, &["target", "rate", "内定", "０．８"]);
    stderr(&env, &["target", "rate", "Applied", "５０％"]);
    stderr(&env, &["target", "rate", "screening", "1"]);
    assert_eq!(
        rates(&env),
        [
            rate("applied", 0.5),
            rate("interview", 0.4),
            rate("offer", 0.8),
            rate("screening", 1.0),
        ]
    );
    assert_eq!(
        audit(&env, "target rate"),
        [
            "interview (to offer): (none) -> 0.4",
            "offer (to accepted): (none) -> 0.8",
            "applied (to screening): (none) -> 0.5",
            "screening (to interview): (none) -> 1",
        ]
    );
}

#[test]
fn target_rate_replaces_the_stored_rate_and_says_what_it_was() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "interview", "40%"]);
    let err = stderr(&env, &["target", "rate", "面接", "0.35"]);
    assert!(err.contains("set to 35% (was 40%)"), "{err}");
    assert_eq!(rates(&env), [rate("interview", 0.35)]);
    assert_eq!(
        audit(&env, "target rate")[1],
        "interview (to offer): 0.4 -> 0.35"
    );
}

#[test]
fn target_rate_of_the_rate_already_stored_changes_nothing() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "interview", "40%"]);
    let before = env.snapshot();
    let err = stderr(&env, &["target", "rate", "interview", "0.4"]);
    assert!(err.contains("is already 40%"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn target_rate_clear_removes_the_rate_and_says_when_there_is_none() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "interview", "40%"]);
    stderr(&env, &["target", "rate", "offer", "80%"]);
    let err = stderr(&env, &["target", "rate", "interview", "--clear"]);
    assert!(
        err.contains("pass rate assumed from interview cleared (was 40%)"),
        "{err}"
    );
    assert_eq!(rates(&env), [rate("offer", 0.8)]);
    assert_eq!(audit(&env, "target rate")[2], "interview: 0.4 -> (none)");
    let before = env.snapshot();
    let err = stderr(&env, &["target", "rate", "interview", "--clear"]);
    assert!(
        err.contains("no pass rate is assumed from interview"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_rate_of_zero_or_less_or_above_one_is_bad_data_naming_the_value() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "interview", "40%"]);
    for bad in ["0", "0%", "-0.5", "150%", "1.01", "60"] {
        let err = refused(&env, &["target", "rate", "interview", bad], 65);
        assert!(
            err.contains(&format!("RATE {bad:?} is out of range")),
            "{bad}: {err}"
        );
        assert!(err.contains("more than 0 and at most 1"), "{bad}: {err}");
    }
    let err = refused(&env, &["target", "rate", "interview", "60"], 65);
    assert!(err.contains("for 60 percent write 60%"), "{err}");
    for bad in ["many", "6割", "", "1e-1"] {
        let err = refused(&env, &["target", "rate", "interview", bad], 65);
        assert!(
            err.contains(&format!("RATE {bad:?} is not a pass rate")),
            "{bad}: {err}"
        );
    }
    assert_eq!(rates(&env), [rate("interview", 0.4)]);
}

#[test]
fn the_last_stage_has_no_next_stage_and_so_no_rate() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "interview", "40%"]);
    let err = refused(&env, &["target", "rate", "入社", "100%"], 65);
    assert!(
        err.contains("STAGE rejoined is the last stage: there is no next stage"),
        "{err}"
    );
}

#[test]
fn an_unknown_stage_in_target_rate_is_bad_data_listing_the_stage_keys() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "interview", "40%"]);
    let err = refused(&env, &["target", "rate", "最終面接", "50%"], 65);
    assert!(err.contains("STAGE: no stage \"最終面接\""), "{err}");
    assert!(err.contains("the stages are contacted,"), "{err}");
}

#[test]
fn target_rate_needs_a_rate_or_clear_but_not_both() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "interview", "40%"]);
    refused(&env, &["target", "rate", "interview"], 2);
    let err = refused(&env, &["target", "rate", "interview", "50%", "--clear"], 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn a_rate_follows_its_stage_when_the_stage_is_renamed() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "interview", "40%"]);
    stderr(&env, &["stages", "rename", "interview", "--key", "meeting"]);
    assert_eq!(rates(&env), [rate("meeting", 0.4)]);
}

// ---------------------------------------------------------------- target rates

#[test]
fn target_rates_lists_the_rates_in_stage_order_with_the_next_stage() {
    let env = Env::empty();
    stderr(&env, &["target", "rate", "offer", "80%"]);
    stderr(&env, &["target", "rate", "interview", "40%"]);
    let rows = json_rows(&env, &["target", "rates"]);
    let keys: Vec<String> = rows[0].keys().cloned().collect();
    assert_eq!(
        keys,
        ["stage", "stage_label", "next_stage", "next_label", "rate"]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["stage"], "interview");
    assert_eq!(rows[0]["stage_label"], "Interview");
    assert_eq!(rows[0]["next_stage"], "offer");
    assert_eq!(rows[0]["next_label"], "Offer");
    assert_eq!(rows[0]["rate"], 0.4);
    assert_eq!(rows[1]["stage"], "offer");
    assert_eq!(rows[1]["next_stage"], "accepted");
    assert_eq!(rows[1]["rate"], 0.8);

    let csv = parse_csv(&stdout(&env, &["target", "rates", "--format", "csv"]));
    assert_eq!(csv[1]["next_label"], "Offer accepted");
    assert_eq!(csv[1]["rate"], "0.8");
    // People read percentages.
    let table = stdout(&env, &["target", "rates"]);
    for text in ["next_stage", "Interview", "40%", "80%"] {
        assert!(table.contains(text), "{text} not in\n{table}");
    }
    stderr(&env, &["config", "set", "default-language", "ja"]);
    let rows = json_rows(&env, &["target", "rates"]);
    assert_eq!(
        (&rows[0]["stage_label"], &rows[0]["next_label"]),
        (&Value::from("面接"), &Value::from("内定"))
    );
}

#[test]
fn target_rates_without_rates_prints_the_csv_header_and_says_so() {
    let env = Env::new();
    // A read needs a database; a new one is empty.
    env.alumni(&["init"]).assert().success();
    let output = env
        .alumni(&["target", "rates", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "\u{feff}stage,stage_label,next_stage,next_label,rate\n"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("no assumed pass rates"));
}

// ---------------------------------------------------------------- target hires

#[test]
fn target_hires_stores_a_months_hires_in_every_form_hr_types_the_month() {
    let env = Env::empty();
    let err = stderr(&env, &["target", "hires", "2026-04", "120"]);
    assert!(err.contains("all hires of 2026-04 set to 120"), "{err}");
    stderr(&env, &["target", "hires", "令和8年5月", "９５"]);
    stderr(&env, &["target", "hires", "2026年6月", "1,020"]);
    stderr(&env, &["target", "hires", "2026/7", "0"]);
    assert_eq!(
        all_hires(&env),
        [
            hires("2026-04", 120),
            hires("2026-05", 95),
            hires("2026-06", 1020),
            hires("2026-07", 0),
        ]
    );
    assert_eq!(
        audit(&env, "target hires")[0],
        "2026-04 all hires: (none) -> 120"
    );
}

#[test]
fn target_hires_replaces_the_stored_number_and_the_same_number_changes_nothing() {
    let env = Env::empty();
    stderr(&env, &["target", "hires", "2026-04", "120"]);
    let err = stderr(&env, &["target", "hires", "2026/4", "130"]);
    assert!(err.contains("set to 130 (was 120)"), "{err}");
    assert_eq!(all_hires(&env), [hires("2026-04", 130)]);
    assert_eq!(
        audit(&env, "target hires"),
        [
            "2026-04 all hires: (none) -> 120",
            "2026-04 all hires: 120 -> 130"
        ]
    );
    let before = env.snapshot();
    let err = stderr(&env, &["target", "hires", "2026-04", "130"]);
    assert!(err.contains("are already 130"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn target_hires_clear_removes_the_months_number() {
    let env = Env::empty();
    stderr(&env, &["target", "hires", "2026-04", "120"]);
    stderr(&env, &["target", "hires", "2026-05", "95"]);
    let err = stderr(&env, &["target", "hires", "2026年4月", "--clear"]);
    assert!(
        err.contains("all hires of 2026-04 cleared (was 120)"),
        "{err}"
    );
    assert_eq!(all_hires(&env), [hires("2026-05", 95)]);
    assert_eq!(
        audit(&env, "target hires")[2],
        "2026-04 all hires: 120 -> (none)"
    );
    let before = env.snapshot();
    let err = stderr(&env, &["target", "hires", "2026-04", "--clear"]);
    assert!(err.contains("no all hires are stored for 2026-04"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_bad_month_or_count_in_target_hires_is_bad_data_and_changes_nothing() {
    let env = Env::empty();
    stderr(&env, &["target", "hires", "2026-04", "120"]);
    let err = refused(&env, &["target", "hires", "2026-13", "1"], 65);
    assert!(err.contains("MONTH \"2026-13\" is not a month"), "{err}");
    for bad in ["-1", "1.5", "many"] {
        let err = refused(&env, &["target", "hires", "2026-04", bad], 65);
        assert!(
            err.contains(&format!("COUNT {bad:?} is not a count")),
            "{bad}: {err}"
        );
    }
    refused(&env, &["target", "hires", "2026-04"], 2);
    refused(&env, &["target", "hires", "2026-04", "5", "--clear"], 2);
}

// ---------------------------------------------------------------- target list

#[test]
fn target_list_shows_a_months_all_hires_after_its_targets_with_no_stage() {
    let env = Env::empty();
    stderr(&env, &["target", "hires", "2026-05", "95"]);
    stderr(&env, &["target", "hires", "2026-04", "120"]);
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    stderr(&env, &["target", "set", "2026-05", "--stage", "offer", "2"]);
    stderr(&env, &["target", "hires", "2027-04", "7"]);
    let rows = json_rows(&env, &["target", "list"]);
    let listed: Vec<(&str, &Value, &str, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["month"].as_str().unwrap(),
                &r["stage"],
                r["stage_label"].as_str().unwrap(),
                r["count"].as_i64().unwrap(),
            )
        })
        .collect();
    let null = Value::Null;
    let (rejoined, offer) = (Value::from("rejoined"), Value::from("offer"));
    assert_eq!(
        listed,
        [
            ("2026-04", &rejoined, "Rejoined", 3),
            ("2026-04", &null, "All hires", 120),
            ("2026-05", &offer, "Offer", 2),
            ("2026-05", &null, "All hires", 95),
            ("2027-04", &null, "All hires", 7),
        ]
    );
    assert_eq!(rows[1]["department"], Value::Null);
    assert_eq!(rows[1]["kind"], Value::Null);
    assert_eq!(
        listed_months(&env, &["target", "list", "--fy", "2027"]),
        ["2027-04"]
    );
    stderr(&env, &["config", "set", "default-language", "ja"]);
    let csv = parse_csv(&stdout(&env, &["target", "list", "--format", "csv"]));
    assert_eq!(csv[1]["stage"], "");
    assert_eq!(csv[1]["stage_label"], "全採用数");
    assert_eq!(csv[1]["count"], "120");
}
