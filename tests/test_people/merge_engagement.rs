//! A merge keeps the campaigns, survey answers, career entries and bounce
//! marks of both records, and `merge --undo` puts each back where it was.
//! The rows are seeded straight into the tables, as the campaign, survey
//! and import commands write them.

use crate::common::{Env, stderr_of};

fn merged_pair() -> Env {
    let env = Env::new();
    env.import(&["merge_roster.csv"]);
    env.conn()
        .execute_batch(
            "INSERT INTO campaigns (id, name, channel, date, created_at)
                 VALUES (1, '秋のニュースレター', 'newsletter', '2026-10-01', 'now'),
                        (2, '同窓会のご案内', 'email', '2026-11-01', 'now');
             -- Both records got campaign 1: the kept one was only sent it,
             -- the other opened it. Only the other got campaign 2.
             INSERT INTO campaign_recipients (campaign_id, alumnus_id, token, email, delivered_on)
                 VALUES (1, 1, 'a1', 'ichiro.tanaka@example.co.jp', '2026-10-01');
             INSERT INTO campaign_recipients (campaign_id, alumnus_id, token, email, delivered_on, opened_on)
                 VALUES (1, 2, 'b1', 'tanaka.ichiro@gmail.com', '2026-10-01', '2026-10-02'),
                        (2, 2, 'b2', 'tanaka.ichiro@gmail.com', '2026-11-01', NULL);
             INSERT INTO surveys (id, name, created_at) VALUES (1, '同窓会アンケート', 'now');
             INSERT INTO survey_responses (survey_id, alumnus_id, answered_on, score, comment, created_at)
                 VALUES (1, 2, '2026-11-02', 9, 'また参加したい', 'now');
             INSERT INTO career (alumnus_id, since, company, title, source, recorded_at)
                 VALUES (2, '2025-04-01', '株式会社ミライ', '課長', 'edit', 'now');
             UPDATE alumni SET email_bounced_on = '2026-11-01' WHERE id = 2;",
        )
        .unwrap();
    env
}

fn ok(env: &Env, args: &[&str]) {
    let out = env.alumni(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
}

fn rows(env: &Env, sql: &str) -> Vec<String> {
    let conn = env.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_merge_keeps_both_records_campaigns_answers_career_and_bounce_mark() {
    let env = merged_pair();
    ok(&env, &["merge", "M001", "M002", "--yes"]);
    assert_eq!(
        rows(
            &env,
            "SELECT campaign_id || ':' || alumnus_id || ':' || coalesce(opened_on, '-')
             FROM campaign_recipients ORDER BY campaign_id"
        ),
        ["1:1:2026-10-02", "2:1:-"],
        "one row per campaign, and the open the other record had is kept"
    );
    assert_eq!(
        rows(
            &env,
            "SELECT alumnus_id || ':' || score FROM survey_responses"
        ),
        ["1:9"]
    );
    assert_eq!(
        rows(
            &env,
            "SELECT alumnus_id || ':' || company FROM career WHERE source = 'edit'"
        ),
        ["1:株式会社ミライ"]
    );
    assert_eq!(
        rows(
            &env,
            "SELECT value || ':' || bounced_on FROM alumnus_contacts WHERE kind = 'email'"
        ),
        ["tanaka.ichiro@gmail.com:2026-11-01"],
        "the other's address keeps its bounce mark as a further address"
    );
}

#[test]
fn undoing_the_merge_puts_every_engagement_row_back_exactly() {
    let env = merged_pair();
    let before = env.snapshot();
    ok(&env, &["merge", "M001", "M002", "--yes"]);
    ok(&env, &["merge", "--undo", "1", "--yes"]);
    let strip = |snapshot: String| -> String {
        snapshot
            .lines()
            .filter(|l| !l.starts_with("audit:") && !l.starts_with("merges:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(env.snapshot()), strip(before));
}
