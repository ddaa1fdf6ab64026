//! What the KPI report and workbook read, in the shapes their pure
//! functions take: the applications of a period with their stage
//! histories, the pass rates assumed, the company's hires, the spend per
//! channel, the events and their attendance, and the alumni on the roster
//! and in touch (as sets of ids). Targets, rates, hires and spend are read
//! through their one reader (`targets`, `kpi_inputs`); only what no other
//! command reads has its statement here. What campaigns reached and what
//! surveys scored are read in [`reach`].

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use crate::db::sql::types::Array;
use crate::db::sql::{Connection, params};
use anyhow::{Context, Result};
use jiff::civil::Date;

use super::{kpi_inputs, targets};
use crate::domain::{Consent, Engagement, History, Kind, Outcome, Period, Stage};

pub mod reach;

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

/// The table `r` of the ids bound as `?1` (an [`Array`]), one per row in
/// the column `value`: SQLite's `rarray`, PostgreSQL's `unnest` of the
/// bigint array the list binds as. It is joined with CROSS JOIN, which
/// keeps it the outer loop on SQLite; PostgreSQL takes no ON after a
/// CROSS JOIN, so the join's condition is in the WHERE.
fn id_list(conn: &Connection) -> &'static str {
    conn.pick("rarray(?1) r", "unnest(CAST(?1 AS BIGINT[])) AS r(value)")
}

/// How much of the people behind each application a read brings along.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum People {
    /// Only the day the alumnus left, and only for applications that reached
    /// the last stage: all the report's metrics use (the months from leaving
    /// to rejoining). Names, referrers and person keys are left empty.
    LeftOfHires,
    /// The candidate's name, the referrer's name, the person key and the day
    /// the alumnus left, for every application: the workbook's data sheet.
    All,
}

/// What an application row names of its people, read from `alumni`.
#[derive(Clone, Debug, Default)]
struct Person {
    name: Option<String>,
    employee_id: Option<String>,
    left_on: Option<Date>,
}

