//! What the KPI report and workbook read, in the shapes their pure
//! functions take: the applications of a period with their stage
//! histories, the pass rates assumed, the company's hires, the spend per
//! channel, the events and their attendance, and the alumni on the roster
//! and in touch (as sets of ids). Targets, rates, hires and spend are read
//! through their one reader (`targets`, `kpi_inputs`); only what no other
//! command reads has its statement here.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result};
use jiff::civil::Date;
use rusqlite::{Connection, params};

use super::{kpi_inputs, targets};
use crate::domain::{Consent, History, Kind, Outcome, Period, Stage};

/// The pass rates the user assumed, per stage key (from it to the next).
pub fn assumed_rates(conn: &Connection) -> Result<HashMap<String, f64>> {
    Ok(kpi_inputs::assumed_rates(conn)?
        .into_iter()
        .map(|r| (r.stage, r.rate))
        .collect())
}

/// The company's hires through every channel in the months of `period`;
/// none when no month of them has a number.
pub fn all_hires(conn: &Connection, period: Period) -> Result<Option<u64>> {
    let months = kpi_inputs::all_hires(conn, Some(period.months()))?;
    Ok((!months.is_empty()).then(|| months.iter().map(|(_, n)| n).sum::<i64>().max(0) as u64))
}

/// Where the money of a channel in a period was recorded. A cost is
/// recorded once, where it arises: an event's on the event, a candidate's
/// own (an agency fee) on the application, everything else as entered
/// spend; the spend of the channel is the three added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spend {
    /// `spend add`: media, ads, a fair's booth.
    pub entered: i64,
    /// `event add --cost` of the events held in the period.
    pub events: i64,
    /// `pipeline add --cost` of the applications opened in the period.
    pub applications: i64,
}

impl Spend {
    pub fn total(&self) -> i64 {
        self.entered + self.events + self.applications
    }

    /// Both added, part by part.
    pub fn plus(self, other: Spend) -> Spend {
        Spend {
            entered: self.entered + other.entered,
            events: self.events + other.events,
            applications: self.applications + other.applications,
        }
    }
}

/// Spend per channel in `period`, by channel, each part apart: the spend
/// table's amounts of its months, the cost of the events held in it (under
/// `event`) and of the applications opened in it (under the application's
/// source, else its kind).
pub fn spend_parts(conn: &Connection, period: Period) -> Result<Vec<(String, Spend)>> {
    let mut by_channel: BTreeMap<String, Spend> = BTreeMap::new();
    for row in targets::spend(conn, Some(period.months()))? {
        by_channel.entry(row.channel).or_default().entered += row.amount;
    }
    let (first, last) = (period.from.to_string(), period.to.to_string());
    let events: i64 = conn.query_row(
        "SELECT coalesce(sum(cost), 0) FROM events WHERE date >= ?1 AND date <= ?2 AND cost > 0",
        params![first, last],
        |r| r.get(0),
    )?;
    if events > 0 {
        by_channel.entry("event".to_string()).or_default().events += events;
    }
    let mut stmt = conn.prepare(
        "SELECT coalesce(source, kind), sum(cost) FROM applications
         WHERE opened_on >= ?1 AND opened_on <= ?2 AND cost > 0
         GROUP BY coalesce(source, kind)",
    )?;
    let mut rows = stmt.query(params![first, last])?;
    while let Some(row) = rows.next()? {
        by_channel.entry(row.get(0)?).or_default().applications += row.get::<_, i64>(1)?;
    }
    Ok(by_channel.into_iter().collect())
}

/// The budget of the months of `period`, summed over channels; none when
/// no month and channel has one.
pub fn budget(conn: &Connection, period: Period) -> Result<Option<i64>> {
    Ok(targets::spend(conn, Some(period.months()))?
        .iter()
        .filter_map(|row| row.budget)
        .reduce(|a, b| a + b))
}

/// One application as reports read it, with its history and what the
/// metrics group it by (the pipeline's own record is
/// [`super::pipeline::Application`]).
#[derive(Clone, Debug, Default)]
pub struct Application {
    pub id: i64,
    pub kind: Kind,
    /// The candidate: the alumnus of a rehire, the referred person of a
    /// referral.
    pub name: Option<String>,
    /// The employee ID (or `#id`) of the alumnus, for pseudonyms.
    pub person_key: String,
    pub referrer: Option<String>,
    pub source: Option<String>,
    pub department: Option<String>,
    pub position: Option<String>,
    /// The stage the application is in now, as a key.
    pub stage: Option<String>,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<Date>,
    pub cost: i64,
    /// When the alumnus (a rehire's candidate) left the company.
    pub left_on: Option<Date>,
    pub history: History,
}

