//! `list --company`, and the exports built on the same filter: past and
//! present employers, folded; `--current-only`.

use super::*;
use crate::common::{parse_csv, refused};

/// The employee IDs `alumni list ARGS --format csv` lists.
fn listed(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list"];
    all.extend(args);
    all.extend(["--format", "csv"]);
    parse_csv(&stdout(env, &all))
        .into_iter()
        .map(|row| row["employee_id"].clone())
        .collect()
}

#[test]
fn company_matches_past_and_present_employers() {
    let env = two_years();
    // 00002 left ミライ for ACME; 00001 and 00005 are there now.
    assert_eq!(
        listed(&env, &["--company", "ミライ"]),
        ["00001", "00002", "00005"]
    );
    assert_eq!(listed(&env, &["--company", "acme"]), ["00002", "00003"]);
}

#[test]
fn current_only_restricts_to_the_current_company() {
    let env = two_years();
    assert_eq!(
        listed(&env, &["--company", "ミライ", "--current-only"]),
        ["00001", "00005"]
    );
}

#[test]
fn company_folds_legal_forms_width_case_and_spaces() {
    let env = two_years();
    for query in [
        "株式会社ミライ",
        "(株)ミライ",
        "㈱ミライ",
        "ﾐﾗｲ",
        "ミライ 株式会社",
    ] {
        assert_eq!(
            listed(&env, &["--company", query, "--current-only"]),
            ["00001", "00005"],
            "{query}"
        );
    }
    for query in ["ＡＣＭＥ", "Acme Inc.", "ACME CO., LTD."] {
        assert_eq!(
            listed(&env, &["--company", query, "--current-only"]),
            ["00002", "00003"],
            "{query}"
        );
    }
    assert_eq!(listed(&env, &["--company", "サクラ"]), ["00004"]);
}

#[test]
fn company_is_found_within_a_name() {
    let env = two_years();
    stderr(
        &env,
        &["edit", "00004", "--current-company", "ミライ工業株式会社"],
    );
    assert_eq!(
        listed(&env, &["--company", "ミライ", "--current-only"]),
        ["00001", "00004", "00005"]
    );
}

#[test]
fn company_combines_with_the_other_filters() {
    let env = two_years();
    assert_eq!(
        listed(&env, &["--company", "ミライ", "--department", "営業部"]),
        ["00001", "00005"]
    );
}

#[test]
fn the_mailing_list_and_the_roster_export_filter_by_company_too() {
    let env = two_years();
    env.conn()
        .execute(
            "UPDATE alumni SET consent = 'opted_in', consent_date = '2025-04-01'",
            [],
        )
        .unwrap();
    env.conn()
        .execute(
            "UPDATE alumni SET consent = 'opted_out' WHERE employee_id = '00005'",
            [],
        )
        .unwrap();
    let mailing = parse_csv(&stdout(
        &env,
        &["export", "mailing-list", "--company", "ミライ"],
    ));
    let emails: Vec<&str> = mailing.iter().map(|r| r["email"].as_str()).collect();
    assert_eq!(emails, ["taro@example.jp", "hanako@example.jp"]);
    let roster = parse_csv(&stdout(
        &env,
        &["export", "roster", "--company", "acme", "--current-only"],
    ));
    let ids: Vec<&str> = roster.iter().map(|r| r["employee_id"].as_str()).collect();
    assert_eq!(ids, ["00002", "00003"]);
}

#[test]
fn an_erased_person_is_never_matched_by_a_past_company() {
    let env = two_years();
    stderr(&env, &["forget", "00002", "--yes"]);
    assert_eq!(listed(&env, &["--company", "ミライ"]), ["00001", "00005"]);
    // Their employers went with the rest of their personal data.
    let left: i64 = env.query(
        "SELECT count(*) FROM career WHERE alumnus_id = \
         (SELECT id FROM alumni WHERE erased_at IS NOT NULL)",
    );
    assert_eq!(left, 0);
}

#[test]
fn current_only_without_company_and_an_empty_company_are_usage_errors() {
    let env = two_years();
    refused(&env, &["list", "--current-only"], 2);
    let err = refused(&env, &["list", "--company", "  "], 2);
    assert!(err.contains("--company"), "{err}");
}
