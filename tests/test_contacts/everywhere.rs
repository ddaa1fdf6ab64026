//! Consent means the same thing on every path: an invitation, a rehire
//! application and a referral are refused for an alumnus who opted out
//! unless `--override-consent REASON` is given, and the reason is stored
//! with what was done; the mailing list follows the `mailing-consent`
//! setting and says so; a consent is typed in either spelling; and `show`
//! displays the history of consent changes.

use super::*;
use crate::common::audit_details;

/// The roster with 00124 佐藤 花子 opted out on 2026-10-01 and one event.
fn opted_out_with_event() -> Env {
    let env = roster();
    run(&env, "consent 00124 opted-out --date 2026-10-01");
    run(&env, "event add 同窓会 --date 2026-08-01 --kind reunion");
    env
}

/// Insists that a refusal names the person by #id and name, says when they
/// opted out, and how to override.
fn names_the_opt_out(err: &str) {
    assert!(err.contains("#2 00124 佐藤 花子 opted out"), "{err}");
    assert!(err.contains("2026-10-01"), "{err}");
    assert!(err.contains("連絡拒否"), "{err}");
    assert!(err.contains("--override-consent REASON"), "{err}");
}

// ---------------------------------------------------------------- event invite

#[test]
fn inviting_an_opted_out_alumnus_is_refused_and_records_no_one() {
    let env = opted_out_with_event();
    let err = refused(&env, "event invite 1 00123 00124", 65);
    names_the_opt_out(&err);
    assert!(
        err.contains("an invitation to an event is refused"),
        "{err}"
    );
    assert!(!err.contains("00123"), "{err}");
    assert_eq!(env.count("attendance"), 0);
}

#[test]
fn an_invitation_refused_for_several_names_each_of_them() {
    let env = opted_out_with_event();
    run(&env, "consent 00126 opted_out --date 2026-09-15");
    let err = refused(&env, "event invite 1 00123 00124 00126 00124", 65);
    assert!(err.contains("2 of the alumni to invite opted out"), "{err}");
    assert!(
        err.contains("#2 00124 佐藤 花子 opted out on 2026-10-01"),
        "{err}"
    );
    assert!(
        err.contains("#4 00126 高橋 美咲 opted out on 2026-09-15"),
        "{err}"
    );
    assert!(err.contains("nothing was recorded"), "{err}");
    assert!(err.contains("--override-consent REASON"), "{err}");
    // Named twice, listed once.
    assert_eq!(err.matches("00124").count(), 1, "{err}");
}

#[test]
fn an_invitation_from_a_sheet_names_the_row_of_the_opted_out_alumnus() {
    let env = roster();
    run(&env, "consent 00123 opted-out --date 2026-10-01");
    run(&env, "event add 同窓会 --date 2026-08-01 --kind reunion");
    let sheet = crate::common::fixture("signup.csv");
    let err = refused(
        &env,
        &format!("event invite 1 --from {}", sheet.display()),
        65,
    );
    // 山田 太郎 is the sheet's first data row, under a title and a header.
    assert!(
        err.contains("signup.csv:4: #1 00123 山田 太郎 opted out"),
        "{err}"
    );
}

#[test]
fn an_overridden_invitation_stores_the_reason_for_the_opted_out_alumnus_only() {
    let env = opted_out_with_event();
    let (_, err) = run(
        &env,
        "event invite 1 00123 00124 --override-consent 本人から参加希望の連絡",
    );
    assert!(err.contains("1 with consent overridden"), "{err}");
    let reason = |employee_id: &str| -> Option<String> {
        env.query(&format!(
            "SELECT t.consent_override FROM attendance t JOIN alumni a ON a.id = t.alumnus_id
             WHERE a.employee_id = '{employee_id}'"
        ))
    };
    assert_eq!(reason("00124").as_deref(), Some("本人から参加希望の連絡"));
    assert_eq!(reason("00123"), None);
    let details = audit_details(&env, "event invite");
    assert_eq!(details.len(), 1);
    assert!(details[0].contains("consent overridden"), "{details:?}");
    assert!(!details[0].contains("本人"), "{details:?}");
}

#[test]
fn an_override_when_nobody_invited_opted_out_is_not_stored() {
    let env = opted_out_with_event();
    let (_, err) = run(&env, "event invite 1 00123 --override-consent 念のため");
    assert!(err.contains("--override-consent ignored"), "{err}");
    let stored: i64 =
        env.query("SELECT count(*) FROM attendance WHERE consent_override IS NOT NULL");
    assert_eq!(stored, 0);
}