impl Application {
    /// The channel an application came through: its source, else its kind.
    pub fn channel(&self) -> &str {
        self.source.as_deref().unwrap_or(self.kind.as_str())
    }
}

/// A stored day (`YYYY-MM-DD`). The exact form is read by hand, since a
/// report reads hundreds of thousands of them; anything else goes to jiff's
/// parser, which says what is wrong.
fn date(text: &str) -> Result<Date> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0i32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
        && let Ok(day) = Date::new(y as i16, m as i8, d as i8)
    {
        return Ok(day);
    }
    text.parse::<Date>()
        .with_context(|| format!("the database holds {text:?} where a date belongs"))
}

/// The applications a report of `period` needs, with the stages they
/// entered as indexes into `stages`: those opened in the period (cohort
/// counting) and those with a stage entered in it (activity counting, time
/// in stage). Planned entries and closes (dated ahead, not yet
/// confirmed) are left out: they have not happened. Each comes with its
/// whole history, so that a stage reached before the period is not
/// counted again inside it. Both sets are found
/// through indexes on the opening and entry days; nothing outside them is
/// read.
pub fn applications(
    conn: &Connection,
    stages: &[Stage],
    period: Period,
) -> Result<Vec<Application>> {
    let index: HashMap<&str, usize> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    let (first, last) = (period.from.to_string(), period.to.to_string());
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS report_applications (id INTEGER PRIMARY KEY);
         DELETE FROM temp.report_applications;",
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO temp.report_applications
             SELECT id FROM applications WHERE opened_on >= ?1 AND opened_on <= ?2
                 AND EXISTS (SELECT 1 FROM stage_events e
                             WHERE e.application_id = applications.id AND e.planned = 0)
             UNION SELECT application_id FROM stage_events
                 WHERE entered_on >= ?1 AND entered_on <= ?2 AND planned = 0",
        params![first, last],
    )?;
    // Both queries walk the chosen applications in id order (CROSS JOIN
    // keeps SQLite from scanning every stage entry instead), so each
    // application's entries are the next run of the first query's rows.
    let mut entries: Vec<(i64, usize, Date)> = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT e.application_id, e.stage, e.entered_on
         FROM temp.report_applications r CROSS JOIN stage_events e ON e.application_id = r.id
         WHERE e.planned = 0
         ORDER BY r.id, e.entered_on, e.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(&i) = index.get(row.get_ref(1)?.as_str()?) {
            entries.push((row.get(0)?, i, date(row.get_ref(2)?.as_str()?)?));
        }
    }
    let mut entries = entries.into_iter().peekable();
    let mut stmt = conn.prepare(
        "SELECT a.id, a.kind, a.source, a.department, a.opened_on,
                CASE WHEN a.close_planned THEN NULL ELSE a.outcome END,
                CASE WHEN a.close_planned THEN NULL ELSE a.closed_on END, a.cost,
                p.leave_date, coalesce(p.name, a.candidate_name),
                coalesce(p.employee_id, '#' || p.id, 'R' || a.id), r.name, a.position, a.stage
         FROM temp.report_applications s CROSS JOIN applications a ON a.id = s.id
         LEFT JOIN alumni p ON p.id = a.alumnus_id
         LEFT JOIN alumni r ON r.id = a.referrer_id
         ORDER BY s.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut applications = Vec::new();
    let optional_date = |value: rusqlite::types::ValueRef| -> Result<Option<Date>> {
        match value.as_str_or_null()? {
            Some(text) => Ok(Some(date(text)?)),
            None => Ok(None),
        }
    };
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        while entries.next_if(|(app, _, _)| *app < id).is_some() {}
        let mut history = Vec::new();
        while let Some((_, stage, day)) = entries.next_if(|(app, _, _)| *app == id) {
            history.push((stage, day));
        }
        applications.push(Application {
            id,
            kind: row.get(1)?,
            source: row.get(2)?,
            department: row.get(3)?,
            outcome: row.get(5)?,
            closed_on: optional_date(row.get_ref(6)?)?,
            cost: row.get(7)?,
            left_on: optional_date(row.get_ref(8)?)?,
            name: row.get(9)?,
            person_key: row.get(10)?,
            referrer: row.get(11)?,
            position: row.get(12)?,
            stage: row.get(13)?,
            history: History {
                opened_on: date(row.get_ref(4)?.as_str()?)?,
                entries: history,
            },
        });
    }
    conn.execute("DELETE FROM temp.report_applications", [])?;
    Ok(applications)
}