/// The applications a report of `period` needs, with the stages they
/// entered as indexes into `stages`: those opened in the period (cohort
/// counting) and those with a stage entered in it (activity counting, time
/// in stage). Planned entries and closes (dated ahead, not yet
/// confirmed) are left out: they have not happened. Each comes with its
/// whole history, so that a stage reached before the period is not
/// counted again inside it, and with the people `people` asks for.
///
/// Everything is read from indexes that hold what is asked of them
/// (migration 8), in three passes: the stage entries of the applications
/// of the period, chosen by the database, then the rows and the people of
/// the applications the entries name, each by the sorted ids (the
/// `rarray` table of a list), so that no statement runs per application
/// and the million-row alumni table is visited in id order.
pub fn applications(
    conn: &Connection,
    stages: &[Stage],
    period: Period,
    people: People,
) -> Result<Vec<Application>> {
    let index: HashMap<&str, usize> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    let (first, last) = (period.from.to_string(), period.to.to_string());
    // The entries as (application, day, entry id, stage), of the
    // applications opened in the period or with a stage entered in it, read
    // in one statement: an application with no confirmed entry has none to
    // count. They are put in the order of the applications, their days and
    // their ids within a day, whatever order the rows come in; the
    // applications are those the entries name.
    let mut entries: Vec<(i64, Date, i64, usize)> = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT e.application_id, e.stage, e.entered_on, e.id FROM stage_events e
         WHERE e.planned = 0 AND e.application_id IN (
             SELECT id FROM applications WHERE opened_on >= ?1 AND opened_on <= ?2
             UNION ALL
             SELECT application_id FROM stage_events
             WHERE entered_on >= ?1 AND entered_on <= ?2 AND planned = 0)",
    )?;
    let mut rows = stmt.query(params![first, last])?;
    let mut ids: Vec<i64> = Vec::new();
    while let Some(row) = rows.next()? {
        let application = row.get(0)?;
        ids.push(application);
        let Some(&stage) = index.get(row.get_ref(1)?.as_str()?) else {
            continue;
        };
        entries.push((
            application,
            date(row.get_ref(2)?.as_str()?)?,
            row.get(3)?,
            stage,
        ));
    }
    entries.sort_unstable();
    ids.sort_unstable();
    ids.dedup();
    let list = |ids: &[i64]| -> Array { Rc::new(ids.to_vec()) };
    let chosen = list(&ids);
    let mut entries = entries.into_iter().peekable();

    let optional_date = |value: crate::db::sql::types::ValueRef| -> Result<Option<Date>> {
        match value.as_str_or_null()? {
            Some(text) => Ok(Some(date(text)?)),
            None => Ok(None),
        }
    };
    // The applications in id order, each with its alumnus and referrer.
    let mut applications: Vec<Application> = Vec::with_capacity(ids.len());
    let mut links: Vec<(Option<i64>, Option<i64>)> = Vec::with_capacity(ids.len());
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.kind, a.source, a.department, a.opened_on,
                CASE WHEN a.close_planned = 1 THEN NULL ELSE a.outcome END,
                CASE WHEN a.close_planned = 1 THEN NULL ELSE a.closed_on END, a.cost,
                a.candidate_name, a.position, a.stage, a.alumnus_id, a.referrer_id
         FROM {} CROSS JOIN applications a WHERE a.id = r.value
         ORDER BY a.id",
        id_list(conn)
    ))?;
    let mut rows = stmt.query([&chosen])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        while entries.next_if(|(of, ..)| *of < id).is_some() {}
        let mut history = Vec::new();
        while let Some((_, day, _, stage)) = entries.next_if(|(of, ..)| *of == id) {
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
            name: row.get(8)?,
            position: row.get(9)?,
            stage: row.get(10)?,
            history: History {
                opened_on: date(row.get_ref(4)?.as_str()?)?,
                entries: history,
            },
            ..Application::default()
        });
        links.push((row.get(11)?, row.get(12)?));
    }

    let last_stage = stages.len().checked_sub(1);
    let mut wanted: Vec<i64> = Vec::new();
    for (application, (alumnus, referrer)) in applications.iter().zip(&links) {
        match people {
            People::All => wanted.extend(alumnus.iter().chain(referrer)),
            People::LeftOfHires => {
                if last_stage.is_some() && application.history.furthest() == last_stage {
                    wanted.extend(alumnus);
                }
            }
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    let mut persons: HashMap<i64, Person> = HashMap::with_capacity(wanted.len());
    let mut stmt = conn.prepare(&format!(
        "SELECT p.id, p.name, p.employee_id, p.leave_date
         FROM {} CROSS JOIN alumni p WHERE p.id = r.value",
        id_list(conn)
    ))?;
    let mut rows = stmt.query([&list(&wanted)])?;
    while let Some(row) = rows.next()? {
        let person = Person {
            name: row.get(1)?,
            employee_id: row.get(2)?,
            left_on: optional_date(row.get_ref(3)?)?,
        };
        persons.insert(row.get(0)?, person);
    }

    for (application, (alumnus, referrer)) in applications.iter_mut().zip(links) {
        let candidate = alumnus.and_then(|id| persons.get(&id).map(|p| (id, p)));
        application.left_on = candidate.and_then(|(_, p)| p.left_on);
        if people == People::LeftOfHires {
            application.name = None;
            continue;
        }
        // As the names were always read: the alumnus's name, else the referred
        // candidate's; the employee ID, else `#` and the alumnus's id, else `R`
        // and the application's.
        if let Some(name) = candidate.and_then(|(_, p)| p.name.as_ref()) {
            application.name = Some(name.clone());
        }
        application.person_key = match candidate {
            Some((
                _,
                Person {
                    employee_id: Some(key),
                    ..
                },
            )) => key.clone(),
            Some((id, _)) => format!("#{id}"),
            None => format!("R{}", application.id),
        };
        application.referrer = referrer
            .and_then(|id| persons.get(&id))
            .and_then(|p| p.name.clone());
    }
    Ok(applications)
}

/// Invitations and attendance of the events held in `period`.
pub fn attendance(conn: &Connection, period: Period) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(CASE WHEN a.status = 'attended' THEN 1 ELSE 0 END), 0) FROM attendance a
         JOIN events e ON e.id = a.event_id WHERE e.date >= ?1 AND e.date <= ?2",
        params![period.from.to_string(), period.to.to_string()],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?)
}

/// Alumni who may be contacted (not opted out, not erased), and how many of
/// them had a contact or attended an event in `window`; a campaign's sends
/// count only under `rule` [`Engagement::Sent`].
pub fn engagement(conn: &Connection, window: Period, rule: Engagement) -> Result<(u64, u64)> {
    Ok(engagements(conn, &[window], rule)?
        .pop()
        .unwrap_or_default())
}

