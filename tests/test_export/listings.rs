//! The exports of the relationship side and of the KPI report, on a
//! history made with the real commands: contacts, applications, events.

use calamine::Data;
use serde_json::Value;

use super::{BOM, assert_same, csv_header, export, read_csv, read_json, rows, xlsx_records};
use crate::common::{Env, roster, stderr, stdout};

/// Three contacts, two applications and two events made with the real commands.
fn history() -> Env {
    let env = roster();
    for args in [
        &[
            "contact",
            "add",
            "00123",
            "--channel",
            "email",
            "--date",
            "2026-04-10",
            "--summary",
            "再入社の意向を確認",
        ][..],
        &[
            "contact",
            "add",
            "00125",
            "--channel",
            "phone",
            "--date",
            "2026-05-01",
            "--summary",
            "近況確認",
            "--follow-up",
            "2026-06-01",
        ],
        &[
            "contact",
            "add",
            "00126",
            "--channel",
            "meeting",
            "--date",
            "2025-12-01",
            "--summary",
            "面談",
            "--owner",
            "人事 佐藤",
        ],
        &[
            "pipeline",
            "add",
            "00123",
            "--date",
            "2026-04-01",
            "--department",
            "営業部",
            "--source",
            "event",
        ],
        &["pipeline", "move", "1", "offer", "--date", "2026-05-01"],
        &[
            "referral",
            "add",
            "--by",
            "00131",
            "--name",
            "鈴木 次郎",
            "--date",
            "2026-07-01",
            "--stage",
            "applied",
            "--cost",
            "100000",
        ],
        &[
            "event",
            "add",
            "2026 夏の同窓会",
            "--date",
            "2026-08-01",
            "--kind",
            "reunion",
            "--location",
            "東京",
        ],
        &["event", "invite", "1", "00123", "00125", "00126"],
        &["event", "attend", "1", "00123"],
        &[
            "event",
            "add",
            "2025 セミナー",
            "--date",
            "2025-11-10",
            "--kind",
            "seminar",
        ],
    ] {
        stderr(&env, args);
    }
    env
}

#[test]
fn the_contacts_export_reads_back_as_the_database_and_takes_the_filters() {
    let env = history();
    for format in ["csv", "xlsx", "json"] {
        export(&env, &["contacts", "--out", &format!("contacts.{format}")]);
    }
    let columns = [
        "id",
        "date",
        "employee_id",
        "name",
        "channel",
        "direction",
        "summary",
        "owner",
        "follow_up",
    ];
    assert_eq!(csv_header(&env.path("contacts.csv")), columns.join(","));
    let expected = rows(
        &env,
        "SELECT c.id, c.date, a.employee_id, a.name, c.channel, c.direction, c.summary, c.owner, c.follow_up
         FROM contacts c JOIN alumni a ON a.id = c.alumnus_id ORDER BY c.date DESC, c.id DESC",
    );
    assert_eq!(expected.len(), 4, "three contacts and one attendance");
    let csv = read_csv(&env.path("contacts.csv"));
    let xlsx = xlsx_records(&env.path("contacts.xlsx"), "Contacts");
    assert_same("contacts", &columns, &csv, &xlsx, &expected);
    let json = read_json(&env.path("contacts.json"));
    let listed: Value =
        serde_json::from_str(&stdout(&env, &["contact", "list", "--format", "json"])).unwrap();
    assert_eq!(json, listed);

    export(
        &env,
        &[
            "contacts",
            "--since",
            "2026-04-01",
            "--channel",
            "phone",
            "--out",
            "phone.csv",
        ],
    );
    let phone = read_csv(&env.path("phone.csv"));
    assert_eq!(phone.len(), 1);
    assert_eq!(phone[0]["employee_id"], "00125");
    assert_eq!(phone[0]["follow_up"], "2026-06-01");
}

