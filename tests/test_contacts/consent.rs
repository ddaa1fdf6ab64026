//! `alumni consent`: the state, date and purpose stored, their defaults,
//! and the values refused.

use super::*;

#[test]
fn consent_stores_state_date_and_purpose_and_show_displays_them() {
    let env = roster();
    let (out, err) = run(
        &env,
        "consent 00123 opted-in --purpose 再雇用・イベントのご案内 --date 令和8年4月1日",
    );
    assert_eq!(out, "");
    assert!(err.contains("00123 山田 太郎"), "{err}");
    let shown: Value = serde_json::from_str(&stdout(&env, "show 00123 --format json")).unwrap();
    assert_eq!(shown["consent"], "opted_in");
    assert_eq!(shown["consent_date"], "2026-04-01");
    assert_eq!(shown["consent_purpose"], "再雇用・イベントのご案内");
    let table = stdout(&env, "show 00123");
    assert!(table.contains("opted_in (2026-04-01"), "{table}");
    let opted_in = parse_csv(&stdout(&env, "list --consent opted_in --format csv"));
    assert_eq!(opted_in.len(), 1);
    assert_eq!(opted_in[0]["employee_id"], "00123");
    let detail: String = env.query("SELECT detail FROM audit WHERE command = 'consent'");
    assert!(detail.contains("opted_in"), "{detail}");
    assert!(!detail.contains("イベント"), "{detail}");
}

#[test]
fn consent_defaults_to_today_and_an_opt_out_keeps_the_purpose_it_withdraws() {
    let env = roster();
    run(
        &env,
        "consent 00124 opted-in --purpose 再雇用のご案内 --date 2026-01-01",
    );
    run(&env, "consent sato@example.jp opted-out");
    assert_eq!(
        column(&env, "00124", "consent").as_deref(),
        Some("opted_out")
    );
    assert_eq!(column(&env, "00124", "consent_date"), Some(day(0)));
    assert_eq!(
        column(&env, "00124", "consent_purpose").as_deref(),
        Some("再雇用のご案内")
    );
    run(&env, "consent 00124 unknown");
    assert_eq!(column(&env, "00124", "consent").as_deref(), Some("unknown"));
    let audits: i64 = env.query("SELECT count(*) FROM audit WHERE command = 'consent'");
    assert_eq!(audits, 3);
}

#[test]
fn consent_refuses_an_unknown_alumnus_a_bad_date_and_a_bad_state() {
    let env = roster();
    refused(&env, "consent 99999 opted-in", 1);
    let err = refused(&env, "consent 00123 opted-in --date 2026-02-30", 65);
    assert!(err.contains("--date"), "{err}");
    refused(&env, "consent 00123 maybe", 2);
}
