//! `alumni contact add|list`, `alumni consent` and `alumni rules`, run as a
//! user would on a database filled from `fixtures/roster.xlsx` (the ten
//! people of fixtures/README.md: 00123 山田 太郎, 00124 佐藤 花子, …; 00127
//! 田中 健太 left for 転職 with no 再雇用可否, 00130 and 00132 left for 転職
//! with 不可 and 可 in the file).
//!
//! Command lines are written as one string split at ASCII spaces, as a
//! shell would; the ideographic space U+3000 stays inside an argument.

use std::collections::HashMap;

use serde_json::Value;

use crate::common::{Env, parse_csv, roster, stderr_of, stdout_of};

/// "contact add 00123 --channel email" → its arguments.
fn argv(line: &str) -> Vec<&str> {
    line.split(' ').filter(|a| !a.is_empty()).collect()
}

/// Runs `alumni LINE`, insists that it succeeded, and returns its stdout
/// and stderr.
fn run(env: &Env, line: &str) -> (String, String) {
    let output = env.alumni(&argv(line)).output().unwrap();
    assert!(
        output.status.success(),
        "alumni {line} failed ({:?}): {}",
        output.status.code(),
        stderr_of(&output)
    );
    (stdout_of(&output), stderr_of(&output))
}

fn stdout(env: &Env, line: &str) -> String {
    run(env, line).0
}

/// Runs `alumni LINE`, insists on the exit status, that nothing was written
/// to stdout and that the database did not change; returns the stderr.
fn refused(env: &Env, line: &str, code: i32) -> String {
    let before = (env.snapshot(), rules_table(env));
    let output = env.alumni(&argv(line)).output().unwrap();
    let err = stderr_of(&output);
    assert_eq!(output.status.code(), Some(code), "alumni {line}: {err}");
    assert_eq!(stdout_of(&output), "", "alumni {line} wrote data");
    assert_eq!(
        (env.snapshot(), rules_table(env)),
        before,
        "alumni {line} changed the database"
    );
    err
}

/// The rehire rules as `reason=eligibility` lines (the snapshot leaves them out).
fn rules_table(env: &Env) -> String {
    if !env.db.exists() {
        return String::new();
    }
    env.query(
        "SELECT coalesce(group_concat(leave_reason || '=' || rehire_eligible, char(10)), '')
         FROM (SELECT * FROM rehire_rules ORDER BY leave_reason)",
    )
}

