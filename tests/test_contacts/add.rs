//! `alumni contact add`: what it stores and its defaults, the values it
//! refuses, and its questions on a terminal.

use super::*;

#[test]
fn contact_add_stores_the_contact_prints_its_id_and_audits_without_the_summary() {
    let env = roster();
    let (out, err) = run(
        &env,
        "contact add 00123 --channel email --date 2026/11/2 --summary 再入社の意向を確認 \
         --owner 人事　鈴木 --follow-up 令和8年12月1日",
    );
    assert_eq!(out, "1\n");
    assert!(err.contains("00123 山田 太郎"), "{err}");
    let id: i64 = env.query("SELECT id FROM alumni WHERE employee_id = '00123'");
    let stored: String = env.query(
        "SELECT alumnus_id || '|' || date || '|' || channel || '|' || direction || '|' ||
                summary || '|' || owner || '|' || follow_up FROM contacts WHERE id = 1",
    );
    assert_eq!(
        stored,
        format!("{id}|2026-11-02|email|outbound|再入社の意向を確認|人事 鈴木|2026-12-01")
    );
    let (alumnus, detail): (i64, String) = env
        .conn()
        .query_row(
            "SELECT alumnus_id, detail FROM audit WHERE command = 'contact add'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(alumnus, id);
    assert!(detail.contains("email"), "{detail}");
    assert!(
        !detail.contains("再入社"),
        "personal data in the audit: {detail}"
    );
}

#[test]
fn contact_add_defaults_to_today_outbound_and_the_user_as_owner() {
    let env = roster();
    let id = log(
        &env,
        "taro.yamada@example.co.jp --channel phone --summary 近況確認",
    );
    assert_eq!(contact(&env, id, "date"), Some(day(0)));
    assert_eq!(contact(&env, id, "direction").as_deref(), Some("outbound"));
    assert_eq!(contact(&env, id, "owner").as_deref(), Some("tester"));
    assert_eq!(contact(&env, id, "follow_up"), None);
}

#[test]
fn contact_add_takes_the_owner_from_the_default_owner_setting() {
    let env = roster();
    env.conn()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('default-owner', '採用チーム')",
            [],
        )
        .unwrap();
    let id = log(&env, "00124 --channel sns --summary x");
    assert_eq!(contact(&env, id, "owner").as_deref(), Some("採用チーム"));
    let id = log(&env, "00124 --channel sns --summary x --owner 佐々木");
    assert_eq!(contact(&env, id, "owner").as_deref(), Some("佐々木"));
}

#[test]
fn contact_add_for_an_unknown_alumnus_fails_with_status_1() {
    let env = roster();
    let err = refused(&env, "contact add 99999 --channel email --summary x", 1);
    assert!(err.contains("no alumnus \"99999\""), "{err}");
}

#[test]
fn contact_add_with_an_invalid_date_is_refused_with_status_65() {
    let env = roster();
    let err = refused(
        &env,
        "contact add 00123 --channel email --summary x --date 2026-13-45",
        65,
    );
    assert!(err.contains("--date \"2026-13-45\" is not a date"), "{err}");
    let err = refused(
        &env,
        "contact add 00123 --channel email --summary x --follow-up someday",
        65,
    );
    assert!(err.contains("--follow-up \"someday\""), "{err}");
}

#[test]
fn contact_add_with_a_follow_up_before_the_contact_is_refused() {
    let env = roster();
    let err = refused(
        &env,
        "contact add 00123 --channel email --summary x --date 2026-11-02 --follow-up 2026-11-01",
        65,
    );
    assert!(err.contains("before the contact's date"), "{err}");
}

#[test]
fn contact_add_without_a_channel_or_summary_and_no_terminal_is_a_usage_error() {
    let env = roster();
    let err = refused(&env, "contact add 00123 --summary x", 2);
    assert!(err.contains("missing --channel"), "{err}");
    let err = refused(&env, "contact add 00123 --channel email", 2);
    assert!(err.contains("missing --summary"), "{err}");
    let err = refused(&env, "contact add 00123 --channel email --summary 　", 2);
    assert!(err.contains("--summary is empty"), "{err}");
}

#[test]
fn contact_add_asks_for_channel_and_summary_on_a_terminal() {
    let env = roster();
    let mut session = crate::common::pty::spawn(&env, &["contact", "add", "00123"]);
    session.exp_string("Channel (").unwrap();
    session.exp_string("newsletter").unwrap();
    // One down from email is phone.
    crate::common::pty::press(&mut session, "j");
    crate::common::pty::press(&mut session, "\r");
    session.exp_string("Summary (").unwrap();
    session.send_line("kinkyo kakunin").unwrap();
    session.exp_string("logged contact #1").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(contact(&env, 1, "channel").as_deref(), Some("phone"));
    assert_eq!(
        contact(&env, 1, "summary").as_deref(),
        Some("kinkyo kakunin")
    );
}
