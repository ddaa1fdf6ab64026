//! `alumni show`: one timeline, oldest first, of everything that happened
//! with an alumnus, in the table and as `timeline` in its JSON.

use super::*;

#[test]
fn show_merges_contacts_stages_events_partners_consent_and_edits_oldest_first() {
    let env = roster();
    let run = |args: &[&str]| {
        stdout(&env, args);
    };
    run(&[
        "contact",
        "add",
        "00123",
        "--channel",
        "email",
        "--summary",
        "近況確認",
        "--date",
        "2026-10-03",
    ]);
    run(&["pipeline", "add", "00123", "--date", "2026-10-01"]);
    run(&["pipeline", "move", "1", "interview", "--date", "2026-10-05"]);
    run(&[
        "pipeline",
        "move",
        "1",
        "offer",
        "--date",
        "2099-01-10",
        "--planned",
    ]);
    run(&[
        "event",
        "add",
        "2026 夏の同窓会",
        "--date",
        "2026-08-01",
        "--kind",
        "reunion",
    ]);
    run(&["event", "invite", "1", "00123"]);
    run(&[
        "partner",
        "add",
        "00123",
        "--company",
        "株式会社ミライ",
        "--kind",
        "client",
        "--status",
        "商談中",
    ]);
    run(&[
        "partner",
        "set",
        "1",
        "--status",
        "契約済み",
        "--date",
        "2026-11-01",
    ]);
    run(&[
        "consent",
        "00123",
        "opted-in",
        "--purpose",
        "再雇用のご案内",
        "--date",
        "2026-07-01",
    ]);
    run(&["contact", "edit", "1", "--channel", "phone"]);

    let json: Value =
        serde_json::from_str(&stdout(&env, &["show", "00123", "--format", "json"])).unwrap();
    let timeline = json["timeline"].as_array().unwrap();
    let kinds: Vec<&str> = timeline
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in ["contact", "stage", "event", "partner", "consent", "edit"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let dates: Vec<&str> = timeline
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");
    assert_eq!(timeline[0]["kind"], "consent");
    assert_eq!(timeline[1]["kind"], "event");
    let planned = timeline.iter().find(|e| e["date"] == "2099-01-10").unwrap();
    assert_eq!(planned["kind"], "stage");
    assert_eq!(planned["application"], 1);
    assert_eq!(planned["planned"], 1);
    let edit = timeline
        .iter()
        .find(|e| e["kind"] == "edit" && e["command"] == "contact edit")
        .unwrap();
    assert_eq!(edit["detail"], "contact #1 edited: channel");
    // The old keys stay.
    assert_eq!(json["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(json["applications"].as_array().unwrap().len(), 1);

    let table = stdout(&env, &["show", "00123"]);
    assert!(table.contains("Timeline / 履歴"), "{table}");
    let at = |text: &str| {
        table
            .find(text)
            .unwrap_or_else(|| panic!("{text} not in {table}"))
    };
    assert!(at("2026-07-01") < at("2026-08-01"));
    assert!(at("2026-10-05") < at("2099-01-10"));
    assert!(table.contains("(planned)"), "{table}");
    assert!(table.contains("contact edit by"), "{table}");
}