/// [`engagement`] of each of `windows`, from one pass over the contacts and
/// attendance of all of them: `kpi --by month` asks for twelve windows of a
/// year each, which overlap by eleven months.
pub fn engagements(
    conn: &Connection,
    windows: &[Period],
    rule: Engagement,
) -> Result<Vec<(u64, u64)>> {
    let Some(span) = windows.iter().copied().reduce(|a, b| Period {
        from: a.from.min(b.from),
        to: a.to.max(b.to),
    }) else {
        return Ok(Vec::new());
    };
    // The stored days compared as text, as the statement compares them.
    let bounds: Vec<(String, String)> = windows
        .iter()
        .map(|w| (w.from.to_string(), w.to.to_string()))
        .collect();
    let mut engaged = vec![Alumni::new(conn)?; windows.len()];
    if let [set] = engaged.as_mut_slice() {
        // One window, the span itself: every touch read is in it, so the
        // days need not be read at all.
        stored_touches(conn, span, rule, Days::Left, |alumnus, _, _| {
            set.insert(alumnus);
            Ok(())
        })?;
    } else {
        stored_touches(conn, span, rule, Days::Read, |alumnus, day, _| {
            for (set, (from, to)) in engaged.iter_mut().zip(&bounds) {
                if from.as_str() <= day && day <= to.as_str() {
                    set.insert(alumnus);
                }
            }
            Ok(())
        })?;
    }
    let roster = Roster::read(conn)?;
    Ok(engaged
        .into_iter()
        .map(|set| set.contactable(&roster))
        .collect())
}

/// How an alumnus was in touch on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Touch {
    Contact,
    Attended,
}

/// Every contact and event attended in `span`, as (alumnus, day, how):
/// read through the indexes on the days, in one pass, so that the counts
/// of a year over millions of contacts need no lookup per alumnus. The
/// outbound contacts of campaigns (their sends) are touches only under
/// `rule` [`Engagement::Sent`]; their inbound ones (an open, a click)
/// always are.
pub fn touches(
    conn: &Connection,
    span: Period,
    rule: Engagement,
    mut each: impl FnMut(i64, Date, Touch),
) -> Result<()> {
    stored_touches(conn, span, rule, Days::Read, |alumnus, day, how| {
        each(alumnus, date(day)?, how);
        Ok(())
    })
}

/// Whether [`stored_touches`] reads the days of the touches, or leaves
/// them out (and gives an empty day) for a count that needs only who: a
/// million rows of a year cost half as much to send without them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Days {
    Read,
    Left,
}