/// Invitations and attendance of the events held in `period`.
pub fn attendance(conn: &Connection, period: Period) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(a.status = 'attended'), 0) FROM attendance a
         JOIN events e ON e.id = a.event_id WHERE e.date >= ?1 AND e.date <= ?2",
        params![period.from.to_string(), period.to.to_string()],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?)
}

/// Alumni who may be contacted (not opted out, not erased), and how many of
/// them had a contact or attended an event in `window`.
pub fn engagement(conn: &Connection, window: Period) -> Result<(u64, u64)> {
    let mut engaged = Alumni::new(conn)?;
    stored_touches(conn, window, |alumnus, _, _| {
        engaged.insert(alumnus);
        Ok(())
    })?;
    Ok(engaged.contactable(&Roster::read(conn)?))
}

/// How an alumnus was in touch on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Touch {
    Contact,
    Attended,
}

/// Every contact and event attended in `span`, as (alumnus, day, how):
/// read through the indexes on the days, in one pass, so that the counts
/// of a year over millions of contacts need no lookup per alumnus.
pub fn touches(
    conn: &Connection,
    span: Period,
    mut each: impl FnMut(i64, Date, Touch),
) -> Result<()> {
    stored_touches(conn, span, |alumnus, day, how| {
        each(alumnus, date(day)?, how);
        Ok(())
    })
}

/// [`touches`] with the days as stored, for counts that do not need them.
fn stored_touches(
    conn: &Connection,
    span: Period,
    mut each: impl FnMut(i64, &str, Touch) -> Result<()>,
) -> Result<()> {
    let (first_day, last_day) = (span.from.to_string(), span.to.to_string());
    let mut stmt = conn.prepare(
        "SELECT alumnus_id, date FROM contacts WHERE date >= ?1 AND date <= ?2 AND planned = 0",
    )?;
    let mut rows = stmt.query(params![first_day, last_day])?;
    while let Some(row) = rows.next()? {
        each(row.get(0)?, row.get_ref(1)?.as_str()?, Touch::Contact)?;
    }
    let mut stmt = conn.prepare(
        "SELECT a.alumnus_id, e.date FROM events e JOIN attendance a ON a.event_id = e.id
         WHERE e.date >= ?1 AND e.date <= ?2 AND a.status = 'attended'",
    )?;
    let mut rows = stmt.query(params![first_day, last_day])?;
    while let Some(row) = rows.next()? {
        each(row.get(0)?, row.get_ref(1)?.as_str()?, Touch::Attended)?;
    }
    Ok(())
}

/// A set of alumni, as bits indexed by id.
#[derive(Clone, Debug)]
pub struct Alumni {
    bits: Vec<u64>,
}

impl Alumni {
    /// An empty set with room for every alumnus of the database.
    pub fn new(conn: &Connection) -> Result<Alumni> {
        let max: Option<i64> = conn.query_row("SELECT max(id) FROM alumni", [], |r| r.get(0))?;
        let words = max.unwrap_or(0).max(0) as usize / 64 + 1;
        Ok(Alumni {
            bits: vec![0; words],
        })
    }

    pub fn insert(&mut self, id: i64) {
        let Ok(id) = usize::try_from(id) else { return };
        if let Some(word) = self.bits.get_mut(id / 64) {
            *word |= 1 << (id % 64);
        }
    }

    pub fn len(&self) -> u64 {
        self.bits.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (alumni who may be contacted, how many of them are in this set).
    pub fn contactable(mut self, roster: &Roster) -> (u64, u64) {
        for (word, excluded) in self.bits.iter_mut().zip(&roster.excluded.bits) {
            *word &= !excluded;
        }
        (roster.contactable, self.len())
    }
}

/// The roster as the alumni metrics count it, read in one pass.
#[derive(Clone, Debug)]
pub struct Roster {
    /// Alumni not erased.
    pub on_roster: u64,
    pub opted_in: u64,
    /// Alumni neither erased nor opted out.
    pub contactable: u64,
    /// Those who may not be contacted.
    excluded: Alumni,
}

impl Roster {
    pub fn read(conn: &Connection) -> Result<Roster> {
        let mut excluded = Alumni::new(conn)?;
        let (mut on_roster, mut opted_in, mut contactable) = (0, 0, 0);
        let mut stmt = conn.prepare("SELECT id, consent, erased_at IS NOT NULL FROM alumni")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let consent: Consent = row.get(1)?;
            let erased: bool = row.get(2)?;
            if !erased {
                on_roster += 1;
                opted_in += u64::from(consent == Consent::OptedIn);
            }
            if erased || consent == Consent::OptedOut {
                excluded.insert(row.get(0)?);
            } else {
                contactable += 1;
            }
        }
        Ok(Roster {
            on_roster,
            opted_in,
            contactable,
            excluded,
        })
    }
}