/// The rows of a listing printed with `--format json`.
fn json_rows(env: &Env, line: &str) -> Vec<serde_json::Map<String, Value>> {
    let text = stdout(env, &format!("{line} --format json"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let rows = value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {text}"));
    rows.iter()
        .map(|r| r.as_object().unwrap().clone())
        .collect()
}

/// The contact ids `contact list ARGS` prints, in order.
fn listed(env: &Env, args: &str) -> Vec<i64> {
    let text = stdout(env, &format!("contact list {args} --format csv"));
    parse_csv(&text)
        .iter()
        .map(|row| row["id"].parse().unwrap())
        .collect()
}

/// Runs `contact add ARGS` and returns the id it prints.
fn log(env: &Env, args: &str) -> i64 {
    let out = stdout(env, &format!("contact add {args}"));
    out.trim()
        .parse()
        .unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

/// One value of one alumnus, by employee ID (`None` for SQL NULL).
fn column(env: &Env, employee_id: &str, column: &str) -> Option<String> {
    env.query(&format!(
        "SELECT {column} FROM alumni WHERE employee_id = '{employee_id}'"
    ))
}

/// One value of one contact, by id.
fn contact(env: &Env, id: i64, column: &str) -> Option<String> {
    env.query(&format!("SELECT {column} FROM contacts WHERE id = {id}"))
}

/// Today plus `days`, as `YYYY-MM-DD`.
fn day(days: i64) -> String {
    jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

// ---- contact add ----------------------------------------------------------

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
fn an_outbound_contact_with_an_opted_out_alumnus_is_refused() {
    let env = roster();
    run(&env, "consent 00124 opted-out --date 2026-10-01");
    let err = refused(
        &env,
        "contact add 00124 --channel email --summary イベントのご案内",
        65,
    );
    assert!(err.contains("00124 佐藤 花子 opted out"), "{err}");
    assert!(err.contains("2026-10-01"), "{err}");
    assert!(err.contains("--override-consent REASON"), "{err}");
}

#[test]
fn an_override_logs_the_contact_with_an_opted_out_alumnus_and_stores_the_reason() {
    let env = roster();
    run(&env, "consent 00124 opted-out");
    let id = log(
        &env,
        "00124 --channel phone --summary 貸与品の返却 --override-consent 貸与品の返却依頼（法的義務）",
    );
    // Stored normalized, as all typed text is: （） become ().
    assert_eq!(
        contact(&env, id, "consent_override").as_deref(),
        Some("貸与品の返却依頼(法的義務)")
    );
    let detail: String = env.query("SELECT detail FROM audit WHERE command = 'contact add'");
    assert!(detail.contains("overridden"), "{detail}");
    assert!(!detail.contains("貸与品"), "{detail}");
}

#[test]
fn an_inbound_contact_is_logged_even_when_opted_out_and_needs_no_override() {
    let env = roster();
    run(&env, "consent 00124 opted-out");
    let id = log(
        &env,
        "00124 --channel email --summary 本人から問い合わせ --direction inbound",
    );
    assert_eq!(contact(&env, id, "direction").as_deref(), Some("inbound"));
    assert_eq!(contact(&env, id, "consent_override"), None);
}

#[test]
fn an_override_for_someone_not_opted_out_is_not_stored() {
    let env = roster();
    let (_, err) = run(
        &env,
        "contact add 00123 --channel email --summary x --override-consent 念のため",
    );
    assert!(err.contains("--override-consent ignored"), "{err}");
    assert_eq!(contact(&env, 1, "consent_override"), None);
}

#[test]
fn nothing_is_logged_about_an_erased_alumnus_and_their_contacts_are_not_listed() {
    let env = roster();
    log(&env, "00123 --channel email --summary x");
    log(&env, "00124 --channel email --summary y");
    env.conn()
        .execute(
            "UPDATE alumni SET erased_at = '2026-11-01T00:00:00Z' WHERE employee_id = '00123'",
            [],
        )
        .unwrap();
    let err = refused(&env, "contact add 00123 --channel email --summary x", 65);
    assert!(err.contains("erased"), "{err}");
    assert_eq!(listed(&env, ""), [2]);
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

// ---- contact list ---------------------------------------------------------

/// Three contacts: #1 00123 email 2026-04-10 by 鈴木, #2 00124 event
/// 2026-05-20 by 田中, #3 00123 phone 2026-06-01 by 鈴木.
fn history() -> Env {
    let env = roster();
    log(
        &env,
        "00123 --channel email --date 2026-04-10 --summary 挨拶 --owner 鈴木",
    );
    log(
        &env,
        "00124 --channel event --date 2026-05-20 --summary 同窓会に参加 --owner 田中",
    );
    log(
        &env,
        "00123 --channel phone --date 2026-06-01 --summary =1+1面談の打診 --owner 鈴木",
    );
    env
}

#[test]
fn contact_list_is_newest_first_with_the_data_model_keys_in_json() {
    let env = history();
    let rows = json_rows(&env, "contact list");
    let ids: Vec<i64> = rows.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [3, 2, 1]);
    let keys: Vec<&str> = rows[0].keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "date",
            "employee_id",
            "name",
            "channel",
            "direction",
            "summary",
            "owner",
            "follow_up"
        ]
    );
    let row = &rows[1];
    assert_eq!(row["date"], "2026-05-20");
    assert_eq!(row["employee_id"], "00124");
    assert_eq!(row["name"], "佐藤 花子");
    assert_eq!(row["channel"], "event");
    assert_eq!(row["direction"], "outbound");
    assert_eq!(row["summary"], "同窓会に参加");
    assert_eq!(row["owner"], "田中");
    assert_eq!(row["follow_up"], Value::Null);
}

#[test]
fn contact_list_writes_csv_and_a_table_with_the_same_rows() {
    let env = history();
    let csv = parse_csv(&stdout(&env, "contact list --format csv"));
    assert_eq!(csv.len(), 3);
    assert_eq!(csv[0]["id"], "3");
    assert_eq!(csv[0]["name"], "山田 太郎");
    assert_eq!(csv[0]["summary"], "=1+1面談の打診");
    assert_eq!(csv[0]["follow_up"], "");
    let table = stdout(&env, "contact list");
    for text in [
        "follow_up",
        "山田 太郎",
        "佐藤 花子",
        "同窓会に参加",
        "2026-04-10",
    ] {
        assert!(table.contains(text), "{text} missing from\n{table}");
    }
}

#[test]
fn contact_list_filters_by_alumnus_date_channel_and_owner() {
    let env = history();
    assert_eq!(listed(&env, "00123"), [3, 1]);
    assert_eq!(listed(&env, "taro.yamada@example.co.jp"), [3, 1]);
    assert_eq!(listed(&env, "--since 2026/5/20"), [3, 2]);
    assert_eq!(listed(&env, "--channel event"), [2]);
    assert_eq!(listed(&env, "--owner 鈴木"), [3, 1]);
    assert_eq!(listed(&env, "00123 --since 2026-05-01 --owner 鈴木"), [3]);
    assert!(listed(&env, "00125").is_empty());
}

#[test]
fn contact_list_refuses_an_unknown_alumnus_and_a_bad_date() {
    let env = history();
    refused(&env, "contact list 99999", 1);
    let err = refused(&env, "contact list --since yesterday-ish", 65);
    assert!(err.contains("--since"), "{err}");
}

#[test]
fn due_lists_open_follow_ups_up_to_today_oldest_first() {
    let env = roster();
    let (month_ago, two_weeks_ago, week_ago) = (day(-30), day(-14), day(-7));
    let (today, tomorrow) = (day(0), day(1));
    let email = "--channel email --summary s";
    // 00123: due today. 00124: overdue by a week.
    let due_today = log(
        &env,
        &format!("00123 {email} --date {two_weeks_ago} --follow-up {today}"),
    );
    let overdue = log(
        &env,
        &format!("00124 {email} --date {month_ago} --follow-up {week_ago}"),
    );
    // 00125: due tomorrow, not yet.
    log(
        &env,
        &format!("00125 {email} --date {week_ago} --follow-up {tomorrow}"),
    );
    // 00126: overdue, but a later contact means it was followed up.
    log(
        &env,
        &format!("00126 {email} --date {month_ago} --follow-up {two_weeks_ago}"),
    );
    log(&env, &format!("00126 {email} --date {week_ago}"));
    assert_eq!(listed(&env, "--due"), [overdue, due_today]);
    let rows = json_rows(&env, "contact list --due");
    assert_eq!(rows[0]["follow_up"], Value::from(week_ago.clone()));

    // A contact logged today with 00124 closes its follow-up.
    log(&env, "00124 --channel phone --summary f");
    assert_eq!(listed(&env, "--due"), [due_today]);
    // A contact back-filled with an earlier date closes nothing.
    log(&env, &format!("00123 {email} --date {month_ago}"));
    assert_eq!(listed(&env, "--due"), [due_today]);
    // The other filters still apply.
    assert!(listed(&env, "--due --channel phone").is_empty());
    assert_eq!(listed(&env, "--due 00123"), [due_today]);
}

// ---- consent --------------------------------------------------------------

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

// ---- rules ----------------------------------------------------------------

#[test]
fn rules_are_listed_in_every_format_and_japanese_values_are_accepted() {
    let env = roster();
    assert_eq!(stdout(&env, "rules list --format json").trim(), "[]");
    run(&env, "rules set 懲戒 不可");
    run(&env, "rules set 転職 要相談");
    run(&env, "rules set 大学院進学 可");
    assert_eq!(rules_table(&env), "大学院進学=yes\n懲戒=no\n転職=review");
    let rows = json_rows(&env, "rules list");
    let by_reason: HashMap<&str, (&str, i64)> = rows
        .iter()
        .map(|r| {
            let rule = (
                r["rehire_eligible"].as_str().unwrap(),
                r["applied_to"].as_i64().unwrap(),
            );
            (r["leave_reason"].as_str().unwrap(), rule)
        })
        .collect();
    // 転職 decides 00127 only: 00130 and 00132 have a value from the file.
    assert_eq!(by_reason["転職"], ("review", 1));
    assert_eq!(by_reason["懲戒"], ("no", 0));
    let csv = parse_csv(&stdout(&env, "rules list --format csv"));
    assert_eq!(csv.len(), 3);
    assert_eq!(csv[2]["leave_reason"], "転職");
    assert_eq!(csv[2]["rehire_eligible"], "review");
    // `alumni rules` alone lists them.
    let table = stdout(&env, "rules");
    assert!(
        table.contains("懲戒") && table.contains("review"),
        "{table}"
    );
}

#[test]
fn rules_apply_to_alumni_nobody_stated_but_never_to_imported_or_manual_values() {
    let env = roster();
    // Someone whose eligibility was typed by hand, with the same reason.
    run(
        &env,
        "add --name 木村拓 --employee-id 00200 --leave-reason 転職 --rehire no",
    );
    let eligibility = |id: &str| {
        let value = column(&env, id, "rehire_eligible").unwrap();
        let source = column(&env, id, "rehire_source").unwrap_or_default();
        format!("{value}/{source}")
    };
    let untouched = || {
        assert_eq!(eligibility("00130"), "no/imported");
        assert_eq!(eligibility("00132"), "yes/imported");
        assert_eq!(eligibility("00200"), "no/manual");
    };
    assert_eq!(eligibility("00127"), "unknown/");

    let (_, err) = run(&env, "rules set 転職 review");
    assert!(err.contains("1 alumni updated"), "{err}");
    assert_eq!(eligibility("00127"), "review/rule");
    untouched();

    // A changed rule changes what a rule decided.
    let (_, err) = run(&env, "rules set 転職 yes");
    assert!(err.contains("1 alumni updated"), "{err}");
    assert_eq!(eligibility("00127"), "yes/rule");
    untouched();
    // The same rule again changes nobody.
    let (_, err) = run(&env, "rules set 転職 yes");
    assert!(err.contains("0 alumni updated"), "{err}");

    let (_, err) = run(&env, "rules remove 転職");
    assert!(err.contains("1 alumni"), "{err}");
    assert_eq!(eligibility("00127"), "unknown/");
    untouched();
    assert_eq!(rules_table(&env), "");

    // One audit row per alumnus changed, and one per command.
    let tanaka: i64 = env.query("SELECT id FROM alumni WHERE employee_id = '00127'");
    let audit: String = env.query(
        "SELECT group_concat(command || ':' || coalesce(alumnus_id, '-'), ',')
         FROM (SELECT * FROM audit WHERE command LIKE 'rules %' ORDER BY id)",
    );
    assert_eq!(
        audit,
        format!(
            "rules set:{tanaka},rules set:-,rules set:{tanaka},rules set:-,rules set:-,\
             rules remove:{tanaka},rules remove:-"
        )
    );
}

#[test]
fn a_rule_reason_is_normalized_like_stored_departure_reasons() {
    let env = roster();
    run(&env, "rules set 　転職　 ｎｏ");
    assert_eq!(rules_table(&env), "転職=no");
    assert_eq!(
        column(&env, "00127", "rehire_eligible").as_deref(),
        Some("no")
    );
}

#[test]
fn an_import_after_a_rule_gives_rows_without_eligibility_the_rules_value() {
    let env = Env::new();
    run(&env, "rules set 転職 review");
    env.import(&["roster.xlsx"]);
    assert_eq!(
        column(&env, "00127", "rehire_eligible").as_deref(),
        Some("review")
    );
    assert_eq!(
        column(&env, "00127", "rehire_source").as_deref(),
        Some("rule")
    );
    assert_eq!(
        column(&env, "00130", "rehire_eligible").as_deref(),
        Some("no")
    );
    assert_eq!(
        column(&env, "00132", "rehire_eligible").as_deref(),
        Some("yes")
    );
    // Removing the rule takes back what it decided at the import.
    run(&env, "rules remove 転職");
    assert_eq!(
        column(&env, "00127", "rehire_eligible").as_deref(),
        Some("unknown")
    );
    assert_eq!(
        column(&env, "00130", "rehire_eligible").as_deref(),
        Some("no")
    );
}

#[test]
fn rules_refuse_unknown_eligibility_a_bad_value_and_removing_a_missing_rule() {
    let env = roster();
    run(&env, "rules set 懲戒 no");
    let err = refused(&env, "rules set 転職 unknown", 2);
    assert!(err.contains("alumni rules remove 転職"), "{err}");
    let err = refused(&env, "rules set 転職 不明", 2);
    assert!(err.contains("unknown"), "{err}");
    let err = refused(&env, "rules set 転職 たぶん", 2);
    assert!(err.contains("yes, review or no"), "{err}");
    let err = refused(&env, "rules set 　 no", 2);
    assert!(err.contains("empty"), "{err}");
    let err = refused(&env, "rules remove 転職", 1);
    assert!(err.contains("no rule for \"転職\""), "{err}");
}
