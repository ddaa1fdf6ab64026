//! `alumni contact list`: newest first in every format, its filters, and
//! the follow-ups due (`--due`).

use super::*;

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
    assert_eq!(csv[0]["summary"], "'=1+1面談の打診");
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
