//! The facts read from a migrated database filled with SQL: who is left
//! out, and what is counted in the window.

use crate::db::sql::Connection;
use jiff::civil::date;

use super::*;

const T: &str = "2025-01-01T00:00:00Z";

fn db() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let conn = crate::db::open(&dir.path().join("s.db")).unwrap();
    (dir, conn)
}

/// The year up to 2026-03-31.
fn window() -> Period {
    Period {
        from: date(2025, 4, 1),
        to: date(2026, 3, 31),
    }
}

fn alumnus(conn: &Connection, id: i64, extra: &str, values: &str) {
    let (columns, values) = if extra.is_empty() {
        (String::new(), String::new())
    } else {
        (format!(", {extra}"), format!(", {values}"))
    };
    conn.execute_batch(&format!(
        "INSERT INTO alumni (id, employee_id, name, created_at, updated_at{columns})
         VALUES ({id}, 'E{id}', 'N{id}', '{T}', '{T}'{values});"
    ))
    .unwrap();
}

fn ids(conn: &Connection) -> Vec<i64> {
    candidates(conn, window())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect()
}

fn facts(conn: &Connection, id: i64) -> Facts {
    candidates(conn, window())
        .unwrap()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
        .facts
}

#[test]
fn erased_opted_out_ineligible_and_applying_alumni_are_never_candidates() {
    let (_dir, conn) = db();
    alumnus(&conn, 1, "rehire_eligible", "'yes'");
    alumnus(&conn, 2, "erased_at", &format!("'{T}'"));
    alumnus(&conn, 3, "consent", "'opted_out'");
    alumnus(&conn, 4, "rehire_eligible", "'no'");
    alumnus(&conn, 5, "rehire_eligible", "'review'");
    alumnus(&conn, 6, "email", "'six@example.jp'");
    alumnus(&conn, 7, "email", "'seven@example.jp'");
    alumnus(&conn, 8, "leave_date", "'2020-03-31'");
    alumnus(&conn, 9, "leave_date", "'2025-03-31'");
    alumnus(&conn, 10, "", "");
    conn.execute_batch(&format!(
        "INSERT INTO alumnus_contacts (alumnus_id, kind, value, created_at)
             VALUES (7, 'email', 'seven.old@example.jp', '{T}');
         INSERT INTO applications (kind, alumnus_id, opened_on, created_at, updated_at)
             VALUES ('rehire', 5, '2026-01-10', '{T}', '{T}');
         INSERT INTO applications (kind, referrer_id, candidate_email, opened_on, created_at, updated_at)
             VALUES ('referral', 1, 'six@example.jp', '2026-01-10', '{T}', '{T}'),
                    ('referral', 1, 'seven.old@example.jp', '2026-01-10', '{T}', '{T}');
         -- Rejoined after leaving: back at the company.
         INSERT INTO applications (kind, alumnus_id, opened_on, outcome, closed_on, created_at, updated_at)
             VALUES ('rehire', 8, '2021-01-10', 'rejoined', '2021-04-01', '{T}', '{T}');
         -- Rejoined once, and left again since: a candidate.
         INSERT INTO applications (kind, alumnus_id, opened_on, outcome, closed_on, created_at, updated_at)
             VALUES ('rehire', 9, '2021-01-10', 'rejoined', '2021-04-01', '{T}', '{T}');
         -- A closed application, declined: a candidate again.
         INSERT INTO applications (kind, alumnus_id, opened_on, outcome, closed_on, created_at, updated_at)
             VALUES ('rehire', 10, '2025-01-10', 'declined', '2025-02-01', '{T}', '{T}');"
    ))
    .unwrap();
    assert_eq!(ids(&conn), [1, 9, 10]);
}

