//! `alumni event invite|register|attend --from FILE`: sign-up sheets in
//! CSV (Shift_JIS) and Excel, matched by email, else employee ID.

use super::*;

#[test]
fn a_shift_jis_sign_up_sheet_matches_by_email_in_any_case_or_width_else_by_employee_id() {
    let env = roster_with_event();
    let output = env
        .alumni(&["event", "register", "1", "--from", &sheet("signup.csv")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(
        statuses(&env, 1),
        map(&[
            ("00123", "registered"), // TARO.YAMADA@EXAMPLE.CO.JP
            ("00124", "registered"), // ｓａｔｏ＠ｅｘａｍｐｌｅ．ｊｐ
            ("00125", "registered"), // an unknown email, a known ID
            ("00127", "registered"), // ００１２７, no email
        ])
    );
    let err = stderr_of(&output);
    assert!(
        err.contains("signup.csv:8: no alumnus with email \"guest@example.com\""),
        "{err}"
    );
    assert!(
        err.contains("signup.csv:9:")
            && err.contains("kenji.matsumoto@example.co.jp")
            && err.contains("\"00299\""),
        "{err}"
    );
    assert!(
        err.contains("signup.csv:10: no email or employee ID"),
        "{err}"
    );
    assert!(
        err.contains("4 registered, 0 already registered or further, 3 unmatched"),
        "{err}"
    );
}

#[test]
fn an_xlsx_sign_up_sheet_is_read_from_its_first_sheet_or_the_one_named() {
    let env = roster_with_event();
    let err = stderr(
        &env,
        &["event", "register", "1", "--from", &sheet("signup.xlsx")],
    );
    assert!(
        err.contains("signup.xlsx:8: no alumnus with email \"guest@partner.example\""),
        "{err}"
    );
    assert_eq!(
        statuses(&env, 1),
        map(&[
            ("00125", "registered"),
            ("00128", "registered"),
            ("00129", "registered"),
            ("00132", "registered"),
        ])
    );
    let err = stderr(
        &env,
        &[
            "event",
            "attend",
            "2026 夏の同窓会",
            "--from",
            &sheet("signup.xlsx"),
            "--sheet",
            "受付",
        ],
    );
    assert!(err.contains("signup.xlsx:5:"), "{err}");
    assert!(
        err.contains("3 attended, 0 already attended, 1 unmatched, 3 contacts logged"),
        "{err}"
    );
    assert_eq!(
        statuses(&env, 1),
        map(&[
            ("00125", "attended"),
            ("00128", "attended"), // ００１２８ on the check-in sheet
            ("00129", "registered"),
            ("00131", "attended"), // came without signing up
            ("00132", "registered"),
        ])
    );
}

#[test]
fn a_sign_up_sheet_that_matches_nobody_records_nothing() {
    let env = roster_with_event();
    let path = env.path("strangers.csv");
    std::fs::write(
        &path,
        "氏名,メールアドレス\n客 一,a@example.org\n客 二,b@example.org\n",
    )
    .unwrap();
    let before = snapshot(&env);
    let args = [
        "event",
        "attend",
        "1",
        "00123",
        "--from",
        path.to_str().unwrap(),
    ];
    let err = refused(&env, &args, 65);
    assert!(
        err.contains("strangers.csv:2:") && err.contains("strangers.csv:3:"),
        "{err}"
    );
    assert!(err.contains("nothing was recorded"), "{err}");
    assert_eq!(snapshot(&env), before);
}

#[test]
fn a_sign_up_sheet_without_an_email_or_employee_id_column_is_refused() {
    let env = roster_with_event();
    let path = env.path("names.csv");
    std::fs::write(&path, "氏名,部署\n山田 太郎,営業部\n").unwrap();
    let before = snapshot(&env);
    let err = refused(
        &env,
        &["event", "attend", "1", "--from", path.to_str().unwrap()],
        65,
    );
    assert!(err.contains("email or employee ID column"), "{err}");
    assert_eq!(snapshot(&env), before);
}

#[test]
fn a_row_whose_email_and_employee_id_name_different_people_goes_by_the_email() {
    let env = roster_with_event();
    let path = env.path("mixed.csv");
    std::fs::write(
        &path,
        "メールアドレス,社員番号\ntaro.yamada@example.co.jp,00124\n",
    )
    .unwrap();
    let err = stderr(
        &env,
        &["event", "register", "1", "--from", path.to_str().unwrap()],
    );
    assert!(
        err.contains("mixed.csv:2: matched 00123 山田 太郎 by email") && err.contains("\"00124\""),
        "{err}"
    );
    assert_eq!(statuses(&env, 1), map(&[("00123", "registered")]));
}
