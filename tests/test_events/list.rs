//! `alumni event list`: attendance counts and rate in every format.

use super::*;

/// Three events: #1 with 5 rows (2 attended, 1 registered), #2 with 3
/// invited and 1 attended, #3 with nobody.
fn events_with_attendance() -> Env {
    let env = roster_with_event();
    stdout(
        &env,
        &[
            "event",
            "add",
            "キャリア勉強会",
            "--date",
            "2026-09-15",
            "--kind",
            "seminar",
            "--location",
            "オンライン",
        ],
    );
    stdout(
        &env,
        &[
            "event",
            "add",
            "OB交流会",
            "--date",
            "2026-10-10",
            "--kind",
            "mixer",
        ],
    );
    let calls: [&[&str]; 5] = [
        &["invite", "1", "00123", "00124", "00125", "00126"],
        &["register", "1", "00123", "00124"],
        &["attend", "1", "00123", "00127"],
        &["invite", "2", "00128", "00129", "00130"],
        &["attend", "2", "00130"],
    ];
    for call in calls {
        let mut args = vec!["event"];
        args.extend(call);
        stderr(&env, &args);
    }
    env
}

#[test]
fn event_list_counts_invited_registered_attended_and_the_rate_as_csv() {
    let env = events_with_attendance();
    let rows = parse_csv(&stdout(&env, &["event", "list", "--format", "csv"]));
    let pick = |row: &HashMap<String, String>| {
        [
            "id",
            "name",
            "date",
            "kind",
            "location",
            "invited",
            "registered",
            "attended",
            "attendance_rate",
        ]
        .map(|c| row[c].clone())
    };
    let got: Vec<[String; 9]> = rows.iter().map(pick).collect();
    let want = [
        [
            "1",
            "2026 夏の同窓会",
            "2026-08-01",
            "reunion",
            "",
            "5",
            "3",
            "2",
            "0.4",
        ],
        [
            "2",
            "キャリア勉強会",
            "2026-09-15",
            "seminar",
            "オンライン",
            "3",
            "1",
            "1",
            "0.3333",
        ],
        [
            "3",
            "OB交流会",
            "2026-10-10",
            "mixer",
            "",
            "0",
            "0",
            "0",
            "",
        ],
    ]
    .map(|row| row.map(String::from));
    assert_eq!(got, want);
}

#[test]
fn event_list_as_json_has_numbers_and_null_for_no_rate() {
    let env = events_with_attendance();
    let json: Value =
        serde_json::from_str(&stdout(&env, &["event", "list", "--format", "json"])).unwrap();
    let events = json.as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["invited"], 5);
    assert_eq!(events[0]["registered"], 3);
    assert_eq!(events[0]["attended"], 2);
    assert_eq!(events[0]["attendance_rate"], 0.4);
    assert_eq!(events[0]["location"], Value::Null);
    assert_eq!(events[1]["location"], "オンライン");
    assert_eq!(events[1]["attendance_rate"], 0.3333);
    assert_eq!(events[2]["attendance_rate"], Value::Null);
    assert_eq!(events[2]["date"], "2026-10-10");
}

#[test]
fn event_list_as_a_table_shows_the_rate_as_a_percentage() {
    let env = events_with_attendance();
    let table = stdout(&env, &["event", "list"]);
    let line = |needle: &str| {
        table
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in\n{table}"))
            .to_string()
    };
    assert!(line("夏の同窓会").contains("40.0%"), "{table}");
    assert!(line("キャリア勉強会").contains("33.3%"), "{table}");
    assert!(!line("OB交流会").contains('%'), "{table}");
    assert!(line("attendance_rate").contains("invited"), "{table}");
}
