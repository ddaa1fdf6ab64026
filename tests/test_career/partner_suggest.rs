//! `alumni partner suggest`: alumni now at a client's or partner's
//! company, or at a company named, who have no partner record there yet.

use super::*;
use crate::common::{parse_csv, refused};

/// (alumnus id, current_company, since, partner_reason) of each suggestion.
fn suggested(env: &Env, args: &[&str]) -> Vec<(String, String, String, String)> {
    let mut all = vec!["partner", "suggest"];
    all.extend(args);
    all.extend(["--format", "csv"]);
    parse_csv(&stdout(env, &all))
        .into_iter()
        .map(|r| {
            (
                r["alumnus"].clone(),
                r["current_company"].clone(),
                r["since"].clone(),
                r["partner_reason"].clone(),
            )
        })
        .collect()
}

fn suggestion(id: &str, company: &str, since: &str, why: &str) -> (String, String, String, String) {
    (id.into(), company.into(), since.into(), why.into())
}

#[test]
fn alumni_at_a_client_company_are_suggested_except_those_with_a_partner_record_there() {
    let env = two_years();
    // 00001 is a client contact at 株式会社ミライ: 00005, at (株)ミライ, is
    // suggested; 00001 is not (they have the record); nor is 00002, who
    // worked there but left.
    assert_eq!(
        stdout(&env, &["partner", "add", "00001", "--kind", "client"]),
        "1\n"
    );
    assert_eq!(
        suggested(&env, &[]),
        [suggestion(
            "5",
            "(株)ミライ",
            &today(),
            "partner #1 (client)"
        )]
    );
}

#[test]
fn speaker_and_ambassador_records_name_no_company_to_suggest() {
    let env = two_years();
    stdout(&env, &["partner", "add", "00001", "--kind", "speaker"]);
    assert!(suggested(&env, &[]).is_empty());
    // On the screen the message alone says so, with no empty table.
    let out = env.alumni(&["partner", "suggest"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(crate::common::stdout_of(&out), "");
    assert!(
        crate::common::stderr_of(&out).contains("No alumni to suggest"),
        "{}",
        crate::common::stderr_of(&out)
    );
}

#[test]
fn a_company_named_suggests_its_alumni_with_since_from_the_career_history() {
    let env = two_years();
    assert_eq!(
        suggested(&env, &["ACME"]),
        [
            suggestion("2", "ACME Inc.", &today(), "named: ACME"),
            // A new title is no new company: at Acme since 2025.
            suggestion("3", "Acme Co., Ltd.", "2025-04-01", "named: ACME"),
        ]
    );
}

#[test]
fn a_named_company_is_compared_whole_not_within_a_name() {
    let env = two_years();
    stderr(
        &env,
        &["edit", "00004", "--current-company", "ミライ工業株式会社"],
    );
    let ids: Vec<String> = suggested(&env, &["株式会社ミライ"])
        .into_iter()
        .map(|s| s.0)
        .collect();
    assert_eq!(ids, ["1", "5"]);
}

#[test]
fn both_reasons_are_given_when_a_partner_company_is_also_named() {
    let env = two_years();
    stdout(
        &env,
        &[
            "partner",
            "add",
            "00003",
            "--kind",
            "partner",
            "--company",
            "ミライ",
        ],
    );
    let found = suggested(&env, &["ミライ株式会社"]);
    let five = found.iter().find(|s| s.0 == "5").unwrap();
    assert_eq!(five.3, "partner #1 (partner); named: ミライ株式会社");
    // 00003 is at Acme: their record at ミライ does not exclude them from
    // anything, and nobody at Acme is suggested.
    let ids: Vec<&str> = found.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(ids, ["1", "5"]);
}

#[test]
fn an_erased_person_is_never_suggested() {
    let env = two_years();
    stderr(&env, &["forget", "00005", "--yes"]);
    let ids: Vec<String> = suggested(&env, &["ミライ"])
        .into_iter()
        .map(|s| s.0)
        .collect();
    assert_eq!(ids, ["1"]);
}

#[test]
fn suggest_writes_nothing_and_says_when_there_is_nobody() {
    let env = two_years();
    let before = env.snapshot();
    let err = stderr(&env, &["partner", "suggest", "どこにもない会社"]);
    assert!(err.contains("No alumni to suggest"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn suggest_json_and_japanese_reasons() {
    let env = two_years();
    stdout(&env, &["partner", "add", "00001", "--kind", "client"]);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&env, &["partner", "suggest", "--format", "json"])).unwrap();
    assert_eq!(json[0]["alumnus"], 5);
    assert_eq!(json[0]["current_title"], "営業");
    assert_eq!(json[0]["since"], today());
    let ja = stdout(&env, &["--lang", "ja", "partner", "suggest"]);
    assert!(ja.contains("パートナー #1（取引先）"), "{ja}");
    assert!(ja.contains("現在の勤務先"), "{ja}");
}

#[test]
fn an_empty_company_name_is_a_usage_error() {
    let env = two_years();
    refused(&env, &["partner", "suggest", " "], 2);
}