#[test]
fn the_pipeline_export_reads_back_as_the_database_and_takes_the_filters() {
    let env = history();
    for format in ["csv", "xlsx", "json"] {
        export(&env, &["pipeline", "--out", &format!("pipeline.{format}")]);
    }
    let header = csv_header(&env.path("pipeline.csv"));
    let listed = stdout(&env, &["pipeline", "list", "--format", "csv"]);
    assert_eq!(
        header,
        listed.strip_prefix(BOM).unwrap().lines().next().unwrap()
    );
    let columns = [
        "id",
        "kind",
        "position",
        "department",
        "source",
        "opened_on",
        "stage",
        "stage_entered_on",
        "outcome",
        "closed_on",
        "furthest_stage",
        "cost",
        "alumnus_id",
        "referrer_id",
    ];
    let expected = rows(&env, "SELECT * FROM applications ORDER BY id");
    let csv = read_csv(&env.path("pipeline.csv"));
    let xlsx = xlsx_records(&env.path("pipeline.xlsx"), "Pipeline");
    assert_same("pipeline", &columns, &csv, &xlsx, &expected);
    assert_eq!(csv[1]["name"], "鈴木 次郎");
    assert_eq!(csv[1]["referrer"], "加藤 由美");
    assert_eq!(xlsx[1]["cost"], Data::Float(100_000.0));
    let json = read_json(&env.path("pipeline.json"));
    let listed: Value =
        serde_json::from_str(&stdout(&env, &["pipeline", "list", "--format", "json"])).unwrap();
    assert_eq!(json, listed);

    export(
        &env,
        &["pipeline", "--stage", "offer", "--out", "offer.csv"],
    );
    export(
        &env,
        &["pipeline", "--kind", "referral", "--out", "referral.csv"],
    );
    export(
        &env,
        &["pipeline", "--department", "営業部", "--out", "sales.csv"],
    );
    let ids = |file: &str| -> Vec<String> {
        read_csv(&env.path(file))
            .iter()
            .map(|r| r["id"].clone())
            .collect()
    };
    assert_eq!(ids("offer.csv"), ["1"]);
    assert_eq!(ids("referral.csv"), ["2"]);
    assert_eq!(ids("sales.csv"), ["1"]);
}

#[test]
fn the_events_export_reads_back_as_the_database() {
    let env = history();
    for format in ["csv", "xlsx", "json"] {
        export(&env, &["events", "--out", &format!("events.{format}")]);
    }
    let columns = [
        "id",
        "name",
        "date",
        "kind",
        "location",
        "invited",
        "registered",
        "attended",
    ];
    let expected = rows(
        &env,
        "SELECT e.id, e.name, e.date, e.kind, e.location,
                count(a.alumnus_id) AS invited,
                count(CASE WHEN a.status <> 'invited' THEN 1 END) AS registered,
                count(CASE WHEN a.status = 'attended' THEN 1 END) AS attended
         FROM events e LEFT JOIN attendance a ON a.event_id = e.id GROUP BY e.id ORDER BY e.date, e.id",
    );
    let csv = read_csv(&env.path("events.csv"));
    let xlsx = xlsx_records(&env.path("events.xlsx"), "Events");
    assert_same("events", &columns, &csv, &xlsx, &expected);
    assert_eq!(csv[1]["name"], "2026 夏の同窓会");
    assert_eq!(csv[1]["attendance_rate"], "0.3333");
    assert_eq!(xlsx[1]["attendance_rate"], Data::Float(0.3333));
    assert_eq!(csv[0]["attendance_rate"], "", "nobody invited: no rate");
    let json = read_json(&env.path("events.json"));
    let listed: Value =
        serde_json::from_str(&stdout(&env, &["event", "list", "--format", "json"])).unwrap();
    assert_eq!(json, listed);

    export(
        &env,
        &["events", "--since", "2026-04-01", "--out", "recent.csv"],
    );
    let recent = read_csv(&env.path("recent.csv"));
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0]["id"], "1");
}

#[test]
fn the_kpi_export_is_the_stage_table_of_kpi_as_csv_and_the_report_as_json() {
    let env = history();
    export(
        &env,
        &["kpi", "--fy", "2026", "--lang", "ja", "--out", "kpi.csv"],
    );
    let text = std::fs::read_to_string(env.path("kpi.csv")).unwrap();
    let shown = stdout(
        &env,
        &["kpi", "--fy", "2026", "--lang", "ja", "--format", "csv"],
    );
    assert_eq!(text, shown);
    let table = read_csv(&env.path("kpi.csv"));
    assert_eq!(table.len(), 8, "one row per stage");
    let offer = table.iter().find(|r| r["キー"] == "offer").unwrap();
    assert_eq!(offer["段階"], "内定");
    assert_eq!(offer["実績"], "1");

    export(
        &env,
        &[
            "kpi", "--fy", "2026", "--count", "cohort", "--out", "kpi.json",
        ],
    );
    let shown: Value = serde_json::from_str(&stdout(
        &env,
        &[
            "kpi", "--fy", "2026", "--count", "cohort", "--format", "json",
        ],
    ))
    .unwrap();
    assert_eq!(read_json(&env.path("kpi.json")), shown);
    let applications: i64 = env.query(
        "SELECT count(*) FROM applications WHERE opened_on BETWEEN '2026-04-01' AND '2027-03-31'",
    );
    let contacted = shown["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "contacted")
        .unwrap();
    // Cohort: every application opened in the year counts as contacted,
    // the referral that started at `applied` too.
    assert_eq!(contacted["actual"], applications);
    assert_eq!(applications, 2);
}
