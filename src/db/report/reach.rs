//! What the KPI report and workbook read of campaigns and surveys: each
//! campaign of a period with what its delivery report said of its
//! recipients (counted, never named), and the 0–10 scores of the survey
//! responses of a period and of the surveys that followed its events.

use crate::db::sql::{Connection, params};
use anyhow::Result;
use jiff::civil::Date;

use crate::domain::Period;

/// One campaign and how many of its recipients the delivery report marked
/// each way. An open is counted for a recipient who clicked too, whether
/// or not the open was reported (a mail read with images blocked reports
/// the click alone).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CampaignCounts {
    pub id: i64,
    pub name: String,
    pub date: Date,
    /// `newsletter`, `email` or `sns`, as stored.
    pub channel: String,
    pub recipients: u64,
    pub delivered: u64,
    pub opened: u64,
    pub clicked: u64,
    pub bounced: u64,
    pub unsubscribed: u64,
}

/// The campaigns dated in `period`, by day, each with its counts.
pub fn campaigns(conn: &Connection, period: Period) -> Result<Vec<CampaignCounts>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT k.id, k.name, k.date, k.channel, {}
         FROM campaigns k LEFT JOIN campaign_recipients r ON r.campaign_id = k.id
         WHERE k.date >= ?1 AND k.date <= ?2
         GROUP BY k.id ORDER BY k.date, k.id",
        crate::db::campaigns::COUNTS
    ))?;
    let mut rows = stmt.query(params![period.from.to_string(), period.to.to_string()])?;
    let mut campaigns = Vec::new();
    while let Some(row) = rows.next()? {
        let n = |i: usize| row.get::<_, i64>(i).map(|n| n.max(0) as u64);
        campaigns.push(CampaignCounts {
            id: row.get(0)?,
            name: row.get(1)?,
            date: super::date(row.get_ref(2)?.as_str()?)?,
            channel: row.get(3)?,
            recipients: n(4)?,
            delivered: n(5)?,
            opened: n(6)?,
            clicked: n(7)?,
            bounced: n(8)?,
            unsubscribed: n(9)?,
        });
    }
    Ok(campaigns)
}

/// The scores of one survey response, with the day it was answered and
/// the event its survey followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub answered_on: Date,
    pub score: u8,
    pub event: Option<i64>,
}

/// The scored responses answered in `period`. The day is stored; a
/// timestamp after it (as a form gives) is read as its day, so the bound
/// is the day after the period, exclusive.
pub fn scores(conn: &Connection, period: Period) -> Result<Vec<Score>> {
    let mut stmt = conn.prepare(
        "SELECT r.answered_on, r.score, s.event_id
         FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
         WHERE r.score IS NOT NULL AND r.answered_on >= ?1 AND r.answered_on < ?2
         ORDER BY r.answered_on, r.id",
    )?;
    let after = period
        .to
        .tomorrow()
        .map_or_else(|_| "9999-99".to_string(), |d| d.to_string());
    let mut rows = stmt.query(params![period.from.to_string(), after])?;
    let mut scores = Vec::new();
    while let Some(row) = rows.next()? {
        scores.push(Score {
            // Only a prefix is the day: forms give a timestamp.
            answered_on: {
                let text = row.get_ref(0)?.as_str()?;
                super::date(text.get(..10).unwrap_or(text))?
            },
            score: row.get::<_, i64>(1)?.clamp(0, 10) as u8,
            event: row.get(2)?,
        });
    }
    Ok(scores)
}

/// An event held in a period and the scores of the surveys that followed
/// it, whenever they were answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventScores {
    pub id: i64,
    pub name: String,
    pub date: Date,
    pub scores: Vec<u8>,
}