#[test]
fn an_opted_out_alumnus_who_registers_or_attends_needs_no_override() {
    let env = opted_out_with_event();
    run(&env, "event register 1 00124");
    run(&env, "event attend 1 00124");
    let status: String = env.query("SELECT status FROM attendance WHERE alumnus_id = 2");
    assert_eq!(status, "attended");
    // The attendance's contact is inbound: the alumnus came.
    let direction: String = env.query("SELECT direction FROM contacts WHERE alumnus_id = 2");
    assert_eq!(direction, "inbound");
}

// ---------------------------------------------------------------- pipeline add

#[test]
fn a_rehire_application_for_an_opted_out_alumnus_is_refused() {
    let env = opted_out_with_event();
    let err = refused(&env, "pipeline add 00124 --position 人事", 65);
    names_the_opt_out(&err);
    assert!(err.contains("a rehire application is refused"), "{err}");
}

#[test]
fn an_overridden_rehire_application_stores_the_reason() {
    let env = opted_out_with_event();
    let (out, err) = run(
        &env,
        "pipeline add 00124 --override-consent 本人から応募（再入社希望）",
    );
    let id: i64 = out.trim().parse().unwrap();
    assert!(
        err.contains("the reason for opening it anyway was recorded"),
        "{err}"
    );
    // Stored normalized, as all typed text is: （） become ().
    let reason: Option<String> = env.query(&format!(
        "SELECT consent_override FROM applications WHERE id = {id}"
    ));
    assert_eq!(reason.as_deref(), Some("本人から応募(再入社希望)"));
    let details = audit_details(&env, "pipeline add");
    assert!(details[0].contains("consent overridden"), "{details:?}");
    assert!(!details[0].contains("本人"), "{details:?}");
}

#[test]
fn an_override_for_an_alumnus_not_opted_out_opens_the_application_without_it() {
    let env = opted_out_with_event();
    let (out, err) = run(&env, "pipeline add 00123 --override-consent 念のため");
    assert!(
        err.contains("--override-consent ignored: 00123 山田 太郎 has not opted out"),
        "{err}"
    );
    let reason: Option<String> = env.query(&format!(
        "SELECT consent_override FROM applications WHERE id = {}",
        out.trim()
    ));
    assert_eq!(reason, None);
    assert!(!audit_details(&env, "pipeline add")[0].contains("overridden"));
}

// ---------------------------------------------------------------- referral add

#[test]
fn a_referral_by_an_opted_out_alumnus_is_refused() {
    let env = opted_out_with_event();
    let err = refused(
        &env,
        "referral add --by 00124 --name 鈴木次郎 --email jiro@example.jp",
        65,
    );
    names_the_opt_out(&err);
    assert!(
        err.contains("recording them as a referrer is refused"),
        "{err}"
    );
}