/// [`touches`] with the days as stored, for counts that do not need them
/// parsed.
fn stored_touches(
    conn: &Connection,
    span: Period,
    rule: Engagement,
    days: Days,
    mut each: impl FnMut(i64, &str, Touch) -> Result<()>,
) -> Result<()> {
    let (first_day, last_day) = (span.from.to_string(), span.to.to_string());
    let sends = match rule {
        Engagement::Sent => Vec::new(),
        Engagement::Opened => campaign_sends(conn, span)?,
    };
    // The index on the days holds the contact's id too, so leaving the
    // sends out costs no visit to the contacts' rows; the columns not
    // needed are not asked for.
    let columns = match (days, sends.is_empty()) {
        (Days::Read, true) => "alumnus_id, date",
        (Days::Read, false) => "alumnus_id, date, id",
        (Days::Left, true) => "alumnus_id",
        (Days::Left, false) => "alumnus_id, id",
    };
    let id_at = if days == Days::Read { 2 } else { 1 };
    let mut stmt = conn.prepare(&format!(
        "SELECT {columns} FROM contacts
         WHERE date >= ?1 AND date <= ?2 AND planned = 0"
    ))?;
    let mut rows = stmt.query(params![first_day, last_day])?;
    while let Some(row) = rows.next()? {
        if !sends.is_empty() && sends.binary_search(&row.get(id_at)?).is_ok() {
            continue;
        }
        let day = match days {
            Days::Read => row.get_ref(1)?.as_str()?,
            Days::Left => "",
        };
        each(row.get(0)?, day, Touch::Contact)?;
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

const CAMPAIGN_SENDS: &str = "SELECT c.id FROM campaigns k CROSS JOIN contacts c
     WHERE c.campaign_id = k.id AND k.date >= ?1 AND k.date <= ?2
       AND c.direction = 'outbound' AND c.date >= ?1 AND c.date <= ?2";

/// The ids of the outbound contacts of campaigns in `span`, sorted. A
/// campaign logs its sends on its own day, so they are read from the
/// campaigns of the span (CROSS JOIN keeps them the outer loop) through
/// the index on `contacts.campaign_id`: a database without campaigns reads
/// nothing, rather than every contact of the span.
fn campaign_sends(conn: &Connection, span: Period) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(CAMPAIGN_SENDS)?;
    let mut ids = stmt
        .query_map(params![span.from.to_string(), span.to.to_string()], |r| {
            r.get::<_, i64>(0)
        })?
        .collect::<crate::db::sql::Result<Vec<i64>>>()?;
    ids.sort_unstable();
    Ok(ids)
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
    /// Counted by consent over the alumni not erased, and the excluded ones
    /// listed by id, all from the index on erasure and consent (migration
    /// 8): the roster's rows, a million of them, are never visited.
    pub fn read(conn: &Connection) -> Result<Roster> {
        let mut excluded = Alumni::new(conn)?;
        let (mut on_roster, mut opted_in, mut opted_out) = (0, 0, 0);
        let mut stmt = conn.prepare(
            "SELECT consent, count(*) FROM alumni WHERE erased_at IS NULL GROUP BY consent",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let consent: Consent = row.get(0)?;
            let n = row.get::<_, i64>(1)? as u64;
            on_roster += n;
            match consent {
                Consent::OptedIn => opted_in += n,
                Consent::OptedOut => opted_out += n,
                Consent::Unknown => {}
            }
        }
        let mut stmt = conn.prepare(
            "SELECT id FROM alumni WHERE erased_at IS NOT NULL
             UNION ALL SELECT id FROM alumni WHERE erased_at IS NULL AND consent = ?1",
        )?;
        let mut rows = stmt.query([Consent::OptedOut.as_str()])?;
        while let Some(row) = rows.next()? {
            excluded.insert(row.get(0)?);
        }
        Ok(Roster {
            on_roster,
            opted_in,
            contactable: on_roster - opted_out,
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

    /// Three applications of April 2026: a rehire of Aoki (E1) that rejoined,
    /// with two entries on one day and a planned one; a referral by Aoki of
    /// Sato, open; and a rehire of Ito (no employee ID), open. One more,
    /// of 2025, is outside the period.
    fn three_applications(conn: &Connection) {
        conn.execute_batch(
            "INSERT INTO alumni (id, employee_id, name, leave_date, created_at, updated_at) VALUES
                 (1, 'E1', 'Aoki', '2024-03-31', 'x', 'x'),
                 (2, NULL, 'Ito', '2023-09-30', 'x', 'x');
             INSERT INTO applications (id, kind, alumnus_id, referrer_id, candidate_name, opened_on,
                                       created_at, updated_at) VALUES
                 (10, 'rehire', 1, NULL, NULL, '2026-04-01', 'x', 'x'),
                 (11, 'referral', NULL, 1, 'Sato', '2026-04-02', 'x', 'x'),
                 (12, 'rehire', 2, NULL, NULL, '2026-04-03', 'x', 'x'),
                 (13, 'rehire', 2, NULL, NULL, '2025-04-03', 'x', 'x');
             INSERT INTO stage_events (id, application_id, stage, entered_on, planned, created_at) VALUES
                 (1, 10, 'contacted', '2026-04-01', 0, 'x'),
                 (3, 10, 'offer', '2026-04-20', 0, 'x'),
                 (2, 10, 'interview', '2026-04-20', 0, 'x'),
                 (4, 10, 'rejoined', '2026-04-30', 0, 'x'),
                 (5, 11, 'applied', '2026-04-02', 0, 'x'),
                 (6, 11, 'offer', '2026-04-25', 1, 'x'),
                 (7, 12, 'contacted', '2026-04-03', 0, 'x'),
                 (8, 13, 'contacted', '2025-04-03', 0, 'x');",
        )
        .unwrap();
    }

    fn april() -> Period {
        Period {
            from: jiff::civil::date(2026, 4, 1),
            to: jiff::civil::date(2026, 4, 30),
        }
    }

    #[test]
    fn applications_come_with_their_histories_in_day_order_and_the_people_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("a.db")).unwrap();
        three_applications(&conn);
        let stages = super::super::pipeline::stages::all(&conn).unwrap();
        let d = |m, day| jiff::civil::date(2026, m, day);
        // Read twice on one connection: the list table is registered again.
        for _ in 0..2 {
            let all = applications(&conn, &stages, april(), People::All).unwrap();
            let ids: Vec<i64> = all.iter().map(|a| a.id).collect();
            assert_eq!(ids, [10, 11, 12]);
            // Same-day entries in the order they were made; the planned offer left out.
            assert_eq!(
                all[0].history.entries,
                [(0, d(4, 1)), (4, d(4, 20)), (5, d(4, 20)), (7, d(4, 30))]
            );
            assert_eq!(all[1].history.entries, [(2, d(4, 2))]);
            let people: Vec<_> = all
                .iter()
                .map(|a| {
                    (
                        a.name.as_deref(),
                        a.person_key.as_str(),
                        a.referrer.as_deref(),
                        a.left_on,
                    )
                })
                .collect();
            assert_eq!(
                people,
                [
                    (
                        Some("Aoki"),
                        "E1",
                        None,
                        Some(jiff::civil::date(2024, 3, 31))
                    ),
                    (Some("Sato"), "R11", Some("Aoki"), None),
                    (
                        Some("Ito"),
                        "#2",
                        None,
                        Some(jiff::civil::date(2023, 9, 30))
                    ),
                ]
            );
            let counts = applications(&conn, &stages, april(), People::LeftOfHires).unwrap();
            let people: Vec<_> = counts
                .iter()
                .map(|a| (a.id, a.name.as_deref(), a.left_on))
                .collect();
            // Only the hire's leaving day, which its metrics use.
            assert_eq!(
                people,
                [
                    (10, None, Some(jiff::civil::date(2024, 3, 31))),
                    (11, None, None),
                    (12, None, None),
                ]
            );
        }
    }

    #[test]
    fn the_sends_of_campaigns_are_read_from_the_campaigns_not_from_every_contact() {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("a.db")).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {CAMPAIGN_SENDS}"))
            .unwrap()
            .query_map(["2026-04-01", "2027-03-31"], |r| r.get(3))
            .unwrap()
            .collect::<crate::db::sql::Result<_>>()
            .unwrap();
        assert!(plan[0].contains("campaigns_date"), "{plan:?}");
        assert!(plan[1].contains("contacts_campaign"), "{plan:?}");
    }

    #[test]
    fn the_roster_is_counted_by_consent_without_the_erased() {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("a.db")).unwrap();
        conn.execute_batch(
            "INSERT INTO alumni (id, name, consent, erased_at, created_at, updated_at) VALUES
                 (1, 'A', 'opted_in', NULL, 'x', 'x'),
                 (2, 'B', 'opted_out', NULL, 'x', 'x'),
                 (3, 'C', 'unknown', NULL, 'x', 'x'),
                 (4, NULL, 'opted_in', '2026-01-01T00:00:00Z', 'x', 'x'),
                 (5, 'E', 'opted_in', NULL, 'x', 'x');
             INSERT INTO contacts (alumnus_id, date, channel, created_at) VALUES
                 (1, '2026-04-01', 'email', 'x'), (2, '2026-04-01', 'email', 'x'),
                 (4, '2026-04-01', 'email', 'x'), (3, '2026-05-01', 'email', 'x');
             INSERT INTO contacts (alumnus_id, date, channel, planned, created_at) VALUES
                 (5, '2026-04-02', 'meeting', 1, 'x');",
        )
        .unwrap();
        let roster = Roster::read(&conn).unwrap();
        assert_eq!(
            (roster.on_roster, roster.opted_in, roster.contactable),
            (4, 2, 3)
        );
        // Of those who may be contacted, A in April, A and C in April to May;
        // B opted out, the fourth was erased, E's meeting is only planned.
        let may = Period {
            from: jiff::civil::date(2026, 5, 1),
            to: jiff::civil::date(2026, 5, 31),
        };
        let april_to_may = Period {
            from: april().from,
            to: may.to,
        };
        let rule = Engagement::Opened;
        assert_eq!(engagement(&conn, april(), rule).unwrap(), (3, 1));
        assert_eq!(
            engagements(&conn, &[april(), may, april_to_may], rule).unwrap(),
            [(3, 1), (3, 1), (3, 2)]
        );
        assert_eq!(engagements(&conn, &[], rule).unwrap(), []);
    }
}