/// The events held in `period` that a survey followed, by day, with every
/// score of those surveys.
pub fn event_scores(conn: &Connection, period: Period) -> Result<Vec<EventScores>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.name, e.date, r.score
         FROM events e JOIN surveys s ON s.event_id = e.id
              JOIN survey_responses r ON r.survey_id = s.id
         WHERE e.date >= ?1 AND e.date <= ?2 AND r.score IS NOT NULL
         ORDER BY e.date, e.id, r.id",
    )?;
    let mut rows = stmt.query(params![period.from.to_string(), period.to.to_string()])?;
    let mut events: Vec<EventScores> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let score = row.get::<_, i64>(3)?.clamp(0, 10) as u8;
        match events.last_mut() {
            Some(last) if last.id == id => last.scores.push(score),
            _ => events.push(EventScores {
                id,
                name: row.get(1)?,
                date: super::date(row.get_ref(2)?.as_str()?)?,
                scores: vec![score],
            }),
        }
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::report::{engagement, touches};
    use crate::domain::Engagement;
    use jiff::civil::date;

    fn fy2026() -> Period {
        Period {
            from: date(2026, 4, 1),
            to: date(2027, 3, 31),
        }
    }

    /// Five alumni. A newsletter of May 2026 went to A, B, C and D (its four
    /// sends are outbound contacts): delivered to A, B and C, bounced for D;
    /// A opened and clicked, B clicked only (no open reported), C neither;
    /// A's open and B's click are inbound contacts of the campaign. An SNS
    /// post of June went to E, with no report. E also had a phone call in
    /// July. A campaign of March 2026 is outside the year.
    fn history(conn: &Connection) {
        conn.execute_batch(
            "INSERT INTO alumni (id, name, consent, created_at, updated_at) VALUES
                 (1, 'A', 'opted_in', 'x', 'x'), (2, 'B', 'opted_in', 'x', 'x'),
                 (3, 'C', 'unknown', 'x', 'x'), (4, 'D', 'opted_in', 'x', 'x'),
                 (5, 'E', 'opted_in', 'x', 'x');
             INSERT INTO campaigns (id, name, channel, date, created_at) VALUES
                 (1, 'May news', 'newsletter', '2026-05-10', 'x'),
                 (2, 'June post', 'sns', '2026-06-01', 'x'),
                 (3, 'Old news', 'email', '2026-03-01', 'x');
             INSERT INTO contacts (id, alumnus_id, date, channel, direction, campaign_id, created_at) VALUES
                 (1, 1, '2026-05-10', 'email', 'outbound', 1, 'x'),
                 (2, 2, '2026-05-10', 'email', 'outbound', 1, 'x'),
                 (3, 3, '2026-05-10', 'email', 'outbound', 1, 'x'),
                 (4, 4, '2026-05-10', 'email', 'outbound', 1, 'x'),
                 (5, 1, '2026-05-11', 'email', 'inbound', 1, 'x'),
                 (6, 2, '2026-05-12', 'email', 'inbound', 1, 'x'),
                 (7, 5, '2026-06-01', 'sns', 'outbound', 2, 'x'),
                 (8, 5, '2026-07-01', 'phone', 'outbound', NULL, 'x');
             INSERT INTO campaign_recipients (campaign_id, alumnus_id, token, email, contact_id,
                     delivered_on, opened_on, clicked_on, bounced_on) VALUES
                 (1, 1, 't1', 'a@x', 1, '2026-05-10', '2026-05-11', '2026-05-11', NULL),
                 (1, 2, 't2', 'b@x', 2, '2026-05-10', NULL, '2026-05-12', NULL),
                 (1, 3, 't3', 'c@x', 3, '2026-05-10', NULL, NULL, NULL),
                 (1, 4, 't4', 'd@x', 4, NULL, NULL, NULL, '2026-05-10'),
                 (2, 5, 't5', NULL, 7, NULL, NULL, NULL, NULL);",
        )
        .unwrap();
    }

    #[test]
    fn engagement_counts_a_campaign_for_openers_by_default_and_for_everyone_sent_to() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("a.db")).unwrap();
        history(&conn);
        // Opened: A (open) and B (click) from the newsletter, E from the
        // phone call; C and D were only sent to, E's post counts not.
        assert_eq!(
            engagement(&conn, fy2026(), Engagement::Opened).unwrap(),
            (5, 3)
        );
        // Sent: everyone the newsletter went to, and E.
        assert_eq!(
            engagement(&conn, fy2026(), Engagement::Sent).unwrap(),
            (5, 5)
        );
        // In May alone the phone call is outside: A and B, or A to D.
        let may = Period {
            from: date(2026, 5, 1),
            to: date(2026, 5, 31),
        };
        assert_eq!(engagement(&conn, may, Engagement::Opened).unwrap(), (5, 2));
        assert_eq!(engagement(&conn, may, Engagement::Sent).unwrap(), (5, 4));
        let mut days = Vec::new();
        touches(&conn, may, Engagement::Opened, |alumnus, day, _| {
            days.push((alumnus, day.day()))
        })
        .unwrap();
        days.sort();
        assert_eq!(days, [(1, 11), (2, 12)]);
    }

    #[test]
    fn campaign_counts_are_the_recipients_marked_each_way_and_a_click_is_an_open() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("a.db")).unwrap();
        history(&conn);
        let campaigns = campaigns(&conn, fy2026()).unwrap();
        let counts: Vec<_> = campaigns
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.channel.as_str(),
                    c.recipients,
                    c.delivered,
                    c.opened,
                    c.clicked,
                    c.bounced,
                    c.unsubscribed,
                )
            })
            .collect();
        assert_eq!(
            counts,
            [
                ("May news", "newsletter", 4, 3, 2, 2, 1, 0),
                ("June post", "sns", 1, 0, 0, 0, 0, 0),
            ]
        );
        assert_eq!(campaigns[0].date, date(2026, 5, 10));
    }

    #[test]
    fn scores_are_those_answered_in_the_period_and_events_take_all_of_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("a.db")).unwrap();
        conn.execute_batch(
            "INSERT INTO alumni (id, name, created_at, updated_at) VALUES
                 (1, 'A', 'x', 'x'), (2, 'B', 'x', 'x'), (3, 'C', 'x', 'x');
             INSERT INTO events (id, name, date, kind, created_at) VALUES
                 (1, 'Reunion', '2027-03-20', 'reunion', 'x'),
                 (2, 'Talk', '2026-02-01', 'seminar', 'x');
             INSERT INTO surveys (id, name, event_id, created_at) VALUES
                 (1, 'After the reunion', 1, 'x'), (2, 'Yearly', NULL, 'x'),
                 (3, 'After the talk', 2, 'x');
             INSERT INTO survey_responses (survey_id, alumnus_id, answered_on, score, created_at) VALUES
                 (1, 1, '2027-03-25 10:00:00', 10, 'x'),
                 (1, 2, '2027-04-02', 3, 'x'),
                 (1, 3, '2027-03-26', NULL, 'x'),
                 (1, 3, '2027-03-31T18:30:00', 7, 'x'),
                 (2, 1, '2026-12-01', 8, 'x'),
                 (3, 1, '2026-04-01', 9, 'x');",
        )
        .unwrap();
        let scores: Vec<_> = scores(&conn, fy2026())
            .unwrap()
            .into_iter()
            .map(|s| (s.answered_on, s.score, s.event))
            .collect();
        assert_eq!(
            scores,
            [
                (date(2026, 4, 1), 9, Some(2)),
                (date(2026, 12, 1), 8, None),
                (date(2027, 3, 25), 10, Some(1)),
                (date(2027, 3, 31), 7, Some(1)),
            ]
        );
        // The reunion's answer of April 2027 counts for the reunion; the
        // talk was held before the year.
        let events = event_scores(&conn, fy2026()).unwrap();
        assert_eq!(
            events,
            [EventScores {
                id: 1,
                name: "Reunion".into(),
                date: date(2027, 3, 20),
                scores: vec![10, 3, 7],
            }]
        );
    }
}