#[test]
fn an_overridden_referral_stores_the_reason_about_the_referrer() {
    let env = opted_out_with_event();
    let (out, _) = run(
        &env,
        "referral add --by 00124 --name 鈴木次郎 --override-consent 紹介は本人の申し出",
    );
    let id = out.trim();
    let (referrer, reason): (i64, Option<String>) = env
        .conn()
        .query_row(
            &format!("SELECT referrer_id, consent_override FROM applications WHERE id = {id}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(referrer, 2);
    assert_eq!(reason.as_deref(), Some("紹介は本人の申し出"));
    let details = audit_details(&env, "referral add");
    assert!(details[0].contains("consent overridden"), "{details:?}");
    assert!(!details[0].contains("紹介"), "{details:?}");
}

#[test]
fn a_referral_by_an_alumnus_who_did_not_opt_out_needs_no_override() {
    let env = opted_out_with_event();
    let (out, _) = run(&env, "referral add --by 00123 --name 鈴木次郎");
    let reason: Option<String> = env.query(&format!(
        "SELECT consent_override FROM applications WHERE id = {}",
        out.trim()
    ));
    assert_eq!(reason, None);
}

// ---------------------------------------------------------------- the mailing list

/// The roster with one alumnus of each kind: 00123 and 00126 opted in,
/// 00124 opted out, 00125 opted in but erased, the rest unknown (00127
/// has no email).
fn mixed_consent() -> Env {
    let env = roster();
    run(&env, "consent 00123 opted-in --purpose ご案内");
    run(&env, "consent 00126 opted_in");
    run(&env, "consent 00124 opted-out");
    run(&env, "consent 00125 opted-in");
    env.conn()
        .execute(
            "UPDATE alumni SET erased_at = '2026-11-01T00:00:00Z' WHERE employee_id = '00125'",
            [],
        )
        .unwrap();
    env
}

/// The employee IDs of `export mailing-list ARGS` as CSV, and its stderr.
fn mailed(env: &Env, args: &str) -> (Vec<String>, String) {
    let (out, err) = run(env, &format!("export mailing-list {args} --format csv"));
    let ids = parse_csv(&out)
        .iter()
        .map(|row| row["employee_id"].clone())
        .collect();
    (ids, err)
}

#[test]
fn the_mailing_list_holds_only_opted_in_alumni_by_default_and_says_so() {
    let env = mixed_consent();
    let (ids, err) = mailed(&env, "");
    assert_eq!(ids, ["00123", "00126"]);
    // Nine alumni are not erased.
    assert!(
        err.contains(
            "mailing list: opted-in alumni only (mailing-consent = opted-in); 2 of 9 alumni"
        ),
        "{err}"
    );
}

#[test]
fn with_not_opted_out_the_mailing_list_adds_unknown_consent_but_never_opted_out_or_erased() {
    let env = mixed_consent();
    run(&env, "config set mailing-consent not-opted-out");
    let (ids, err) = mailed(&env, "");
    assert_eq!(
        ids,
        [
            "00123", "00126", "00128", "00129", "00130", "00131", "00132"
        ]
    );
    assert!(
        err.contains("(mailing-consent = not-opted-out); 7 of 9 alumni"),
        "{err}"
    );
    assert!(err.contains("unknown consent included"), "{err}");
    // And back: the setting is read on every export.
    run(&env, "config set mailing-consent opted_in");
    assert_eq!(mailed(&env, "").0, ["00123", "00126"]);
}

#[test]
fn the_mailing_list_in_json_holds_the_addresses_and_nothing_about_the_rule() {
    let env = mixed_consent();
    let (out, err) = run(&env, "export mailing-list --format json");
    let rows: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["employee_id", "name", "email", "department"]
    );
    assert!(!out.contains("mailing-consent"), "{out}");
    assert!(err.contains("mailing-consent = opted-in"), "{err}");
}

#[test]
fn the_mailing_list_refuses_a_consent_filter_its_rule_leaves_out() {
    let env = mixed_consent();
    let err = refused(&env, "export mailing-list --consent unknown", 2);
    assert!(err.contains("mailing-consent = opted-in"), "{err}");
    assert!(
        err.contains("alumni config set mailing-consent not-opted-out"),
        "{err}"
    );
    for spelling in ["opted-out", "opted_out"] {
        let err = refused(
            &env,
            &format!("export mailing-list --consent {spelling}"),
            2,
        );
        assert!(err.contains("never includes anyone who opted out"), "{err}");
    }
    run(&env, "config set mailing-consent not-opted-out");
    let (ids, _) = mailed(&env, "--consent unknown --department 営業部");
    assert_eq!(ids, ["00128"]);
}

// ---------------------------------------------------------------- spellings

#[test]
fn a_consent_is_typed_with_a_hyphen_or_an_underscore_everywhere() {
    let env = roster();
    run(&env, "consent 00123 opted_in");
    run(&env, "consent 00124 opted-out");
    for (flag, expected) in [
        ("opted-in", "00123"),
        ("opted_in", "00123"),
        ("opted-out", "00124"),
        ("opted_out", "00124"),
    ] {
        let listed = parse_csv(&stdout(
            &env,
            &format!("list --consent {flag} --format csv"),
        ));
        let ids: Vec<&str> = listed.iter().map(|r| r["employee_id"].as_str()).collect();
        assert_eq!(ids, [expected], "list --consent {flag}");
        let found = parse_csv(&stdout(
            &env,
            &format!("search example --consent {flag} --format csv"),
        ));
        let ids: Vec<&str> = found.iter().map(|r| r["employee_id"].as_str()).collect();
        assert_eq!(ids, [expected], "search --consent {flag}");
        let exported = parse_csv(&stdout(
            &env,
            &format!("export roster --consent {flag} --format csv"),
        ));
        let ids: Vec<&str> = exported.iter().map(|r| r["employee_id"].as_str()).collect();
        assert_eq!(ids, [expected], "export roster --consent {flag}");
    }
    assert_eq!(
        column(&env, "00123", "consent").as_deref(),
        Some("opted_in")
    );
    assert_eq!(
        column(&env, "00124", "consent").as_deref(),
        Some("opted_out")
    );
    let err = refused(&env, "list --consent opted", 2);
    assert!(err.contains("opted-in"), "{err}");
}

// ---------------------------------------------------------------- history

#[test]
fn every_consent_change_is_recorded_with_its_date_and_purpose() {
    let env = roster();
    run(
        &env,
        "consent 00123 opted-in --purpose 再雇用のご案内 --date 2025-04-01",
    );
    run(&env, "consent 00123 opted-out --date 2026-10-01");
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT consent, date, purpose, source FROM consent_changes
             WHERE alumnus_id = 1 ORDER BY id",
        )
        .unwrap();
    let rows: Vec<(String, String, Option<String>, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let purpose = Some("再雇用のご案内".to_string());
    assert_eq!(
        rows,
        [
            (
                "opted_in".into(),
                "2025-04-01".into(),
                purpose.clone(),
                "manual".into()
            ),
            // The opt-out withdraws the purpose consented to before.
            (
                "opted_out".into(),
                "2026-10-01".into(),
                purpose,
                "manual".into()
            ),
        ]
    );
}

#[test]
fn show_displays_the_consent_history_newest_first_in_the_table_and_in_json() {
    let env = roster();
    run(
        &env,
        "consent 00124 opted-in --purpose 再雇用のご案内 --date 2025-04-01",
    );
    run(
        &env,
        "consent 00124 opted-out --purpose メールマガジン --date 2026-10-01",
    );

    let shown: Value = serde_json::from_str(&stdout(&env, "show 00124 --format json")).unwrap();
    let history = shown["consent_history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["consent"], "opted_out");
    assert_eq!(history[0]["date"], "2026-10-01");
    assert_eq!(history[0]["purpose"], "メールマガジン");
    assert_eq!(history[0]["source"], "manual");
    assert_eq!(history[1]["consent"], "opted_in");
    assert_eq!(history[1]["date"], "2025-04-01");
    assert_eq!(history[1]["purpose"], "再雇用のご案内");

    let table = stdout(&env, "show 00124");
    // In the table, consent changes are part of the one timeline, oldest first.
    let section = table
        .find("Timeline / 履歴")
        .unwrap_or_else(|| panic!("no timeline:\n{table}"));
    let after = &table[section..];
    let newer = after.find("2026-10-01").expect("the opt-out");
    let older = after.find("2025-04-01").expect("the opt-in");
    assert!(older < newer, "{after}");
    assert!(after.contains("メールマガジン"), "{after}");
    assert!(after.contains("opted_in"), "{after}");

    // Someone whose consent never changed has an empty history.
    let shown: Value = serde_json::from_str(&stdout(&env, "show 00123 --format json")).unwrap();
    assert_eq!(shown["consent_history"], serde_json::json!([]));
    let table = stdout(&env, "show 00123");
    assert!(table.contains("Timeline / 履歴"), "{table}");
    assert!(!table.contains("consent / 連絡同意"), "{table}");
}

#[test]
fn a_merge_keeps_the_consent_history_of_both_records() {
    let env = roster();
    run(&env, "consent 00123 opted-in --date 2025-04-01");
    let (out, _) = run(&env, "add --name 山田太郎 --employee-id 09123");
    let other = out.trim();
    run(&env, "consent 09123 opted-out --date 2026-10-01");
    run(&env, "merge 00123 09123 --yes");
    let history = |id: &str| -> i64 {
        env.query(&format!(
            "SELECT count(*) FROM consent_changes WHERE alumnus_id = {id}"
        ))
    };
    assert_eq!(history(other), 0);
    let shown: Value = serde_json::from_str(&stdout(&env, "show 00123 --format json")).unwrap();
    let states: Vec<&str> = shown["consent_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["consent"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["opted_out", "opted_in"]);
    assert_eq!(shown["consent"], "opted_out", "an opt-out survives a merge");
}
