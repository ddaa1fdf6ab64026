//! Engagement in the twelve months up to the day of the ranking: contacts
//! (inbound ones counted twice), events attended, and nothing from before.

use super::*;

#[test]
fn contacts_and_events_attended_in_the_window_raise_a_candidate() {
    let env = ranked();
    for (name, date) in [("OB交流会", "2026-06-20"), ("キャリア勉強会", "2026-10-01")] {
        stdout(
            &env,
            &["event", "add", name, "--date", date, "--kind", "mixer"],
        );
    }
    stderr(&env, &["event", "invite", "1", "S002", "S003"]);
    stderr(&env, &["event", "attend", "1", "S002"]);
    stderr(&env, &["event", "attend", "2", "S002"]);
    let contact = |who: &str, date: &str, direction: &str| {
        stderr(
            &env,
            &[
                "contact",
                "add",
                who,
                "--channel",
                "email",
                "--direction",
                direction,
                "--date",
                date,
                "--summary",
                "近況",
            ],
        );
    };
    contact("S002", "2026-07-01", "inbound");
    // Outside the window (on or before 2025-11-30): not counted.
    contact("S003", "2025-11-30", "inbound");
    contact("S003", "2025-12-01", "outbound");

    let all = suggest(&env, &[]);
    // S002: 15 review + 20 left + 10 tenure + 6 × 2 events + 2 × 2 for
    // the inbound contact (the attendance contacts count as attendance).
    assert_eq!(points(&all, "S002", "events"), Some(12.0));
    assert_eq!(points(&all, "S002", "contacts"), Some(4.0));
    assert_eq!(all[0]["employee_id"], "S002");
    assert_eq!(all[0]["score"], 61.0);
    let reasons = all[0]["reasons"].as_str().unwrap();
    assert_eq!(
        reasons,
        "eligible: review; 1 contact (1 from them); attended 2 events; left 2.7 years ago; \
         5.0 years at the company; was 開発部 エンジニア"
    );
    // S003: one outbound contact on the window's first day; the invitation
    // is no attendance.
    assert_eq!(points(&all, "S003", "contacts"), Some(2.0));
    assert_eq!(points(&all, "S003", "events"), None);
}

#[test]
fn a_ranking_as_of_an_earlier_day_counts_the_engagement_up_to_it() {
    let env = ranked();
    stdout(
        &env,
        &[
            "event",
            "add",
            "OB交流会",
            "--date",
            "2026-06-20",
            "--kind",
            "mixer",
        ],
    );
    stderr(&env, &["event", "attend", "1", "S003"]);
    let on = |day: &str| -> Vec<Value> {
        serde_json::from_str(&stdout(
            &env,
            &["suggest", "--as-of", day, "--format", "json"],
        ))
        .unwrap()
    };
    assert_eq!(points(&on("2026-06-20"), "S003", "events"), Some(6.0));
    assert_eq!(points(&on("2026-06-19"), "S003", "events"), None);
    assert_eq!(points(&on("2027-06-20"), "S003", "events"), None);
}
