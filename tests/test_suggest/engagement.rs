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

/// Survey answers and campaign delivery reports are stored by their own
/// commands; here they are put in with SQL, as those commands store them.
fn with_survey_and_campaigns(env: &Env) {
    env.conn()
        .execute_batch(
            "INSERT INTO surveys (id, name, created_at) VALUES (1, '交流会アンケート', '2026-07-01T00:00:00Z');
             INSERT INTO survey_responses (survey_id, alumnus_id, answered_on, score, created_at) VALUES
                 (1, 3, '2026-07-01', 9, '2026-07-01T00:00:00Z'),
                 (1, 7, '2026-07-01', 2, '2026-07-01T00:00:00Z');
             INSERT INTO campaigns (id, name, channel, date, created_at) VALUES
                 (1, '秋のニュースレター', 'newsletter', '2026-10-01', '2026-10-01T00:00:00Z'),
                 (2, '冬のニュースレター', 'newsletter', '2026-11-01', '2026-11-01T00:00:00Z');
             INSERT INTO campaign_recipients (campaign_id, alumnus_id, token, opened_on, clicked_on) VALUES
                 (1, 3, 'a1', '2026-10-01', '2026-10-02'),
                 (2, 3, 'a2', '2026-11-02', NULL);",
        )
        .unwrap();
}

#[test]
fn a_promoter_and_campaign_clicks_score_up_and_a_detractor_down_in_words_of_either_language() {
    let env = ranked();
    with_survey_and_campaigns(&env);
    let all = suggest(&env, &[]);
    // S003: 0 unknown + 20 left + 10 tenure + 10 promoter + 4 × (1 + ½).
    assert_eq!(points(&all, "S003", "survey"), Some(10.0));
    assert_eq!(points(&all, "S003", "campaigns"), Some(6.0));
    assert_eq!(points(&all, "S007", "survey"), Some(-10.0));
    let s003 = all.iter().find(|s| s["employee_id"] == "S003").unwrap();
    assert_eq!(s003["score"], 46.0);
    assert_eq!(
        s003["reasons"],
        "eligible: unknown; NPS 9; clicked 1 and opened 1 more campaigns; left 1.2 years ago; \
         5.5 years at the company; was 人事部 採用担当"
    );
    let ja: Vec<Value> = serde_json::from_str(&stdout(
        &env,
        &[
            "--lang", "ja", "suggest", "--as-of", AS_OF, "--format", "json",
        ],
    ))
    .unwrap();
    let s003 = ja.iter().find(|s| s["employee_id"] == "S003").unwrap();
    assert_eq!(
        s003["reasons"],
        "再雇用: 不明; おすすめ度 9; キャンペーンのクリック 1件・開封のみ 1件; 退職から1.2年; \
         在籍5.5年; 元 人事部 採用担当"
    );
    let s007 = ja.iter().find(|s| s["employee_id"] == "S007").unwrap();
    assert!(
        s007["reasons"].as_str().unwrap().contains("おすすめ度 2"),
        "{s007}"
    );
}
