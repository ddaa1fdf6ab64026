//! Reading and writing the KPI inputs HR enters besides targets: the pass
//! rate assumed from a stage to the next (`assumed_rates`), which the
//! back-calculation uses instead of the observed one, and the company's
//! hires of each month through every channel (`all_hires`), which the
//! rehire share is taken of.

use crate::db::sql::{Connection, OptionalExtension, params};
use anyhow::Result;

use super::targets::{bounds, month_at};
use crate::domain::fiscal::Month;

/// The pass rate assumed from `stage` to the next, if one is stored.
pub fn assumed_rate(conn: &Connection, stage: &str) -> Result<Option<f64>> {
    Ok(conn
        .prepare_cached("SELECT rate FROM assumed_rates WHERE stage = ?")?
        .query_row([stage], |r| r.get(0))
        .optional()?)
}

/// Sets the pass rate assumed from `stage` to the next; returns the one it
/// replaced.
pub fn set_assumed_rate(conn: &Connection, stage: &str, rate: f64) -> Result<Option<f64>> {
    let before = assumed_rate(conn, stage)?;
    conn.prepare_cached(
        "INSERT INTO assumed_rates (stage, rate) VALUES (?, ?)
         ON CONFLICT (stage) DO UPDATE SET rate = excluded.rate",
    )?
    .execute(params![stage, rate])?;
    Ok(before)
}

/// Removes the pass rate assumed from `stage`; returns the one removed.
pub fn clear_assumed_rate(conn: &Connection, stage: &str) -> Result<Option<f64>> {
    let before = assumed_rate(conn, stage)?;
    conn.prepare_cached("DELETE FROM assumed_rates WHERE stage = ?")?
        .execute([stage])?;
    Ok(before)
}

/// One assumed pass rate, with the labels of its stage and of the stage
/// after it (none if the stage is, after a change of the stage list, the
/// last).
#[derive(Clone, Debug, PartialEq)]
pub struct RateRow {
    pub stage: String,
    pub label_en: String,
    pub label_ja: String,
    pub next: Option<(String, String, String)>,
    pub rate: f64,
}

/// Every assumed pass rate, in stage order.
pub fn assumed_rates(conn: &Connection) -> Result<Vec<RateRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.key, s.label_en, s.label_ja, n.key, n.label_en, n.label_ja, r.rate
         FROM assumed_rates r
         JOIN stages s ON s.key = r.stage
         LEFT JOIN stages n ON n.position = s.position + 1
         ORDER BY s.position",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let next: Option<String> = r.get(3)?;
            Ok(RateRow {
                stage: r.get(0)?,
                label_en: r.get(1)?,
                label_ja: r.get(2)?,
                next: match next {
                    Some(key) => Some((key, r.get(4)?, r.get(5)?)),
                    None => None,
                },
                rate: r.get(6)?,
            })
        })?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The company's hires of a month (`YYYY-MM`), if they are stored.
pub fn all_hires_of(conn: &Connection, month: Month) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT count FROM all_hires WHERE month = ?")?
        .query_row([month], |r| r.get(0))
        .optional()?)
}

/// Sets the company's hires of a month; returns the number it replaced.
pub fn set_all_hires(conn: &Connection, month: Month, count: i64) -> Result<Option<i64>> {
    let before = all_hires_of(conn, month)?;
    conn.prepare_cached(
        "INSERT INTO all_hires (month, count) VALUES (?, ?)
         ON CONFLICT (month) DO UPDATE SET count = excluded.count",
    )?
    .execute(params![month, count])?;
    Ok(before)
}

/// Removes the company's hires of a month; returns the number removed.
pub fn clear_all_hires(conn: &Connection, month: Month) -> Result<Option<i64>> {
    let before = all_hires_of(conn, month)?;
    conn.prepare_cached("DELETE FROM all_hires WHERE month = ?")?
        .execute([month])?;
    Ok(before)
}

/// The company's hires of the months `first..=last` (all of them without a
/// range), by month.
pub fn all_hires(conn: &Connection, range: Option<(Month, Month)>) -> Result<Vec<(Month, i64)>> {
    let (first, last) = bounds(range);
    let mut stmt = conn.prepare_cached(
        "SELECT month, count FROM all_hires WHERE month BETWEEN ?1 AND ?2 ORDER BY month",
    )?;
    let rows = stmt
        .query_map([first, last], |r| Ok((month_at(r, 0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Month {
        text.parse().unwrap()
    }

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("a.db")).unwrap();
        (dir, conn)
    }

    #[test]
    fn the_schema_refuses_a_rate_of_zero_or_above_one_and_a_negative_count() {
        let (_dir, conn) = db();
        for rate in [0.0, -0.5, 1.01] {
            assert!(
                set_assumed_rate(&conn, "interview", rate).is_err(),
                "{rate}"
            );
        }
        assert!(set_assumed_rate(&conn, "no_such_stage", 0.5).is_err());
        assert!(set_all_hires(&conn, m("2026-04"), -1).is_err());
        assert_eq!(assumed_rates(&conn).unwrap(), []);
        assert_eq!(all_hires(&conn, None).unwrap(), []);
    }

    #[test]
    fn rates_follow_their_stage_when_it_is_renamed() {
        let (_dir, conn) = db();
        assert_eq!(set_assumed_rate(&conn, "interview", 0.4).unwrap(), None);
        assert_eq!(
            set_assumed_rate(&conn, "interview", 0.5).unwrap(),
            Some(0.4)
        );
        set_assumed_rate(&conn, "applied", 0.8).unwrap();
        conn.execute(
            "UPDATE stages SET key = 'meeting' WHERE key = 'interview'",
            [],
        )
        .unwrap();
        let rows = assumed_rates(&conn).unwrap();
        let keys: Vec<(&str, Option<&str>, f64)> = rows
            .iter()
            .map(|r| {
                (
                    r.stage.as_str(),
                    r.next.as_ref().map(|n| n.0.as_str()),
                    r.rate,
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("applied", Some("screening"), 0.8),
                ("meeting", Some("offer"), 0.5)
            ]
        );
        assert_eq!(clear_assumed_rate(&conn, "meeting").unwrap(), Some(0.5));
        assert_eq!(clear_assumed_rate(&conn, "meeting").unwrap(), None);
    }

    #[test]
    fn all_hires_are_kept_per_month_and_listed_in_a_range() {
        let (_dir, conn) = db();
        set_all_hires(&conn, m("2026-05"), 12).unwrap();
        set_all_hires(&conn, m("2026-04"), 10).unwrap();
        assert_eq!(set_all_hires(&conn, m("2027-04"), 3).unwrap(), None);
        assert_eq!(set_all_hires(&conn, m("2027-04"), 4).unwrap(), Some(3));
        let fy = (Month::new(2026, 4).unwrap(), Month::new(2027, 3).unwrap());
        assert_eq!(
            all_hires(&conn, Some(fy)).unwrap(),
            [
                (Month::new(2026, 4).unwrap(), 10),
                (Month::new(2026, 5).unwrap(), 12)
            ]
        );
        assert_eq!(clear_all_hires(&conn, m("2027-04")).unwrap(), Some(4));
        assert_eq!(all_hires(&conn, None).unwrap().len(), 2);
    }
}