/// The events held in `period`, as (name, day), by day.
pub fn events(conn: &Connection, period: Period) -> Result<Vec<(String, Date)>> {
    let mut stmt = conn.prepare(
        "SELECT name, date FROM events WHERE date >= ?1 AND date <= ?2 ORDER BY date, id",
    )?;
    let mut rows = stmt.query(params![period.from.to_string(), period.to.to_string()])?;
    let mut events = Vec::new();
    while let Some(row) = rows.next()? {
        let day: String = row.get(1)?;
        if let Ok(day) = day.parse::<Date>() {
            events.push((row.get(0)?, day));
        }
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_days_are_read_and_bad_ones_named() {
        assert_eq!(date("2026-04-01").unwrap(), jiff::civil::date(2026, 4, 1));
        assert_eq!(date("2028-02-29").unwrap(), jiff::civil::date(2028, 2, 29));
        assert!(date("2027-02-29").is_err());
        assert!(date("2026-4-1").is_err());
        let err = format!("{:#}", date("2026/04/01").unwrap_err());
        assert!(err.contains("2026/04/01"), "{err}");
    }

    fn totals(parts: Vec<(String, Spend)>) -> Vec<(String, i64)> {
        parts.into_iter().map(|(c, s)| (c, s.total())).collect()
    }

    #[test]
    fn spend_adds_event_and_application_costs_to_the_spend_of_the_months() {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("a.db")).unwrap();
        conn.execute_batch(
            "INSERT INTO spend (month, channel, budget, amount) VALUES
                 ('2026-04', 'fair', 90000, 50000), ('2026-05', 'event', NULL, 1000),
                 ('2026-06', 'sns', 5000, 0), ('2026-07', 'fair', NULL, 7);
             INSERT INTO events (name, date, kind, cost, created_at) VALUES
                 ('Reunion', '2026-05-20', 'reunion', 30000, 'x'),
                 ('Free talk', '2026-05-21', 'seminar', 0, 'x');
             INSERT INTO alumni (name, created_at, updated_at) VALUES ('A', 'x', 'x');
             INSERT INTO applications (kind, alumnus_id, source, opened_on, cost, created_at, updated_at)
                 VALUES ('rehire', 1, NULL, '2026-04-10', 200, 'x', 'x'),
                        ('rehire', 1, 'fair', '2026-06-30', 3, 'x', 'x'),
                        ('rehire', 1, 'agency', '2026-07-01', 9, 'x', 'x');",
        )
        .unwrap();
        let april_to_june = Period {
            from: jiff::civil::date(2026, 4, 1),
            to: jiff::civil::date(2026, 6, 30),
        };
        assert_eq!(
            totals(spend_parts(&conn, april_to_june).unwrap()),
            [
                ("event".to_string(), 31000),
                ("fair".to_string(), 50003),
                ("rehire".to_string(), 200),
                ("sns".to_string(), 0),
            ]
        );
        assert_eq!(budget(&conn, april_to_june).unwrap(), Some(95000));
        let parts = spend_parts(&conn, april_to_june).unwrap();
        let part = |channel: &str| parts.iter().find(|(c, _)| c == channel).unwrap().1;
        assert_eq!(
            part("event"),
            Spend {
                entered: 1000,
                events: 30000,
                applications: 0
            }
        );
        assert_eq!(
            part("fair"),
            Spend {
                entered: 50000,
                events: 0,
                applications: 3
            }
        );
        assert_eq!(part("rehire").applications, 200);
        let august = Period {
            from: jiff::civil::date(2026, 8, 1),
            to: jiff::civil::date(2026, 8, 31),
        };
        assert_eq!(spend_parts(&conn, august).unwrap(), []);
        assert_eq!(budget(&conn, august).unwrap(), None);
    }
}