#[test]
fn contacts_in_the_window_are_counted_by_direction_without_campaign_survey_or_attendance_ones() {
    let (_dir, conn) = db();
    alumnus(&conn, 1, "", "");
    conn.execute_batch(&format!(
        "INSERT INTO events (id, name, date, kind, created_at) VALUES (1, '交流会', '2025-06-01', 'mixer', '{T}');
         INSERT INTO attendance (event_id, alumnus_id, status, updated_at) VALUES (1, 1, 'attended', '{T}');
         INSERT INTO campaigns (id, name, channel, date, created_at) VALUES (1, 'news', 'newsletter', '2025-05-01', '{T}');
         INSERT INTO surveys (id, name, created_at) VALUES (1, 'after', '{T}');
         INSERT INTO contacts (id, alumnus_id, date, channel, direction, summary, created_at, campaign_id) VALUES
             (1, 1, '2025-04-01', 'phone', 'outbound', NULL, '{T}', NULL),   -- first day: counted
             (2, 1, '2026-03-31', 'email', 'inbound', NULL, '{T}', NULL),    -- last day: counted
             (3, 1, '2025-03-31', 'phone', 'outbound', NULL, '{T}', NULL),   -- before the window
             (4, 1, '2025-05-01', 'newsletter', 'outbound', 'news', '{T}', 1), -- a campaign's send
             (5, 1, '2025-05-02', 'email', 'inbound', 'opened', '{T}', 1),  -- its open
             (6, 1, '2025-06-01', 'event', 'inbound', '交流会', '{T}', NULL), -- the attendance
             (7, 1, '2025-06-05', 'other', 'inbound', 'survey', '{T}', NULL), -- the survey answer
             (8, 1, '2025-07-01', 'meeting', 'inbound', NULL, '{T}', NULL);
         INSERT INTO contacts (id, alumnus_id, date, channel, direction, created_at, planned)
             VALUES (9, 1, '2026-02-01', 'phone', 'outbound', '{T}', 1);     -- planned: not yet
         INSERT INTO survey_responses (survey_id, alumnus_id, answered_on, score, contact_id, created_at)
             VALUES (1, 1, '2025-06-05', 9, 7, '{T}');"
    ))
    .unwrap();
    let f = facts(&conn, 1);
    assert_eq!((f.inbound, f.outbound), (2, 1));
    assert_eq!(f.events, 1);
    assert_eq!(f.survey_score, Some(9));
}

#[test]
fn the_latest_survey_score_in_the_window_is_the_one_read() {
    let (_dir, conn) = db();
    alumnus(&conn, 1, "", "");
    alumnus(&conn, 2, "", "");
    alumnus(&conn, 3, "", "");
    conn.execute_batch(&format!(
        "INSERT INTO surveys (id, name, created_at) VALUES (1, 'a', '{T}'), (2, 'b', '{T}');
         INSERT INTO survey_responses (id, survey_id, alumnus_id, answered_on, score, created_at) VALUES
             (1, 1, 1, '2025-05-01', 10, '{T}'),
             (2, 2, 1, '2025-11-01', 4, '{T}'),
             (3, 2, 1, '2026-04-01', 9, '{T}'),   -- after the window
             (4, 1, 2, '2025-05-01', 7, '{T}'),
             (5, 2, 2, '2025-12-01', NULL, '{T}'), -- answered without a score
             (6, 1, 3, '2025-02-01', 10, '{T}');  -- before the window"
    ))
    .unwrap();
    assert_eq!(facts(&conn, 1).survey_score, Some(4));
    assert_eq!(facts(&conn, 2).survey_score, Some(7));
    assert_eq!(facts(&conn, 3).survey_score, None);
}

#[test]
fn campaign_clicks_and_opens_in_the_window_are_counted_once_per_campaign() {
    let (_dir, conn) = db();
    alumnus(&conn, 1, "", "");
    alumnus(&conn, 2, "", "");
    conn.execute_batch(&format!(
        "INSERT INTO campaigns (id, name, channel, date, created_at) VALUES
             (1, 'a', 'newsletter', '2025-05-01', '{T}'),
             (2, 'b', 'newsletter', '2025-08-01', '{T}'),
             (3, 'c', 'email', '2025-01-10', '{T}'),
             (4, 'd', 'email', '2025-10-01', '{T}');
         INSERT INTO campaign_recipients (campaign_id, alumnus_id, token, opened_on, clicked_on) VALUES
             (1, 1, 't1', '2025-05-01', '2025-05-02'), -- clicked (and opened)
             (2, 1, 't2', '2025-08-03', NULL),         -- opened only
             (3, 1, 't3', '2025-01-11', '2025-01-12'), -- before the window
             (4, 1, 't4', NULL, NULL),                 -- sent, nothing more
             (1, 2, 't5', '2025-03-30', '2025-04-02'); -- opened before, clicked inside"
    ))
    .unwrap();
    let f = facts(&conn, 1);
    assert_eq!((f.clicked, f.opened), (1, 1));
    let f = facts(&conn, 2);
    assert_eq!((f.clicked, f.opened), (1, 0));
}

#[test]
fn the_roster_facts_are_read_with_their_eligibility_and_days() {
    let (_dir, conn) = db();
    alumnus(
        &conn,
        1,
        "rehire_eligible, department, job_title, hire_date, leave_date",
        "'review', '営業部', '課長', '2015-04-01', 'not a day'",
    );
    let c = candidates(&conn, window()).unwrap().remove(0);
    assert_eq!(c.employee_id.as_deref(), Some("E1"));
    assert_eq!(c.name.as_deref(), Some("N1"));
    assert_eq!(c.facts.eligibility, Some(Rehire::Review));
    assert_eq!(c.facts.department.as_deref(), Some("営業部"));
    assert_eq!(c.facts.job_title.as_deref(), Some("課長"));
    assert_eq!(c.facts.hire_date, Some(date(2015, 4, 1)));
    assert_eq!(c.facts.leave_date, None);
}
