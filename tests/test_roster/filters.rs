//! The filters of `alumni list`: department, year of leaving, rehire
//! eligibility, tag, consent and limit, and unknown or empty values refused.

use super::*;

const ALL_TEN: [&str; 10] = [
    "00123", "00124", "00125", "00126", "00127", "00128", "00129", "00130", "00131", "00132",
];

#[test]
fn list_filters_by_department() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["list", "--department", "営業部"]),
        ["00123", "00127", "00128"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--department", "開発部"]),
        ["00125", "00129", "00132"]
    );
    assert!(employee_ids(&env, &["list", "--department", "総務部"]).is_empty());
}

#[test]
fn list_department_filter_is_normalized_like_stored_text() {
    let env = roster();
    // Stored as "IT推進室" (the file has full-width ＩＴ).
    assert_eq!(
        employee_ids(&env, &["list", "--department", "ＩＴ推進室"]),
        ["00126"]
    );
    for stray in [" 営業部 ", "\u{3000}営業部\u{3000}", "営業部\t"] {
        assert_eq!(
            employee_ids(&env, &["list", "--department", stray]),
            ["00123", "00127", "00128"],
            "--department {stray:?}"
        );
    }
}

#[test]
fn list_filters_by_year_of_leaving() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["list", "--left-in", "2024"]),
        ["00123", "00124", "00128", "00129", "00130"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--left-in", "2023"]),
        ["00127", "00131"]
    );
    assert!(employee_ids(&env, &["list", "--left-in", "2020"]).is_empty());
}

#[test]
fn list_filters_combine() {
    let env = roster();
    assert_eq!(
        employee_ids(
            &env,
            &["list", "--department", "営業部", "--left-in", "2024"]
        ),
        ["00123", "00128"]
    );
}

#[test]
fn list_filters_by_rehire_eligibility_in_english_or_japanese() {
    let env = roster();
    let yes = ["00123", "00124", "00126", "00129", "00131", "00132"];
    for value in ["yes", "可", "ＹＥＳ"] {
        assert_eq!(
            employee_ids(&env, &["list", "--rehire", value]),
            yes,
            "--rehire {value}"
        );
    }
    for value in ["review", "要相談"] {
        assert_eq!(
            employee_ids(&env, &["list", "--rehire", value]),
            ["00125", "00128"],
            "--rehire {value}"
        );
    }
    for value in ["no", "不可"] {
        assert_eq!(
            employee_ids(&env, &["list", "--rehire", value]),
            ["00130"],
            "--rehire {value}"
        );
    }
    assert_eq!(
        employee_ids(&env, &["list", "--rehire", "unknown"]),
        ["00127"]
    );
}

#[test]
fn list_refuses_an_unknown_rehire_value_as_a_usage_error() {
    let env = roster();
    let stderr = refused(&env, &["list", "--rehire", "たぶん"], 2);
    assert!(stderr.contains("--rehire"), "{stderr}");
    assert!(stderr.contains("たぶん"), "{stderr}");
}

#[test]
fn list_filters_by_a_tag_set_with_edit() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--tags", "OB会,講師"]);
    stdout(&env, &["edit", "00125", "--tags", "講師"]);
    assert_eq!(
        employee_ids(&env, &["list", "--tag", "講師"]),
        ["00123", "00125"]
    );
    assert_eq!(employee_ids(&env, &["list", "--tag", "OB会"]), ["00123"]);
    // Normalized like the stored tags.
    assert_eq!(employee_ids(&env, &["list", "--tag", "ＯＢ会"]), ["00123"]);
    // A whole tag, not part of one.
    assert!(employee_ids(&env, &["list", "--tag", "講"]).is_empty());
}

#[test]
fn list_filters_by_consent() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["list", "--consent", "unknown"]),
        ALL_TEN
    );
    assert!(employee_ids(&env, &["list", "--consent", "opted_in"]).is_empty());
    // No command sets consent yet; set it as a later command would.
    env.conn()
        .execute(
            "UPDATE alumni SET consent = 'opted_in' WHERE employee_id = '00124'",
            [],
        )
        .unwrap();
    env.conn()
        .execute(
            "UPDATE alumni SET consent = 'opted_out' WHERE employee_id = '00130'",
            [],
        )
        .unwrap();
    assert_eq!(
        employee_ids(&env, &["list", "--consent", "opted_in"]),
        ["00124"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--consent", "opted_out"]),
        ["00130"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--consent", "unknown"]).len(),
        8
    );
}

#[test]
fn list_refuses_an_unknown_consent_as_a_usage_error() {
    let env = roster();
    let stderr = refused(&env, &["list", "--consent", "maybe"], 2);
    assert!(stderr.contains("--consent"), "{stderr}");
}

#[test]
fn list_stops_after_the_limit() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["list", "--limit", "3"]),
        ["00123", "00124", "00125"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--department", "開発部", "--limit", "2"]),
        ["00125", "00129"]
    );
    let json: Value =
        serde_json::from_str(&stdout(&env, &["list", "--limit", "1", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn an_empty_filter_is_a_usage_error_not_everyone() {
    let env = roster();
    let cases: [&[&str]; 3] = [
        &["list", "--department", " "],
        &["list", "--tag", ""],
        &["search", "　"],
    ];
    for args in cases {
        env.alumni(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is empty"));
    }
}
