//! Sign-up sheets with a status column (出欠, ステータス, Attended …):
//! `fixtures/signup_status.csv` (a CP932 check-in list),
//! `fixtures/signup_status_utf8.csv` (an event site's UTF-8 export) and
//! `fixtures/signup_status.xlsx` (booleans and words; a sheet with
//! statuses nobody can read). The column decides each row's status, an
//! absentee is never recorded as attended, and only attendance logs a
//! contact, which leaves open follow-ups open.

use super::*;

/// The contacts of one alumnus, by employee ID: (date, channel, summary).
fn contacts_of(env: &Env, employee_id: &str) -> Vec<(String, String, String)> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT date, channel, coalesce(summary, '') FROM contacts
             WHERE alumnus_id = (SELECT id FROM alumni WHERE employee_id = ?) ORDER BY id",
        )
        .unwrap();
    stmt.query_map([employee_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_check_in_list_records_absentees_as_registered_never_attended() {
    let env = roster_with_event();
    let output = env
        .alumni(&[
            "event",
            "attend",
            "1",
            "--from",
            &sheet("signup_status.csv"),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(
        statuses(&env, 1),
        map(&[
            ("00123", "attended"),   // 出席
            ("00124", "registered"), // 欠席
            ("00125", "attended"),   // ○
            ("00126", "registered"), // キャンセル
            ("00127", "registered"), // 申込
            ("00128", "attended"),   // empty: what `attend` says
        ])
    );
    let err = stderr_of(&output);
    assert!(
        err.contains(
            "signup_status.csv: 7 rows: 4 attended, 2 absent, 1 registered; 1 row matched nobody"
        ),
        "{err}"
    );
    assert!(err.contains("signup_status.csv:9:"), "{err}");
    assert!(
        err.contains("3 attended, 0 already attended, 1 unmatched, 3 contacts logged"),
        "{err}"
    );
    // Only attendance logs a contact.
    assert_eq!(env.count("contacts"), 3);
    for absent in ["00124", "00126", "00127"] {
        assert!(contacts_of(&env, absent).is_empty(), "{absent}");
    }
}

#[test]
fn the_summary_line_follows_the_language() {
    let env = roster_with_event();
    let err = stderr(
        &env,
        &[
            "--lang",
            "ja",
            "event",
            "attend",
            "1",
            "--from",
            &sheet("signup_status.csv"),
        ],
    );
    assert!(
        err.contains("signup_status.csv: 7 行: 出席 4、欠席 2、申込 1。1 行は該当する卒業生なし"),
        "{err}"
    );
}

#[test]
fn a_registration_export_tells_registered_from_attended_and_a_cancellation_stays_invited() {
    let env = roster_with_event();
    let err = stderr(
        &env,
        &[
            "event",
            "register",
            "1",
            "--from",
            &sheet("signup_status_utf8.csv"),
        ],
    );
    assert!(
        err.contains("signup_status_utf8.csv: 4 rows: 1 attended, 1 absent, 2 registered"),
        "{err}"
    );
    assert!(!err.contains("matched nobody"), "{err}");
    assert_eq!(
        statuses(&env, 1),
        map(&[
            ("00129", "registered"), // empty: what `register` says
            ("00130", "registered"), // 申込済
            ("00131", "invited"),    // キャンセル: a declined invitation
            ("00132", "attended"),   // 来場済
        ])
    );
    assert_eq!(
        contacts_of(&env, "00132"),
        [(
            "2026-08-01".to_string(),
            "event".to_string(),
            "2026 夏の同窓会".to_string()
        )]
    );
    assert_eq!(env.count("contacts"), 1, "only attendance is a contact");
}

#[test]
fn an_absentee_keeps_a_status_recorded_before() {
    let env = roster_with_event();
    stderr(&env, &["event", "attend", "1", "00124"]);
    stderr(
        &env,
        &[
            "event",
            "attend",
            "1",
            "--from",
            &sheet("signup_status.csv"),
        ],
    );
    assert_eq!(statuses(&env, 1)["00124"], "attended");
}

#[test]
fn an_xlsx_attended_column_of_booleans_and_words_is_read() {
    let env = roster_with_event();
    let err = stderr(
        &env,
        &[
            "event",
            "attend",
            "1",
            "--from",
            &sheet("signup_status.xlsx"),
            "--sheet",
            "当日",
        ],
    );
    assert!(
        err.contains("signup_status.xlsx: 5 rows: 3 attended, 2 absent"),
        "{err}"
    );
    assert_eq!(
        statuses(&env, 1),
        map(&[
            ("00123", "attended"),   // TRUE
            ("00124", "registered"), // FALSE
            ("00125", "attended"),   // Yes
            ("00126", "registered"), // no
            ("00127", "attended"),   // empty
        ])
    );
}

#[test]
fn a_status_that_is_not_understood_is_refused_naming_file_row_and_column() {
    let env = roster_with_event();
    let before = snapshot(&env);
    let err = refused(
        &env,
        &[
            "event",
            "attend",
            "1",
            "--from",
            &sheet("signup_status.xlsx"),
            "--sheet",
            "未定あり",
        ],
        65,
    );
    assert!(
        err.contains(
            "signup_status.xlsx: 2 statuses that are not understood; nothing was recorded"
        ),
        "{err}"
    );
    assert!(
        err.contains("row 3, column C (出席/欠席): \"未定\" is not a status"),
        "{err}"
    );
    assert!(
        err.contains("row 5, column C (出席/欠席): \"出席？\" is not a status"),
        "{err}"
    );
    assert!(err.contains("Understood: 出席"), "{err}");
    assert_eq!(snapshot(&env), before);
}

#[test]
fn a_bad_status_refuses_even_the_alumni_named_on_the_command_line() {
    let env = roster_with_event();
    let path = env.path("受付名簿.csv");
    std::fs::write(
        &path,
        "メールアドレス,出欠\ntaro.yamada@example.co.jp,出席\nsato@example.jp,たぶん\n",
    )
    .unwrap();
    let before = snapshot(&env);
    let err = refused(
        &env,
        &[
            "event",
            "attend",
            "1",
            "00125",
            "--from",
            path.to_str().unwrap(),
        ],
        65,
    );
    assert!(
        err.contains("受付名簿.csv: a status that is not understood")
            && err.contains("row 3, column B (出欠): \"たぶん\""),
        "{err}"
    );
    assert_eq!(snapshot(&env), before);
}

#[test]
fn an_open_follow_up_stays_due_after_the_attendance_import() {
    let env = roster();
    stdout(
        &env,
        &[
            "event",
            "add",
            "2025 秋の交流会",
            "--date",
            "2025-11-01",
            "--kind",
            "mixer",
        ],
    );
    let promised = stdout(
        &env,
        &[
            "contact",
            "add",
            "00123",
            "--channel",
            "phone",
            "--summary",
            "転職の相談",
            "--date",
            "2025-10-01",
            "--follow-up",
            "2025-10-15",
        ],
    );
    let due = |env: &Env| -> Vec<String> {
        parse_csv(&stdout(
            env,
            &["contact", "list", "--due", "--format", "csv"],
        ))
        .iter()
        .map(|row| row["id"].clone())
        .collect()
    };
    assert_eq!(due(&env), [promised.trim()]);
    stderr(
        &env,
        &[
            "event",
            "attend",
            "1",
            "--from",
            &sheet("signup_status.csv"),
        ],
    );
    assert_eq!(
        contacts_of(&env, "00123").len(),
        2,
        "the attendance contact was logged"
    );
    assert_eq!(
        due(&env),
        [promised.trim()],
        "attendance closed the follow-up"
    );
    // A contact of one's own making still answers it, as before.
    stdout(
        &env,
        &[
            "contact",
            "add",
            "00123",
            "--channel",
            "phone",
            "--summary",
            "折り返し",
            "--date",
            "2025-11-05",
        ],
    );
    assert!(due(&env).is_empty());
}

#[test]
fn the_kpi_attendance_rate_counts_attendees_and_not_absentees() {
    let env = roster_with_event();
    stderr(
        &env,
        &[
            "event",
            "attend",
            "1",
            "--from",
            &sheet("signup_status.csv"),
        ],
    );
    let text = stdout(&env, &["kpi", "--fy", "2026", "--format", "json"]);
    let report: Value = serde_json::from_str(&text).unwrap();
    let m = &report["metrics"];
    // Six on the roster were on the list; three came.
    assert_eq!(
        (m["invited"].as_u64(), m["attended"].as_u64()),
        (Some(6), Some(3))
    );
    assert_eq!(m["event_attendance_rate"], 0.5);
    let events = parse_csv(&stdout(&env, &["event", "list", "--format", "csv"]));
    assert_eq!(
        (
            events[0]["invited"].as_str(),
            events[0]["registered"].as_str(),
            events[0]["attended"].as_str()
        ),
        ("6", "6", "3")
    );
}
